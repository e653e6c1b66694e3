package auth_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestRegister(t *testing.T) { forEachStore(t, testRegister) }

func testRegister(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	u, err := e.accounts().Register(ctx, hiregate.RegisterRequest{Email: "  Ann@Example.COM ", Password: pw, FullName: " Ann "}, caller.ClientInfo{})
	if err != nil {
		t.Fatalf("Register() error = %v", err)
	}
	if u.Email != "ann@example.com" || u.FullName != "Ann" || u.Role != hiregate.RoleCandidate || !u.Active || u.ID == "" {
		t.Errorf("Register() = %+v", u)
	}
	if h := e.passwordHash(t, u.ID); bcrypt.CompareHashAndPassword([]byte(h), []byte(pw)) != nil || strings.Contains(h, pw) {
		t.Errorf("stored hash %q does not match the password", h)
	}
	// The login email is matched the same way.
	if _, err := e.svc.Login(ctx, "ANN@example.com ", pw, client); err != nil {
		t.Errorf("Login() with another spelling of the email error = %v", err)
	}

	tests := []struct {
		name  string
		req   hiregate.RegisterRequest
		code  string
		field string
	}{
		{"duplicate email", hiregate.RegisterRequest{Email: "ann@example.com", Password: pw, FullName: "A"}, hiregate.ECONFLICT, ""},
		{"bad email", hiregate.RegisterRequest{Email: "nope", Password: pw, FullName: "A"}, hiregate.EINVALID, "email"},
		{"short password", hiregate.RegisterRequest{Email: "b@example.com", Password: "short", FullName: "A"}, hiregate.EINVALID, "password"},
		{"73-byte password", hiregate.RegisterRequest{Email: "b@example.com", Password: strings.Repeat("x", 73), FullName: "A"}, hiregate.EINVALID, "password"},
		{"no name", hiregate.RegisterRequest{Email: "b@example.com", Password: pw}, hiregate.EINVALID, "full_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.accounts().Register(ctx, tt.req, caller.ClientInfo{})
			he := wantErr(t, err, tt.code, "")
			if tt.field != "" && he.Fields[tt.field] == "" {
				t.Errorf("Fields = %v, want a message for %s", he.Fields, tt.field)
			}
		})
	}
}

func TestPasswordLimit(t *testing.T) { forEachStore(t, testPasswordLimit) }

func testPasswordLimit(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	p72 := strings.Repeat("p", 72)
	if _, err := e.accounts().Register(ctx, hiregate.RegisterRequest{Email: "l@example.com", Password: p72, FullName: "L"}, caller.ClientInfo{}); err != nil {
		t.Fatalf("Register() with 72 bytes error = %v", err)
	}
	if _, err := e.svc.Login(ctx, "l@example.com", p72, client); err != nil {
		t.Errorf("Login() with the 72-byte password error = %v", err)
	}
	// bcrypt would ignore byte 73; the service must not.
	_, err := e.svc.Login(ctx, "l@example.com", p72+"x", client)
	wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCredentials)

	// Multi-byte: 25 three-byte runes are 75 bytes but 25 characters.
	he := wantErr(t, func() error {
		_, err := e.accounts().Register(ctx, hiregate.RegisterRequest{Email: "m@example.com", Password: strings.Repeat("€", 25), FullName: "M"}, caller.ClientInfo{})
		return err
	}(), hiregate.EINVALID, "")
	if he.Fields["password"] != "must be at most 72 bytes" {
		t.Errorf("Fields = %v", he.Fields)
	}

	tr, err := e.svc.Login(ctx, "l@example.com", p72, client)
	if err != nil {
		t.Fatal(err)
	}
	p := e.auth(t, tr)
	err = e.svc.ChangePassword(ctx, p, hiregate.ChangePasswordRequest{CurrentPassword: p72, NewPassword: p72 + "x"}, client)
	if he := wantErr(t, err, hiregate.EINVALID, ""); he.Fields["new_password"] == "" {
		t.Errorf("Fields = %v, want new_password", he.Fields)
	}
}

func TestLoginErrors(t *testing.T) { forEachStore(t, testLoginErrors) }

