package events

// Queued returns how many events wait in the subscription's queue.
func (s *Subscription) Queued() int { return len(s.queue) }

// Lost reports whether the subscription lost an event (and consumes the
// signal).
func (s *Subscription) Lost() bool {
	select {
	case <-s.lost:
		return true
	default:
		return false
	}
}

// Take returns the wire form of the queued events without blocking.
func (s *Subscription) Take() []string {
	var out []string
	for {
		select {
		case en := <-s.queue:
			out = append(out, string(en.wireFor(s.viewer)))
		default:
			return out
		}
	}
}

// Replay returns the wire form of the events replayed at subscription, and
// whether it starts with a reset.
func (s *Subscription) Replay() (wire []string, reset bool) {
	for _, en := range s.replay {
		wire = append(wire, string(en.wireFor(s.viewer)))
	}
	return wire, s.reset
}

// ParseID is parseID.
var ParseID = parseID
