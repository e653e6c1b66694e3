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

func TestProfile(t *testing.T) {
	p := screening.Analyze("Go and Go, PostgreSQL", "the cover letter")
	if err := p.Check(); err != nil {
		t.Fatalf("Analyze().Check() = %v, want nil", err)
	}
	// go, go, postgresql, cover, letter ("and", "the" are stopwords).
	if p.Len() != 5 {
		t.Errorf("Analyze().Len() = %d, want 5", p.Len())
	}
	for _, bad := range []screening.Profile{nil, {}, {9, 0, 0, 0, 0}, append(screening.Analyze("go"), 1)} {
		if err := bad.Check(); err == nil {
			t.Errorf("Profile(%x).Check() = nil, want an error", []byte(bad))
		}
	}
}
