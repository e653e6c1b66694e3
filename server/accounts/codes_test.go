package accounts_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/accounts"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/events/eventstest"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/testclock"
)

// codeEnv is env on a test clock shared by the store, the auth service and
// the accounts service, so that codes expire and throttles empty without
// sleeping. Mails stay in the outbox, where mailed reads them.
type codeEnv struct {
	env
	clock *testclock.Clock
}

func newCodeEnv(t *testing.T, opts ...accounts.Option) *codeEnv {
	t.Helper()
	clock := testclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "hiregate.db"))
	if err != nil {
		t.Fatalf("sqlite.Open() error = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = clock.Now
	a, err := auth.New(auth.Config{KeyDir: t.TempDir(), BcryptCost: bcrypt.MinCost, Now: clock.Now}, db, nil)
	if err != nil {
		t.Fatalf("auth.New() error = %v", err)
	}
	e := &codeEnv{env: env{auth: a, db: db, pub: &eventstest.Recorder{}}, clock: clock}
	opts = append([]accounts.Option{accounts.WithEvents(e.pub), accounts.WithCodeKey(a.CodeKey()), accounts.WithClock(clock.Now)}, opts...)
	e.acc = accounts.New(db, a, opts...)
	return e
}

// mailed claims every queued mail and returns the code of the last one of
// template sent to email ("" when none).
func (e *codeEnv) mailed(t *testing.T, template, email string) string {
	t.Helper()
	recs, err := e.db.ClaimMail(ctx, e.clock.Now(), time.Hour, 1000)
	if err != nil {
		t.Fatalf("ClaimMail() error = %v", err)
	}
	code := ""
	for _, r := range recs {
		if r.Template == template && r.To == email {
			code = r.Data[hiregate.MailKeyCode]
			if r.Data[accounts.MailKeyExpiresIn] == "" {
				t.Errorf("%s mail has no %s", template, accounts.MailKeyExpiresIn)
			}
		}
	}
	return code
}

func (e *codeEnv) register(t *testing.T, name string) *hiregate.User {
	t.Helper()
	u, err := e.acc.Register(ctx, hiregate.RegisterRequest{Email: name + "@example.com", Password: pw, FullName: "Test " + name}, from)
	if err != nil {
		t.Fatalf("Register(%s) error = %v", name, err)
	}
	return u
}

func isInvalidCode(err error) bool {
	he, ok := err.(*hiregate.Error)
	return ok && he.Code == hiregate.EBADREQUEST && he.OAuth == hiregate.ErrorInvalidCode
}

// sloppy is a code as a person might type it: lower case, no dash, 1 as l
// and 0 as o.
func sloppy(code string) string {
	s := strings.ToLower(strings.ReplaceAll(code, "-", ""))
	return strings.NewReplacer("1", "l", "0", "o").Replace(s)
}

func TestRegisterMailsVerificationCode(t *testing.T) {
	e := newCodeEnv(t)
	u := e.register(t, "ann")
	if u.EmailVerified || !u.NotifyEmail {
		t.Errorf("Register() = verified %v notify %v, want unverified, notify on", u.EmailVerified, u.NotifyEmail)
	}
	if ev := e.audit(t, hiregate.AuditUserCreated, u.ID); len(ev) != 1 || ev[0].Detail != "candidate "+accounts.BySelf {
		t.Errorf("user_created audit = %+v, want one %q", ev, "candidate "+accounts.BySelf)
	}
	code := e.mailed(t, hiregate.MailTemplateVerifyEmail, u.Email)
	if _, ok := hiregate.ParseOneTimeCode(code); !ok {
		t.Fatalf("mailed code %q is not a code", code)
	}
	p := e.signIn(t, u)
	if err := e.acc.VerifyEmail(ctx, p, hiregate.VerifyEmailRequest{Code: "0000-0000"}, from); !isInvalidCode(err) {
		t.Errorf("VerifyEmail(wrong) = %v, want invalid_code", err)
	}
	if err := e.acc.VerifyEmail(ctx, p, hiregate.VerifyEmailRequest{Code: sloppy(code)}, from); err != nil {
		t.Fatalf("VerifyEmail(%q) = %v", sloppy(code), err)
	}
	me, _ := e.acc.Me(ctx, p)
	if !me.EmailVerified {
		t.Error("Me().EmailVerified = false after VerifyEmail")
	}
	if ev := e.audit(t, hiregate.AuditEmailVerified, u.ID); len(ev) != 1 {
		t.Errorf("email_verified audit = %d entries, want 1", len(ev))
	}
	if err := e.acc.ResendVerification(ctx, p); hiregate.ErrorCode(err) != hiregate.ECONFLICT {
		t.Errorf("ResendVerification(verified) = %v, want ECONFLICT", err)
	}
}

func TestResendVerification(t *testing.T) {
	e := newCodeEnv(t)
	u := e.register(t, "ann")
	first := e.mailed(t, hiregate.MailTemplateVerifyEmail, u.Email)
	p := e.signIn(t, u)
	err := e.acc.ResendVerification(ctx, p)
	he, _ := err.(*hiregate.Error)
	if he == nil || he.Code != hiregate.ETHROTTLED || he.RetryAfter < 1 || he.RetryAfter > int(accounts.ResendEvery/time.Second) {
		t.Fatalf("ResendVerification(at once) = %v, want ETHROTTLED with a wait of at most %s", err, accounts.ResendEvery)
	}
	e.clock.Advance(accounts.ResendEvery)
	if err := e.acc.ResendVerification(ctx, p); err != nil {
		t.Fatalf("ResendVerification(a minute later) = %v", err)
	}
	second := e.mailed(t, hiregate.MailTemplateVerifyEmail, u.Email)
	if second == "" || second == first {
		t.Fatalf("resent code = %q, want a new one (first %q)", second, first)
	}
	// The new code replaced the old one.
	if err := e.acc.VerifyEmail(ctx, p, hiregate.VerifyEmailRequest{Code: first}, from); !isInvalidCode(err) {
		t.Errorf("VerifyEmail(replaced code) = %v, want invalid_code", err)
	}
	if err := e.acc.VerifyEmail(ctx, p, hiregate.VerifyEmailRequest{Code: second}, from); err != nil {
		t.Errorf("VerifyEmail(new code) = %v", err)
	}
}

func TestForgotPasswordSameForEveryAddress(t *testing.T) {
	e := newCodeEnv(t)
	ann := e.register(t, "ann")
	e.mailed(t, hiregate.MailTemplateVerifyEmail, ann.Email)
	off, err := e.acc.CreateUser(ctx, hiregate.CreateUserRequest{Email: "off@example.com", Password: pw, FullName: "Off", Role: hiregate.RoleRecruiter})
	if err != nil {
		t.Fatal(err)
	}
	admin := e.signIn(t, e.user(t, "root", hiregate.RoleAdmin))
	if _, err := e.acc.UpdateUser(ctx, admin, off.ID, hiregate.UpdateUserRequest{Active: ptr(false)}, from); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, email string
		mailed      bool
	}{
		{"Active", "  ANN@example.com ", true},
		{"Unknown", "nobody@example.com", false},
		{"Deactivated", "off@example.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Newest first is by time: each request gets its own moment.
			e.clock.Advance(time.Second)
			if err := e.acc.ForgotPassword(ctx, hiregate.ForgotPasswordRequest{Email: tt.email}, from); err != nil {
				t.Fatalf("ForgotPassword(%q) = %v, want nil", tt.email, err)
			}
			got := e.mailed(t, hiregate.MailTemplatePasswordReset, hiregate.NormalizeEmail(tt.email)) != ""
			if got != tt.mailed {
				t.Errorf("ForgotPassword(%q) mailed a code = %v, want %v", tt.email, got, tt.mailed)
			}
			ev, _, _ := e.db.ListAudit(ctx, hiregate.AuditFilter{Type: hiregate.AuditPasswordResetRequested, Limit: 1})
			if len(ev) != 1 || ev[0].Email != hiregate.NormalizeEmail(tt.email) {
				t.Errorf("password_reset_requested audit = %+v, want one for %s", ev, tt.email)
			}
		})
	}
	if err := e.acc.ForgotPassword(ctx, hiregate.ForgotPasswordRequest{Email: "not an address"}, from); hiregate.ErrorCode(err) != hiregate.EINVALID {
		t.Errorf("ForgotPassword(malformed) = %v, want EINVALID", err)
	}
}

