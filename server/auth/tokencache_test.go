package auth_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestTokenCacheClock checks that a cached token still meets every clock
// check: the same table as TestLeeway, but the token is verified (and so
// cached) before the clock moves.
func TestTokenCacheClock(t *testing.T) {
	tests := []struct {
		name    string
		leeway  time.Duration
		advance time.Duration
		ok      bool
	}{
		{"fresh", 0, 0, true},
		{"just before expiry", 0, 15*time.Minute - time.Second, true},
		{"at expiry plus a 1ns leeway", time.Nanosecond, 15*time.Minute + time.Nanosecond, false},
		{"within default leeway", 0, 15*time.Minute + 29*time.Second, true},
		{"at default leeway", 0, 15*time.Minute + 30*time.Second, false},
		{"beyond default leeway", 0, 15*time.Minute + 31*time.Second, false},
		{"within 10s leeway", 10 * time.Second, 15*time.Minute + 9*time.Second, true},
		{"beyond 10s leeway", 10 * time.Second, 15*time.Minute + 11*time.Second, false},
		{"clock behind, within leeway", 0, -29 * time.Second, true},
		{"clock behind, beyond leeway (nbf, iat)", 0, -31 * time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *auth.Config) { c.Leeway = tt.leeway })
			e.user(t, "c@example.com", hiregate.RoleCandidate)
			tr := e.login(t, "c@example.com")
			e.auth(t, tr)
			if !e.svc.TokenCached(tr.AccessToken) {
				t.Fatal("token not cached after a successful Authenticate")
			}
			e.clk.Advance(tt.advance)
			for i := range 2 { // the second call sees what the first left behind
				_, err := e.svc.Authenticate(ctx, tr.AccessToken)
				if tt.ok && err != nil {
					t.Fatalf("call %d: Authenticate() error = %v, want acceptance", i, err)
				}
				if !tt.ok {
					wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidToken)
				}
			}
			if got := e.svc.TokenCached(tr.AccessToken); got != tt.ok {
				t.Errorf("TokenCached() = %v after the clock moved, want %v", got, tt.ok)
			}
		})
	}
}

// TestTokenCacheRejectsVariants caches a token, then presents strings close
// to it: none may ride on the cached verification, and none is cached.
func TestTokenCacheRejectsVariants(t *testing.T) {
	e := newEnv(t)
	e.user(t, "v@example.com", hiregate.RoleCandidate)
	tr := e.login(t, "v@example.com")
	tok := tr.AccessToken
	p := e.auth(t, tr)
	parts := strings.Split(tok, ".")

	tamper := func(mod func(jwt.MapClaims)) string {
		raw, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			t.Fatal(err)
		}
		c := jwt.MapClaims{}
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		mod(c)
		b, _ := json.Marshal(c)
		return parts[0] + "." + base64.RawURLEncoding.EncodeToString(b) + "." + parts[2]
	}
	// The last character of an Ed25519 signature carries 2 data bits and 4
	// padding bits; setting one padding bit keeps the bytes, changes the
	// spelling.
	nonCanonical := func() string {
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		sig := parts[2]
		i := strings.IndexByte(alphabet, sig[len(sig)-1])
		return parts[0] + "." + parts[1] + "." + sig[:len(sig)-1] + string(alphabet[i|1])
	}
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	otherSigned := func() string {
		_, claims := unverified(t, tok)
		h, _ := unverified(t, tok)
		j := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
		j.Header["typ"], j.Header["kid"] = h["typ"], h["kid"]
		s, err := j.SignedString(otherKey)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	other, err := e.svc.IssueAccessToken(p.UserID, hiregate.RoleCandidate, p.SessionID)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, token string
	}{
		{"payload tampered: role admin", tamper(func(c jwt.MapClaims) { c["role"] = "admin" })},
		{"payload tampered: exp extended", tamper(func(c jwt.MapClaims) { c["exp"] = t0.Add(time.Hour).Unix() })},
		{"payload tampered: other session", tamper(func(c jwt.MapClaims) { c["sid"] = "other" })},
		{"same claims signed by another key", otherSigned()},
		{"signature of another valid token", parts[0] + "." + parts[1] + "." + strings.Split(other, ".")[2]},
		{"signature stripped", parts[0] + "." + parts[1] + "."},
		{"signature truncated", tok[:len(tok)-1]},
		{"extra character", tok + "A"},
		{"non-canonical base64 of the same signature", nonCanonical()},
		{"upper-cased", strings.ToUpper(tok)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.token == tok {
				t.Fatal("variant equals the original token")
			}
			before := e.svc.TokenCacheLen()
			got, err := e.svc.Authenticate(ctx, tt.token)
			if err == nil {
				t.Fatalf("Authenticate() = %+v, want rejection", got)
			}
			wantErr(t, err, hiregate.EUNAUTHORIZED, "")
			if e.svc.TokenCached(tt.token) || e.svc.TokenCacheLen() != before {
				t.Errorf("a rejected token was cached (len %d -> %d)", before, e.svc.TokenCacheLen())
			}
			if _, err := e.svc.Authenticate(ctx, tok); err != nil {
				t.Errorf("original token after the variant: Authenticate() error = %v", err)
			}
		})
	}
}

