package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// ReserveAttempts records one attempt per key with an INSERT … SELECT
// whose WHERE counts that key's attempts in every window that limits it:
// the count and the insert are one statement, which SQLite runs under the
// database's write lock, so no other goroutine or process can slip an
// attempt in between. When an insert finds its key full, the transaction
// is rolled back, so a refused attempt charges no key.
func (db *DB) ReserveAttempts(ctx context.Context, limits []store.Limit, now time.Time) ([]int64, error) {
	for _, l := range limits {
		if err := l.Validate(); err != nil {
			return nil, err
		}
	}
	n := ts(now)
	var keys []string
	byKey := map[string][]store.Limit{}
	for _, l := range limits {
		if byKey[l.Key] == nil {
			keys = append(keys, l.Key)
		}
		byKey[l.Key] = append(byKey[l.Key], l)
	}
	var ids []int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		ids = nil
		for _, key := range keys {
			query := `INSERT INTO login_attempts (key, at) SELECT ?, ? WHERE 1`
			args := []any{key, n}
			for _, l := range byKey[key] {
				query += ` AND (SELECT count(*) FROM login_attempts WHERE key = ? AND at > ?) < ?`
				args = append(args, key, n-int64(l.Window), l.Max)
			}
			res, err := tx.ExecContext(ctx, query, args...)
			if err != nil {
				return fmt.Errorf("sqlite: record attempt: %w", err)
			}
			if added, err := res.RowsAffected(); err != nil {
				return fmt.Errorf("sqlite: record attempt: %w", err)
			} else if added == 0 {
				return throttled(ctx, tx, limits, n, ids)
			}
			id, err := res.LastInsertId()
			if err != nil {
				return fmt.Errorf("sqlite: record attempt: %w", err)
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// throttled returns the ETHROTTLED error for limits, whose RetryAfter is
// when the last full limit has room again. The attempts this reservation
// already recorded (mine), about to be rolled back, do not count.
func throttled(ctx context.Context, tx *sql.Tx, limits []store.Limit, n int64, mine []int64) error {
	exclude, args := ``, []any{}
	if len(mine) > 0 {
		exclude = ` AND id NOT IN (` + placeholders(len(mine)) + `)`
		for _, id := range mine {
			args = append(args, id)
		}
	}
	retry := 1
	for _, l := range limits {
		since := n - int64(l.Window)
		a := append([]any{l.Key, since}, args...)
		var count int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM login_attempts WHERE key = ? AND at > ?`+exclude, a...).
			Scan(&count); err != nil {
			return fmt.Errorf("sqlite: count attempts: %w", err)
		}
		if count < l.Max {
			continue
		}
		// Room returns when enough attempts leave the window to bring
		// the count below Max: the (count-Max+1)th oldest is the one.
		var at int64
		if err := tx.QueryRowContext(ctx, `SELECT at FROM login_attempts WHERE key = ? AND at > ?`+exclude+`
			ORDER BY at LIMIT 1 OFFSET ?`, append(a, count-l.Max)...).Scan(&at); err != nil {
			return fmt.Errorf("sqlite: oldest attempt: %w", err)
		}
		retry = max(retry, sqlstore.CeilSeconds(at+int64(l.Window)-n))
	}
	return &hiregate.Error{Code: hiregate.ETHROTTLED, Message: hiregate.MsgTooManyAttempts, RetryAfter: retry}
}

// ReleaseAttempts deletes the given attempts.
func (db *DB) ReleaseAttempts(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	in, args := inList(ids)
	if _, err := db.exec(ctx, `DELETE FROM login_attempts WHERE id IN (`+in+`)`, args...); err != nil {
		return fmt.Errorf("sqlite: release attempts: %w", err)
	}
	return nil
}

// PruneAttempts deletes attempts older than before.
func (db *DB) PruneAttempts(ctx context.Context, before time.Time) error {
	if _, err := db.exec(ctx, `DELETE FROM login_attempts WHERE at < ?`, ts(before)); err != nil {
		return fmt.Errorf("sqlite: prune attempts: %w", err)
	}
	return nil
}
