package app_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/events/eventstest"
	"github.com/hiregate/hiregate/server/postgres/pgtest"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/testclock"
)

// liveServer is a real server on loopback, with a few users.
type liveServer struct {
	t   *testing.T
	app *app.App
	ids map[string]string // email -> user id
}

func openLive(t *testing.T, tune func(*config.Config), opts ...app.Option) *liveServer {
	t.Helper()
	cfg := app.TestConfig(t.TempDir())
	if tune != nil {
		tune(&cfg)
	}
	a, err := app.Open(context.Background(), cfg, nil, opts...)
	if err != nil {
		t.Fatalf("Open() error = %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return &liveServer{t: t, app: a, ids: map[string]string{}}
}

const livePassword = "a long enough password"

func (s *liveServer) user(role hiregate.Role, email string) *client.Client {
	s.t.Helper()
	u, err := s.app.Accounts().CreateUser(context.Background(), hiregate.CreateUserRequest{Email: email, Password: livePassword, FullName: email, Role: role})
	if err != nil {
		s.t.Fatalf("CreateUser(%s): %v", email, err)
	}
	s.ids[email] = u.ID
	return s.login(email)
}

func (s *liveServer) login(email string) *client.Client {
	s.t.Helper()
	c, err := client.New(s.app.URL())
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), email, livePassword); err != nil {
		s.t.Fatalf("Login(%s): %v", email, err)
	}
	return c
}

