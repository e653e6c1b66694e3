package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/hiregate/hiregate/server/httpapi"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestRegister(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	long := strings.Repeat("é", 37) // 74 bytes, 37 characters
	tests := []struct {
		name string
		req  hiregate.RegisterRequest
		code string
	}{
		{"OK", hiregate.RegisterRequest{Email: "  Ada@Example.COM ", Password: testPassword, FullName: "Ada"}, ""},
		{"ErrDuplicate", hiregate.RegisterRequest{Email: "ada@example.com", Password: testPassword, FullName: "Ada 2"}, hiregate.ECONFLICT},
		{"ErrShortPassword", hiregate.RegisterRequest{Email: "b@example.com", Password: "short", FullName: "B"}, hiregate.EINVALID},
		{"ErrPasswordOver72Bytes", hiregate.RegisterRequest{Email: "c@example.com", Password: long, FullName: "C"}, hiregate.EINVALID},
		{"ErrBadEmail", hiregate.RegisterRequest{Email: "not-an-email", Password: testPassword, FullName: "D"}, hiregate.EINVALID},
		{"ErrNameRequired", hiregate.RegisterRequest{Email: "e@example.com", Password: testPassword}, hiregate.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := c.Register(bg, tt.req)
			if tt.code != "" {
				wantCode(t, "Register", err, tt.code)
				return
			}
			wantOK(t, "Register", err)
			if u.Email != "ada@example.com" || u.Role != hiregate.RoleCandidate || u.ID == "" {
				t.Errorf("Register = %+v, want lower-case email, candidate role, an id", u)
			}
		})
	}

	rawTests := []struct {
		name, contentType, body string
		status                  int
	}{
		{"ErrRoleField", "application/json", `{"email":"x@example.com","password":"12345678","full_name":"X","role":"admin"}`, 422},
		{"ErrMalformed", "application/json", `{"email":`, 400},
		{"ErrWrongType", "application/json", `{"email":1,"password":"12345678","full_name":"X"}`, 400},
		{"ErrNotObject", "application/json", `[1,2]`, 400},
		{"ErrTrailing", "application/json", `{"email":"y@example.com","password":"12345678","full_name":"Y"} {}`, 400},
		{"ErrUnknownFieldThenGarbage", "application/json", `{"a":1} trailing`, 400},
		{"ErrContentType", "text/plain", `{}`, 415},
		{"ErrTooLarge", "application/json", `{"email":"` + strings.Repeat("a", 1<<20) + `"}`, 413},
		{"ErrEmpty", "application/json", ``, 400},
	}
	for _, tt := range rawTests {
		t.Run(tt.name, func(t *testing.T) {
			resp := e.raw("POST", "/auth/register", tt.contentType, "", strings.NewReader(tt.body))
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			var body hiregate.ErrorBody
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Detail == "" {
				t.Fatalf("error body = %+v (%v), want a detail", body, err)
			}
		})
	}
}

func TestLogin(t *testing.T) {
	e := newEnv(t)
	e.user(hiregate.RoleCandidate, "cand@example.com")
	inactive, _ := e.user(hiregate.RoleCandidate, "gone@example.com")
	deactivate := false
	if _, err := e.db.UpdateUser(bg, inactive.ID, storeChange(&deactivate), true, ""); err != nil {
		t.Fatal(err)
	}

	post := func(form url.Values) *http.Response {
		return e.raw("POST", "/auth/login", "application/x-www-form-urlencoded", "", strings.NewReader(form.Encode()))
	}
	t.Run("OK", func(t *testing.T) {
		resp := post(url.Values{"username": {"CAND@example.com"}, "password": {testPassword}, "scope": {"x"}, "client_id": {"swagger"}})
		if resp.StatusCode != 200 {
			t.Fatalf("status = %d, want 200", resp.StatusCode)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control = %q, want no-store", cc)
		}
		var tok hiregate.TokenResponse
		if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil {
			t.Fatal(err)
		}
		if tok.TokenType != "bearer" || tok.AccessToken == "" || tok.RefreshToken == "" || tok.ExpiresIn != 900 {
			t.Errorf("token = %+v, want bearer with both tokens and expires_in 900", tok)
		}
	})
	// Bad email, bad password and a deactivated account are indistinguishable.
	for _, tt := range []struct{ name, user, pass string }{
		{"ErrWrongPassword", "cand@example.com", "guess-12345"},
		{"ErrUnknownEmail", "nobody@example.com", testPassword},
		{"ErrDeactivated", "gone@example.com", testPassword},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := post(url.Values{"grant_type": {"password"}, "username": {tt.user}, "password": {tt.pass}})
			var body hiregate.ErrorBody
			json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != 401 || body.Detail != "Invalid credentials" || body.Error != "invalid_grant" {
				t.Errorf("login = %d %+v, want 401 Invalid credentials invalid_grant", resp.StatusCode, body)
			}
			if h := resp.Header.Get("WWW-Authenticate"); !strings.HasPrefix(h, "Bearer") {
				t.Errorf("WWW-Authenticate = %q, want Bearer", h)
			}
		})
	}
	for _, tt := range []struct {
		name  string
		form  url.Values
		oauth string
	}{
		{"ErrUnsupportedGrant", url.Values{"grant_type": {"client_credentials"}}, "unsupported_grant_type"},
		{"ErrMissingPassword", url.Values{"username": {"cand@example.com"}}, "invalid_request"},
		{"ErrMissingRefresh", url.Values{"grant_type": {"refresh_token"}}, "invalid_request"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := post(tt.form)
			var body hiregate.ErrorBody
			json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != 400 || body.Error != tt.oauth {
				t.Errorf("login = %d %+v, want 400 %s", resp.StatusCode, body, tt.oauth)
			}
		})
	}
	t.Run("ErrJSONBody", func(t *testing.T) {
		resp := e.raw("POST", "/auth/login", "application/json", "", strings.NewReader(`{"username":"a"}`))
		if resp.StatusCode != 415 {
			t.Errorf("status = %d, want 415", resp.StatusCode)
		}
	})
	t.Run("ErrPasswordInURL", func(t *testing.T) {
		resp := e.raw("POST", "/auth/login?password=x", "application/x-www-form-urlencoded", "", strings.NewReader("username=cand@example.com&password=x"))
		if resp.StatusCode != 400 {
			t.Errorf("status = %d, want 400", resp.StatusCode)
		}
	})
}