func testLoginErrors(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	u := e.user(t, "a@example.com", hiregate.RoleCandidate)
	e.user(t, "gone@example.com", hiregate.RoleCandidate)
	e.setUser(t, e.userID(t, "gone@example.com"), hiregate.RoleCandidate, false)

	tests := []struct {
		name, email, password string
		code, oauth           string
	}{
		{"unknown email", "nobody@example.com", pw, hiregate.EUNAUTHORIZED, hiregate.OAuthInvalidGrant},
		{"wrong password", "a@example.com", pw + "!", hiregate.EUNAUTHORIZED, hiregate.OAuthInvalidGrant},
		{"deactivated", "gone@example.com", pw, hiregate.EUNAUTHORIZED, hiregate.OAuthInvalidGrant},
		{"overlong email", strings.Repeat("a", 300) + "@example.com", pw, hiregate.EUNAUTHORIZED, hiregate.OAuthInvalidGrant},
		{"no username", "", pw, hiregate.EBADREQUEST, hiregate.OAuthInvalidRequest},
		{"no password", "a@example.com", "", hiregate.EBADREQUEST, hiregate.OAuthInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := e.svc.Login(ctx, tt.email, tt.password, client)
			if tr != nil {
				t.Fatalf("Login() = %+v, want no tokens", tr)
			}
			he := wantErr(t, err, tt.code, "")
			if he.OAuth != tt.oauth {
				t.Errorf("OAuth = %q, want %q", he.OAuth, tt.oauth)
			}
			// The three credential failures must be indistinguishable.
			if tt.code == hiregate.EUNAUTHORIZED && (he.Message != hiregate.MsgInvalidCredentials || he.Fields != nil) {
				t.Errorf("error = %+v, want exactly the invalid-credentials error", he)
			}
		})
	}

	if got := len(e.events(t, hiregate.AuditLoginFailed)); got != 4 {
		t.Errorf("login_failed events = %d, want 4", got)
	}
	tr := e.login(t, "a@example.com")
	ok := e.events(t, hiregate.AuditLoginOK)
	if len(ok) != 1 || ok[0].UserID != u.ID || ok[0].Email != u.Email || ok[0].IP != client.IP {
		t.Errorf("login_ok events = %+v", ok)
	}
	if tr.TokenType != "bearer" || tr.ExpiresIn != 900 || tr.RefreshToken == "" || tr.AccessToken == "" {
		t.Errorf("Login() = %+v", tr)
	}
	audit := e.allAudit(t)
	for _, secret := range []string{pw, tr.AccessToken, tr.RefreshToken} {
		if strings.Contains(audit, secret) {
			t.Errorf("audit log contains a secret:\n%s", audit)
		}
	}
}

func TestRefresh(t *testing.T) { forEachStore(t, testRefresh) }

func testRefresh(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	u := e.user(t, "r@example.com", hiregate.RoleCandidate)
	tr1 := e.login(t, "r@example.com")
	p1 := e.auth(t, tr1)

	e.clk.Advance(time.Minute)
	tr2, err := e.svc.Refresh(ctx, tr1.RefreshToken, client)
	if err != nil {
		t.Fatalf("Refresh() error = %v", err)
	}
	if tr2.RefreshToken == tr1.RefreshToken || tr2.AccessToken == tr1.AccessToken || tr2.TokenType != "bearer" || tr2.ExpiresIn != 900 {
		t.Errorf("Refresh() = %+v", tr2)
	}
	p2 := e.auth(t, tr2)
	if p2.SessionID != p1.SessionID || p2.UserID != u.ID || p2.TokenID == p1.TokenID {
		t.Errorf("refreshed principal = %+v, want session %s", p2, p1.SessionID)
	}
	// The access token from before the refresh stays valid until it expires.
	e.auth(t, tr1)

	// Presenting the spent token again is theft: the session dies.
	_, err = e.svc.Refresh(ctx, tr1.RefreshToken, client)
	if he := wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCredentials); he.OAuth != hiregate.OAuthInvalidGrant {
		t.Errorf("OAuth = %q, want invalid_grant", he.OAuth)
	}
	if ev := e.events(t, hiregate.AuditRefreshReuse); len(ev) != 1 || ev[0].UserID != u.ID {
		t.Errorf("refresh_reuse events = %+v", ev)
	}
	for _, tok := range []string{tr1.AccessToken, tr2.AccessToken} {
		_, err := e.svc.Authenticate(ctx, tok)
		wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgSessionRevoked)
	}
	_, err = e.svc.Refresh(ctx, tr2.RefreshToken, client)
	wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCredentials)

	// Other sessions of the user are untouched.
	e.auth(t, e.login(t, "r@example.com"))

	for name, tok := range map[string]string{"garbage": "garbage", "huge": strings.Repeat("A", 5000)} {
		_, err := e.svc.Refresh(ctx, tok, client)
		if he := wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCredentials); he.OAuth != hiregate.OAuthInvalidGrant {
			t.Errorf("%s: OAuth = %q", name, he.OAuth)
		}
	}
	_, err = e.svc.Refresh(ctx, "", client)
	if he := wantErr(t, err, hiregate.EBADREQUEST, ""); he.OAuth != hiregate.OAuthInvalidRequest {
		t.Errorf("empty: OAuth = %q", he.OAuth)
	}
}

