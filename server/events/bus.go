package events

import (
	"context"
	"strconv"
	"sync"
	"time"
)

// Bus carries events from the server process that raises them to every
// process that holds streams. The in-process Local bus serves one process;
// a PostgreSQL bus (LISTEN/NOTIFY) can stand in for it unchanged.
//
// A Bus numbers events (Seq, increasing, shared by every process on it)
// and stamps them (At), and calls the attached deliver function for every
// event published by any process, this one included, one at a time and in
// Seq order. When it cannot guarantee that (a listener reconnected and
// may have missed notifications) it delivers an Event of type
// hiregate.EventReset: every stream is told to reload.
type Bus interface {
	// Epoch names the numbering: Seq values are comparable only within
	// one epoch. It must not contain '-'.
	Epoch() string
	// Attach sets the function receiving events; the broker calls it once,
	// before the first Publish.
	Attach(deliver func(Event))
	// Publish numbers e and sends it to every process.
	Publish(ctx context.Context, e Event) error
}

// Local is the in-process Bus: Publish delivers synchronously, so an event
// is in every local stream's queue when Publish returns.
type Local struct {
	epoch string
	now   func() time.Time

	mu      sync.Mutex
	seq     uint64
	deliver func(Event)
}

// NewLocal returns an in-process bus. Its epoch is the start time, so ids
// of an earlier process are recognised as foreign after a restart. now may
// be nil (time.Now).
func NewLocal(now func() time.Time) *Local {
	if now == nil {
		now = time.Now
	}
	return &Local{epoch: strconv.FormatInt(now().UnixNano(), 36), now: now}
}

// Epoch implements Bus.
func (l *Local) Epoch() string { return l.epoch }

// Attach implements Bus.
func (l *Local) Attach(deliver func(Event)) {
	l.mu.Lock()
	l.deliver = deliver
	l.mu.Unlock()
}

// Publish implements Bus. It never blocks on a stream.
func (l *Local) Publish(_ context.Context, e Event) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	e.Seq = l.seq
	e.At = l.now().UTC()
	if l.deliver != nil {
		l.deliver(e)
	}
	return nil
}
