// Package apidoc is hiregate's API documentation: the OpenAPI 3.0.3
// document, Swagger UI served from files embedded in the binary, and the
// Operation type of the route table (server/httpapi) from which both the
// router and the document are built, so the two cannot drift apart.
//
// Schemas take their enums and limits from shared/hiregate. The tests hold
// the document to the contract (API.md) and each schema to its Go type,
// field by field, both ways; the server's tests send their traffic through
// apitest's validating transport (kin-openapi, test-only, never in the
// server binary).
//
// Swagger UI is swagger-ui-dist from npm, trimmed to the bundle, the CSS,
// the icons and the licence. To upgrade: npm pack swagger-ui-dist@5, copy
// swagger-ui-bundle.js (with its .LICENSE.txt), swagger-ui.css,
// favicon-16x16.png, favicon-32x32.png, LICENSE and NOTICE into swaggerui/,
// and run the browser test (browser/run.sh).
package apidoc
