package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Caches trust Version to change after every commit, this process's or
// another's (a second *DB on the same file stands for another process),
// and to stay put while nothing is written.
func TestVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hiregate.db")
	db, _ := mustOpenAt(t, path)
	other, _ := mustOpenAt(t, path)

	version := func(name string) uint64 {
		t.Helper()
		v, err := db.Version(ctx)
		if err != nil {
			t.Fatalf("Version after %s: %v", name, err)
		}
		return v
	}
	writes := []struct {
		name  string
		write func(i int) error
	}{
		{"own write", func(i int) error {
			return db.CreateUser(ctx, &hiregate.User{Email: "own" + string(rune('a'+i)) + "@example.com", FullName: "Own", Role: hiregate.RoleCandidate, Active: true}, "h")
		}},
		{"other process's write", func(i int) error {
			return other.CreateUser(ctx, &hiregate.User{Email: "other" + string(rune('a'+i)) + "@example.com", FullName: "Other", Role: hiregate.RoleCandidate, Active: true}, "h")
		}},
	}
	for i, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			before := version("nothing")
			if again := version("nothing"); again != before {
				t.Fatalf("Version() = %d then %d with no write, want equal", before, again)
			}
			if err := w.write(i); err != nil {
				t.Fatal(err)
			}
			if after := version(w.name); after == before {
				t.Fatalf("Version() after %s = %d, want a change from %d", w.name, after, before)
			}
		})
	}
	// Reads change nothing.
	before := version("reads")
	if _, _, err := db.ListJobs(ctx, hiregate.JobFilter{}); err != nil {
		t.Fatal(err)
	}
	if after := version("reads"); after != before {
		t.Fatalf("Version() after a read = %d, want %d", after, before)
	}
}
