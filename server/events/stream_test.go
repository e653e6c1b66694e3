package events_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/events/eventstest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// rig is a broker and a streamer behind an HTTP server, on a fake clock.
type rig struct {
	broker *events.Broker
	clock  *eventstest.Clock
	srv    *httptest.Server
	// session is what every stream opened on the rig checks.
	session events.Session
	viewer  events.Viewer
}

func newRig(t *testing.T, cfg events.Config) *rig {
	t.Helper()
	r := &rig{clock: eventstest.NewClock(t0), viewer: recr1}
	cfg.Now = r.clock.Now
	var err error
	if r.broker, err = events.NewBroker(cfg); err != nil {
		t.Fatalf("NewBroker: %v", err)
	}
	st, err := events.NewStreamer(events.StreamConfig{Clock: r.clock, Ping: 20 * time.Second, Check: 2 * time.Second})
	if err != nil {
		t.Fatalf("NewStreamer: %v", err)
	}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		sub, err := r.broker.Subscribe(r.viewer, req.Header.Get("Last-Event-ID"))
		if err != nil {
			http.Error(w, hiregate.ErrorMessage(err), hiregate.StatusCode(hiregate.ErrorCode(err)))
			return
		}
		st.Serve(w, req, sub, r.session)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// sse is a client reading a stream frame by frame.
type sse struct {
	t    *testing.T
	resp *http.Response
	rd   *bufio.Reader
}

func (r *rig) open(t *testing.T, lastID string) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, r.srv.URL, nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET stream: %v", err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET stream = %s, want 200", resp.Status)
	}
	s := &sse{t: t, resp: resp, rd: bufio.NewReader(resp.Body)}
	if got := s.frame(); !strings.HasPrefix(got, "retry: ") {
		t.Fatalf("first frame = %q, want the retry hint", got)
	}
	return s
}

// frameWait bounds one frame read: a frame that never comes fails the
// test with what arrived, instead of hanging until the test binary's
// timeout with no name to go on. It is a watchdog, not a timing
// assertion: every frame the tests expect is due at once.
const frameWait = 30 * time.Second

// frame reads up to and including the next blank line; "" at EOF.
func (s *sse) frame() string {
	s.t.Helper()
	var timedOut atomic.Bool
	watchdog := time.AfterFunc(frameWait, func() {
		timedOut.Store(true)
		s.resp.Body.Close()
	})
	defer watchdog.Stop()
	var b strings.Builder
	for {
		line, err := s.rd.ReadString('\n')
		b.WriteString(line)
		if line == "\n" && b.Len() > 1 {
			return b.String()
		}
		if err == io.EOF {
			return b.String()
		}
		if timedOut.Load() {
			s.t.Fatalf("no complete frame within %s; got %q", frameWait, b.String())
		}
		if err != nil {
			s.t.Fatalf("reading stream: %v", err)
		}
	}
}

// eof asserts the server ended the stream.
func (s *sse) eof() {
	s.t.Helper()
	watchdog := time.AfterFunc(frameWait, func() { s.resp.Body.Close() })
	defer watchdog.Stop()
	if rest, err := io.ReadAll(s.rd); err != nil || len(rest) != 0 {
		s.t.Errorf("stream went on with %q (%v), want its end", rest, err)
	}
}

func idOf(frame string) string {
	for _, l := range strings.Split(frame, "\n") {
		if id, ok := strings.CutPrefix(l, "id: "); ok {
			return id
		}
	}
	return ""
}

func TestServeHeaders(t *testing.T) {
	r := newRig(t, events.Config{})
	s := r.open(t, "")
	if got := s.resp.Header.Get("Content-Type"); got != "text/event-stream" {
		t.Errorf("Content-Type = %q, want text/event-stream", got)
	}
	if got := s.resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
}

func TestServeDeliversEachEventAtOnce(t *testing.T) {
	r := newRig(t, events.Config{})
	s := r.open(t, "")
	r.clock.WaitTickers(2)
	ctx := context.Background()
	for _, st := range []hiregate.Stage{hiregate.StageScreening, hiregate.StageInterview} {
		r.broker.Publish(ctx, events.ApplicationMoved(application("a1", "j1", "c1", st), "r1"))
		// Read before the next publish: the event was flushed on its own.
		if got := s.frame(); !strings.Contains(got, `"status":"`+string(st)+`"`) {
			t.Errorf("frame = %q, want the move to %s", got, st)
		}
	}
	r.broker.Publish(ctx, events.ApplicationMoved(application("a2", "j2", "c2", hiregate.StageOffer), "r2"))
	r.broker.Publish(ctx, events.JobUpdated(hiregate.JobOpen, job("j1", "r1", hiregate.JobClosed)))
	if got := s.frame(); !strings.Contains(got, "event: job.updated") {
		t.Errorf("frame = %q, want job.updated (r2's move is not r1's to see)", got)
	}
}

