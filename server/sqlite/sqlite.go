// Package sqlite stores hiregate's data in a SQLite database file, using
// the pure-Go modernc.org/sqlite driver. *DB implements store.Store.
//
// Writes go through a pool of exactly one connection whose transactions
// begin IMMEDIATE: they queue in Go instead of failing with SQLITE_BUSY when
// a reader would upgrade to a writer, and other processes on the same file
// wait on the busy timeout. One goroutine owns that connection and commits
// the writes that queued meanwhile together, each in a savepoint of its
// own (group commit, groupcommit.go). Reads use a separate pool that is
// query-only.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

var _ store.Store = (*DB)(nil)

// DB is a hiregate database, or (inside Atomic) one transaction on it.
type DB struct {
	// The stores written once for both engines, on engine{db}; its
	// clock, Now, is db.Now.
	*sqlstore.DB

	// write and read are the two pools, or both the transaction of an
	// Atomic view, so that the view reads its own writes.
	write conn
	read  conn
	readQ sqlstore.Q // read as a sqlstore.Q
	tx    *sql.Tx    // non-nil in an Atomic view
	// erased, in an Atomic view, is set when the view erased a user, so
	// that the log is truncated once the view commits.
	erased *bool

	writePool, readPool *sql.DB
	writer              *groupWriter // owns writePool once migrations ran
	stmts               *stmtCache   // the read pool's prepared statements
	versionPool         *sql.DB      // one connection that never writes
	version             *sql.Stmt    // PRAGMA data_version on it
	wal                 *walIndex    // the same without a query (walindex.go); nil where unavailable
	health              *writeHealth
}

// busyTimeout is how long a connection waits for another process's write
// lock before giving up with SQLITE_BUSY.
const busyTimeout = 5000 // milliseconds

// Options are the tunables of Open. The zero value is the default.
type Options struct {
	// Synchronous is the PRAGMA synchronous of writes: "FULL" (default)
	// or "NORMAL". docs/PERFORMANCE.md has what FULL costs.
	Synchronous string
	// MmapSize is the PRAGMA mmap_size in bytes; 0 is the default
	// (DefaultMmapSize), negative turns the memory map off.
	MmapSize int64
}

// DefaultMmapSize is the memory map reads use by default.
const DefaultMmapSize = 256 << 20

func (o Options) normalize() (Options, error) {
	switch strings.ToUpper(o.Synchronous) {
	case "":
		o.Synchronous = synchronous
	case "FULL", "NORMAL":
		o.Synchronous = strings.ToUpper(o.Synchronous)
	default:
		return o, fmt.Errorf("sqlite: synchronous must be FULL or NORMAL, got %q", o.Synchronous)
	}
	switch {
	case o.MmapSize == 0:
		o.MmapSize = DefaultMmapSize
	case o.MmapSize < 0:
		o.MmapSize = 0
	}
	return o, nil
}

