package events

import "context"

// Publisher is what services publish through; *Broker is one. A publisher
// never fails its caller: the change is committed, and a stream that
// missed the event is reset.
type Publisher interface {
	Publish(ctx context.Context, e Event)
}

// Discard is a Publisher that publishes nowhere: services built without
// live events (tools, tests) use it.
type Discard struct{}

// Publish implements Publisher.
func (Discard) Publish(context.Context, Event) {}