func TestRefreshCurrentRoleAndExpiry(t *testing.T) { forEachStore(t, testRefreshCurrentRoleAndExpiry) }

func testRefreshCurrentRoleAndExpiry(t *testing.T, newEnv envMaker) {
	e := newEnv(t, func(c *auth.Config) { c.RefreshTTL = time.Hour })
	u := e.user(t, "c@example.com", hiregate.RoleCandidate)
	tr := e.login(t, "c@example.com")

	// Changed behind the service's back (no revocation): the refreshed
	// token carries the role as it is now, and the old one no longer passes.
	e.setUser(t, u.ID, hiregate.RoleRecruiter, true)
	_, err := e.svc.Authenticate(ctx, tr.AccessToken)
	wantErr(t, err, hiregate.EUNAUTHORIZED, "")
	tr, err = e.svc.Refresh(ctx, tr.RefreshToken, client)
	if err != nil {
		t.Fatalf("Refresh() error = %v", err)
	}
	if p := e.auth(t, tr); p.Role != hiregate.RoleRecruiter {
		t.Errorf("role after refresh = %s, want recruiter", p.Role)
	}

	e.setUser(t, u.ID, hiregate.RoleRecruiter, false)
	_, err = e.svc.Refresh(ctx, tr.RefreshToken, client)
	wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCredentials)

	e.setUser(t, u.ID, hiregate.RoleRecruiter, true)
	tr = e.login(t, "c@example.com")
	e.clk.Advance(time.Hour + time.Second)
	_, err = e.svc.Refresh(ctx, tr.RefreshToken, client)
	wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCredentials)
}

// TestRevocation checks every trigger that must end sessions at once.
func TestRevocation(t *testing.T) { forEachStore(t, testRevocation) }

func testRevocation(t *testing.T, newEnv envMaker) {
	bools := func(b bool) *bool { return &b }
	roles := func(r hiregate.Role) *hiregate.Role { return &r }
	strs := func(s string) *string { return &s }

	tests := []struct {
		name string
		act  func(e *env, a, b, admin *caller.Principal) error
		// whether sessions A and B of the user survive
		aLives, bLives bool
	}{
		{"logout", func(e *env, a, b, _ *caller.Principal) error { return e.svc.Logout(ctx, a, client) }, false, true},
		{"logout all", func(e *env, a, b, _ *caller.Principal) error { return e.svc.LogoutAll(ctx, a, client) }, false, false},
		{"password change", func(e *env, a, b, _ *caller.Principal) error {
			return e.svc.ChangePassword(ctx, a, hiregate.ChangePasswordRequest{CurrentPassword: pw, NewPassword: "a new password"}, client)
		}, true, false},
		{"revoke other session", func(e *env, a, b, _ *caller.Principal) error { return e.svc.RevokeSession(ctx, a, b.SessionID, client) }, true, false},
		{"role change", func(e *env, a, b, admin *caller.Principal) error {
			_, err := e.accounts().UpdateUser(ctx, admin, a.UserID, hiregate.UpdateUserRequest{Role: roles(hiregate.RoleRecruiter)}, client)
			return err
		}, false, false},
		{"deactivation", func(e *env, a, b, admin *caller.Principal) error {
			_, err := e.accounts().UpdateUser(ctx, admin, a.UserID, hiregate.UpdateUserRequest{Active: bools(false)}, client)
			return err
		}, false, false},
		{"admin password reset", func(e *env, a, b, admin *caller.Principal) error {
			_, err := e.accounts().UpdateUser(ctx, admin, a.UserID, hiregate.UpdateUserRequest{Password: strs("reset by admin")}, client)
			return err
		}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.user(t, "u@example.com", hiregate.RoleCandidate)
			e.user(t, "admin@example.com", hiregate.RoleAdmin)
			trA, trB := e.login(t, "u@example.com"), e.login(t, "u@example.com")
			a, b := e.auth(t, trA), e.auth(t, trB)
			admin := e.auth(t, e.login(t, "admin@example.com"))

			if err := tt.act(e, a, b, admin); err != nil {
				t.Fatalf("action error = %v", err)
			}
			for _, s := range []struct {
				name  string
				tr    string
				lives bool
			}{{"A", trA.AccessToken, tt.aLives}, {"B", trB.AccessToken, tt.bLives}} {
				_, err := e.svc.Authenticate(ctx, s.tr)
				if s.lives && err != nil {
					t.Errorf("session %s: Authenticate() error = %v, want it alive", s.name, err)
				}
				if !s.lives {
					if err == nil {
						t.Errorf("session %s: access token still accepted", s.name)
					} else {
						wantErr(t, err, hiregate.EUNAUTHORIZED, revokedMsg(tt.name))
					}
				}
			}
			// Refresh tokens follow their sessions.
			for _, s := range []struct {
				name, refresh string
				lives         bool
			}{{"A", trA.RefreshToken, tt.aLives}, {"B", trB.RefreshToken, tt.bLives}} {
				_, err := e.svc.Refresh(ctx, s.refresh, client)
				if s.lives != (err == nil) {
					t.Errorf("session %s: Refresh() error = %v, want alive=%v", s.name, err, s.lives)
				}
			}
			// The acting admin is never logged out by changing someone else.
			if _, err := e.svc.Authenticate(ctx, e.login(t, "admin@example.com").AccessToken); err != nil {
				t.Errorf("admin: %v", err)
			}
		})
	}
}

