package apitest_test

import (
	"reflect"
	"testing"

	"github.com/hiregate/hiregate/server/apidoc/apitest"
)

func TestDiff(t *testing.T) {
	type R = apitest.Route
	tests := []struct {
		name                       string
		registered, documented     []R
		undocumented, unregistered []R
	}{
		{name: "Empty"},
		{
			name:       "Same",
			registered: []R{{"GET", "/jobs"}, {"POST", "/jobs"}},
			documented: []R{{"POST", "/jobs"}, {"GET", "/jobs"}},
		},
		{
			name:         "Undocumented",
			registered:   []R{{"GET", "/jobs"}, {"DELETE", "/jobs/:id"}, {"GET", "/debug/pprof"}},
			documented:   []R{{"GET", "/jobs"}},
			undocumented: []R{{"GET", "/debug/pprof"}, {"DELETE", "/jobs/:id"}},
		},
		{
			name:         "Unregistered",
			registered:   []R{{"GET", "/jobs"}},
			documented:   []R{{"GET", "/jobs"}, {"PATCH", "/jobs/:id"}},
			unregistered: []R{{"PATCH", "/jobs/:id"}},
		},
		{
			name:         "BothWays",
			registered:   []R{{"GET", "/a"}, {"GET", "/b"}},
			documented:   []R{{"GET", "/b"}, {"GET", "/c"}},
			undocumented: []R{{"GET", "/a"}},
			unregistered: []R{{"GET", "/c"}},
		},
		{
			name:         "MethodMatters",
			registered:   []R{{"PUT", "/jobs/:id"}},
			documented:   []R{{"PATCH", "/jobs/:id"}},
			undocumented: []R{{"PUT", "/jobs/:id"}},
			unregistered: []R{{"PATCH", "/jobs/:id"}},
		},
		{
			name:       "ParamNamesAndMethodCaseIgnored",
			registered: []R{{"GET", "/jobs/:jobID/applications"}},
			documented: []R{{"get", "/jobs/:id/applications"}},
		},
		{
			name:         "ParamIsNotLiteral",
			registered:   []R{{"GET", "/applications/my"}},
			documented:   []R{{"GET", "/applications/:id"}},
			undocumented: []R{{"GET", "/applications/my"}},
			unregistered: []R{{"GET", "/applications/:id"}},
		},
		{
			name:         "CatchAllIsNotParam",
			registered:   []R{{"GET", "/docs/*filepath"}},
			documented:   []R{{"GET", "/docs/:asset"}},
			undocumented: []R{{"GET", "/docs/*filepath"}},
			unregistered: []R{{"GET", "/docs/:asset"}},
		},
		{
			name:         "TrailingSlashMatters",
			registered:   []R{{"GET", "/jobs/"}},
			documented:   []R{{"GET", "/jobs"}},
			undocumented: []R{{"GET", "/jobs/"}},
			unregistered: []R{{"GET", "/jobs"}},
		},
		{
			name:         "DuplicatesOnce",
			registered:   []R{{"GET", "/x"}, {"GET", "/x"}},
			undocumented: []R{{"GET", "/x"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			undoc, unreg := apitest.Diff(tt.registered, tt.documented)
			if !reflect.DeepEqual(undoc, tt.undocumented) || !reflect.DeepEqual(unreg, tt.unregistered) {
				t.Errorf("Diff() = %v, %v, want %v, %v", undoc, unreg, tt.undocumented, tt.unregistered)
			}
		})
	}
}
