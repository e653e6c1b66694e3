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

// BenchmarkAuthenticate is the JWT check plus the revocation lookup, here
// against the in-memory fake store (the database's cost is measured by the
// store's own benchmarks).
func BenchmarkAuthenticate(b *testing.B) {
	e := newEnv(b)
	e.user(b, "b@example.com", hiregate.RoleCandidate)
	tr := e.login(b, "b@example.com")
	for b.Loop() {
		if _, err := e.svc.Authenticate(ctx, tr.AccessToken); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoginBcryptCost12 is one full login at the production cost:
// throttle reservation, bcrypt compare, session and token creation.
func BenchmarkLoginBcryptCost12(b *testing.B) {
	e := newEnv(b, func(c *auth.Config) { c.BcryptCost = 12 })
	e.user(b, "b@example.com", hiregate.RoleCandidate)
	if c, _ := bcrypt.Cost([]byte(e.st.passwordHash(mustUserIDB(b, e, "b@example.com")))); c != 12 {
		b.Fatalf("cost = %d", c)
	}
	for b.Loop() {
		if _, err := e.svc.Login(ctx, "b@example.com", pw, client); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
}

func mustUserIDB(b *testing.B, e *env, email string) string {
	b.Helper()
	u, err := e.st.UserByEmail(ctx, email)
	if err != nil {
		b.Fatal(err)
	}
	return u.ID
}
