package login_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/api"
	"github.com/hiregate/hiregate/tui/api/fake"
	"github.com/hiregate/hiregate/tui/screens/login"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func run(t *testing.T, a api.API, server string) *uitest.Driver {
	t.Helper()
	c := uitest.Context(ui.Context{API: a, Server: server})
	d := uitest.Run(t, uitest.NewHost(c, login.New(c, "")), 80, 24)
	d.WaitContains("Sign in to hiregate")
	return d
}

func TestLogin(t *testing.T) {
	unreachable, err := client.New("http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		api      api.API
		server   string
		email    string
		password string
		want     []string
	}{
		{"OK", fake.New(), "", "candidate@example.com", fake.Password, []string{"logged in: candidate@example.com"}},
		{"ErrBadCredentials", fake.New(), "", "candidate@example.com", "wrong-password", []string{"Wrong email or password"}},
		{"ErrThrottled", func() api.API {
			a := fake.New()
			a.Fail["Login"] = &hiregate.Error{Code: hiregate.ETHROTTLED, Message: hiregate.MsgTooManyAttempts, RetryAfter: 42}
			return a
		}(), "", "candidate@example.com", fake.Password, []string{"Too many attempts: wait 42 s"}},
		{"ErrUnreachable", unreachable, "http://127.0.0.1:1", "candidate@example.com", fake.Password, []string{"annot reach", "http://127.0.0.1:1"}},
		{"ErrRequired", fake.New(), "", "", "", []string{"↑ required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := run(t, tt.api, tt.server)
			d.Type(tt.email)
			d.Key("tab")
			d.Type(tt.password)
			d.Key("enter")
			v := d.WaitContains(tt.want...)
			if tt.password != "" && strings.Contains(v, tt.password) {
				t.Fatalf("the password is on the screen:\n%s", v)
			}
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

func TestRegister(t *testing.T) {
	a := fake.New()
	d := run(t, a, "")
	d.Key("ctrl+n")
	d.WaitContains("Create a candidate account")
	d.Type("Robin Newcomer")
	d.Key("tab")
	d.Type("not-an-email")
	d.Key("tab")
	d.Type("short")
	d.Key("tab")
	d.Type("other")
	d.Key("enter")
	d.WaitContains("not a valid email address", "must be at least 8 characters", "does not match the password")
	golden.RequireEqual(t, []byte(d.Last()))

	// Fix the fields; the account is created and the login form is
	// prefilled with the email.
	// The focus is on the first field in error.
	for range len("not-an-email") {
		d.Key("backspace")
	}
	d.Type("robin@example.org")
	d.Key("tab")
	d.Type("-password")
	d.Key("tab")
	for range len("other") {
		d.Key("backspace")
	}
	d.Type("short-password")
	d.Key("enter")
	d.WaitContains("Account created for robin@example.org", "robin@example.org")
	if a.User("robin@example.org") == nil {
		t.Fatalf("no user was registered: %s", a)
	}
	d.Type("short-password")
	d.Key("enter")
	d.WaitContains("logged in: robin@example.org")
}

// TestFirstPaint checks that, before anything is typed, the screen shows
// where typing goes and what to type.
func TestFirstPaint(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want []string
	}{
		{"Login", nil, []string{"▸ Email     you@example.com", "  Password  your password"}},
		{"LoginPassword", []string{"tab"}, []string{"  Email     you@example.com", "▸ Password  your password"}},
		{"Register", []string{"ctrl+n"}, []string{"▸ Full name        your name", "  Email            you@example.com", "  Password         at least 8 characters"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := run(t, fake.New(), "")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}
