package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/hashworker"
	"github.com/hiregate/hiregate/server/seed"
)

func loginStatus(t *testing.T, a *app.App) (int, string) {
	t.Helper()
	resp, err := http.PostForm(a.URL()+"/auth/login", url.Values{"username": {seed.CandidateEmail}, "password": {seed.DemoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

// TestHashWorkerDeath: with passwords hashed in a worker process, a login
// whose worker died is a 503 with Retry-After (not a 500, and not counted
// as a guess), and the next login is served by a new worker.
func TestHashWorkerDeath(t *testing.T) {
	cfg := app.TestConfig(t.TempDir())
	cfg.Demo = true
	cfg.HashConcurrency = 1
	worker := hashworker.Self(nil)
	log, logs := logger()
	a, err := app.Open(context.Background(), cfg, log, app.WithHashWorker(worker))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if code, _ := loginStatus(t, a); code != http.StatusOK {
		t.Fatalf("login = %d, want 200", code)
	}
	pids := a.HashWorkerPids()
	if len(pids) != 1 {
		t.Fatalf("HashWorkerPids() = %v, want one worker (logs: %s)", pids, logs)
	}
	p, _ := os.FindProcess(pids[0])
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	if code, after := loginStatus(t, a); code != http.StatusServiceUnavailable || after == "" {
		t.Errorf("login with its worker dead = %d, Retry-After %q; want 503 with Retry-After", code, after)
	}
	if code, _ := loginStatus(t, a); code != http.StatusOK {
		t.Errorf("login after the death = %d, want 200 from a new worker", code)
	}
	if got := a.HashWorkerPids(); len(got) != 1 || got[0] == pids[0] {
		t.Errorf("HashWorkerPids() = %v, want one new worker instead of %d", got, pids[0])
	}
	if !strings.Contains(logs.String(), "hash worker died") || strings.Contains(logs.String(), seed.DemoPassword) {
		t.Errorf("logs = %s\nwant the death logged and no password", logs)
	}
}

// TestHashWorkerFallback: when the worker cannot be started the server
// says so and hashes in-process.
func TestHashWorkerFallback(t *testing.T) {
	cfg := app.TestConfig(t.TempDir())
	cfg.Demo = true
	worker := &hashworker.Cmd{Path: filepath.Join(t.TempDir(), "no-such-binary")}
	log, logs := logger()
	a, err := app.Open(context.Background(), cfg, log, app.WithHashWorker(worker))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if code, _ := loginStatus(t, a); code != http.StatusOK {
		t.Errorf("login = %d, want 200 from in-process hashing", code)
	}
	if pids := a.HashWorkerPids(); pids != nil {
		t.Errorf("HashWorkerPids() = %v, want none", pids)
	}
	if !strings.Contains(logs.String(), "hashing passwords in this process") {
		t.Errorf("logs = %s\nwant the fallback explained", logs)
	}
}

// TestRegistrationBurst: twenty people registering at once on a server
// with two hash workers all get their account. Each hash waits for the
// ones ahead of it (about ten hash times here) instead of being refused
// because a short queue was full.
func TestRegistrationBurst(t *testing.T) {
	const n = 20
	cfg := app.TestConfig(t.TempDir())
	cfg.BcryptCost = 10 // long enough that the twenty overlap
	cfg.HashConcurrency = 2
	a, err := app.Open(context.Background(), cfg, nil, app.WithHashWorker(hashworker.Self(nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	statuses := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			body := fmt.Sprintf(`{"email":"burst%d@example.com","password":"a long enough password","full_name":"Burst %d"}`, i, i)
			resp, err := http.Post(a.URL()+"/auth/register", "application/json", strings.NewReader(body))
			if err != nil {
				statuses <- err.Error()
				return
			}
			resp.Body.Close()
			statuses <- resp.Status
		})
	}
	wg.Wait()
	close(statuses)
	count := map[string]int{}
	for s := range statuses {
		count[s]++
	}
	if count["201 Created"] != n {
		t.Errorf("%d registrations at once: %v, want all 201 Created", n, count)
	}
}
