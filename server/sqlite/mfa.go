package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
)

var _ store.MFA = (*DB)(nil)

// PutPendingTOTP replaces a pending enrolment but never an enabled one:
// the upsert's WHERE leaves an enabled row alone, and the row count says
// which happened.
func (db *DB) PutPendingTOTP(ctx context.Context, userID string, sealed []byte, now time.Time) error {
	res, err := db.exec(ctx, sqlstore.PutPendingTOTP, userID, sqlstore.EncodeSecret(sealed), ts(now))
	switch {
	case constraint(err, "FOREIGN KEY"):
		return notFound("User")
	case err != nil:
		return fmt.Errorf("sqlite: put pending totp: %w", err)
	}
	return oneRow(res, store.ErrTOTPEnabled)
}

// TOTP returns ENOTFOUND when the user has no enrolment.
func (db *DB) TOTP(ctx context.Context, userID string) (*store.TOTPRecord, error) {
	var r store.TOTPRecord
	var secret string
	var enabled sql.NullInt64
	var created int64
	err := db.read.QueryRowContext(ctx, sqlstore.TOTPSelect, userID).Scan(&r.UserID, &secret, &enabled, &r.LastStep, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Second factor")
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: totp: %w", err)
	}
	if r.Secret, err = sqlstore.DecodeSecret(secret); err != nil {
		return nil, fmt.Errorf("sqlite: totp of %s: %w", userID, err)
	}
	if enabled.Valid {
		t := fromTS(enabled.Int64)
		r.EnabledAt = &t
	}
	r.CreatedAt = fromTS(created)
	return &r, nil
}

// EnableTOTP enables only the pending enrolment with this very secret, so a
// code read from an app enrolled with a replaced secret cannot switch on
// the new one.
func (db *DB) EnableTOTP(ctx context.Context, userID string, sealed []byte, step int64, recoveryHashes []string, now time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, sqlstore.EnableTOTP, ts(now), step, userID, sqlstore.EncodeSecret(sealed))
		if err != nil {
			return fmt.Errorf("sqlite: enable totp: %w", err)
		}
		if err := oneRow(res, store.ErrNoPendingTOTP); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM mfa_recovery_codes WHERE user_id = ?`, userID); err != nil {
			return fmt.Errorf("sqlite: enable totp: %w", err)
		}
		for _, h := range recoveryHashes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO mfa_recovery_codes (user_id, hash) VALUES (?, ?)`, userID, h); err != nil {
				return fmt.Errorf("sqlite: store recovery code: %w", err)
			}
		}
		return nil
	})
}

// UseTOTPStep is one conditional UPDATE: of two requests with the same
// code, exactly one sees its row change.
func (db *DB) UseTOTPStep(ctx context.Context, userID string, step int64) error {
	res, err := db.exec(ctx, sqlstore.UseTOTPStep, step, userID, step)
	if err != nil {
		return fmt.Errorf("sqlite: use totp step: %w", err)
	}
	return oneRow(res, store.ErrCodeUsed)
}

// UseRecoveryCode spends a code with one conditional UPDATE.
func (db *DB) UseRecoveryCode(ctx context.Context, userID, hash string, now time.Time) error {
	res, err := db.exec(ctx, sqlstore.UseRecoveryCode, ts(now), userID, hash, userID)
	if err != nil {
		return fmt.Errorf("sqlite: use recovery code: %w", err)
	}
	return oneRow(res, store.ErrCodeUsed)
}

// RecoveryCodesLeft counts unused codes.
func (db *DB) RecoveryCodesLeft(ctx context.Context, userID string) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, sqlstore.RecoveryCodesLeft, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: recovery codes left: %w", err)
	}
	return n, nil
}

// DeleteTOTP removes everything of the user's second factor at once.
func (db *DB) DeleteTOTP(ctx context.Context, userID string) (bool, error) {
	var had bool
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mfa_totp WHERE user_id = ?`, userID)
		if err != nil {
			return fmt.Errorf("sqlite: delete totp: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("sqlite: delete totp: %w", err)
		}
		had = n > 0
		for _, q := range []string{`DELETE FROM mfa_recovery_codes WHERE user_id = ?`, `DELETE FROM mfa_tokens WHERE user_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, userID); err != nil {
				return fmt.Errorf("sqlite: delete totp: %w", err)
			}
		}
		return nil
	})
	return had, err
}

// CreateMFAToken stores a challenge.
func (db *DB) CreateMFAToken(ctx context.Context, hash, userID string, expires time.Time) error {
	_, err := db.exec(ctx, `INSERT INTO mfa_tokens (hash, user_id, expires_at) VALUES (?, ?, ?)`, hash, userID, ts(expires))
	switch {
	case constraint(err, "FOREIGN KEY"):
		return notFound("User")
	case err != nil:
		return fmt.Errorf("sqlite: create mfa token: %w", err)
	}
	return nil
}

// MFATokenUser looks a live token up.
func (db *DB) MFATokenUser(ctx context.Context, hash string, now time.Time) (string, error) {
	var userID string
	err := db.read.QueryRowContext(ctx, sqlstore.MFATokenUser, hash, ts(now)).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", store.ErrMFATokenInvalid
	} else if err != nil {
		return "", fmt.Errorf("sqlite: mfa token: %w", err)
	}
	return userID, nil
}

// SpendMFAToken is one conditional UPDATE: a token finishes one login.
func (db *DB) SpendMFAToken(ctx context.Context, hash, userID string, now time.Time) error {
	res, err := db.exec(ctx, sqlstore.SpendMFAToken, ts(now), hash, userID, ts(now))
	if err != nil {
		return fmt.Errorf("sqlite: spend mfa token: %w", err)
	}
	return oneRow(res, store.ErrMFATokenInvalid)
}

// PruneMFATokens deletes expired tokens; spent ones go with them, since a
// spent token is refused just as an unknown one is.
func (db *DB) PruneMFATokens(ctx context.Context, before time.Time) (int, error) {
	res, err := db.exec(ctx, `DELETE FROM mfa_tokens WHERE expires_at < ?`, ts(before))
	return rowsChanged("prune mfa tokens", res, err)
}

// oneRow returns none when res changed no row.
func oneRow(res sql.Result, none error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlite: rows affected: %w", err)
	}
	if n == 0 {
		return none
	}
	return nil
}
