package eventstest

import (
	"context"
	"sync"

	"github.com/hiregate/hiregate/server/events"
)

// Recorder is an events.Publisher that keeps what it is given, so a test
// can check what a service published without running a broker.
type Recorder struct {
	mu  sync.Mutex
	got []events.Event
}

// Publish implements events.Publisher.
func (r *Recorder) Publish(_ context.Context, e events.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, e)
}

// Take returns the events published since the last Take, oldest first.
func (r *Recorder) Take() []events.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.got
	r.got = nil
	return out
}
