package auth_test

import (
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

// BenchmarkVerifyToken is the pure JWT check: signature, header, claims.
func BenchmarkVerifyToken(b *testing.B) {
	e := newEnv(b)
	tok, err := e.svc.IssueAccessToken("u1", hiregate.RoleCandidate, "s1")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := e.svc.VerifyAccessToken(tok); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthenticate is the JWT check plus the revocation lookup, through
// the real SQLite store (one indexed read per request) and through the
// in-memory fake (the JWT part alone plus map lookups).
func BenchmarkAuthenticate(b *testing.B) {
	for _, bb := range []struct {
		name string
		mk   envMaker
	}{{"sqlite", newSQLiteEnv}, {"fake", newEnv}} {
		b.Run(bb.name, func(b *testing.B) {
			e := bb.mk(b)
			e.user(b, "b@example.com", hiregate.RoleCandidate)
			tr := e.login(b, "b@example.com")
			for b.Loop() {
				if _, err := e.svc.Authenticate(ctx, tr.AccessToken); err != nil {
					b.Fatal(err)
				}
			}
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
