package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Defaults for Config's zero values.
const (
	// DefaultBuffer is how many events may wait for one slow stream before
	// it is told to reset. Small on purpose: a stream's memory stays a few
	// hundred bytes of pointers however far its reader falls behind.
	DefaultBuffer = 64
	// DefaultHistory caps the events kept for resumption.
	DefaultHistory = 20_000
	// DefaultRetention is how long events are kept for resumption: twice
	// the contract's window, so an id from the edge of the window still
	// resumes.
	DefaultRetention = 2 * hiregate.EventResumeWindow
	// DefaultMaxStreams caps the streams open on one process, whoever
	// opened them: the per-user cap alone lets enough users exhaust memory
	// (about 41 KB a stream, docs/PERFORMANCE.md), so 10,000 is ~410 MB.
	DefaultMaxStreams = 10_000
)

// Config configures a Broker. Zero values take the defaults.
type Config struct {
	Bus        Bus           // nil: NewLocal(Now)
	Buffer     int           // events queued per stream (DefaultBuffer)
	History    int           // events kept for resumption (DefaultHistory)
	Retention  time.Duration // age kept for resumption (DefaultRetention); at least hiregate.EventResumeWindow
	MaxPerUser int           // open streams per user (hiregate.MaxEventStreamsPerUser)
	MaxStreams int           // open streams in all (DefaultMaxStreams)
	Now        func() time.Time
	Logger     *slog.Logger
}

// Broker fans events out to subscriptions. It is safe for concurrent use.
// Publishing never waits for a stream: a stream whose queue is full loses
// the event and is told to reset instead.
type Broker struct {
	cfg Config
	bus Bus
	log *slog.Logger

	mu     sync.Mutex
	head   uint64 // Seq of the newest event delivered
	hist   *ring
	subs   map[*Subscription]struct{}
	byUser map[string]int
	closed bool
}

// entry is one delivered event with its wire form, encoded once for every
// stream that carries it, and its form under blind review when the event
// names a candidate it hides.
type entry struct {
	ev        Event
	wire      []byte
	blindWire []byte
}

func newEntry(epoch string, e Event) *entry {
	en := &entry{ev: e, wire: encode(epoch, &e)}
	a := &e.Audience
	if by := e.Data.By; a.BlindAlias != "" && by != nil && by.ID == a.CandidateID {
		masked := e
		masked.Data.By = &hiregate.UserRef{ID: by.ID, FullName: a.BlindAlias}
		en.blindWire = encode(epoch, &masked)
	}
	return en
}

// wireFor is the form of en v gets: masked unless v is the candidate or
// an admin.
func (en *entry) wireFor(v *viewer) []byte {
	if en.blindWire != nil && v.role != hiregate.RoleAdmin && v.userID != en.ev.Audience.CandidateID {
		return en.blindWire
	}
	return en.wire
}

// NewBroker returns a broker attached to cfg.Bus.
func NewBroker(cfg Config) (*Broker, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Buffer == 0 {
		cfg.Buffer = DefaultBuffer
	}
	if cfg.History == 0 {
		cfg.History = DefaultHistory
	}
	if cfg.Retention == 0 {
		cfg.Retention = DefaultRetention
	}
	if cfg.MaxPerUser == 0 {
		cfg.MaxPerUser = hiregate.MaxEventStreamsPerUser
	}
	if cfg.MaxStreams == 0 {
		cfg.MaxStreams = DefaultMaxStreams
	}
	switch {
	case cfg.Buffer < 0:
		return nil, errors.New("events: Buffer must be positive")
	case cfg.History < 0:
		return nil, errors.New("events: History must be positive")
	case cfg.Retention < hiregate.EventResumeWindow:
		return nil, fmt.Errorf("events: Retention must be at least %s, got %s", hiregate.EventResumeWindow, cfg.Retention)
	case cfg.MaxPerUser < 0:
		return nil, errors.New("events: MaxPerUser must be positive")
	case cfg.MaxStreams < 0:
		return nil, errors.New("events: MaxStreams must be positive")
	}
	if cfg.Bus == nil {
		cfg.Bus = NewLocal(cfg.Now)
	}
	b := &Broker{
		cfg:    cfg,
		bus:    cfg.Bus,
		log:    cfg.Logger,
		hist:   newRing(cfg.History, cfg.Retention),
		subs:   map[*Subscription]struct{}{},
		byUser: map[string]int{},
	}
	b.bus.Attach(b.deliver)
	return b, nil
}

// Publish sends e to every stream allowed to see it, on every server
// process. The change it describes is already committed, so a failure is
// logged rather than returned: streams that missed the event are reset
// by the bus.
func (b *Broker) Publish(ctx context.Context, e Event) {
	if !e.Type.Valid() || e.Type == hiregate.EventReset {
		b.log.ErrorContext(ctx, "publishing an unknown event type", "type", string(e.Type))
		return
	}
	if err := b.bus.Publish(context.WithoutCancel(ctx), e); err != nil {
		b.log.ErrorContext(ctx, "publishing event failed", "type", string(e.Type), "err", err)
	}
}

