package mfa_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/mfa"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

var (
	// secretRe is a secret as the screen shows it: base32 in groups of 4.
	secretRe = regexp.MustCompile(`\b[A-Z2-7]{4}(?: [A-Z2-7]{4}){7}\b`)
	// recoveryRe is a recovery code as the screen shows it.
	recoveryRe = regexp.MustCompile(`\b[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}\b`)
	// qrRe is one row of a QR code in half blocks.
	qrRe = regexp.MustCompile(`[█▀▄][█▀▄ ]*[█▀▄]`)
)

// scrub replaces what comes from randomness (the secret, its QR code, the
// recovery codes) with placeholders of the same width, so the goldens
// hold the layout.
func scrub(v string) string {
	v = secretRe.ReplaceAllString(v, "SSSS SSSS SSSS SSSS SSSS SSSS SSSS SSSS")
	v = recoveryRe.ReplaceAllString(v, "rrrr-rrrr-rrrr-rrrr")
	return qrRe.ReplaceAllStringFunc(v, func(s string) string { return strings.Repeat("▒", len([]rune(s))) })
}

func screen(t *testing.T, srv *testserver.Server, api *client.Client, email string, required bool, w, h int) *uitest.Driver {
	t.Helper()
	return srv.ScreenWith(api, email, w, h, func(c *ui.Context, api *client.Client) ui.Component { return mfa.New(c, api, required) })
}

// readSecret reads the secret off the enrolment screen, as a user types
// it into their app, and checks the QR code beside it encodes the
// otpauth URL of that secret.
func readSecret(t *testing.T, v, email string) string {
	t.Helper()
	grouped := secretRe.FindString(v)
	if grouped == "" {
		t.Fatalf("no secret on the screen:\n%s", v)
	}
	secret := strings.ReplaceAll(grouped, " ", "")
	url := "otpauth://totp/hiregate:" + email + "?secret=" + secret + "&issuer=hiregate"
	for _, row := range mfa.QRCode(url) {
		if !strings.Contains(v, row) {
			t.Fatalf("the QR code on the screen is not the one of %s:\n%s", url, v)
		}
	}
	return secret
}

func wrongCode(srv *testserver.Server, secret string) string {
	if srv.Code(secret) == "000000" {
		return "111111"
	}
	return "000000"
}

func TestEnrol(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	d := screen(t, srv, srv.Login(testserver.Recruiter), testserver.Recruiter, false, 100, 30)
	d.WaitContains("Off.", "Press e to set it up")
	d.Key("e")
	v := d.WaitContains(mfa.ConfirmPrompt, "▀")
	secret := readSecret(t, v, testserver.Recruiter)
	t.Run("QRAndSecret", func(t *testing.T) { golden.RequireEqual(t, []byte(scrub(v))) })

	d.Type("12345")
	d.Key("enter")
	d.WaitContains("Type the 6 digits your app shows")
	d.Key("ctrl+u")
	d.Type(wrongCode(srv, secret))
	d.Key("enter")
	d.WaitContains("Wrong code: type the one your app shows now")

	d.Type(srv.Code(secret))
	d.Key("enter")
	v = d.WaitContains(mfa.CodesWarning, "Press enter once you have stored them")
	codes := recoveryRe.FindAllString(v, -1)
	if len(codes) != hiregate.RecoveryCodeCount {
		t.Fatalf("the screen shows %d recovery codes, want %d:\n%s", len(codes), hiregate.RecoveryCodeCount, v)
	}
	t.Run("RecoveryCodes", func(t *testing.T) { golden.RequireEqual(t, []byte(scrub(v))) })
	// Esc does not skip the codes: they are shown only this once.
	d.Key("esc")
	d.Key("enter")
	d.WaitContains("back: Second factor on")

	// The server agrees, and a code from the screen signs in.
	if u := srv.Lookup(testserver.Recruiter); u == nil || !u.MFA {
		t.Fatalf("server side: %+v, want mfa on", u)
	}
	other := srv.NewClient()
	_, err := other.Login(context.Background(), testserver.Recruiter, testserver.Password)
	tok, ok := hiregate.IsMFARequired(err)
	if !ok {
		t.Fatalf("Login after enrolment = %v, want mfa_required", err)
	}
	if _, err := other.LoginMFA(context.Background(), tok, codes[4]); err != nil {
		t.Fatalf("LoginMFA with a recovery code from the screen = %v", err)
	}
}

func TestEnrolRequired(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t, testserver.RequireMFA(hiregate.RoleRecruiter))
	d := screen(t, srv, srv.Login(testserver.Recruiter), testserver.Recruiter, true, 100, 30)
	v := d.WaitContains(mfa.RequiredNotice, mfa.ConfirmPrompt)
	secret := readSecret(t, v, testserver.Recruiter)
	d.Key("esc") // cannot leave
	d.Type(srv.Code(secret))
	d.Key("enter")
	d.WaitContains(mfa.CodesWarning)
	d.Key("enter")
	d.WaitContains("logged in: " + testserver.Recruiter)
}

func TestEnrolSmallTerminal(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	d := screen(t, srv, srv.Login(testserver.Recruiter), testserver.Recruiter, false, 80, 24)
	d.WaitContains("Press e to set it up")
	d.Key("e")
	v := d.WaitContains(mfa.ConfirmPrompt, "enlarge the window")
	if strings.ContainsAny(v, "▀▄") {
		t.Errorf("a QR code that does not fit was drawn:\n%s", v)
	}
	golden.RequireEqual(t, []byte(scrub(v)))
}

func TestDisable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		typed func(srv *testserver.Server, secret string, recovery []string) string
		want  string
	}{
		{"OKCode", func(srv *testserver.Server, secret string, _ []string) string { return srv.Code(secret) }, "flash: Second factor off"},
		{"OKRecoveryCode", func(_ *testserver.Server, _ string, recovery []string) string {
			return strings.ToUpper(strings.ReplaceAll(recovery[2], "-", " "))
		}, "flash: Second factor off"},
		{"ErrWrongCode", func(srv *testserver.Server, secret string, _ []string) string { return wrongCode(srv, secret) }, "Wrong code"},
		{"ErrMalformed", func(*testserver.Server, string, []string) string { return "nope" }, "Type the 6 digits your app shows, or a recovery code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.New(t)
			api := srv.Login(testserver.Recruiter) // before the factor is on
			secret, recovery := srv.EnableMFA(testserver.Recruiter)
			d := screen(t, srv, api, testserver.Recruiter, false, 100, 30)
			d.WaitContains("On.", "Press x to turn it off")
			d.Key("x")
			d.WaitContains(mfa.DisablePrompt)
			typed := tt.typed(srv, secret, recovery)
			d.Type(typed)
			d.Key("enter")
			d.WaitContains(tt.want)
			off := !srv.Lookup(testserver.Recruiter).MFA
			if want := strings.HasPrefix(tt.name, "OK"); off != want {
				t.Errorf("server side: mfa off = %v, want %v", off, want)
			}
			golden.RequireEqual(t, []byte(strings.ReplaceAll(d.Quit(), typed, strings.Repeat("#", len(typed)))))
		})
	}
}

func TestDisableCancel(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	api := srv.Login(testserver.Recruiter)
	srv.EnableMFA(testserver.Recruiter)
	d := screen(t, srv, api, testserver.Recruiter, false, 100, 30)
	d.WaitContains("On.")
	d.Key("x")
	d.WaitContains(mfa.DisablePrompt)
	d.Key("esc")
	d.WaitContains("Press x to turn it off")
}
