// Package loadgen is the closed-loop HTTP load generator behind the repo's
// benchmarks (bench/cmd/benchhttp, bench/cmd/loadbench): workers,
// each with a keep-alive connection of its own as wrk's are, send requests
// one after another until a time or a request count runs out, and the
// latencies come back sorted for percentiles.
package loadgen

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// MaxRequests bounds a timed load, so a fast server cannot fill the memory
// with latencies.
const MaxRequests = 2_000_000

// Request builds the i-th request of a load (i counts from 0 across all
// workers); it is called once per request so that bodies are fresh.
type Request func(i int) (*http.Request, error)

// Result is what one load produced.
type Result struct {
	N        int // answered requests
	Statuses map[int]int
	Errs     int // requests that got no answer (or could not be built)
	Elapsed  time.Duration
	Lat      []time.Duration // sorted
}

// Rate is answered requests per second.
func (r Result) Rate() float64 { return float64(r.N) / r.Elapsed.Seconds() }

// Pct is the p-quantile of the latencies (0 when none).
func (r Result) Pct(p float64) time.Duration {
	if len(r.Lat) == 0 {
		return 0
	}
	return r.Lat[int(float64(len(r.Lat)-1)*p)]
}

// Failed counts requests without an answer or with a status of 300 or more.
func (r Result) Failed() int {
	n := r.Errs
	for code, c := range r.Statuses {
		if code >= 300 {
			n += c
		}
	}
	return n
}

func (r Result) String() string {
	return fmt.Sprintf("%9.0f req/s  p50 %7s  p99 %7s  n=%d statuses=%v errors=%d",
		r.Rate(), MS(r.Pct(0.50)), MS(r.Pct(0.99)), r.N, r.Statuses, r.Errs)
}

// Merge adds up loads run one after another against the same target (the
// slices of an interleaved measurement): their requests, statuses, errors
// and time, and all their latencies, sorted.
func Merge(rs ...Result) Result {
	m := Result{Statuses: map[int]int{}}
	for _, r := range rs {
		m.Errs += r.Errs
		m.Elapsed += r.Elapsed
		m.Lat = append(m.Lat, r.Lat...)
		for code, n := range r.Statuses {
			m.Statuses[code] += n
		}
	}
	m.N = len(m.Lat)
	slices.Sort(m.Lat)
	return m
}

// MS formats d in milliseconds.
func MS(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/1e6) }

func newClient() *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			MaxIdleConns:        1,
			MaxIdleConnsPerHost: 1,
			DisableCompression:  true,
		},
	}
}

// Run sends mk's requests from conns workers until d has passed (d 0: no
// time limit) or n requests were started, whichever comes first.
func Run(ctx context.Context, conns int, d time.Duration, n int, mk Request) Result {
	if d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	var (
		mu    sync.Mutex
		total = Result{Statuses: map[int]int{}}
		wg    sync.WaitGroup
		next  atomic.Int64
	)
	start := time.Now()
	for range conns {
		wg.Go(func() {
			cl := newClient()
			defer cl.CloseIdleConnections()
			lat := make([]time.Duration, 0, 1<<10)
			st := map[int]int{}
			errs := 0
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					break
				}
				req, err := mk(i)
				if err != nil {
					errs++
					continue
				}
				t0 := time.Now()
				resp, err := cl.Do(req.WithContext(ctx))
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if err != nil {
					if ctx.Err() == nil {
						errs++
					}
					continue
				}
				lat = append(lat, time.Since(t0))
				st[resp.StatusCode]++
			}
			mu.Lock()
			defer mu.Unlock()
			total.Lat = append(total.Lat, lat...)
			for k, v := range st {
				total.Statuses[k] += v
			}
			total.Errs += errs
		})
	}
	wg.Wait()
	total.Elapsed = time.Since(start)
	total.N = len(total.Lat)
	slices.Sort(total.Lat)
	return total
}

// Get is a GET of url, with a bearer token unless it is "".
func Get(url, token string) Request {
	return func(int) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodGet, url, nil)
		if err == nil && token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return req, err
	}
}

// Post is a POST of body(i) to url as contentType, with a bearer token
// unless it is "".
func Post(url, token, contentType string, body func(i int) []byte) Request {
	return func(i int) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body(i)))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", contentType)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return req, nil
	}
}