func TestServePing(t *testing.T) {
	r := newRig(t, events.Config{})
	s := r.open(t, "")
	r.clock.WaitTickers(2)
	r.clock.Advance(20 * time.Second)
	if got := s.frame(); got != ": ping\n\n" {
		t.Errorf("frame after 20 s = %q, want a ping comment", got)
	}
}

func TestServeStartsAtHead(t *testing.T) {
	r := newRig(t, events.Config{})
	r.broker.Publish(context.Background(), events.JobCreated(job("j1", "r1", hiregate.JobOpen)))
	s := r.open(t, "")
	if got := s.frame(); !strings.HasPrefix(got, "id: ") || strings.Contains(got, "event:") {
		t.Errorf("frame = %q, want the current id alone", got)
	}
}

func TestServeResume(t *testing.T) {
	r := newRig(t, events.Config{})
	ctx := context.Background()
	s := r.open(t, "")
	r.clock.WaitTickers(2)
	r.broker.Publish(ctx, events.JobCreated(job("j1", "r1", hiregate.JobOpen)))
	last := idOf(s.frame())
	s.resp.Body.Close()
	r.broker.Publish(ctx, events.JobCreated(job("j2", "r1", hiregate.JobOpen)))
	r.broker.Publish(ctx, events.JobCreated(job("j3", "r2", hiregate.JobOpen)))
	r.broker.Publish(ctx, events.JobCreated(job("j4", "r1", hiregate.JobOpen)))

	s = r.open(t, last)
	for _, want := range []string{`"j2"`, `"j4"`} {
		if got := s.frame(); !strings.Contains(got, want) {
			t.Errorf("replayed frame = %q, want %s", got, want)
		}
	}
	if got := s.frame(); strings.Contains(got, "event:") {
		t.Errorf("after the replay = %q, want the current id", got)
	}

	t.Run("Unknown", func(t *testing.T) {
		s := r.open(t, "not-an-id")
		if got := s.frame(); !strings.Contains(got, "event: reset") || idOf(got) == "" {
			t.Errorf("frame = %q, want a reset with the current id", got)
		}
	})
}

func TestServeFallingBehindResets(t *testing.T) {
	r := newRig(t, events.Config{Buffer: 2})
	ctx := context.Background()
	s := r.open(t, "")
	r.clock.WaitTickers(2)
	// The stream's goroutine may write some before the queue overflows,
	// but not all 200: somewhere it is told to reset.
	for range 200 {
		r.broker.Publish(ctx, events.JobCreated(job("j", "r1", hiregate.JobOpen)))
	}
	var reset string
	for reset == "" {
		if got := s.frame(); strings.Contains(got, "event: reset") {
			reset = got
		} else if got == "" {
			t.Fatal("stream ended without a reset")
		}
	}
	if idOf(reset) == "" {
		t.Errorf("reset = %q, want the id to resume from", reset)
	}
	// The stream goes on: the next event arrives, or (when the 200 above
	// overflowed the queue again after that reset) another reset, which
	// covers it: the client reloads after it anyway.
	r.broker.Publish(ctx, events.JobCreated(job("after", "r1", hiregate.JobOpen)))
	for {
		got := s.frame()
		if strings.Contains(got, `"after"`) || strings.Contains(got, "event: reset") {
			break
		}
		if got == "" {
			t.Fatal("stream ended after the reset, want it to go on")
		}
	}
}

func TestServeEnds(t *testing.T) {
	tests := []struct {
		name    string
		session events.Session
		act     func(r *rig)
		last    string // the final frame, "" for none
	}{
		{
			name: "RevokedByEvent",
			act: func(r *rig) {
				r.broker.Publish(context.Background(), events.SessionRevoked("r1", "s-r1", hiregate.ReasonSessionRevoked))
			},
			last: "event: session.revoked\ndata: {\"reason\":\"This session was revoked\"}\n\n",
		},
		{
			name:    "RevokedByCheck",
			session: events.Session{Check: func(context.Context) error { return &events.Revoked{Reason: hiregate.ReasonDeactivated} }},
			act:     func(r *rig) { r.clock.Advance(2 * time.Second) },
			last:    "event: session.revoked\ndata: {\"reason\":\"Your account was deactivated\"}\n\n",
		},
		{
			name:    "CheckFails",
			session: events.Session{Check: func(context.Context) error { return errors.New("database is locked") }},
			act:     func(r *rig) { r.clock.Advance(2 * time.Second) },
		},
		{
			name:    "TokenExpires",
			session: events.Session{ExpiresAt: t0.Add(3 * time.Second)},
			act:     func(r *rig) { r.clock.Advance(4 * time.Second) },
		},
		{
			name: "BrokerCloses",
			act:  func(r *rig) { r.broker.Close() },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, events.Config{})
			r.session = tt.session
			s := r.open(t, "")
			r.clock.WaitTickers(2)
			tt.act(r)
			if tt.last != "" {
				got := s.frame()
				if id := idOf(got); id != "" {
					got = strings.TrimPrefix(got, "id: "+id+"\n")
				}
				if got != tt.last {
					t.Errorf("last frame = %q, want %q", got, tt.last)
				}
			}
			s.eof()
		})
	}
}

