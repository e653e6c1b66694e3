package client_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestLoginMFA(t *testing.T) {
	rec, c := newRecorder(t, http.StatusOK, `{"access_token":"at2","token_type":"bearer","expires_in":900,"refresh_token":"rt2"}`)
	c.Forget()
	if _, err := c.LoginMFA(context.Background(), "mfa tok", "123 456"); err != nil {
		t.Fatalf("LoginMFA() error = %v", err)
	}
	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("requests = %d, want 1", len(reqs))
	}
	r := reqs[0]
	if r.method != "POST" || r.uri != "/auth/login" || r.contentType != "application/x-www-form-urlencoded" || r.auth != "" {
		t.Errorf("request = %s %s (%s, auth %q), want an anonymous form POST /auth/login", r.method, r.uri, r.contentType, r.auth)
	}
	form, err := url.ParseQuery(r.body)
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"grant_type": {hiregate.GrantMFAOTP}, "mfa_token": {"mfa tok"}, "otp": {"123 456"}}
	if form.Encode() != want.Encode() {
		t.Errorf("form = %s, want %s", form.Encode(), want.Encode())
	}
	if access, refresh := c.Tokens(); access != "at2" || refresh != "rt2" {
		t.Errorf("Tokens() = %q, %q, want at2, rt2", access, refresh)
	}
}

func TestLoginMFARequired(t *testing.T) {
	_, c := newRecorder(t, http.StatusForbidden, `{"detail":"Second factor required","error":"mfa_required","mfa_token":"m-123"}`)
	c.Forget()
	_, err := c.Login(context.Background(), "a@example.com", "password1")
	tok, ok := hiregate.IsMFARequired(err)
	if !ok || tok != "m-123" {
		t.Fatalf("IsMFARequired(Login() error %v) = %q, %v, want m-123, true", err, tok, ok)
	}
	if c.LoggedIn() {
		t.Errorf("LoggedIn() = true after mfa_required, want false")
	}
}

func TestMFATokenOnlyWithMFARequired(t *testing.T) {
	// A body that carries an mfa_token beside another error must not be
	// mistaken for a challenge.
	_, c := newRecorder(t, http.StatusForbidden, `{"detail":"no","error":"invalid_grant","mfa_token":"m-123"}`)
	_, err := c.Login(context.Background(), "a@example.com", "password1")
	if tok, ok := hiregate.IsMFARequired(err); ok {
		t.Errorf("IsMFARequired(%v) = %q, true, want false", err, tok)
	}
}

func TestEnrollmentRequired(t *testing.T) {
	_, c := newRecorder(t, http.StatusForbidden, `{"detail":"enrol first","error":"mfa_enrollment_required"}`)
	_, err := c.ListJobs(context.Background(), hiregate.JobFilter{})
	if !hiregate.IsMFAEnrollmentRequired(err) {
		t.Errorf("IsMFAEnrollmentRequired(%v) = false, want true", err)
	}
	if !c.LoggedIn() {
		t.Errorf("LoggedIn() = false after mfa_enrollment_required, want the session kept")
	}
}

func TestConfirmTOTPDecodes(t *testing.T) {
	_, c := newRecorder(t, http.StatusOK, `{"recovery_codes":["aaaa-bbbb-cccc-dddd","eeee-ffff-gggg-hhhh"]}`)
	rc, err := c.ConfirmTOTP(context.Background(), "123456")
	if err != nil || len(rc.RecoveryCodes) != 2 || rc.RecoveryCodes[1] != "eeee-ffff-gggg-hhhh" {
		t.Errorf("ConfirmTOTP() = %+v, %v, want the two codes", rc, err)
	}
}

func TestStartTOTPDecodes(t *testing.T) {
	_, c := newRecorder(t, http.StatusOK, `{"secret":"JBSWY3DPEHPK3PXP","otpauth_url":"otpauth://totp/hiregate:a@example.com?secret=JBSWY3DPEHPK3PXP"}`)
	e, err := c.StartTOTP(context.Background())
	if err != nil || e.Secret != "JBSWY3DPEHPK3PXP" || e.OTPAuthURL == "" {
		t.Errorf("StartTOTP() = %+v, %v, want the secret and URL", e, err)
	}
}