func TestAuthenticate(t *testing.T) {
	e := newEnv(t)
	_, c := e.user(hiregate.RoleCandidate, "cand@example.com")
	access, _ := c.Tokens()
	tests := []struct {
		name, header, wantAuth string
		status                 int
	}{
		{"OK", "Bearer " + access, "", 200},
		{"OKLowerCaseScheme", "bearer " + access, "", 200},
		{"ErrNoToken", "", "Bearer", 401},
		{"ErrBasic", "Basic YTpi", "Bearer", 401},
		{"ErrGarbage", "Bearer not.a.jwt", `Bearer error="invalid_token"`, 401},
		{"ErrTampered", "Bearer " + access[:len(access)-4] + "AAAA", `Bearer error="invalid_token"`, 401},
		// RFC 6750 §2.1: the scheme (any case), one or more spaces, one
		// token68. Anything else is refused, whatever follows.
		{"OKUpperCaseScheme", "BEARER " + access, "", 200},
		{"OKSeveralSpaces", "Bearer   " + access, "", 200},
		{"ErrDoubleScheme", "Bearer Bearer " + access, `Bearer error="invalid_token"`, 401},
		{"ErrDoubleSchemeLower", "bearer bearer " + access, `Bearer error="invalid_token"`, 401},
		{"ErrTwoTokens", "Bearer " + access + " " + access, `Bearer error="invalid_token"`, 401},
		{"ErrTab", "Bearer\t" + access, "Bearer", 401},
		{"ErrNoSpace", "Bearer" + access, "Bearer", 401},
		{"ErrSchemeOnly", "Bearer", "Bearer", 401},
		{"ErrNotToken68", "Bearer " + access + ",x", `Bearer error="invalid_token"`, 401},
		{"ErrPaddingInside", "Bearer a=b", `Bearer error="invalid_token"`, 401},
		{"ErrBareToken", access, "Bearer", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", e.srv.URL+"/users/me", nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("WWW-Authenticate"); got != tt.wantAuth {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.wantAuth)
			}
			if tt.status == 401 && tt.header == "" {
				var body hiregate.ErrorBody
				json.NewDecoder(resp.Body).Decode(&body)
				if body.Detail != "Not authenticated" {
					t.Errorf("detail = %q, want Not authenticated", body.Detail)
				}
			}
		})
	}
}

func TestRefreshRotationAndReuse(t *testing.T) {
	e := newEnv(t)
	_, c := e.user(hiregate.RoleCandidate, "cand@example.com")
	access1, refresh1 := c.Tokens()
	wantOK(t, "Refresh", c.Refresh(bg))
	access2, refresh2 := c.Tokens()
	if refresh2 == refresh1 || access2 == access1 {
		t.Fatal("Refresh did not rotate the tokens")
	}
	if _, err := c.Me(bg); err != nil {
		t.Fatalf("Me after refresh: %v", err)
	}

	// The spent refresh token comes back: treated as theft.
	resp := e.raw("POST", "/auth/login", "application/x-www-form-urlencoded", "",
		strings.NewReader(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh1}}.Encode()))
	var body hiregate.ErrorBody
	json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != 401 || body.Error != "invalid_grant" {
		t.Fatalf("reuse = %d %+v, want 401 invalid_grant", resp.StatusCode, body)
	}
	// The whole session is gone: the newest access and refresh tokens too.
	if r := e.raw("GET", "/users/me", "", access2, nil); r.StatusCode != 401 {
		t.Errorf("access token after reuse: status %d, want 401", r.StatusCode)
	}
	resp = e.raw("POST", "/auth/login", "application/x-www-form-urlencoded", "",
		strings.NewReader(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh2}}.Encode()))
	if resp.StatusCode != 401 {
		t.Errorf("newest refresh token after reuse: status %d, want 401", resp.StatusCode)
	}
}

