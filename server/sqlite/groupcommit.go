package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// Group commit. With synchronous=FULL every commit waits for an fsync of
// the WAL (about 0.8 ms here), and with one write connection concurrent
// writers used to queue for one fsync each: 32 writers meant a p99 of 32
// fsyncs. Instead one goroutine owns the write connection and runs the
// writes that are waiting together in one transaction, each in a
// savepoint of its own, so one COMMIT (one fsync) acknowledges them all:
//
//   - a write whose function fails is rolled back to its savepoint alone
//     and gets its own error; the others in the batch still commit;
//   - nobody is answered before the shared COMMIT has returned, so an
//     acknowledged write is on disk exactly as before, and a failed
//     COMMIT fails every write of the batch;
//   - when a write kills the whole transaction (SQLite rolls back on
//     SQLITE_INTERRUPT from a cancelled request, on a full disk or an I/O
//     error), the writes that had succeeded before it run again in a new
//     transaction. Their functions are written to be re-run: they already
//     retry conditional writes against fresh rows;
//   - writes that must not be re-run (Atomic, whose function is the
//     caller's, and ImportRows, which consumes a stream) run in a
//     transaction of their own, as before.
//
// Nothing waits to fill a batch: a write arriving at an idle writer runs
// at once, and a batch is whatever queued up during the previous commit.

// maxBatch bounds the writes of one transaction, so that one batch's
// latency stays bounded however many writers queue.
const maxBatch = 64

// errClosed is returned for writes submitted after Close.
var errClosed = errors.New("sqlite: database is closed")

// maxTries bounds how often one write runs again because its transaction
// died under it without its own function failing: each death answers the
// write that caused it, so running out means the connection is broken.
const maxTries = 3

var errTxDied = errors.New("sqlite: write transaction was rolled back repeatedly")

type writeReq struct {
	ctx   context.Context
	fn    func(tx *sql.Tx) error
	alone bool // a transaction of its own, never re-run
	tries int  // transactions it ran in that died under it
	done  chan writeResult
}

type writeResult struct {
	err      error
	panicked any // a panic in fn, re-raised in the caller's goroutine
}

type groupWriter struct {
	pool *sql.DB

	mu     sync.Mutex
	queue  []*writeReq // submitted, not yet taken
	closed bool

	wake chan struct{} // capacity 1: the queue may be non-empty
	quit chan struct{}
	done chan struct{}
	once sync.Once

	// afterCommit, when set (tests), runs after every commit with the
	// number of writes it acknowledged.
	afterCommit func(n int)
}

func newGroupWriter(pool *sql.DB) *groupWriter {
	w := &groupWriter{pool: pool, wake: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	go w.loop()
	return w
}

// stop ends the writer once the writes already submitted are answered;
// later ones get errClosed.
func (w *groupWriter) stop() {
	w.once.Do(func() {
		w.mu.Lock()
		w.closed = true
		w.mu.Unlock()
		close(w.quit)
	})
	<-w.done
}

// do runs fn in a write transaction and returns once its outcome is
// durable: committed (nil) or rolled back (fn's error or the commit's).
func (w *groupWriter) do(ctx context.Context, alone bool, fn func(tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := &writeReq{ctx: ctx, fn: fn, alone: alone, done: make(chan writeResult, 1)}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return errClosed
	}
	w.queue = append(w.queue, r)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	var res writeResult
	select {
	case res = <-r.done:
	case <-ctx.Done():
		if w.withdraw(r) {
			return ctx.Err()
		}
		// Taken: it is answered only when its outcome is known, and
		// reporting a write that then commits as failed would be wrong.
		res = <-r.done
	}
	if res.panicked != nil {
		panic(res.panicked)
	}
	return res.err
}

// withdraw removes r from the queue unless the writer took it already.
func (w *groupWriter) withdraw(r *writeReq) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i, q := range w.queue {
		if q == r {
			w.queue = append(w.queue[:i], w.queue[i+1:]...)
			return true
		}
	}
	return false
}

// take returns the oldest submitted write, or nil.
func (w *groupWriter) take() *writeReq {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.queue) == 0 {
		return nil
	}
	r := w.queue[0]
	w.queue[0] = nil
	w.queue = w.queue[1:]
	return r
}

// pending is how many writes wait to be taken (tests).
func (w *groupWriter) pending() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.queue)
}

