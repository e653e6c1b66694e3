package httpapi_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/totp"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// code is the code an authenticator app shows for secret on the test's
// clock.
func (e *env) code(secret string) string {
	e.t.Helper()
	c, err := totp.Code(secret, e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// enrol turns TOTP on for c's user and returns the secret and recovery
// codes. The confirming code's step is spent, so the clock moves on to the
// next one.
func (e *env) enrol(c clientT) (secret string, recovery []string) {
	e.t.Helper()
	en, err := c.StartTOTP(bg)
	if err != nil {
		e.t.Fatalf("StartTOTP: %v", err)
	}
	rc, err := c.ConfirmTOTP(bg, e.code(en.Secret))
	if err != nil {
		e.t.Fatalf("ConfirmTOTP: %v", err)
	}
	e.clock.Advance(hiregate.TOTPPeriod)
	return en.Secret, rc.RecoveryCodes
}

// challenge signs in with the password and returns the mfa_token.
func (e *env) challenge(email string) string {
	e.t.Helper()
	_, err := e.client().Login(bg, email, testPassword)
	tok, ok := hiregate.IsMFARequired(err)
	if !ok {
		e.t.Fatalf("Login(%s) = %v, want mfa_required", email, err)
	}
	return tok
}

// tokenPost sends a form to the token endpoint and returns the status,
// headers and decoded error body.
func (e *env) tokenPost(form url.Values) (int, http.Header, hiregate.ErrorBody) {
	e.t.Helper()
	resp := e.raw("POST", "/auth/login", "application/x-www-form-urlencoded", "", strings.NewReader(form.Encode()))
	var b hiregate.ErrorBody
	data, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(data, &b)
	return resp.StatusCode, resp.Header, b
}

func wantInvalidGrant(t *testing.T, what string, err error, msg string) {
	t.Helper()
	var he *hiregate.Error
	if !errors.As(err, &he) || he.Code != hiregate.EUNAUTHORIZED || he.OAuth != hiregate.OAuthInvalidGrant || he.Message != msg {
		t.Fatalf("%s = %v, want 401 invalid_grant %q", what, err, msg)
	}
}

func TestMFALifecycle(t *testing.T) {
	e := newEnv(t)
	u, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	_, adm := e.user(hiregate.RoleAdmin, "admin@example.com")

	en, err := rec.StartTOTP(bg)
	wantOK(t, "StartTOTP", err)
	if !strings.HasPrefix(en.OTPAuthURL, "otpauth://totp/hiregate:rec@example.com?secret="+en.Secret) {
		t.Fatalf("otpauth_url = %q, want the secret for rec@example.com", en.OTPAuthURL)
	}
	_, err = rec.ConfirmTOTP(bg, "12")
	wantCode(t, "ConfirmTOTP(malformed)", err, hiregate.EINVALID)
	wrong := "000000"
	if e.code(en.Secret) == wrong {
		wrong = "111111"
	}
	_, err = rec.ConfirmTOTP(bg, wrong)
	wantCode(t, "ConfirmTOTP(wrong)", err, hiregate.EINVALID)
	rc, err := rec.ConfirmTOTP(bg, e.code(en.Secret))
	wantOK(t, "ConfirmTOTP", err)
	if len(rc.RecoveryCodes) != hiregate.RecoveryCodeCount {
		t.Fatalf("recovery codes = %d, want %d", len(rc.RecoveryCodes), hiregate.RecoveryCodeCount)
	}
	me, err := rec.Me(bg)
	if err != nil || !me.MFA {
		t.Fatalf("Me() = %+v, %v, want mfa true", me, err)
	}
	_, err = rec.StartTOTP(bg)
	wantCode(t, "StartTOTP(enabled)", err, hiregate.ECONFLICT)

	// The password alone is not enough any more: 403 mfa_required with a
	// token, never cached.
	status, hdr, body := e.tokenPost(url.Values{"username": {"rec@example.com"}, "password": {testPassword}})
	if status != http.StatusForbidden || body.Error != hiregate.OAuthMFARequired || body.MFAToken == "" || hdr.Get("Cache-Control") != "no-store" {
		t.Fatalf("password grant = %d %+v (Cache-Control %q), want 403 mfa_required with a token, no-store", status, body, hdr.Get("Cache-Control"))
	}
	// A wrong password stays the usual 401.
	status, _, body = e.tokenPost(url.Values{"username": {"rec@example.com"}, "password": {"not the password"}})
	if status != http.StatusUnauthorized || body.Error != hiregate.OAuthInvalidGrant || body.MFAToken != "" {
		t.Fatalf("wrong password = %d %+v, want 401 invalid_grant without a token", status, body)
	}

	// The confirming code's step is spent: the same code cannot sign in.
	c1 := e.client()
	_, err = c1.LoginMFA(bg, e.challenge("rec@example.com"), e.code(en.Secret))
	wantInvalidGrant(t, "LoginMFA(confirming code)", err, hiregate.MsgInvalidCode)

	e.clock.Advance(hiregate.TOTPPeriod)
	code := e.code(en.Secret)
	tok := e.challenge("rec@example.com")
	_, err = c1.LoginMFA(bg, tok, code)
	wantOK(t, "LoginMFA", err)
	if got, err := c1.Me(bg); err != nil || got.ID != u.ID {
		t.Fatalf("Me() after LoginMFA = %+v, %v, want the recruiter", got, err)
	}

	// Replayed code: refused, even with a fresh token.
	_, err = e.client().LoginMFA(bg, e.challenge("rec@example.com"), code)
	wantInvalidGrant(t, "LoginMFA(replayed code)", err, hiregate.MsgInvalidCode)
	// Reused token: refused.
	e.clock.Advance(hiregate.TOTPPeriod)
	_, err = e.client().LoginMFA(bg, tok, e.code(en.Secret))
	wantInvalidGrant(t, "LoginMFA(reused token)", err, hiregate.MsgMFATokenInvalid)

	// A recovery code works once.
	_, err = e.client().LoginMFA(bg, e.challenge("rec@example.com"), rc.RecoveryCodes[0])
	wantOK(t, "LoginMFA(recovery code)", err)
	_, err = e.client().LoginMFA(bg, e.challenge("rec@example.com"), rc.RecoveryCodes[0])
	wantInvalidGrant(t, "LoginMFA(used recovery code)", err, hiregate.MsgInvalidCode)

	// Disable: a wrong code is a 422, a right one turns it off.
	err = rec.DisableTOTP(bg, rc.RecoveryCodes[0])
	wantCode(t, "DisableTOTP(used code)", err, hiregate.EINVALID)
	wantOK(t, "DisableTOTP", rec.DisableTOTP(bg, rc.RecoveryCodes[1]))
	if _, err := e.client().Login(bg, "rec@example.com", testPassword); err != nil {
		t.Fatalf("Login after disable = %v, want one step", err)
	}
	err = rec.DisableTOTP(bg, "123456")
	wantCode(t, "DisableTOTP(off)", err, hiregate.ECONFLICT)

	// Every step is in the audit log, no secret is.
	events, err := adm.Audit(bg, hiregate.AuditFilter{UserID: u.ID, Limit: hiregate.MaxPageLimit})
	wantOK(t, "Audit", err)
	var kinds []hiregate.AuditType
	var all strings.Builder
	for _, ev := range events.Items {
		kinds = append(kinds, ev.Type)
		all.WriteString(ev.Detail + "|" + ev.Email + "\n")
	}
	for _, k := range []hiregate.AuditType{hiregate.AuditMFAEnabled, hiregate.AuditMFAFailed, hiregate.AuditMFADisabled, hiregate.AuditLoginOK} {
		if !slices.Contains(kinds, k) {
			t.Errorf("audit kinds %v lack %s", kinds, k)
		}
	}
	for _, s := range append([]string{en.Secret, tok, code}, rc.RecoveryCodes...) {
		if strings.Contains(all.String(), s) {
			t.Errorf("the audit log holds a secret %q", s)
		}
	}
}

func TestMFAWrongCodesThrottled(t *testing.T) {
	e := newEnvAuth(t, func(c *auth.Config) { c.AccountLimit = 3 }, nil)
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	secret, _ := e.enrol(rec)
	tok := e.challenge("rec@example.com")
	wrong := "000000"
	if e.code(secret) == wrong {
		wrong = "111111"
	}
	for range 3 {
		status, _, body := e.tokenPost(url.Values{"grant_type": {hiregate.GrantMFAOTP}, "mfa_token": {tok}, "otp": {wrong}})
		if status != http.StatusUnauthorized || body.Error != hiregate.OAuthInvalidGrant {
			t.Fatalf("wrong code = %d %+v, want 401 invalid_grant", status, body)
		}
	}
	// The right code too, while throttled.
	status, hdr, _ := e.tokenPost(url.Values{"grant_type": {hiregate.GrantMFAOTP}, "mfa_token": {tok}, "otp": {e.code(secret)}})
	if status != http.StatusTooManyRequests || hdr.Get("Retry-After") == "" {
		t.Fatalf("fourth code = %d (Retry-After %q), want 429 with Retry-After", status, hdr.Get("Retry-After"))
	}
	_, err := e.client().LoginMFA(bg, tok, e.code(secret))
	var he *hiregate.Error
	if !errors.As(err, &he) || he.Code != hiregate.ETHROTTLED || he.RetryAfter < 1 {
		t.Fatalf("LoginMFA while throttled = %v, want ETHROTTLED with RetryAfter", err)
	}
	// Disabling counts against the same throttle.
	err = rec.DisableTOTP(bg, e.code(secret))
	wantCode(t, "DisableTOTP while throttled", err, hiregate.ETHROTTLED)
}

func TestMFATokenRules(t *testing.T) {
	e := newEnv(t)
	_, a := e.user(hiregate.RoleRecruiter, "a@example.com")
	_, b := e.user(hiregate.RoleRecruiter, "b@example.com")
	secretA, _ := e.enrol(a)
	secretB, _ := e.enrol(b)

	t.Run("Expired", func(t *testing.T) {
		tok := e.challenge("a@example.com")
		e.clock.Advance(hiregate.MFATokenTTL)
		_, err := e.client().LoginMFA(bg, tok, e.code(secretA))
		wantInvalidGrant(t, "LoginMFA(expired token)", err, hiregate.MsgMFATokenInvalid)
	})
	t.Run("OtherAccount", func(t *testing.T) {
		e.clock.Advance(hiregate.TOTPPeriod)
		tokA := e.challenge("a@example.com")
		// Naming B with A's token is refused.
		status, _, body := e.tokenPost(url.Values{"grant_type": {hiregate.GrantMFAOTP}, "mfa_token": {tokA}, "otp": {e.code(secretB)}, "username": {"b@example.com"}})
		if status != http.StatusUnauthorized || body.Error != hiregate.OAuthInvalidGrant {
			t.Fatalf("A's token for B = %d %+v, want 401 invalid_grant", status, body)
		}
		// B's code does not finish A's login.
		if e.code(secretB) != e.code(secretA) {
			_, err := e.client().LoginMFA(bg, tokA, e.code(secretB))
			wantInvalidGrant(t, "LoginMFA(A's token, B's code)", err, hiregate.MsgInvalidCode)
		}
		c := e.client()
		_, err := c.LoginMFA(bg, tokA, e.code(secretA))
		wantOK(t, "LoginMFA(A)", err)
		if me, _ := c.Me(bg); me == nil || me.Email != "a@example.com" {
			t.Fatalf("signed in as %+v, want a", me)
		}
	})
	t.Run("BadRequests", func(t *testing.T) {
		for _, form := range []url.Values{
			{"grant_type": {hiregate.GrantMFAOTP}, "otp": {"123456"}},
			{"grant_type": {hiregate.GrantMFAOTP}, "mfa_token": {"x"}},
		} {
			status, _, body := e.tokenPost(form)
			if status != http.StatusBadRequest || body.Error != hiregate.OAuthInvalidRequest {
				t.Errorf("%v = %d %+v, want 400 invalid_request", form, status, body)
			}
		}
		resp := e.raw("POST", "/auth/login?otp=123456", "application/x-www-form-urlencoded", "",
			strings.NewReader(url.Values{"grant_type": {hiregate.GrantMFAOTP}, "mfa_token": {"x"}}.Encode()))
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("otp in the URL = %d, want 400", resp.StatusCode)
		}
		status, _, body := e.tokenPost(url.Values{"grant_type": {hiregate.GrantMFAOTP}, "mfa_token": {"made-up"}, "otp": {"123456"}})
		if status != http.StatusUnauthorized || body.Error != hiregate.OAuthInvalidGrant || body.Detail != hiregate.MsgMFATokenInvalid {
			t.Errorf("unknown token = %d %+v, want 401 invalid_grant", status, body)
		}
	})
}

func TestRequireMFA(t *testing.T) {
	e := newEnvAuth(t, func(c *auth.Config) { c.RequireMFA = []hiregate.Role{hiregate.RoleRecruiter} }, nil)
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	_, cand := e.user(hiregate.RoleCandidate, "cand@example.com")

	// Blocked: everything but enrolment.
	_, err := rec.ListJobs(bg, hiregate.JobFilter{})
	if !hiregate.IsMFAEnrollmentRequired(err) {
		t.Fatalf("ListJobs before enrolment = %v, want 403 mfa_enrollment_required", err)
	}
	err = rec.ChangePassword(bg, hiregate.ChangePasswordRequest{CurrentPassword: testPassword, NewPassword: "another password"})
	if !hiregate.IsMFAEnrollmentRequired(err) {
		t.Fatalf("ChangePassword before enrolment = %v, want 403 mfa_enrollment_required", err)
	}
	_, err = rec.CreateJob(bg, hiregate.CreateJobRequest{Title: "Go", EmploymentType: hiregate.FullTime})
	if !hiregate.IsMFAEnrollmentRequired(err) {
		t.Fatalf("CreateJob before enrolment = %v, want 403 mfa_enrollment_required", err)
	}
	// Open: the account, its sessions, enrolment.
	if _, err := rec.Me(bg); err != nil {
		t.Fatalf("Me before enrolment = %v, want 200", err)
	}
	if _, err := rec.Sessions(bg); err != nil {
		t.Fatalf("Sessions before enrolment = %v, want 200", err)
	}
	// Other roles are not affected.
	if _, err := cand.ListJobs(bg, hiregate.JobFilter{}); err != nil {
		t.Fatalf("candidate ListJobs = %v, want 200", err)
	}

	// Enrolling opens everything, in the same session.
	e.enrol(rec)
	if _, err := rec.ListJobs(bg, hiregate.JobFilter{}); err != nil {
		t.Fatalf("ListJobs after enrolment = %v, want 200", err)
	}

	// Logout stays open to an unenrolled user.
	_, rec2 := e.user(hiregate.RoleRecruiter, "rec2@example.com")
	if err := rec2.Logout(bg); err != nil {
		t.Fatalf("Logout before enrolment = %v, want 204", err)
	}
}

func TestAdminResetMFA(t *testing.T) {
	e := newEnv(t)
	u, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	_, adm := e.user(hiregate.RoleAdmin, "admin@example.com")
	e.enrol(rec)

	err := rec.ResetMFA(bg, u.ID)
	wantCode(t, "ResetMFA(by recruiter)", err, hiregate.EFORBIDDEN)
	wantCode(t, "ResetMFA(unknown)", adm.ResetMFA(bg, "nobody"), hiregate.ENOTFOUND)
	wantOK(t, "ResetMFA", adm.ResetMFA(bg, u.ID))
	if _, err := e.client().Login(bg, "rec@example.com", testPassword); err != nil {
		t.Fatalf("Login after reset = %v, want one step", err)
	}
	ev, err := adm.Audit(bg, hiregate.AuditFilter{Type: hiregate.AuditMFAReset})
	wantOK(t, "Audit", err)
	if len(ev.Items) != 1 || ev.Items[0].UserID != u.ID {
		t.Fatalf("mfa_reset events = %+v, want one for the recruiter", ev.Items)
	}
}

// TestOAuth2MFARequired: a standard OAuth2 client sees a standard error.
func TestOAuth2MFARequired(t *testing.T) {
	e := newEnv(t)
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	secret, _ := e.enrol(rec)
	cfg := &oauth2.Config{ClientID: "hiregate-tests", Endpoint: oauth2.Endpoint{TokenURL: e.srv.URL + "/auth/login", AuthStyle: oauth2.AuthStyleInParams}}
	_, err := cfg.PasswordCredentialsToken(t.Context(), "rec@example.com", testPassword)
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("PasswordCredentialsToken = %v (%T), want *oauth2.RetrieveError", err, err)
	}
	if re.ErrorCode != hiregate.OAuthMFARequired || re.Response.StatusCode != http.StatusForbidden {
		t.Fatalf("RetrieveError code %q status %d, want mfa_required 403", re.ErrorCode, re.Response.StatusCode)
	}
	var body hiregate.ErrorBody
	if err := json.Unmarshal(re.Body, &body); err != nil || body.MFAToken == "" {
		t.Fatalf("RetrieveError body = %s, want an mfa_token", re.Body)
	}
	// The same library finishes the login with the extra grant.
	tok, err := cfg.Exchange(t.Context(), "", oauth2.SetAuthURLParam("grant_type", hiregate.GrantMFAOTP),
		oauth2.SetAuthURLParam("mfa_token", body.MFAToken), oauth2.SetAuthURLParam("otp", e.code(secret)))
	if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("Exchange(mfa-otp) = %+v, %v, want tokens", tok, err)
	}
}
