package cli_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/totp"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestUserMFAReset(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if r := runWith(t, cheap(), "s3cret-password\n", "user", "create", "--data", dir, "--email", "boss@example.com", "--name", "Boss"); r.code != 0 {
		t.Fatalf("user create = %d %q", r.code, r.stderr)
	}

	// Enrol the admin as the server would, with the key in the data dir.
	db, err := sqlite.Open(filepath.Join(dir, app.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	svc, err := auth.New(auth.Config{KeyDir: dir, BcryptCost: 4, Now: func() time.Time { return now }}, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	ci := caller.ClientInfo{IP: "127.0.0.1"}
	tr, err := svc.Login(ctx, "boss@example.com", "s3cret-password", ci)
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.Authenticate(ctx, tr.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	en, err := svc.StartTOTP(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.Code(en.Secret, now)
	if _, err := svc.ConfirmTOTP(ctx, p, hiregate.CodeRequest{Code: code}, ci); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Login(ctx, "boss@example.com", "s3cret-password", ci); hiregate.ErrorCode(err) != hiregate.EFORBIDDEN {
		t.Fatalf("Login after enrolment = %v, want mfa_required", err)
	}

	r := runWith(t, cheap(), "", "user", "mfa-reset", "--data", dir, "--email", " Boss@Example.com ")
	if r.code != 0 || !strings.Contains(r.stdout, "second factor removed for boss@example.com") {
		t.Fatalf("user mfa-reset = %d %q %q, want the factor removed", r.code, r.stdout, r.stderr)
	}
	if _, err := svc.Login(ctx, "boss@example.com", "s3cret-password", ci); err != nil {
		t.Errorf("Login after mfa-reset = %v, want one step", err)
	}
	ev, _, err := db.ListAudit(ctx, hiregate.AuditFilter{Type: hiregate.AuditMFAReset})
	if err != nil || len(ev) != 1 || ev[0].Email != "boss@example.com" || ev[0].Detail != "by the operator (command line)" {
		t.Errorf("mfa_reset audit = %+v, %v, want one by the operator", ev, err)
	}

	r = runWith(t, cheap(), "", "user", "mfa-reset", "--data", dir, "--email", "boss@example.com")
	if r.code != 0 || !strings.Contains(r.stdout, "has no second factor; nothing changed") {
		t.Errorf("second mfa-reset = %d %q, want nothing changed", r.code, r.stdout)
	}
}

func TestUserMFAResetRejects(t *testing.T) {
	dir := t.TempDir()
	if r := runWith(t, cheap(), "s3cret-password\n", "user", "create", "--data", dir, "--email", "boss@example.com", "--name", "Boss"); r.code != 0 {
		t.Fatalf("user create = %d %q", r.code, r.stderr)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"NoEmail", []string{"--data", dir}, 2, "--email is required"},
		{"UnknownEmail", []string{"--data", dir, "--email", "nobody@example.com"}, 1, "no user with email nobody@example.com"},
		{"NoDatabase", []string{"--data", filepath.Join(dir, "elsewhere"), "--email", "boss@example.com"}, 1, "no database at"},
		{"Extra", []string{"--data", dir, "--email", "boss@example.com", "now"}, 2, `unexpected argument "now"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runWith(t, cheap(), "", append([]string{"user", "mfa-reset"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("user mfa-reset %v = %d %q, want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.want)
			}
		})
	}
}
