package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/seal"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/totp"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// The second factor: TOTP enrolment, confirmation, disabling and reset.
// The login side (mfa_required and the mfa-otp grant) is in mfalogin.go.

var (
	errTOTPNotEnabled = &hiregate.Error{Code: hiregate.ECONFLICT, Message: "Second factor is not enabled"}
	errInvalidCode    = &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgInvalidCode, OAuth: hiregate.OAuthInvalidGrant}
	errMFATokenBad    = &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgMFATokenInvalid, OAuth: hiregate.OAuthInvalidGrant}
)

// codeIncorrect is the 422 of a wrong code on the enrolment routes, where
// the caller is signed in and only the field is wrong.
func codeIncorrect() error {
	return hiregate.ValidationError(map[string]string{"code": "incorrect"})
}

// errNoMFAKey answers enrolment on a service with nowhere to keep the key
// TOTP secrets are encrypted with.
var errNoMFAKey = &hiregate.Error{Code: hiregate.EUNAVAILABLE, Message: "Second factor is not available: the server has no MFA key configured"}

// loadSeal opens the box TOTP secrets are sealed in; nil without a key or
// a key directory (an HS256 setup without a data directory), where
// enrolment answers errNoMFAKey.
func loadSeal(cfg Config, log *slog.Logger) (*seal.Box, error) {
	if cfg.MFAKey == "" && cfg.KeyDir == "" {
		return nil, nil
	}
	b, err := seal.Load(cfg.KeyDir, cfg.MFAKey, log)
	if err != nil {
		return nil, fmt.Errorf("auth: MFA key: %w", err)
	}
	return b, nil
}

// requiresMFA reports whether the operator requires role to have a second
// factor (--require-mfa).
func (s *Service) requiresMFA(role hiregate.Role) bool {
	return slices.Contains(s.cfg.RequireMFA, role)
}

