package auth_test

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/accounts"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/testclock"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

type env struct {
	svc *auth.Service
	db  store.Store
	clk *testclock.Clock
	cfg auth.Config
}

// envMaker builds a test environment on one kind of store.
type envMaker func(tb testing.TB, mods ...func(*auth.Config)) *env

// forEachStore runs a test on the store the service ships with, on a
// temporary SQLite file.
func forEachStore(t *testing.T, test func(t *testing.T, newEnv envMaker)) { test(t, newEnv) }

var ctx = context.Background()

var client = caller.ClientInfo{IP: "192.0.2.1", UserAgent: "test/1.0"}

const pw = "correct horse battery"

func newEnv(tb testing.TB, mods ...func(*auth.Config)) *env {
	tb.Helper()
	clk := testclock.New(t0)
	cfg := auth.Config{KeyDir: tb.TempDir(), BcryptCost: bcrypt.MinCost, Now: clk.Now}
	for _, m := range mods {
		m(&cfg)
	}
	db := openStore(tb, clk.Now)
	if cfg.Versions == nil {
		cfg.Versions = db
	}
	e := &env{db: db, clk: clk, cfg: cfg}
	e.svc = e.restart(tb)
	return e
}

// openStore opens a store on a new SQLite file whose clock is now.
func openStore(tb testing.TB, now func() time.Time) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "x.db"))
	if err != nil {
		tb.Fatalf("sqlite.Open() error = %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Now = now
	return db
}

// restart builds a new Service on the same store and key directory, as a
// server restart would.
func (e *env) restart(tb testing.TB, mods ...func(*auth.Config)) *auth.Service {
	tb.Helper()
	cfg := e.cfg
	for _, m := range mods {
		m(&cfg)
	}
	svc, err := auth.New(cfg, e.db, nil)
	if err != nil {
		tb.Fatalf("New() error = %v", err)
	}
	return svc
}

// accounts is account administration over the env's store, hashing and
// auditing through its current auth service.
func (e *env) accounts() *accounts.Service { return accounts.New(e.db, e.svc) }

// user writes an account straight to the store: these tests need one to
// sign in with, not account administration (whose audited creation needs
// transactions, which the in-memory fake does not have).
func (e *env) user(tb testing.TB, email string, role hiregate.Role) *hiregate.User {
	tb.Helper()
	hash, err := e.svc.HashPassword(ctx, "password", pw)
	if err != nil {
		tb.Fatalf("HashPassword error = %v", err)
	}
	u := &hiregate.User{Email: hiregate.NormalizeEmail(email), FullName: "Test " + string(role), Role: role, Active: true}
	if err := e.db.CreateUser(ctx, u, hash); err != nil {
		tb.Fatalf("CreateUser(%s) error = %v", email, err)
	}
	return u
}

func (e *env) login(tb testing.TB, email string) *hiregate.TokenResponse {
	tb.Helper()
	tr, err := e.svc.Login(ctx, email, pw, client)
	if err != nil {
		tb.Fatalf("Login(%s) error = %v", email, err)
	}
	return tr
}

func (e *env) auth(tb testing.TB, tr *hiregate.TokenResponse) *caller.Principal {
	tb.Helper()
	p, err := e.svc.Authenticate(ctx, tr.AccessToken)
	if err != nil {
		tb.Fatalf("Authenticate() error = %v", err)
	}
	return p
}

// wantErr checks err's code and, when msg is not "", its message.
func wantErr(tb testing.TB, err error, code, msg string) *hiregate.Error {
	tb.Helper()
	var he *hiregate.Error
	if !errors.As(err, &he) {
		tb.Fatalf("error = %v, want *hiregate.Error code %s", err, code)
	}
	if he.Code != code || (msg != "" && he.Message != msg) {
		tb.Fatalf("error = %q/%q, want %q/%q", he.Code, he.Message, code, msg)
	}
	return he
}

// unverified decodes a token without checking it.
func unverified(tb testing.TB, tok string) (header map[string]any, claims jwt.MapClaims) {
	tb.Helper()
	claims = jwt.MapClaims{}
	t, _, err := jwt.NewParser().ParseUnverified(tok, claims)
	if err != nil {
		tb.Fatalf("ParseUnverified() error = %v", err)
	}
	return t.Header, claims
}

// keyFiles lists the PEM files in dir/keys, oldest first.
func keyFiles(tb testing.TB, dir string) []string {
	tb.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "keys", "*.pem"))
	if err != nil {
		tb.Fatal(err)
	}
	slices.Sort(m)
	return m
}

// signingKey reads the newest key the service signs with.
func signingKey(tb testing.TB, dir string) ed25519.PrivateKey {
	tb.Helper()
	files := keyFiles(tb, dir)
	if len(files) == 0 {
		tb.Fatalf("no key in %s", dir)
	}
	data, err := os.ReadFile(files[len(files)-1])
	if err != nil {
		tb.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		tb.Fatal("no PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		tb.Fatal(err)
	}
	return k.(ed25519.PrivateKey)
}

// events returns the audit events of one type, oldest first.
func (e *env) events(tb testing.TB, typ hiregate.AuditType) []hiregate.AuditEvent {
	tb.Helper()
	ev, _, err := e.db.ListAudit(ctx, hiregate.AuditFilter{Type: typ, Limit: hiregate.MaxPageLimit})
	if err != nil {
		tb.Fatalf("ListAudit() error = %v", err)
	}
	slices.Reverse(ev)
	return ev
}

// allAudit renders every audit event, to search for leaked secrets.
func (e *env) allAudit(tb testing.TB) string {
	tb.Helper()
	var b strings.Builder
	for _, typ := range hiregate.AuditTypes {
		for _, ev := range e.events(tb, typ) {
			b.WriteString(strings.Join([]string{string(ev.Type), ev.UserID, ev.Email, ev.IP, ev.Detail}, "|") + "\n")
		}
	}
	return b.String()
}

func (e *env) userID(tb testing.TB, email string) string {
	tb.Helper()
	u, err := e.db.UserByEmail(ctx, email)
	if err != nil {
		tb.Fatal(err)
	}
	return u.ID
}

func (e *env) passwordHash(tb testing.TB, id string) string {
	tb.Helper()
	u, err := e.db.UserByID(ctx, id)
	if err != nil {
		tb.Fatal(err)
	}
	return u.PasswordHash
}

// setUser changes a user without revoking anything, as a second server
// process or a manual database edit might.
func (e *env) setUser(tb testing.TB, id string, role hiregate.Role, active bool) {
	tb.Helper()
	if _, err := e.db.UpdateUser(ctx, id, store.UserChange{Role: &role, Active: &active}, false, ""); err != nil {
		tb.Fatal(err)
	}
}