func TestOAuth2Client(t *testing.T) {
	e := newEnv(t)
	e.user(hiregate.RoleCandidate, "cand@example.com")
	cfg := &oauth2.Config{ClientID: "hiregate-tests", Endpoint: oauth2.Endpoint{TokenURL: e.srv.URL + "/auth/login"}}
	ctx := t.Context()
	tok, err := cfg.PasswordCredentialsToken(ctx, "cand@example.com", testPassword)
	if err != nil {
		t.Fatalf("PasswordCredentialsToken: %v", err)
	}
	if tok.RefreshToken == "" || tok.Expiry.IsZero() {
		t.Fatalf("token = %+v, want a refresh token and an expiry", tok)
	}
	// An expired token makes the TokenSource refresh on its own.
	tok.Expiry = time.Now().Add(-time.Minute)
	hc := cfg.Client(ctx, tok)
	resp, err := hc.Get(e.srv.URL + "/users/me")
	if err != nil {
		t.Fatalf("GET /users/me through the oauth2 client: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	if _, err := cfg.PasswordCredentialsToken(ctx, "cand@example.com", "guess-12345"); err == nil {
		t.Fatal("PasswordCredentialsToken with a wrong password succeeded")
	}
}

func TestRevocationTriggers(t *testing.T) {
	tests := []struct {
		name string
		// act revokes; it gets the victim's two sessions' clients and the admin's client.
		act func(t *testing.T, e *env, victimID string, s1, s2, admin clientT)
		// which sessions must be dead afterwards
		s1Dead, s2Dead bool
	}{
		{"Logout", func(t *testing.T, e *env, id string, s1, s2, admin clientT) {
			wantOK(t, "Logout", s1.Logout(bg))
		}, true, false},
		{"LogoutAll", func(t *testing.T, e *env, id string, s1, s2, admin clientT) {
			wantOK(t, "LogoutAll", s1.LogoutAll(bg))
		}, true, true},
		{"PasswordChangeKeepsCurrent", func(t *testing.T, e *env, id string, s1, s2, admin clientT) {
			wantOK(t, "ChangePassword", s1.ChangePassword(bg, hiregate.ChangePasswordRequest{CurrentPassword: testPassword, NewPassword: "a brand new password"}))
		}, false, true},
		{"RevokeOneSession", func(t *testing.T, e *env, id string, s1, s2, admin clientT) {
			ss, err := s1.Sessions(bg)
			wantOK(t, "Sessions", err)
			if len(ss) != 2 {
				t.Fatalf("Sessions = %d, want 2", len(ss))
			}
			for _, s := range ss {
				if !s.Current {
					wantOK(t, "RevokeSession", s1.RevokeSession(bg, s.ID))
				}
			}
		}, false, true},
		{"RoleChange", func(t *testing.T, e *env, id string, s1, s2, admin clientT) {
			role := hiregate.RoleAdmin
			_, err := admin.UpdateUser(bg, id, hiregate.UpdateUserRequest{Role: &role})
			wantOK(t, "UpdateUser role", err)
		}, true, true},
		{"Deactivation", func(t *testing.T, e *env, id string, s1, s2, admin clientT) {
			off := false
			_, err := admin.UpdateUser(bg, id, hiregate.UpdateUserRequest{Active: &off})
			wantOK(t, "UpdateUser active", err)
		}, true, true},
		{"AdminPasswordReset", func(t *testing.T, e *env, id string, s1, s2, admin clientT) {
			pw := "reset by the admin"
			_, err := admin.UpdateUser(bg, id, hiregate.UpdateUserRequest{Password: &pw})
			wantOK(t, "UpdateUser password", err)
		}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			_, admin := e.user(hiregate.RoleAdmin, "admin@example.com")
			victim, s1 := e.user(hiregate.RoleRecruiter, "victim@example.com")
			s2 := e.login("victim@example.com")
			a1, _ := s1.Tokens()
			a2, _ := s2.Tokens()
			tt.act(t, e, victim.ID, s1, s2, admin)
			for _, s := range []struct {
				name  string
				token string
				dead  bool
			}{{"session 1", a1, tt.s1Dead}, {"session 2", a2, tt.s2Dead}} {
				status := e.raw("GET", "/users/me", "", s.token, nil).StatusCode
				if s.dead && status != 401 {
					t.Errorf("%s: GET /users/me = %d, want 401 (revoked)", s.name, status)
				}
				if !s.dead && status != 200 {
					t.Errorf("%s: GET /users/me = %d, want 200 (still live)", s.name, status)
				}
			}
		})
	}
}

