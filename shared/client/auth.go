package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Login exchanges an email and password for tokens at the OAuth2 token
// endpoint (grant_type=password) and keeps them for later calls. The tokens
// of any earlier login are replaced.
func (c *Client) Login(ctx context.Context, email, password string) (*hiregate.TokenResponse, error) {
	return c.signIn(ctx, url.Values{
		"grant_type": {hiregate.GrantPassword},
		"username":   {email},
		"password":   {password},
	})
}

// signIn asks the token endpoint with form and, on success, keeps the
// tokens in place of any earlier login's.
func (c *Client) signIn(ctx context.Context, form url.Values) (*hiregate.TokenResponse, error) {
	tok, err := c.tokenRequest(ctx, form)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.setLocked(tok, false)
	c.mu.Unlock()
	return tok, nil
}

// Refresh trades the refresh token for a new pair (grant_type=refresh_token)
// and keeps the rotated tokens. A refresh already in progress is joined,
// never duplicated. When the server rejects the refresh token the client
// forgets its tokens and returns an error for which IsSessionExpired is
// true; a network or server failure is returned as is and the tokens are
// kept, so a later call can try again.
func (c *Client) Refresh(ctx context.Context) error {
	c.mu.Lock()
	call := c.startRefreshLocked(ctx)
	c.mu.Unlock()
	if call == nil {
		return notAuthenticated()
	}
	return call.wait(ctx)
}

// SetTokens replaces the tokens, e.g. with ones obtained elsewhere. Nil is
// Forget. Expiry is counted from now, as after a login.
func (c *Client) SetTokens(t *hiregate.TokenResponse) {
	if t == nil {
		c.Forget()
		return
	}
	c.mu.Lock()
	c.setLocked(t, false)
	c.mu.Unlock()
}

// Tokens returns the current access and refresh tokens. It exists for
// tests (to replay or tamper with a token); applications have no reason to
// read them and must never display, log or store them.
func (c *Client) Tokens() (access, refresh string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.access, c.refresh
}

// LoggedIn reports whether the client holds any token. The server may
// still reject them; the next call finds out.
func (c *Client) LoggedIn() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.access != "" || c.refresh != ""
}

// Forget drops the tokens from memory. A refresh still in flight is
// detached: its result is discarded.
func (c *Client) Forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forgetLocked()
	c.expired = false
}

func (c *Client) forgetLocked() {
	c.access, c.refresh, c.expiry = "", "", time.Time{}
	c.gen++
	c.flight = nil
}

// Logout revokes the session on the server (POST /auth/logout), then
// forgets the tokens, even when the call fails: the user asked to be logged
// out of this client whatever the server says.
func (c *Client) Logout(ctx context.Context) error {
	defer c.Forget()
	if !c.LoggedIn() {
		return nil
	}
	return c.call(ctx, http.MethodPost, "/auth/logout", nil, nil)
}

// LogoutAll revokes every session of the user, this one included
// (POST /auth/logout-all), then forgets the tokens, even when the call
// fails.
func (c *Client) LogoutAll(ctx context.Context) error {
	defer c.Forget()
	if !c.LoggedIn() {
		return nil
	}
	return c.call(ctx, http.MethodPost, "/auth/logout-all", nil, nil)
}

