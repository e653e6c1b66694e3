package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestStatusCodeTable(t *testing.T) {
	tests := []struct {
		status int
		code   string
	}{
		{400, hiregate.EBADREQUEST},
		{401, hiregate.EUNAUTHORIZED},
		{403, hiregate.EFORBIDDEN},
		{404, hiregate.ENOTFOUND},
		{409, hiregate.ECONFLICT},
		{413, hiregate.ETOOLARGE},
		{415, hiregate.EUNSUPPORTED},
		{422, hiregate.EINVALID},
		{429, hiregate.ETHROTTLED},
		{500, hiregate.EINTERNAL},
		{503, hiregate.EUNAVAILABLE},
	}
	for _, tt := range tests {
		if got := hiregate.CodeFromStatus(tt.status); got != tt.code {
			t.Errorf("CodeFromStatus(%d) = %q, want %q", tt.status, got, tt.code)
		}
		if got := hiregate.StatusCode(tt.code); got != tt.status {
			t.Errorf("StatusCode(%q) = %d, want %d", tt.code, got, tt.status)
		}
	}
	for _, s := range []int{402, 405, 418, 502, 504} {
		if got := hiregate.CodeFromStatus(s); got != hiregate.EINTERNAL {
			t.Errorf("CodeFromStatus(%d) = %q, want %q", s, got, hiregate.EINTERNAL)
		}
	}
	if got := hiregate.StatusCode("no_such_code"); got != 500 {
		t.Errorf(`StatusCode("no_such_code") = %d, want 500`, got)
	}
}

func TestErrorMapping(t *testing.T) {
	clock := newClock()
	tests := []struct {
		name   string
		status int
		body   string
		header map[string]string
		want   hiregate.Error
	}{
		{
			name: "BadRequestOAuth", status: 400,
			body: `{"detail":"Unsupported grant type","error":"unsupported_grant_type"}`,
			want: hiregate.Error{Code: hiregate.EBADREQUEST, Message: "Unsupported grant type", OAuth: "unsupported_grant_type"},
		},
		{
			name: "UnauthorizedInvalidGrant", status: 401,
			body:   `{"detail":"Invalid credentials","error":"invalid_grant"}`,
			header: map[string]string{"WWW-Authenticate": "Bearer"},
			want:   hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: "Invalid credentials", OAuth: "invalid_grant"},
		},
		{
			name: "Forbidden", status: 403,
			body: `{"detail":"Access denied. Requires role: recruiter"}`,
			want: hiregate.Error{Code: hiregate.EFORBIDDEN, Message: "Access denied. Requires role: recruiter"},
		},
		{
			name: "NotFound", status: 404, body: `{"detail":"Job not found"}`,
			want: hiregate.Error{Code: hiregate.ENOTFOUND, Message: "Job not found"},
		},
		{
			name: "Conflict", status: 409, body: `{"detail":"Already applied"}`,
			want: hiregate.Error{Code: hiregate.ECONFLICT, Message: "Already applied"},
		},
		{
			name: "TooLarge", status: 413, body: `{"detail":"Body too large"}`,
			want: hiregate.Error{Code: hiregate.ETOOLARGE, Message: "Body too large"},
		},
		{
			name: "Unsupported", status: 415, body: `{"detail":"Want JSON"}`,
			want: hiregate.Error{Code: hiregate.EUNSUPPORTED, Message: "Want JSON"},
		},
		{
			name: "InvalidWithFields", status: 422,
			body: `{"detail":"Validation failed","fields":{"title":"required","salary_max":"must not be less than salary_min"}}`,
			want: hiregate.Error{Code: hiregate.EINVALID, Message: "Validation failed",
				Fields: map[string]string{"title": "required", "salary_max": "must not be less than salary_min"}},
		},
		{
			name: "ThrottledSeconds", status: 429,
			body:   `{"detail":"Too many login attempts, try again later"}`,
			header: map[string]string{"Retry-After": "120"},
			want:   hiregate.Error{Code: hiregate.ETHROTTLED, Message: "Too many login attempts, try again later", RetryAfter: 120},
		},
		{
			name: "ThrottledHTTPDate", status: 429, body: `{"detail":"Slow down"}`,
			header: map[string]string{"Retry-After": clock.Now().Add(90 * time.Second).Format(http.TimeFormat)},
			want:   hiregate.Error{Code: hiregate.ETHROTTLED, Message: "Slow down", RetryAfter: 90},
		},
		{
			name: "ThrottledGarbageRetryAfter", status: 429, body: `{"detail":"Slow down"}`,
			header: map[string]string{"Retry-After": "soon"},
			want:   hiregate.Error{Code: hiregate.ETHROTTLED, Message: "Slow down"},
		},
		{
			name: "Unavailable", status: 503, body: `{"detail":"Database unavailable"}`,
			want: hiregate.Error{Code: hiregate.EUNAVAILABLE, Message: "Database unavailable"},
		},
		{
			name: "InternalNoBody", status: 500,
			want: hiregate.Error{Code: hiregate.EINTERNAL, Message: "Internal Server Error"},
		},
		{
			name: "UnknownStatusHTML", status: 502, body: `<html>bad gateway</html>`,
			want: hiregate.Error{Code: hiregate.EINTERNAL, Message: "Bad Gateway"},
		},
		{
			name: "MistypedDetail", status: 422, body: `{"detail":[{"loc":"title"}],"fields":{"title":"required"}}`,
			want: hiregate.Error{Code: hiregate.EINVALID, Message: "Unprocessable Entity", Fields: map[string]string{"title": "required"}},
		},
		{
			name: "TeapotIsInternal", status: 418, body: `{"detail":"I am a teapot"}`,
			want: hiregate.Error{Code: hiregate.EINTERNAL, Message: "I am a teapot"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c, err := client.New(srv.URL, client.WithClock(clock.Now))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Job(context.Background(), "j1")
			got := asError(t, err)
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("Job() error = %+v, want %+v", *got, tt.want)
			}
		})
	}
}