// TestTokenCacheBound fills small caches with many valid tokens: the size
// never exceeds the bound, the newest token is always kept, entries that
// can no longer be used go before live ones, and failures never take a slot.
func TestTokenCacheBound(t *testing.T) {
	tests := []struct {
		size, tokens int
	}{{1, 10}, {4, 50}, {50, 400}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.size), func(t *testing.T) {
			e := newEnv(t, func(c *auth.Config) { c.TokenCacheSize = tt.size })
			issue := func() string {
				tok, err := e.svc.IssueAccessToken("u1", hiregate.RoleCandidate, "s1")
				if err != nil {
					t.Fatal(err)
				}
				return tok
			}
			var live []string
			for i := range tt.tokens {
				tok := issue()
				if err := e.svc.VerifyAccessToken(tok); err != nil {
					t.Fatalf("token %d: VerifyAccessToken() error = %v", i, err)
				}
				if n := e.svc.TokenCacheLen(); n > tt.size {
					t.Fatalf("after %d tokens the cache holds %d, bound %d", i+1, n, tt.size)
				}
				if !e.svc.TokenCached(tok) {
					t.Fatalf("token %d, just verified, is not cached", i)
				}
				live = append(live, tok)
			}
			// Failures are never cached and cannot evict: a flood of
			// garbage and forgeries leaves the cache exactly as it was.
			var kept []string
			for _, tok := range live {
				if e.svc.TokenCached(tok) {
					kept = append(kept, tok)
				}
			}
			// Correctly signed tokens that fail the clock checks: issued an
			// hour ago (expired), and an hour from now (nbf, iat ahead).
			e.clk.Advance(-time.Hour)
			expired := issue()
			e.clk.Advance(2 * time.Hour)
			future := issue()
			e.clk.Advance(-time.Hour)
			for i := range 500 {
				for _, bad := range []string{fmt.Sprintf("garbage.%d.x", i), live[i%len(live)] + "x", expired, future} {
					if err := e.svc.VerifyAccessToken(bad); err == nil {
						t.Fatalf("VerifyAccessToken(%.20q...) succeeded", bad)
					}
				}
			}
			if n := e.svc.TokenCacheLen(); n != len(kept) {
				t.Errorf("after a flood of failures the cache holds %d, want %d", n, len(kept))
			}
			for _, tok := range kept {
				if !e.svc.TokenCached(tok) {
					t.Fatal("a flood of failures evicted a good entry")
				}
			}

			// Once every entry of a full cache has expired, the next
			// insertion sweeps them all rather than evicting arbitrarily.
			for e.svc.TokenCacheLen() < tt.size {
				if err := e.svc.VerifyAccessToken(issue()); err != nil {
					t.Fatal(err)
				}
			}
			e.clk.Advance(e.svc.AccessTTL() + 31*time.Second)
			fresh := issue()
			if err := e.svc.VerifyAccessToken(fresh); err != nil {
				t.Fatal(err)
			}
			if n := e.svc.TokenCacheLen(); n != 1 {
				t.Errorf("after expiry and one insertion the cache holds %d, want 1", n)
			}
			if !e.svc.TokenCached(fresh) {
				t.Error("fresh token not cached")
			}
		})
	}
}

