package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// request builds one request of a load; it is called once per request so
// that bodies are fresh.
type request func() (*http.Request, error)

// result is what one load produced.
type result struct {
	n        int
	statuses map[int]int
	errs     int
	elapsed  time.Duration
	lat      []time.Duration // sorted
}

func (r result) rate() float64 { return float64(r.n) / r.elapsed.Seconds() }

func (r result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(float64(len(r.lat)-1) * p)
	return r.lat[i]
}

func (r result) String() string {
	return fmt.Sprintf("%9.0f req/s  p50 %7s  p99 %7s  n=%d statuses=%v errors=%d",
		r.rate(), ms(r.pct(0.50)), ms(r.pct(0.99)), r.n, r.statuses, r.errs)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/1e6) }

// newClient is one keep-alive connection: every worker of a load has its
// own, as wrk's connections do.
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

// load runs conns closed-loop workers issuing mk's requests for d (never
// more than maxReqs in all, so a fast server cannot fill the memory).
func load(ctx context.Context, conns int, d time.Duration, mk request) result {
	const maxReqs = 2_000_000
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu    sync.Mutex
		total = result{statuses: map[int]int{}}
		wg    sync.WaitGroup
		count int64
	)
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := newClient()
			defer cl.CloseIdleConnections()
			lat := make([]time.Duration, 0, 1<<14)
			st := map[int]int{}
			errs := 0
			for ctx.Err() == nil {
				mu.Lock()
				count++
				over := count > maxReqs
				mu.Unlock()
				if over {
					break
				}
				req, err := mk()
				if err != nil {
					errs++
					continue
				}
				t0 := time.Now()
				resp, err := cl.Do(req.WithContext(ctx))
				if err != nil {
					if ctx.Err() == nil {
						errs++
					}
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
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
			total.lat = append(total.lat, lat...)
			for k, v := range st {
				total.statuses[k] += v
			}
			total.errs += errs
			mu.Unlock()
		}()
	}
	wg.Wait()
	total.elapsed = time.Since(start)
	total.n = len(total.lat)
	slices.Sort(total.lat)
	return total
}

func get(url, token string) request {
	return func() (*http.Request, error) {
		req, err := http.NewRequest(http.MethodGet, url, nil)
		if err == nil && token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return req, err
	}
}

func post(url, token, contentType string, body func() []byte) request {
	return func() (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body()))
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
