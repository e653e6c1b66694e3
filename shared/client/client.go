// Package client is the typed Go client for the hiregate HTTP API
// (see API.md). The terminal UI and the server's end-to-end tests both use
// it, so it speaks the contract exactly: JSON in and out, an OAuth2 form
// token endpoint, and every failure as a *hiregate.Error.
//
// Tokens live in memory only and are never written anywhere, logged or put
// into an error. The access token is refreshed shortly before it expires and
// once after a 401; concurrent callers share one refresh call because the
// server rotates refresh tokens and treats a second use of a spent one as
// theft.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

const (
	// DefaultTimeout bounds each HTTP exchange of the default http.Client.
	DefaultTimeout = 15 * time.Second
	// DefaultUserAgent is sent unless WithUserAgent says otherwise.
	DefaultUserAgent = "hiregate-client/1"
	// RefreshMargin is how long before the access token's expiry the client
	// refreshes it, so a request never races the expiry on the wire.
	RefreshMargin = 30 * time.Second
	// MaxErrorBodyBytes caps how much of an error response is read.
	MaxErrorBodyBytes = 2 << 20
	// MaxResponseBytes caps a successful response: a full page of
	// applications with maximal résumés is far below it.
	MaxResponseBytes = 64 << 20

	// MaxRetryAfter is the longest wait the client takes by itself: a
	// request answered 503 with a Retry-After up to this long is sent once
	// more after that wait. The server answers so when it refused the
	// request before doing anything (a password hash it could not start in
	// time, a hash worker restarting). A longer wait, a second 503, or the
	// caller's context ending (or due to end) first returns the 503 to the
	// caller.
	MaxRetryAfter = 15 * time.Second

	// refreshTimeout bounds a refresh that outlives the caller who started
	// it (see startRefreshLocked).
	refreshTimeout = 30 * time.Second

	contentJSON = "application/json"
	contentForm = "application/x-www-form-urlencoded"
)

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the http.Client used for every call. Nil keeps the
// default (&http.Client{Timeout: DefaultTimeout}).
func WithHTTPClient(h *http.Client) Option {
	return func(c *Client) {
		if h != nil {
			c.hc = h
		}
	}
}

// WithUserAgent sets the User-Agent header; the server shows it in the list
// of sessions. Empty keeps DefaultUserAgent.
func WithUserAgent(ua string) Option {
	return func(c *Client) {
		if ua != "" {
			c.ua = ua
		}
	}
}

// WithClock sets the clock used to track the access token's expiry. Nil
// keeps time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *Client) {
		if now != nil {
			c.now = now
		}
	}
}

// Client calls the hiregate API. It is safe for concurrent use.
type Client struct {
	base string // scheme://host[/prefix], no trailing slash
	hc   *http.Client
	ua   string
	now  func() time.Time
	// sleep waits d or until ctx ends (then its error); tests replace it.
	sleep func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	access  string
	refresh string
	expiry  time.Time // zero when the server gave no expires_in
	// gen changes whenever the tokens change, so a request that got a 401
	// can tell whether its token is still the current one or was already
	// replaced by someone else's refresh.
	gen    uint64
	flight *refreshCall
	// expired is set when the server refused the refresh token, so callers
	// whose 401 arrives after that refresh still learn the session ended.
	expired bool
}

// refreshCall is one refresh in progress; every caller that needs a refresh
// meanwhile waits on it instead of starting its own.
type refreshCall struct {
	done chan struct{}
	err  error // set before done is closed
}

// New returns a client for the API at baseURL, e.g. "http://localhost:8080".
// The URL must be absolute http or https, without credentials, query or
// fragment; a path prefix is kept.
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil {
		// The parser's message repeats parts of the input, which could
		// carry a password.
		return nil, errors.New("invalid base URL: not a valid absolute http or https URL")
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, errors.New("invalid base URL: scheme must be http or https")
	case u.Host == "":
		return nil, errors.New("invalid base URL: missing host")
	case u.User != nil:
		return nil, errors.New("invalid base URL: must not contain a user name or password")
	case u.RawQuery != "" || u.ForceQuery:
		return nil, errors.New("invalid base URL: must not contain a query")
	case u.Fragment != "":
		return nil, errors.New("invalid base URL: must not contain a fragment")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	c := &Client{
		base: u.String(),
		hc:   &http.Client{Timeout: DefaultTimeout},
		ua:   DefaultUserAgent,
		now:  time.Now,
		sleep: func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		},
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// BaseURL returns the normalised base URL, without a trailing slash.
func (c *Client) BaseURL() string { return c.base }

// MsgSessionExpired is the message of the 401 returned when the tokens were
// rejected and could not be refreshed; the user must log in again.
const MsgSessionExpired = "Session expired"

// IsSessionExpired reports whether err says the session is over and the
// client has forgotten its tokens.
func IsSessionExpired(err error) bool {
	var e *hiregate.Error
	return errors.As(err, &e) && e.Code == hiregate.EUNAUTHORIZED && (e.Message == MsgSessionExpired || e.Message == hiregate.MsgAccountDeactivated)
}

// IsDeactivated reports whether err says the signed-in account was
// deactivated: the session is over (IsSessionExpired holds too), and the
// user should be told why.
func IsDeactivated(err error) bool {
	var e *hiregate.Error
	return errors.As(err, &e) && e.Code == hiregate.EUNAUTHORIZED && e.Message == hiregate.MsgAccountDeactivated
}

func sessionExpired(cause error) *hiregate.Error {
	e := &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: MsgSessionExpired}
	var he *hiregate.Error
	if errors.As(cause, &he) {
		e.OAuth = he.OAuth
	}
	return e
}

