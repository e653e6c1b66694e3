package postgres

import (
	"context"
	"errors"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
)

// engine is db's side of sqlstore.Engine: single statements run on the
// pool, transactions retry serialisation failures and deadlocks, and rows
// a transaction decides on are locked, since several replicas write.
type engine struct{ db *DB }

var _ sqlstore.Engine = engine{}

func (engine) Name() string { return "postgres" }

func (e engine) Read() sqlstore.Q { return e.db.readQ }

func (e engine) Step(ctx context.Context, fn func(sqlstore.Q) error) error {
	return e.db.step(ctx, func(q querier) error { return fn(pgQ{q}) })
}

func (e engine) Tx(ctx context.Context, fn func(sqlstore.Q) error) error {
	return e.db.inTx(ctx, func(tx pgx.Tx) error { return fn(pgQ{tx}) })
}

func (engine) Lock(mode sqlstore.LockMode, of string) string {
	clause := "FOR UPDATE"
	if mode == sqlstore.ForShare {
		clause = "FOR SHARE"
	}
	if of != "" {
		clause += " OF " + of
	}
	if mode == sqlstore.ForUpdateSkipLocked {
		clause += " SKIP LOCKED"
	}
	return clause
}

// throttleLockClass is the first key of the two-key advisory locks that
// LockKeys takes (the two-key lock space does not overlap the one-key
// space the migration lock lives in).
const throttleLockClass int32 = 0x68676174 // "hgat"

// LockKeys takes transaction-scoped advisory locks in a fixed order (the
// array's: unnest keeps it), so that two transactions sharing keys cannot
// deadlock, in one round trip. Two keys sharing a hash only queue behind
// each other, which costs time, not correctness.
func (engine) LockKeys(ctx context.Context, q sqlstore.Q, keys []string) error {
	locks := make([]int32, 0, len(keys))
	for _, k := range keys {
		h := fnv.New32a()
		h.Write([]byte(k))
		locks = append(locks, int32(h.Sum32()))
	}
	slices.Sort(locks)
	_, err := q.Exec(ctx, `SELECT pg_advisory_xact_lock(?, k) FROM unnest(?::int4[]) AS k`, throttleLockClass, slices.Compact(locks))
	return err
}

func (engine) Arrays() bool { return true }

func (engine) ILike() string { return "ILIKE" }

func (engine) Notify() string { return `SELECT pg_notify(?, ?)` }

// batchSender is what sends a pgx.Batch: the pool, a connection or a
// transaction.
type batchSender interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Batch sends the statements in one pipeline: one round trip. Outside a
// transaction the pipeline is one implicit transaction.
func (engine) Batch(ctx context.Context, q sqlstore.Q, stmts []sqlstore.Stmt, scan func(int, sqlstore.Rows) error) error {
	b := &pgx.Batch{}
	for _, s := range stmts {
		if err := sqlstore.CheckArgs(s.SQL, s.Args); err != nil {
			return err
		}
		b.Queue(rebind(s.SQL), s.Args...)
	}
	br := q.(pgQ).c.(batchSender).SendBatch(ctx, b)
	for i := range stmts {
		rows, err := br.Query()
		if err == nil {
			err = scan(i, rows)
			rows.Close()
			if err == nil {
				err = rows.Err()
			}
		}
		if err != nil {
			br.Close()
			return err
		}
	}
	return br.Close()
}

// SQLSTATE codes the adapter reacts to.
const (
	codeUniqueViolation      = "23505"
	codeForeignKeyViolation  = "23503"
	codeSerializationFailure = "40001"
	codeDeadlockDetected     = "40P01"
)

func (engine) Unique(err error, table string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == codeUniqueViolation && pe.TableName == table && pe.ConstraintName != table+"_pkey"
}

func (engine) ForeignKey(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == codeForeignKeyViolation
}

// querier is what statements run on: the pool, a connection or a
// transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// rebinder numbers the placeholders of the shared statements, once each.
var rebinder sqlstore.Rebinder

// rebind numbers the '?' placeholders of a statement shared with SQLite.
func rebind(query string) string { return rebinder.Rebind(query) }

// pgQ is a querier as a sqlstore.Q.
type pgQ struct{ c querier }

