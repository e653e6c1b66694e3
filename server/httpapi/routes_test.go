package httpapi_test

import (
	"testing"

	"github.com/hiregate/hiregate/server/apidoc"
)

// TestRoutesDocumented checks the OpenAPI document both ways: every route
// the router serves is documented and every documented operation is served.
func TestRoutesDocumented(t *testing.T) {
	e := newEnv(t)
	var registered []apidoc.Route
	for _, r := range e.router.Routes() {
		registered = append(registered, apidoc.Route{Method: r.Method, Path: r.Path})
	}
	undocumented, unregistered := apidoc.Diff(registered, apidoc.Operations())
	for _, r := range undocumented {
		t.Errorf("route %s %s is not in openapi.json", r.Method, r.Path)
	}
	for _, r := range unregistered {
		t.Errorf("openapi.json documents %s %s, which the router does not serve", r.Method, r.Path)
	}
}