// sessionEnded is the session-expired error of a call whose 401 said why
// the session ended. It unwraps to the *hiregate.Error, so IsSessionExpired
// and hiregate.ErrorCode see it as any other.
type sessionEnded struct {
	err    *hiregate.Error
	reason string
}

func (e *sessionEnded) Error() string { return e.err.Error() }
func (e *sessionEnded) Unwrap() error { return e.err }

func asError(err error) *hiregate.Error {
	var e *hiregate.Error
	errors.As(err, &e)
	return e
}

// SessionEndReason returns what the server said when it refused the
// session that err reports as expired (such as hiregate.MsgSessionRevoked),
// or "" when it said nothing more.
func SessionEndReason(err error) string {
	var e *sessionEnded
	if errors.As(err, &e) {
		return e.reason
	}
	return ""
}

func notAuthenticated() *hiregate.Error {
	return &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgNotAuthenticated}
}

// request is one API call. body is already encoded so that a retry after a
// refresh can send it again.
type request struct {
	method      string
	path        string // escaped, starting with "/", may carry a query
	body        []byte
	contentType string
	// auth sends the bearer token and refreshes it when due or rejected.
	auth bool
	// header is added to the request (Content-Disposition of an upload).
	header http.Header
	// gotHeader, when set, receives a successful response's headers.
	gotHeader func(http.Header)
}

func jsonRequest(method, path string, v any) (request, error) {
	r := request{method: method, path: path, auth: true}
	if v == nil {
		return r, nil
	}
	switch b := v.(type) {
	case []byte:
		r.body = b
	case json.RawMessage:
		r.body = b
	default:
		var err error
		if r.body, err = json.Marshal(v); err != nil {
			return r, fmt.Errorf("encode %s %s request: %w", method, path, err)
		}
	}
	r.contentType = contentJSON
	return r, nil
}

// call sends a JSON request with the bearer token and decodes the response
// into out (nil discards it).
func (c *Client) call(ctx context.Context, method, path string, in, out any) error {
	r, err := jsonRequest(method, path, in)
	if err != nil {
		return err
	}
	return c.send(ctx, r, out)
}

// Do sends any request: an escape hatch for tests. path is relative to the
// base URL, already escaped, and may carry a query. body is sent as JSON;
// a []byte or json.RawMessage is sent verbatim (still labelled JSON), so
// tests can send malformed bodies. out receives the decoded JSON response,
// or the raw bytes when it is a *[]byte; nil discards it. Calls other than
// to /auth/login and /auth/register carry the bearer token and refresh it
// like every typed method.
func (c *Client) Do(ctx context.Context, method, path string, body, out any) error {
	if !strings.HasPrefix(path, "/") {
		return fmt.Errorf("path %q must start with /", path)
	}
	r, err := jsonRequest(method, path, body)
	if err != nil {
		return err
	}
	p, _, _ := strings.Cut(path, "?")
	r.auth = p != "/auth/login" && p != "/auth/register"
	return c.send(ctx, r, out)
}

func (c *Client) send(ctx context.Context, r request, out any) error {
	if r.auth {
		if err := c.refreshIfDue(ctx); err != nil {
			return err
		}
	}
	status, gen, sentToken, err := c.attempt(ctx, r, out)
	if status != http.StatusUnauthorized || !r.auth || !sentToken {
		return err
	}
	if IsDeactivated(err) {
		// No refresh can help: the tokens are dead, and the reason is
		// worth more to the user than "Session expired".
		c.mu.Lock()
		if c.gen == gen {
			c.forgetLocked()
			c.expired = true
		}
		c.mu.Unlock()
		return &sessionEnded{err: asError(err), reason: hiregate.MsgAccountDeactivated}
	}
	retry, rerr := c.refreshAfter401(ctx, gen)
	if rerr != nil {
		if IsSessionExpired(rerr) {
			// The 401 said why the session ended; keep it for the user.
			return &sessionEnded{err: asError(rerr), reason: hiregate.ErrorMessage(err)}
		}
		return rerr
	}
	if !retry {
		return err
	}
	_, _, _, err = c.attempt(ctx, r, out)
	return err
}

