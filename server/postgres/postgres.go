// Package postgres stores hiregate's data in PostgreSQL through a pgx
// connection pool. *DB implements store.Store; several server processes
// (replicas) may share one database.
//
// Nothing here relies on there being a single writer. Every multi-row step
// runs in a READ COMMITTED transaction that locks what it decides on
// (SELECT ... FOR UPDATE / FOR SHARE) or lets a unique constraint decide;
// throttling serialises per key on transaction-scoped advisory locks. A
// transaction the server aborts for a serialisation failure or a deadlock
// is retried.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
)

var _ store.Store = (*DB)(nil)

// DB is a hiregate database on PostgreSQL, or (inside Atomic) one
// transaction on it.
type DB struct {
	// The stores written once for both engines, on engine{db}; its
	// clock, Now, is db.Now.
	*sqlstore.DB

	pool  *pgxpool.Pool
	q     querier    // pool, or the transaction of an Atomic view
	readQ sqlstore.Q // q as a sqlstore.Q
	tx    pgx.Tx     // non-nil in an Atomic view
	ver   *versions
	steps *batcher[stepCall] // the steps waiting for a shared commit
}

// connectTimeout bounds a new connection when the URL sets none, so that
// readiness fails within seconds of the server going away instead of
// waiting for the operating system's TCP timeout.
const connectTimeout = 3 * time.Second

// Open connects to the database at url (postgres://user:pass@host:port/db
// or a key=value DSN), applies any migrations it lacks and returns the
// store. It fails when the database's schema is newer than this program.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message may quote the URL, password included.
		return nil, errors.New("postgres: invalid database URL (want postgres://user:password@host:port/dbname)")
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = int32(max(8, 4*runtime.GOMAXPROCS(0)))
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "hiregate"
	}
	// Dead connections are found before a request trips on them.
	cfg.HealthCheckPeriod = 5 * time.Second
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	db := &DB{pool: pool, q: pool, readQ: pgQ{pool}, ver: &versions{kick: make(chan struct{}, 1)}, steps: &batcher[stepCall]{}}
	db.DB = sqlstore.New(engine{db})
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	wctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	db.ver.stop = stop
	db.ver.done.Add(1)
	go db.watchChanges(wctx)
	return db, nil
}

// Close closes the pool, waiting for connections in use to be returned.
func (db *DB) Close() error {
	if db.tx != nil {
		return errors.New("postgres: Close inside Atomic")
	}
	db.ver.stop()
	db.ver.done.Wait()
	db.pool.Close()
	return nil
}

// Ping reports whether the database answers and takes writes: it takes a
// transaction id, which a standby (after a failover) refuses, and checks
// that transactions are not read-only, where a bare SELECT would pass. When
// the connection fails (rather than the caller's deadline passing, which a
// busy pool may cause) every pooled connection is dropped: after an outage
// they are all dead, and requests should dial afresh rather than trip over
// each of them in turn.
func (db *DB) Ping(ctx context.Context) error {
	var xid int64
	var writable bool
	err := db.q.QueryRow(ctx, `SELECT txid_current(), current_setting('transaction_read_only') = 'off'`).Scan(&xid, &writable)
	if err != nil {
		var pe *pgconn.PgError
		if db.tx == nil && ctx.Err() == nil && !errors.As(err, &pe) {
			db.pool.Reset()
		}
		return fmt.Errorf("postgres: ping: %w", err)
	}
	if !writable {
		return errors.New("postgres: ping: the database is read-only (default_transaction_read_only)")
	}
	return nil
}

// Atomic runs fn once in a transaction of its own, with view: db on the
// transaction, whose methods run in savepoints of it. A serialisation
// failure or deadlock is retried per call of the view, inside its
// savepoint, never by running fn again.
func (e engine) Atomic(ctx context.Context, fn func(view sqlstore.Engine, tx sqlstore.Q) error) error {
	db := e.db
	if db.tx != nil {
		return fn(e, db.readQ)
	}
	return db.tryTx(ctx, func(tx pgx.Tx) error {
		view := *db
		view.q, view.readQ, view.tx = tx, pgQ{tx}, tx
		view.DB = db.DB.On(engine{&view})
		return fn(engine{&view}, view.readQ)
	})
}

