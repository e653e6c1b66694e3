package gateway_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/hiregate/hiregate/tui/gateway"
	"github.com/hiregate/hiregate/tui/internal/testserver"
)

// loadSessions is how many sessions BenchmarkSessions holds open at once.
const loadSessions = 200

// BenchmarkSessions opens 200 SSH sessions at once, each signed in with a
// linked key (so each has its own tokens and live event stream), and
// reports the heap and goroutines each adds. The API server and the SSH
// clients run in this process too, so the figures are an upper bound for
// the gateway alone.
//
//	go test -run '^$' -bench Sessions -benchtime 1x ./tui/gateway
func BenchmarkSessions(b *testing.B) {
	f := start(b, func(c *gateway.Config) {
		c.MaxPerAddr, c.MaxSessions, c.AuthPerMinute = 2*loadSessions, 2*loadSessions, 100*loadSessions
		c.HandshakeTimeout = 5 * time.Minute
	})
	key, line := newKey(b)
	f.link(testserver.Candidate, line)
	for range b.N {
		before := heap()
		goroutines := runtime.NumGoroutine()
		terms := make([]*term, loadSessions)
		clients := make([]*gossh.Client, loadSessions)
		var wg sync.WaitGroup
		errs := make(chan error, loadSessions)
		// Connect a few at a time: the sessions are all open at once when
		// measured, but a shared test machine need not do 200 key
		// exchanges in the same instant.
		slots := make(chan struct{}, 16)
		for i := range loadSessions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				slots <- struct{}{}
				defer func() { <-slots }()
				c, err := f.dialErr(key)
				if err != nil {
					errs <- fmt.Errorf("dial %d: %w", i, err)
					return
				}
				clients[i] = c
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
		for i, c := range clients {
			terms[i] = shell(b, c, 100, 30)
		}
		for _, tm := range terms {
			tm.waitFor("Welcome, Priya Raman")
		}
		if n := f.g.Sessions(); n != loadSessions {
			b.Fatalf("%d sessions open, want %d", n, loadSessions)
		}
		after := heap()
		b.ReportMetric(float64(after-before)/loadSessions/1024, "KiB/session")
		b.ReportMetric(float64(runtime.NumGoroutine()-goroutines)/loadSessions, "goroutines/session")
		for _, tm := range terms {
			tm.typeText("q")
		}
		for _, tm := range terms {
			tm.ended()
		}
		for _, c := range clients {
			c.Close()
		}
	}
}

func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
