package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

var _ store.MFA = (*DB)(nil)

// The second factor's statements. Each check-and-spend is one conditional
// statement, so that it is atomic in SQL itself: of two requests with one
// code, on one server or two, exactly one changes the row (PostgreSQL
// makes the second wait for the first's row lock and re-check).
const (
	// totpPutPending replaces a pending enrolment but never an enabled
	// one: no row changes then. Args: user_id, secret, created_at.
	totpPutPending = `INSERT INTO mfa_totp (user_id, secret, enabled_at, last_step, created_at) VALUES (?, ?, NULL, -1, ?)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = -1, created_at = excluded.created_at
		WHERE mfa_totp.enabled_at IS NULL`
	// totpSelect reads one enrolment. Arg: user_id.
	totpSelect = `SELECT user_id, secret, enabled_at, last_step, created_at FROM mfa_totp WHERE user_id = ?`
	// totpEnable enables the pending enrolment with exactly this secret,
	// so that a code read from an app enrolled with a replaced secret
	// cannot switch on the new one. Args: enabled_at, last_step, user_id,
	// secret.
	totpEnable = `UPDATE mfa_totp SET enabled_at = ?, last_step = ?
		WHERE user_id = ? AND enabled_at IS NULL AND secret = ?`
	// totpUseStep accepts a step only after the last one. Args: step,
	// user_id, step.
	totpUseStep = `UPDATE mfa_totp SET last_step = ?
		WHERE user_id = ? AND enabled_at IS NOT NULL AND last_step < ?`
	totpDelete = `DELETE FROM mfa_totp WHERE user_id = ?`

	recoveryDelete = `DELETE FROM mfa_recovery_codes WHERE user_id = ?`
	// recoveryInsert is followed by one "(?, ?)" per code. Args: user_id,
	// hash, per code.
	recoveryInsert = `INSERT INTO mfa_recovery_codes (user_id, hash) VALUES `
	// recoveryUse spends one unused code of an enabled factor. Args:
	// used_at, user_id, hash, user_id.
	recoveryUse = `UPDATE mfa_recovery_codes SET used_at = ?
		WHERE user_id = ? AND hash = ? AND used_at IS NULL
		  AND EXISTS (SELECT 1 FROM mfa_totp WHERE user_id = ? AND enabled_at IS NOT NULL)`
	// recoveryLeft counts unused codes. Arg: user_id.
	recoveryLeft = `SELECT count(*) FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL`

	mfaTokenInsert = `INSERT INTO mfa_tokens (hash, user_id, expires_at) VALUES (?, ?, ?)`
	// mfaTokenUser reads a live token. Args: hash, now.
	mfaTokenUser = `SELECT user_id FROM mfa_tokens WHERE hash = ? AND spent_at IS NULL AND expires_at > ?`
	// mfaTokenSpend spends a live token of the user: a token finishes one
	// login. Args: spent_at, hash, user_id, now.
	mfaTokenSpend = `UPDATE mfa_tokens SET spent_at = ?
		WHERE hash = ? AND user_id = ? AND spent_at IS NULL AND expires_at > ?`
	mfaTokensDelete = `DELETE FROM mfa_tokens WHERE user_id = ?`
	// mfaTokensPrune deletes expired tokens; spent ones go with them,
	// since a spent token is refused just as an unknown one is. Arg:
	// before.
	mfaTokensPrune = `DELETE FROM mfa_tokens WHERE expires_at < ?`
)

// PutPendingTOTP stores a pending enrolment; ErrTOTPEnabled when the
// upsert left an enabled one alone.
func (db *DB) PutPendingTOTP(ctx context.Context, userID string, sealed []byte, now time.Time) error {
	n, err := db.exec(ctx, "put pending totp", totpPutPending, userID, encodeSecret(sealed), TS(now))
	switch {
	case db.e.ForeignKey(err):
		return NotFound("User")
	case err != nil:
		return err
	case n == 0:
		return store.ErrTOTPEnabled
	}
	return nil
}

// TOTP returns ENOTFOUND when the user has no enrolment.
func (db *DB) TOTP(ctx context.Context, userID string) (*store.TOTPRecord, error) {
	var r store.TOTPRecord
	var secret string
	var enabled sql.NullInt64
	var created int64
	err := db.e.Read().QueryRow(ctx, totpSelect, userID).Scan(&r.UserID, &secret, &enabled, &r.LastStep, &created)
	if err != nil {
		return nil, db.notFoundOr(err, "Second factor", "totp")
	}
	if r.Secret, err = decodeSecret(secret); err != nil {
		return nil, db.errorf("totp of "+userID, err)
	}
	if enabled.Valid {
		t := FromTS(enabled.Int64)
		r.EnabledAt = &t
	}
	r.CreatedAt = FromTS(created)
	return &r, nil
}

