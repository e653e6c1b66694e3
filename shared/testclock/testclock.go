// Package testclock is the one manual clock of hiregate's tests: time moves
// only when a test says so, never by sleeping. It is safe for concurrent
// use, so a server under test may read it while the test moves it.
package testclock

import (
	"sync"
	"time"
)

// Clock is a manual clock. Its Now method is the func() time.Time the
// services take as their clock.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a clock set to now.
func New(now time.Time) *Clock { return &Clock{now: now} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock by d and returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// Set moves the clock to t, backwards too.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
