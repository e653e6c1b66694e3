package auth_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/totp"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// enrol turns TOTP on for email and returns the secret and recovery codes.
func (e *env) enrol(tb testing.TB, email string) (secret string, codes []string) {
	tb.Helper()
	p := e.auth(tb, e.login(tb, email))
	en, err := e.svc.StartTOTP(ctx, p)
	if err != nil {
		tb.Fatalf("StartTOTP() error = %v", err)
	}
	rc, err := e.svc.ConfirmTOTP(ctx, p, hiregate.CodeRequest{Code: e.code(tb, en.Secret)}, client)
	if err != nil {
		tb.Fatalf("ConfirmTOTP() error = %v", err)
	}
	// The confirming code's step is spent: later logins need the next one.
	e.clk.Advance(hiregate.TOTPPeriod)
	return en.Secret, rc.RecoveryCodes
}

func (e *env) code(tb testing.TB, secret string) string {
	tb.Helper()
	c, err := totp.Code(secret, e.clk.Now())
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// challenge signs in with the password and returns the mfa_token.
func (e *env) challenge(tb testing.TB, email string) string {
	tb.Helper()
	_, err := e.svc.Login(ctx, email, pw, client)
	tok, ok := hiregate.IsMFARequired(err)
	if !ok {
		tb.Fatalf("Login(%s) error = %v, want mfa_required", email, err)
	}
	he := wantErr(tb, err, hiregate.EFORBIDDEN, hiregate.MsgMFARequired)
	if he.OAuth != hiregate.OAuthMFARequired {
		tb.Fatalf("Login() OAuth = %q, want mfa_required", he.OAuth)
	}
	return tok
}

func TestMFALifecycle(t *testing.T) {
	forEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t)
		u := e.user(t, "rec@example.com", hiregate.RoleRecruiter)
		p := e.auth(t, e.login(t, "rec@example.com"))

		en, err := e.svc.StartTOTP(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(en.OTPAuthURL, "otpauth://totp/hiregate:rec@example.com?") || len(en.Secret) != 32 {
			t.Fatalf("StartTOTP() = %+v, want a 32-character secret and its otpauth URL", en)
		}
		rec, err := e.db.TOTP(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(rec.Secret), en.Secret) {
			t.Errorf("stored secret holds the clear secret")
		}

		// A wrong code does not enable anything and is audited.
		wrong := "000000"
		if e.code(t, en.Secret) == wrong {
			wrong = "111111"
		}
		_, err = e.svc.ConfirmTOTP(ctx, p, hiregate.CodeRequest{Code: wrong}, client)
		if he := wantErr(t, err, hiregate.EINVALID, ""); he.Fields["code"] != "incorrect" {
			t.Fatalf("ConfirmTOTP(wrong) fields = %v, want code: incorrect", he.Fields)
		}
		if got := e.events(t, hiregate.AuditMFAFailed); len(got) != 1 {
			t.Fatalf("mfa_failed events = %d, want 1", len(got))
		}
		// Still one step: the pending enrolment is not on.
		e.login(t, "rec@example.com")

		rc, err := e.svc.ConfirmTOTP(ctx, p, hiregate.CodeRequest{Code: e.code(t, en.Secret)}, client)
		if err != nil {
			t.Fatal(err)
		}
		if len(rc.RecoveryCodes) != hiregate.RecoveryCodeCount {
			t.Fatalf("recovery codes = %d, want %d", len(rc.RecoveryCodes), hiregate.RecoveryCodeCount)
		}
		seen := map[string]bool{}
		for _, c := range rc.RecoveryCodes {
			if k, _ := hiregate.ParseCode(c); k != hiregate.CodeRecovery || seen[c] {
				t.Fatalf("recovery code %q is malformed or repeated", c)
			}
			seen[c] = true
		}
		if got, _ := e.db.UserByID(ctx, u.ID); !got.MFA {
			t.Fatalf("user.MFA = false after confirmation, want true")
		}
		if got := e.events(t, hiregate.AuditMFAEnabled); len(got) != 1 || got[0].UserID != u.ID {
			t.Fatalf("mfa_enabled events = %+v, want one for the user", got)
		}
		if _, err := e.svc.StartTOTP(ctx, p); hiregate.ErrorCode(err) != hiregate.ECONFLICT {
			t.Fatalf("StartTOTP(enabled) error = %v, want ECONFLICT", err)
		}

		// The code that confirmed cannot sign in: its step is spent.
		tok := e.challenge(t, "rec@example.com")
		_, err = e.svc.LoginMFA(ctx, tok, e.code(t, en.Secret), "", client)
		he := wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCode)
		if he.OAuth != hiregate.OAuthInvalidGrant {
			t.Fatalf("LoginMFA(replayed) OAuth = %q, want invalid_grant", he.OAuth)
		}

		// The next step's code signs in.
		e.clk.Advance(hiregate.TOTPPeriod)
		code := e.code(t, en.Secret)
		tr, err := e.svc.LoginMFA(ctx, tok, code, "REC@example.com ", client)
		if err != nil {
			t.Fatalf("LoginMFA() error = %v", err)
		}
		if pp := e.auth(t, tr); pp.UserID != u.ID || !pp.MFA {
			t.Fatalf("Authenticate(mfa login) = %+v, want the user with MFA", pp)
		}

		// Replayed code: refused even with a fresh token.
		tok2 := e.challenge(t, "rec@example.com")
		_, err = e.svc.LoginMFA(ctx, tok2, code, "", client)
		wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCode)
		// The spent token is refused.
		_, err = e.svc.LoginMFA(ctx, tok, code, "", client)
		wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgMFATokenInvalid)

		// A recovery code works once, in any spelling.
		rcode := strings.ToUpper(strings.ReplaceAll(rc.RecoveryCodes[3], "-", " "))
		if _, err := e.svc.LoginMFA(ctx, tok2, rcode, "", client); err != nil {
			t.Fatalf("LoginMFA(recovery code) error = %v", err)
		}
		tok3 := e.challenge(t, "rec@example.com")
		_, err = e.svc.LoginMFA(ctx, tok3, rc.RecoveryCodes[3], "", client)
		wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCode)
		if !slices.ContainsFunc(e.events(t, hiregate.AuditLoginOK), func(ev hiregate.AuditEvent) bool {
			return ev.Detail == "with a recovery code (9 left)"
		}) {
			t.Errorf("no login_ok event says \"with a recovery code (9 left)\"")
		}

		// Disable with a wrong code, then a right one.
		e.clk.Advance(hiregate.TOTPPeriod)
		err = e.svc.DisableTOTP(ctx, p, hiregate.CodeRequest{Code: rc.RecoveryCodes[3]}, client)
		wantErr(t, err, hiregate.EINVALID, "")
		if err := e.svc.DisableTOTP(ctx, p, hiregate.CodeRequest{Code: e.code(t, en.Secret)}, client); err != nil {
			t.Fatalf("DisableTOTP() error = %v", err)
		}
		if got := e.events(t, hiregate.AuditMFADisabled); len(got) != 1 {
			t.Errorf("mfa_disabled events = %d, want 1", len(got))
		}
		e.login(t, "rec@example.com") // one step again
		err = e.svc.DisableTOTP(ctx, p, hiregate.CodeRequest{Code: "123456"}, client)
		wantErr(t, err, hiregate.ECONFLICT, "Second factor is not enabled")

		audit := e.allAudit(t)
		for _, secret := range append([]string{en.Secret, tok, tok2, code}, rc.RecoveryCodes...) {
			if strings.Contains(audit, secret) {
				t.Errorf("audit log contains a secret %q", secret)
			}
		}
	})
}

