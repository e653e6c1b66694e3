package events

import "time"

// ring is the window of recent events kept for Last-Event-ID resumption:
// every event younger than the retention, at most max of them, oldest
// first.
type ring struct {
	buf        []*entry // circular, len(buf) == max once full
	start, n   int
	max        int
	retention  time.Duration
	droppedSeq uint64 // Seq of the newest event no longer held (0: none)
}

func newRing(max int, retention time.Duration) *ring {
	return &ring{max: max, retention: retention}
}

func (r *ring) at(i int) *entry { return r.buf[(r.start+i)%len(r.buf)] }

// push appends e and drops what has aged out or no longer fits.
func (r *ring) push(e *entry) {
	r.expire(e.ev.At)
	if r.n == r.max {
		r.dropOldest()
	}
	if len(r.buf) < r.max && r.n == len(r.buf) {
		// Grow as needed: an idle server should not hold a full ring.
		grown := make([]*entry, min(max(2*len(r.buf), 64), r.max))
		for i := range r.n {
			grown[i] = r.at(i)
		}
		r.buf, r.start = grown, 0
	}
	r.buf[(r.start+r.n)%len(r.buf)] = e
	r.n++
}

// expire drops the events older than the retention at now.
func (r *ring) expire(now time.Time) {
	for r.n > 0 && now.Sub(r.at(0).ev.At) > r.retention {
		r.dropOldest()
	}
}

func (r *ring) dropOldest() {
	i := r.start % len(r.buf)
	r.droppedSeq = r.buf[i].ev.Seq
	r.buf[i] = nil
	r.start = (r.start + 1) % len(r.buf)
	r.n--
}

// clear forgets everything up to and including seq: the history before it
// can no longer be trusted.
func (r *ring) clear(seq uint64) {
	for r.n > 0 {
		r.dropOldest()
	}
	r.droppedSeq = max(r.droppedSeq, seq)
}

// since returns the events after seq, or ok false when some of them are
// no longer held.
func (r *ring) since(seq uint64) (out []*entry, ok bool) {
	if seq < r.droppedSeq {
		return nil, false
	}
	// Binary search: Seq increases along the ring.
	lo, hi := 0, r.n
	for lo < hi {
		m := (lo + hi) / 2
		if r.at(m).ev.Seq <= seq {
			lo = m + 1
		} else {
			hi = m
		}
	}
	for i := lo; i < r.n; i++ {
		out = append(out, r.at(i))
	}
	return out, true
}