func TestForgotPasswordThrottled(t *testing.T) {
	e := newCodeEnv(t)
	for i := 0; i < accounts.ForgotAccountLimit; i++ {
		if err := e.acc.ForgotPassword(ctx, hiregate.ForgotPasswordRequest{Email: "x@example.com"}, from); err != nil {
			t.Fatalf("ForgotPassword(%d) = %v", i+1, err)
		}
	}
	err := e.acc.ForgotPassword(ctx, hiregate.ForgotPasswordRequest{Email: "x@example.com"}, from)
	if he, _ := err.(*hiregate.Error); he == nil || he.Code != hiregate.ETHROTTLED || he.RetryAfter < 1 {
		t.Errorf("ForgotPassword(over the limit) = %v, want ETHROTTLED with Retry-After", err)
	}
	e.clock.Advance(hiregate.LoginWindow)
	if err := e.acc.ForgotPassword(ctx, hiregate.ForgotPasswordRequest{Email: "x@example.com"}, from); err != nil {
		t.Errorf("ForgotPassword(a window later) = %v", err)
	}
}

// resetEnv has ann, signed in twice, with a reset code asked for.
func resetEnv(t *testing.T) (e *codeEnv, ann *hiregate.User, sessions []*caller, code string) {
	t.Helper()
	e = newCodeEnv(t)
	ann = e.register(t, "ann")
	sessions = []*caller{e.signIn(t, ann), e.signIn(t, ann)}
	if err := e.acc.ForgotPassword(ctx, hiregate.ForgotPasswordRequest{Email: ann.Email}, from); err != nil {
		t.Fatal(err)
	}
	return e, ann, sessions, e.mailed(t, hiregate.MailTemplatePasswordReset, ann.Email)
}