func TestMFAWrongCodesThrottled(t *testing.T) {
	forEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t, func(c *auth.Config) { c.AccountLimit = 3 })
		e.user(t, "rec@example.com", hiregate.RoleRecruiter)
		secret, _ := e.enrol(t, "rec@example.com")
		tok := e.challenge(t, "rec@example.com")
		right := e.code(t, secret)
		wrong := "000000"
		if right == wrong {
			wrong = "111111"
		}
		for range 3 {
			_, err := e.svc.LoginMFA(ctx, tok, wrong, "", client)
			wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCode)
		}
		// Throttled now, the right code too, or the answer would say
		// which code was right.
		_, err := e.svc.LoginMFA(ctx, tok, right, "", client)
		he := wantErr(t, err, hiregate.ETHROTTLED, "")
		if he.RetryAfter < 1 {
			t.Errorf("RetryAfter = %d, want at least 1", he.RetryAfter)
		}
		if got := e.events(t, hiregate.AuditMFAFailed); len(got) != 3 {
			t.Errorf("mfa_failed events = %d, want 3", len(got))
		}
		// Once the window passes, the right code (of the new step) works.
		e.clk.Advance(hiregate.LoginWindow)
		tok = e.challenge(t, "rec@example.com")
		if _, err := e.svc.LoginMFA(ctx, tok, e.code(t, secret), "", client); err != nil {
			t.Errorf("LoginMFA() after the window = %v, want success", err)
		}
	})
}

