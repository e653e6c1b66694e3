package loadgen_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/bench/loadgen"
)

func TestRunCountsEveryRequest(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen[string(body)] = true
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer tok" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()

	const n = 50
	r := loadgen.Run(context.Background(), 4, 0, n, loadgen.Post(srv.URL, "tok", "text/plain", func(i int) []byte {
		return []byte(strconv.Itoa(i))
	}))
	if r.N != n || r.Statuses[http.StatusCreated] != n || r.Errs != 0 || r.Failed() != 0 {
		t.Errorf("Run(n=%d) = N %d, statuses %v, errs %d, failed %d; want every request answered 201", n, r.N, r.Statuses, r.Errs, r.Failed())
	}
	if len(seen) != n {
		t.Errorf("server saw %d distinct request indexes, want %d (each i once)", len(seen), n)
	}
	for i := 1; i < len(r.Lat); i++ {
		if r.Lat[i] < r.Lat[i-1] {
			t.Fatalf("latencies not sorted at %d", i)
		}
	}
	if r.Pct(0.99) < r.Pct(0.5) || r.Pct(0.5) <= 0 {
		t.Errorf("Pct(0.5) = %v, Pct(0.99) = %v; want 0 < p50 <= p99", r.Pct(0.5), r.Pct(0.99))
	}

	bad := loadgen.Run(context.Background(), 2, 0, 10, loadgen.Get(srv.URL, ""))
	if bad.Failed() != 10 || bad.Statuses[http.StatusUnauthorized] != 10 {
		t.Errorf("Run without a token: failed %d, statuses %v; want 10 answered 401, all failed", bad.Failed(), bad.Statuses)
	}
	if (loadgen.Result{}).Pct(0.5) != 0 {
		t.Error("Pct of no latencies is not 0")
	}
}

func TestRunCountsUnansweredRequests(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.Close() // nothing listens any more
	r := loadgen.Run(context.Background(), 2, 0, 6, loadgen.Get(srv.URL, ""))
	if r.N != 0 || r.Errs != 6 || r.Failed() != 6 {
		t.Errorf("Run against a closed server = N %d, errs %d, failed %d; want 0, 6, 6", r.N, r.Errs, r.Failed())
	}
}

func TestMerge(t *testing.T) {
	ms := time.Millisecond
	a := loadgen.Result{N: 2, Statuses: map[int]int{200: 2}, Errs: 1, Elapsed: time.Second, Lat: []time.Duration{1 * ms, 4 * ms}}
	b := loadgen.Result{N: 2, Statuses: map[int]int{200: 1, 503: 1}, Elapsed: time.Second, Lat: []time.Duration{2 * ms, 3 * ms}}
	for _, tc := range []struct {
		name string
		in   []loadgen.Result
		want loadgen.Result
	}{
		{"none", nil, loadgen.Result{Statuses: map[int]int{}}},
		{"one", []loadgen.Result{a}, a},
		{"two", []loadgen.Result{a, b}, loadgen.Result{N: 4, Statuses: map[int]int{200: 3, 503: 1}, Errs: 1, Elapsed: 2 * time.Second,
			Lat: []time.Duration{1 * ms, 2 * ms, 3 * ms, 4 * ms}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := loadgen.Merge(tc.in...)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Merge = %+v, want %+v", got, tc.want)
			}
		})
	}
	if r := loadgen.Merge(a, b); r.Rate() != 2 || r.Failed() != 2 {
		t.Errorf("Merge(a, b): rate %v, failed %d; want 2/s over the summed time, 2 failed (one error, one 503)", r.Rate(), r.Failed())
	}
}
