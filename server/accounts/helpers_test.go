package accounts_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/accounts"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/events/eventstest"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/hiregate/hiregatetest"
)

var ctx = context.Background()

var from = clientInfo{IP: "192.0.2.7", UserAgent: "accounts-test/1.0"}

const pw = "correct horse battery"

// env is the accounts service over a real SQLite store in a temp file,
// hashing and auditing through a real auth service (at bcrypt's lowest
// cost), which also signs people in.
type env struct {
	acc  *accounts.Service
	auth *auth.Service
	db   *sqlite.DB
	pub  *eventstest.Recorder
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "hiregate.db"))
	if err != nil {
		t.Fatalf("sqlite.Open() error = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	a, err := auth.New(auth.Config{KeyDir: t.TempDir(), BcryptCost: bcrypt.MinCost}, db, nil)
	if err != nil {
		t.Fatalf("auth.New() error = %v", err)
	}
	e := &env{auth: a, db: db, pub: &eventstest.Recorder{}}
	e.acc = accounts.New(db, a, accounts.WithEvents(e.pub))
	return e
}

// user creates an account with the password pw.
func (e *env) user(t *testing.T, name string, role hiregate.Role) *hiregate.User {
	t.Helper()
	u, err := e.acc.CreateUser(ctx, hiregate.CreateUserRequest{Email: name + "@example.com", Password: pw, FullName: "Test " + name, Role: role})
	if err != nil {
		t.Fatalf("CreateUser(%s) error = %v", name, err)
	}
	return u
}

// signIn starts a session of u and returns them as its caller.
func (e *env) signIn(t *testing.T, u *hiregate.User) *caller {
	t.Helper()
	tr, err := e.auth.Login(ctx, u.Email, pw, from)
	if err != nil {
		t.Fatalf("Login(%s) error = %v", u.Email, err)
	}
	p, err := e.auth.Authenticate(ctx, tr.AccessToken)
	if err != nil {
		t.Fatalf("Authenticate(%s) error = %v", u.Email, err)
	}
	return p
}

// live reports whether p's session still lets them in.
func (e *env) live(p *caller) bool { return e.auth.CheckSession(ctx, p) == nil }

// audit lists the audit events of typ about userID, oldest first.
func (e *env) audit(t *testing.T, typ hiregate.AuditType, userID string) []hiregate.AuditEvent {
	t.Helper()
	ev, _, err := e.db.ListAudit(ctx, hiregate.AuditFilter{Type: typ, UserID: userID, Limit: hiregate.MaxPageLimit})
	if err != nil {
		t.Fatalf("ListAudit() error = %v", err)
	}
	slices.Reverse(ev)
	return ev
}

// checkErr checks err against the contract's code and field or message.
var checkErr = hiregatetest.CheckError

func ptr[T any](v T) *T { return &v }