func TestMFATokenRules(t *testing.T) {
	forEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t)
		e.user(t, "a@example.com", hiregate.RoleRecruiter)
		e.user(t, "b@example.com", hiregate.RoleRecruiter)
		secretA, _ := e.enrol(t, "a@example.com")
		secretB, _ := e.enrol(t, "b@example.com")

		t.Run("Expired", func(t *testing.T) {
			tok := e.challenge(t, "a@example.com")
			e.clk.Advance(hiregate.MFATokenTTL)
			_, err := e.svc.LoginMFA(ctx, tok, e.code(t, secretA), "", client)
			wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgMFATokenInvalid)
		})
		t.Run("Unknown", func(t *testing.T) {
			_, err := e.svc.LoginMFA(ctx, "made-up", "123456", "", client)
			wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgMFATokenInvalid)
			_, err = e.svc.LoginMFA(ctx, strings.Repeat("x", 5000), "123456", "", client)
			wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgMFATokenInvalid)
		})
		t.Run("Missing", func(t *testing.T) {
			_, err := e.svc.LoginMFA(ctx, "", "123456", "", client)
			he := wantErr(t, err, hiregate.EBADREQUEST, "")
			if he.OAuth != hiregate.OAuthInvalidRequest {
				t.Errorf("OAuth = %q, want invalid_request", he.OAuth)
			}
		})
		t.Run("OtherAccountsCode", func(t *testing.T) {
			e.clk.Advance(hiregate.TOTPPeriod)
			tokA := e.challenge(t, "a@example.com")
			// B's valid code does not finish A's login.
			_, err := e.svc.LoginMFA(ctx, tokA, e.code(t, secretB), "", client)
			if e.code(t, secretB) != e.code(t, secretA) {
				wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCode)
			}
			// Naming B with A's token is refused before any code is read.
			_, err = e.svc.LoginMFA(ctx, tokA, e.code(t, secretB), "b@example.com", client)
			wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgMFATokenInvalid)
			// A's token still finishes A's own login, as A.
			tr, err := e.svc.LoginMFA(ctx, tokA, e.code(t, secretA), "a@example.com", client)
			if err != nil {
				t.Fatal(err)
			}
			if p := e.auth(t, tr); p.UserID != e.userID(t, "a@example.com") {
				t.Errorf("signed in as %s, want a", p.UserID)
			}
		})
		t.Run("DeactivatedMeanwhile", func(t *testing.T) {
			e.clk.Advance(hiregate.TOTPPeriod)
			tok := e.challenge(t, "b@example.com")
			e.setUser(t, e.userID(t, "b@example.com"), hiregate.RoleRecruiter, false)
			_, err := e.svc.LoginMFA(ctx, tok, e.code(t, secretB), "", client)
			wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgMFATokenInvalid)
		})
	})
}

func TestMFAWrongPasswordStaysOneStep(t *testing.T) {
	e := newEnv(t)
	e.user(t, "a@example.com", hiregate.RoleRecruiter)
	e.enrol(t, "a@example.com")
	_, err := e.svc.Login(ctx, "a@example.com", "wrong password", client)
	he := wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidCredentials)
	if he.MFAToken != "" {
		t.Errorf("wrong password answered with an mfa_token")
	}
}

func TestRequireMFA(t *testing.T) {
	forEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t, func(c *auth.Config) { c.RequireMFA = []hiregate.Role{hiregate.RoleRecruiter} })
		e.user(t, "rec@example.com", hiregate.RoleRecruiter)
		e.user(t, "cand@example.com", hiregate.RoleCandidate)
		tr := e.login(t, "rec@example.com") // signing in is allowed
		if p := e.auth(t, tr); !p.NeedsMFA || p.MFA {
			t.Errorf("recruiter without TOTP: NeedsMFA, MFA = %v, %v, want true, false", p.NeedsMFA, p.MFA)
		}
		if p := e.auth(t, e.login(t, "cand@example.com")); p.NeedsMFA {
			t.Errorf("candidate: NeedsMFA = true, want false (role not required)")
		}
		e.enrol(t, "rec@example.com")
		// The same session is let through as soon as the factor is on.
		if p := e.auth(t, tr); p.NeedsMFA || !p.MFA {
			t.Errorf("recruiter after enrolment: NeedsMFA, MFA = %v, %v, want false, true", p.NeedsMFA, p.MFA)
		}
	})
}

func TestRequireMFAUnknownRole(t *testing.T) {
	_, err := auth.New(auth.Config{KeyDir: t.TempDir(), RequireMFA: []hiregate.Role{"boss"}}, openStore(t, time.Now), nil)
	if err == nil || !strings.Contains(err.Error(), "boss") {
		t.Errorf("New(RequireMFA boss) error = %v, want one naming the role", err)
	}
}