// EnableTOTP enables the pending enrolment with this very secret and
// replaces the recovery codes, in one transaction.
func (db *DB) EnableTOTP(ctx context.Context, userID string, sealed []byte, step int64, recoveryHashes []string, now time.Time) error {
	insert := recoveryInsert + strings.TrimSuffix(strings.Repeat(`(?, ?), `, len(recoveryHashes)), `, `)
	args := make([]any, 0, 2*len(recoveryHashes))
	for _, h := range recoveryHashes {
		args = append(args, userID, h)
	}
	return db.e.Tx(ctx, func(q Q) error {
		n, err := q.Exec(ctx, totpEnable, TS(now), step, userID, encodeSecret(sealed))
		if err != nil {
			return db.errorf("enable totp", err)
		} else if n == 0 {
			return store.ErrNoPendingTOTP
		}
		if _, err := q.Exec(ctx, recoveryDelete, userID); err != nil {
			return db.errorf("enable totp", err)
		}
		if len(recoveryHashes) == 0 {
			return nil
		}
		if _, err := q.Exec(ctx, insert, args...); err != nil {
			return db.errorf("store recovery codes", err)
		}
		return nil
	})
}

// UseTOTPStep is one conditional UPDATE.
func (db *DB) UseTOTPStep(ctx context.Context, userID string, step int64) error {
	return db.execOne(ctx, "use totp step", store.ErrCodeUsed, totpUseStep, step, userID, step)
}

// UseRecoveryCode spends a code with one conditional UPDATE.
func (db *DB) UseRecoveryCode(ctx context.Context, userID, hash string, now time.Time) error {
	return db.execOne(ctx, "use recovery code", store.ErrCodeUsed, recoveryUse, TS(now), userID, hash, userID)
}

// RecoveryCodesLeft counts unused codes.
func (db *DB) RecoveryCodesLeft(ctx context.Context, userID string) (int, error) {
	return db.count(ctx, "recovery codes left", recoveryLeft, userID)
}

// DeleteTOTP removes everything of the user's second factor at once.
func (db *DB) DeleteTOTP(ctx context.Context, userID string) (bool, error) {
	var had bool
	err := db.e.Tx(ctx, func(q Q) error {
		n, err := q.Exec(ctx, totpDelete, userID)
		if err != nil {
			return db.errorf("delete totp", err)
		}
		had = n > 0
		for _, stmt := range []string{recoveryDelete, mfaTokensDelete} {
			if _, err := q.Exec(ctx, stmt, userID); err != nil {
				return db.errorf("delete totp", err)
			}
		}
		return nil
	})
	return had, err
}

// CreateMFAToken stores a challenge; ENOTFOUND when the user does not
// exist.
func (db *DB) CreateMFAToken(ctx context.Context, hash, userID string, expires time.Time) error {
	_, err := db.exec(ctx, "create mfa token", mfaTokenInsert, hash, userID, TS(expires))
	if db.e.ForeignKey(err) {
		return NotFound("User")
	}
	return err
}

// MFATokenUser looks a live token up.
func (db *DB) MFATokenUser(ctx context.Context, hash string, now time.Time) (string, error) {
	var userID string
	err := db.e.Read().QueryRow(ctx, mfaTokenUser, hash, TS(now)).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", store.ErrMFATokenInvalid
	} else if err != nil {
		return "", db.errorf("mfa token", err)
	}
	return userID, nil
}

// SpendMFAToken is one conditional UPDATE.
func (db *DB) SpendMFAToken(ctx context.Context, hash, userID string, now time.Time) error {
	return db.execOne(ctx, "spend mfa token", store.ErrMFATokenInvalid, mfaTokenSpend, TS(now), hash, userID, TS(now))
}

// PruneMFATokens deletes expired tokens.
func (db *DB) PruneMFATokens(ctx context.Context, before time.Time) (int, error) {
	return db.exec(ctx, "prune mfa tokens", mfaTokensPrune, TS(before))
}

// encodeSecret is how a sealed TOTP secret is stored: base64 text, so that
// it moves between engines (MovedTables) like every other column.
func encodeSecret(sealed []byte) string { return base64.StdEncoding.EncodeToString(sealed) }

// decodeSecret reads a stored sealed secret.
func decodeSecret(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("stored TOTP secret is not base64: %w", err)
	}
	return b, nil
}
