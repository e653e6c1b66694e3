package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// BenchmarkAuthMiddleware measures a whole authenticated request in
// process: routing, bearer parsing, JWT verification, the per-request
// revocation check against SQLite, the handler (one user lookup) and the
// JSON response.
func BenchmarkAuthMiddleware(b *testing.B) {
	e := newEnv(b)
	_, c := e.user(hiregate.RoleCandidate, "cand@example.com")
	req := httptest.NewRequest("GET", "/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+tokenOf(c))
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		e.router.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status = %d", w.Code)
		}
	}
}

// BenchmarkRejectForgedToken measures how cheaply a bad token is refused.
func BenchmarkRejectForgedToken(b *testing.B) {
	e := newEnv(b)
	_, c := e.user(hiregate.RoleCandidate, "cand@example.com")
	tok := tokenOf(c)
	req := httptest.NewRequest("GET", "/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok[:len(tok)-4]+"AAAA")
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		e.router.ServeHTTP(w, req)
		if w.Code != http.StatusUnauthorized {
			b.Fatalf("status = %d", w.Code)
		}
	}
}