func TestResetPassword(t *testing.T) {
	e, ann, sessions, code := resetEnv(t)
	const newPW = "a brand new password"
	if err := e.acc.ResetPassword(ctx, hiregate.ResetPasswordRequest{Email: ann.Email, Code: sloppy(code), NewPassword: newPW}, from); err != nil {
		t.Fatalf("ResetPassword() = %v", err)
	}
	for i, p := range sessions {
		if e.live(p) {
			t.Errorf("session %d live after a reset, want ended", i)
		}
	}
	if _, err := e.auth.Login(ctx, ann.Email, newPW, from); err != nil {
		t.Errorf("Login(new password) = %v", err)
	}
	if _, err := e.auth.Login(ctx, ann.Email, pw, from); hiregate.ErrorCode(err) != hiregate.EUNAUTHORIZED {
		t.Errorf("Login(old password) = %v, want EUNAUTHORIZED", err)
	}
	if ev := e.audit(t, hiregate.AuditPasswordReset, ann.ID); len(ev) != 1 {
		t.Errorf("password_reset audit = %d entries, want 1", len(ev))
	}
	revoked := false
	for _, ev := range e.pub.Take() {
		revoked = revoked || ev.Type == hiregate.EventSessionRevoked
	}
	if !revoked {
		t.Errorf("no %s event after a reset", hiregate.EventSessionRevoked)
	}
	// Single use.
	err := e.acc.ResetPassword(ctx, hiregate.ResetPasswordRequest{Email: ann.Email, Code: code, NewPassword: "yet another password"}, from)
	if !isInvalidCode(err) {
		t.Errorf("ResetPassword(spent code) = %v, want invalid_code", err)
	}
}

