package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// ReserveAttempts counts and records in one IMMEDIATE transaction, which
// holds the database's write lock from the first count to the last insert:
// no other goroutine or process can slip an attempt in between.
func (db *DB) ReserveAttempts(ctx context.Context, limits []store.Limit, now time.Time) ([]int64, error) {
	for _, l := range limits {
		if l.Key == "" || l.Max <= 0 || l.Window <= 0 {
			return nil, fmt.Errorf("sqlite: reserve attempts: bad limit %q max=%d window=%s", l.Key, l.Max, l.Window)
		}
	}
	n := ts(now)
	var ids []int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		retry := 0
		for _, l := range limits {
			since := n - int64(l.Window)
			var count int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM login_attempts WHERE key = ? AND at > ?`, l.Key, since).
				Scan(&count); err != nil {
				return fmt.Errorf("sqlite: count attempts: %w", err)
			}
			if count < l.Max {
				continue
			}
			// Room returns when enough attempts leave the window to bring
			// the count below Max: the (count-Max+1)th oldest is the one.
			var at int64
			if err := tx.QueryRowContext(ctx, `SELECT at FROM login_attempts WHERE key = ? AND at > ?
				ORDER BY at LIMIT 1 OFFSET ?`, l.Key, since, count-l.Max).Scan(&at); err != nil {
				return fmt.Errorf("sqlite: oldest attempt: %w", err)
			}
			retry = max(retry, ceilSeconds(at+int64(l.Window)-n))
		}
		if retry > 0 {
			return &hiregate.Error{Code: hiregate.ETHROTTLED, Message: hiregate.MsgTooManyAttempts, RetryAfter: retry}
		}
		seen := map[string]bool{}
		for _, l := range limits {
			if seen[l.Key] {
				continue
			}
			seen[l.Key] = true
			res, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (key, at) VALUES (?, ?)`, l.Key, n)
			if err != nil {
				return fmt.Errorf("sqlite: record attempt: %w", err)
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

// ceilSeconds rounds nanoseconds up to whole seconds, at least 1.
func ceilSeconds(ns int64) int {
	s := (ns + int64(time.Second) - 1) / int64(time.Second)
	if s < 1 {
		return 1
	}
	return int(s)
}

// ReleaseAttempts deletes the given attempts.
func (db *DB) ReleaseAttempts(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	if _, err := db.write.ExecContext(ctx, `DELETE FROM login_attempts WHERE id IN (`+placeholders(len(ids))+`)`, args...); err != nil {
		return fmt.Errorf("sqlite: release attempts: %w", err)
	}
	return nil
}

// PruneAttempts deletes attempts older than before.
func (db *DB) PruneAttempts(ctx context.Context, before time.Time) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM login_attempts WHERE at < ?`, ts(before)); err != nil {
		return fmt.Errorf("sqlite: prune attempts: %w", err)
	}
	return nil
}
