package client

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Event is one live event of GET /events. Type may be one this client does
// not know yet (a newer server); Data then holds what it could decode.
type Event struct {
	ID   string
	Type hiregate.EventType
	Data hiregate.EventData
}

// StreamState is where an EventStream stands.
type StreamState int

const (
	// StreamConnected: the server accepted the stream; events flow.
	StreamConnected StreamState = iota + 1
	// StreamReconnecting: the connection was lost or refused for now;
	// the stream tries again after Update.Retry.
	StreamReconnecting
	// StreamEnded: the stream stopped for good (session over, route
	// missing, Close); Update.Err says why unless Close ended it.
	StreamEnded
)

func (s StreamState) String() string {
	switch s {
	case StreamConnected:
		return "connected"
	case StreamReconnecting:
		return "reconnecting"
	case StreamEnded:
		return "ended"
	}
	return "unknown"
}

// Update is what an EventStream reports: an event, or a change of state.
type Update struct {
	Event *Event // nil for a state change
	State StreamState
	Err   error         // why it is reconnecting or ended
	Retry time.Duration // reconnecting: the wait before the next attempt
}

// Defaults for StreamOptions' zero values.
const (
	DefaultMinBackoff = time.Second
	DefaultMaxBackoff = 30 * time.Second
	// DefaultIdleTimeout is how long a stream may stay silent before the
	// connection counts as dead: two missed heartbeats and some slack.
	DefaultIdleTimeout = 2*hiregate.EventPingInterval + 10*time.Second
)

// StreamOptions configures an EventStream. Zero values take the defaults.
type StreamOptions struct {
	// LastEventID resumes after an event seen by an earlier stream.
	LastEventID string
	// MinBackoff and MaxBackoff bound the wait between attempts; it
	// doubles after each failed one and starts again at MinBackoff once a
	// connection delivered something. A server's "retry:" raises the
	// minimum.
	MinBackoff, MaxBackoff time.Duration
	// IdleTimeout is how long the stream may be silent (not even a ping)
	// before the client drops the connection and reconnects.
	IdleTimeout time.Duration
}

// EventStream is a subscription to GET /events that reconnects by itself,
// resuming with Last-Event-ID, until its context ends, Close is called or
// the session is over. Read Updates until it is closed.
type EventStream struct {
	c       *Client
	opt     StreamOptions
	updates chan Update
	cancel  context.CancelFunc
	done    chan struct{}

	mu     sync.Mutex
	lastID string
}

// Events opens a live-event stream in the background. The stream ends with
// a StreamEnded update and Updates closing: when the session ends
// (session.revoked: the client forgets its tokens, as the server has
// revoked them; or the refresh token is refused: IsSessionExpired), when
// the server refuses the stream for good (no such route, 403), or without
// an update when ctx ends or Close is called.
func (c *Client) Events(ctx context.Context, opt StreamOptions) *EventStream {
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = DefaultMinBackoff
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = DefaultMaxBackoff
	}
	opt.MaxBackoff = max(opt.MaxBackoff, opt.MinBackoff)
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = DefaultIdleTimeout
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &EventStream{
		c:       c,
		opt:     opt,
		updates: make(chan Update, 16),
		cancel:  cancel,
		done:    make(chan struct{}),
		lastID:  opt.LastEventID,
	}
	go s.run(ctx)
	return s
}

// Updates delivers the stream's events and state changes, in order. It is
// closed when the stream has ended.
func (s *EventStream) Updates() <-chan Update { return s.updates }

// Close stops the stream and waits for its goroutine to finish.
func (s *EventStream) Close() {
	s.cancel()
	<-s.done
}

// LastEventID is the id of the last event received ("" before any).
func (s *EventStream) LastEventID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastID
}

// errStreamEnded marks an error after which reconnecting is pointless.
type errStreamEnded struct{ err error }

func (e errStreamEnded) Error() string { return e.err.Error() }
func (e errStreamEnded) Unwrap() error { return e.err }

