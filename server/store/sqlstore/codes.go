package sqlstore

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Codes = (*DB)(nil)

const (
	// codePut replaces the user's code of the purpose. Args: user_id,
	// purpose, hash, created_at, expires_at.
	codePut = `INSERT INTO one_time_codes (user_id, purpose, hash, tries, created_at, expires_at) VALUES (?, ?, ?, 0, ?, ?)
		ON CONFLICT (user_id, purpose) DO UPDATE SET hash = excluded.hash, tries = 0,
		created_at = excluded.created_at, expires_at = excluded.expires_at`
	codeDelete = `DELETE FROM one_time_codes WHERE user_id = ? AND purpose = ?`
	codeTry    = `UPDATE one_time_codes SET tries = tries + 1 WHERE user_id = ? AND purpose = ?`
	codePrune  = `DELETE FROM one_time_codes WHERE expires_at < ?`
)

// PutCode upserts the code.
func (db *DB) PutCode(ctx context.Context, c store.CodeRecord) error {
	_, err := db.exec(ctx, "put code", codePut, c.UserID, string(c.Purpose), c.Hash, TS(c.CreatedAt), TS(c.ExpiresAt))
	if db.e.ForeignKey(err) {
		return NotFound("User")
	}
	return err
}

// UseCode reads the row locked, so that of two requests with one code
// exactly one is accepted and no wrong try goes uncounted.
func (db *DB) UseCode(ctx context.Context, userID string, purpose hiregate.CodePurpose, hash []byte, now time.Time, maxTries int) (store.CodeCheck, error) {
	var out store.CodeCheck
	err := db.e.Tx(ctx, func(q Q) error {
		var (
			stored  []byte
			tries   int
			expires int64
		)
		err := q.QueryRow(ctx, `SELECT hash, tries, expires_at FROM one_time_codes c WHERE user_id = ? AND purpose = ? `+
			db.e.Lock(ForUpdate, "c"), userID, string(purpose)).Scan(&stored, &tries, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			out = store.CodeMissing
			return nil
		} else if err != nil {
			return err
		}
		match := subtle.ConstantTimeCompare(stored, hash) == 1
		switch {
		case expires <= TS(now):
			out = store.CodeMissing
		case match:
			out = store.CodeAccepted
		case tries+1 < maxTries:
			out = store.CodeRejected
			_, err := q.Exec(ctx, codeTry, userID, string(purpose))
			return err
		default:
			out = store.CodeRejected
		}
		_, err = q.Exec(ctx, codeDelete, userID, string(purpose))
		return err
	})
	if err != nil {
		return store.CodeMissing, db.errorf("use code", err)
	}
	return out, nil
}

// DropCode deletes one code.
func (db *DB) DropCode(ctx context.Context, userID string, purpose hiregate.CodePurpose) error {
	_, err := db.exec(ctx, "drop code", codeDelete, userID, string(purpose))
	return err
}

// PruneCodes deletes expired codes.
func (db *DB) PruneCodes(ctx context.Context, before time.Time) (int, error) {
	return db.exec(ctx, "prune codes", codePrune, TS(before))
}