// StartTOTP begins an enrolment for the caller: a new secret, sealed and
// stored as pending. Nothing changes for the account until ConfirmTOTP; a
// second call replaces the first secret. Refused while TOTP is on, so that
// a stolen session cannot swap the secret of a working second factor.
func (s *Service) StartTOTP(ctx context.Context, p *caller.Principal) (*hiregate.TOTPEnrollment, error) {
	if p == nil {
		return nil, fresh(errNotAuthenticated)
	}
	u, err := s.st.UserByID(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	if u.MFA {
		return nil, fresh(store.ErrTOTPEnabled)
	}
	if s.box == nil {
		return nil, fresh(errNoMFAKey)
	}
	key, err := totp.Generate(u.Email)
	if err != nil {
		return nil, err
	}
	sealed, err := s.box.Seal([]byte(key.Secret), []byte(u.ID))
	if err != nil {
		return nil, err
	}
	if err := s.st.PutPendingTOTP(ctx, u.ID, sealed, s.now()); err != nil {
		if errors.Is(err, store.ErrTOTPEnabled) {
			return nil, fresh(store.ErrTOTPEnabled)
		}
		return nil, err
	}
	return &hiregate.TOTPEnrollment{Secret: key.Secret, OTPAuthURL: key.URL}, nil
}

// ConfirmTOTP turns the pending enrolment on with a code from the app and
// returns RecoveryCodeCount new recovery codes, which exist in clear only
// in this answer. Wrong codes count against the account's login throttle.
func (s *Service) ConfirmTOTP(ctx context.Context, p *caller.Principal, req hiregate.CodeRequest, ci caller.ClientInfo) (*hiregate.RecoveryCodes, error) {
	if p == nil {
		return nil, fresh(errNotAuthenticated)
	}
	if _, err := req.Validate(false); err != nil {
		return nil, err
	}
	u, err := s.st.UserByID(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	rec, err := s.st.TOTP(ctx, u.ID)
	switch {
	case hiregate.ErrorCode(err) == hiregate.ENOTFOUND:
		return nil, fresh(store.ErrNoPendingTOTP)
	case err != nil:
		return nil, err
	case rec.EnabledAt != nil:
		return nil, fresh(store.ErrTOTPEnabled)
	}
	ids, err := s.reserve(ctx, u.Email, ci)
	if err != nil {
		return nil, err
	}
	secret, err := s.openSecret(ctx, rec)
	if err != nil {
		return nil, err
	}
	now := s.now()
	step, ok, err := totp.Match(secret, req.Code, now)
	if err != nil {
		return nil, err
	}
	if !ok {
		s.audit(ctx, hiregate.AuditMFAFailed, u.ID, u.Email, ci, "wrong code confirming enrolment")
		return nil, codeIncorrect()
	}
	s.release(ctx, ids)
	codes := make([]string, hiregate.RecoveryCodeCount)
	hashes := make([]string, len(codes))
	for i := range codes {
		c, err := hiregate.RecoveryCodeFromBytes(randomBytes(hiregate.RecoveryCodeBytes))
		if err != nil {
			return nil, err
		}
		codes[i], hashes[i] = hiregate.FormatRecoveryCode(c), hashRecoveryCode(c)
	}
	if err := s.st.EnableTOTP(ctx, u.ID, rec.Secret, step, hashes, now); err != nil {
		if errors.Is(err, store.ErrNoPendingTOTP) {
			return nil, fresh(store.ErrNoPendingTOTP)
		}
		return nil, err
	}
	s.audit(ctx, hiregate.AuditMFAEnabled, u.ID, u.Email, ci, "TOTP enabled by the user")
	return &hiregate.RecoveryCodes{RecoveryCodes: codes}, nil
}

// DisableTOTP turns the caller's second factor off after a current code or
// a recovery code. Wrong codes count against the login throttle.
func (s *Service) DisableTOTP(ctx context.Context, p *caller.Principal, req hiregate.CodeRequest, ci caller.ClientInfo) error {
	if p == nil {
		return fresh(errNotAuthenticated)
	}
	kind, err := req.Validate(true)
	if err != nil {
		return err
	}
	u, err := s.st.UserByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	if !u.MFA {
		return fresh(errTOTPNotEnabled)
	}
	ids, err := s.reserve(ctx, u.Email, ci)
	if err != nil {
		return err
	}
	ok, why, err := s.spendCode(ctx, u.ID, kind, req.Code)
	if err != nil {
		return err
	}
	if !ok {
		s.audit(ctx, hiregate.AuditMFAFailed, u.ID, u.Email, ci, why+" disabling the second factor")
		return codeIncorrect()
	}
	s.release(ctx, ids)
	if _, err := s.st.DeleteTOTP(ctx, u.ID); err != nil {
		return err
	}
	s.audit(ctx, hiregate.AuditMFADisabled, u.ID, u.Email, ci, "by the user")
	return nil
}

// ResetMFA removes a user's second factor (enabled or pending) for someone
// who lost both their device and their recovery codes. actor is the admin
// doing it, or nil for the server's operator (the CLI). It reports whether
// there was anything to remove; only then is it audited.
func (s *Service) ResetMFA(ctx context.Context, actor *caller.Principal, userID string, ci caller.ClientInfo) (bool, error) {
	if actor != nil && actor.Role != hiregate.RoleAdmin {
		return false, hiregate.ErrAccessDenied(hiregate.RoleAdmin)
	}
	u, err := s.st.UserByID(ctx, userID)
	if err != nil {
		return false, err
	}
	had, err := s.st.DeleteTOTP(ctx, u.ID)
	if err != nil || !had {
		return had, err
	}
	by := "by the operator (command line)"
	if actor != nil {
		by = s.ByAdmin(ctx, actor)
	}
	s.audit(ctx, hiregate.AuditMFAReset, u.ID, u.Email, ci, by)
	return true, nil
}

// spendCode checks a code of the given kind against userID's second factor
// and spends it: a TOTP step or a recovery code works once. ok false comes
// with the reason for the audit log; err is for failures of the server.
func (s *Service) spendCode(ctx context.Context, userID string, kind hiregate.CodeKind, code string) (ok bool, why string, err error) {
	switch kind {
	case hiregate.CodeTOTP:
		rec, err := s.st.TOTP(ctx, userID)
		switch {
		case hiregate.ErrorCode(err) == hiregate.ENOTFOUND:
			return false, "no second factor", nil
		case err != nil:
			return false, "", err
		case rec.EnabledAt == nil:
			return false, "no second factor", nil
		}
		secret, err := s.openSecret(ctx, rec)
		if err != nil {
			return false, "", err
		}
		step, ok, err := totp.Match(secret, code, s.now())
		if err != nil || !ok {
			return false, "wrong code", err
		}
		if err := s.st.UseTOTPStep(ctx, userID, step); errors.Is(err, store.ErrCodeUsed) {
			return false, "code already used", nil
		} else if err != nil {
			return false, "", err
		}
		return true, "", nil
	case hiregate.CodeRecovery:
		if err := s.st.UseRecoveryCode(ctx, userID, hashRecoveryCode(code), s.now()); errors.Is(err, store.ErrCodeUsed) {
			return false, "unknown or used recovery code", nil
		} else if err != nil {
			return false, "", err
		}
		return true, "", nil
	}
	return false, "malformed code", nil
}

// errMFAKeyChanged answers a second factor whose secret the server cannot
// read: the key is not the one it was sealed with (a restore onto a new
// machine, a changed HIREGATE_MFA_KEY). Nothing the user types can help.
var errMFAKeyChanged = &hiregate.Error{Code: hiregate.EUNAVAILABLE, Message: "Second factor unavailable on this server: ask an admin to reset your second factor"}

// openSecret decrypts a stored TOTP secret. A failure is the server's
// (changed key, damaged row): logged for the operator, without the secret.
func (s *Service) openSecret(ctx context.Context, rec *store.TOTPRecord) (string, error) {
	if s.box == nil {
		return "", fmt.Errorf("auth: TOTP secret of user %s: %w", rec.UserID, errors.New("no MFA key configured"))
	}
	b, err := s.box.Open(rec.Secret, []byte(rec.UserID))
	if errors.Is(err, seal.ErrWrongKey) {
		s.log.ErrorContext(ctx, "TOTP secret sealed with another key: restore the MFA key (data dir mfa.key or HIREGATE_MFA_KEY) or reset the user's second factor",
			"user_id", rec.UserID)
		return "", fresh(errMFAKeyChanged)
	} else if err != nil {
		return "", fmt.Errorf("auth: TOTP secret of user %s: %w", rec.UserID, err)
	}
	return string(b), nil
}

// release gives back throttle attempts that turned out not to be guesses.
func (s *Service) release(ctx context.Context, ids []int64) {
	if err := s.st.ReleaseAttempts(context.WithoutCancel(ctx), ids); err != nil {
		s.log.ErrorContext(ctx, "releasing attempts failed", "err", err)
	}
}

// hashRecoveryCode is how a recovery code is stored. A code has 80 random
// bits, beyond offline guessing against a fast hash.
func hashRecoveryCode(canonical string) string {
	sum := sha256.Sum256([]byte("hiregate recovery code\x00" + canonical))
	return hex.EncodeToString(sum[:])
}

// CodeKey is the key one-time codes mailed to people are hashed with
// (HMAC), derived from the MFA key: kept outside the database, so a copy
// of the database does not let anyone test the 2^40 possible codes
// offline, and the same on every replica. nil without an MFA key.
func (s *Service) CodeKey() []byte {
	if s.box == nil {
		return nil
	}
	return s.box.Derive("hiregate one-time codes")
}