func (s *EventStream) run(ctx context.Context) {
	defer close(s.done)
	defer close(s.updates)
	attempt := 0
	for {
		delivered, retryHint, err := s.connect(ctx)
		if ctx.Err() != nil {
			return
		}
		var end errStreamEnded
		if errors.As(err, &end) {
			s.emit(ctx, Update{State: StreamEnded, Err: end.err})
			return
		}
		if delivered {
			attempt = 0
		}
		wait := s.backoff(attempt, retryHint, err)
		attempt++
		if !s.emit(ctx, Update{State: StreamReconnecting, Err: err, Retry: wait}) {
			return
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// backoff is the wait before attempt (0-based): doubling from the minimum
// (or the server's retry hint, or its Retry-After), capped, with jitter so
// that clients dropped together do not return together.
func (s *EventStream) backoff(attempt int, hint time.Duration, err error) time.Duration {
	base := max(s.opt.MinBackoff, hint)
	var he *hiregate.Error
	if errors.As(err, &he) && he.RetryAfter > 0 {
		base = max(base, time.Duration(he.RetryAfter)*time.Second)
	}
	d := base
	for range min(attempt, 16) {
		d *= 2
		if d >= s.opt.MaxBackoff {
			break
		}
	}
	d = min(d, max(s.opt.MaxBackoff, base))
	// Between three quarters and all of d.
	return d - time.Duration(rand.Int64N(int64(d)/4+1))
}

func (s *EventStream) emit(ctx context.Context, u Update) bool {
	select {
	case s.updates <- u:
		return true
	case <-ctx.Done():
		return false
	}
}

// connect runs one connection until it drops. delivered reports whether
// the server accepted it, retry is the server's reconnection hint.
func (s *EventStream) connect(parent context.Context) (delivered bool, retry time.Duration, err error) {
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	resp, err := s.open(ctx)
	if err != nil {
		return false, 0, err
	}
	defer resp.Body.Close()
	if !s.emit(ctx, Update{State: StreamConnected}) {
		return true, 0, ctx.Err()
	}
	// A connection that goes silent past the heartbeats is dead even if
	// TCP has not noticed: cut it and reconnect.
	idle := time.AfterFunc(s.opt.IdleTimeout, func() { cancel(errNoHeartbeat) })
	defer idle.Stop()
	p := newSSEParser(bufio.NewReader(resp.Body), s.LastEventID())
	for {
		ev, err := p.next(func() { idle.Reset(s.opt.IdleTimeout) })
		if err != nil {
			// Ids sent without an event since the last one count too.
			s.setLastID(p.lastID)
		}
		switch {
		case err == nil:
		case parent.Err() != nil:
			return true, p.retry, parent.Err()
		case context.Cause(ctx) == errNoHeartbeat:
			return true, p.retry, errNoHeartbeat
		case errors.Is(err, io.EOF):
			return true, p.retry, errors.New("event stream: the server closed the connection")
		default:
			return true, p.retry, fmt.Errorf("event stream: %w", err)
		}
		e := &Event{ID: ev.id, Type: hiregate.EventType(ev.typ)}
		// A payload this client cannot read still tells it something
		// changed; the event is passed on with what could be decoded.
		_ = json.Unmarshal([]byte(ev.data), &e.Data)
		// A slow reader of Updates is not a silent server.
		idle.Stop()
		if !s.emit(ctx, Update{Event: e}) {
			// Not passed on, so not seen: the next connection asks again.
			return true, p.retry, ctx.Err()
		}
		idle.Reset(s.opt.IdleTimeout)
		s.setLastID(ev.id)
		if e.Type == hiregate.EventSessionRevoked {
			// The server has revoked the tokens; keeping them would only
			// earn a 401 and a refused refresh.
			s.c.Forget()
			reason := e.Data.Reason
			if reason == "" {
				reason = hiregate.MsgSessionRevoked
			}
			return true, 0, errStreamEnded{&hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: reason}}
		}
	}
}

var errNoHeartbeat = errors.New("event stream: no heartbeat from the server")

func (s *EventStream) setLastID(id string) {
	s.mu.Lock()
	s.lastID = id
	s.mu.Unlock()
}

// open sends GET /events with the bearer token, refreshing it when due or
// once after a 401, and checks that the answer is an event stream.
func (s *EventStream) open(ctx context.Context) (*http.Response, error) {
	c := s.c
	if !c.LoggedIn() {
		return nil, errStreamEnded{notAuthenticated()}
	}
	if err := c.refreshIfDue(ctx); err != nil {
		return nil, classify(err)
	}
	resp, gen, err := s.get(ctx)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized {
		herr := c.decodeError(resp)
		resp.Body.Close()
		retry, rerr := c.refreshAfter401(ctx, gen)
		switch {
		case rerr != nil:
			return nil, classify(rerr)
		case !retry:
			return nil, errStreamEnded{herr}
		}
		if resp, _, err = s.get(ctx); err != nil {
			return nil, err
		}
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		return nil, classify(c.decodeError(resp))
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/event-stream" {
		resp.Body.Close()
		return nil, errStreamEnded{fmt.Errorf("GET /events: the server answered %q, not an event stream", mt)}
	}
	return resp, nil
}

func (s *EventStream) get(ctx context.Context) (*http.Response, uint64, error) {
	c := s.c
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/events", nil)
	if err != nil {
		return nil, 0, errStreamEnded{fmt.Errorf("build GET /events request: %w", err)}
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("User-Agent", c.ua)
	if id := s.LastEventID(); id != "" {
		req.Header.Set("Last-Event-ID", id)
	}
	c.mu.Lock()
	access, gen := c.access, c.gen
	c.mu.Unlock()
	if access != "" {
		req.Header.Set("Authorization", "Bearer "+access)
	}
	resp, err := c.streamHTTP().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, gen, ctx.Err()
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, gen, fmt.Errorf("cannot reach %s: %w", c.base, err)
	}
	return resp, gen, nil
}

// streamHTTP is the client's http.Client without its overall timeout,
// which would cut every stream; silence is caught by IdleTimeout instead.
func (c *Client) streamHTTP() *http.Client {
	hc := *c.hc
	hc.Timeout = 0
	return &hc
}

// classify marks the errors no retry can fix as the end of the stream.
func classify(err error) error {
	if IsSessionExpired(err) {
		return errStreamEnded{err}
	}
	var he *hiregate.Error
	if !errors.As(err, &he) {
		return err
	}
	switch he.Code {
	case hiregate.ETHROTTLED, hiregate.EUNAVAILABLE, hiregate.EINTERNAL:
		return err
	}
	return errStreamEnded{err}
}