// stream opens c's event stream and waits until the server has it.
func stream(t *testing.T, c *client.Client, lastID string) *client.EventStream {
	t.Helper()
	s := c.Events(context.Background(), client.StreamOptions{LastEventID: lastID, MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
	t.Cleanup(s.Close)
	if u := nextUpdate(t, s); u.State != client.StreamConnected {
		t.Fatalf("first update = %+v, want connected", u)
	}
	return s
}

func nextUpdate(t *testing.T, s *client.EventStream) client.Update {
	t.Helper()
	select {
	case u, ok := <-s.Updates():
		if !ok {
			t.Fatal("event stream ended")
		}
		return u
	case <-time.After(15 * time.Second):
		t.Fatal("no update from the event stream within 15 s")
	}
	return client.Update{}
}

// until collects s's events up to and including the first one for which
// stop holds.
func until(t *testing.T, s *client.EventStream, stop func(client.Event) bool) []client.Event {
	t.Helper()
	var out []client.Event
	for {
		u := nextUpdate(t, s)
		if u.Event == nil {
			t.Fatalf("stream state %s (%v) while waiting for events", u.State, u.Err)
		}
		out = append(out, *u.Event)
		if stop(*u.Event) {
			return out
		}
	}
}

// describeUpdate shows an update with its event, which %+v shows as a
// pointer.
func describeUpdate(u client.Update) string {
	if u.Event != nil {
		return fmt.Sprintf("event %s %+v", u.Event.Type, u.Event.Data)
	}
	return fmt.Sprintf("state %s (%v)", u.State, u.Err)
}

func jobCreated(id string) func(client.Event) bool {
	return func(e client.Event) bool { return e.Type == hiregate.EventJobCreated && e.Data.JobID == id }
}

// label names an event by what it is about, with the names the test gave
// the objects.
func label(e client.Event, names map[string]string) string {
	id := e.Data.ApplicationID
	if id == "" {
		id = e.Data.JobID
	}
	if n, ok := names[id]; ok {
		id = n
	}
	if e.Data.Status != "" {
		return fmt.Sprintf("%s %s %s", e.Type, id, e.Data.Status)
	}
	return fmt.Sprintf("%s %s", e.Type, id)
}

// TestEventsOwnership: every role's stream carries exactly the events about
// what that user may see; a candidate never hears of another candidate's
// application, and no stream carries a note's text.
func TestEventsOwnership(t *testing.T) {
	srv := openLive(t, nil)
	ctx := context.Background()
	r1 := srv.user(hiregate.RoleRecruiter, "r1@example.com")
	r2 := srv.user(hiregate.RoleRecruiter, "r2@example.com")
	c1 := srv.user(hiregate.RoleCandidate, "c1@example.com")
	c2 := srv.user(hiregate.RoleCandidate, "c2@example.com")
	admin := srv.user(hiregate.RoleAdmin, "admin@example.com")

	streams := map[string]*client.EventStream{}
	for name, c := range map[string]*client.Client{"r1": r1, "r2": r2, "c1": c1, "c2": c2, "admin": admin} {
		streams[name] = stream(t, c, "")
	}
	// A raw reader beside the typed one: the note's text must not be on
	// the wire at all.
	raw := rawStream(t, srv.app.URL(), admin)

	names := map[string]string{}
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	j1, err := r1.CreateJob(ctx, hiregate.CreateJobRequest{Title: "Go developer"})
	must("CreateJob j1", err)
	j2, err := r2.CreateJob(ctx, hiregate.CreateJobRequest{Title: "Designer"})
	must("CreateJob j2", err)
	a1, err := c1.Apply(ctx, j1.ID, hiregate.CreateApplicationRequest{CoverLetter: "c1 to j1"})
	must("Apply a1", err)
	a2, err := c2.Apply(ctx, j2.ID, hiregate.CreateApplicationRequest{CoverLetter: "c2 to j2"})
	must("Apply a2", err)
	_, err = r1.MoveApplication(ctx, a1.ID, hiregate.StageInterview)
	must("Move a1", err)
	const secret = "strong Go, weak on SQL: do not tell the candidate"
	_, err = r1.AddNote(ctx, a1.ID, secret)
	must("AddNote a1", err)
	_, err = r2.MoveApplication(ctx, a2.ID, hiregate.StageRejected)
	must("Move a2", err)
	_, err = r2.UpdateJob(ctx, j2.ID, hiregate.UpdateJobRequest{Status: ptr(hiregate.JobClosed)})
	must("Close j2", err)
	// The end marks: the last event each stream can see.
	end1, err := r1.CreateJob(ctx, hiregate.CreateJobRequest{Title: "End of r1"})
	must("CreateJob end1", err)
	end2, err := r2.CreateJob(ctx, hiregate.CreateJobRequest{Title: "End of r2"})
	must("CreateJob end2", err)
	for id, n := range map[string]string{j1.ID: "j1", j2.ID: "j2", a1.ID: "a1", a2.ID: "a2", end1.ID: "end1", end2.ID: "end2"} {
		names[id] = n
	}

	want := map[string][]string{
		"r1": {"job.created j1 open", "application.created a1 applied", "application.moved a1 interview", "application.note_added a1", "job.created end1 open"},
		"r2": {"job.created j2 open", "application.created a2 applied", "application.moved a2 rejected", "job.updated j2 closed", "job.created end2 open"},
		// c1 sees both jobs while open, j2's closing (it was open to them),
		// its own application; not c2's, and no notes.
		"c1": {"job.created j1 open", "job.created j2 open", "application.created a1 applied", "application.moved a1 interview", "job.updated j2 closed", "job.created end1 open", "job.created end2 open"},
		"c2": {"job.created j1 open", "job.created j2 open", "application.created a2 applied", "application.moved a2 rejected", "job.updated j2 closed", "job.created end1 open", "job.created end2 open"},
		"admin": {"job.created j1 open", "job.created j2 open", "application.created a1 applied", "application.created a2 applied",
			"application.moved a1 interview", "application.note_added a1", "application.moved a2 rejected", "job.updated j2 closed", "job.created end1 open", "job.created end2 open"},
	}
	for name, s := range streams {
		last := end2.ID
		if name == "r1" {
			last = end1.ID
		}
		var got []string
		for _, e := range until(t, s, jobCreated(last)) {
			got = append(got, label(e, names))
		}
		if !slices.Equal(got, want[name]) {
			t.Errorf("%s's stream =\n%q\nwant\n%q", name, got, want[name])
		}
	}
	wire := raw.until(t, end2.ID)
	if strings.Contains(wire, secret) || strings.Contains(wire, "c1 to j1") {
		t.Errorf("the wire carries a note's or a cover letter's text:\n%s", wire)
	}
	if !strings.Contains(wire, "event: application.note_added") {
		t.Errorf("admin's raw stream has no note event:\n%s", wire)
	}
}

func ptr[T any](v T) *T { return &v }

// rawReader reads a stream's bytes as they are on the wire.
type rawReader struct {
	resp *http.Response
	rd   *bufio.Reader
}

func rawStream(t *testing.T, base string, c *client.Client) *rawReader {
	t.Helper()
	access, _ := c.Tokens()
	req, _ := http.NewRequest(http.MethodGet, base+"/events", nil)
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("GET /events = %s %q, want 200 text/event-stream", resp.Status, resp.Header.Get("Content-Type"))
	}
	return &rawReader{resp: resp, rd: bufio.NewReader(resp.Body)}
}

// until reads up to the event creating job id.
func (r *rawReader) until(t *testing.T, jobID string) string {
	t.Helper()
	var b strings.Builder
	for {
		line, err := r.rd.ReadString('\n')
		b.WriteString(line)
		if err != nil {
			t.Fatalf("raw stream: %v after\n%s", err, b.String())
		}
		if strings.Contains(line, `"job_id":"`+jobID+`"`) {
			return b.String()
		}
	}
}

// TestEventsResume: a client that reconnects with Last-Event-ID gets what
// it missed, in order; an unknown id gets a reset.
func TestEventsResume(t *testing.T) {
	srv := openLive(t, nil)
	ctx := context.Background()
	rec := srv.user(hiregate.RoleRecruiter, "rec@example.com")
	cand := srv.user(hiregate.RoleCandidate, "cand@example.com")
	job, err := rec.CreateJob(ctx, hiregate.CreateJobRequest{Title: "Go developer"})
	if err != nil {
		t.Fatal(err)
	}
	app1, err := cand.Apply(ctx, job.ID, hiregate.CreateApplicationRequest{})
	if err != nil {
		t.Fatal(err)
	}
	s := stream(t, cand, "")
	if _, err := rec.MoveApplication(ctx, app1.ID, hiregate.StageScreening); err != nil {
		t.Fatal(err)
	}
	until(t, s, func(e client.Event) bool { return e.Data.Status == "screening" })
	last := s.LastEventID()
	s.Close()

	for _, st := range []hiregate.Stage{hiregate.StageInterview, hiregate.StageOffer} {
		if _, err := rec.MoveApplication(ctx, app1.ID, st); err != nil {
			t.Fatal(err)
		}
	}
	s = stream(t, cand, last)
	var got []string
	for _, e := range until(t, s, func(e client.Event) bool { return e.Data.Status == "offer" }) {
		got = append(got, string(e.Type)+" "+e.Data.Status)
	}
	if want := []string{"application.moved interview", "application.moved offer"}; !slices.Equal(got, want) {
		t.Errorf("resumed stream = %q, want %q", got, want)
	}

	s = stream(t, cand, "from-another-server-123")
	if u := nextUpdate(t, s); u.Event == nil || u.Event.Type != hiregate.EventReset {
		t.Errorf("first update with a foreign id = %+v, want a reset", u)
	}
}

// TestEventsEndWithSession: a stream ends, with the reason, as soon as its
// session does: by the user's own hand, by an admin, or behind the
// service's back (another replica, the database itself), which the
// stream's periodic check catches. The stream's clock moves only when a
// case says so: a case about the event must not be decided by a check
// that happens to run between the change's commit and its event (an
// erasure scrubs the database log in between), and a case about the
// check runs it exactly once, after the change.
func TestEventsEndWithSession(t *testing.T) {
	tests := []struct {
		name   string
		end    func(t *testing.T, srv *liveServer, user *client.Client, admin *client.Client)
		check  bool // the change publishes nothing: run the stream's check
		reason string
	}{
		{
			name: "RevokedFromAnotherSession",
			end: func(t *testing.T, srv *liveServer, user, _ *client.Client) {
				other := srv.login("cand@example.com")
				sessions, err := other.Sessions(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range sessions {
					if !s.Current {
						if err := other.RevokeSession(context.Background(), s.ID); err != nil {
							t.Fatal(err)
						}
					}
				}
			},
			reason: hiregate.ReasonSessionRevoked,
		},
		{
			name: "Deactivated",
			end: func(t *testing.T, srv *liveServer, _, admin *client.Client) {
				if _, err := admin.UpdateUser(context.Background(), srv.ids["cand@example.com"], hiregate.UpdateUserRequest{Active: ptr(false)}); err != nil {
					t.Fatal(err)
				}
			},
			reason: hiregate.ReasonDeactivated,
		},
		{
			name: "LogoutAllElsewhere",
			end: func(t *testing.T, srv *liveServer, _, _ *client.Client) {
				if err := srv.login("cand@example.com").LogoutAll(context.Background()); err != nil {
					t.Fatal(err)
				}
			},
			reason: hiregate.ReasonSignedOutEverywhere,
		},
		{
			name: "ErasedFromAnotherDevice",
			end: func(t *testing.T, srv *liveServer, _, _ *client.Client) {
				if err := srv.login("cand@example.com").EraseAccount(context.Background(), livePassword); err != nil {
					t.Fatal(err)
				}
			},
			reason: hiregate.ReasonErased,
		},
		{
			name: "DeactivatedInTheDatabase",
			end: func(t *testing.T, srv *liveServer, _, _ *client.Client) {
				// No service call, so no event: only the periodic check
				// can notice.
				_, err := srv.app.Store().UpdateUser(context.Background(), srv.ids["cand@example.com"], storeDeactivate(), true, "")
				if err != nil {
					t.Fatal(err)
				}
			},
			check:  true,
			reason: hiregate.ReasonDeactivated,
		},
		{
			// The check must tell an erasure from a deactivation, as
			// the erasure's own event does.
			name: "ErasedInTheDatabase",
			end: func(t *testing.T, srv *liveServer, _, _ *client.Client) {
				id := srv.ids["cand@example.com"]
				e := store.Erasure{Email: hiregate.ErasedEmail(id), FullName: hiregate.ErasedName}
				if err := srv.app.Store().EraseUser(context.Background(), id, e, time.Now()); err != nil {
					t.Fatal(err)
				}
			},
			check:  true,
			reason: hiregate.ReasonErased,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const check = 50 * time.Millisecond
			clk := eventstest.NewClock(time.Now())
			srv := openLive(t, nil, app.WithStream(events.StreamConfig{Check: check, Clock: clk}))
			admin := srv.user(hiregate.RoleAdmin, "admin@example.com")
			cand := srv.user(hiregate.RoleCandidate, "cand@example.com")
			s := stream(t, cand, "")
			tt.end(t, srv, cand, admin)
			if tt.check {
				clk.WaitTickers(2) // the stream's heartbeat and check
				clk.Advance(check)
			}
			u := nextUpdate(t, s)
			if u.Event == nil || u.Event.Type != hiregate.EventSessionRevoked || u.Event.Data.Reason != tt.reason {
				t.Fatalf("update = %s, want session.revoked %q", describeUpdate(u), tt.reason)
			}
			if u := nextUpdate(t, s); u.State != client.StreamEnded || hiregate.ErrorMessage(u.Err) != tt.reason {
				t.Errorf("then = %+v, want the end with the reason", u)
			}
			if cand.LoggedIn() {
				t.Error("client kept the tokens of its revoked session")
			}
		})
	}
}

// TestEventsTokenExpiry: the stream ends when its access token expires and
// the client comes back with a fresh one, resuming where it was.
func TestEventsTokenExpiry(t *testing.T) {
	clk := testclock.New(time.Now())
	srv := openLive(t, nil, app.WithClock(clk.Now), app.WithStream(events.StreamConfig{Check: 50 * time.Millisecond}))
	ctx := context.Background()
	rec := srv.user(hiregate.RoleRecruiter, "rec@example.com")
	s := stream(t, rec, "")
	clk.Advance(hiregate.DefaultAccessTTL + time.Minute)
	if u := nextUpdate(t, s); u.State != client.StreamReconnecting {
		t.Fatalf("update after expiry = %+v, want reconnecting", u)
	}
	if u := nextUpdate(t, s); u.State != client.StreamConnected {
		t.Fatalf("update = %+v, want connected again", u)
	}
	job, err := rec.CreateJob(ctx, hiregate.CreateJobRequest{Title: "After the refresh"})
	if err != nil {
		t.Fatal(err)
	}
	until(t, s, jobCreated(job.ID))
}

// TestEventsSlowReader: a client that opens a stream and never reads does
// not slow publishers down and makes the server hold no more than its
// stream's queue; once its connection's (capped) buffers are full, the
// write times out and the server lets it go.
func TestEventsSlowReader(t *testing.T) {
	srv := openLive(t, nil, app.WithStream(events.StreamConfig{WriteTimeout: 200 * time.Millisecond}))
	rec := srv.user(hiregate.RoleRecruiter, "rec@example.com")
	access, _ := rec.Tokens()
	conn := dialNeverRead(t, srv.app.URL(), access)
	defer conn.Close()
	b := srv.app.Events()
	if got := b.Streams(); got != 1 {
		t.Fatalf("Streams() = %d, want 1", got)
	}
	ctx := context.Background()
	job := &hiregate.Job{ID: strings.Repeat("j", 40), Recruiter: hiregate.UserRef{ID: srv.ids["rec@example.com"]}, Status: hiregate.JobOpen}
	for i := 0; b.Streams() > 0; i++ {
		b.Publish(ctx, events.JobUpdated(hiregate.JobOpen, job))
		if q := b.Queued(); q > events.DefaultBuffer {
			t.Fatalf("server holds %d queued events for one stream, want at most %d", q, events.DefaultBuffer)
		}
		if i > 5_000_000 {
			t.Fatal("the never-reading stream is still open after 5,000,000 events")
		}
	}
	// The client that does read is unaffected.
	s := stream(t, rec, "")
	b.Publish(ctx, events.JobUpdated(hiregate.JobOpen, job))
	until(t, s, func(e client.Event) bool { return e.Type == hiregate.EventJobUpdated })
}

// dialNeverRead opens GET /events on a raw connection with a tiny receive
// buffer, reads the response head, and then never reads again.
func dialNeverRead(t testing.TB, base, token string) net.Conn {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	addr := strings.TrimPrefix(base, "http://")
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "GET /events HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n\r\n", addr, token)
	rd := bufio.NewReaderSize(conn, 256)
	line, err := rd.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 200") {
		t.Fatalf("response = %q, %v; want 200", line, err)
	}
	for line != "\r\n" {
		if line, err = rd.ReadString('\n'); err != nil {
			t.Fatal(err)
		}
	}
	return conn
}

