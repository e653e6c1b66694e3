package client_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestParseSSE(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		want   []string
		lastID string
		retry  int64
	}{
		{"LF", "id: 1\nevent: job.created\ndata: {}\n\n", []string{"job.created|1|{}"}, "1", 0},
		{"CRLF and CR", "id: 1\r\nevent: a\r\ndata: x\r\n\r\nid: 2\revent: b\rdata: y\r\r", []string{"a|1|x", "b|2|y"}, "2", 0},
		{"BOM", "\uFEFFdata: x\n\n", []string{"message||x"}, "", 0},
		{"multi-line data", "data: {\"job_id\":\ndata: \"j1\"}\n\n", []string{"message||{\"job_id\":\n\"j1\"}"}, "", 0},
		{"no space after colon", "event:a\ndata:x\n\n", []string{"a||x"}, "", 0},
		{"comment and unknown field", ": ping\nfoo: bar\ndata: x\n\n", []string{"message||x"}, "", 0},
		{"id alone moves the last id", "id: 7\n\n", nil, "7", 0},
		{"id with NUL ignored", "id: 1\n\nid: a\x00b\ndata: x\n\n", []string{"message|1|x"}, "1", 0},
		{"event without data is dropped", "event: a\n\ndata: x\n\n", []string{"message||x"}, "", 0},
		{"retry", "retry: 1500\n\nretry: 2s\n\n", nil, "", 1500},
		{"cut off event is not dispatched", "id: 1\ndata: x\n\nid: 2\ndata: y\n", []string{"message|1|x"}, "1", 0},
		{"empty id clears it", "id: 1\n\nid\ndata: x\n\n", []string{"message||x"}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, lastID, retry, err := client.ParseSSE([]byte(tt.body))
			if !errors.Is(err, io.EOF) {
				t.Errorf("ParseSSE(%q) error = %v, want EOF", tt.body, err)
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) || lastID != tt.lastID || retry != tt.retry {
				t.Errorf("ParseSSE(%q) = %q, id %q, retry %d; want %q, id %q, retry %d", tt.body, got, lastID, retry, tt.want, tt.lastID, tt.retry)
			}
		})
	}
	t.Run("TooLong", func(t *testing.T) {
		body := "data: " + strings.Repeat("x", 70<<10) + "\n\n"
		if _, _, _, err := client.ParseSSE([]byte(body)); err == nil || errors.Is(err, io.EOF) {
			t.Errorf("ParseSSE(70 KiB line) error = %v, want a limit error", err)
		}
	})
}

func FuzzParseSSE(f *testing.F) {
	for _, s := range []string{"id: 1\nevent: a\ndata: {}\n\n", "\r\n\r", "data\n\n", ":\n", "retry: 99999999999\n\n", "id: \x00\n\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, _, retry, err := client.ParseSSE(body)
		if err == nil {
			t.Fatal("ParseSSE returned without an error before the end of input")
		}
		if retry < 0 {
			t.Errorf("retry = %d, want >= 0", retry)
		}
		if len(evs) > len(body) {
			t.Errorf("%d events from %d bytes", len(evs), len(body))
		}
	})
}

// eventServer adds GET /events to a fakeAPI; each connection runs the next
// step of a script (the last one repeats).
type eventServer struct {
	f      *fakeAPI
	mu     sync.Mutex
	script []func(w http.ResponseWriter, r *http.Request)
	// lastIDs is the Last-Event-ID of each connection, in order.
	lastIDs []string
}

func newEventServer(t *testing.T, script ...func(w http.ResponseWriter, r *http.Request)) *eventServer {
	f := newFakeAPI(t)
	es := &eventServer{f: f, script: script}
	f.mux.HandleFunc("GET /events", f.protected(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		es.mu.Lock()
		n := len(es.lastIDs)
		es.lastIDs = append(es.lastIDs, r.Header.Get("Last-Event-ID"))
		step := es.script[min(n, len(es.script)-1)]
		es.mu.Unlock()
		step(w, r)
	}))
	return es
}

func (es *eventServer) seenIDs() []string {
	es.mu.Lock()
	defer es.mu.Unlock()
	return append([]string(nil), es.lastIDs...)
}

// stream writes body as an event stream, then ends the response.
func stream(body string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, body)
	}
}

// hold writes body as an event stream and keeps the connection open.
func hold(body string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		stream(body)(w, r)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
}

func status(code int, header ...string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		writeJSON(w, code, hiregate.ErrorBody{Detail: http.StatusText(code)})
	}
}

var fastRetry = client.StreamOptions{MinBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond}

