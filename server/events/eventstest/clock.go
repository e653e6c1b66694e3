// Package eventstest holds test doubles for package events: a clock that
// moves only when a test says so, and a publisher that records.
package eventstest

import (
	"sync"
	"time"

	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/shared/testclock"
)

// Clock is an events.Clock whose time moves only by Advance. Tickers fire
// (at most one pending tick each, like time.Ticker) when Advance passes
// their next tick.
type Clock struct {
	*testclock.Clock // Now

	mu      sync.Mutex // guards tickers, so Advance fires each due one once
	tickers map[*ticker]struct{}
	changed chan struct{} // closed and replaced whenever tickers change
}

// NewClock returns a clock set to now.
func NewClock(now time.Time) *Clock {
	return &Clock{Clock: testclock.New(now), tickers: map[*ticker]struct{}{}, changed: make(chan struct{})}
}

// NewTicker implements events.Clock.
func (c *Clock) NewTicker(d time.Duration) events.Ticker {
	if d <= 0 {
		panic("eventstest: non-positive ticker interval")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &ticker{c: c, d: d, next: c.Now().Add(d), ch: make(chan time.Time, 1)}
	c.tickers[t] = struct{}{}
	c.notifyLocked()
	return t
}

// Advance moves the clock by d and fires the tickers that came due.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.Clock.Advance(d)
	for t := range c.tickers {
		if now.Before(t.next) {
			continue
		}
		for !now.Before(t.next) {
			t.next = t.next.Add(t.d)
		}
		select {
		case t.ch <- now:
		default:
		}
	}
}

// WaitTickers blocks until exactly n tickers are running: a stream has set
// up its timers and Advance will reach them, or (n 0) every stream ended.
func (c *Clock) WaitTickers(n int) {
	for {
		c.mu.Lock()
		if len(c.tickers) == n {
			c.mu.Unlock()
			return
		}
		ch := c.changed
		c.mu.Unlock()
		<-ch
	}
}

// Tickers returns how many tickers are running.
func (c *Clock) Tickers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.tickers)
}

func (c *Clock) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

type ticker struct {
	c    *Clock
	d    time.Duration
	next time.Time
	ch   chan time.Time
}

func (t *ticker) C() <-chan time.Time { return t.ch }

func (t *ticker) Stop() {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	delete(t.c.tickers, t)
	t.c.notifyLocked()
}
