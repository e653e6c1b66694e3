package sqlstore

import (
	"context"
	"strings"

	"github.com/hiregate/hiregate/server/store"
)

// Q runs statements written with '?' placeholders on a pool, a
// connection or a transaction of an engine. PostgreSQL's Q numbers the
// placeholders ($1, $2, ...) once per distinct statement (Rebinder).
type Q interface {
	// Exec runs a statement and returns how many rows it changed.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	// Query runs a statement that returns rows; the caller closes them.
	Query(ctx context.Context, query string, args ...any) (QRows, error)
	// QueryRow runs a statement that returns at most one row; Scan
	// returns sql.ErrNoRows (or an error that errors.Is it) when there is
	// none.
	QueryRow(ctx context.Context, query string, args ...any) Scanner
}

// QRows is the result set of Q.Query: Rows that must be closed. pgx.Rows
// is one as it is; *sql.Rows is wrapped because its Close returns an error
// (which Err reports as well).
type QRows interface {
	Rows
	Close()
}

// Engine is what an SQL engine supplies to the store written once on top
// of it (DB): where statements run, how a write transaction is made, and
// the few things the two dialects say differently. See the package
// documentation for when to add a hook.
type Engine interface {
	// Name prefixes the engine's errors: "sqlite", "postgres".
	Name() string

	// Read is where reads run: the read pool, or in an Atomic view the
	// view's transaction, so that the view reads its own writes.
	Read() Q
	// Step runs fn, whose statements need no transaction around them
	// (usually one statement), as a write: SQLite queues it for its
	// group-commit writer, PostgreSQL runs it on the pool without BEGIN.
	// In an Atomic view it runs in a savepoint, so that a failure leaves
	// the view's transaction usable. fn may run more than once.
	Step(ctx context.Context, fn func(Q) error) error
	// Tx runs fn in a write transaction that commits when fn returns nil.
	// fn may run more than once (SQLite re-runs a group commit whose
	// transaction died, PostgreSQL retries a serialisation failure or a
	// deadlock), so it must set its results, not add to them. In an
	// Atomic view it runs in a savepoint of the view's transaction.
	Tx(ctx context.Context, fn func(Q) error) error

	// Lock is the clause after a SELECT run in Tx that keeps the rows of
	// the table aliased of (may be "") from changing until the
	// transaction ends: "FOR UPDATE OF j" on PostgreSQL, "" on SQLite,
	// whose single writer already runs write transactions one at a time.
	Lock(mode LockMode, of string) string
	// LockKeys takes, until q's transaction ends, a lock on each key, so
	// that transactions working on one key (a throttle's) queue:
	// advisory locks on PostgreSQL, nothing on SQLite. Keys may repeat.
	LockKeys(ctx context.Context, q Q, keys []string) error
	// Arrays reports that the engine binds a Go slice as one array
	// argument, so In writes "col = ANY(?)", one statement for any
	// number of values, instead of an IN list.
	Arrays() bool
	// ILike is the case-insensitive LIKE operator: SQLite's LIKE folds
	// ASCII letters, PostgreSQL's ILIKE every letter.
	ILike() string
	// Unique reports whether err is the violation of a unique constraint
	// of table other than its primary key.
	Unique(err error, table string) bool
	// ForeignKey reports whether err is a foreign key violation.
	ForeignKey(err error) bool

	JobSearch

	// Sessions, Throttle, MFA, SigningKeys.

	// Notify is the statement, run in the transaction of a change, that
	// announces it to every server listening on a channel (args: channel,
	// payload), delivered only if the transaction commits: pg_notify on
	// PostgreSQL; "" on SQLite, which has no such channel (and so keeps
	// no shared signing keys).
	Notify() string

	// Applications, Resumes and Screening:

	// Batch runs stmts through q one after another, each seeing the
	// effects of those before it, and hands each one's rows to scan,
	// which reads them before it returns. The first error stops the
	// batch; run it in Tx so that nothing before the error stays.
	// PostgreSQL sends the whole batch in one round trip (a pipeline);
	// SQLite, in process, runs the statements one by one.
	Batch(ctx context.Context, q Q, stmts []Stmt, scan func(i int, rows Rows) error) error

	// Reports, Privacy and Transfer (and Atomic); Snapshot serves
	// Screening too:

	// Snapshot runs fn's reads on one consistent view of the database:
	// a read-only REPEATABLE READ transaction on PostgreSQL, a read
	// transaction on SQLite's read pool; in an Atomic view, the view's
	// transaction.
	Snapshot(ctx context.Context, fn func(Q) error) error
	// Atomic runs fn exactly once in a write transaction of its own,
	// which commits when fn returns nil: tx is that transaction, view the
	// Engine whose statements run in it (Read on tx, Step and Tx in
	// savepoints of it, Atomic joining it). fn may be the caller's or
	// consume a stream, so it never runs again: SQLite runs it alone on
	// its writer, outside group commit; PostgreSQL does not retry it. On
	// a view, fn joins the view's transaction.
	Atomic(ctx context.Context, fn func(view Engine, tx Q) error) error
	// Store is the whole store on this engine: the engine's DB, which
	// adds to DB what is not written once (Ping, Close, ...); on a view,
	// the view's.
	Store() store.Store
	// LockTables is the statement that keeps every other transaction
	// from writing to tables until this one ends: LOCK TABLE … IN SHARE
	// ROW EXCLUSIVE MODE on PostgreSQL, where replicas write at the same
	// time; "" on SQLite, whose write transactions run one at a time.
	LockTables(tables []string) string
	// BulkLoad is what an import runs in its transaction around loading
	// the rows: statements before (pausing per-row upkeep) and after
	// (doing it once for everything loaded). Each may be empty.
	BulkLoad() (before, after []string)
	// Erased runs after EraseUser committed, so that no copy of the
	// erased data stays in the database's files. SQLite, which writes
	// with secure_delete on (freed space zeroed), checkpoints and
	// truncates its write-ahead log, which still holds the pages as they
	// were; in an Atomic view it does so once the view commits.
	// PostgreSQL does nothing: vacuum reclaims old row versions (the
	// README says how to reclaim at once).
	Erased(ctx context.Context) error
}