func (es *eventServer) open(t *testing.T, opt client.StreamOptions) (*client.Client, *client.EventStream) {
	t.Helper()
	c := es.f.client(newClock())
	es.f.login(c)
	s := c.Events(context.Background(), opt)
	t.Cleanup(s.Close)
	return c, s
}

// next returns the stream's next update, failing the test if none comes.
func next(t *testing.T, s *client.EventStream) (client.Update, bool) {
	t.Helper()
	select {
	case u, ok := <-s.Updates():
		return u, ok
	case <-time.After(10 * time.Second):
		t.Fatal("no update from the event stream")
	}
	return client.Update{}, false
}

func describe(u client.Update) string {
	if u.Event != nil {
		return fmt.Sprintf("event %s %s %+v", u.Event.ID, u.Event.Type, u.Event.Data)
	}
	return u.State.String()
}

// expect reads updates and compares them with want (see describe).
func expect(t *testing.T, s *client.EventStream, want ...string) []client.Update {
	t.Helper()
	var got []client.Update
	for _, w := range want {
		u, ok := next(t, s)
		if !ok {
			t.Fatalf("updates closed, want %q", w)
		}
		if d := describe(u); d != w {
			t.Fatalf("update = %q (err %v), want %q", d, u.Err, w)
		}
		got = append(got, u)
	}
	return got
}

func TestEventsDeliverAndResume(t *testing.T) {
	es := newEventServer(t,
		stream("retry: 1\n\nid: e1\nevent: application.moved\ndata: {\"application_id\":\"a1\",\"job_id\":\"j1\",\"status\":\"interview\"}\n\n: ping\n\nid: e2\n\nid: e3\nevent: job.created\ndata: {\"job_id\""),
		hold("event: reset\ndata: {}\n\n"),
	)
	_, s := es.open(t, fastRetry)
	ups := expect(t, s,
		"connected",
		"event e1 application.moved {JobID:j1 ApplicationID:a1 Status:interview NoteID: InterviewID: Reason:}",
		"reconnecting",
		"connected",
		"event e2 reset {JobID: ApplicationID: Status: NoteID: InterviewID: Reason:}",
	)
	if ups[2].Err == nil {
		t.Error("reconnecting update has no error")
	}
	// The id-only frame counts; the event cut off by the drop does not.
	if got := es.seenIDs(); fmt.Sprint(got) != "[ e2]" {
		t.Errorf("Last-Event-ID per connection = %q, want [\"\" e2]", got)
	}
	if got := s.LastEventID(); got != "e2" {
		t.Errorf("LastEventID() = %q, want e2", got)
	}
}

func TestEventsResumeFromOption(t *testing.T) {
	es := newEventServer(t, hold(""))
	_, s := es.open(t, client.StreamOptions{LastEventID: "e41"})
	expect(t, s, "connected")
	if got := es.seenIDs(); fmt.Sprint(got) != "[e41]" {
		t.Errorf("Last-Event-ID = %q, want e41", got)
	}
}

func TestEventsBackoff(t *testing.T) {
	es := newEventServer(t, status(503), status(500), hold(""))
	_, s := es.open(t, fastRetry)
	ups := expect(t, s, "reconnecting", "reconnecting", "connected")
	for i, u := range ups[:2] {
		if u.Retry <= 0 || u.Retry > fastRetry.MaxBackoff {
			t.Errorf("reconnect %d waits %s, want between 0 and %s", i, u.Retry, fastRetry.MaxBackoff)
		}
	}
	if got := hiregate.ErrorCode(ups[0].Err); got != hiregate.EUNAVAILABLE {
		t.Errorf("first error code = %q, want %q", got, hiregate.EUNAVAILABLE)
	}
}

func TestEventsThrottledWaitsRetryAfter(t *testing.T) {
	es := newEventServer(t, status(429, "Retry-After", "7"), hold(""))
	_, s := es.open(t, fastRetry)
	u := expect(t, s, "reconnecting")[0]
	if u.Retry < 5*time.Second || u.Retry > 7*time.Second {
		t.Errorf("wait after 429 Retry-After: 7 = %s, want about 7 s", u.Retry)
	}
}

func TestEventsRefreshOn401(t *testing.T) {
	es := newEventServer(t, hold(""))
	c, s := func() (*client.Client, *client.EventStream) {
		c := es.f.client(newClock())
		es.f.login(c)
		es.f.expireAccess()
		s := c.Events(context.Background(), fastRetry)
		t.Cleanup(s.Close)
		return c, s
	}()
	expect(t, s, "connected")
	if _, refreshes := es.f.counts(); refreshes != 1 {
		t.Errorf("refreshes = %d, want 1", refreshes)
	}
	if !c.LoggedIn() {
		t.Error("client forgot its tokens after a successful refresh")
	}
}

