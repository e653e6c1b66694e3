package sqlstore

import (
	"encoding/base64"
	"fmt"
)

// The second factor's statements, the same on both engines ('?'
// placeholders; PostgreSQL numbers them). Each check-and-spend is one
// conditional statement, so that it is atomic in SQL itself.
const (
	// PutPendingTOTP replaces a pending enrolment but never an enabled
	// one: no row changes then. Args: user_id, secret, created_at.
	PutPendingTOTP = `INSERT INTO mfa_totp (user_id, secret, enabled_at, last_step, created_at) VALUES (?, ?, NULL, -1, ?)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = -1, created_at = excluded.created_at
		WHERE mfa_totp.enabled_at IS NULL`
	// TOTPSelect reads one enrolment. Arg: user_id.
	TOTPSelect = `SELECT user_id, secret, enabled_at, last_step, created_at FROM mfa_totp WHERE user_id = ?`
	// EnableTOTP enables the pending enrolment with exactly this secret.
	// Args: enabled_at, last_step, user_id, secret.
	EnableTOTP = `UPDATE mfa_totp SET enabled_at = ?, last_step = ?
		WHERE user_id = ? AND enabled_at IS NULL AND secret = ?`
	// UseTOTPStep accepts a step only after the last one. Args: step,
	// user_id, step.
	UseTOTPStep = `UPDATE mfa_totp SET last_step = ?
		WHERE user_id = ? AND enabled_at IS NOT NULL AND last_step < ?`
	// UseRecoveryCode spends one unused code of an enabled factor. Args:
	// used_at, user_id, hash, user_id.
	UseRecoveryCode = `UPDATE mfa_recovery_codes SET used_at = ?
		WHERE user_id = ? AND hash = ? AND used_at IS NULL
		  AND EXISTS (SELECT 1 FROM mfa_totp WHERE user_id = ? AND enabled_at IS NOT NULL)`
	// RecoveryCodesLeft counts unused codes. Arg: user_id.
	RecoveryCodesLeft = `SELECT count(*) FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL`
	// MFATokenUser reads a live token. Args: hash, now.
	MFATokenUser = `SELECT user_id FROM mfa_tokens WHERE hash = ? AND spent_at IS NULL AND expires_at > ?`
	// SpendMFAToken spends a live token of the user. Args: spent_at, hash,
	// user_id, now.
	SpendMFAToken = `UPDATE mfa_tokens SET spent_at = ?
		WHERE hash = ? AND user_id = ? AND spent_at IS NULL AND expires_at > ?`
)

// EncodeSecret is how a sealed TOTP secret is stored: base64 text, so that
// it moves between engines (MovedTables) like every other column.
func EncodeSecret(sealed []byte) string { return base64.StdEncoding.EncodeToString(sealed) }

// DecodeSecret reads a stored sealed secret.
func DecodeSecret(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("stored TOTP secret is not base64: %w", err)
	}
	return b, nil
}