func TestChangePassword(t *testing.T) { forEachStore(t, testChangePassword) }

func testChangePassword(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	u := e.user(t, "p@example.com", hiregate.RoleCandidate)
	p := e.auth(t, e.login(t, "p@example.com"))

	err := e.svc.ChangePassword(ctx, p, hiregate.ChangePasswordRequest{CurrentPassword: "not it at all", NewPassword: "a new password"}, client)
	if he := wantErr(t, err, hiregate.EINVALID, ""); he.Fields["current_password"] != "incorrect" {
		t.Errorf("Fields = %v, want current_password incorrect", he.Fields)
	}
	err = e.svc.ChangePassword(ctx, p, hiregate.ChangePasswordRequest{NewPassword: "a new password"}, client)
	wantErr(t, err, hiregate.EINVALID, "")

	if err := e.svc.ChangePassword(ctx, p, hiregate.ChangePasswordRequest{CurrentPassword: pw, NewPassword: "a new password"}, client); err != nil {
		t.Fatalf("ChangePassword() error = %v", err)
	}
	_, err = e.svc.Login(ctx, "p@example.com", pw, client)
	wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCredentials)
	if _, err := e.svc.Login(ctx, "p@example.com", "a new password", client); err != nil {
		t.Errorf("Login() with the new password error = %v", err)
	}
	if ev := e.events(t, hiregate.AuditPasswordChanged); len(ev) != 1 || ev[0].UserID != u.ID {
		t.Errorf("password_changed events = %+v", ev)
	}
	if strings.Contains(e.allAudit(t), "a new password") {
		t.Error("audit log contains the new password")
	}
}

func TestUpdateUser(t *testing.T) { forEachStore(t, testUpdateUser) }

func testUpdateUser(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	target := e.user(t, "t@example.com", hiregate.RoleCandidate)
	adminUser := e.user(t, "admin@example.com", hiregate.RoleAdmin)
	admin := e.auth(t, e.login(t, "admin@example.com"))
	role := func(r hiregate.Role) *hiregate.Role { return &r }
	boolp := func(b bool) *bool { return &b }
	str := func(s string) *string { return &s }

	tests := []struct {
		name  string
		actor *caller.Principal
		id    string
		req   hiregate.UpdateUserRequest
		code  string
	}{
		{"empty change", admin, target.ID, hiregate.UpdateUserRequest{}, hiregate.EINVALID},
		{"bad role", admin, target.ID, hiregate.UpdateUserRequest{Role: role("root")}, hiregate.EINVALID},
		{"short password", admin, target.ID, hiregate.UpdateUserRequest{Password: str("short")}, hiregate.EINVALID},
		{"unknown user", admin, "nope", hiregate.UpdateUserRequest{Role: role(hiregate.RoleRecruiter)}, hiregate.ENOTFOUND},
		{"deactivate self", admin, adminUser.ID, hiregate.UpdateUserRequest{Active: boolp(false)}, hiregate.ECONFLICT},
		{"demote self", admin, adminUser.ID, hiregate.UpdateUserRequest{Role: role(hiregate.RoleRecruiter)}, hiregate.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.accounts().UpdateUser(ctx, tt.actor, tt.id, tt.req, client)
			he := wantErr(t, err, tt.code, "")
			if tt.code == hiregate.ECONFLICT && !strings.Contains(he.Message, "your own") {
				t.Errorf("message = %q, want a clear reason", he.Message)
			}
		})
	}

	got, err := e.accounts().UpdateUser(ctx, admin, target.ID, hiregate.UpdateUserRequest{Role: role(hiregate.RoleRecruiter), Active: boolp(false)}, client)
	if err != nil {
		t.Fatalf("UpdateUser() error = %v", err)
	}
	if got.Role != hiregate.RoleRecruiter || got.Active {
		t.Errorf("UpdateUser() = %+v", got)
	}
	// The admin is named by email, which a reviewer reads, not by id.
	if ev := e.events(t, hiregate.AuditRoleChanged); len(ev) != 1 || ev[0].UserID != target.ID || ev[0].Detail != "candidate -> recruiter by admin admin@example.com" {
		t.Errorf("role_changed events = %+v, want the admin named by email", ev)
	}
	// The audit log names the admin as people know them: by email.
	if ev := e.events(t, hiregate.AuditDeactivated); len(ev) != 1 || ev[0].UserID != target.ID || ev[0].Detail != "by admin "+adminUser.Email {
		t.Errorf("deactivated events = %+v, want one by admin %s", ev, adminUser.Email)
	}
	_, err = e.svc.Login(ctx, "t@example.com", pw, client)
	wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCredentials)

	// An admin changing their own name keeps their current session.
	if _, err := e.accounts().UpdateUser(ctx, admin, adminUser.ID, hiregate.UpdateUserRequest{FullName: str("Boss")}, client); err != nil {
		t.Fatalf("UpdateUser(self) error = %v", err)
	}
	if _, err := e.svc.Sessions(ctx, admin); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(ctx, mustToken(t, e, admin)); err != nil {
		t.Errorf("admin's own session after self-update: %v", err)
	}
}

