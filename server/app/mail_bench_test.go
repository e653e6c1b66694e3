package app_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/mail/smtptest"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// BenchmarkMailDrain: 10,000 notifications queued in one transaction (a
// bulk move), drained by the server's own sender with its default pace
// into an SMTP server on loopback, while 4 signed-in clients each read
// GET /users/me or GET /jobs every 10 ms (up to 400 requests/s). Reports the time to
// drain, the API's p50/p99 during the drain and just before it (same
// load, no mail), and the heap. Run with -benchtime=1x:
//
//	go test ./server/app -run '^$' -bench MailDrain -benchtime=1x
func BenchmarkMailDrain(b *testing.B) {
	const mails, clients = 10_000, 4
	ctx := context.Background()
	for b.Loop() {
		srv := smtptest.Start(b, smtptest.Options{})
		a, err := app.Open(ctx, mailConfig(b, srv), nil)
		if err != nil {
			b.Fatal(err)
		}
		for i := range clients {
			_, err := a.Auth().CreateUser(ctx, hiregate.CreateUserRequest{Email: fmt.Sprintf("c%d@example.com", i),
				Password: "bench-password", FullName: "Bench", Role: hiregate.RoleCandidate})
			if err != nil {
				b.Fatal(err)
			}
		}
		cs := make([]*client.Client, clients)
		for i := range cs {
			if cs[i], err = client.New(a.URL()); err != nil {
				b.Fatal(err)
			}
			if _, err := cs[i].Login(ctx, fmt.Sprintf("c%d@example.com", i), "bench-password"); err != nil {
				b.Fatal(err)
			}
		}
		load := func(d time.Duration, stop <-chan struct{}) []time.Duration {
			var mu sync.Mutex
			var lat []time.Duration
			var wg sync.WaitGroup
			end := time.Now().Add(d)
			for _, c := range cs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var mine []time.Duration
					for i := 0; ; i++ {
						select {
						case <-stop:
							mu.Lock()
							lat = append(lat, mine...)
							mu.Unlock()
							return
						default:
						}
						if d > 0 && time.Now().After(end) {
							mu.Lock()
							lat = append(lat, mine...)
							mu.Unlock()
							return
						}
						t0 := time.Now()
						if i%2 == 0 {
							_, err = c.Me(ctx)
						} else {
							_, err = c.ListJobs(ctx, hiregate.JobFilter{})
						}
						if err != nil {
							b.Error(err)
						}
						mine = append(mine, time.Since(t0))
						time.Sleep(time.Until(t0.Add(10 * time.Millisecond)))
					}
				}()
			}
			wg.Wait()
			return lat
		}
		before := load(3*time.Second, nil)

		runtime.GC()
		var ms0 runtime.MemStats
		runtime.ReadMemStats(&ms0)
		start := time.Now()
		err = a.Store().Atomic(ctx, func(tx store.Store) error {
			for i := range mails {
				if err := tx.QueueMail(ctx, store.MailRequest{To: fmt.Sprintf("m%05d@example.com", i), ToName: "Candidate " + strconv.Itoa(i),
					Template: hiregate.MailTemplateStageChanged,
					Data:     map[string]string{"JobTitle": "Go developer", "ApplicationID": strconv.Itoa(i), "Stage": "interview"}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		queued := time.Since(start)
		stop := make(chan struct{})
		var during []time.Duration
		done := make(chan struct{})
		go func() { during = load(0, stop); close(done) }()
		var peak uint64
		sampler := make(chan struct{})
		go func() {
			defer close(sampler)
			for {
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		}()
		srv.WaitFor(b, mails, 30*time.Minute)
		drained := time.Since(start)
		close(stop)
		<-done
		<-sampler
		if err := a.Close(); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(queued.Seconds(), "queue_s")
		b.ReportMetric(drained.Seconds(), "drain_s")
		b.ReportMetric(float64(mails)/drained.Seconds(), "mails/s")
		b.ReportMetric(pct(before, 50), "p50_ms_before")
		b.ReportMetric(pct(before, 99), "p99_ms_before")
		b.ReportMetric(pct(during, 50), "p50_ms_drain")
		b.ReportMetric(pct(during, 99), "p99_ms_drain")
		b.ReportMetric(float64(len(during))/drained.Seconds(), "req/s_drain")
		b.ReportMetric(float64(len(before))/3, "req/s_before")
		b.ReportMetric(float64(peak)/(1<<20), "peak_heap_MB")
		b.ReportMetric(float64(ms0.HeapInuse)/(1<<20), "heap_before_MB")
		if rss := vmHWM(); rss > 0 {
			b.ReportMetric(rss, "max_rss_MB")
		}
	}
}

func pct(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[(len(s)-1)*p/100].Microseconds()) / 1000
}

// vmHWM is the process's peak resident set (Linux), in MB.
func vmHWM() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