// Register creates a candidate account (POST /auth/register). It does not
// log in and sends no token.
func (c *Client) Register(ctx context.Context, r hiregate.RegisterRequest) (*hiregate.User, error) {
	req, err := jsonRequest(http.MethodPost, "/auth/register", r)
	if err != nil {
		return nil, err
	}
	req.auth = false
	var u hiregate.User
	if err := c.send(ctx, req, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// Me returns the caller's account (GET /users/me).
func (c *Client) Me(ctx context.Context) (*hiregate.User, error) {
	var u hiregate.User
	if err := c.call(ctx, http.MethodGet, "/users/me", nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// ChangePassword changes the caller's password (POST /users/me/password).
// The server revokes every other session; this one stays logged in.
func (c *Client) ChangePassword(ctx context.Context, r hiregate.ChangePasswordRequest) error {
	return c.call(ctx, http.MethodPost, "/users/me/password", r, nil)
}

// Sessions lists the caller's live sessions (GET /users/me/sessions). The
// contract leaves the envelope open, so both a bare array and a list object
// {"items": [...]} are accepted.
func (c *Client) Sessions(ctx context.Context) ([]hiregate.Session, error) {
	return c.sessions(ctx, "/users/me/sessions")
}

func (c *Client) sessions(ctx context.Context, path string) ([]hiregate.Session, error) {
	var raw []byte
	if err := c.call(ctx, http.MethodGet, path, nil, &raw); err != nil {
		return nil, err
	}
	raw = bytes.TrimSpace(raw)
	var out []hiregate.Session
	if len(raw) > 0 && raw[0] == '[' {
		if err := json.Unmarshal(raw, &out); err != nil {
			return nil, fmt.Errorf("decode GET %s response: %w", path, err)
		}
		return out, nil
	}
	var l hiregate.List[hiregate.Session]
	if err := json.Unmarshal(raw, &l); err != nil {
		return nil, fmt.Errorf("decode GET %s response: %w", path, err)
	}
	return l.Items, nil
}

// RevokeSession ends one of the caller's sessions
// (DELETE /users/me/sessions/{id}).
func (c *Client) RevokeSession(ctx context.Context, id string) error {
	s, err := seg("id", id)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodDelete, "/users/me/sessions/"+s, nil, nil)
}

// tokenRequest posts a form to the token endpoint. It never carries the
// bearer token and never triggers a refresh.
func (c *Client) tokenRequest(ctx context.Context, form url.Values) (*hiregate.TokenResponse, error) {
	var tok hiregate.TokenResponse
	r := request{
		method:      http.MethodPost,
		path:        "/auth/login",
		body:        []byte(form.Encode()),
		contentType: contentForm,
	}
	if _, _, _, err := c.attempt(ctx, r, &tok); err != nil {
		return nil, err
	}
	if tok.AccessToken == "" {
		return nil, errors.New("token response has no access_token")
	}
	if tok.TokenType != "" && !strings.EqualFold(tok.TokenType, "bearer") {
		return nil, fmt.Errorf("token response has token_type %q, want bearer", tok.TokenType)
	}
	return &tok, nil
}

// setLocked stores a token response. keepRefresh keeps the current refresh
// token when the response has none (RFC 6749 §6 lets a server not rotate).
func (c *Client) setLocked(t *hiregate.TokenResponse, keepRefresh bool) {
	c.access = t.AccessToken
	if t.RefreshToken != "" || !keepRefresh {
		c.refresh = t.RefreshToken
	}
	c.expiry = time.Time{}
	if t.ExpiresIn > 0 {
		c.expiry = c.now().Add(time.Duration(t.ExpiresIn) * time.Second)
	}
	c.gen++
	c.flight = nil
	c.expired = false
}

// startRefreshLocked returns the refresh in flight, starting one when there
// is none; nil when there is no refresh token. The refresh runs detached
// from ctx (bounded by refreshTimeout): once the server has rotated the
// token, abandoning the response because one caller gave up would lose the
// only valid refresh token and end the session.
func (c *Client) startRefreshLocked(ctx context.Context) *refreshCall {
	if c.flight != nil {
		return c.flight
	}
	if c.refresh == "" {
		return nil
	}
	call := &refreshCall{done: make(chan struct{})}
	c.flight = call
	go c.runRefresh(context.WithoutCancel(ctx), call, c.refresh, c.gen)
	return call
}

func (c *Client) runRefresh(ctx context.Context, call *refreshCall, refreshToken string, gen uint64) {
	ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	tok, err := c.tokenRequest(ctx, url.Values{
		"grant_type":    {hiregate.GrantRefreshToken},
		"refresh_token": {refreshToken},
	})

	c.mu.Lock()
	defer c.mu.Unlock()
	defer close(call.done)
	if c.flight == call {
		c.flight = nil
	}
	switch {
	case c.gen != gen:
		// The tokens were replaced (Login, SetTokens) or forgotten while
		// this ran; whatever they are now wins over this result.
		if c.access == "" && c.refresh == "" {
			call.err = sessionExpired(err)
		}
	case err == nil:
		c.setLocked(tok, true)
	case rejected(err):
		c.forgetLocked()
		c.expired = true
		call.err = sessionExpired(err)
	default:
		call.err = err
	}
}

// rejected reports whether the token endpoint refused the refresh token
// itself, as opposed to being unreachable, throttled or broken.
func rejected(err error) bool {
	switch hiregate.ErrorCode(err) {
	case hiregate.EUNAUTHORIZED, hiregate.EBADREQUEST, hiregate.EFORBIDDEN, hiregate.EINVALID:
		var e *hiregate.Error
		return errors.As(err, &e)
	}
	return false
}

// wait blocks until the refresh ends or ctx is done. Each waiter gets its
// own copy of a shared *hiregate.Error so no caller can alter another's.
func (r *refreshCall) wait(ctx context.Context) error {
	select {
	case <-r.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	var e *hiregate.Error
	if errors.As(r.err, &e) {
		cp := *e
		return &cp
	}
	return r.err
}

// refreshIfDue refreshes before a request when the access token expires
// within RefreshMargin (or is missing while a refresh token is held), and
// waits for a refresh already in flight so as not to send a token that is
// being replaced.
func (c *Client) refreshIfDue(ctx context.Context) error {
	c.mu.Lock()
	due := c.refresh != "" &&
		(c.access == "" || (!c.expiry.IsZero() && !c.now().Before(c.expiry.Add(-RefreshMargin))))
	var call *refreshCall
	if due || c.flight != nil {
		call = c.startRefreshLocked(ctx)
	}
	c.mu.Unlock()
	if call == nil {
		return nil
	}
	return call.wait(ctx)
}

// refreshAfter401 handles a 401 to a request sent with token generation
// gen. It reports whether to retry the request: yes when someone else has
// replaced the tokens meanwhile or a refresh succeeded; no when there is
// nothing to refresh with (the server's 401 stands). A failed refresh is
// returned as the error.
func (c *Client) refreshAfter401(ctx context.Context, gen uint64) (bool, error) {
	c.mu.Lock()
	if c.gen != gen {
		retry, expired := c.access != "", c.expired
		c.mu.Unlock()
		if !retry && expired {
			// Another caller's refresh was just refused.
			return false, sessionExpired(nil)
		}
		return retry, nil
	}
	call := c.startRefreshLocked(ctx)
	c.mu.Unlock()
	if call == nil {
		return false, nil
	}
	if err := call.wait(ctx); err != nil {
		return false, err
	}
	return true, nil
}
