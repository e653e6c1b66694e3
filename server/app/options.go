package app

import (
	"time"

	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/hashworker"
	"github.com/hiregate/hiregate/server/mail"
)

// Option adjusts how Open builds the server beyond its settings: hooks for
// tests and for the server command, never something an operator sets.
type Option func(*options)

type options struct {
	now        func() time.Time
	stream     events.StreamConfig
	hashWorker *hashworker.Cmd
	mail       func(*mail.Config)
}

func buildOptions(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithClock sets the clock of tokens, throttling and timestamps, so that
// end-to-end tests move time (expire tokens) without sleeping.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// WithStream tunes GET /events (heartbeat, session re-check, write
// timeout); zero values are the defaults. Tests shorten it.
func WithStream(sc events.StreamConfig) Option {
	return func(o *options) { o.stream = sc }
}

// WithHashWorker hashes passwords in worker processes started by cmd (the
// server's own binary re-executed) instead of in this process.
func WithHashWorker(cmd *hashworker.Cmd) Option {
	return func(o *options) { o.hashWorker = cmd }
}

// WithMail adjusts the mail sender's settings after the server has set
// them from its configuration: tests trust their SMTP server's
// certificate and shorten its intervals.
func WithMail(fn func(*mail.Config)) Option {
	return func(o *options) { o.mail = fn }
}
