package httpapi_test

import (
	"context"
	"testing"

	"github.com/hiregate/hiregate/server/apidoc/apitest"
	"github.com/hiregate/hiregate/server/httpapi"
)

// TestRoutesDocumented checks the router against the document served at
// /openapi.json, both ways. Both are built from one route table, so this
// holds the builders, not two hand-kept lists, to each other.
func TestRoutesDocumented(t *testing.T) {
	e := newEnv(t)
	var registered []apitest.Route
	for _, r := range e.router.Routes() {
		registered = append(registered, apitest.Route{Method: r.Method, Path: r.Path})
	}
	doc, err := apitest.Load(context.Background(), httpapi.Spec())
	if err != nil {
		t.Fatal(err)
	}
	undocumented, unregistered := apitest.Diff(registered, documentedRoutes(doc))
	for _, r := range undocumented {
		t.Errorf("route %s %s is not in openapi.json", r.Method, r.Path)
	}
	for _, r := range unregistered {
		t.Errorf("openapi.json documents %s %s, which the router does not serve", r.Method, r.Path)
	}
}