func TestReactivateUser(t *testing.T) { forEachStore(t, testReactivateUser) }

// testReactivateUser: giving an account its access back is audited like
// taking it away, once per actual change, naming the admin by email.
func testReactivateUser(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	target := e.user(t, "t@example.com", hiregate.RoleCandidate)
	e.user(t, "admin@example.com", hiregate.RoleAdmin)
	admin := e.auth(t, e.login(t, "admin@example.com"))
	steps := []struct {
		name                          string
		active                        bool
		wantDeactivated, wantReactive int
	}{
		{"deactivate", false, 1, 0},
		{"reactivate", true, 1, 1},
		{"reactivate an active user", true, 1, 1},
		{"deactivate again", false, 2, 1},
		{"reactivate again", true, 2, 2},
	}
	for _, st := range steps {
		active := st.active
		if _, err := e.accounts().UpdateUser(ctx, admin, target.ID, hiregate.UpdateUserRequest{Active: &active}, client); err != nil {
			t.Fatalf("%s: UpdateUser() error = %v", st.name, err)
		}
		if got := len(e.events(t, hiregate.AuditDeactivated)); got != st.wantDeactivated {
			t.Errorf("%s: deactivated events = %d, want %d", st.name, got, st.wantDeactivated)
		}
		if got := len(e.events(t, hiregate.AuditReactivated)); got != st.wantReactive {
			t.Errorf("%s: reactivated events = %d, want %d", st.name, got, st.wantReactive)
		}
	}
	for _, ev := range e.events(t, hiregate.AuditReactivated) {
		if ev.UserID != target.ID || ev.Email != "t@example.com" || ev.Detail != "by admin admin@example.com" {
			t.Errorf("reactivated event = %+v, want about t@example.com by admin admin@example.com", ev)
		}
	}
	if _, err := e.svc.Login(ctx, "t@example.com", pw, client); err != nil {
		t.Errorf("Login() after reactivation error = %v", err)
	}
}