// TestServeQueuedEventBeatsCheck: when the session.revoked event of the
// change that ended the session is queued by the time a check finds the
// session over, the stream ends with the event's reason, not the check's
// coarser one.
func TestServeQueuedEventBeatsCheck(t *testing.T) {
	r := newRig(t, events.Config{})
	r.session = events.Session{Check: func(context.Context) error {
		// The change commits and publishes while the check reads it.
		r.broker.Publish(context.Background(), events.SessionsRevoked("r1", "", hiregate.ReasonErased))
		return &events.Revoked{Reason: hiregate.ReasonSessionRevoked}
	}}
	s := r.open(t, "")
	r.clock.WaitTickers(2)
	r.clock.Advance(2 * time.Second)
	got := s.frame()
	if id := idOf(got); id != "" {
		got = strings.TrimPrefix(got, "id: "+id+"\n")
	}
	if want := "event: session.revoked\ndata: {\"reason\":\"Your account was erased\"}\n\n"; got != want {
		t.Errorf("last frame = %q, want %q", got, want)
	}
	s.eof()
}

func TestServeKeepsGoingWhileSessionIsFine(t *testing.T) {
	r := newRig(t, events.Config{})
	checks := make(chan struct{}, 10)
	r.session = events.Session{
		ExpiresAt: t0.Add(time.Hour),
		Check:     func(context.Context) error { checks <- struct{}{}; return nil },
	}
	s := r.open(t, "")
	r.clock.WaitTickers(2)
	r.clock.Advance(2 * time.Second)
	<-checks
	r.broker.Publish(context.Background(), events.JobCreated(job("j1", "r1", hiregate.JobOpen)))
	if got := s.frame(); !strings.Contains(got, "job.created") {
		t.Errorf("frame = %q, want the event after a passed check", got)
	}
}

func TestServeClientLeaves(t *testing.T) {
	r := newRig(t, events.Config{})
	s := r.open(t, "")
	r.clock.WaitTickers(2)
	if got := r.broker.Streams(); got != 1 {
		t.Fatalf("Streams() = %d, want 1", got)
	}
	s.resp.Body.Close()
	// The server notices the closed connection and the handler ends.
	r.clock.WaitTickers(0)
	if got := r.broker.Streams(); got != 0 {
		t.Errorf("Streams() = %d after the client left, want 0", got)
	}
}

func TestServeThroughGin(t *testing.T) {
	clock := eventstest.NewClock(t0)
	b, err := events.NewBroker(events.Config{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	st, err := events.NewStreamer(events.StreamConfig{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.ReleaseMode)
	g := gin.New()
	g.GET("/events", func(c *gin.Context) {
		sub, err := b.Subscribe(admin, c.GetHeader("Last-Event-ID"))
		if err != nil {
			c.AbortWithStatus(http.StatusServiceUnavailable)
			return
		}
		st.Serve(c.Writer, c.Request, sub, events.Session{})
	})
	srv := httptest.NewServer(g)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	s := &sse{t: t, resp: resp, rd: bufio.NewReader(resp.Body)}
	s.frame()
	clock.WaitTickers(2)
	b.Publish(context.Background(), events.JobCreated(job("j1", "r1", hiregate.JobOpen)))
	if got := s.frame(); !strings.Contains(got, "job.created") {
		t.Errorf("frame through gin = %q, want job.created flushed", got)
	}
}

func TestNewStreamerConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  events.StreamConfig
		ok   bool
	}{
		{"defaults", events.StreamConfig{}, true},
		{"ping above the contract", events.StreamConfig{Ping: 26 * time.Second}, false},
		{"check too slow to close in 5 s", events.StreamConfig{Check: 6 * time.Second}, false},
		{"negative write timeout", events.StreamConfig{WriteTimeout: -1}, false},
		{"negative retry", events.StreamConfig{Retry: -1}, false},
	}
	for _, tt := range tests {
		_, err := events.NewStreamer(tt.cfg)
		if (err == nil) != tt.ok {
			t.Errorf("NewStreamer(%s) = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}
