package client

import (
	"bufio"
	"bytes"
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
