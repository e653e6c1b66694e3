package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// ReserveAttempts counts and records in one transaction that first takes a
// transaction-scoped advisory lock per key, in a fixed order: replicas
// reserving for the same key queue behind each other, so no attempt slips
// in between one's count and its insert, and two that share keys cannot
// deadlock.
func (db *DB) ReserveAttempts(ctx context.Context, limits []store.Limit, now time.Time) ([]int64, error) {
	for _, l := range limits {
		if l.Key == "" || l.Max <= 0 || l.Window <= 0 {
			return nil, fmt.Errorf("postgres: reserve attempts: bad limit %q max=%d window=%s", l.Key, l.Max, l.Window)
		}
	}
	n := sqlstore.TS(now)
	keys := make([]string, 0, len(limits))
	for _, l := range limits {
		keys = append(keys, l.Key)
	}
	var ids []int64
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		ids = nil
		if err := (engine{db}).LockKeys(ctx, pgQ{tx}, keys); err != nil {
			return fmt.Errorf("postgres: lock attempts: %w", err)
		}
		retry := 0
		for _, l := range limits {
			since := n - int64(l.Window)
			var count int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM login_attempts WHERE key = $1 AND at > $2`, l.Key, since).
				Scan(&count); err != nil {
				return fmt.Errorf("postgres: count attempts: %w", err)
			}
			if count < l.Max {
				continue
			}
			// Room returns when enough attempts leave the window to bring
			// the count below Max: the (count-Max+1)th oldest is the one.
			var at int64
			if err := tx.QueryRow(ctx, `SELECT at FROM login_attempts WHERE key = $1 AND at > $2
				ORDER BY at LIMIT 1 OFFSET $3`, l.Key, since, count-l.Max).Scan(&at); err != nil {
				return fmt.Errorf("postgres: oldest attempt: %w", err)
			}
			retry = max(retry, sqlstore.CeilSeconds(at+int64(l.Window)-n))
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
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO login_attempts (key, at) VALUES ($1, $2) RETURNING id`, l.Key, n).Scan(&id); err != nil {
				return fmt.Errorf("postgres: record attempt: %w", err)
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

// ReleaseAttempts deletes the given attempts.
func (db *DB) ReleaseAttempts(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	err := db.step(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `DELETE FROM login_attempts WHERE id = ANY($1)`, ids)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: release attempts: %w", err)
	}
	return nil
}

// PruneAttempts deletes attempts older than before.
func (db *DB) PruneAttempts(ctx context.Context, before time.Time) error {
	err := db.step(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `DELETE FROM login_attempts WHERE at < $1`, sqlstore.TS(before))
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: prune attempts: %w", err)
	}
	return nil
}