func TestResetMFA(t *testing.T) {
	forEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t)
		e.user(t, "admin@example.com", hiregate.RoleAdmin)
		rec := e.user(t, "rec@example.com", hiregate.RoleRecruiter)
		e.enrol(t, "rec@example.com")
		pa := e.auth(t, e.login(t, "admin@example.com"))
		pr := &caller.Principal{UserID: rec.ID, Role: hiregate.RoleRecruiter}

		if _, err := e.svc.ResetMFA(ctx, pr, rec.ID, client); hiregate.ErrorCode(err) != hiregate.EFORBIDDEN {
			t.Errorf("ResetMFA(by recruiter) error = %v, want EFORBIDDEN", err)
		}
		if _, err := e.svc.ResetMFA(ctx, pa, "nobody", client); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
			t.Errorf("ResetMFA(unknown user) error = %v, want ENOTFOUND", err)
		}
		had, err := e.svc.ResetMFA(ctx, pa, rec.ID, client)
		if err != nil || !had {
			t.Fatalf("ResetMFA() = %v, %v, want true", had, err)
		}
		e.login(t, "rec@example.com") // one step again
		ev := e.events(t, hiregate.AuditMFAReset)
		if len(ev) != 1 || ev[0].UserID != rec.ID || ev[0].Detail != "by admin admin@example.com" {
			t.Errorf("mfa_reset events = %+v, want one by the admin", ev)
		}
		// Nothing left: not audited again. The operator may reset too.
		if had, err := e.svc.ResetMFA(ctx, nil, rec.ID, client); had || err != nil {
			t.Errorf("ResetMFA(again) = %v, %v, want false, nil", had, err)
		}
		e.enrol(t, "rec@example.com")
		if had, err := e.svc.ResetMFA(ctx, nil, rec.ID, caller.ClientInfo{}); !had || err != nil {
			t.Errorf("ResetMFA(operator) = %v, %v, want true", had, err)
		}
		if ev := e.events(t, hiregate.AuditMFAReset); len(ev) != 2 || ev[1].Detail != "by the operator (command line)" {
			t.Errorf("mfa_reset events = %+v, want a second one by the operator", ev)
		}
	})
}

func TestConfirmTOTPRules(t *testing.T) {
	forEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t)
		e.user(t, "rec@example.com", hiregate.RoleRecruiter)
		p := e.auth(t, e.login(t, "rec@example.com"))
		_, err := e.svc.ConfirmTOTP(ctx, p, hiregate.CodeRequest{Code: "123456"}, client)
		wantErr(t, err, hiregate.ECONFLICT, "No enrolment waiting for confirmation: start again")

		first, err := e.svc.StartTOTP(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		second, err := e.svc.StartTOTP(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if first.Secret == second.Secret {
			t.Fatal("two enrolments share a secret")
		}
		// The replaced secret's code does not confirm the new one.
		if e.code(t, first.Secret) != e.code(t, second.Secret) {
			_, err = e.svc.ConfirmTOTP(ctx, p, hiregate.CodeRequest{Code: e.code(t, first.Secret)}, client)
			wantErr(t, err, hiregate.EINVALID, "")
		}
		_, err = e.svc.ConfirmTOTP(ctx, p, hiregate.CodeRequest{Code: "abcd-efgh-ijkl-mnop"}, client)
		if he := wantErr(t, err, hiregate.EINVALID, ""); he.Fields["code"] != "must be a 6-digit code" {
			t.Errorf("ConfirmTOTP(recovery code) fields = %v, want a 6-digit code", he.Fields)
		}
		if _, err := e.svc.ConfirmTOTP(ctx, p, hiregate.CodeRequest{Code: e.code(t, second.Secret)}, client); err != nil {
			t.Fatalf("ConfirmTOTP(second) error = %v", err)
		}
	})
}

func TestMFAWithoutKey(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef-secret")
	e := newEnv(t, func(c *auth.Config) { c.Algorithm = "HS256"; c.Secret = secret; c.KeyDir = "" })
	e.user(t, "rec@example.com", hiregate.RoleRecruiter)
	p := e.auth(t, e.login(t, "rec@example.com"))
	_, err := e.svc.StartTOTP(ctx, p)
	wantErr(t, err, hiregate.EUNAVAILABLE, "")
}

func TestMFAKeyFromConfig(t *testing.T) {
	key := strings.Repeat("ab", 32)
	e := newEnv(t, func(c *auth.Config) { c.MFAKey = key })
	e.user(t, "rec@example.com", hiregate.RoleRecruiter)
	secret, _ := e.enrol(t, "rec@example.com")
	// Another key cannot read the secret: the login fails (503, the
	// operator's to fix), never passes.
	svc := e.restart(t, func(c *auth.Config) { c.MFAKey = strings.Repeat("cd", 32) })
	_, err := svc.Login(ctx, "rec@example.com", pw, client)
	tok, ok := hiregate.IsMFARequired(err)
	if !ok {
		t.Fatalf("Login() = %v, want mfa_required", err)
	}
	_, err = svc.LoginMFA(ctx, tok, e.code(t, secret), "", client)
	if hiregate.ErrorCode(err) != hiregate.EUNAVAILABLE {
		t.Errorf("LoginMFA() with another key = %v, want EUNAVAILABLE", err)
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("error %q shows the secret", err)
	}
}
