package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/testclock"
)

const (
	testEmail    = "ana@example.com"
	testPassword = "correct horse battery"
)

// newClock is the clock the fake and its clients share; tests move it
// instead of sleeping.
func newClock() *testclock.Clock {
	return testclock.New(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))
}

// fakeAPI is a hand-written stand-in for the server's token endpoint and a
// few protected routes. Like the real server it rotates refresh tokens and
// treats a spent one as theft, so a duplicate refresh fails loudly.
type fakeAPI struct {
	t   *testing.T
	srv *httptest.Server
	mux *http.ServeMux

	mu           sync.Mutex
	n            int
	expiresIn    int
	access       map[string]bool // access tokens accepted
	unspent      map[string]bool // refresh tokens not yet used
	spent        map[string]bool
	loginCalls   int
	refreshCalls int
	// refreshFail, when set, is the status every refresh answers with.
	refreshFail int
	// refreshArrived and refreshGate, when set, let a test hold a refresh
	// on the server: it signals arrival, then waits for the gate.
	refreshArrived chan struct{}
	refreshGate    chan struct{}
	// onProtected, when set, runs before a protected route checks the
	// token it was sent.
	onProtected func(token string)
	// seen lists the tokens sent to protected routes, in arrival order.
	seen []string
	// bodies lists the bodies sent to protected routes.
	bodies []string
}

func newFakeAPI(t *testing.T) *fakeAPI {
	t.Helper()
	f := &fakeAPI{
		t:         t,
		mux:       http.NewServeMux(),
		expiresIn: 900,
		access:    map[string]bool{},
		unspent:   map[string]bool{},
		spent:     map[string]bool{},
	}
	f.mux.HandleFunc("POST /auth/login", f.token)
	f.mux.HandleFunc("GET /users/me", f.protected(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, hiregate.User{ID: "u1", Email: testEmail, FullName: "Ana", Role: hiregate.RoleCandidate, Active: true})
	}))
	f.mux.HandleFunc("POST /jobs", f.protected(func(w http.ResponseWriter, r *http.Request, body []byte) {
		var req hiregate.CreateJobRequest
		if err := json.Unmarshal(body, &req); err != nil {
			writeJSON(w, http.StatusBadRequest, hiregate.ErrorBody{Detail: "Malformed JSON"})
			return
		}
		writeJSON(w, http.StatusCreated, hiregate.Job{ID: "j1", Title: req.Title, Status: hiregate.JobOpen})
	}))
	f.srv = httptest.NewServer(f.mux)
	t.Cleanup(f.srv.Close)
	return f
}

// client returns a client for the fake with the given clock.
func (f *fakeAPI) client(clock *testclock.Clock, opts ...client.Option) *client.Client {
	f.t.Helper()
	opts = append([]client.Option{client.WithClock(clock.Now)}, opts...)
	c, err := client.New(f.srv.URL, opts...)
	if err != nil {
		f.t.Fatalf("New(%q) error = %v", f.srv.URL, err)
	}
	return c
}

// login logs c in and fails the test otherwise.
func (f *fakeAPI) login(c *client.Client) {
	f.t.Helper()
	if _, err := c.Login(context.Background(), testEmail, testPassword); err != nil {
		f.t.Fatalf("Login() error = %v", err)
	}
}

func (f *fakeAPI) issueLocked() hiregate.TokenResponse {
	f.n++
	at, rt := fmt.Sprintf("SECRET-AT-%d", f.n), fmt.Sprintf("SECRET-RT-%d", f.n)
	f.access[at] = true
	f.unspent[rt] = true
	return hiregate.TokenResponse{AccessToken: at, TokenType: "bearer", ExpiresIn: f.expiresIn, RefreshToken: rt}
}

// expireAccess makes the server reject every access token issued so far,
// as when they expire; refresh tokens stay valid.
func (f *fakeAPI) expireAccess() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.access)
}

// revokeAll ends the session: no token issued so far works.
func (f *fakeAPI) revokeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.access)
	clear(f.unspent)
}

// failRefresh makes every refresh answer with status.
func (f *fakeAPI) failRefresh(status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refreshFail = status
}

func (f *fakeAPI) counts() (logins, refreshes int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.loginCalls, f.refreshCalls
}

func (f *fakeAPI) seenTokens() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.seen...)
}

func (f *fakeAPI) token(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		writeJSON(w, http.StatusUnsupportedMediaType, hiregate.ErrorBody{Detail: "want a form, got " + ct})
		return
	}
	if r.Header.Get("Authorization") != "" {
		f.t.Errorf("token endpoint got an Authorization header")
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, hiregate.ErrorBody{Detail: "Malformed form", Error: hiregate.OAuthInvalidRequest})
		return
	}
	badGrant := func() {
		w.Header().Set("WWW-Authenticate", "Bearer")
		writeJSON(w, http.StatusUnauthorized, hiregate.ErrorBody{Detail: hiregate.MsgInvalidCredentials, Error: hiregate.OAuthInvalidGrant})
	}
	switch r.PostForm.Get("grant_type") {
	case hiregate.GrantPassword:
		f.mu.Lock()
		f.loginCalls++
		f.mu.Unlock()
		if r.PostForm.Get("username") != testEmail || r.PostForm.Get("password") != testPassword {
			badGrant()
			return
		}
		f.mu.Lock()
		tok := f.issueLocked()
		f.mu.Unlock()
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusOK, tok)
	case hiregate.GrantRefreshToken:
		f.mu.Lock()
		f.refreshCalls++
		arrived, gate, fail := f.refreshArrived, f.refreshGate, f.refreshFail
		f.mu.Unlock()
		if arrived != nil {
			arrived <- struct{}{}
		}
		if gate != nil {
			<-gate
		}
		if fail != 0 {
			writeJSON(w, fail, hiregate.ErrorBody{Detail: http.StatusText(fail), Error: hiregate.OAuthInvalidGrant})
			return
		}
		rt := r.PostForm.Get("refresh_token")
		f.mu.Lock()
		switch {
		case f.unspent[rt]:
			delete(f.unspent, rt)
			f.spent[rt] = true
			tok := f.issueLocked()
			f.mu.Unlock()
			w.Header().Set("Cache-Control", "no-store")
			writeJSON(w, http.StatusOK, tok)
		case f.spent[rt]:
			// Reuse of a spent token: revoke the whole session.
			clear(f.access)
			clear(f.unspent)
			f.mu.Unlock()
			badGrant()
		default:
			f.mu.Unlock()
			badGrant()
		}
	default:
		writeJSON(w, http.StatusBadRequest, hiregate.ErrorBody{Detail: "Unsupported grant type", Error: hiregate.OAuthUnsupportedGrantType})
	}
}

// protected wraps h with the bearer check and records what was sent.
func (f *fakeAPI) protected(h func(w http.ResponseWriter, r *http.Request, body []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		hook := f.onProtected
		f.seen = append(f.seen, tok)
		f.bodies = append(f.bodies, string(body))
		f.mu.Unlock()
		if hook != nil {
			hook(tok)
		}
		f.mu.Lock()
		ok := f.access[tok]
		f.mu.Unlock()
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeJSON(w, http.StatusUnauthorized, hiregate.ErrorBody{Detail: hiregate.MsgInvalidToken})
			return
		}
		h(w, r, body)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// asError returns err as a *hiregate.Error or fails the test.
func asError(t *testing.T, err error) *hiregate.Error {
	t.Helper()
	var e *hiregate.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %#v (%v), want *hiregate.Error", err, err)
	}
	return e
}