func TestResetPasswordRefused(t *testing.T) {
	tests := []struct {
		name string
		// do runs before the reset with the right code and returns the
		// code to send.
		do func(t *testing.T, e *codeEnv, ann *hiregate.User, code string) (email, sent string)
	}{
		{"Expired", func(t *testing.T, e *codeEnv, ann *hiregate.User, code string) (string, string) {
			e.clock.Advance(hiregate.CodePasswordReset.TTL())
			return ann.Email, code
		}},
		{"BurntAfterFiveWrong", func(t *testing.T, e *codeEnv, ann *hiregate.User, code string) (string, string) {
			for i := 0; i < hiregate.CodeMaxTries; i++ {
				err := e.acc.ResetPassword(ctx, hiregate.ResetPasswordRequest{Email: ann.Email, Code: "ZZZZ-ZZZZ", NewPassword: "whatever it is"}, from)
				if !isInvalidCode(err) {
					t.Fatalf("ResetPassword(wrong %d) = %v, want invalid_code", i+1, err)
				}
			}
			return ann.Email, code
		}},
		{"Replaced", func(t *testing.T, e *codeEnv, ann *hiregate.User, code string) (string, string) {
			if err := e.acc.ForgotPassword(ctx, hiregate.ForgotPasswordRequest{Email: ann.Email}, from); err != nil {
				t.Fatal(err)
			}
			return ann.Email, code
		}},
		{"OtherAccount", func(t *testing.T, e *codeEnv, ann *hiregate.User, code string) (string, string) {
			e.register(t, "bob")
			return "bob@example.com", code
		}},
		{"UnknownAccount", func(t *testing.T, e *codeEnv, ann *hiregate.User, code string) (string, string) {
			return "nobody@example.com", code
		}},
		{"NotACode", func(t *testing.T, e *codeEnv, ann *hiregate.User, code string) (string, string) {
			return ann.Email, "not-a-code!"
		}},
		{"VerificationCode", func(t *testing.T, e *codeEnv, ann *hiregate.User, code string) (string, string) {
			e.clock.Advance(accounts.ResendEvery)
			if err := e.acc.ResendVerification(ctx, e.signIn(t, ann)); err != nil {
				t.Fatal(err)
			}
			return ann.Email, e.mailed(t, hiregate.MailTemplateVerifyEmail, ann.Email)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ann, sessions, code := resetEnv(t)
			email, sent := tt.do(t, e, ann, code)
			err := e.acc.ResetPassword(ctx, hiregate.ResetPasswordRequest{Email: email, Code: sent, NewPassword: "a brand new password"}, from)
			if !isInvalidCode(err) {
				t.Fatalf("ResetPassword() = %v, want invalid_code", err)
			}
			if !e.live(sessions[0]) {
				t.Error("a refused reset ended a session")
			}
			if _, err := e.auth.Login(ctx, ann.Email, pw, from); err != nil {
				t.Errorf("Login(old password) after a refused reset = %v", err)
			}
		})
	}
}

