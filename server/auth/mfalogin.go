package auth

import (
	"context"
	"errors"
	"strconv"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// challenge answers a right password of an account with a second factor:
// a single-use mfa_token, bound to the account, stored only as its hash,
// for the mfa-otp grant to finish the login with.
func (s *Service) challenge(ctx context.Context, u *store.UserRecord) error {
	tok, hash := newRefreshToken()
	if err := s.st.CreateMFAToken(ctx, hash, u.ID, s.now().Add(hiregate.MFATokenTTL)); err != nil {
		return err
	}
	return hiregate.MFARequired(tok)
}

// LoginMFA is the mfa-otp grant: it finishes a login that the password
// grant answered with mfa_required. otp is a TOTP code or a recovery code.
// username, when the client sends it, must be the token's account. Wrong
// codes count against the account's login throttle, like wrong passwords;
// a code and a token each work once.
func (s *Service) LoginMFA(ctx context.Context, mfaToken, otp, username string, ci caller.ClientInfo) (*hiregate.TokenResponse, error) {
	if mfaToken == "" || otp == "" {
		return nil, &hiregate.Error{Code: hiregate.EBADREQUEST, Message: "mfa_token and otp are required", OAuth: hiregate.OAuthInvalidRequest}
	}
	if len(mfaToken) > maxTokenLen {
		return nil, fresh(errMFATokenBad)
	}
	hash := hashRefresh(mfaToken)
	userID, err := s.st.MFATokenUser(ctx, hash, s.now())
	switch {
	case errors.Is(err, store.ErrMFATokenInvalid):
		return nil, fresh(errMFATokenBad)
	case err != nil:
		return nil, err
	}
	u, err := s.st.UserByID(ctx, userID)
	switch {
	case hiregate.ErrorCode(err) == hiregate.ENOTFOUND:
		return nil, fresh(errMFATokenBad)
	case err != nil:
		return nil, err
	}
	if username != "" && hiregate.NormalizeEmail(username) != u.Email {
		s.audit(ctx, hiregate.AuditMFAFailed, u.ID, u.Email, ci, "mfa_token presented for another account")
		return nil, fresh(errMFATokenBad)
	}
	ids, err := s.reserve(ctx, u.Email, ci)
	if err != nil {
		return nil, err
	}
	if !u.Active {
		s.audit(ctx, hiregate.AuditLoginFailed, u.ID, u.Email, ci, "account deactivated")
		return nil, fresh(errMFATokenBad)
	}
	kind, code := hiregate.ParseCode(otp)
	ok, why, err := s.spendCode(ctx, u.ID, kind, code)
	if err != nil {
		return nil, err
	}
	if !ok {
		s.audit(ctx, hiregate.AuditMFAFailed, u.ID, u.Email, ci, why+" at sign-in")
		return nil, fresh(errInvalidCode)
	}
	if err := s.st.SpendMFAToken(ctx, hash, u.ID, s.now()); errors.Is(err, store.ErrMFATokenInvalid) {
		return nil, fresh(errMFATokenBad)
	} else if err != nil {
		return nil, err
	}
	s.release(ctx, ids)
	tr, err := s.startSession(ctx, &u.User, ci)
	if err != nil {
		return nil, err
	}
	detail := "with an authenticator code"
	if kind == hiregate.CodeRecovery {
		detail = "with a recovery code"
		if n, err := s.st.RecoveryCodesLeft(ctx, u.ID); err == nil {
			detail += " (" + strconv.Itoa(n) + " left)"
			tr.RecoveryCodesLeft = &n
		}
	}
	s.audit(ctx, hiregate.AuditLoginOK, u.ID, u.Email, ci, detail)
	return tr, nil
}
