package events_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/testclock"
)

var t0 = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func newBroker(t *testing.T, cfg events.Config) (*events.Broker, *testclock.Clock) {
	t.Helper()
	clk := testclock.New(t0)
	if cfg.Now == nil {
		cfg.Now = clk.Now
	}
	b, err := events.NewBroker(cfg)
	if err != nil {
		t.Fatalf("NewBroker: %v", err)
	}
	return b, clk
}

func subscribe(t *testing.T, b *events.Broker, v events.Viewer, last string) *events.Subscription {
	t.Helper()
	s, err := b.Subscribe(v, last)
	if err != nil {
		t.Fatalf("Subscribe(%s, %q): %v", v.UserID, last, err)
	}
	t.Cleanup(s.Close)
	return s
}

// The people of every visibility test: two candidates, two recruiters, an
// admin. c1 applied to r1's job j-closed, which has since closed.
var (
	cand1  = events.Viewer{UserID: "c1", Role: hiregate.RoleCandidate, SessionID: "s-c1", AppliedJobs: []string{"j-closed"}}
	cand2  = events.Viewer{UserID: "c2", Role: hiregate.RoleCandidate, SessionID: "s-c2"}
	recr1  = events.Viewer{UserID: "r1", Role: hiregate.RoleRecruiter, SessionID: "s-r1"}
	recr2  = events.Viewer{UserID: "r2", Role: hiregate.RoleRecruiter, SessionID: "s-r2"}
	admin  = events.Viewer{UserID: "a1", Role: hiregate.RoleAdmin, SessionID: "s-a1"}
	people = []events.Viewer{cand1, cand2, recr1, recr2, admin}
)

func job(id, owner string, status hiregate.JobStatus) *hiregate.Job {
	return &hiregate.Job{ID: id, Recruiter: hiregate.UserRef{ID: owner}, Status: status}
}

func application(id, jobID, candidate string, st hiregate.Stage) *hiregate.Application {
	return &hiregate.Application{ID: id, Job: hiregate.JobRef{ID: jobID}, Candidate: hiregate.CandidateRef{ID: candidate}, Status: st}
}

