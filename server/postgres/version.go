package postgres

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

var _ store.Versioned = (*DB)(nil)

// changesChannel is where migration 0004's triggers announce every
// committed change to cached data.
const changesChannel = "hiregate_changes"

// listenHeartbeat is how often the listener checks its connection when
// no request asks for a version: a connection that died silently (a
// network partition) is noticed within this, and the notifications of a
// quiet server do not pile up unread.
const listenHeartbeat = 2 * time.Second

// errVersionUnknown is what Version says while no listener hears
// changes: callers then read the store, as without a cache.
var errVersionUnknown = errors.New("postgres: not listening for changes; version unknown")

// versions is the change counter of one DB and its Atomic views.
type versions struct {
	n atomic.Uint64

	mu   sync.Mutex
	live bool       // a listener is connected and LISTENing
	next *syncRound // the round the next sync answers, when asked for
	kick chan struct{}

	stop context.CancelFunc
	done sync.WaitGroup
}

// syncRound is one round trip on the listening connection, shared by
// every Version call that arrived before it started.
type syncRound struct {
	done chan struct{}
	n    uint64
	err  error
}

// Version implements store.Versioned with a counter that moves after
// every commit of this process (once the commit returned) and whenever
// the listener has heard of a commit by any process.
//
// Hearing is made certain, not likely: Version waits for a round trip on
// the listening connection that started after it was called. PostgreSQL
// signals every listener before it acknowledges a commit, and a listening
// session sends what it was signalled before it answers the next query,
// so any commit acknowledged before Version was called (a revocation on
// another replica, say) has moved the counter by the time it returns.
// Concurrent calls share one round trip: a cached request costs one
// shared round trip instead of a session lookup and a page query.
//
// While the listener is not connected Version returns an error, so that
// caches read the store; on reconnecting the counter moves, since changes
// may have gone unheard.
func (db *DB) Version(ctx context.Context) (uint64, error) {
	v := db.ver
	v.mu.Lock()
	if !v.live {
		v.mu.Unlock()
		return 0, errVersionUnknown
	}
	r := v.next
	if r == nil {
		r = &syncRound{done: make(chan struct{})}
		v.next = r
		select {
		case v.kick <- struct{}{}:
		default:
		}
	}
	v.mu.Unlock()
	select {
	case <-r.done:
		return r.n, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// committed records a write of this process (call it after the commit,
// whatever its outcome: a failed commit may still have committed).
func (db *DB) committed() { db.ver.n.Add(1) }

// watchChanges keeps a listener on changesChannel until ctx ends.
func (db *DB) watchChanges(ctx context.Context) {
	defer db.ver.done.Done()
	for ctx.Err() == nil {
		db.listenChanges(ctx)
		select {
		case <-ctx.Done():
		case <-time.After(watchRetry):
		}
	}
}

func (db *DB) listenChanges(ctx context.Context) {
	v := db.ver
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return
	}
	// Out of the pool: a LISTENing session serves nothing else.
	pc := conn.Hijack()
	defer pc.Close(context.WithoutCancel(ctx))
	if _, err := pc.Exec(ctx, `LISTEN `+changesChannel); err != nil {
		return
	}
	// Changes made while nobody listened went unheard.
	v.n.Add(1)
	v.mu.Lock()
	v.live = true
	v.mu.Unlock()
	defer func() {
		v.mu.Lock()
		v.live = false
		if r := v.next; r != nil {
			v.next = nil
			r.err = errVersionUnknown
			close(r.done)
		}
		v.mu.Unlock()
	}()
	heartbeat := time.NewTicker(listenHeartbeat)
	defer heartbeat.Stop()
	done, cancel := context.WithCancel(ctx)
	cancel() // drains buffered notifications without waiting
	for {
		select {
		case <-ctx.Done():
			return
		case <-v.kick:
		case <-heartbeat.C:
		}
		v.mu.Lock()
		r := v.next
		v.next = nil
		v.mu.Unlock()
		qctx, cancelq := context.WithTimeout(ctx, listenHeartbeat)
		_, err := pc.Exec(qctx, `SELECT 1`)
		cancelq()
		heard := false
		for err == nil {
			if _, werr := pc.WaitForNotification(done); werr != nil {
				break
			}
			heard = true
		}
		if heard {
			v.n.Add(1)
		}
		if r != nil {
			r.n = v.n.Load()
			if err != nil {
				r.err = errVersionUnknown
			}
			close(r.done)
		}
		if err != nil {
			return
		}
	}
}