// mustToken issues a token for an existing principal's session.
func mustToken(t *testing.T, e *env, p *caller.Principal) string {
	t.Helper()
	tok, err := e.svc.IssueAccessToken(p.UserID, p.Role, p.SessionID)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestSessions(t *testing.T) { forEachStore(t, testSessions) }

func testSessions(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	e.user(t, "s@example.com", hiregate.RoleCandidate)
	e.user(t, "other@example.com", hiregate.RoleCandidate)
	first := e.auth(t, e.login(t, "s@example.com"))
	e.clk.Advance(time.Second)
	second, err := e.svc.Login(ctx, "s@example.com", pw, caller.ClientInfo{IP: "198.51.100.7", UserAgent: "tui"})
	if err != nil {
		t.Fatal(err)
	}
	p := e.auth(t, second)
	other := e.auth(t, e.login(t, "other@example.com"))

	list, err := e.svc.Sessions(ctx, p)
	if err != nil {
		t.Fatalf("Sessions() error = %v", err)
	}
	if len(list) != 2 {
		t.Fatalf("Sessions() = %+v, want 2", list)
	}
	if !list[0].Current || list[0].ID != p.SessionID || list[0].IP != "198.51.100.7" || list[0].UserAgent != "tui" {
		t.Errorf("Sessions()[0] = %+v, want the current one", list[0])
	}
	if list[1].Current || list[1].ID != first.SessionID {
		t.Errorf("Sessions()[1] = %+v", list[1])
	}

	err = e.svc.RevokeSession(ctx, p, other.SessionID, client)
	wantErr(t, err, hiregate.ENOTFOUND, "")
	if _, err := e.svc.Authenticate(ctx, mustToken(t, e, other)); err != nil {
		t.Errorf("another user's session was revoked: %v", err)
	}
	err = e.svc.RevokeSession(ctx, p, "", client)
	wantErr(t, err, hiregate.ENOTFOUND, "")
}

// touchCounter counts the sessions touched through it.
type touchCounter struct {
	*sqlite.DB
	touches atomic.Int64
}

func (c *touchCounter) TouchSession(ctx context.Context, sessionID string, now time.Time) error {
	err := c.DB.TouchSession(ctx, sessionID, now)
	if err == nil {
		c.touches.Add(1)
	}
	return err
}

func TestTouchThrottled(t *testing.T) {
	e := newEnv(t)
	st := &touchCounter{DB: e.db.(*sqlite.DB)}
	e.db = st
	e.svc = e.restart(t)
	e.user(t, "t@example.com", hiregate.RoleCandidate)
	tr := e.login(t, "t@example.com")
	for range 5 {
		e.auth(t, tr)
		e.clk.Advance(10 * time.Second)
	}
	if got := st.touches.Load(); got != 1 {
		t.Errorf("touches after 5 requests in 50s = %d, want 1", got)
	}
	e.clk.Advance(20 * time.Second)
	e.auth(t, tr)
	if got := st.touches.Load(); got != 2 {
		t.Errorf("touches after a minute = %d, want 2", got)
	}
}

// Authenticate takes the bare token: the Authorization header is parsed
// once, by the HTTP layer. A token with the scheme still on it is not a
// token.
func TestAuthenticateTakesBareToken(t *testing.T) {
	e := newEnv(t)
	e.user(t, "b@example.com", hiregate.RoleCandidate)
	tr := e.login(t, "b@example.com")
	if _, err := e.svc.Authenticate(ctx, tr.AccessToken); err != nil {
		t.Errorf("Authenticate(token) error = %v", err)
	}
	for _, s := range []string{"Bearer " + tr.AccessToken, "Bearer Bearer " + tr.AccessToken, " " + tr.AccessToken} {
		_, err := e.svc.Authenticate(ctx, s)
		wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidToken)
	}
	_, err := e.svc.Authenticate(ctx, "")
	wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgNotAuthenticated)
}

func TestRehashOnCostChange(t *testing.T) { forEachStore(t, testRehashOnCostChange) }

func testRehashOnCostChange(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	u := e.user(t, "h@example.com", hiregate.RoleCandidate)
	if c, _ := bcrypt.Cost([]byte(e.passwordHash(t, u.ID))); c != bcrypt.MinCost {
		t.Fatalf("initial cost = %d", c)
	}
	svc := e.restart(t, func(c *auth.Config) { c.BcryptCost = bcrypt.MinCost + 1 })
	if _, err := svc.Login(ctx, "h@example.com", pw, client); err != nil {
		t.Fatalf("Login() error = %v", err)
	}
	h := e.passwordHash(t, u.ID)
	if c, _ := bcrypt.Cost([]byte(h)); c != bcrypt.MinCost+1 {
		t.Errorf("cost after login = %d, want %d", c, bcrypt.MinCost+1)
	}
	if _, err := svc.Login(ctx, "h@example.com", pw, client); err != nil {
		t.Errorf("Login() after rehash error = %v", err)
	}
	if e.passwordHash(t, u.ID) != h {
		t.Error("hash rewritten although the cost already matched")
	}
	// A failed login never rehashes.
	svc = e.restart(t, func(c *auth.Config) { c.BcryptCost = bcrypt.MinCost + 2 })
	svc.Login(ctx, "h@example.com", "wrong password", client)
	if e.passwordHash(t, u.ID) != h {
		t.Error("hash rewritten by a failed login")
	}
}

func TestThrottle(t *testing.T) { forEachStore(t, testThrottle) }

