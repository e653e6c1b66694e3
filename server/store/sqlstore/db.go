package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// DB is the store written once for every engine: its methods (one file
// per store interface) run their statements through an Engine.
type DB struct {
	// Now is the clock for timestamps of writes whose method takes no
	// time (CreateUser, RecordAudit without At). Tests replace it.
	Now func() time.Time
	// MailOff makes QueueMail validate and drop mails: a server without
	// an SMTP server queues none (they would wait for ever, codes in them).
	MailOff bool
	// MailSeal, when set, seals the template data of queued mails (which
	// may hold codes) at rest, bound to the mail's id: a copy of the
	// database alone does not reveal a code. Rows written without it
	// (plain JSON) still read.
	MailSeal Sealer

	e Engine
	// The statements that depend on the engine, built once.
	jobInsert, jobUpdate string
}

// New returns the store on e, with the wall clock in UTC.
func New(e Engine) *DB {
	db := &DB{Now: func() time.Time { return time.Now().UTC() }}
	db.bind(e)
	return db
}

// On returns a copy of db on e, with db's clock: an engine's Atomic view
// passes the engine bound to the view's transaction.
func (db *DB) On(e Engine) *DB {
	view := *db
	view.bind(e)
	return &view
}

func (db *DB) bind(e Engine) {
	db.e = e
	db.jobInsert, db.jobUpdate = jobStatements(e)
}

// Engine is the engine db runs on.
func (db *DB) Engine() Engine { return db.e }

// errorf wraps err as "<engine>: op: err".
func (db *DB) errorf(op string, err error) error {
	return fmt.Errorf("%s: %s: %w", db.e.Name(), op, err)
}

// notFoundOr is ENOTFOUND for what when err says there was no row, and
// otherwise err wrapped for op.
func (db *DB) notFoundOr(err error, what, op string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return NotFound(what)
	}
	return db.errorf(op, err)
}

// write runs fn as one Step when it needs no transaction, else in Tx.
func (db *DB) write(ctx context.Context, tx bool, fn func(Q) error) error {
	if tx {
		return db.e.Tx(ctx, fn)
	}
	return db.e.Step(ctx, fn)
}

// count runs a SELECT count(*).
func (db *DB) count(ctx context.Context, op, query string, args ...any) (int, error) {
	var n int
	if err := db.e.Read().QueryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, db.errorf(op, err)
	}
	return n, nil
}

// readPage runs pq on r and returns the page with the cursor of the next
// one, "" on the last.
func readPage[T any](ctx context.Context, db *DB, r Q, pq *PageQuery,
	scan func(Scanner) (T, error), key func(T) (time.Time, string)) ([]T, string, error) {
	query, args := pq.SQL()
	rows, err := r.Query(ctx, query, args...)
	if err != nil {
		return nil, "", db.errorf(pq.Op, err)
	}
	defer rows.Close()
	page, next, err := ReadPage(rows, pq, scan, key)
	if err != nil {
		return nil, "", db.errorf(pq.Op, err)
	}
	return page, next, nil
}

// readAll runs a query on the read side and scans every row.
func readAll[T any](ctx context.Context, db *DB, op string, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.e.Read().Query(ctx, query, args...)
	if err != nil {
		return nil, db.errorf(op, err)
	}
	defer rows.Close()
	out, err := Collect(rows, scan)
	if err != nil {
		return nil, db.errorf(op, err)
	}
	return out, nil
}

// exec runs one statement as a Step and returns how many rows it changed;
// its error wraps the engine's, so that Engine.Unique and ForeignKey read it.
func (db *DB) exec(ctx context.Context, op, query string, args ...any) (int, error) {
	var n int64
	err := db.e.Step(ctx, func(q Q) (err error) {
		n, err = q.Exec(ctx, query, args...)
		return err
	})
	if err != nil {
		return 0, db.errorf(op, err)
	}
	return int(n), nil
}

// execOne runs one conditional statement as a Step and returns none when
// it changed no row.
func (db *DB) execOne(ctx context.Context, op string, none error, query string, args ...any) error {
	n, err := db.exec(ctx, op, query, args...)
	if err != nil {
		return err
	}
	if n == 0 {
		return none
	}
	return nil
}

// Sealer encrypts small values bound to a context (server/seal.Box).
type Sealer interface {
	Seal(plaintext, context []byte) ([]byte, error)
	Open(sealed, context []byte) ([]byte, error)
}
