package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Defaults for StreamConfig's zero values.
const (
	// DefaultPing is the heartbeat; below the contract's 25 s so a late
	// tick still keeps the promise.
	DefaultPing = 20 * time.Second
	// DefaultCheck is how often a stream re-checks its session, well
	// within the contract's 5 s to close a revoked one.
	DefaultCheck = 3 * time.Second
	// DefaultWriteTimeout is how long one write may wait for a reader
	// before the stream is dropped: a reader that never reads holds its
	// connection this long at most.
	DefaultWriteTimeout = 10 * time.Second
	// DefaultRetry is the reconnection delay suggested to clients.
	DefaultRetry = 2 * time.Second
	// DefaultSendBuffer caps the kernel's send buffer of a stream's
	// connection (Linux grows it to megabytes by default): what a reader
	// that stopped reading can hold on the server is this much, and its
	// write times out once that is full.
	DefaultSendBuffer = 64 << 10
)

// StreamConfig configures the SSE writer. Zero values take the defaults.
type StreamConfig struct {
	Ping         time.Duration // DefaultPing; at most hiregate.EventPingInterval
	Check        time.Duration // DefaultCheck; at most 5 s
	WriteTimeout time.Duration // DefaultWriteTimeout
	Retry        time.Duration // DefaultRetry
	SendBuffer   int           // DefaultSendBuffer bytes; needs ConnContext on the server
	Clock        Clock         // SystemClock
	Logger       *slog.Logger
}

// Streamer writes subscriptions as text/event-stream responses.
type Streamer struct {
	cfg StreamConfig
}

// NewStreamer checks cfg and returns a Streamer.
func NewStreamer(cfg StreamConfig) (*Streamer, error) {
	if cfg.Ping == 0 {
		cfg.Ping = DefaultPing
	}
	if cfg.Check == 0 {
		cfg.Check = DefaultCheck
	}
	if cfg.WriteTimeout == 0 {
		cfg.WriteTimeout = DefaultWriteTimeout
	}
	if cfg.Retry == 0 {
		cfg.Retry = DefaultRetry
	}
	if cfg.SendBuffer == 0 {
		cfg.SendBuffer = DefaultSendBuffer
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case cfg.Ping < 0 || cfg.Ping > hiregate.EventPingInterval:
		return nil, fmt.Errorf("events: Ping must be between 0 and %s, got %s", hiregate.EventPingInterval, cfg.Ping)
	case cfg.Check < 0 || cfg.Check > 5*time.Second:
		return nil, fmt.Errorf("events: Check must be between 0 and 5s, got %s", cfg.Check)
	case cfg.WriteTimeout < 0:
		return nil, errors.New("events: WriteTimeout must be positive")
	case cfg.Retry < 0:
		return nil, errors.New("events: Retry must be positive")
	case cfg.SendBuffer < 0:
		return nil, errors.New("events: SendBuffer must be positive")
	}
	return &Streamer{cfg: cfg}, nil
}

// Session is what a stream must keep checking about its caller.
type Session struct {
	// ExpiresAt is when the access token that opened the stream expires;
	// the stream ends then and the client reconnects with a fresh one.
	ExpiresAt time.Time
	// Check re-validates the session (revoked? user deactivated? role
	// changed?) every StreamConfig.Check. A *Revoked error ends the stream
	// with a session.revoked event; any other error ends it silently.
	// Nil checks nothing.
	Check func(ctx context.Context) error
}

// Revoked is the error a Session.Check returns when the session is over.
type Revoked struct {
	Reason string // fit to show the user, e.g. hiregate.ReasonDeactivated
}

func (r *Revoked) Error() string { return "session ended: " + r.Reason }

