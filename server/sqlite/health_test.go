package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store/storetest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestPingReportsFailingWrites fills the database's room (max_page_count
// stands in for a full disk): reads still work, but Ping, and so
// /readyz, must report that writes fail and why, and recover once there
// is room again.
func TestPingReportsFailingWrites(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpenDB(t)
	storetest.MustUser(t, db, "ann@example.com", "Ann", hiregate.RoleCandidate)
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("Ping() before = %v", err)
	}
	if err := sqlite.SetMaxPageCount(db, 0); err != nil {
		t.Fatal(err)
	}
	big := &hiregate.User{Email: "bob@example.com", FullName: strings.Repeat("B", 64<<10), Role: hiregate.RoleCandidate, Active: true}
	if err := db.CreateUser(ctx, big, "h"); err == nil {
		t.Fatal("CreateUser() on a full database = nil, want an error")
	}
	if _, err := db.UserByEmail(ctx, "ann@example.com"); err != nil {
		t.Fatalf("UserByEmail() on a full database = %v, want reads to work", err)
	}
	err := db.Ping(ctx)
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Ping() with writes failing = %v, want an error saying disk full", err)
	}
	// Still full: the probe keeps failing.
	if err := db.Ping(ctx); err == nil {
		t.Fatal("Ping() while still full = nil, want an error")
	}
	if err := sqlite.SetMaxPageCount(db, 1000); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("Ping() once there is room = %v, want nil", err)
	}
	if err := db.CreateUser(ctx, big, "h"); err != nil {
		t.Fatalf("CreateUser() once there is room = %v", err)
	}
}

// TestSynchronousFull: in WAL mode NORMAL may lose the last acknowledged
// commits on power loss; an acknowledged application must survive.
func TestSynchronousFull(t *testing.T) {
	db, _ := MustOpenDB(t)
	if got, err := sqlite.Synchronous(db); err != nil || got != 2 {
		t.Fatalf("PRAGMA synchronous = %d, %v, want 2 (FULL)", got, err)
	}
}

// TestOpenNamesTheCause checks that failures to open say why in words an
// operator acts on, not only SQLite's "unable to open database file".
func TestOpenNamesTheCause(t *testing.T) {
	t.Run("MissingDirectory", func(t *testing.T) {
		_, err := sqlite.Open(filepath.Join(t.TempDir(), "missing", "x.db"))
		if err == nil || !strings.Contains(err.Error(), "data directory does not exist") {
			t.Fatalf("Open(missing dir) = %v, want it to say the data directory does not exist", err)
		}
	})
	t.Run("ReadOnlyDirectory", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root writes to read-only directories; storageCause's table covers EROFS and EACCES")
		}
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		_, err := sqlite.Open(filepath.Join(dir, "x.db"))
		if err == nil || !strings.Contains(err.Error(), "not writable") {
			t.Fatalf("Open(read-only dir) = %v, want it to say the data directory is not writable", err)
		}
	})
}
