package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
)

// engine is db's side of sqlstore.Engine: writes go to the group-commit
// writer (or the Atomic view's transaction), and SQLite's single writer
// makes row locks unneeded.
type engine struct{ db *DB }

var _ sqlstore.Engine = engine{}

func (engine) Name() string { return "sqlite" }

func (e engine) Read() sqlstore.Q { return e.db.readQ }

// Step is Tx: every write goes through the one write connection anyway.
func (e engine) Step(ctx context.Context, fn func(sqlstore.Q) error) error { return e.Tx(ctx, fn) }

func (e engine) Tx(ctx context.Context, fn func(sqlstore.Q) error) error {
	return e.db.inTx(ctx, func(tx *sql.Tx) error { return fn(sqlQ{tx}) })
}

func (engine) Lock(sqlstore.LockMode, string) string { return "" }

func (engine) LockKeys(context.Context, sqlstore.Q, []string) error { return nil }

func (engine) Arrays() bool { return false }

func (engine) ILike() string { return "LIKE" }

// Unique reads the table from SQLite's message, "UNIQUE constraint
// failed: users.email".
func (engine) Unique(err error, table string) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE &&
		strings.Contains(e.Error(), "failed: "+table+".")
}

func (engine) ForeignKey(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

func (engine) Notify() string { return "" }

// Batch runs the statements one by one: in process, a round trip costs
// nothing.
func (engine) Batch(ctx context.Context, q sqlstore.Q, stmts []sqlstore.Stmt, scan func(int, sqlstore.Rows) error) error {
	for i, s := range stmts {
		rows, err := q.Query(ctx, s.SQL, s.Args...)
		if err != nil {
			return err
		}
		err = scan(i, rows)
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// conn is what statements run on: a pool, the read pool's statement
// cache or a transaction.
type conn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// sqlQ is a conn as a sqlstore.Q.
type sqlQ struct{ c conn }

func (q sqlQ) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	if err := sqlstore.CheckArgs(query, args); err != nil {
		return 0, err
	}
	res, err := q.c.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q sqlQ) Query(ctx context.Context, query string, args ...any) (sqlstore.QRows, error) {
	if err := sqlstore.CheckArgs(query, args); err != nil {
		return nil, err
	}
	rows, err := q.c.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (q sqlQ) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Scanner {
	if err := sqlstore.CheckArgs(query, args); err != nil {
		return sqlstore.ErrRow{Err: err}
	}
	return q.c.QueryRowContext(ctx, query, args...)
}

// sqlRows drops the error of Close, which Err reports too.
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

// migrator runs migrations on the write pool, before the group-commit
// writer owns it. Each transaction begins IMMEDIATE, so two processes
// opening one file apply each migration once.
type migrator struct {
	sqlQ
	pool *sql.DB
}

func (m migrator) InTx(ctx context.Context, fn func(sqlstore.Q) error) error {
	tx, err := m.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(sqlQ{tx}); err != nil {
		return err
	}
	return tx.Commit()
}

// Snapshot runs fn in a read transaction of the read pool, whose first
// read fixes what the rest see; in an Atomic view, in the view's.
func (e engine) Snapshot(ctx context.Context, fn func(sqlstore.Q) error) error {
	if e.db.tx != nil {
		return fn(e.db.readQ)
	}
	tx, err := e.db.readPool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(sqlQ{inTx{tx, e.db.stmts}})
}

func (e engine) Store() store.Store { return e.db }

// BulkLoad is nothing: the funnel's triggers update their counters in
// place, so loading many history rows in one transaction costs each the
// same.
func (engine) BulkLoad() (before, after []string) { return nil, nil }

// LockTables is nothing: a write transaction already keeps every other
// writer out.
func (engine) LockTables([]string) string { return "" }

// maxTxStmts bounds the statements a txStmts prepares.
const maxTxStmts = 32

// txStmts is a transaction that prepares each statement it executes once,
// for a transaction of many rows (an import): SQLite would otherwise
// compile the same INSERT for every row.
type txStmts struct {
	*sql.Tx
	m map[string]*sql.Stmt // closed with the transaction
}

func (t *txStmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, ok := t.m[query]
	if !ok && len(t.m) < maxTxStmts {
		var err error
		if st, err = t.Tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		t.m[query] = st
	}
	if st == nil {
		return t.Tx.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}