// TestTokenCacheKeyRemoved drops the key that signed a cached token: the
// token must then fail as it would uncached. A key that stays keeps
// verifying.
func TestTokenCacheKeyRemoved(t *testing.T) {
	tests := []struct {
		name      string
		deleteOld bool
		ok        bool
	}{
		{"old key file deleted", true, false},
		{"old key file kept", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.user(t, "k@example.com", hiregate.RoleCandidate)
			tr := e.login(t, "k@example.com")
			p := e.auth(t, tr)
			oldFiles := keyFiles(t, e.cfg.KeyDir)
			if _, err := auth.RotateKey(e.cfg.KeyDir); err != nil {
				t.Fatal(err)
			}
			if tt.deleteOld {
				for _, f := range oldFiles {
					if err := os.Remove(f); err != nil {
						t.Fatal(err)
					}
				}
			}
			// A token with the new kid makes the running service reload
			// its keys once the reload interval has passed.
			newTok, err := e.restart(t).IssueAccessToken(p.UserID, hiregate.RoleCandidate, p.SessionID)
			if err != nil {
				t.Fatal(err)
			}
			e.clk.Advance(11 * time.Second)
			if _, err := e.svc.Authenticate(ctx, newTok); err != nil {
				t.Fatalf("new-key token: Authenticate() error = %v", err)
			}
			_, err = e.svc.Authenticate(ctx, tr.AccessToken)
			if tt.ok && err != nil {
				t.Fatalf("cached old-key token: Authenticate() error = %v, want acceptance", err)
			}
			if !tt.ok {
				wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidToken)
				if e.svc.TokenCached(tr.AccessToken) {
					t.Error("token of a removed key is still cached")
				}
			}
		})
	}
}

// TestTokenCacheConcurrent hammers a cache small enough to evict all the
// time with valid and invalid tokens from many goroutines; run with -race.
func TestTokenCacheConcurrent(t *testing.T) {
	forEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t, func(c *auth.Config) { c.TokenCacheSize = 3 })
		e.user(t, "p@example.com", hiregate.RoleCandidate)
		var good []string
		for range 8 {
			good = append(good, e.login(t, "p@example.com").AccessToken)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for g := range 8 {
			wg.Go(func() {
				for i := range 50 {
					tok := good[(g+i)%len(good)]
					if _, err := e.svc.Authenticate(ctx, tok); err != nil {
						errs <- fmt.Errorf("goroutine %d: valid token rejected: %v", g, err)
						return
					}
					if _, err := e.svc.Authenticate(ctx, tok[:len(tok)-2]); err == nil {
						errs <- fmt.Errorf("goroutine %d: truncated token accepted", g)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n := e.svc.TokenCacheLen(); n > 3 {
			t.Errorf("cache holds %d, bound 3", n)
		}
	})
}

// TestTokenCacheDisabled checks that a negative size turns the cache off
// and leaves verification working.
func TestTokenCacheDisabled(t *testing.T) {
	e := newEnv(t, func(c *auth.Config) { c.TokenCacheSize = -1 })
	e.user(t, "d@example.com", hiregate.RoleCandidate)
	tr := e.login(t, "d@example.com")
	e.auth(t, tr)
	e.auth(t, tr)
	if n := e.svc.TokenCacheLen(); n != 0 {
		t.Errorf("disabled cache holds %d", n)
	}
	e.clk.Advance(e.svc.AccessTTL() + 31*time.Second)
	_, err := e.svc.Authenticate(ctx, tr.AccessToken)
	wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidToken)
}
