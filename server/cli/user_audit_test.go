package cli_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestUserCreateAudited: an account made on the command line is in the
// audit log as user_created, with its role and the operator as its maker.
func TestUserCreateAudited(t *testing.T) {
	dir := t.TempDir()
	r := runWith(t, cheap(), "s3cret-password\n", "user", "create", "--data", dir, "--email", "rec@example.com", "--name", "R", "--role", "recruiter")
	if r.code != 0 {
		t.Fatalf("user create = %d, stderr %q", r.code, r.stderr)
	}
	db, err := sqlite.Open(filepath.Join(dir, app.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	events, _, err := db.ListAudit(context.Background(), hiregate.AuditFilter{Type: hiregate.AuditUserCreated})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Email != "rec@example.com" || events[0].Detail != "recruiter by the operator" {
		t.Errorf("user_created events = %+v, want one for rec@example.com, \"recruiter by the operator\"", events)
	}
}
