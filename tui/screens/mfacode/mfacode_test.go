package mfacode_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/mfacode"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// prompt signs the recruiter (who has a second factor) in with the
// password on a fresh client and shows the code prompt for the
// mfa_token the server answered with.
func prompt(t *testing.T, srv *testserver.Server) (*uitest.Driver, *client.Client, string) {
	t.Helper()
	api := srv.NewClient()
	_, err := api.Login(context.Background(), testserver.Recruiter, testserver.Password)
	tok, ok := hiregate.IsMFARequired(err)
	if !ok {
		t.Fatalf("Login = %v, want mfa_required", err)
	}
	c := srv.Context(nil)
	d := uitest.Run(t, uitest.NewHost(c, mfacode.New(c, api, testserver.Recruiter, tok)), 80, 24)
	d.WaitContains(mfacode.Prompt)
	return d, api, tok
}

func TestCodePrompt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// typed returns what the user types, one entry per submission;
		// every one but the last is refused.
		typed func(srv *testserver.Server, secret string, recovery []string) []string
		want  string
	}{
		{"OK", func(srv *testserver.Server, secret string, _ []string) []string {
			return []string{srv.Code(secret)}
		}, "logged in: " + testserver.Recruiter},
		{"OKRecoveryCode", func(_ *testserver.Server, _ string, recovery []string) []string {
			return []string{strings.ToUpper(recovery[0])}
		}, "logged in: " + testserver.Recruiter + " — Signed in with a recovery code: 9 recovery codes left"},
		{"OKLastRecoveryCodes", func(srv *testserver.Server, _ string, recovery []string) []string {
			// Seven codes were spent in other sign-ins; this one leaves two.
			for _, c := range recovery[:7] {
				other := srv.NewClient()
				_, err := other.Login(context.Background(), testserver.Recruiter, testserver.Password)
				tok, _ := hiregate.IsMFARequired(err)
				if _, err := other.LoginMFA(context.Background(), tok, c); err != nil {
					panic(fmt.Sprintf("LoginMFA with a recovery code = %v", err))
				}
			}
			return []string{recovery[7]}
		}, "2 recovery codes left. For new ones turn the second factor off and on again"},
		{"ErrWrongCode", func(*testserver.Server, string, []string) []string { return []string{"abcd-efgh-ijkl-mnop"} },
			"Wrong code. Codes change every 30 seconds"},
		{"ErrMalformed", func(*testserver.Server, string, []string) []string { return []string{"12345"} },
			"Type the 6 digits your app shows, or a recovery code"},
		{"ErrThrottled", func(srv *testserver.Server, secret string, _ []string) []string {
			typed := make([]string, hiregate.MaxLoginFailures)
			for i := range typed {
				typed[i] = "abcd-efgh-ijkl-mnop"
			}
			return append(typed, srv.Code(secret))
		}, "Too many attempts: wait 15 min and try again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.New(t)
			secret, recovery := srv.EnableMFA(testserver.Recruiter)
			d, _, tok := prompt(t, srv)
			typed := tt.typed(srv, secret, recovery)
			for i, c := range typed {
				d.Type(c)
				d.Key("enter")
				if i < len(typed)-1 {
					d.WaitContains("Wrong code")
				}
			}
			v := d.WaitContains(tt.want)
			if strings.Contains(v, tok) {
				t.Errorf("the mfa_token is on the screen:\n%s", v)
			}
			// The codes come from a random secret: the golden shows
			// where they are, not what they are.
			final := d.Quit()
			for _, c := range typed {
				final = strings.ReplaceAll(final, c, strings.Repeat("#", len(c)))
			}
			golden.RequireEqual(t, []byte(final))
		})
	}
}

// TestReplayedCodeRefused: a code that signed in once does not sign in
// again, even in a second login within the same 30 seconds.
func TestReplayedCodeRefused(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	secret, _ := srv.EnableMFA(testserver.Recruiter)
	code := srv.Code(secret)
	other := srv.NewClient()
	_, err := other.Login(context.Background(), testserver.Recruiter, testserver.Password)
	tok, _ := hiregate.IsMFARequired(err)
	if _, err := other.LoginMFA(context.Background(), tok, code); err != nil {
		t.Fatalf("first LoginMFA = %v", err)
	}
	d, _, _ := prompt(t, srv)
	d.Type(code)
	d.Key("enter")
	v := d.WaitContains("Wrong code")
	if strings.Contains(v, code) {
		t.Errorf("the refused code is still in the field:\n%s", v)
	}
}

func TestExpiredTokenGoesBackToPassword(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	secret, _ := srv.EnableMFA(testserver.Recruiter)
	d, _, _ := prompt(t, srv)
	srv.Advance(hiregate.MFATokenTTL)
	d.Type(srv.Code(secret))
	d.Key("enter")
	d.WaitContains("logged out: " + hiregate.MsgMFATokenInvalid)
}
