package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// LoginMFA finishes a login that the password grant answered with
// mfa_required (see hiregate.IsMFARequired for the mfa_token): code is the
// 6-digit code of the authenticator app or a recovery code. On success the
// client keeps the tokens, as after Login.
func (c *Client) LoginMFA(ctx context.Context, mfaToken, code string) (*hiregate.TokenResponse, error) {
	return c.signIn(ctx, url.Values{
		"grant_type": {hiregate.GrantMFAOTP},
		"mfa_token":  {mfaToken},
		"otp":        {code},
	})
}

// StartTOTP begins enrolling an authenticator app (POST /users/me/mfa/totp).
// Nothing changes for the account until ConfirmTOTP; a second call
// replaces the first secret.
func (c *Client) StartTOTP(ctx context.Context) (*hiregate.TOTPEnrollment, error) {
	var e hiregate.TOTPEnrollment
	if err := c.call(ctx, http.MethodPost, "/users/me/mfa/totp", nil, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// ConfirmTOTP turns the second factor on with a code from the app just
// enrolled (POST /users/me/mfa/totp/confirm) and returns the recovery
// codes, which the server never shows again.
func (c *Client) ConfirmTOTP(ctx context.Context, code string) (*hiregate.RecoveryCodes, error) {
	var rc hiregate.RecoveryCodes
	if err := c.call(ctx, http.MethodPost, "/users/me/mfa/totp/confirm", hiregate.CodeRequest{Code: code}, &rc); err != nil {
		return nil, err
	}
	return &rc, nil
}

// DisableTOTP turns the second factor off (DELETE /users/me/mfa/totp); code
// is a current code or a recovery code.
func (c *Client) DisableTOTP(ctx context.Context, code string) error {
	return c.call(ctx, http.MethodDelete, "/users/me/mfa/totp", hiregate.CodeRequest{Code: code}, nil)
}

// ResetMFA removes a user's second factor (DELETE /admin/users/{id}/mfa,
// admin), for someone who lost their device and their recovery codes.
func (c *Client) ResetMFA(ctx context.Context, userID string) error {
	s, err := seg("id", userID)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodDelete, "/admin/users/"+s+"/mfa", nil, nil)
}