// Open opens the database file at path, creating it when missing, and
// applies any migrations it lacks.
func Open(path string) (*DB, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with tunables.
func OpenWith(path string, opts Options) (*DB, error) {
	opts, err := opts.normalize()
	if err != nil {
		return nil, err
	}
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	// An in-memory database would be a different one on every connection
	// of the two pools.
	if path == ":memory:" || strings.Contains(path, "mode=memory") {
		return nil, errors.New("sqlite: in-memory databases are not supported; use a file")
	}
	write, err := sql.Open("sqlite", dsn(path, "immediate", false, opts))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)

	db := &DB{write: write, writePool: write, health: &writeHealth{}}
	db.DB = sqlstore.New(engine{db})
	if err := db.migrate(context.Background()); err != nil {
		write.Close()
		return nil, diagnoseOpen(path, err)
	}
	if err := db.scrubOnce(context.Background()); err != nil {
		write.Close()
		return nil, diagnoseOpen(path, err)
	}

	db.writer = newGroupWriter(write)

	read, err := sql.Open("sqlite", dsn(path, "deferred", true, opts))
	if err != nil {
		db.writer.stop()
		write.Close()
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxLifetime(0)
	read.SetConnMaxIdleTime(0)
	db.stmts = newStmtCache(read)
	db.read, db.readPool = db.stmts, read
	db.readQ = sqlQ{db.stmts}
	if err := db.openVersion(path, opts); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openVersion opens the connection Version asks. PRAGMA data_version on a
// connection changes whenever another connection commits: every write of
// this process goes through the write pool and every other process has
// its own connections, so a connection that never writes sees them all.
func (db *DB) openVersion(path string, opts Options) error {
	p, err := sql.Open("sqlite", dsn(path, "deferred", true, opts))
	if err != nil {
		return fmt.Errorf("sqlite: open: %w", err)
	}
	p.SetMaxOpenConns(1)
	p.SetMaxIdleConns(1)
	p.SetConnMaxLifetime(0)
	p.SetConnMaxIdleTime(0)
	db.versionPool = p
	if db.version, err = p.Prepare(`PRAGMA data_version`); err != nil {
		return fmt.Errorf("sqlite: prepare: %w", err)
	}
	// One read initialises the WAL index before it is mapped.
	if _, err := db.queryVersion(context.Background()); err != nil {
		return err
	}
	db.wal = openWALIndex(path)
	return nil
}

var _ store.Versioned = (*DB)(nil)

// Version implements store.Versioned with PRAGMA data_version: it changes
// after any commit to the file, by this process or another one.
func (db *DB) Version(ctx context.Context) (uint64, error) {
	if v, ok := db.wal.version(); ok {
		return v, nil
	}
	return db.queryVersion(ctx)
}

func (db *DB) queryVersion(ctx context.Context) (uint64, error) {
	var v int64
	if err := db.version.QueryRowContext(ctx).Scan(&v); err != nil {
		return 0, fmt.Errorf("sqlite: data version: %w", err)
	}
	return uint64(v), nil
}

// synchronous is FULL: in WAL mode, NORMAL lets a power loss drop the
// last acknowledged commits, and an application a candidate was told is
// saved must stay saved. docs/PERFORMANCE.md has the cost.
const synchronous = "FULL"

func dsn(path, txlock string, queryOnly bool, opts Options) string {
	u := url.URL{Scheme: "file", Path: path}
	if !strings.HasPrefix(path, "/") {
		// A relative path must stay relative: file:rel/x.db.
		u = url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath()}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.Itoa(busyTimeout)+")")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous("+opts.Synchronous+")")
	// Every byte a write frees (an old row version, a deleted session, an
	// erased account) is overwritten with zeros, so no personal data
	// outlives its row in the file (see EraseUser).
	q.Add("_pragma", "secure_delete(1)")
	// Reads through a memory map share the OS page cache instead of
	// copying pages into each connection's small private cache: searches
	// that look up hundreds of rows ran ~30% faster at 100k jobs.
	q.Add("_pragma", "mmap_size("+strconv.FormatInt(opts.MmapSize, 10)+")")
	if queryOnly {
		q.Add("_pragma", "query_only(1)")
	}
	q.Set("_txlock", txlock)
	return u.String() + "?" + q.Encode()
}

// Close closes both connection pools.
func (db *DB) Close() error {
	if db.tx != nil {
		return errors.New("sqlite: Close inside Atomic")
	}
	if db.writer != nil {
		db.writer.stop()
	}
	var errs []error
	if db.version != nil {
		errs = append(errs, db.version.Close())
	}
	if db.versionPool != nil {
		errs = append(errs, db.versionPool.Close())
	}
	if db.stmts != nil {
		errs = append(errs, db.stmts.close())
	}
	if db.readPool != nil {
		errs = append(errs, db.readPool.Close())
	}
	if db.writePool != nil {
		errs = append(errs, db.writePool.Close())
	}
	// Last: closing the mapped file drops this process's locks on it.
	errs = append(errs, db.wal.close())
	return errors.Join(errs...)
}

// Migrations are SQLite's schema changes, oldest first.
func Migrations() ([]sqlstore.Migration, error) {
	ms, err := sqlstore.LoadMigrations(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return ms, nil
}

// migrate applies every migration not yet recorded.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	return sqlstore.Migrate(ctx, "sqlite", migrator{sqlQ{db.writePool}, db.writePool}, ms, db.Now)
}

// inTx runs fn in a write transaction, committing when it returns nil,
// possibly together with other writers' functions (groupcommit.go), so fn
// must be safe to run again: it may, when the shared transaction dies
// under it. Inside an Atomic view it runs in a savepoint of the view's
// transaction, so that a failed call leaves nothing behind there either.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.tx != nil {
		return savepoint(ctx, db.tx, func() error { return fn(db.tx) })
	}
	return db.wrote(db.writer.do(ctx, false, fn))
}

// inOwnTx is inTx for a function that must run exactly once, in a
// transaction of its own.
func (db *DB) inOwnTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.tx != nil {
		return savepoint(ctx, db.tx, func() error { return fn(db.tx) })
	}
	return db.wrote(db.writer.do(ctx, true, fn))
}

func savepoint(ctx context.Context, tx *sql.Tx, fn func() error) error {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT inner`); err != nil {
		return fmt.Errorf("sqlite: savepoint: %w", err)
	}
	if err := fn(); err != nil {
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO inner`); rerr != nil {
			return errors.Join(err, fmt.Errorf("sqlite: rollback to savepoint: %w", rerr))
		}
		if _, rerr := tx.ExecContext(ctx, `RELEASE inner`); rerr != nil {
			return errors.Join(err, fmt.Errorf("sqlite: release savepoint: %w", rerr))
		}
		return err
	}
	if _, err := tx.ExecContext(ctx, `RELEASE inner`); err != nil {
		return fmt.Errorf("sqlite: release savepoint: %w", err)
	}
	return nil
}

// Atomic runs fn once in a write transaction of its own, alone on the
// writer (never batched, never re-run), with view: db on the
// transaction. While fn runs it holds the only write connection. When
// the view erased a user, the write-ahead log is truncated once the
// transaction commits (Erased).
func (e engine) Atomic(ctx context.Context, fn func(view sqlstore.Engine, tx sqlstore.Q) error) error {
	db := e.db
	if db.tx != nil {
		return fn(e, sqlQ{db.tx})
	}
	erased := false
	err := db.inOwnTx(ctx, func(tx *sql.Tx) error {
		view := *db
		view.write, view.read, view.readQ, view.tx, view.erased = tx, tx, sqlQ{tx}, tx, &erased
		view.DB = db.DB.On(engine{&view})
		return fn(engine{&view}, sqlQ{&txStmts{tx, map[string]*sql.Stmt{}}})
	})
	if err == nil && erased {
		err = db.checkpoint(ctx)
	}
	return err
}
