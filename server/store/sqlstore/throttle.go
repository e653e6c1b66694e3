package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Throttle = (*DB)(nil)

const (
	// attemptInsert records an attempt for a key only when every window
	// of the key has room: attemptInsert then, per limit, attemptRoom.
	// Args: key, at.
	attemptInsert = `INSERT INTO login_attempts (key, at) SELECT ?, ? WHERE 1 = 1`
	// attemptRoom is the condition that a window has room. Args: key,
	// since, max.
	attemptRoom = ` AND (SELECT count(*) FROM login_attempts WHERE key = ? AND at > ?) < ?`
	// attemptMaxth reads the Max-th newest attempt of a window: room
	// returns when it leaves the window, and when there is no such row the
	// window is not full. Args: key, since, [ids to leave out], max-1.
	attemptMaxth  = `SELECT at FROM login_attempts WHERE key = ? AND at > ?`
	attemptsPrune = `DELETE FROM login_attempts WHERE at < ?`
)

// ReserveAttempts records one attempt per key, each with an INSERT …
// SELECT whose WHERE counts that key's attempts in every window that
// limits it, in one transaction that first takes the keys' locks
// (Engine.LockKeys): on PostgreSQL transactions reserving for one key
// queue there, so no attempt slips in between a count and its insert; on
// SQLite the writer runs one transaction at a time anyway. When a key is
// full the transaction is rolled back, so a refused attempt charges no
// key.
func (db *DB) ReserveAttempts(ctx context.Context, limits []store.Limit, now time.Time) ([]int64, error) {
	var keys []string
	byKey := map[string][]store.Limit{}
	for _, l := range limits {
		if err := l.Validate(); err != nil {
			return nil, err
		}
		if byKey[l.Key] == nil {
			keys = append(keys, l.Key)
		}
		byKey[l.Key] = append(byKey[l.Key], l)
	}
	n := TS(now)
	var ids []int64
	err := db.e.Tx(ctx, func(q Q) error {
		ids = nil
		if err := db.e.LockKeys(ctx, q, keys); err != nil {
			return db.errorf("lock attempts", err)
		}
		for _, key := range keys {
			query, args := attemptInsert, []any{key, n}
			for _, l := range byKey[key] {
				query += attemptRoom
				args = append(args, key, n-int64(l.Window), l.Max)
			}
			var id int64
			err := q.QueryRow(ctx, query+` RETURNING id`, args...).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return db.throttled(ctx, q, limits, n, ids)
			} else if err != nil {
				return db.errorf("record attempt", err)
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
func (db *DB) throttled(ctx context.Context, q Q, limits []store.Limit, n int64, mine []int64) error {
	exclude, args := ``, []any{}
	if len(mine) > 0 {
		in, a := In(db.e, `id`, mine)
		exclude, args = ` AND NOT (`+in+`)`, a
	}
	retry := 1
	for _, l := range limits {
		a := append([]any{l.Key, n - int64(l.Window)}, args...)
		var at int64
		err := q.QueryRow(ctx, attemptMaxth+exclude+` ORDER BY at DESC LIMIT 1 OFFSET ?`, append(a, l.Max-1)...).Scan(&at)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return db.errorf("oldest attempt", err)
		}
		retry = max(retry, ceilSeconds(at+int64(l.Window)-n))
	}
	return &hiregate.Error{Code: hiregate.ETHROTTLED, Message: hiregate.MsgTooManyAttempts, RetryAfter: retry}
}

// ReleaseAttempts deletes the given attempts.
func (db *DB) ReleaseAttempts(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	in, args := In(db.e, `id`, ids)
	_, err := db.exec(ctx, "release attempts", `DELETE FROM login_attempts WHERE `+in, args...)
	return err
}

// PruneAttempts deletes attempts older than before.
func (db *DB) PruneAttempts(ctx context.Context, before time.Time) error {
	_, err := db.exec(ctx, "prune attempts", attemptsPrune, TS(before))
	return err
}

// ceilSeconds rounds nanoseconds up to whole seconds, at least 1: the
// Retry-After of a throttled attempt, which must never say "now".
func ceilSeconds(ns int64) int {
	s := (ns + int64(time.Second) - 1) / int64(time.Second)
	if s < 1 {
		return 1
	}
	return int(s)
}