// Stmt is one statement of a Batch with its arguments.
type Stmt struct {
	SQL  string
	Args []any
}

// JobSearch is how an engine indexes and searches jobs' title,
// description and location. Both engines match the same words
// (SearchWords): all of them, the last one as a prefix.
type JobSearch interface {
	// MatchJobs adds to q the condition that a job matches what the user
	// typed (text), reading the engine's index through r as it needs;
	// none reports that no job matches, so that nothing need be queried.
	// A text without any word adds nothing.
	MatchJobs(ctx context.Context, r Q, q *PageQuery, text string) (none bool, err error)
	// JobSearchColumn is the column of jobs that holds the search words,
	// and the SQL expression (with one placeholder, for JobSearchArg)
	// CreateJob and UpdateJob set it to; "" when the engine's own
	// triggers keep its index (SQLite's FTS5 table).
	JobSearchColumn() (column, expr string)
	// JobSearchArg is the argument of JobSearchColumn's expression.
	JobSearchArg(title, description, location string) any
}

// LockMode is what Engine.Lock keeps out.
type LockMode int

// Lock modes.
const (
	ForUpdate LockMode = iota // writers and other FOR UPDATE/FOR SHARE readers
	ForShare                  // writers only
	// ForUpdateSkipLocked is ForUpdate that leaves out the rows another
	// transaction holds instead of waiting for them (a queue's claim).
	ForUpdateSkipLocked
)

// In returns the condition that col is one of vals, and its arguments,
// in the engine's form (see Engine.Arrays). vals must not be empty.
func In[T any](e Engine, col string, vals []T) (string, []any) {
	if e.Arrays() {
		return col + ` = ANY(?)`, []any{vals}
	}
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	return col + ` IN (` + Placeholders(len(vals)) + `)`, args
}

// Placeholders returns "?, ?, ?" for n arguments.
func Placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
