// Package apidoc is hiregate's API documentation: the OpenAPI 3.0.3
// document, Swagger UI served from files embedded in the binary, and the
// tools that keep the document honest.
//
// The route table in spec.go is the one source of truth. The document
// (Spec, served at /openapi.json) and the route list (Operations) are both
// derived from it, with schemas whose enums and limits come from
// shared/hiregate. The tests hold it to the contract (API.md) and each
// schema to its Go type, field by field, both ways. The server's tests
// compare gin's routes with Operations through Diff, and send their traffic
// through Validator.Transport, so the document cannot drift from what the
// server does.
//
// Swagger UI is swagger-ui-dist from npm, trimmed to the bundle, the CSS,
// the icons and the licence. To upgrade: npm pack swagger-ui-dist@5, copy
// swagger-ui-bundle.js (with its .LICENSE.txt), swagger-ui.css,
// favicon-16x16.png, favicon-32x32.png, LICENSE and NOTICE into swaggerui/,
// and run the browser test (browser/run.sh).
package apidoc
