package screening_test

import (
	"reflect"
	"testing"

	"github.com/hiregate/hiregate/server/screening"
)

const (
	jobTitle = "Senior Go Engineer"
	jobDesc  = "We build our platform in Go on PostgreSQL and Kubernetes, with gRPC between services. " +
		"Experience with PostgreSQL tuning is a plus."
)

func TestNewQueryTerms(t *testing.T) {
	tests := []struct {
		title, desc string
		want        []string
	}{
		{"C++ and C# developer", "", []string{"c#", "c++", "developer"}},
		{"", "Node.js, 5 years, 2024, a b", []string{"js", "node"}},
		{"Go", "go GO Go go go go go", []string{"go"}},
		{"", "", []string{}},
		{"Zoë Ångström", "", []string{"zoë", "ångström"}},
	}
	for _, tt := range tests {
		if got := screening.NewQuery(tt.title, tt.desc).Terms(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("NewQuery(%q, %q).Terms() = %v, want %v", tt.title, tt.desc, got, tt.want)
		}
	}
}
