package client

import (
	"context"
	"net/http"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// ForgotPassword asks for a password reset code to be mailed to email
// (POST /auth/password/forgot). The server answers the same whether or not
// the address has an account.
func (c *Client) ForgotPassword(ctx context.Context, email string) error {
	return c.anonymous(ctx, "/auth/password/forgot", hiregate.ForgotPasswordRequest{Email: email})
}

// ResetPassword sets a new password with a mailed code (POST
// /auth/password/reset). It does not sign in: every session of the account
// has ended; Login with the new password. A wrong, spent or expired code
// is an EBADREQUEST error whose OAuth field is hiregate.ErrorInvalidCode.
func (c *Client) ResetPassword(ctx context.Context, r hiregate.ResetPasswordRequest) error {
	return c.anonymous(ctx, "/auth/password/reset", r)
}

// AcceptInvitation activates an invited account with its mailed code and
// the password chosen (POST /auth/invitation/accept); Login follows.
func (c *Client) AcceptInvitation(ctx context.Context, r hiregate.AcceptInvitationRequest) error {
	return c.anonymous(ctx, "/auth/invitation/accept", r)
}

// VerifyEmail verifies the caller's address with the mailed code (POST
// /users/me/email/verify).
func (c *Client) VerifyEmail(ctx context.Context, code string) error {
	return c.call(ctx, http.MethodPost, "/users/me/email/verify", hiregate.VerifyEmailRequest{Code: code}, nil)
}

// ResendVerification mails the caller a new verification code (POST
// /users/me/email/verify/resend). Too soon after the last one it is an
// ETHROTTLED error whose RetryAfter says how many seconds to wait.
func (c *Client) ResendVerification(ctx context.Context) error {
	return c.call(ctx, http.MethodPost, "/users/me/email/verify/resend", nil, nil)
}

// UpdateMe changes the caller's own settings (PATCH /users/me).
func (c *Client) UpdateMe(ctx context.Context, r hiregate.UpdateMeRequest) (*hiregate.User, error) {
	var u hiregate.User
	if err := c.call(ctx, http.MethodPatch, "/users/me", r, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// anonymous POSTs v to path without a token (the routes of someone who
// cannot sign in), ignoring the answer's body.
func (c *Client) anonymous(ctx context.Context, path string, v any) error {
	req, err := jsonRequest(http.MethodPost, path, v)
	if err != nil {
		return err
	}
	req.auth = false
	return c.send(ctx, req, nil)
}
