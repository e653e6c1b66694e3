package testclock_test

import (
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/testclock"
)

func TestClock(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		move func(c *testclock.Clock)
		want time.Time
	}{
		{"still", func(*testclock.Clock) {}, t0},
		{"advanced", func(c *testclock.Clock) { c.Advance(time.Minute) }, t0.Add(time.Minute)},
		{"advanced twice", func(c *testclock.Clock) { c.Advance(time.Second); c.Advance(time.Hour) }, t0.Add(time.Hour + time.Second)},
		{"back", func(c *testclock.Clock) { c.Advance(-time.Hour) }, t0.Add(-time.Hour)},
		{"set", func(c *testclock.Clock) { c.Set(t0.AddDate(1, 0, 0)) }, t0.AddDate(1, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testclock.New(t0)
			tt.move(c)
			if got := c.Now(); !got.Equal(tt.want) {
				t.Errorf("Now() = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestClockConcurrent is for -race: readers and a mover at once.
func TestClockConcurrent(t *testing.T) {
	t.Parallel()
	c := testclock.New(time.Time{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				c.Now()
			}
		})
	}
	for range 100 {
		c.Advance(time.Second)
	}
	wg.Wait()
	if got := c.Now(); got != (time.Time{}).Add(100*time.Second) {
		t.Errorf("Now() = %v after 100 s", got)
	}
}
