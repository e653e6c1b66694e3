package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/accounts"
	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/mail/smtptest"
	"github.com/hiregate/hiregate/server/totp"
	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/testclock"
)

// mailEnv is a real server sending real mail over SMTP to an in-process
// SMTP server, on a test clock. Codes are read out of the mails received,
// as a person would.
type mailEnv struct {
	a     *app.App
	smtp  *smtptest.Server
	clock *testclock.Clock
	seen  int // mails already read
}

func newMailEnv(t *testing.T, opts ...func(*config.Config)) *mailEnv {
	t.Helper()
	srv := smtptest.Start(t, smtptest.Options{})
	cfg := mailConfig(t, srv)
	cfg.Demo = true
	for _, o := range opts {
		o(&cfg)
	}
	e := &mailEnv{smtp: srv, clock: testclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))}
	a, err := app.Open(context.Background(), cfg, nil, trust(srv), app.WithClock(e.clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	e.a = a
	return e
}

var codeInMail = regexp.MustCompile(`\b[0-9A-Z]{4}-[0-9A-Z]{4}\b`)

// code waits for the next mail, checks it went to email, and returns the
// code in it.
func (e *mailEnv) code(t *testing.T, email string) string {
	t.Helper()
	msgs := e.smtp.Wait(t, e.seen+1)
	m := msgs[e.seen]
	e.seen++
	if !slices.Contains(m.To, email) {
		t.Fatalf("next mail went to %v, want %s", m.To, email)
	}
	code := codeInMail.FindString(m.Text())
	if code == "" {
		t.Fatalf("no code in the mail to %s: %q", email, m.Text())
	}
	return code
}

func (e *mailEnv) client(t *testing.T) *client.Client {
	t.Helper()
	c, err := client.New(e.a.URL())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *mailEnv) login(t *testing.T, email, password string) *client.Client {
	t.Helper()
	c := e.client(t)
	if _, err := c.Login(context.Background(), email, password); err != nil {
		t.Fatalf("Login(%s) = %v", email, err)
	}
	return c
}

func wantInvalidCode(t *testing.T, what string, err error) {
	t.Helper()
	he, ok := err.(*hiregate.Error)
	if !ok || he.Code != hiregate.EBADREQUEST || he.OAuth != hiregate.ErrorInvalidCode {
		t.Fatalf("%s = %v, want 400 invalid_code", what, err)
	}
}

const demoPW = "demo-password"

func TestAccountsByMailRegisterAndVerify(t *testing.T) {
	ctx := context.Background()
	e := newMailEnv(t, func(c *config.Config) { c.RequireVerifiedEmail = true })
	c := e.client(t)
	if _, err := c.Register(ctx, hiregate.RegisterRequest{Email: "zoe@example.com", Password: "zoe-password", FullName: "Zoë"}); err != nil {
		t.Fatal(err)
	}
	code := e.code(t, "zoe@example.com")
	c = e.login(t, "zoe@example.com", "zoe-password")
	me, _ := c.Me(ctx)
	if me.EmailVerified || !me.NotifyEmail {
		t.Errorf("new user: email_verified %v notify_email %v, want false, true", me.EmailVerified, me.NotifyEmail)
	}
	jobs, err := c.ListJobs(ctx, hiregate.JobFilter{})
	if err != nil || len(jobs.Items) == 0 {
		t.Fatalf("ListJobs() = %v, %v (an unverified candidate may browse)", jobs, err)
	}
	_, err = c.Apply(ctx, jobs.Items[0].ID, hiregate.CreateApplicationRequest{CoverLetter: "Hi", ResumeText: "Go"})
	if he, _ := err.(*hiregate.Error); he == nil || he.Code != hiregate.EFORBIDDEN || he.OAuth != hiregate.ErrorEmailUnverified {
		t.Fatalf("Apply(unverified) = %v, want 403 email_unverified", err)
	}
	// Resend at once: throttled, with the wait.
	err = c.ResendVerification(ctx)
	if he, _ := err.(*hiregate.Error); he == nil || he.Code != hiregate.ETHROTTLED || he.RetryAfter < 1 {
		t.Fatalf("ResendVerification(at once) = %v, want 429 with Retry-After", err)
	}
	e.clock.Advance(accounts.ResendEvery)
	if err := c.ResendVerification(ctx); err != nil {
		t.Fatalf("ResendVerification(a minute later) = %v", err)
	}
	fresh := e.code(t, "zoe@example.com")
	wantInvalidCode(t, "VerifyEmail(replaced code)", c.VerifyEmail(ctx, code))
	if err := c.VerifyEmail(ctx, strings.ToLower(strings.ReplaceAll(fresh, "-", ""))); err != nil {
		t.Fatalf("VerifyEmail(lower case, no dash) = %v", err)
	}
	if me, _ := c.Me(ctx); !me.EmailVerified {
		t.Error("email_verified false after verifying")
	}
	if _, err := c.Apply(ctx, jobs.Items[0].ID, hiregate.CreateApplicationRequest{CoverLetter: "Hi", ResumeText: "Go"}); err != nil {
		t.Errorf("Apply(verified) = %v", err)
	}
	me, err = c.UpdateMe(ctx, hiregate.UpdateMeRequest{NotifyEmail: new(false)})
	if err != nil || me.NotifyEmail {
		t.Errorf("UpdateMe(notify off) = %+v, %v", me, err)
	}
	admin := e.login(t, "admin@example.com", demoPW)
	ev, err := admin.Audit(ctx, hiregate.AuditFilter{Type: hiregate.AuditUserCreated, UserID: me.ID})
	if err != nil || len(ev.Items) != 1 || !strings.Contains(ev.Items[0].Detail, "candidate by self-registration") {
		t.Errorf("user_created audit of a registration = %+v, %v", ev, err)
	}
}

// post sends body to path and returns the status and the body.
func post(t *testing.T, url, path, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAccountsByMailPasswordReset(t *testing.T) {
	ctx := context.Background()
	e := newMailEnv(t)
	const who = "candidate@example.com"
	// A second factor, which the reset must leave alone.
	c1 := e.login(t, who, demoPW)
	en, err := c1.StartTOTP(ctx)
	if err != nil {
		t.Fatal(err)
	}
	otp, _ := totp.Code(en.Secret, e.clock.Now())
	if _, err := c1.ConfirmTOTP(ctx, otp); err != nil {
		t.Fatal(err)
	}

	// No enumeration: the same status and body for every address.
	known, knownBody := post(t, e.a.URL(), "/auth/password/forgot", `{"email":"Candidate@Example.com"}`)
	unknown, unknownBody := post(t, e.a.URL(), "/auth/password/forgot", `{"email":"nobody@example.com"}`)
	if known != http.StatusAccepted || unknown != known || knownBody != unknownBody {
		t.Fatalf("forgot: known %d %s, unknown %d %s, want the same 202", known, knownBody, unknown, unknownBody)
	}
	var body hiregate.Accepted
	if err := json.NewDecoder(bytes.NewReader([]byte(knownBody))).Decode(&body); err != nil || body.Detail == "" {
		t.Errorf("forgot body %q, want {\"detail\": ...}", knownBody)
	}
	code := e.code(t, who)
	if n := len(e.smtp.Messages()); n != 1 {
		t.Errorf("%d mails after asking for two addresses, want 1 (none to an unknown address)", n)
	}

	wantInvalidCode(t, "ResetPassword(wrong code)", e.client(t).ResetPassword(ctx, hiregate.ResetPasswordRequest{Email: who, Code: "ZZZZ-ZZZZ", NewPassword: "a new password"}))
	st, b := post(t, e.a.URL(), "/auth/password/reset", `{"email":"`+who+`","code":"ZZZZ-ZZZZ","new_password":"a new password"}`)
	if st != http.StatusBadRequest || !strings.Contains(b, `"error":"invalid_code"`) {
		t.Errorf("reset with a wrong code = %d %s, want 400 invalid_code", st, b)
	}
	if err := e.client(t).ResetPassword(ctx, hiregate.ResetPasswordRequest{Email: who, Code: code, NewPassword: "a new password"}); err != nil {
		t.Fatalf("ResetPassword() = %v", err)
	}
	if _, err := c1.Me(ctx); hiregate.ErrorCode(err) != hiregate.EUNAUTHORIZED {
		t.Errorf("a session from before the reset: Me() = %v, want 401", err)
	}
	_, err = e.client(t).Login(ctx, who, "a new password")
	if _, ok := hiregate.IsMFARequired(err); !ok {
		t.Errorf("Login(new password) = %v, want mfa_required (the second factor survives)", err)
	}
	wantInvalidCode(t, "ResetPassword(spent code)", e.client(t).ResetPassword(ctx, hiregate.ResetPasswordRequest{Email: who, Code: code, NewPassword: "another password"}))

	admin := e.login(t, "admin@example.com", demoPW)
	for _, typ := range []hiregate.AuditType{hiregate.AuditPasswordResetRequested, hiregate.AuditPasswordReset} {
		ev, err := admin.Audit(ctx, hiregate.AuditFilter{Type: typ})
		if err != nil || len(ev.Items) == 0 {
			t.Errorf("audit %s = %+v, %v, want entries", typ, ev, err)
		}
		for _, it := range ev.Items {
			if strings.Contains(it.Detail, code) {
				t.Errorf("audit %s holds the code: %q", typ, it.Detail)
			}
		}
	}
}

func TestAccountsByMailResetBurnAndExpiry(t *testing.T) {
	ctx := context.Background()
	e := newMailEnv(t)
	const who = "recruiter@example.com"
	forgot := func() string {
		t.Helper()
		if err := e.client(t).ForgotPassword(ctx, who); err != nil {
			t.Fatal(err)
		}
		return e.code(t, who)
	}
	reset := func(code string) error {
		return e.client(t).ResetPassword(ctx, hiregate.ResetPasswordRequest{Email: who, Code: code, NewPassword: "a new password"})
	}
	code := forgot()
	for i := 0; i < hiregate.CodeMaxTries; i++ {
		wantInvalidCode(t, "ResetPassword(wrong)", reset("ZZZZ-ZZZZ"))
	}
	wantInvalidCode(t, "ResetPassword(right code after 5 wrong)", reset(code))

	code = forgot()
	e.clock.Advance(hiregate.CodePasswordReset.TTL())
	wantInvalidCode(t, "ResetPassword(after 15 minutes)", reset(code))
	e.login(t, who, demoPW)

	// Asking too often for one address is throttled.
	e.clock.Advance(hiregate.LoginWindow)
	var err error
	for i := 0; i <= accounts.ForgotAccountLimit && err == nil; i++ {
		err = e.client(t).ForgotPassword(ctx, who)
	}
	if he, _ := err.(*hiregate.Error); he == nil || he.Code != hiregate.ETHROTTLED || he.RetryAfter < 1 {
		t.Errorf("ForgotPassword(over the limit) = %v, want 429 with Retry-After", err)
	}
}

func TestAccountsByMailInvitation(t *testing.T) {
	ctx := context.Background()
	e := newMailEnv(t)
	admin := e.login(t, "admin@example.com", demoPW)
	u, err := admin.CreateUser(ctx, hiregate.CreateUserRequest{Email: "rita@example.com", FullName: "Rita Recruiter", Role: hiregate.RoleRecruiter})
	if err != nil {
		t.Fatalf("CreateUser(no password) = %v", err)
	}
	if u.Active {
		t.Error("invited account active before accepting")
	}
	code := e.code(t, "rita@example.com")
	if !strings.Contains(e.smtp.Messages()[0].Text(), "admin@example.com") {
		t.Errorf("invitation does not say who invited: %q", e.smtp.Messages()[0].Text())
	}
	wantInvalidCode(t, "AcceptInvitation(wrong code)", e.client(t).AcceptInvitation(ctx, hiregate.AcceptInvitationRequest{Email: "rita@example.com", Code: "ZZZZ-ZZZZ", Password: "rita-password"}))
	if err := e.client(t).AcceptInvitation(ctx, hiregate.AcceptInvitationRequest{Email: "rita@example.com", Code: code, Password: "rita-password"}); err != nil {
		t.Fatalf("AcceptInvitation() = %v", err)
	}
	me, err := e.login(t, "rita@example.com", "rita-password").Me(ctx)
	if err != nil || !me.Active || !me.EmailVerified || me.Role != hiregate.RoleRecruiter {
		t.Errorf("after accepting: %+v, %v", me, err)
	}
	for _, typ := range []hiregate.AuditType{hiregate.AuditUserCreated, hiregate.AuditInvitationAccepted} {
		ev, err := admin.Audit(ctx, hiregate.AuditFilter{Type: typ, UserID: u.ID})
		if err != nil || len(ev.Items) != 1 {
			t.Errorf("audit %s of the invited user = %+v, %v, want one", typ, ev, err)
		}
	}
	// Reactivation by an admin is audited too.
	if _, err := admin.UpdateUser(ctx, u.ID, hiregate.UpdateUserRequest{Active: new(false)}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.UpdateUser(ctx, u.ID, hiregate.UpdateUserRequest{Active: new(true)}); err != nil {
		t.Fatal(err)
	}
	if ev, err := admin.Audit(ctx, hiregate.AuditFilter{Type: hiregate.AuditReactivated, UserID: u.ID}); err != nil || len(ev.Items) != 1 {
		t.Errorf("reactivated audit = %+v, %v, want one", ev, err)
	}
}

// TestDemoAccountsVerified: the demo's people can be notified at once.
func TestDemoAccountsVerified(t *testing.T) {
	e := newMailEnv(t)
	me, err := e.login(t, "candidate@example.com", demoPW).Me(context.Background())
	if err != nil || !me.EmailVerified || !me.NotifyEmail {
		t.Errorf("demo candidate = %+v, %v, want verified with notifications on", me, err)
	}
}