// TestEventsServerFull: --max-event-streams caps the streams of all users
// together; one more is refused with 503 and a Retry-After, whoever asks.
func TestEventsServerFull(t *testing.T) {
	const maxStreams = 3
	s := openLive(t, func(c *config.Config) { c.MaxEventStreams = maxStreams })
	alice := s.user(hiregate.RoleCandidate, "alice@example.com")
	bob := s.user(hiregate.RoleCandidate, "bob@example.com")
	carol := s.user(hiregate.RoleRecruiter, "carol@example.com")
	for _, c := range []*client.Client{alice, alice, bob} {
		stream(t, c, "")
	}
	if got := s.app.Events().Streams(); got != maxStreams {
		t.Fatalf("Streams() = %d, want %d", got, maxStreams)
	}
	access, _ := carol.Tokens()
	req, err := http.NewRequest(http.MethodGet, s.app.URL()+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	// The status first: a stream that was let in would never end the body.
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "25" {
		t.Fatalf("GET /events with %d streams open = %d, Retry-After %q; want 503, Retry-After 25",
			maxStreams, resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	var body hiregate.ErrorBody
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Detail == "" {
		t.Errorf("GET /events body = %+v, %v; want an error with a detail", body, err)
	}
	if got := s.app.Events().Streams(); got != maxStreams {
		t.Errorf("Streams() = %d after the refusal, want %d", got, maxStreams)
	}
}

func storeDeactivate() store.UserChange { return store.UserChange{Active: ptr(false)} }

// BenchmarkOpenStreams opens b.N idle live-event streams on a real server
// (gin, the auth middleware, the revocation check on SQLite) and reports
// the memory and goroutines each costs the process. The figure in
// docs/PERFORMANCE.md: go test -run '^$' -bench OpenStreams -benchtime 1000x ./server/app
func BenchmarkOpenStreams(b *testing.B) {
	cfg := app.TestConfig(b.TempDir())
	a, err := app.Open(context.Background(), cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	// MaxEventStreamsPerUser streams per user, as many users as needed.
	var tokens []string
	for i := 0; len(tokens)*hiregate.MaxEventStreamsPerUser < b.N; i++ {
		email := fmt.Sprintf("u%d@example.com", i)
		if _, err := a.Accounts().CreateUser(ctx, hiregate.CreateUserRequest{Email: email, Password: livePassword, FullName: email, Role: hiregate.RoleCandidate}); err != nil {
			b.Fatal(err)
		}
		c, err := client.New(a.URL())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Login(ctx, email, livePassword); err != nil {
			b.Fatal(err)
		}
		access, _ := c.Tokens()
		tokens = append(tokens, access)
	}
	before := heapAndStacks()
	g0 := runtime.NumGoroutine()
	b.ResetTimer()
	for i := range b.N {
		conn := dialNeverRead(b, a.URL(), tokens[i/hiregate.MaxEventStreamsPerUser])
		defer conn.Close()
	}
	b.StopTimer()
	after := heapAndStacks()
	if got := a.Events().Streams(); got != b.N {
		b.Fatalf("Streams() = %d, want %d", got, b.N)
	}
	b.ReportMetric(float64(after.heap-before.heap)/float64(b.N), "heap-bytes/stream")
	b.ReportMetric(float64(after.stack-before.stack)/float64(b.N), "stack-bytes/stream")
	b.ReportMetric(float64(runtime.NumGoroutine()-g0)/float64(b.N), "goroutines/stream")
	start := time.Now()
	a.Events().Publish(ctx, events.JobCreated(&hiregate.Job{ID: "j1", Status: hiregate.JobOpen}))
	b.ReportMetric(float64(time.Since(start).Microseconds()), "µs/publish-to-all")
}

type memUse struct{ heap, stack uint64 }

// heapAndStacks measures after a few collections: a goroutine's stack,
// grown deep by the request that opened the stream, shrinks only at GC, as
// it does in a server running for longer than a benchmark.
func heapAndStacks() memUse {
	var m runtime.MemStats
	for range 4 {
		runtime.GC()
	}
	runtime.ReadMemStats(&m)
	return memUse{heap: m.HeapInuse, stack: m.StackInuse}
}

// TestEventsAcrossReplicas: on PostgreSQL an event raised on one replica
// reaches streams on the other, an id one replica gave resumes on the
// other, and a session revoked through one closes its stream on the other.
func TestEventsAcrossReplicas(t *testing.T) {
	url := pgtest.URL(t)
	a := openReplica(t, "a", url, false)
	b := openReplica(t, "b", url, false)
	ctx := context.Background()
	for _, u := range []struct {
		email string
		role  hiregate.Role
	}{{"rec@example.com", hiregate.RoleRecruiter}, {"cand@example.com", hiregate.RoleCandidate}} {
		if _, err := a.app.Accounts().CreateUser(ctx, hiregate.CreateUserRequest{Email: u.email, Password: livePassword, FullName: u.email, Role: u.role}); err != nil {
			t.Fatal(err)
		}
	}
	login := func(r *replica, email string) *client.Client {
		c, err := client.New(r.app.URL())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Login(ctx, email, livePassword); err != nil {
			t.Fatalf("Login(%s) on %s: %v", email, r.name, err)
		}
		return c
	}
	rec := login(a, "rec@example.com")
	cand := login(b, "cand@example.com")
	job, err := rec.CreateJob(ctx, hiregate.CreateJobRequest{Title: "Go developer"})
	if err != nil {
		t.Fatal(err)
	}
	app1, err := cand.Apply(ctx, job.ID, hiregate.CreateApplicationRequest{})
	if err != nil {
		t.Fatal(err)
	}

	s := stream(t, cand, "")                                                              // on b
	if _, err := rec.MoveApplication(ctx, app1.ID, hiregate.StageScreening); err != nil { // on a
		t.Fatal(err)
	}
	until(t, s, func(e client.Event) bool { return e.Data.Status == "screening" })
	last := s.LastEventID()
	s.Close()

	// Resume on the other replica.
	if _, err := rec.MoveApplication(ctx, app1.ID, hiregate.StageInterview); err != nil {
		t.Fatal(err)
	}
	candOnA, err := client.New(a.app.URL())
	if err != nil {
		t.Fatal(err)
	}
	access, refresh := cand.Tokens()
	candOnA.SetTokens(&hiregate.TokenResponse{AccessToken: access, RefreshToken: refresh, ExpiresIn: 900})
	s = stream(t, candOnA, last)
	if got := until(t, s, func(e client.Event) bool { return e.Type == hiregate.EventApplicationMoved }); got[0].Data.Status != "interview" {
		t.Errorf("resumed on the other replica: %+v, want the move to interview first", got)
	}

	// Signed out everywhere through b: the stream on a ends with the reason.
	if err := login(b, "cand@example.com").LogoutAll(ctx); err != nil {
		t.Fatal(err)
	}
	if u := nextUpdate(t, s); u.Event == nil || u.Event.Type != hiregate.EventSessionRevoked || u.Event.Data.Reason != hiregate.ReasonSignedOutEverywhere {
		t.Fatalf("update = %+v, want session.revoked %q", u, hiregate.ReasonSignedOutEverywhere)
	}
}

// TestEventsApplyWithResume: an application sent with a resume file is
// announced like any other.
func TestEventsApplyWithResume(t *testing.T) {
	srv := openLive(t, nil)
	ctx := context.Background()
	rec := srv.user(hiregate.RoleRecruiter, "rec@example.com")
	cand := srv.user(hiregate.RoleCandidate, "cand@example.com")
	job, err := rec.CreateJob(ctx, hiregate.CreateJobRequest{Title: "Go developer"})
	if err != nil {
		t.Fatal(err)
	}
	s := stream(t, rec, "")
	a, err := cand.ApplyWithResume(ctx, job.ID, "Hello", "resume.txt", "text/plain", []byte("Ten years of Go."))
	if err != nil {
		t.Fatal(err)
	}
	got := until(t, s, func(e client.Event) bool { return e.Type == hiregate.EventApplicationCreated })
	if e := got[len(got)-1]; e.Data.ApplicationID != a.ID || e.Data.JobID != job.ID {
		t.Errorf("event = %+v, want the application %s to job %s", e, a.ID, job.ID)
	}
}
