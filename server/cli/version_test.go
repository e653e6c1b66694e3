package cli_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/version"
)

func TestVersion(t *testing.T) {
	want := "hiregate " + version.Get().String() + "\n"
	for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}} {
		r := runWith(t, env(nil), "", args...)
		if r.code != 0 || r.stdout != want || r.stderr != "" {
			t.Errorf("Run(%q) = %d %q %q, want 0 and %q", args, r.code, r.stdout, r.stderr, want)
		}
	}
	// The version goes with its API major, which clients compare.
	if !strings.Contains(want, " api v1") {
		t.Errorf("version line %q does not name the API major version", want)
	}
}
