package dirlock_test

import (
	"errors"
	"testing"

	"github.com/hiregate/hiregate/server/dirlock"
)

// Each Shared/Exclusive call opens its own descriptor, and flock locks
// belong to the open file, so one process sees the same conflicts as two.
func TestConflicts(t *testing.T) {
	take := map[string]func(string) (*dirlock.Lock, error){"shared": dirlock.Shared, "exclusive": dirlock.Exclusive}
	tests := []struct {
		held, want string
		ok         bool
	}{
		{"shared", "shared", true}, // several servers on one directory
		{"shared", "exclusive", false},
		{"exclusive", "shared", false},
		{"exclusive", "exclusive", false},
	}
	for _, tt := range tests {
		t.Run(tt.held+"-"+tt.want, func(t *testing.T) {
			dir := t.TempDir()
			first, err := take[tt.held](dir)
			if err != nil {
				t.Fatalf("%s lock: %v", tt.held, err)
			}
			second, err := take[tt.want](dir)
			if tt.ok != (err == nil) || (err != nil && !errors.Is(err, dirlock.ErrHeld)) {
				t.Fatalf("%s lock while %s is held = %v, want ok %v (or ErrHeld)", tt.want, tt.held, err, tt.ok)
			}
			second.Release()
			if err := first.Release(); err != nil {
				t.Fatal(err)
			}
			// Once released, anything can be taken again.
			again, err := dirlock.Exclusive(dir)
			if err != nil {
				t.Fatalf("Exclusive after Release = %v, want nil", err)
			}
			again.Release()
		})
	}
}
