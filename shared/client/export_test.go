package client

import (
	"bufio"
	"bytes"
	"context"
	"time"
)

// ParseSSE runs the event-stream parser over a whole body and returns each
// event as "type|id|data", the last event id and the retry hint.
func ParseSSE(body []byte) (evs []string, lastID string, retryMS int64, err error) {
	p := newSSEParser(bufio.NewReader(bytes.NewReader(body)), "")
	for {
		ev, err := p.next(nil)
		if err != nil {
			return evs, p.lastID, p.retry.Milliseconds(), err
		}
		evs = append(evs, ev.typ+"|"+ev.id+"|"+ev.data)
	}
}

// RecordWaits makes c note each wait it takes before a retry instead of
// taking it (a wait still ends at once when ctx has ended).
func RecordWaits(c *Client) *[]time.Duration {
	var waits []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	return &waits
}