// TestErrorBodyCapped checks a huge error body is not read whole: the
// message falls back to the status text because the JSON is cut short.
func TestErrorBodyCapped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusConflict)
		_, _ = w.Write([]byte(`{"detail":"` + strings.Repeat("x", client.MaxErrorBodyBytes) + `"}`))
	}))
	defer srv.Close()
	c, err := client.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Me(context.Background())
	if got := asError(t, err); got.Code != hiregate.ECONFLICT || got.Message != "Conflict" {
		t.Errorf("Me() error = %+v, want code conflict, message Conflict", *got)
	}
}

func TestNetworkErrorNamesURL(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	c, err := client.New(base + "/api/")
	if err != nil {
		t.Fatal(err)
	}
	c.SetTokens(&hiregate.TokenResponse{AccessToken: "SECRET-AT-net", RefreshToken: "SECRET-RT-net", ExpiresIn: 900})
	for name, call := range map[string]func() error{
		"Me":     func() error { _, err := c.Me(context.Background()); return err },
		"Login":  func() error { _, err := c.Login(context.Background(), testEmail, testPassword); return err },
		"Health": func() error { return c.Health(context.Background()) },
	} {
		err := call()
		if err == nil {
			t.Fatalf("%s() error = nil, want a network error", name)
		}
		want := "cannot reach " + base + "/api"
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s() error = %q, want it to contain %q", name, err, want)
		}
		if hiregate.ErrorCode(err) != hiregate.EINTERNAL {
			t.Errorf("%s() code = %q, want %q (not a server answer)", name, hiregate.ErrorCode(err), hiregate.EINTERNAL)
		}
		for _, secret := range []string{"SECRET", testPassword} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%s() error %q contains a secret", name, err)
			}
		}
	}
	// A failed login must not drop the tokens already held.
	if !c.LoggedIn() {
		t.Errorf("LoggedIn() = false after network errors, want true")
	}
}

func TestContextCanceled(t *testing.T) {
	f := newFakeAPI(t)
	c := f.client(newClock())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Me(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Me(canceled) error = %v, want context.Canceled", err)
	}
}

// TestTokensNeverInErrors drives every failure path that happens while
// tokens are held and checks no error text carries one.
func TestTokensNeverInErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(f *fakeAPI)
		call  func(c *client.Client) error
	}{
		{
			name:  "SessionExpired",
			setup: func(f *fakeAPI) { f.revokeAll() },
			call:  func(c *client.Client) error { _, err := c.Me(context.Background()); return err },
		},
		{
			name:  "RefreshUnavailable",
			setup: func(f *fakeAPI) { f.expireAccess(); f.failRefresh(http.StatusServiceUnavailable) },
			call:  func(c *client.Client) error { _, err := c.Me(context.Background()); return err },
		},
		{
			name: "BadJSONResponse",
			setup: func(f *fakeAPI) {
				f.mux.HandleFunc("GET /jobs/bad", f.protected(func(w http.ResponseWriter, r *http.Request, _ []byte) {
					_, _ = w.Write([]byte(`{"id": SECRET`))
				}))
			},
			call: func(c *client.Client) error { _, err := c.Job(context.Background(), "bad"); return err },
		},
		{
			name:  "WrongPassword",
			setup: func(f *fakeAPI) {},
			call: func(c *client.Client) error {
				_, err := c.Login(context.Background(), testEmail, "SECRET-guess")
				return err
			},
		},
		{
			name:  "NotFound",
			setup: func(f *fakeAPI) {},
			call:  func(c *client.Client) error { _, err := c.Application(context.Background(), "nope"); return err },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			c := f.client(newClock())
			f.login(c)
			access, refresh := c.Tokens()
			tt.setup(f)
			err := tt.call(c)
			if err == nil {
				t.Fatal("error = nil, want a failure")
			}
			for _, s := range []string{err.Error(), fmtAll(err)} {
				for _, secret := range []string{access, refresh, "SECRET-guess"} {
					if strings.Contains(s, secret) {
						t.Errorf("error %q contains a secret", s)
					}
				}
			}
		})
	}
}

func fmtAll(err error) string {
	var b strings.Builder
	for e := err; e != nil; e = errors.Unwrap(e) {
		b.WriteString(e.Error())
		b.WriteString("\n")
		var he *hiregate.Error
		if errors.As(e, &he) {
			b.WriteString(he.Message + he.OAuth)
		}
	}
	return b.String()
}