func (w *groupWriter) loop() {
	defer close(w.done)
	var carry []*writeReq // taken but not yet run: re-runs and a deferred alone write
	for {
		if len(carry) == 0 {
			r := w.take()
			if r == nil {
				select {
				case <-w.wake:
				case <-w.quit:
					if w.pending() == 0 {
						return
					}
				}
				continue
			}
			carry = append(carry, r)
		}
		if carry[0].alone {
			r := carry[0]
			carry = carry[1:]
			r.done <- w.runAlone(r)
			continue
		}
		carry = w.runBatch(carry)
	}
}

func (w *groupWriter) runAlone(r *writeReq) writeResult {
	if err := r.ctx.Err(); err != nil {
		return writeResult{err: err}
	}
	tx, err := w.pool.BeginTx(context.Background(), nil)
	if err != nil {
		return writeResult{err: fmt.Errorf("sqlite: begin: %w", err)}
	}
	defer tx.Rollback()
	if res := call(r, tx); res.err != nil || res.panicked != nil {
		return res
	}
	if err := tx.Commit(); err != nil {
		return writeResult{err: fmt.Errorf("sqlite: commit: %w", err)}
	}
	if w.afterCommit != nil {
		w.afterCommit(1)
	}
	return writeResult{}
}

// runBatch runs queue's leading batchable writes, and any that arrive
// meanwhile, in one transaction, answers them, and returns what is left
// to run: writes to re-run after the transaction died, and an alone
// write met while draining.
func (w *groupWriter) runBatch(queue []*writeReq) []*writeReq {
	// The transaction's context is not any caller's: one caller going
	// away must not roll back the others' writes.
	tx, err := w.pool.BeginTx(context.Background(), nil)
	if err != nil {
		err = fmt.Errorf("sqlite: begin: %w", err)
		for _, r := range queue {
			if r.alone {
				break
			}
			r.done <- writeResult{err: err}
			queue = queue[1:]
		}
		return queue
	}
	defer tx.Rollback()

	var ok []*writeReq   // ran and released: commit decides their outcome
	var rest []*writeReq // not run in this transaction
	dead := false
	next := func() *writeReq {
		if len(queue) > 0 {
			r := queue[0]
			queue = queue[1:]
			return r
		}
		if len(ok) >= maxBatch {
			return nil
		}
		return w.take()
	}
	for !dead {
		r := next()
		if r == nil {
			break
		}
		if r.alone || len(ok) >= maxBatch {
			rest = append(rest, r)
			rest = append(rest, queue...)
			queue = nil
			break
		}
		if err := r.ctx.Err(); err != nil {
			r.done <- writeResult{err: err}
			continue
		}
		if _, err := tx.Exec(`SAVEPOINT batched`); err != nil {
			// The transaction is unusable; r runs again in a fresh one.
			ok = append(ok, r)
			dead = true
			break
		}
		res := call(r, tx)
		if res.err == nil && res.panicked == nil {
			if _, err := tx.Exec(`RELEASE batched`); err == nil {
				ok = append(ok, r)
				continue
			}
			// fn succeeded but its transaction is gone (SQLite rolled it
			// back): it runs again with the others.
			ok = append(ok, r)
			dead = true
			break
		}
		r.done <- res
		_, err1 := tx.Exec(`ROLLBACK TO batched`)
		_, err2 := tx.Exec(`RELEASE batched`)
		if err1 != nil || err2 != nil {
			dead = true
		}
	}
	rest = append(rest, queue...)
	if dead {
		// Every write in ok was undone with the transaction; none was
		// answered yet, so they run again, first.
		var again []*writeReq
		for _, r := range ok {
			if r.tries++; r.tries > maxTries {
				r.done <- writeResult{err: errTxDied}
				continue
			}
			again = append(again, r)
		}
		return append(again, rest...)
	}
	err = tx.Commit()
	if err != nil {
		err = fmt.Errorf("sqlite: commit: %w", err)
	} else if w.afterCommit != nil && len(ok) > 0 {
		w.afterCommit(len(ok))
	}
	for _, r := range ok {
		r.done <- writeResult{err: err}
	}
	return rest
}

// call runs r's function, turning a panic into a result so that the
// writer survives it and the caller's goroutine panics instead.
func call(r *writeReq, tx *sql.Tx) (res writeResult) {
	defer func() {
		if p := recover(); p != nil {
			res = writeResult{panicked: p}
		}
	}()
	return writeResult{err: r.fn(tx)}
}
