package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// SSHKeys lists the caller's linked SSH public keys
// (GET /users/me/ssh-keys), oldest first.
func (c *Client) SSHKeys(ctx context.Context) ([]hiregate.SSHKey, error) {
	var l hiregate.List[hiregate.SSHKey]
	if err := c.call(ctx, http.MethodGet, "/users/me/ssh-keys", nil, &l); err != nil {
		return nil, err
	}
	return l.Items, nil
}

// AddSSHKey links a public key (one line of a .pub file) to the caller's
// account (POST /users/me/ssh-keys). A key linked to any account already
// is ECONFLICT.
func (c *Client) AddSSHKey(ctx context.Context, r hiregate.AddSSHKeyRequest) (*hiregate.SSHKey, error) {
	var k hiregate.SSHKey
	if err := c.call(ctx, http.MethodPost, "/users/me/ssh-keys", r, &k); err != nil {
		return nil, err
	}
	return &k, nil
}

// RemoveSSHKey unlinks one of the caller's keys
// (DELETE /users/me/ssh-keys/{id}).
func (c *Client) RemoveSSHKey(ctx context.Context, id string) error {
	s, err := seg("id", id)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodDelete, "/users/me/ssh-keys/"+s, nil, nil)
}

// LoginSSHKey is the ssh-key grant, for an SSH gateway whose HTTP client
// sends the gateway credential: it signs in the account publicKey (a
// .pub line the SSH client proved it holds) is linked to, and keeps the
// tokens. An account with a second factor answers mfa_required, to be
// finished with LoginMFA.
func (c *Client) LoginSSHKey(ctx context.Context, publicKey string) (*hiregate.TokenResponse, error) {
	return c.signIn(ctx, url.Values{
		"grant_type": {hiregate.GrantSSHKey},
		"public_key": {publicKey},
	})
}