func TestEventsEnd(t *testing.T) {
	tests := []struct {
		name   string
		script func(w http.ResponseWriter, r *http.Request)
		setup  func(f *fakeAPI)
		want   []string
		check  func(t *testing.T, err error, c *client.Client)
	}{
		{
			name:   "SessionRevoked",
			script: hold("event: session.revoked\ndata: {\"reason\":\"Your account was deactivated\"}\n\n"),
			want:   []string{"connected", "event  session.revoked {JobID: ApplicationID: Status: NoteID: InterviewID: Reason:Your account was deactivated}"},
			check: func(t *testing.T, err error, c *client.Client) {
				if e := asError(t, err); e.Code != hiregate.EUNAUTHORIZED || e.Message != hiregate.ReasonDeactivated {
					t.Errorf("end = %v, want unauthorized with the reason", err)
				}
				if c.LoggedIn() {
					t.Error("client kept the revoked session's tokens")
				}
			},
		},
		{
			name:   "RefreshRefused",
			script: hold(""),
			setup:  func(f *fakeAPI) { f.revokeAll() },
			check: func(t *testing.T, err error, _ *client.Client) {
				if !client.IsSessionExpired(err) {
					t.Errorf("end = %v, want session expired", err)
				}
			},
		},
		{
			name:   "NoRoute",
			script: status(404),
			check: func(t *testing.T, err error, _ *client.Client) {
				if got := hiregate.ErrorCode(err); got != hiregate.ENOTFOUND {
					t.Errorf("end = %v, want %s", err, hiregate.ENOTFOUND)
				}
			},
		},
		{
			name:   "NotAnEventStream",
			script: func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]string{}) },
			check: func(t *testing.T, err error, _ *client.Client) {
				if err == nil || !strings.Contains(err.Error(), "not an event stream") {
					t.Errorf("end = %v, want 'not an event stream'", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := newEventServer(t, tt.script)
			c := es.f.client(newClock())
			es.f.login(c)
			if tt.setup != nil {
				tt.setup(es.f)
			}
			s := c.Events(context.Background(), fastRetry)
			t.Cleanup(s.Close)
			expect(t, s, tt.want...)
			u, ok := next(t, s)
			if !ok || u.State != client.StreamEnded {
				t.Fatalf("update = %q, want ended", describe(u))
			}
			tt.check(t, u.Err, c)
			if _, ok := next(t, s); ok {
				t.Error("updates not closed after the end")
			}
			if n := len(es.seenIDs()); n > 2 {
				t.Errorf("%d connections, want no reconnect after the end", n)
			}
		})
	}
}

func TestEventsNotLoggedIn(t *testing.T) {
	es := newEventServer(t, hold(""))
	c := es.f.client(newClock())
	s := c.Events(context.Background(), fastRetry)
	defer s.Close()
	if u, _ := next(t, s); u.State != client.StreamEnded || hiregate.ErrorCode(u.Err) != hiregate.EUNAUTHORIZED {
		t.Errorf("update = %q (%v), want ended, unauthorized", describe(u), u.Err)
	}
}

func TestEventsSilentServer(t *testing.T) {
	es := newEventServer(t, hold(""), hold(""))
	opt := fastRetry
	opt.IdleTimeout = 20 * time.Millisecond
	_, s := es.open(t, opt)
	u := expect(t, s, "connected", "reconnecting", "connected")[1]
	if u.Err == nil || !strings.Contains(u.Err.Error(), "heartbeat") {
		t.Errorf("reconnect cause = %v, want no heartbeat", u.Err)
	}
}

func TestEventsCloseStops(t *testing.T) {
	es := newEventServer(t, hold(""))
	_, s := es.open(t, fastRetry)
	expect(t, s, "connected")
	s.Close()
	for u := range s.Updates() {
		if u.State == client.StreamReconnecting {
			t.Errorf("update after Close = %q", describe(u))
		}
	}
}

func TestEventTokensNeverInErrors(t *testing.T) {
	es := newEventServer(t, status(500))
	c, s := es.open(t, fastRetry)
	access, refresh := c.Tokens()
	u := expect(t, s, "reconnecting")[0]
	if msg := u.Err.Error(); strings.Contains(msg, access) || strings.Contains(msg, refresh) || !utf8.ValidString(msg) {
		t.Errorf("error %q carries a token", msg)
	}
}
