package events

import "time"

// Clock is the time a stream runs on; tests drive a fake one.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the part of *time.Ticker a stream uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now implements Clock.
func (SystemClock) Now() time.Time { return time.Now() }

// NewTicker implements Clock.
func (SystemClock) NewTicker(d time.Duration) Ticker { return systemTicker{time.NewTicker(d)} }

// ClockAt is the real clock's tickers with another Now: the server's own
// clock when tests move it (token expiry is judged on that clock).
func ClockAt(now func() time.Time) Clock {
	if now == nil {
		return SystemClock{}
	}
	return nowClock{now}
}

type nowClock struct{ now func() time.Time }

func (c nowClock) Now() time.Time                   { return c.now() }
func (c nowClock) NewTicker(d time.Duration) Ticker { return SystemClock{}.NewTicker(d) }

type systemTicker struct{ t *time.Ticker }

func (t systemTicker) C() <-chan time.Time { return t.t.C }
func (t systemTicker) Stop()               { t.t.Stop() }
