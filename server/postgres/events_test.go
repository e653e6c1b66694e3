package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/postgres"
	"github.com/hiregate/hiregate/server/postgres/pgtest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// sink collects what a bus delivers.
type sink struct {
	mu  sync.Mutex
	got []events.Event
	ch  chan struct{} // signalled on every delivery
}

func newSink() *sink { return &sink{ch: make(chan struct{}, 1)} }

func (s *sink) deliver(e events.Event) {
	s.mu.Lock()
	s.got = append(s.got, e)
	s.mu.Unlock()
	select {
	case s.ch <- struct{}{}:
	default:
	}
}

// wait returns the deliveries once there are at least n.
func (s *sink) wait(t *testing.T, n int) []events.Event {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		s.mu.Lock()
		got := append([]events.Event(nil), s.got...)
		s.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-s.ch:
		case <-deadline:
			t.Fatalf("%d events delivered after 20 s, want %d", len(got), n)
		}
	}
}

func openBus(t *testing.T, db *postgres.DB) (*postgres.EventBus, *sink) {
	t.Helper()
	b, err := db.EventBus(context.Background(), nil)
	if err != nil {
		t.Fatalf("EventBus = %v", err)
	}
	t.Cleanup(b.Close)
	s := newSink()
	b.Attach(s.deliver)
	return b, s
}

// Two replicas publish at once; both hear every event, in the same order,
// numbered increasingly: a stream on either can resume from an id the
// other gave.
func TestEventBusAcrossReplicas(t *testing.T) {
	url := pgtest.URL(t)
	a, sa := openBus(t, openAt(t, url))
	b, sb := openBus(t, openAt(t, url))
	if a.Epoch() != b.Epoch() {
		t.Fatalf("epochs %q and %q differ on one database", a.Epoch(), b.Epoch())
	}
	const each = 50
	var wg sync.WaitGroup
	for name, bus := range map[string]*postgres.EventBus{"a": a, "b": b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				e := events.JobCreated(&hiregate.Job{ID: fmt.Sprintf("%s%d", name, i), Status: hiregate.JobOpen, Recruiter: hiregate.UserRef{ID: "r1"}})
				if err := bus.Publish(context.Background(), e); err != nil {
					t.Errorf("Publish on %s = %v", name, err)
				}
			}
		}()
	}
	wg.Wait()
	gotA, gotB := sa.wait(t, 2*each), sb.wait(t, 2*each)
	for i := range gotA {
		if i > 0 && gotA[i].Seq <= gotA[i-1].Seq {
			t.Fatalf("replica a heard %d after %d, want increasing numbers", gotA[i].Seq, gotA[i-1].Seq)
		}
		if gotA[i].Seq != gotB[i].Seq || gotA[i].Data.JobID != gotB[i].Data.JobID {
			t.Fatalf("event %d: a heard %d %s, b heard %d %s; want the same order", i, gotA[i].Seq, gotA[i].Data.JobID, gotB[i].Seq, gotB[i].Data.JobID)
		}
	}
	if e := gotA[0]; e.Audience.JobOwnerID != "r1" || e.At.IsZero() {
		t.Errorf("event = %+v, want its audience and time carried", e)
	}
}

// Concurrent publishes on one replica share commits: every event is heard
// once, numbered increasingly, with its payload intact (even one that
// spells the seq field inside a string).
func TestEventBusConcurrentPublishes(t *testing.T) {
	url := pgtest.URL(t)
	a, sa := openBus(t, openAt(t, url))
	_, sb := openBus(t, openAt(t, url))
	const n = 64
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := events.JobCreated(&hiregate.Job{ID: fmt.Sprintf(`j%d"seq":0,"at":`, i), Status: hiregate.JobOpen, Recruiter: hiregate.UserRef{ID: "r1"}})
			if err := a.Publish(context.Background(), e); err != nil {
				t.Errorf("Publish = %v", err)
			}
		}()
	}
	wg.Wait()
	for name, got := range map[string][]events.Event{"a": sa.wait(t, n), "b": sb.wait(t, n)} {
		seen := map[string]bool{}
		for i, e := range got {
			if i > 0 && e.Seq <= got[i-1].Seq {
				t.Fatalf("replica %s heard %d after %d, want increasing numbers", name, e.Seq, got[i-1].Seq)
			}
			if seen[e.Data.JobID] || e.Audience.JobOwnerID != "r1" || e.At.IsZero() {
				t.Fatalf("replica %s heard %+v, want each event once and whole", name, e)
			}
			seen[e.Data.JobID] = true
		}
		for i := range n {
			if id := fmt.Sprintf(`j%d"seq":0,"at":`, i); !seen[id] {
				t.Errorf("replica %s never heard %s", name, id)
			}
		}
	}
}

// A listener that loses its connection tells its streams to reload, and
// hears later events again.
func TestEventBusListenerReconnects(t *testing.T) {
	url := pgtest.URL(t)
	bus, s := openBus(t, openAt(t, url))
	// Another session ends the listener's, as a failover or a restart
	// would.
	admin, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(context.Background(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN hiregate_events' AND datname = current_database()`); err != nil {
		t.Fatal(err)
	}
	got := s.wait(t, 1)
	if got[0].Type != hiregate.EventReset {
		t.Fatalf("first delivery after the listener died = %s, want reset", got[0].Type)
	}
	// The listener comes back within a second or two; publish until it
	// hears one.
	for i := 0; ; i++ {
		if err := bus.Publish(context.Background(), events.JobCreated(&hiregate.Job{ID: "after", Status: hiregate.JobOpen})); err != nil {
			t.Fatal(err)
		}
		select {
		case <-s.ch:
		case <-time.After(200 * time.Millisecond):
		}
		if got := s.wait(t, 1); got[len(got)-1].Data.JobID == "after" {
			return
		}
		if i > 100 {
			t.Fatal("the listener never came back")
		}
	}
}

// BenchmarkEventBusPublish publishes b.N events from one replica and waits
// until another has heard them all: ns/op is the cost of one event through
// the database, from publish to the other replica's broker.
func BenchmarkEventBusPublish(b *testing.B) {
	url := pgtest.URL(b)
	pub, err := openAt(b, url).EventBus(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer pub.Close()
	sub, err := openAt(b, url).EventBus(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer sub.Close()
	heard := make(chan struct{}, b.N)
	sub.Attach(func(events.Event) { heard <- struct{}{} })
	e := events.ApplicationMoved(&hiregate.Application{ID: "01JDQ3Z8V6Q5M3N2K1J0H9G8F7", Job: hiregate.JobRef{ID: "01JDQ3Z8V6Q5M3N2K1J0H9G8F8"}, Candidate: hiregate.CandidateRef{ID: "01JDQ3Z8V6Q5M3N2K1J0H9G8F9"}, Status: hiregate.StageInterview}, "01JDQ3Z8V6Q5M3N2K1J0H9G8FA")
	b.ResetTimer()
	for range b.N {
		if err := pub.Publish(context.Background(), e); err != nil {
			b.Fatal(err)
		}
	}
	for range b.N {
		<-heard
	}
}
