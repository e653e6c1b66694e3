package auth_test

import (
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func BenchmarkIssueToken(b *testing.B) {
	e := newEnv(b)
	for b.Loop() {
		if _, err := e.svc.IssueAccessToken("u1", hiregate.RoleCandidate, "s1"); err != nil {
			b.Fatal(err)
		}
	}
}

// cacheModes are the three ways a request's token can meet the verified-
// token cache: already in it (every request after a session's first),
// never seen (the first request with a fresh token: full check plus the
// insertion), and the cache turned off (the full check alone).
var cacheModes = []struct {
	name      string
	size      int
	newTokens bool
}{
	{"cached", 0, false},
	{"firstsight", 0, true},
	{"uncached", -1, false},
}

// tokens returns n tokens for one session: n distinct ones, or the same one
// n times.
func tokens(b *testing.B, e *env, userID, sid string, n int, distinct bool) []string {
	b.Helper()
	out := make([]string, n)
	for i := range out {
		if i > 0 && !distinct {
			out[i] = out[0]
			continue
		}
		tok, err := e.svc.IssueAccessToken(userID, hiregate.RoleCandidate, sid)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = tok
	}
	return out
}

// BenchmarkVerifyToken is the pure JWT check: signature, header, claims.
func BenchmarkVerifyToken(b *testing.B) {
	for _, m := range cacheModes {
		b.Run(m.name, func(b *testing.B) {
			e := newEnv(b, func(c *auth.Config) { c.TokenCacheSize = m.size })
			toks := tokens(b, e, "u1", "s1", b.N, m.newTokens)
			b.ResetTimer()
			for i := range b.N {
				if err := e.svc.VerifyAccessToken(toks[i]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAuthenticate is the JWT check plus the revocation lookup
// through the SQLite store (one indexed read per request).
func BenchmarkAuthenticate(b *testing.B) {
	for _, m := range cacheModes {
		b.Run("sqlite/"+m.name, func(b *testing.B) {
			e := newEnv(b, func(c *auth.Config) { c.TokenCacheSize = m.size })
			e.user(b, "b@example.com", hiregate.RoleCandidate)
			p := e.auth(b, e.login(b, "b@example.com"))
			toks := tokens(b, e, p.UserID, p.SessionID, b.N, m.newTokens)
			b.ResetTimer()
			for i := range b.N {
				if _, err := e.svc.Authenticate(ctx, toks[i]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAuthenticateParallel is many clients with live sessions at once,
// to show whether the cache's lock is contended.
func BenchmarkAuthenticateParallel(b *testing.B) {
	for _, m := range cacheModes {
		if m.newTokens {
			continue
		}
		b.Run(m.name, func(b *testing.B) {
			e := newEnv(b, func(c *auth.Config) { c.TokenCacheSize = m.size })
			e.user(b, "b@example.com", hiregate.RoleCandidate)
			var toks []string
			for range 64 {
				toks = append(toks, e.login(b, "b@example.com").AccessToken)
			}
			var next atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := int(next.Add(1))
				for pb.Next() {
					i++
					if _, err := e.svc.Authenticate(ctx, toks[i%len(toks)]); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkLoginBcryptCost12 is one full login at the production cost:
// throttle reservation, bcrypt compare, session and token creation.
func BenchmarkLoginBcryptCost12(b *testing.B) {
	e := newEnv(b, func(c *auth.Config) { c.BcryptCost = 12 })
	e.user(b, "b@example.com", hiregate.RoleCandidate)
	if c, _ := bcrypt.Cost([]byte(e.passwordHash(b, e.userID(b, "b@example.com")))); c != 12 {
		b.Fatalf("cost = %d", c)
	}
	for b.Loop() {
		if _, err := e.svc.Login(ctx, "b@example.com", pw, client); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
}