func testThrottle(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	e.user(t, "v@example.com", hiregate.RoleCandidate)

	// One guess now, nine five minutes later: the window frees the first
	// one 10 minutes after the eleventh attempt.
	for i := range hiregate.MaxLoginFailures {
		if i == 1 {
			e.clk.Advance(5 * time.Minute)
		}
		_, err := e.svc.Login(ctx, "v@example.com", "guess number "+string(rune('a'+i)), client)
		wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCredentials)
	}
	_, err := e.svc.Login(ctx, "v@example.com", pw, client)
	he := wantErr(t, err, hiregate.ETHROTTLED, hiregate.MsgTooManyAttempts)
	if he.RetryAfter != 600 {
		t.Errorf("RetryAfter = %d, want 600", he.RetryAfter)
	}
	if ev := e.events(t, hiregate.AuditThrottled); len(ev) != 1 || ev[0].Email != "v@example.com" || ev[0].IP != client.IP {
		t.Errorf("throttled events = %+v", ev)
	}
	// Case and spaces do not make a new account key.
	_, err = e.svc.Login(ctx, " V@EXAMPLE.com", pw, client)
	wantErr(t, err, hiregate.ETHROTTLED, "")
	// Other accounts are unaffected.
	e.user(t, "w@example.com", hiregate.RoleCandidate)
	e.login(t, "w@example.com")

	e.clk.Advance(10*time.Minute - time.Second)
	_, err = e.svc.Login(ctx, "v@example.com", pw, client)
	if he := wantErr(t, err, hiregate.ETHROTTLED, ""); he.RetryAfter != 1 {
		t.Errorf("RetryAfter a second before = %d, want 1", he.RetryAfter)
	}
	e.clk.Advance(time.Second)
	e.login(t, "v@example.com")
}

func TestThrottleSuccessDoesNotCount(t *testing.T) { forEachStore(t, testThrottleSuccessDoesNotCount) }

func testThrottleSuccessDoesNotCount(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	e.user(t, "s@example.com", hiregate.RoleCandidate)
	for range 20 {
		e.login(t, "s@example.com")
	}
	for range 9 {
		_, err := e.svc.Login(ctx, "s@example.com", "wrong password", client)
		wantErr(t, err, hiregate.EUNAUTHORIZED, "")
	}
	e.login(t, "s@example.com")
	_, err := e.svc.Login(ctx, "s@example.com", "wrong password", client)
	wantErr(t, err, hiregate.EUNAUTHORIZED, "")
	_, err = e.svc.Login(ctx, "s@example.com", pw, client)
	wantErr(t, err, hiregate.ETHROTTLED, "")
}

func TestThrottleByIP(t *testing.T) { forEachStore(t, testThrottleByIP) }

func testThrottleByIP(t *testing.T, newEnv envMaker) {
	e := newEnv(t, func(c *auth.Config) { c.IPLimit = 3 })
	e.user(t, "ok@example.com", hiregate.RoleCandidate)
	for _, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		_, err := e.svc.Login(ctx, email, pw, client)
		wantErr(t, err, hiregate.EUNAUTHORIZED, "")
	}
	_, err := e.svc.Login(ctx, "ok@example.com", pw, client)
	wantErr(t, err, hiregate.ETHROTTLED, "")
	if _, err := e.svc.Login(ctx, "ok@example.com", pw, caller.ClientInfo{IP: "198.51.100.9"}); err != nil {
		t.Errorf("Login() from another address error = %v", err)
	}
}

// TestThrottleConcurrent fires many parallel guesses: exactly the limit get
// to try a password, and the rest are throttled.
func TestThrottleConcurrent(t *testing.T) { forEachStore(t, testThrottleConcurrent) }

func testThrottleConcurrent(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	e.user(t, "c@example.com", hiregate.RoleCandidate)
	const n = 40
	var wg sync.WaitGroup
	codes := make(chan string, n)
	for i := range n {
		wg.Go(func() {
			_, err := e.svc.Login(ctx, "c@example.com", "wrong guess "+string(rune('A'+i)), caller.ClientInfo{IP: "203.0.113." + string(rune('0'+i%10))})
			codes <- hiregate.ErrorCode(err)
		})
	}
	wg.Wait()
	close(codes)
	count := map[string]int{}
	for c := range codes {
		count[c]++
	}
	if count[hiregate.EUNAUTHORIZED] != hiregate.MaxLoginFailures || count[hiregate.ETHROTTLED] != n-hiregate.MaxLoginFailures {
		t.Errorf("outcomes = %v, want %d unauthorized and %d throttled", count, hiregate.MaxLoginFailures, n-hiregate.MaxLoginFailures)
	}
}

// TestShedPasswordCheckIsNoGuess: a password change whose check is shed
// (EUNAVAILABLE) guessed nothing, so retrying it more often than the
// throttle allows is still answered EUNAVAILABLE, never ETHROTTLED.
func TestShedPasswordCheckIsNoGuess(t *testing.T) {
	e := newEnv(t, func(c *auth.Config) { c.HashConcurrency, c.HashMaxWait = 1, time.Second })
	e.user(t, "v@example.com", hiregate.RoleCandidate)
	p := e.auth(t, e.login(t, "v@example.com"))
	entered, release := e.svc.BlockHashes()
	defer release()
	e.svc.SetHashTime(4 * time.Second)
	go func() { _, _ = e.svc.Login(ctx, "v@example.com", pw, client) }()
	<-entered // one hash ahead: any other would wait 4 s
	req := hiregate.ChangePasswordRequest{CurrentPassword: pw, NewPassword: "a new password"}
	for i := range hiregate.MaxLoginFailures + 1 {
		err := e.svc.ChangePassword(ctx, p, req, client)
		if code := hiregate.ErrorCode(err); code != hiregate.EUNAVAILABLE {
			t.Fatalf("ChangePassword #%d while hashing is full = %v, want EUNAVAILABLE", i+1, err)
		}
	}
}