func (q pgQ) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	if err := sqlstore.CheckArgs(query, args); err != nil {
		return 0, err
	}
	tag, err := q.c.Exec(ctx, rebind(query), args...)
	return tag.RowsAffected(), err
}

func (q pgQ) Query(ctx context.Context, query string, args ...any) (sqlstore.QRows, error) {
	if err := sqlstore.CheckArgs(query, args); err != nil {
		return nil, err
	}
	rows, err := q.c.Query(ctx, rebind(query), args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (q pgQ) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Scanner {
	if err := sqlstore.CheckArgs(query, args); err != nil {
		return sqlstore.ErrRow{Err: err}
	}
	return q.c.QueryRow(ctx, rebind(query), args...)
}

// Snapshot runs fn in a read-only REPEATABLE READ transaction; in an
// Atomic view, in the view's transaction.
func (e engine) Snapshot(ctx context.Context, fn func(sqlstore.Q) error) error {
	if e.db.tx != nil {
		return fn(e.db.readQ)
	}
	tx, err := e.db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	return fn(pgQ{tx})
}

func (e engine) Store() store.Store { return e.db }

// LockTables takes SHARE ROW EXCLUSIVE locks, which let others read but
// not write, so no replica writes between an import's check that the
// tables are empty and its inserts.
func (engine) LockTables(tables []string) string {
	return `LOCK TABLE ` + strings.Join(tables, ", ") + ` IN SHARE ROW EXCLUSIVE MODE`
}

// BulkLoad pauses the funnel's trigger while an import loads its rows and
// counts the funnel from the loaded history once at the end (as
// migration 0003 did for the data it found). Kept on, the trigger updates
// the same few counter rows once per history row in one transaction:
// every update is a new row version the next one walks past, so an
// import took time quadratic in its applications (48 s for 20,000, over
// 15 minutes for 110,000). ALTER TABLE is transactional: a failed import
// leaves the trigger on.
func (engine) BulkLoad() (before, after []string) {
	return []string{`ALTER TABLE application_history DISABLE TRIGGER funnel_history`},
		[]string{
			`DELETE FROM funnel_weeks`, `DELETE FROM funnel_dwell`, `DELETE FROM funnel_counts`,
			`INSERT INTO funnel_weeks (scope, week, n)
			SELECT s.scope, iso_week(h.at), count(*)
			FROM application_history h JOIN application_scopes s ON s.application_id = h.application_id
			WHERE h.seq = 1 GROUP BY 1, 2`,
			`INSERT INTO funnel_dwell (scope, stage, hours, n)
			SELECT s.scope, h.status, greatest(0, least((n.at - h.at) / 3600000000000, 8784)), count(*)
			FROM application_history h
			JOIN application_history n ON n.application_id = h.application_id AND n.seq = h.seq + 1
			JOIN application_scopes s ON s.application_id = h.application_id
			GROUP BY 1, 2, 3`,
			`INSERT INTO funnel_counts (scope, stage, reached, current)
			SELECT scope, stage, sum(reached), sum(current) FROM (
				SELECT s.scope, p.stage, 1 AS reached, CASE WHEN a.status = p.stage THEN 1 ELSE 0 END AS current
				FROM applications a
				JOIN application_scopes s ON s.application_id = a.id
				JOIN (SELECT h.application_id, max(r.rank) AS best FROM application_history h
					JOIN pipeline_ranks r ON r.stage = h.status GROUP BY h.application_id) b ON b.application_id = a.id
				JOIN pipeline_ranks p ON p.rank >= 0 AND p.rank <= b.best
				UNION ALL
				SELECT s.scope, a.status, 1, 1 FROM applications a
				JOIN application_scopes s ON s.application_id = a.id
				JOIN pipeline_ranks r ON r.stage = a.status AND r.rank < 0
			) x GROUP BY scope, stage`,
			`ALTER TABLE application_history ENABLE TRIGGER funnel_history`,
		}
}

// Erased does nothing: PostgreSQL keeps old row versions until (auto)
// vacuum reclaims their space; the README's PostgreSQL section says how
// to reclaim at once.
func (engine) Erased(context.Context) error { return nil }