// Serve writes sub to w until the client leaves, the session ends, the
// token expires, a write times out or the broker closes. It closes sub.
// The caller has authenticated the request and opened sub; nothing has
// been written to w yet.
func (s *Streamer) Serve(w http.ResponseWriter, r *http.Request, sub *Subscription, sess Session) {
	defer sub.Close()
	st := &stream{cfg: &s.cfg, w: w, rc: http.NewResponseController(w), sub: sub}
	ctx := r.Context()

	if c, ok := r.Context().Value(connKey{}).(net.Conn); ok {
		limitSendBuffer(c, s.cfg.SendBuffer)
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	// Proxies such as nginx would otherwise hold events back.
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	if err := st.start(); err != nil {
		return
	}
	ping := s.cfg.Clock.NewTicker(s.cfg.Ping)
	check := s.cfg.Clock.NewTicker(s.cfg.Check)
	defer func() {
		// The subscription is gone before the tickers stop, so whoever
		// watches the tickers sees a finished stream.
		sub.Close()
		ping.Stop()
		check.Stop()
	}()

	for {
		select {
		case <-ctx.Done():
			return
		case <-sub.done:
			return
		case en := <-sub.queue:
			if st.send(en) {
				return
			}
		case <-sub.lost:
			if st.resetLost() != nil {
				return
			}
		case <-ping.C():
			if st.write([]byte(": ping\n\n")) != nil {
				return
			}
		case <-check.C():
			if !sess.ExpiresAt.IsZero() && !s.cfg.Clock.Now().Before(sess.ExpiresAt) {
				return
			}
			if sess.Check == nil {
				continue
			}
			cctx, cancel := context.WithTimeout(ctx, s.cfg.Check)
			err := sess.Check(cctx)
			cancel()
			var rev *Revoked
			switch {
			case errors.As(err, &rev):
				// An event already queued says more than the check: a
				// session.revoked there carries why the session ended.
				if st.drain() {
					return
				}
				st.write(revokedFrame(rev.Reason))
				return
			case err != nil:
				if ctx.Err() == nil {
					s.cfg.Logger.WarnContext(ctx, "event stream session check failed; closing the stream", "err", err)
				}
				return
			}
		}
	}
}

type connKey struct{}

// ConnContext is an http.Server.ConnContext that lets a stream reach its
// connection, to cap the kernel's send buffer (StreamConfig.SendBuffer).
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

func limitSendBuffer(c net.Conn, n int) {
	if tc, ok := c.(interface{ NetConn() net.Conn }); ok {
		c = tc.NetConn() // TLS
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(n)
	}
}

// stream is one response being written.
type stream struct {
	cfg  *StreamConfig
	w    http.ResponseWriter
	rc   *http.ResponseController
	sub  *Subscription
	skip uint64 // queued events up to this Seq were covered by a reset
}

// start writes the retry hint, the replay (or a reset) and the current
// position, so a client that reconnects before any event arrives still
// resumes from here.
func (st *stream) start() error {
	buf := []byte("retry: " + strconv.FormatInt(st.cfg.Retry.Milliseconds(), 10) + "\n\n")
	if st.sub.reset {
		st.skip = st.sub.head
		buf = append(buf, resetFrame(st.sub.b.bus.Epoch(), st.sub.head)...)
	} else {
		for _, en := range st.sub.replay {
			buf = append(buf, en.wireFor(st.sub.viewer)...)
		}
		if st.sub.head > 0 {
			buf = append(buf, "id: "+formatID(st.sub.b.bus.Epoch(), st.sub.head)+"\n\n"...)
		}
	}
	st.sub.replay = nil
	return st.write(buf)
}

// resetLost tells the client events were dropped because it fell behind:
// whatever is still queued is covered by the reset, and the reload the
// client does.
func (st *stream) resetLost() error {
	_, head := st.sub.b.headID()
drain:
	for {
		select {
		case <-st.sub.queue:
		default:
			break drain
		}
	}
	st.skip = head
	return st.write(resetFrame(st.sub.b.bus.Epoch(), head))
}

// send writes a queued event and reports whether the stream is over: the
// write failed, or the event ended the session.
func (st *stream) send(en *entry) (over bool) {
	if en.ev.Seq <= st.skip {
		return false
	}
	return st.write(en.wireFor(st.sub.viewer)) != nil || en.ev.Type == hiregate.EventSessionRevoked
}

// drain sends what is queued without waiting and reports whether the
// stream is over.
func (st *stream) drain() (over bool) {
	for {
		select {
		case en := <-st.sub.queue:
			if st.send(en) {
				return true
			}
		default:
			return false
		}
	}
}

func (st *stream) write(p []byte) error {
	// The server's WriteTimeout would cut a long stream; each write gets
	// its own deadline instead. ErrNotSupported (a recorder) is fine.
	_ = st.rc.SetWriteDeadline(time.Now().Add(st.cfg.WriteTimeout))
	if _, err := st.w.Write(p); err != nil {
		return err
	}
	return st.rc.Flush()
}

func resetFrame(epoch string, head uint64) []byte {
	id := ""
	if head > 0 {
		id = formatID(epoch, head)
	}
	return frame(id, hiregate.EventReset, hiregate.EventData{})
}

// revokedFrame has no id: a check's verdict is not an event of the bus.
func revokedFrame(reason string) []byte {
	return frame("", hiregate.EventSessionRevoked, hiregate.EventData{Reason: reason})
}