func TestResetPasswordKeepsSecondFactor(t *testing.T) {
	e, ann, _, code := resetEnv(t)
	if err := e.db.PutPendingTOTP(ctx, ann.ID, []byte("sealed"), e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := e.db.EnableTOTP(ctx, ann.ID, []byte("sealed"), 1, []string{"h"}, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := e.acc.ResetPassword(ctx, hiregate.ResetPasswordRequest{Email: ann.Email, Code: code, NewPassword: "a brand new password"}, from); err != nil {
		t.Fatal(err)
	}
	u, err := e.db.UserByID(ctx, ann.ID)
	if err != nil || !u.MFA {
		t.Errorf("after a reset MFA = %v (%v), want still on", u != nil && u.MFA, err)
	}
	_, err = e.auth.Login(ctx, ann.Email, "a brand new password", from)
	if he, _ := err.(*hiregate.Error); he == nil || he.OAuth != hiregate.OAuthMFARequired {
		t.Errorf("Login(new password) = %v, want mfa_required", err)
	}
}

func TestResetPasswordThrottled(t *testing.T) {
	e, ann, _, code := resetEnv(t)
	// Each wrong code is a try; a new code every five keeps the code
	// alive, so only the throttle stops the guessing.
	for i := 0; i < accounts.CodeAccountLimit; i++ {
		if i%hiregate.CodeMaxTries == hiregate.CodeMaxTries-1 {
			_ = e.acc.ForgotPassword(ctx, hiregate.ForgotPasswordRequest{Email: ann.Email}, from)
			code = e.mailed(t, hiregate.MailTemplatePasswordReset, ann.Email)
		}
		_ = e.acc.ResetPassword(ctx, hiregate.ResetPasswordRequest{Email: ann.Email, Code: "ZZZZ-ZZZZ", NewPassword: "whatever it is"}, from)
	}
	err := e.acc.ResetPassword(ctx, hiregate.ResetPasswordRequest{Email: ann.Email, Code: code, NewPassword: "a brand new password"}, from)
	if hiregate.ErrorCode(err) != hiregate.ETHROTTLED {
		t.Errorf("ResetPassword(past the limit, right code) = %v, want ETHROTTLED", err)
	}
}

func TestInvitation(t *testing.T) {
	e := newCodeEnv(t)
	admin := e.signIn(t, e.user(t, "root", hiregate.RoleAdmin))
	u, err := e.acc.CreateUserByAdmin(ctx, admin, hiregate.CreateUserRequest{Email: "rita@example.com", FullName: "Rita", Role: hiregate.RoleRecruiter}, from)
	if err != nil {
		t.Fatalf("CreateUserByAdmin(no password) = %v", err)
	}
	if u.Active {
		t.Error("an invited account is active before it accepts")
	}
	if ev := e.audit(t, hiregate.AuditUserCreated, u.ID); len(ev) != 1 || !strings.Contains(ev[0].Detail, "recruiter by admin root@example.com") || !strings.Contains(ev[0].Detail, "invited") {
		t.Errorf("user_created audit = %+v, want the role, the admin and the invitation", ev)
	}
	code := e.mailed(t, hiregate.MailTemplateInvitation, u.Email)
	if _, err := e.auth.Login(ctx, u.Email, pw, from); hiregate.ErrorCode(err) != hiregate.EUNAUTHORIZED {
		t.Errorf("Login(before accepting) = %v, want EUNAUTHORIZED", err)
	}
	if err := e.acc.AcceptInvitation(ctx, hiregate.AcceptInvitationRequest{Email: u.Email, Code: "ZZZZ-ZZZZ", Password: pw}, from); !isInvalidCode(err) {
		t.Errorf("AcceptInvitation(wrong code) = %v, want invalid_code", err)
	}
	e.clock.Advance(hiregate.CodeInvitation.TTL() - time.Minute)
	if err := e.acc.AcceptInvitation(ctx, hiregate.AcceptInvitationRequest{Email: u.Email, Code: code, Password: pw}, from); err != nil {
		t.Fatalf("AcceptInvitation() = %v", err)
	}
	got, _ := e.db.UserByID(ctx, u.ID)
	if !got.Active || !got.EmailVerified {
		t.Errorf("after accepting: active %v verified %v, want both", got.Active, got.EmailVerified)
	}
	if _, err := e.auth.Login(ctx, u.Email, pw, from); err != nil {
		t.Errorf("Login(after accepting) = %v", err)
	}
	if ev := e.audit(t, hiregate.AuditInvitationAccepted, u.ID); len(ev) != 1 {
		t.Errorf("invitation_accepted audit = %d entries, want 1", len(ev))
	}
	if err := e.acc.AcceptInvitation(ctx, hiregate.AcceptInvitationRequest{Email: u.Email, Code: code, Password: pw}, from); !isInvalidCode(err) {
		t.Errorf("AcceptInvitation(again) = %v, want invalid_code", err)
	}
}

// TestInvitationNeedsMail: on a server that sends no mail an invitation
// is refused aloud (its code could never arrive), and nothing is made;
// an account with a password is still made.
func TestInvitationNeedsMail(t *testing.T) {
	e := newCodeEnv(t, accounts.WithoutMail())
	admin := e.signIn(t, e.user(t, "root", hiregate.RoleAdmin))
	_, err := e.acc.CreateUserByAdmin(ctx, admin, hiregate.CreateUserRequest{Email: "rita@example.com", FullName: "Rita", Role: hiregate.RoleRecruiter}, from)
	var he *hiregate.Error
	if !errors.As(err, &he) || he.Code != hiregate.EINVALID || !strings.Contains(he.Fields["password"], "sends no mail") {
		t.Fatalf("CreateUserByAdmin(no password, mail off) = %v, want 422 on password saying mail is off", err)
	}
	if _, err := e.db.UserByEmail(ctx, "rita@example.com"); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Errorf("UserByEmail(refused invitation) = %v, want no account", err)
	}
	if _, err := e.acc.CreateUserByAdmin(ctx, admin, hiregate.CreateUserRequest{Email: "rita@example.com", FullName: "Rita", Role: hiregate.RoleRecruiter, Password: pw}, from); err != nil {
		t.Errorf("CreateUserByAdmin(with a password, mail off) = %v", err)
	}
}

func TestInvitationExpires(t *testing.T) {
	e := newCodeEnv(t)
	admin := e.signIn(t, e.user(t, "root", hiregate.RoleAdmin))
	u, err := e.acc.CreateUserByAdmin(ctx, admin, hiregate.CreateUserRequest{Email: "rita@example.com", FullName: "Rita", Role: hiregate.RoleRecruiter}, from)
	if err != nil {
		t.Fatal(err)
	}
	code := e.mailed(t, hiregate.MailTemplateInvitation, u.Email)
	e.clock.Advance(hiregate.CodeInvitation.TTL())
	if err := e.acc.AcceptInvitation(ctx, hiregate.AcceptInvitationRequest{Email: u.Email, Code: code, Password: pw}, from); !isInvalidCode(err) {
		t.Errorf("AcceptInvitation(after 7 days) = %v, want invalid_code", err)
	}
}

func TestRequireVerifiedEmail(t *testing.T) {
	for _, require := range []bool{false, true} {
		e := newCodeEnv(t, accounts.WithRequireVerifiedEmail(require))
		u := e.register(t, "ann")
		code := e.mailed(t, hiregate.MailTemplateVerifyEmail, u.Email)
		p := e.signIn(t, u)
		err := e.acc.MayApply(ctx, p)
		if he, _ := err.(*hiregate.Error); require != (he != nil && he.Code == hiregate.EFORBIDDEN && he.OAuth == hiregate.ErrorEmailUnverified) {
			t.Errorf("require=%v: MayApply(unverified) = %v", require, err)
		}
		if err := e.acc.VerifyEmail(ctx, p, hiregate.VerifyEmailRequest{Code: code}, from); err != nil {
			t.Fatal(err)
		}
		if err := e.acc.MayApply(ctx, p); err != nil {
			t.Errorf("require=%v: MayApply(verified) = %v", require, err)
		}
	}
}

func TestUpdateMeNotifyEmail(t *testing.T) {
	e := newCodeEnv(t)
	p := e.signIn(t, e.register(t, "ann"))
	u, err := e.acc.UpdateMe(ctx, p, hiregate.UpdateMeRequest{NotifyEmail: ptr(false)})
	if err != nil || u.NotifyEmail {
		t.Fatalf("UpdateMe(notify off) = %+v, %v", u, err)
	}
	if _, err := e.acc.UpdateMe(ctx, p, hiregate.UpdateMeRequest{}); hiregate.ErrorCode(err) != hiregate.EINVALID {
		t.Errorf("UpdateMe(nothing) = %v, want EINVALID", err)
	}
}
