package mfa_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/server/totp"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/screens/mfa"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// now is the fixed clock: the code "the app shows" is totp's for it.
var now = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// server keeps one user's second factor the way the server does.
type server struct {
	mu       sync.Mutex
	user     hiregate.User
	pending  bool
	lastStep int64
	codes    map[string]bool // canonical recovery code -> used
}

func newServer(on bool) *server {
	s := &server{user: hiregate.User{ID: "u1", Email: "rec@example.com", FullName: "Rec", Role: hiregate.RoleRecruiter, Active: true, MFA: on}, lastStep: -1}
	if on {
		s.codes = map[string]bool{"abcdefghijklmnop": false}
	}
	return s
}

func (s *server) Me(context.Context) (*hiregate.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.user
	return &u, nil
}

func (s *server) StartTOTP(context.Context) (*hiregate.TOTPEnrollment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.user.MFA {
		return nil, &hiregate.Error{Code: hiregate.ECONFLICT, Message: "Second factor already enabled: disable it first"}
	}
	s.pending = true
	return &hiregate.TOTPEnrollment{Secret: secret, OTPAuthURL: "otpauth://totp/hiregate:rec@example.com?secret=" + secret + "&issuer=hiregate"}, nil
}

func (s *server) ConfirmTOTP(_ context.Context, code string) (*hiregate.RecoveryCodes, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.pending {
		return nil, &hiregate.Error{Code: hiregate.ECONFLICT, Message: "No enrolment waiting for confirmation: start again"}
	}
	step, ok, err := totp.Match(secret, code, now)
	if err != nil || !ok {
		return nil, hiregate.ValidationError(map[string]string{"code": "incorrect"})
	}
	s.pending, s.user.MFA, s.lastStep = false, true, step
	s.codes = map[string]bool{}
	var out []string
	for i := range hiregate.RecoveryCodeCount {
		c := fmt.Sprintf("code%02dxxxxxxxxxx", i)[:hiregate.RecoveryCodeLen]
		s.codes[c] = false
		out = append(out, hiregate.FormatRecoveryCode(c))
	}
	return &hiregate.RecoveryCodes{RecoveryCodes: out}, nil
}

func (s *server) DisableTOTP(_ context.Context, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.user.MFA {
		return &hiregate.Error{Code: hiregate.ECONFLICT, Message: "Second factor is not enabled"}
	}
	wrong := hiregate.ValidationError(map[string]string{"code": "incorrect"})
	switch kind, c := hiregate.ParseCode(code); kind {
	case hiregate.CodeTOTP:
		step, ok, _ := totp.Match(secret, c, now)
		if !ok || step <= s.lastStep {
			return wrong
		}
	case hiregate.CodeRecovery:
		if used, ok := s.codes[c]; !ok || used {
			return wrong
		}
	default:
		return wrong
	}
	s.user.MFA, s.codes = false, nil
	return nil
}

func run(t *testing.T, srv *server, required bool, w, h int) *uitest.Driver {
	t.Helper()
	u, _ := srv.Me(context.Background())
	c := uitest.Context(ui.Context{User: u})
	return uitest.Run(t, uitest.NewHost(c, mfa.New(c, srv, required)), w, h)
}

func code(t *testing.T) string {
	t.Helper()
	c, err := totp.Code(secret, now)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEnrol(t *testing.T) {
	srv := newServer(false)
	d := run(t, srv, false, 100, 30)
	d.WaitContains("Off.", "Press e to set it up")
	d.Key("e")
	v := d.WaitContains(mfa.ConfirmPrompt, "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP", "▀")
	t.Run("QRAndSecret", func(t *testing.T) { golden.RequireEqual(t, []byte(v)) })

	d.Type("12345")
	d.Key("enter")
	d.WaitContains("Type the 6 digits your app shows")
	d.Key("ctrl+u")
	d.Type("000000")
	if code(t) == "000000" {
		t.Fatal("the fixed clock's code is 000000; pick another time")
	}
	d.Key("enter")
	d.WaitContains("Wrong code: type the one your app shows now")

	d.Type(code(t))
	d.Key("enter")
	v = d.WaitContains(mfa.CodesWarning, "code-00xx-xxxx-xxxx", "code-09xx-xxxx-xxxx")
	t.Run("RecoveryCodes", func(t *testing.T) { golden.RequireEqual(t, []byte(v)) })
	// Esc does not skip the codes: they are shown only this once.
	d.Key("esc")
	d.Key("enter")
	d.WaitContains("back: Second factor on")
	if !srv.user.MFA {
		t.Error("server side: MFA off after the enrolment")
	}
}

func TestEnrolRequired(t *testing.T) {
	srv := newServer(false)
	d := run(t, srv, true, 100, 30)
	d.WaitContains(mfa.RequiredNotice, mfa.ConfirmPrompt)
	d.Key("esc") // cannot leave
	d.Type(code(t))
	d.Key("enter")
	d.WaitContains(mfa.CodesWarning)
	d.Key("enter")
	d.WaitContains("logged in: rec@example.com")
}

func TestEnrolSmallTerminal(t *testing.T) {
	d := run(t, newServer(false), false, 80, 24)
	d.WaitContains("Press e to set it up")
	d.Key("e")
	v := d.WaitContains(mfa.ConfirmPrompt, "enlarge the window")
	if strings.Contains(v, "▀") {
		t.Errorf("a QR code that does not fit was drawn:\n%s", v)
	}
	golden.RequireEqual(t, []byte(v))
}

func TestDisable(t *testing.T) {
	tests := []struct {
		name  string
		typed func(t *testing.T) string
		want  string
	}{
		{"OKCode", code, "flash: Second factor off"},
		{"OKRecoveryCode", func(*testing.T) string { return "ABCD EFGH IJKL MNOP" }, "flash: Second factor off"},
		{"ErrWrongRecoveryCode", func(*testing.T) string { return "bbbb-efgh-ijkl-mnop" }, "Wrong code"},
		{"ErrMalformed", func(*testing.T) string { return "nope" }, "Type the 6 digits your app shows, or a recovery code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(true)
			d := run(t, srv, false, 100, 30)
			d.WaitContains("On.", "Press x to turn it off")
			d.Key("x")
			d.WaitContains(mfa.DisablePrompt)
			d.Type(tt.typed(t))
			d.Key("enter")
			d.WaitContains(tt.want)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

func TestDisableCancel(t *testing.T) {
	d := run(t, newServer(true), false, 100, 30)
	d.WaitContains("On.")
	d.Key("x")
	d.WaitContains(mfa.DisablePrompt)
	d.Key("esc")
	d.WaitContains("Press x to turn it off")
}
