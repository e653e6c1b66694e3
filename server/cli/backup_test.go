package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/dirlock"
	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestBackupRestoreCommands runs the commands as an operator would: a backup
// of a running server's directory, a restore refused while it runs, and a
// restore into a fresh directory that a new server then serves.
func TestBackupRestoreCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, err := app.Open(ctx, app.TestConfig(dir), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	c, err := client.New(a.URL())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Register(ctx, hiregate.RegisterRequest{Email: "ada@example.com", Password: "ada-password", FullName: "Ada"}); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "nightly.db")
	r := runWith(t, cheap(), "", "backup", "--data", dir, "--out", out)
	if r.code != 0 || !strings.Contains(r.stdout, "wrote "+out) || !strings.Contains(r.stdout, "users=1") || !strings.Contains(r.stdout, "signing keys") {
		t.Fatalf("backup = %d %q %q, want 0, the file, users=1 and the note on keys", r.code, r.stdout, r.stderr)
	}

	r = runWith(t, cheap(), "", "restore", "--data", dir, "--from", out)
	if r.code != 1 || !strings.Contains(r.stderr, "a hiregate server is running on") {
		t.Errorf("restore over a running server = %d %q, want 1 and a refusal", r.code, r.stderr)
	}

	fresh := filepath.Join(t.TempDir(), "restored")
	r = runWith(t, cheap(), "", "restore", "--data", fresh, "--from", out)
	if r.code != 0 || !strings.Contains(r.stdout, "users=1") {
		t.Fatalf("restore into a fresh directory = %d %q %q", r.code, r.stdout, r.stderr)
	}
	b, err := app.Open(ctx, app.TestConfig(fresh), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c2, _ := client.New(b.URL())
	if _, err := c2.Login(ctx, "ada@example.com", "ada-password"); err != nil {
		t.Errorf("login on the restored server = %v", err)
	}
}

func TestBackupRestoreUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"backup", "--data", dir}, 2, "--out is required"},
		{[]string{"restore", "--data", dir}, 2, "--from is required"},
		{[]string{"backup", "--data", dir, "--out", filepath.Join(dir, "b.db")}, 1, "no database to back up"},
		{[]string{"restore", "--data", dir, "--from", filepath.Join(dir, "nope.db")}, 1, "refused"},
		{[]string{"backup", "--data", dir, "--out", "x", "extra"}, 2, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		r := runWith(t, cheap(), "", tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("Run(%q) = %d %q, want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.want)
		}
	}
}

// TestServerRefusesDuringRestore: while a restore holds the directory, a
// server does not start on it.
func TestServerRefusesDuringRestore(t *testing.T) {
	dir := t.TempDir()
	l, err := dirlock.Exclusive(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if _, err := app.Open(context.Background(), app.TestConfig(dir), nil); err == nil || !strings.Contains(err.Error(), "a restore is running") {
		t.Errorf("Open during a restore = %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(dir, app.DBFile)); err == nil {
		t.Error("the refused server created a database")
	}
}

// TestExportNeedsADatabase: export from a directory without a database
// (a mistyped --data) fails and makes nothing there.
func TestExportNeedsADatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo")
	r := runWith(t, cheap(), "", "export", "--data", dir)
	if r.code == 0 || !strings.Contains(r.stderr, "no database at "+filepath.Join(dir, app.DBFile)) {
		t.Errorf("export from an empty directory = %d %q, want a failure naming the missing database", r.code, r.stderr)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("export made %s (%v); want nothing made", dir, err)
	}
}
