package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
)

var _ store.MFA = (*DB)(nil)

// PutPendingTOTP replaces a pending enrolment but never an enabled one:
// the upsert's WHERE leaves an enabled row alone, and the row count says
// which happened.
func (db *DB) PutPendingTOTP(ctx context.Context, userID string, sealed []byte, now time.Time) error {
	tag, err := db.exec(ctx, sqlstore.PutPendingTOTP, userID, sqlstore.EncodeSecret(sealed), sqlstore.TS(now))
	switch {
	case violates(err, codeForeignKeyViolation, ""):
		return sqlstore.NotFound("User")
	case err != nil:
		return fmt.Errorf("postgres: put pending totp: %w", err)
	case tag.RowsAffected() == 0:
		return store.ErrTOTPEnabled
	}
	return nil
}

// TOTP returns ENOTFOUND when the user has no enrolment.
func (db *DB) TOTP(ctx context.Context, userID string) (*store.TOTPRecord, error) {
	var r store.TOTPRecord
	var secret string
	var enabled *int64
	var created int64
	err := db.q.QueryRow(ctx, rebind(sqlstore.TOTPSelect), userID).Scan(&r.UserID, &secret, &enabled, &r.LastStep, &created)
	if err != nil {
		return nil, noRows(err, "Second factor", "totp")
	}
	if r.Secret, err = sqlstore.DecodeSecret(secret); err != nil {
		return nil, fmt.Errorf("postgres: totp of %s: %w", userID, err)
	}
	if enabled != nil {
		t := sqlstore.FromTS(*enabled)
		r.EnabledAt = &t
	}
	r.CreatedAt = sqlstore.FromTS(created)
	return &r, nil
}

// EnableTOTP enables only the pending enrolment with this very secret and
// replaces the recovery codes, in one transaction.
func (db *DB) EnableTOTP(ctx context.Context, userID string, sealed []byte, step int64, recoveryHashes []string, now time.Time) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, rebind(sqlstore.EnableTOTP), sqlstore.TS(now), step, userID, sqlstore.EncodeSecret(sealed))
		if err != nil {
			return fmt.Errorf("postgres: enable totp: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return store.ErrNoPendingTOTP
		}
		if _, err := tx.Exec(ctx, `DELETE FROM mfa_recovery_codes WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("postgres: enable totp: %w", err)
		}
		for _, h := range recoveryHashes {
			if _, err := tx.Exec(ctx, `INSERT INTO mfa_recovery_codes (user_id, hash) VALUES ($1, $2)`, userID, h); err != nil {
				return fmt.Errorf("postgres: store recovery code: %w", err)
			}
		}
		return nil
	})
}

// UseTOTPStep is one conditional UPDATE: the row lock makes a second
// request with the same step re-check the condition after the first
// commits, and find it false.
func (db *DB) UseTOTPStep(ctx context.Context, userID string, step int64) error {
	return db.spend(ctx, "use totp step", store.ErrCodeUsed, sqlstore.UseTOTPStep, step, userID, step)
}

// UseRecoveryCode spends a code with one conditional UPDATE.
func (db *DB) UseRecoveryCode(ctx context.Context, userID, hash string, now time.Time) error {
	return db.spend(ctx, "use recovery code", store.ErrCodeUsed, sqlstore.UseRecoveryCode, sqlstore.TS(now), userID, hash, userID)
}

// RecoveryCodesLeft counts unused codes.
func (db *DB) RecoveryCodesLeft(ctx context.Context, userID string) (int, error) {
	var n int
	if err := db.q.QueryRow(ctx, rebind(sqlstore.RecoveryCodesLeft), userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: recovery codes left: %w", err)
	}
	return n, nil
}

// DeleteTOTP removes everything of the user's second factor at once.
func (db *DB) DeleteTOTP(ctx context.Context, userID string) (bool, error) {
	var had bool
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM mfa_totp WHERE user_id = $1`, userID)
		if err != nil {
			return fmt.Errorf("postgres: delete totp: %w", err)
		}
		had = tag.RowsAffected() > 0
		for _, q := range []string{`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, `DELETE FROM mfa_tokens WHERE user_id = $1`} {
			if _, err := tx.Exec(ctx, q, userID); err != nil {
				return fmt.Errorf("postgres: delete totp: %w", err)
			}
		}
		return nil
	})
	return had, err
}

// CreateMFAToken stores a challenge.
func (db *DB) CreateMFAToken(ctx context.Context, hash, userID string, expires time.Time) error {
	_, err := db.exec(ctx, `INSERT INTO mfa_tokens (hash, user_id, expires_at) VALUES (?, ?, ?)`, hash, userID, sqlstore.TS(expires))
	switch {
	case violates(err, codeForeignKeyViolation, ""):
		return sqlstore.NotFound("User")
	case err != nil:
		return fmt.Errorf("postgres: create mfa token: %w", err)
	}
	return nil
}

// MFATokenUser looks a live token up.
func (db *DB) MFATokenUser(ctx context.Context, hash string, now time.Time) (string, error) {
	var userID string
	err := db.q.QueryRow(ctx, rebind(sqlstore.MFATokenUser), hash, sqlstore.TS(now)).Scan(&userID)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", store.ErrMFATokenInvalid
	} else if err != nil {
		return "", fmt.Errorf("postgres: mfa token: %w", err)
	}
	return userID, nil
}

// SpendMFAToken is one conditional UPDATE: a token finishes one login.
func (db *DB) SpendMFAToken(ctx context.Context, hash, userID string, now time.Time) error {
	return db.spend(ctx, "spend mfa token", store.ErrMFATokenInvalid, sqlstore.SpendMFAToken, sqlstore.TS(now), hash, userID, sqlstore.TS(now))
}

// PruneMFATokens deletes expired tokens; spent ones go with them.
func (db *DB) PruneMFATokens(ctx context.Context, before time.Time) (int, error) {
	tag, err := db.exec(ctx, `DELETE FROM mfa_tokens WHERE expires_at < ?`, sqlstore.TS(before))
	if err != nil {
		return 0, fmt.Errorf("postgres: prune mfa tokens: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// exec runs one statement written with '?' placeholders.
func (db *DB) exec(ctx context.Context, query string, args ...any) (pgconn.CommandTag, error) {
	var tag pgconn.CommandTag
	err := db.step(ctx, func(q querier) (err error) {
		tag, err = q.Exec(ctx, rebind(query), args...)
		return err
	})
	return tag, err
}

// spend runs a conditional UPDATE and answers none when it changed no row.
func (db *DB) spend(ctx context.Context, op string, none error, query string, args ...any) error {
	tag, err := db.exec(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("postgres: %s: %w", op, err)
	}
	if tag.RowsAffected() == 0 {
		return none
	}
	return nil
}
