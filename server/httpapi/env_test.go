package httpapi_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/accounts"
	"github.com/hiregate/hiregate/server/apidoc/apitest"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/server/httpapi"
	"github.com/hiregate/hiregate/server/mail"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/testclock"
)

const testPassword = "correct horse battery"

// env is a real server (router, auth, SQLite file in a temp dir) on a real
// loopback port.
type env struct {
	t      testing.TB
	srv    *httptest.Server
	db     *sqlite.DB
	auth   *auth.Service
	acc    *accounts.Service
	clock  *testclock.Clock // shared by the server and clients
	valid  *apitest.Validator
	router *gin.Engine
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvWith(t, nil)
}

// newEnvWith lets a test adjust the router's configuration.
func newEnvWith(t testing.TB, adjust func(*httpapi.Config)) *env {
	t.Helper()
	return newEnvAuth(t, nil, adjust)
}

// newEnvAuth lets a test adjust the auth service's configuration too.
func newEnvAuth(t testing.TB, adjustAuth func(*auth.Config), adjust func(*httpapi.Config)) *env {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "hiregate.db"))
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	clk := testclock.New(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	acfg := auth.Config{KeyDir: dir, BcryptCost: bcrypt.MinCost, Now: clk.Now, Versions: db}
	if adjustAuth != nil {
		adjustAuth(&acfg)
	}
	svc, err := auth.New(acfg, db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("auth.New: %v", err)
	}
	acc := accounts.New(db, svc)
	// The page cache is on, as in the server, so every list test checks
	// it too.
	cfg := httpapi.Config{Auth: svc, Accounts: acc, Hiring: hiring.New(db, clk.Now), DB: db, Logger: slog.New(slog.DiscardHandler),
		Versions: db, PageCacheBytes: 1 << 20, Mail: mail.NewAdmin(db, clk.Now)}
	if adjust != nil {
		adjust(&cfg)
	}
	router, err := httpapi.New(cfg)
	if err != nil {
		t.Fatalf("httpapi.New: %v", err)
	}
	srv := httptest.NewServer(router)
	t.Cleanup(srv.Close)
	v, err := apitest.NewValidator(httpapi.Spec())
	if err != nil {
		t.Fatalf("apitest.NewValidator: %v", err)
	}
	return &env{t: t, srv: srv, db: db, auth: svc, acc: acc, clock: clk, valid: v, router: router}
}

// httpClient validates every request and response against the OpenAPI
// document, so the document cannot drift from the behaviour.
func (e *env) httpClient() *http.Client {
	e.t.Helper()
	t := e.t
	return &http.Client{Timeout: 10 * time.Second, Transport: e.valid.Transport(http.DefaultTransport, func(err error) {
		// Negative tests send invalid requests on purpose; only the
		// server's answers must always match the document.
		if !strings.Contains(err.Error(), "request does not match") {
			t.Errorf("OpenAPI mismatch: %.600s", err.Error())
		}
	})}
}

// client is an anonymous client.
func (e *env) client() *client.Client {
	e.t.Helper()
	c, err := client.New(e.srv.URL, client.WithHTTPClient(e.httpClient()), client.WithClock(e.clock.Now))
	if err != nil {
		e.t.Fatalf("client.New: %v", err)
	}
	return c
}

// user creates an account with role and returns it with a signed-in client.
func (e *env) user(role hiregate.Role, email string) (*hiregate.User, *client.Client) {
	e.t.Helper()
	u, err := e.acc.CreateUser(context.Background(), hiregate.CreateUserRequest{Email: email, Password: testPassword, FullName: "Test " + string(role), Role: role})
	if err != nil {
		e.t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u, e.login(email)
}

// people is the cast most tests need, signed in: two recruiters, two
// candidates and an admin.
type people struct {
	cand                      *hiregate.User // cand@example.com
	rec, rec2, cc, cc2, admin *client.Client
}

// people creates the cast, in this order: rec@, rec2@, cand@, cand2@ and
// admin@example.com.
func (e *env) people() people {
	e.t.Helper()
	var p people
	_, p.rec = e.user(hiregate.RoleRecruiter, "rec@example.com")
	_, p.rec2 = e.user(hiregate.RoleRecruiter, "rec2@example.com")
	p.cand, p.cc = e.user(hiregate.RoleCandidate, "cand@example.com")
	_, p.cc2 = e.user(hiregate.RoleCandidate, "cand2@example.com")
	_, p.admin = e.user(hiregate.RoleAdmin, "admin@example.com")
	return p
}

func (e *env) login(email string) *client.Client {
	e.t.Helper()
	c := e.client()
	if _, err := c.Login(context.Background(), email, testPassword); err != nil {
		e.t.Fatalf("Login(%s): %v", email, err)
	}
	return c
}

// raw sends a request with the given body and content type and returns the
// response, for what the typed client cannot express.
func (e *env) raw(method, path, contentType, token string, body io.Reader) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// wantCode fails the test unless err carries code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := hiregate.ErrorCode(err); got != code {
		t.Fatalf("%s: code = %q (%v), want %q", what, got, err, code)
	}
}

func wantOK(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		var he *hiregate.Error
		if errors.As(err, &he) {
			t.Fatalf("%s: %v (%s %v)", what, err, he.Message, he.Fields)
		}
		t.Fatalf("%s: %v", what, err)
	}
}

var bg = context.Background()

type clientT = *client.Client

func storeChange(active *bool) store.UserChange { return store.UserChange{Active: active} }