// deliver receives every event from the bus, in Seq order.
func (b *Broker) deliver(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if e.Type == hiregate.EventReset {
		// The bus may have lost events: history before this point cannot
		// be replayed and every stream reloads.
		b.head = max(b.head, e.Seq)
		b.hist.clear(b.head)
		for s := range b.subs {
			s.markLost()
		}
		return
	}
	if e.Seq <= b.head {
		return // a duplicate from the bus
	}
	b.head = e.Seq
	en := newEntry(b.bus.Epoch(), e)
	b.hist.push(en)
	for s := range b.subs {
		if !s.viewer.sees(&e) {
			continue
		}
		s.viewer.learn(&e)
		select {
		case s.queue <- en:
		default:
			s.markLost()
		}
	}
}

// encode renders e as it goes on the wire.
func encode(epoch string, e *Event) []byte {
	return frame(formatID(epoch, e.Seq), e.Type, e.Data)
}

// frame renders one SSE event; id "" leaves the client's last id alone.
// Data is compact JSON, so it is one line.
func frame(id string, t hiregate.EventType, d hiregate.EventData) []byte {
	data, err := json.Marshal(d)
	if err != nil {
		// EventData holds only strings; this cannot happen.
		data = []byte("{}")
	}
	out := make([]byte, 0, 32+len(id)+len(t)+len(data))
	if id != "" {
		out = append(out, "id: "...)
		out = append(out, id...)
		out = append(out, '\n')
	}
	out = append(out, "event: "...)
	out = append(out, t...)
	out = append(out, "\ndata: "...)
	out = append(out, data...)
	return append(out, "\n\n"...)
}

// Subscribe opens a subscription for v. lastEventID is the client's
// Last-Event-ID ("" for a fresh start): the events after it that v may see
// come first, or, when they are no longer all held (or the id is not
// one of this bus's), the subscription starts with a reset. ETHROTTLED
// when the user already has MaxPerUser streams; EUNAVAILABLE when the
// process already holds MaxStreams (the server is full, not the caller at
// fault) or once the broker is closed.
func (b *Broker) Subscribe(v Viewer, lastEventID string) (*Subscription, error) {
	s := &Subscription{
		b:      b,
		viewer: newViewer(v),
		queue:  make(chan *entry, b.cfg.Buffer),
		lost:   make(chan struct{}, 1),
		done:   make(chan struct{}),
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.closed:
		return nil, hiregate.Errorf(hiregate.EUNAVAILABLE, "The server is shutting down")
	case b.byUser[v.UserID] >= b.cfg.MaxPerUser:
		return nil, &hiregate.Error{
			Code:       hiregate.ETHROTTLED,
			Message:    fmt.Sprintf("Too many open event streams (at most %d per user)", b.cfg.MaxPerUser),
			RetryAfter: int(hiregate.EventPingInterval / time.Second),
		}
	case len(b.subs) >= b.cfg.MaxStreams:
		return nil, &hiregate.Error{
			Code:       hiregate.EUNAVAILABLE,
			Message:    "Too many open event streams on this server; try again later",
			RetryAfter: int(hiregate.EventPingInterval / time.Second),
		}
	}
	s.head = b.head
	if lastEventID != "" {
		seq, ok := parseID(b.bus.Epoch(), lastEventID)
		var missed []*entry
		if ok {
			missed, ok = b.hist.since(seq)
		}
		if !ok {
			s.reset = true
		}
		for _, en := range missed {
			if s.viewer.sees(&en.ev) {
				s.viewer.learn(&en.ev)
				s.replay = append(s.replay, en)
			}
		}
	}
	b.subs[s] = struct{}{}
	b.byUser[v.UserID]++
	return s, nil
}

// Streams returns how many subscriptions are open.
func (b *Broker) Streams() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// Queued returns how many events wait in the queues of all open
// subscriptions: never more than Streams() times the buffer.
func (b *Broker) Queued() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for s := range b.subs {
		n += len(s.queue)
	}
	return n
}

// Close ends every subscription and refuses new ones; streams finish their
// responses so a graceful shutdown does not wait for them.
func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for s := range b.subs {
		b.removeLocked(s)
	}
}

func (b *Broker) removeLocked(s *Subscription) {
	if _, ok := b.subs[s]; !ok {
		return
	}
	delete(b.subs, s)
	if b.byUser[s.viewer.userID]--; b.byUser[s.viewer.userID] <= 0 {
		delete(b.byUser, s.viewer.userID)
	}
	close(s.done)
}

// headID is the id of the newest event, "" before the first.
func (b *Broker) headID() (string, uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.head == 0 {
		return "", 0
	}
	return formatID(b.bus.Epoch(), b.head), b.head
}

// Subscription is one stream's view of the broker.
type Subscription struct {
	b      *Broker
	viewer *viewer // guarded by b.mu
	queue  chan *entry
	lost   chan struct{} // signalled when an event did not fit in queue
	done   chan struct{} // closed when the subscription ends

	// Set by Subscribe, read by the stream only.
	head   uint64   // the broker's newest event when subscribing
	replay []*entry // events after Last-Event-ID, oldest first
	reset  bool     // the resume point was not held: start with a reset
}

func (s *Subscription) markLost() {
	select {
	case s.lost <- struct{}{}:
	default:
	}
}

// Close ends the subscription; calling it again does nothing.
func (s *Subscription) Close() {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.removeLocked(s)
}

// Done is closed when the subscription ends.
func (s *Subscription) Done() <-chan struct{} { return s.done }
