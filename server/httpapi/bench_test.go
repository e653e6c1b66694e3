package httpapi_test

import (
	"io"
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

// BenchmarkHTTPJobBoard is a load test over real loopback TCP: parallel
// candidates page through the job board (auth, revocation check, a keyset
// page of 20 jobs, JSON). ns/op is the inverse of throughput.
func BenchmarkHTTPJobBoard(b *testing.B) {
	e := newEnv(b)
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	for i := range 200 {
		if _, err := rec.CreateJob(bg, validJob("Engineer "+string(rune('A'+i%26)))); err != nil {
			b.Fatal(err)
		}
	}
	_, cand := e.user(hiregate.RoleCandidate, "cand@example.com")
	token := tokenOf(cand)
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	b.ReportAllocs()
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("GET", e.srv.URL+"/jobs?limit=20", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status = %d", resp.StatusCode)
				return
			}
		}
	})
}