// step runs one statement (or a few that need no lock between them) on
// the pool, or, in an Atomic view, in a savepoint so that its failure does
// not abort the view's transaction.
//
// Outside a view, concurrent steps share one transaction, each in a
// savepoint of it, and so one commit (a group commit, as SQLite's
// writer does): every write transaction NOTIFYs (the change triggers), and
// PostgreSQL holds a cluster-wide lock from a notifying transaction's
// commit until its WAL flush ends, so separate commits wait for each
// other's flushes one by one, and commit_delay cannot merge them. A lone
// step runs on the pool, autocommitted. A step that fails is rolled back
// to its savepoint and fails alone; one that
// the server aborts (deadlock, serialisation), or whose batch could not
// begin or run, runs again alone on the pool; a failed COMMIT fails the
// whole batch, as it would a transaction of its own.
func (db *DB) step(ctx context.Context, fn func(q querier) error) error {
	if db.tx != nil {
		return db.inTx(ctx, func(tx pgx.Tx) error { return fn(tx) })
	}
	err := db.steps.do(stepCall{ctx, fn}, db.stepBatch)
	if errors.Is(err, errStepAlone) {
		defer db.committed()
		return fn(db.pool)
	}
	return err
}

// stepCall is one step waiting for a batch.
type stepCall struct {
	ctx context.Context
	fn  func(q querier) error
}

// errStepAlone tells a step of a batch to run again alone.
var errStepAlone = errors.New("postgres: step runs alone")

// stepBatch runs a batch of steps in one transaction, or a lone step on
// the pool.
func (db *DB) stepBatch(calls []stepCall) []error {
	if len(calls) == 1 {
		// Alone, but still as the batch: the steps arriving meanwhile
		// queue and share the next commit.
		defer db.committed()
		return same(1, calls[0].fn(db.pool))
	}
	errs := make([]error, len(calls))
	// The batch's own statements outlive any one caller's cancellation.
	ctx := context.WithoutCancel(calls[0].ctx)
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return same(len(calls), errStepAlone)
	}
	defer tx.Rollback(ctx)
	for i, c := range calls {
		if errs[i] = c.ctx.Err(); errs[i] != nil {
			continue
		}
		sp, err := tx.Begin(ctx)
		if err != nil {
			return same(len(calls), errStepAlone)
		}
		if errs[i] = c.fn(sp); errs[i] == nil {
			err = sp.Commit(ctx)
		} else {
			if retryable(errs[i]) {
				errs[i] = errStepAlone
			}
			err = sp.Rollback(ctx)
		}
		if err != nil {
			return same(len(calls), errStepAlone)
		}
	}
	err = tx.Commit(ctx)
	for range calls {
		db.committed()
	}
	if err != nil {
		return same(len(calls), fmt.Errorf("postgres: commit: %w", err))
	}
	return errs
}

// maxAttempts bounds the retries of a transaction the server aborted.
const maxAttempts = 5

// inTx runs fn in a transaction, committing when it returns nil. A
// serialisation failure or a deadlock (either may be reported at any
// statement or at commit) reruns fn from the start, so fn must only set
// its results, not accumulate them.
func (db *DB) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	var err error
	for attempt := 1; ; attempt++ {
		err = db.tryTx(ctx, fn)
		if !retryable(err) || attempt == maxAttempts || ctx.Err() != nil {
			return err
		}
		// A short, growing pause lets the winner finish.
		time.Sleep(time.Duration(attempt) * 5 * time.Millisecond)
	}
}

// tryTx runs fn in a transaction, or in an Atomic view in a savepoint of
// the view's transaction (pgx's nested Begin).
func (db *DB) tryTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	var tx pgx.Tx
	var err error
	if db.tx != nil {
		tx, err = db.tx.Begin(ctx)
	} else {
		tx, err = db.pool.Begin(ctx)
		defer db.committed()
	}
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == codeSerializationFailure || pe.Code == codeDeadlockDetected)
}
