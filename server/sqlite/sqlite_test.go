package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/testclock"
	_ "modernc.org/sqlite"
)

// t0 is the fixed clock every test starts from.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// clock is the shared test clock (for db.Now) under the short names
// these tests call it by.
type clock struct{ *testclock.Clock }

func (c *clock) now() time.Time                { return c.Now() }
func (c *clock) add(d time.Duration) time.Time { return c.Advance(d) }

// MustOpenDB opens a fresh database in a temporary directory with a manual
// clock starting at t0, closed when the test ends.
func MustOpenDB(tb testing.TB) (*sqlite.DB, *clock) {
	tb.Helper()
	return mustOpenAt(tb, filepath.Join(tb.TempDir(), "hiregate.db"))
}

func mustOpenAt(tb testing.TB, path string) (*sqlite.DB, *clock) {
	tb.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		tb.Fatalf("Open(%q) = %v", path, err)
	}
	c := &clock{testclock.New(t0)}
	db.Now = c.now
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close() = %v", err)
		}
	})
	return db, c
}

func TestOpen(t *testing.T) {
	t.Run("MigrationsIdempotentOnReopen", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "x.db")
		ctx := context.Background()
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatalf("Open = %v", err)
		}
		u := &hiregate.User{Email: "a@example.com", FullName: "A", Role: hiregate.RoleAdmin, Active: true}
		if err := db.CreateUser(ctx, u, "h"); err != nil {
			t.Fatalf("CreateUser = %v", err)
		}
		if err := db.Close(); err != nil {
			t.Fatalf("Close = %v", err)
		}
		for i := range 2 {
			db, _ := mustOpenAt(t, path)
			if n, err := db.CountUsers(ctx); err != nil || n != 1 {
				t.Fatalf("reopen %d: CountUsers = %d, %v, want 1", i, n, err)
			}
		}
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var rows int
		if err := raw.QueryRow(`SELECT count(*) FROM schema_migrations WHERE version = 1`).Scan(&rows); err != nil || rows != 1 {
			t.Fatalf("schema_migrations rows for version 1 = %d, %v, want 1", rows, err)
		}
		var mode string
		if err := raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Fatalf("journal_mode = %q, %v, want wal", mode, err)
		}
	})
	t.Run("ErrBadPath", func(t *testing.T) {
		for _, p := range []string{"", ":memory:", filepath.Join(t.TempDir(), "missing-dir", "x.db")} {
			if db, err := sqlite.Open(p); err == nil {
				db.Close()
				t.Errorf("Open(%q) = nil error, want an error", p)
			}
		}
	})
	t.Run("PathWithURICharacters", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "we?ird#dir %20")
		path := filepath.Join(dir, "x.db")
		if err := mkdir(dir); err != nil {
			t.Fatal(err)
		}
		db, _ := mustOpenAt(t, path)
		if err := db.Ping(context.Background()); err != nil {
			t.Fatalf("Ping = %v", err)
		}
		if !exists(path) {
			t.Fatalf("database file %q was not created", path)
		}
	})
	t.Run("RefusesNewerSchema", func(t *testing.T) {
		// A newer hiregate's tables may be misread by this one.
		path := filepath.Join(t.TempDir(), "x.db")
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if _, err := raw.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`); err != nil {
			t.Fatal(err)
		}
		var tooNew *sqlstore.SchemaTooNewError
		if db, err := sqlite.Open(path); !errors.As(err, &tooNew) || tooNew.Database != 9999 {
			if err == nil {
				db.Close()
			}
			t.Fatalf("Open on a newer schema = %v, want SchemaTooNewError for version 9999", err)
		}
	})
	t.Run("Ping", func(t *testing.T) {
		db, _ := MustOpenDB(t)
		if err := db.Ping(context.Background()); err != nil {
			t.Fatalf("Ping = %v", err)
		}
	})
}

// TestConcurrentWriters checks that writes from many goroutines on one
// process, and from a second DB handle on the same file, never fail with
// SQLITE_BUSY.
func TestConcurrentWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	db1, _ := mustOpenAt(t, path)
	db2, _ := mustOpenAt(t, path)
	ctx := context.Background()
	errs := make(chan error, 40)
	for i := range 40 {
		db := db1
		if i%2 == 1 {
			db = db2
		}
		go func() {
			u := &hiregate.User{Email: "u" + itoa(i) + "@example.com", FullName: "U", Role: hiregate.RoleCandidate, Active: true}
			errs <- db.CreateUser(ctx, u, "h")
		}()
	}
	for range 40 {
		if err := <-errs; err != nil {
			t.Errorf("CreateUser = %v", err)
		}
	}
	if n, err := db1.CountUsers(ctx); err != nil || n != 40 {
		t.Fatalf("CountUsers = %d, %v, want 40", n, err)
	}
}