func TestThrottling(t *testing.T) {
	e := newEnv(t)
	e.user(hiregate.RoleCandidate, "cand@example.com")
	login := func(pass string) *http.Response {
		return e.raw("POST", "/auth/login", "application/x-www-form-urlencoded", "",
			strings.NewReader(url.Values{"username": {"cand@example.com"}, "password": {pass}}.Encode()))
	}
	for i := range hiregate.MaxLoginFailures {
		if s := login("guess-12345").StatusCode; s != 401 {
			t.Fatalf("guess %d: status %d, want 401", i+1, s)
		}
	}
	resp := login(testPassword)
	if resp.StatusCode != 429 {
		t.Fatalf("right password while throttled: status %d, want 429", resp.StatusCode)
	}
	if ra := resp.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("Retry-After = %q, want seconds", ra)
	}
	e.clock.Advance(hiregate.LoginWindow + time.Second)
	if s := login(testPassword).StatusCode; s != 200 {
		t.Fatalf("after the window: status %d, want 200", s)
	}
}

func TestSessionsAreOwnedByTheirUser(t *testing.T) {
	e := newEnv(t)
	_, a := e.user(hiregate.RoleCandidate, "a@example.com")
	_, b := e.user(hiregate.RoleCandidate, "b@example.com")
	bs, err := b.Sessions(bg)
	wantOK(t, "Sessions", err)
	if len(bs) != 1 || !bs[0].Current || bs[0].IP == "" {
		t.Fatalf("Sessions = %+v, want one current session with an address", bs)
	}
	wantCode(t, "revoke another user's session", a.RevokeSession(bg, bs[0].ID), hiregate.ENOTFOUND)
	wantCode(t, "revoke a missing session", a.RevokeSession(bg, "missing"), hiregate.ENOTFOUND)
	if _, err := b.Me(bg); err != nil {
		t.Fatalf("b's session died after a's attempts: %v", err)
	}
}

func TestChangePassword(t *testing.T) {
	e := newEnv(t)
	_, c := e.user(hiregate.RoleCandidate, "cand@example.com")
	wantCode(t, "wrong current", c.ChangePassword(bg, hiregate.ChangePasswordRequest{CurrentPassword: "nope nope", NewPassword: "new password 1"}), hiregate.EINVALID)
	wantCode(t, "short new", c.ChangePassword(bg, hiregate.ChangePasswordRequest{CurrentPassword: testPassword, NewPassword: "short"}), hiregate.EINVALID)
	wantOK(t, "ChangePassword", c.ChangePassword(bg, hiregate.ChangePasswordRequest{CurrentPassword: testPassword, NewPassword: "new password 1"}))
	if _, err := e.client().Login(bg, "cand@example.com", testPassword); hiregate.ErrorCode(err) != hiregate.EUNAUTHORIZED {
		t.Errorf("login with the old password: %v, want 401", err)
	}
	if _, err := e.client().Login(bg, "cand@example.com", "new password 1"); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
}

// TestClientAddress checks which address login throttling and sessions
// see: X-Forwarded-For counts only from a configured trusted proxy, so a
// guesser cannot pick a fresh address per attempt.
func TestClientAddress(t *testing.T) {
	for _, tt := range []struct {
		name    string
		proxies []string
		want    string
	}{
		{"NoTrustedProxy", nil, "127.0.0.1"},
		{"TrustedProxy", []string{"127.0.0.1"}, "203.0.113.7"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnvWith(t, func(c *httpapi.Config) { c.TrustedProxies = tt.proxies })
			e.user(hiregate.RoleCandidate, "cand@example.com")
			req, _ := http.NewRequest("POST", e.srv.URL+"/auth/login", strings.NewReader(url.Values{"username": {"cand@example.com"}, "password": {testPassword}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", "203.0.113.7")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var tok hiregate.TokenResponse
			if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
				t.Fatalf("login: %d %v", resp.StatusCode, err)
			}
			c := e.client()
			c.SetTokens(&tok)
			ss, err := c.Sessions(bg)
			wantOK(t, "Sessions", err)
			for _, s := range ss {
				if s.Current && s.IP != tt.want {
					t.Errorf("session address = %q, want %q", s.IP, tt.want)
				}
			}
		})
	}
}
