package mfacode_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/server/totp"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/screens/mfacode"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// now is the fixed clock of these tests: the code the "app" shows is the
// one totp computes for it.
var now = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

const (
	secret   = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	token    = "mfa-token-1"
	recovery = "abcdefghijklmnop"
)

// server checks codes the way the server does, on the fixed clock.
type server struct {
	mu       sync.Mutex
	lastStep int64
	spent    map[string]bool
	wrong    int
	tokenOK  bool
}

func newServer() *server { return &server{lastStep: -1, spent: map[string]bool{}, tokenOK: true} }

func (s *server) LoginMFA(_ context.Context, mfaToken, code string) (*hiregate.TokenResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if mfaToken != token || !s.tokenOK {
		return nil, &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgMFATokenInvalid, OAuth: hiregate.OAuthInvalidGrant}
	}
	if s.wrong >= 3 {
		return nil, &hiregate.Error{Code: hiregate.ETHROTTLED, Message: hiregate.MsgTooManyAttempts, RetryAfter: 42}
	}
	invalid := &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgInvalidCode, OAuth: hiregate.OAuthInvalidGrant}
	switch kind, c := hiregate.ParseCode(code); kind {
	case hiregate.CodeTOTP:
		step, ok, err := totp.Match(secret, c, now)
		if err != nil || !ok || step <= s.lastStep {
			s.wrong++
			return nil, invalid
		}
		s.lastStep = step
	case hiregate.CodeRecovery:
		if c != recovery || s.spent[c] {
			s.wrong++
			return nil, invalid
		}
		s.spent[c] = true
	default:
		return nil, invalid
	}
	s.tokenOK = false
	return &hiregate.TokenResponse{AccessToken: "at", TokenType: "bearer"}, nil
}

func (s *server) Me(context.Context) (*hiregate.User, error) {
	return &hiregate.User{ID: "u1", Email: "rec@example.com", Role: hiregate.RoleRecruiter, MFA: true}, nil
}

func run(t *testing.T, srv *server) *uitest.Driver {
	t.Helper()
	c := uitest.Context(ui.Context{})
	d := uitest.Run(t, uitest.NewHost(c, mfacode.New(c, srv, "rec@example.com", token)), 80, 24)
	d.WaitContains(mfacode.Prompt)
	return d
}

func code(t *testing.T, at time.Time) string {
	t.Helper()
	c, err := totp.Code(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCodePrompt(t *testing.T) {
	tests := []struct {
		name  string
		typed func(t *testing.T) []string
		want  string
	}{
		{"OK", func(t *testing.T) []string { return []string{code(t, now)} }, "logged in: rec@example.com"},
		{"OKPreviousStep", func(t *testing.T) []string { return []string{code(t, now.Add(-30*time.Second))} }, "logged in: rec@example.com"},
		{"OKRecoveryCode", func(*testing.T) []string { return []string{"ABCD-EFGH-IJKL-MNOP"} }, "logged in: rec@example.com"},
		{"ErrWrongCode", func(t *testing.T) []string { return []string{code(t, now.Add(-time.Hour))} }, "Wrong code. Codes change every 30 seconds"},
		{"ErrMalformed", func(*testing.T) []string { return []string{"12345"} }, "Type the 6 digits your app shows, or a recovery code"},
		{"ErrThrottled", func(t *testing.T) []string {
			old := code(t, now.Add(-time.Hour))
			return []string{old, old, old, code(t, now)}
		}, "Too many attempts: wait 42 s and try again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := run(t, newServer())
			typed := tt.typed(t)
			for i, c := range typed {
				d.Type(c)
				d.Key("enter")
				if i < len(typed)-1 {
					d.WaitContains("Wrong code")
				}
			}
			v := d.WaitContains(tt.want)
			if strings.Contains(v, token) {
				t.Errorf("the mfa_token is on the screen:\n%s", v)
			}
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

func TestCodeReplayedRefused(t *testing.T) {
	srv := newServer()
	srv.lastStep = totp.Step(now) // the code of this step was used already
	d := run(t, srv)
	d.Type(code(t, now))
	d.Key("enter")
	d.WaitContains("Wrong code")
	// The field is cleared for the next try.
	if v := d.Last(); strings.Contains(v, code(t, now)) {
		t.Errorf("the refused code is still in the field:\n%s", v)
	}
}

func TestExpiredTokenGoesBackToPassword(t *testing.T) {
	srv := newServer()
	srv.tokenOK = false
	d := run(t, srv)
	d.Type(code(t, now))
	d.Key("enter")
	d.WaitContains("logged out: " + hiregate.MsgMFATokenInvalid)
}
