package store

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// TOTPRecord is a user's TOTP enrolment.
type TOTPRecord struct {
	UserID string
	// Secret is the sealed (encrypted) secret: the store never sees it in
	// clear, and the key is kept elsewhere.
	Secret []byte
	// EnabledAt is nil while the enrolment waits for its first code.
	EnabledAt *time.Time
	// LastStep is the last TOTP time step accepted, -1 when none: a code
	// of that step or an earlier one is refused (no replay).
	LastStep  int64
	CreatedAt time.Time
}

// Errors of the MFA store. Each is a fresh-looking *hiregate.Error for the
// client, compared with errors.Is by identity.
var (
	// ErrTOTPEnabled: an enrolment was asked for while TOTP is on.
	ErrTOTPEnabled = &hiregate.Error{Code: hiregate.ECONFLICT, Message: "Second factor already enabled: disable it first"}
	// ErrNoPendingTOTP: the enrolment to confirm is gone or was replaced.
	ErrNoPendingTOTP = &hiregate.Error{Code: hiregate.ECONFLICT, Message: "No enrolment waiting for confirmation: start again"}
	// ErrCodeUsed: the TOTP step was already used, or the recovery code
	// is unknown or spent.
	ErrCodeUsed = &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgInvalidCode, OAuth: hiregate.OAuthInvalidGrant}
	// ErrMFATokenInvalid: unknown, expired, spent or another account's.
	ErrMFATokenInvalid = &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgMFATokenInvalid, OAuth: hiregate.OAuthInvalidGrant}
)

// MFA stores second factors: TOTP enrolments, recovery codes and the
// mfa_tokens of logins waiting for their code. Recovery codes and
// mfa_tokens are stored only as hashes. Every check-and-spend is one
// conditional statement in SQL, so that two requests on two server
// processes cannot both spend one code, step or token.
type MFA interface {
	// PutPendingTOTP stores sealed as userID's enrolment awaiting
	// confirmation, replacing a pending one. ErrTOTPEnabled when TOTP is
	// already on; ENOTFOUND when there is no such user.
	PutPendingTOTP(ctx context.Context, userID string, sealed []byte, now time.Time) error
	// TOTP returns userID's enrolment, pending or enabled; ENOTFOUND when
	// there is none.
	TOTP(ctx context.Context, userID string) (*TOTPRecord, error)
	// EnableTOTP turns on the pending enrolment whose secret is exactly
	// sealed, records step as used, and replaces the user's recovery codes
	// with recoveryHashes, in one transaction. ErrNoPendingTOTP when that
	// enrolment is not pending (replaced, enabled or removed meanwhile).
	EnableTOTP(ctx context.Context, userID string, sealed []byte, step int64, recoveryHashes []string, now time.Time) error
	// UseTOTPStep records step as userID's last accepted one if it is
	// later than the last; ErrCodeUsed otherwise, or when TOTP is not on.
	UseTOTPStep(ctx context.Context, userID string, step int64) error
	// UseRecoveryCode spends userID's unused recovery code with this hash;
	// ErrCodeUsed when there is none.
	UseRecoveryCode(ctx context.Context, userID, hash string, now time.Time) error
	// RecoveryCodesLeft counts userID's unused recovery codes.
	RecoveryCodesLeft(ctx context.Context, userID string) (int, error)
	// DeleteTOTP removes userID's enrolment (pending or enabled), recovery
	// codes and mfa_tokens, and reports whether there was an enrolment.
	DeleteTOTP(ctx context.Context, userID string) (bool, error)

	// CreateMFAToken stores a login challenge for userID under hash.
	CreateMFAToken(ctx context.Context, hash, userID string, expires time.Time) error
	// MFATokenUser returns the user of an unspent, unexpired token;
	// ErrMFATokenInvalid otherwise.
	MFATokenUser(ctx context.Context, hash string, now time.Time) (string, error)
	// SpendMFAToken spends the token if it is unspent, unexpired and
	// userID's; ErrMFATokenInvalid otherwise.
	SpendMFAToken(ctx context.Context, hash, userID string, now time.Time) error
	// PruneMFATokens deletes tokens that expired before before and
	// returns how many.
	PruneMFATokens(ctx context.Context, before time.Time) (int, error)
}
