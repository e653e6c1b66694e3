package postgres

import "sync"

// maxBatch bounds how many calls one batch serves, so that a batch's
// transaction, and the wait of the calls in it, stay short.
const maxBatch = 64

// batcher lets concurrent calls share one round of work (a group
// commit): a call that finds no batch running runs one for itself; calls
// that arrive meanwhile queue, and when the running batch ends the first
// of them runs the next batch for all of them. A lone call never waits.
type batcher[T any] struct {
	mu    sync.Mutex
	queue []*batched[T]
	busy  bool // a batch is running
}

type batched[T any] struct {
	v    T
	done chan batchDone
}

// batchDone answers a queued call: its own error, or that it runs the
// next batch.
type batchDone struct {
	lead bool
	err  error
}

// do queues v and returns its error from the batch that served it. run
// gets the values of one batch, in the order they were queued, and
// returns one error for each.
func (b *batcher[T]) do(v T, run func([]T) []error) error {
	me := &batched[T]{v: v, done: make(chan batchDone, 1)}
	b.mu.Lock()
	b.queue = append(b.queue, me)
	lead := !b.busy
	b.busy = true
	b.mu.Unlock()
	if !lead {
		if d := <-me.done; !d.lead {
			return d.err
		}
	}
	// The queue is empty whenever no batch runs, so the leader is first.
	b.mu.Lock()
	n := min(len(b.queue), maxBatch)
	group := b.queue[:n:n]
	b.queue = append([]*batched[T](nil), b.queue[n:]...)
	b.mu.Unlock()

	vs := make([]T, n)
	for i, c := range group {
		vs[i] = c.v
	}
	errs := run(vs)
	for i, c := range group[1:] {
		c.done <- batchDone{err: errs[i+1]}
	}
	b.mu.Lock()
	if len(b.queue) > 0 {
		b.queue[0].done <- batchDone{lead: true}
	} else {
		b.busy = false
	}
	b.mu.Unlock()
	return errs[0]
}

// same is n copies of err.
func same(n int, err error) []error {
	errs := make([]error, n)
	for i := range errs {
		errs[i] = err
	}
	return errs
}
