package events_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/events/eventstest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// streamServer serves one stream per request for viewer and reports each
// subscription and the end of each Serve.
type streamServer struct {
	*httptest.Server
	broker *events.Broker
	subs   chan *events.Subscription
	served chan struct{}
}

func newStreamServer(tb testing.TB, bcfg events.Config, scfg events.StreamConfig, viewer func(n int) events.Viewer) *streamServer {
	tb.Helper()
	b, err := events.NewBroker(bcfg)
	if err != nil {
		tb.Fatal(err)
	}
	st, err := events.NewStreamer(scfg)
	if err != nil {
		tb.Fatal(err)
	}
	s := &streamServer{broker: b, subs: make(chan *events.Subscription, 1), served: make(chan struct{}, 1)}
	var n atomic.Int64
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sub, err := b.Subscribe(viewer(int(n.Add(1))), "")
		if err != nil {
			http.Error(w, err.Error(), http.StatusTooManyRequests)
			return
		}
		select {
		case s.subs <- sub:
		default:
		}
		st.Serve(w, r, sub, events.Session{})
		select {
		case s.served <- struct{}{}:
		default:
		}
	}))
	// As in the server: streams cap their connection's send buffer.
	s.Config.ConnContext = events.ConnContext
	s.Start()
	tb.Cleanup(s.Close)
	return s
}

// dialStream opens a stream over a raw connection with a small receive
// buffer, reads the response head and the first frame, and from then on
// reads nothing at all.
func dialStream(tb testing.TB, addr string) net.Conn {
	tb.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		})
		if err != nil {
			return err
		}
		return serr
	}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		tb.Fatalf("dial: %v", err)
	}
	tb.Cleanup(func() { conn.Close() })
	if _, err := fmt.Fprintf(conn, "GET /events HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\n\r\n", addr); err != nil {
		tb.Fatalf("write request: %v", err)
	}
	rd := bufio.NewReaderSize(conn, 512)
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			tb.Fatalf("read response head: %v", err)
		}
		if strings.HasPrefix(line, "HTTP/1.1 ") && !strings.HasPrefix(line, "HTTP/1.1 200") {
			tb.Fatalf("response = %q, want 200", line)
		}
		if strings.Contains(line, "retry:") {
			return conn
		}
	}
}

// A reader that never reads must neither hold up publishers nor make the
// server buffer its events: its queue stays at the configured size, it is
// told to reset, and once the connection's buffers are full the write
// times out and the stream is dropped.
func TestServeSlowReaderIsDropped(t *testing.T) {
	srv := newStreamServer(t,
		events.Config{Buffer: 8, History: 1000},
		events.StreamConfig{WriteTimeout: 100 * time.Millisecond, Clock: eventstest.NewClock(t0)},
		func(int) events.Viewer { return admin })
	dialStream(t, srv.Listener.Addr().String())
	sub := <-srv.subs
	ctx := context.Background()
	published := 0
	for {
		for range 1000 {
			srv.broker.Publish(ctx, events.JobCreated(job(strings.Repeat("j", 100), "r1", hiregate.JobOpen)))
			published++
			if q := sub.Queued(); q > 8 {
				t.Fatalf("slow stream queues %d events, want at most its buffer of 8", q)
			}
		}
		select {
		case <-srv.served:
			if got := srv.broker.Streams(); got != 0 {
				t.Errorf("Streams() = %d after the slow stream ended, want 0", got)
			}
			t.Logf("slow stream dropped after %d events", published)
			return
		case <-time.After(20 * time.Millisecond):
		}
		if published > 2_000_000 {
			t.Fatalf("slow stream still open after %d events", published)
		}
	}
}

// BenchmarkOpenStreams opens b.N streams that stay idle and reports the
// server's memory per stream (heap and goroutine stacks; the raw client
// connections, a few hundred bytes each, are in the figure too). Run with
// -benchtime 1000x for the figure in docs/PERFORMANCE.md.
func BenchmarkOpenStreams(b *testing.B) {
	srv := newStreamServer(b,
		events.Config{MaxPerUser: b.N + 1},
		events.StreamConfig{},
		func(n int) events.Viewer {
			return events.Viewer{UserID: fmt.Sprint("u", n%50), Role: hiregate.RoleCandidate, SessionID: fmt.Sprint("s", n)}
		})
	addr := srv.Listener.Addr().String()
	before := memory()
	g0 := runtime.NumGoroutine()
	b.ResetTimer()
	for range b.N {
		dialStream(b, addr)
	}
	b.StopTimer()
	after := memory()
	b.ReportMetric(float64(after-before)/float64(b.N), "bytes/stream")
	b.ReportMetric(float64(runtime.NumGoroutine()-g0)/float64(b.N), "goroutines/stream")
	if got := srv.broker.Streams(); got != b.N {
		b.Fatalf("Streams() = %d, want %d", got, b.N)
	}
	// One event to every stream: publishing to many idle streams.
	start := time.Now()
	srv.broker.Publish(context.Background(), events.JobCreated(job("j1", "r1", hiregate.JobOpen)))
	b.ReportMetric(float64(time.Since(start).Microseconds()), "µs/publish-to-all")
}

func memory() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

// BenchmarkPublish publishes b.N events into a full history with no
// streams and reports the heap each event the history keeps costs.
func BenchmarkPublish(b *testing.B) {
	br, err := events.NewBroker(events.Config{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	a := application("01JDQ3Z8V6Q5M3N2K1J0H9G8F7", "01JDQ3Z8V6Q5M3N2K1J0H9G8F8", "01JDQ3Z8V6Q5M3N2K1J0H9G8F9", hiregate.StageInterview)
	before := memory()
	b.ResetTimer()
	for range b.N {
		br.Publish(ctx, events.ApplicationMoved(a, "01JDQ3Z8V6Q5M3N2K1J0H9G8FA"))
	}
	b.StopTimer()
	kept := min(b.N, events.DefaultHistory)
	after := memory()
	runtime.KeepAlive(br)
	b.ReportMetric(float64(int64(after)-int64(before))/float64(kept), "bytes/kept-event")
}