func TestVisibility(t *testing.T) {
	note := &hiregate.Note{ID: "n1", Body: "strong Go, weak on SQL"}
	tests := []struct {
		name string
		ev   events.Event
		want []string // user ids that receive it
	}{
		{"open job created", events.JobCreated(job("j1", "r1", hiregate.JobOpen)), []string{"c1", "c2", "r1", "a1"}},
		{"closed job created", events.JobCreated(job("j1", "r1", hiregate.JobClosed)), []string{"r1", "a1"}},
		{"job closes", events.JobUpdated(hiregate.JobOpen, job("j1", "r1", hiregate.JobClosed)), []string{"c1", "c2", "r1", "a1"}},
		{"closed job edited", events.JobUpdated(hiregate.JobClosed, job("j1", "r1", hiregate.JobClosed)), []string{"r1", "a1"}},
		{"closed job applied to edited", events.JobUpdated(hiregate.JobClosed, job("j-closed", "r1", hiregate.JobClosed)), []string{"c1", "r1", "a1"}},
		{"application created", events.ApplicationCreated(application("a1", "j1", "c1", hiregate.StageApplied), "r1"), []string{"c1", "r1", "a1"}},
		{"application moved", events.ApplicationMoved(application("a2", "j2", "c2", hiregate.StageInterview), "r2"), []string{"c2", "r2", "a1"}},
		{"note added", events.NoteAdded(note, application("a1", "j1", "c1", hiregate.StageApplied), "r1"), []string{"r1", "a1"}},
		{"one session revoked", events.SessionRevoked("c1", "s-c1", hiregate.ReasonSessionRevoked), []string{"c1"}},
		{"other session revoked", events.SessionRevoked("c1", "s-other", hiregate.ReasonSessionRevoked), nil},
		{"all sessions revoked", events.SessionsRevoked("r2", "", hiregate.ReasonDeactivated), []string{"r2"}},
		{"all sessions but this one", events.SessionsRevoked("r2", "s-r2", hiregate.ReasonPasswordChanged), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newBroker(t, events.Config{})
			subs := map[string]*events.Subscription{}
			for _, p := range people {
				subs[p.UserID] = subscribe(t, b, p, "")
			}
			b.Publish(context.Background(), tt.ev)
			var got []string
			for _, p := range people {
				wire := subs[p.UserID].Take()
				if len(wire) > 0 {
					got = append(got, p.UserID)
				}
				for _, w := range wire {
					if strings.Contains(w, note.Body) {
						t.Errorf("event to %s = %q, carries the note's text", p.UserID, w)
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("%s reached %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestCandidateSeesJobAppliedToWhileStreaming(t *testing.T) {
	b, _ := newBroker(t, events.Config{})
	s := subscribe(t, b, cand2, "")
	ctx := context.Background()
	b.Publish(ctx, events.ApplicationCreated(application("a9", "j9", "c2", hiregate.StageApplied), "r1"))
	b.Publish(ctx, events.JobUpdated(hiregate.JobOpen, job("j9", "r1", hiregate.JobClosed)))
	b.Publish(ctx, events.JobUpdated(hiregate.JobClosed, job("j9", "r1", hiregate.JobClosed)))
	if got := len(s.Take()); got != 3 {
		t.Errorf("candidate received %d events about the job they applied to, want 3", got)
	}
}

func TestWireFormat(t *testing.T) {
	b, _ := newBroker(t, events.Config{})
	s := subscribe(t, b, recr1, "")
	b.Publish(context.Background(), events.ApplicationMoved(application("a1", "j1", "c1", hiregate.StageInterview), "r1"))
	got := s.Take()
	if len(got) != 1 {
		t.Fatalf("received %d events, want 1", len(got))
	}
	lines := strings.Split(got[0], "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "id: ") || lines[3] != "" || lines[4] != "" {
		t.Fatalf("event = %q, want id, event, data lines and a blank line", got[0])
	}
	if want := "event: application.moved"; lines[1] != want {
		t.Errorf("event line = %q, want %q", lines[1], want)
	}
	if want := `data: {"job_id":"j1","application_id":"a1","status":"interview"}`; lines[2] != want {
		t.Errorf("data line = %q, want %q", lines[2], want)
	}
}

func TestIDsIncrease(t *testing.T) {
	b, _ := newBroker(t, events.Config{})
	s := subscribe(t, b, admin, "")
	for i := range 5 {
		b.Publish(context.Background(), events.JobCreated(job(fmt.Sprint("j", i), "r1", hiregate.JobOpen)))
	}
	var prev uint64
	for _, w := range s.Take() {
		id := strings.TrimPrefix(strings.SplitN(w, "\n", 2)[0], "id: ")
		epoch, _, _ := strings.Cut(id, "-")
		seq, ok := events.ParseID(epoch, id)
		if !ok || seq <= prev {
			t.Errorf("id %q after %d, want a larger number", id, prev)
		}
		prev = seq
	}
}

func TestSlowSubscriberNeverBlocksPublisher(t *testing.T) {
	b, _ := newBroker(t, events.Config{Buffer: 4})
	slow := subscribe(t, b, admin, "")
	fast := subscribe(t, b, recr1, "")
	for i := range 1000 {
		b.Publish(context.Background(), events.JobCreated(job(fmt.Sprint("j", i), "r1", hiregate.JobOpen)))
		fast.Take()
	}
	if got := slow.Queued(); got != 4 {
		t.Errorf("slow stream holds %d events, want its buffer of 4", got)
	}
	if !slow.Lost() {
		t.Error("slow stream not told it lost events")
	}
	if fast.Lost() {
		t.Error("a stream that kept up was told it lost events")
	}
}

func TestResume(t *testing.T) {
	ctx := context.Background()
	b, _ := newBroker(t, events.Config{History: 4})
	first := subscribe(t, b, recr1, "")
	b.Publish(ctx, events.JobCreated(job("j1", "r1", hiregate.JobOpen)))
	b.Publish(ctx, events.JobCreated(job("j2", "r2", hiregate.JobOpen))) // not r1's
	b.Publish(ctx, events.JobCreated(job("j3", "r1", hiregate.JobOpen)))
	wire := first.Take()
	first.Close()
	id1 := strings.TrimPrefix(strings.SplitN(wire[0], "\n", 2)[0], "id: ")

	t.Run("OK", func(t *testing.T) {
		s := subscribe(t, b, recr1, id1)
		got, reset := s.Replay()
		if reset || len(got) != 1 || !strings.Contains(got[0], `"j3"`) {
			t.Errorf("Replay() = %q, %v, want the j3 event only", got, reset)
		}
	})
	for _, bad := range []string{"garbage", "0-1", "x-" + strings.Repeat("9", 80), strings.Replace(id1, "-", "x", 1)} {
		t.Run("Foreign "+bad[:min(len(bad), 8)], func(t *testing.T) {
			s := subscribe(t, b, recr1, bad)
			if _, reset := s.Replay(); !reset {
				t.Errorf("Subscribe(%q) did not start with a reset", bad)
			}
		})
	}
	t.Run("TooOldByCount", func(t *testing.T) {
		for i := range 4 {
			b.Publish(ctx, events.JobCreated(job(fmt.Sprint("k", i), "r1", hiregate.JobOpen)))
		}
		s := subscribe(t, b, recr1, id1)
		if _, reset := s.Replay(); !reset {
			t.Error("resume past the history cap did not reset")
		}
	})
	t.Run("TooOldByAge", func(t *testing.T) {
		b, clk := newBroker(t, events.Config{})
		s := subscribe(t, b, recr1, "")
		b.Publish(ctx, events.JobCreated(job("j1", "r1", hiregate.JobOpen)))
		b.Publish(ctx, events.JobCreated(job("j2", "r1", hiregate.JobOpen)))
		wire := s.Take()
		id := strings.TrimPrefix(strings.SplitN(wire[0], "\n", 2)[0], "id: ")
		clk.Advance(hiregate.EventResumeWindow)
		if got, reset := subscribe(t, b, recr1, id).Replay(); reset || len(got) != 1 {
			t.Errorf("resume %s later = %d events, reset %v; want 1 event", hiregate.EventResumeWindow, len(got), reset)
		}
		clk.Advance(events.DefaultRetention)
		b.Publish(ctx, events.JobCreated(job("j3", "r1", hiregate.JobOpen)))
		if _, reset := subscribe(t, b, recr1, id).Replay(); !reset {
			t.Error("resume after the retention did not reset")
		}
	})
}

func TestStreamsPerUser(t *testing.T) {
	b, _ := newBroker(t, events.Config{MaxPerUser: 2})
	s1 := subscribe(t, b, recr1, "")
	subscribe(t, b, recr1, "")
	_, err := b.Subscribe(recr1, "")
	if got := hiregate.ErrorCode(err); got != hiregate.ETHROTTLED {
		t.Fatalf("third Subscribe = %v, want %s", err, hiregate.ETHROTTLED)
	}
	subscribe(t, b, recr2, "") // another user is not affected
	s1.Close()
	s1.Close()
	if _, err := b.Subscribe(recr1, ""); err != nil {
		t.Errorf("Subscribe after closing one = %v, want nil", err)
	}
}

// TestStreamsInAll: the process-wide cap refuses a stream whoever asks,
// with 503 and a Retry-After, and frees a place when a stream closes.
func TestStreamsInAll(t *testing.T) {
	b, _ := newBroker(t, events.Config{MaxStreams: 3})
	first := subscribe(t, b, cand1, "")
	subscribe(t, b, cand2, "")
	subscribe(t, b, recr1, "")
	for _, v := range []events.Viewer{recr1, admin} {
		_, err := b.Subscribe(v, "")
		var e *hiregate.Error
		if !errors.As(err, &e) || e.Code != hiregate.EUNAVAILABLE || e.RetryAfter < 1 {
			t.Fatalf("Subscribe(%s) over the cap = %v, want %s with a Retry-After", v.UserID, err, hiregate.EUNAVAILABLE)
		}
	}
	if got := b.Streams(); got != 3 {
		t.Errorf("Streams() = %d after refusals, want 3", got)
	}
	first.Close()
	subscribe(t, b, admin, "")
}

func TestBrokerClose(t *testing.T) {
	b, _ := newBroker(t, events.Config{})
	s := subscribe(t, b, recr1, "")
	b.Close()
	select {
	case <-s.Done():
	default:
		t.Error("subscription still open after Close")
	}
	if _, err := b.Subscribe(recr1, ""); hiregate.ErrorCode(err) != hiregate.EUNAVAILABLE {
		t.Errorf("Subscribe after Close = %v, want %s", err, hiregate.EUNAVAILABLE)
	}
	if got := b.Streams(); got != 0 {
		t.Errorf("Streams() = %d after Close, want 0", got)
	}
}

// lossyBus is a bus that can say it lost events, as a LISTEN/NOTIFY
// listener does after reconnecting.
type lossyBus struct {
	*events.Local
	deliver func(events.Event)
}

func (l *lossyBus) Attach(d func(events.Event)) { l.deliver = d; l.Local.Attach(d) }

func TestBusReset(t *testing.T) {
	bus := &lossyBus{Local: events.NewLocal(func() time.Time { return t0 })}
	b, _ := newBroker(t, events.Config{Bus: bus})
	s := subscribe(t, b, recr1, "")
	ctx := context.Background()
	b.Publish(ctx, events.JobCreated(job("j1", "r1", hiregate.JobOpen)))
	wire := s.Take()
	id := strings.TrimPrefix(strings.SplitN(wire[0], "\n", 2)[0], "id: ")
	bus.deliver(events.Event{Type: hiregate.EventReset, Seq: 7})
	if !s.Lost() {
		t.Error("bus reset did not reach the open stream")
	}
	if _, reset := subscribe(t, b, recr1, id).Replay(); !reset {
		t.Error("resume across a bus reset did not reset")
	}
}

func TestPublishRefusesUnknownType(t *testing.T) {
	b, _ := newBroker(t, events.Config{})
	s := subscribe(t, b, admin, "")
	b.Publish(context.Background(), events.Event{Type: "job.deleted"})
	b.Publish(context.Background(), events.Event{Type: hiregate.EventReset})
	if got := s.Take(); len(got) != 0 {
		t.Errorf("unknown types reached the stream: %q", got)
	}
}

func TestNewBrokerConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  events.Config
		ok   bool
	}{
		{"defaults", events.Config{}, true},
		{"negative buffer", events.Config{Buffer: -1}, false},
		{"negative history", events.Config{History: -1}, false},
		{"retention shorter than the contract", events.Config{Retention: time.Minute}, false},
		{"negative cap", events.Config{MaxPerUser: -1}, false},
		{"negative global cap", events.Config{MaxStreams: -1}, false},
	}
	for _, tt := range tests {
		_, err := events.NewBroker(tt.cfg)
		if (err == nil) != tt.ok {
			t.Errorf("NewBroker(%s) = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

func FuzzParseID(f *testing.F) {
	for _, s := range []string{"abc-1", "abc-01", "abc-+1", "abc-0", "abc-", "-1", "abc-18446744073709551616", "abc--1", "abc-1-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		seq, ok := events.ParseID("abc", id)
		if ok && (seq == 0 || id != fmt.Sprintf("abc-%d", seq)) {
			t.Errorf("ParseID(abc, %q) = %d, true; not an id of epoch abc", id, seq)
		}
	})
}