func TestHashSemaphoreHonoursContext(t *testing.T) {
	e := newEnv(t, func(c *auth.Config) { c.HashConcurrency = 1 })
	e.user(t, "q@example.com", hiregate.RoleCandidate)
	release := e.svc.HoldHashSlots()
	defer release()
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err := e.svc.Login(cctx, "q@example.com", pw, client)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Login() with the semaphore full and ctx cancelled error = %v, want context.Canceled", err)
	}
	dctx, cancel2 := context.WithTimeout(ctx, time.Millisecond)
	defer cancel2()
	_, err = e.accounts().Register(dctx, hiregate.RegisterRequest{Email: "n@example.com", Password: pw, FullName: "N"}, caller.ClientInfo{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Register() waiting for the semaphore error = %v, want context.DeadlineExceeded", err)
	}
}

func TestRecordForbidden(t *testing.T) { forEachStore(t, testRecordForbidden) }

func testRecordForbidden(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	e.user(t, "x@example.com", hiregate.RoleCandidate)
	p := e.auth(t, e.login(t, "x@example.com"))
	e.svc.RecordForbidden(ctx, p, "POST /jobs", client)
	e.clk.Advance(time.Second) // the store orders events by time
	e.svc.RecordForbidden(ctx, nil, "anonymous", client)
	ev := e.events(t, hiregate.AuditForbidden)
	if len(ev) != 2 || ev[0].UserID != p.UserID || ev[0].Detail != "POST /jobs" || ev[0].IP != client.IP {
		t.Errorf("forbidden events = %+v", ev)
	}
}

// revokedMsg is the 401's message for a token whose session the action
// named name ended: a deactivated account is told so (the token proves
// its holder signed in as that user), every other ending is "revoked".
func revokedMsg(name string) string {
	if strings.HasPrefix(name, "deactivation") {
		return hiregate.MsgAccountDeactivated
	}
	return hiregate.MsgSessionRevoked
}

// TestHashAdmission: a hash is admitted while the hashes ahead of it times
// the mean hash time, over the slots, stays within HashMaxWait (10 s), and
// refused at once beyond, with EUNAVAILABLE and that wait as Retry-After
// (a 503 over HTTP); the admitted logins complete once hashing moves
// again. The hashes are held by the test and their mean time is set, so
// nothing depends on the machine's speed.
func TestHashAdmission(t *testing.T) {
	tests := []struct {
		name           string
		slots, ahead   int
		wantRetryAfter int // 0: admitted
	}{
		{"slot free", 2, 1, 0},
		{"waits 8 s", 1, 2, 0},
		{"would wait 12 s", 1, 3, 12},
		{"two slots, waits 10 s", 2, 6, 0},
		{"two slots, would wait 12 s", 2, 7, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *auth.Config) {
				c.HashConcurrency, c.HashMaxWait, c.AccountLimit = tt.slots, 10*time.Second, 100
			})
			e.user(t, "s@example.com", hiregate.RoleCandidate)
			_, release := e.svc.BlockHashes()
			e.svc.SetHashTime(4 * time.Second)
			results := make(chan error, tt.ahead+1)
			login := func() {
				_, err := e.svc.Login(ctx, "s@example.com", pw, client)
				results <- err
			}
			for range tt.ahead {
				go login()
			}
			for e.svc.HashesQueued() < tt.ahead {
				runtime.Gosched()
			}
			admitted := tt.ahead
			if tt.wantRetryAfter == 0 {
				go login()
				for e.svc.HashesQueued() < tt.ahead+1 {
					runtime.Gosched()
				}
				admitted++
			} else {
				_, err := e.svc.Login(ctx, "s@example.com", pw, client)
				if he := wantErr(t, err, hiregate.EUNAVAILABLE, ""); he.RetryAfter != tt.wantRetryAfter {
					t.Errorf("shed login RetryAfter = %d, want %d", he.RetryAfter, tt.wantRetryAfter)
				}
			}
			release()
			for range admitted {
				if err := <-results; err != nil {
					t.Errorf("admitted Login = %v, want nil", err)
				}
			}
			if got := e.svc.HashesQueued(); got != 0 {
				t.Errorf("HashesQueued() after the logins = %d, want 0", got)
			}
		})
	}
}
