package auth_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/accounts"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/testclock"
)

// countingDB counts revocation lookups that reach the database.
type countingDB struct {
	*sqlite.DB
	lookups atomic.Int64
}

func (c *countingDB) SessionState(ctx context.Context, sid string, now time.Time) (*store.SessionState, error) {
	c.lookups.Add(1)
	return c.DB.SessionState(ctx, sid, now)
}

// cacheEnv is a service with the session state cache on a real SQLite file,
// and a second service on its own connections to the same file standing
// for another server process.
type cacheEnv struct {
	*env
	db    *countingDB
	other *auth.Service
	odb   *sqlite.DB
}

func newCacheEnv(t *testing.T, mods ...func(*auth.Config)) *cacheEnv {
	t.Helper()
	clk := testclock.New(t0)
	cfg := auth.Config{KeyDir: t.TempDir(), BcryptCost: bcrypt.MinCost, Now: clk.Now}
	for _, m := range mods {
		m(&cfg)
	}
	path := filepath.Join(t.TempDir(), "db")
	open := func() *sqlite.DB {
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatalf("sqlite.Open() error = %v", err)
		}
		t.Cleanup(func() { db.Close() })
		db.Now = clk.Now
		return db
	}
	db := &countingDB{DB: open()}
	e := &cacheEnv{env: &env{db: db, clk: clk, cfg: cfg}, db: db, odb: open()}
	e.cfg.Versions = db
	e.svc = e.restart(t)
	ocfg := cfg
	ocfg.Versions = e.odb
	other, err := auth.New(ocfg, e.odb, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.other = other
	return e
}

// cached authenticates tr twice and checks that the second time was served
// from memory, so that what follows tests the cache, not the store.
func (e *cacheEnv) cached(t *testing.T, tr *hiregate.TokenResponse) *caller.Principal {
	t.Helper()
	e.auth(t, tr)
	before := e.db.lookups.Load()
	p := e.auth(t, tr)
	if n := e.db.lookups.Load() - before; n != 0 {
		t.Fatalf("second Authenticate() read the store %d times, want 0 (cached)", n)
	}
	return p
}

func TestStateCacheRevocation(t *testing.T) {
	bools := func(b bool) *bool { return &b }
	roles := func(r hiregate.Role) *hiregate.Role { return &r }
	tests := []struct {
		name string
		act  func(t *testing.T, e *cacheEnv, a, b, admin *caller.Principal, trA *hiregate.TokenResponse)
	}{
		{"logout", func(t *testing.T, e *cacheEnv, a, _, _ *caller.Principal, _ *hiregate.TokenResponse) {
			must(t, e.svc.Logout(ctx, a, client))
		}},
		{"logout all", func(t *testing.T, e *cacheEnv, _, b, _ *caller.Principal, _ *hiregate.TokenResponse) {
			must(t, e.svc.LogoutAll(ctx, b, client))
		}},
		{"revoke from another session", func(t *testing.T, e *cacheEnv, a, b, _ *caller.Principal, _ *hiregate.TokenResponse) {
			must(t, e.svc.RevokeSession(ctx, b, a.SessionID, client))
		}},
		{"password change in another session", func(t *testing.T, e *cacheEnv, _, b, _ *caller.Principal, _ *hiregate.TokenResponse) {
			must(t, e.svc.ChangePassword(ctx, b, hiregate.ChangePasswordRequest{CurrentPassword: pw, NewPassword: "a new password"}, client))
		}},
		{"role change", func(t *testing.T, e *cacheEnv, a, _, admin *caller.Principal, _ *hiregate.TokenResponse) {
			_, err := e.accounts().UpdateUser(ctx, admin, a.UserID, hiregate.UpdateUserRequest{Role: roles(hiregate.RoleRecruiter)}, client)
			must(t, err)
		}},
		{"deactivation", func(t *testing.T, e *cacheEnv, a, _, admin *caller.Principal, _ *hiregate.TokenResponse) {
			_, err := e.accounts().UpdateUser(ctx, admin, a.UserID, hiregate.UpdateUserRequest{Active: bools(false)}, client)
			must(t, err)
		}},
		{"refresh token reuse", func(t *testing.T, e *cacheEnv, _, _, _ *caller.Principal, trA *hiregate.TokenResponse) {
			_, err := e.svc.Refresh(ctx, trA.RefreshToken, client)
			must(t, err)
			if _, err := e.svc.Refresh(ctx, trA.RefreshToken, client); err == nil {
				t.Fatal("reused refresh token accepted")
			}
		}},
		{"logout by another process", func(t *testing.T, e *cacheEnv, a, _, _ *caller.Principal, _ *hiregate.TokenResponse) {
			must(t, e.other.Logout(ctx, a, client))
		}},
		{"deactivation by another process", func(t *testing.T, e *cacheEnv, a, _, admin *caller.Principal, _ *hiregate.TokenResponse) {
			_, err := accounts.New(e.odb, e.other).UpdateUser(ctx, admin, a.UserID, hiregate.UpdateUserRequest{Active: bools(false)}, client)
			must(t, err)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newCacheEnv(t)
			e.user(t, "u@example.com", hiregate.RoleCandidate)
			e.user(t, "admin@example.com", hiregate.RoleAdmin)
			trA, trB := e.login(t, "u@example.com"), e.login(t, "u@example.com")
			admin := e.auth(t, e.login(t, "admin@example.com"))
			b := e.auth(t, trB)
			a := e.cached(t, trA)

			tt.act(t, e, a, b, admin, trA)

			_, err := e.svc.Authenticate(ctx, trA.AccessToken)
			if err == nil {
				t.Fatalf("%s: the old access token was accepted on the next request", tt.name)
			}
			wantErr(t, err, hiregate.EUNAUTHORIZED, revokedMsg(tt.name))
		})
	}
}

// A session that expires while nothing is written is rejected although its
// live state is cached: expiry is checked on every request.
func TestStateCacheExpiry(t *testing.T) {
	e := newCacheEnv(t, func(c *auth.Config) { c.AccessTTL, c.RefreshTTL = time.Hour, time.Hour })
	e.user(t, "u@example.com", hiregate.RoleCandidate)
	tr := e.login(t, "u@example.com")
	e.cached(t, tr)
	// Past the session's expiry, within the access token's clock leeway.
	e.clk.Advance(time.Hour + time.Second)
	_, err := e.svc.Authenticate(ctx, tr.AccessToken)
	if err == nil {
		t.Fatal("Authenticate() after the session expired = nil error, want revoked")
	}
	wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgSessionRevoked)
}

// Pruning deletes sessions; a pruned session must not live on in memory.
func TestStateCachePrune(t *testing.T) {
	e := newCacheEnv(t)
	e.user(t, "u@example.com", hiregate.RoleCandidate)
	tr := e.login(t, "u@example.com")
	p := e.cached(t, tr)
	// Revoke behind the service's back, then prune: the store no longer
	// knows the session at all.
	if err := e.odb.RevokeSession(ctx, p.UserID, p.SessionID, e.clk.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PruneSessions(ctx, e.clk.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.Authenticate(ctx, tr.AccessToken)
	wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidToken)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("action error = %v", err)
	}
}