// attempt performs one HTTP exchange, and one more after the wait a 503
// asked for when it is at most MaxRetryAfter. It reports the status (0 when
// none was received), the token generation the request was sent with and
// whether it carried a token.
func (c *Client) attempt(ctx context.Context, r request, out any) (status int, gen uint64, sentToken bool, err error) {
	status, gen, sentToken, err = c.exchange(ctx, r, out)
	if status != http.StatusServiceUnavailable {
		return status, gen, sentToken, err
	}
	wait := time.Duration(asError(err).RetryAfter) * time.Second
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		return status, gen, sentToken, err // the caller would be gone before the retry
	}
	if wait <= 0 || wait > MaxRetryAfter || c.sleep(ctx, wait) != nil {
		return status, gen, sentToken, err
	}
	return c.exchange(ctx, r, out)
}

// exchange performs one HTTP exchange; its results are attempt's.
func (c *Client) exchange(ctx context.Context, r request, out any) (status int, gen uint64, sentToken bool, err error) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, c.base+r.path, body)
	if err != nil {
		return 0, 0, false, fmt.Errorf("build %s %s request: %w", r.method, r.path, err)
	}
	req.Header.Set("Accept", contentJSON)
	req.Header.Set("User-Agent", c.ua)
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	if r.auth {
		c.mu.Lock()
		access := c.access
		gen = c.gen
		c.mu.Unlock()
		if access != "" {
			req.Header.Set("Authorization", "Bearer "+access)
			sentToken = true
		}
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, gen, sentToken, ctx.Err()
		}
		// url.Error prefixes the method and full URL; the base URL is
		// enough to tell the user where the client looked.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return 0, gen, sentToken, fmt.Errorf("cannot reach %s: %w", c.base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, gen, sentToken, c.decodeError(resp)
	}
	if r.gotHeader != nil {
		r.gotHeader(resp.Header)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		// Drain a little so the connection can be reused.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, MaxErrorBodyBytes))
		return resp.StatusCode, gen, sentToken, nil
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return resp.StatusCode, gen, sentToken, fmt.Errorf("read %s %s response: %w", r.method, r.path, err)
	}
	if len(data) > MaxResponseBytes {
		return resp.StatusCode, gen, sentToken, fmt.Errorf("%s %s: response larger than %d bytes", r.method, r.path, MaxResponseBytes)
	}
	if raw, ok := out.(*[]byte); ok {
		*raw = data
		return resp.StatusCode, gen, sentToken, nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return resp.StatusCode, gen, sentToken, fmt.Errorf("decode %s %s response: %w", r.method, r.path, err)
	}
	return resp.StatusCode, gen, sentToken, nil
}

// decodeError turns a non-2xx response into a *hiregate.Error. A body that
// is not the contract's JSON (a proxy's HTML page, say) still yields the
// right code and the status text as message.
func (c *Client) decodeError(resp *http.Response) *hiregate.Error {
	e := &hiregate.Error{Code: hiregate.CodeFromStatus(resp.StatusCode)}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, MaxErrorBodyBytes))
	var b hiregate.ErrorBody
	// A partly mistyped body still fills the fields it can.
	_ = json.Unmarshal(data, &b)
	e.Message = strings.TrimSpace(b.Detail)
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	if e.Message == "" {
		e.Message = "HTTP " + strconv.Itoa(resp.StatusCode)
	}
	e.OAuth = b.Error
	if e.OAuth == hiregate.OAuthMFARequired {
		e.MFAToken = b.MFAToken
	}
	if len(b.Fields) > 0 {
		e.Fields = b.Fields
	}
	e.RetryAfter = c.retryAfter(resp.Header.Get("Retry-After"))
	return e
}

// retryAfter parses Retry-After as seconds or as an HTTP date (RFC 9110).
func (c *Client) retryAfter(v string) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		return max(n, 0)
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	return max(int(math.Ceil(t.Sub(c.now()).Seconds())), 0)
}

// withQuery appends q to path when it has any values.
func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// pageQuery adds limit and cursor when set.
func pageQuery(q url.Values, limit int, cursor string) {
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
}

// seg escapes one path segment: ids are opaque and may hold anything. An
// empty id would silently address another route (GET /jobs/ is the list),
// so it is refused; "." and ".." are escaped so nothing on the way
// normalises them away.
func seg(name, id string) (string, error) {
	switch id {
	case "":
		return "", hiregate.ValidationError(map[string]string{name: "required"})
	case ".", "..":
		return strings.ReplaceAll(id, ".", "%2E"), nil
	}
	return url.PathEscape(id), nil
}
