// Package live turns the signed-in user's live-event stream (GET /events)
// into Bubble Tea messages: the root model starts it after sign-in, shows
// its state quietly in the header, and hands events to the screen on top,
// which reloads what they touch.
package live

import (
	"context"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Source opens event streams; *client.Client is one.
type Source interface {
	Events(ctx context.Context, opt client.StreamOptions) *client.EventStream
}

// Stream is one subscription. Messages carry it so that the root model can
// ignore those of a stream it has already stopped (after a sign-out).
type Stream struct {
	es *client.EventStream
	// held is an update read while batching events that was not an event
	// itself; the next Wait returns it. Only one Wait runs at a time.
	held    *client.Update
	stopped atomic.Bool
}

// Start opens a stream on src and returns it with the command that waits
// for its first message.
func Start(src Source, opt client.StreamOptions) (*Stream, tea.Cmd) {
	s := &Stream{es: src.Events(context.Background(), opt)}
	return s, s.Wait()
}

// Stop closes the stream; its pending Wait returns nil.
func (s *Stream) Stop() {
	if s == nil || !s.stopped.CompareAndSwap(false, true) {
		return
	}
	// Closing waits for the stream's goroutine; do it off the UI thread.
	go s.es.Close()
}

// EventsMsg carries the events that arrived together: a burst of moves
// makes one reload, not one per move.
type EventsMsg struct {
	Stream *Stream
	Events []client.Event
}

// Reset reports whether the server said events were lost: everything
// shown may be stale.
func (m EventsMsg) Reset() bool {
	return m.Any(func(e client.Event) bool { return e.Type == hiregate.EventReset })
}

// Any reports whether f holds for one of the events, or the batch has a
// reset (which touches everything).
func (m EventsMsg) Any(f func(client.Event) bool) bool {
	for _, e := range m.Events {
		if e.Type == hiregate.EventReset || f(e) {
			return true
		}
	}
	return false
}

// Revoked returns the reason of a session.revoked in the batch, or "".
func (m EventsMsg) Revoked() string {
	for _, e := range m.Events {
		if e.Type == hiregate.EventSessionRevoked {
			if e.Data.Reason != "" {
				return e.Data.Reason
			}
			return hiregate.MsgSessionRevoked
		}
	}
	return ""
}

// StateMsg reports a change of the connection. With StreamEnded, Err says
// why; an EUNAUTHORIZED one means the session is over.
type StateMsg struct {
	Stream *Stream
	State  client.StreamState
	Err    error
}

// Wait returns the command that delivers the stream's next message. It
// returns nil once the stream has ended or was stopped.
func (s *Stream) Wait() tea.Cmd {
	return func() tea.Msg {
		u, ok := s.next()
		if !ok || s.stopped.Load() {
			return nil
		}
		if u.Event == nil {
			return StateMsg{Stream: s, State: u.State, Err: u.Err}
		}
		msg := EventsMsg{Stream: s, Events: []client.Event{*u.Event}}
		for {
			select {
			case u, ok := <-s.es.Updates():
				if !ok {
					return msg
				}
				if u.Event == nil {
					s.held = &u
					return msg
				}
				msg.Events = append(msg.Events, *u.Event)
			default:
				return msg
			}
		}
	}
}

func (s *Stream) next() (client.Update, bool) {
	if s.held != nil {
		u := *s.held
		s.held = nil
		return u, true
	}
	u, ok := <-s.es.Updates()
	return u, ok
}

// AboutApplication is the test for events that change application id.
func AboutApplication(id string) func(client.Event) bool {
	return func(e client.Event) bool { return id != "" && e.Data.ApplicationID == id }
}

// AboutJob is the test for events that change job id or an application to
// it (which changes its counts and its board).
func AboutJob(id string) func(client.Event) bool {
	return func(e client.Event) bool { return id != "" && e.Data.JobID == id }
}

// AboutApplications is the test for events that change any application.
func AboutApplications(e client.Event) bool {
	switch e.Type {
	case hiregate.EventApplicationCreated, hiregate.EventApplicationMoved:
		return true
	}
	return false
}

// AboutJobs is the test for events that add or change a job.
func AboutJobs(e client.Event) bool {
	return e.Type == hiregate.EventJobCreated || e.Type == hiregate.EventJobUpdated
}

// Reload coalesces the reloads events ask for: while one runs, further
// events only mark what it fetches as stale, and one more reload follows
// when it ends. A burst of moves on a board makes two requests, not one
// per move.
type Reload struct{ running, stale bool }

// Want reports whether to start a reload now.
func (r *Reload) Want() bool {
	if r.running {
		r.stale = true
		return false
	}
	r.running = true
	return true
}

// Done ends a reload (any load that finished will do) and reports whether
// another one is due.
func (r *Reload) Done() bool {
	r.running = false
	if r.stale {
		r.stale = false
		r.running = true
		return true
	}
	return false
}
