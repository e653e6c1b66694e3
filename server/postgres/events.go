package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// eventsChannel is the NOTIFY channel live events travel on between the
// server processes of one database.
const eventsChannel = "hiregate_events"

// eventsLock is the pg_advisory_xact_lock key publishers take, so that
// events are committed, and so notified, in the order of their numbers.
const eventsLock int64 = 0x6869726567657674 // "hiregevt"

// eventsSeq numbers live events across every process on the database.
const eventsSeq = "hiregate_events_seq"

// EventBus is an events.Bus over LISTEN/NOTIFY: an event published by any
// server process on the database reaches the broker of every one. The
// numbers come from a sequence, taken under a transaction-level advisory
// lock together with the NOTIFY, so notifications arrive in number order
// on every listener. A listener that loses its connection delivers a reset
// (its streams reload) and listens again.
type EventBus struct {
	db    *DB
	epoch string
	log   *slog.Logger

	mu      sync.Mutex
	deliver func(events.Event)

	batch batcher[events.Event]

	stop    context.CancelFunc
	stopped chan struct{}
}

var _ events.Bus = (*EventBus)(nil)

// EventBus starts listening for live events and returns the bus. It
// returns once the listener is in place, so nothing published after it
// returns is missed here. Close stops it. log may be nil.
func (db *DB) EventBus(ctx context.Context, log *slog.Logger) (*EventBus, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// Concurrent CREATE ... IF NOT EXISTS may still collide on the
	// catalog: the lock makes starting replicas take turns.
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, eventsLock); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `CREATE SEQUENCE IF NOT EXISTS `+eventsSeq)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: events sequence: %w", err)
	}
	// The epoch names this database: ids of another one (or of one
	// restored into a new database) are not taken for positions here.
	var oid uint32
	if err := db.pool.QueryRow(ctx, `SELECT oid FROM pg_database WHERE datname = current_database()`).Scan(&oid); err != nil {
		return nil, fmt.Errorf("postgres: database oid: %w", err)
	}
	b := &EventBus{db: db, epoch: "pg" + strconv.FormatUint(uint64(oid), 36), log: log, stopped: make(chan struct{})}
	conn, err := b.listen(ctx)
	if err != nil {
		return nil, err
	}
	lctx, cancel := context.WithCancel(context.Background())
	b.stop = cancel
	go b.run(lctx, conn)
	return b, nil
}

// Epoch implements events.Bus.
func (b *EventBus) Epoch() string { return b.epoch }

// Attach implements events.Bus.
func (b *EventBus) Attach(deliver func(events.Event)) {
	b.mu.Lock()
	b.deliver = deliver
	b.mu.Unlock()
}

// Publish implements events.Bus: it numbers e and NOTIFYs every listener,
// this process's included, in one transaction.
//
// Concurrent calls share that transaction (a batcher): every transaction
// that NOTIFYs holds PostgreSQL's cluster-wide notification lock through
// its commit, so each would wait for the others' WAL flushes one by one,
// and commit_delay cannot merge them.
func (b *EventBus) Publish(ctx context.Context, e events.Event) error {
	return b.batch.do(e, func(group []events.Event) []error {
		return same(len(group), b.publish(context.WithoutCancel(ctx), group))
	})
}

// publish numbers the group's events and NOTIFYs them in that order, in
// one round trip: the batch is one implicit transaction, so the
// publishers' lock taken by its first statement is held through the
// commit. The numbers are drawn by the NOTIFY statement itself, in the
// order of the group, and spliced into each payload where its seq field
// goes.
func (b *EventBus) publish(ctx context.Context, group []events.Event) error {
	at := b.db.Now().UTC()
	heads := make([]string, len(group))
	tails := make([]string, len(group))
	for i, e := range group {
		e.Seq, e.At = 0, at
		payload, err := json.Marshal(e)
		if err != nil {
			return err
		}
		// seq and at are the last fields, and at's value a plain time, so
		// the last match is the field itself.
		cut := bytes.LastIndex(payload, []byte(seqField))
		if cut < 0 {
			return errors.New("postgres: event payload without its seq field")
		}
		heads[i] = string(payload[:cut+len(`"seq":`)])
		tails[i] = string(payload[cut+len(`"seq":0`):])
	}
	var batch pgx.Batch
	batch.Queue(`SELECT pg_advisory_xact_lock($1)`, eventsLock)
	batch.Queue(`SELECT pg_notify($1, e.head || nextval('`+eventsSeq+`') || e.tail)
	FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS e(head, tail, n) ORDER BY e.n`,
		eventsChannel, heads, tails)
	return b.db.pool.SendBatch(ctx, &batch).Close()
}

// seqField is how an event's payload reads, with Seq zero, where its
// number goes.
const seqField = `"seq":0,"at":`

// Close stops listening and waits for the listener to finish.
func (b *EventBus) Close() {
	b.stop()
	<-b.stopped
}

// listen takes a connection out of the pool and LISTENs on it.
func (b *EventBus) listen(ctx context.Context) (*pgx.Conn, error) {
	c, err := b.db.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: events listener: %w", err)
	}
	// A LISTENing session serves nothing else and is never returned.
	conn := c.Hijack()
	if _, err := conn.Exec(ctx, `LISTEN `+eventsChannel); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("postgres: events listener: %w", err)
	}
	return conn, nil
}

func (b *EventBus) run(ctx context.Context, conn *pgx.Conn) {
	defer close(b.stopped)
	for {
		err := b.receive(ctx, conn)
		conn.Close(context.WithoutCancel(ctx))
		if ctx.Err() != nil {
			return
		}
		b.log.Warn("live events: lost the database listener; streams reload, listening again", "err", err)
		// Whatever was notified while nobody listened is lost.
		b.send(events.Event{Type: hiregate.EventReset})
		for conn = nil; conn == nil; {
			select {
			case <-ctx.Done():
				return
			case <-time.After(watchRetry):
			}
			conn, _ = b.listen(ctx)
		}
	}
}

// receive delivers notifications until the connection fails or ctx ends.
func (b *EventBus) receive(ctx context.Context, conn *pgx.Conn) error {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var e events.Event
		if err := json.Unmarshal([]byte(n.Payload), &e); err != nil || !e.Type.Valid() {
			// Not ours to read (a newer server's event?): skipping it
			// could hide a change, so the streams reload.
			b.send(events.Event{Type: hiregate.EventReset})
			continue
		}
		b.send(e)
	}
}

func (b *EventBus) send(e events.Event) {
	b.mu.Lock()
	d := b.deliver
	b.mu.Unlock()
	if d != nil {
		d(e)
	}
}
