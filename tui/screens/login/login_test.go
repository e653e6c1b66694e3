package login_test

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/login"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func run(t *testing.T, a login.API, server string) *uitest.Driver {
	t.Helper()
	c := uitest.Context(ui.Context{Server: server})
	d := uitest.Run(t, uitest.NewHost(c, login.New(c, a, "")), 80, 24)
	d.WaitContains("Sign in to hiregate")
	return d
}

func TestLogin(t *testing.T) {
	t.Parallel()
	unreachable, err := client.New("http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	// throttled is a server where candidate@example.com has used up
	// its login attempts.
	throttled := func(t *testing.T) login.API {
		srv := testserver.New(t)
		for range hiregate.MaxLoginFailures {
			if _, err := srv.NewClient().Login(context.Background(), testserver.Candidate, "wrong-password"); hiregate.ErrorCode(err) != hiregate.EUNAUTHORIZED {
				t.Fatalf("login with a wrong password = %v, want unauthorized", err)
			}
		}
		return srv.NewClient()
	}
	fresh := func(t *testing.T) login.API { return testserver.New(t).NewClient() }
	tests := []struct {
		name     string
		api      func(t *testing.T) login.API
		server   string
		email    string
		password string
		want     []string
	}{
		{"OK", fresh, "", "candidate@example.com", testserver.Password, []string{"logged in: candidate@example.com"}},
		{"ErrBadCredentials", fresh, "", "candidate@example.com", "wrong-password", []string{"Wrong email or password"}},
		{"ErrThrottled", throttled, "", "candidate@example.com", testserver.Password, []string{"Too many attempts: wait 15 min"}},
		{"ErrUnreachable", func(*testing.T) login.API { return unreachable }, "http://127.0.0.1:1", "candidate@example.com", testserver.Password, []string{"annot reach", "http://127.0.0.1:1"}},
		{"ErrRequired", fresh, "", "", "", []string{"↑ required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := run(t, tt.api(t), tt.server)
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
	t.Parallel()
	srv := testserver.New(t)
	d := run(t, srv.NewClient(), "")
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

	// Fix the fields; the account is created and its user signed in.
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
	// Registering signs you in; no second password prompt.
	d.WaitContains("logged in: robin@example.org")
	l, err := srv.As(testserver.Admin).ListUsers(context.Background(), hiregate.UserFilter{Q: "robin@example.org"})
	if err != nil || len(l.Items) != 1 || l.Items[0].Role != hiregate.RoleCandidate {
		t.Fatalf("users matching robin@example.org = %+v, %v; want one candidate", l, err)
	}
}

// TestFirstPaint checks that, before anything is typed, the screen shows
// where typing goes and what to type.
func TestFirstPaint(t *testing.T) {
	t.Parallel()
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
			t.Parallel()
			d := run(t, testserver.New(t).NewClient(), "")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

// A server that announces an SSH gateway gets the command to reach it on
// the sign-in screen; one that does not, nothing.
func TestSSHHint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, addr, want string
	}{
		{"Port", "jobs.example.com:2222", "ssh -p 2222 jobs.example.com"},
		{"Port22", "jobs.example.com:22", "ssh jobs.example.com"},
		{"IPv6", "[2001:db8::1]:2222", "ssh -p 2222 [2001:db8::1]"},
		{"None", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := uitest.Context(ui.Context{Server: "https://jobs.example.com", SSHGateway: tt.addr})
			v := login.New(c, nil, "").View()
			if tt.want == "" {
				if strings.Contains(v, "ssh") {
					t.Fatalf("view mentions ssh without a gateway:\n%s", v)
				}
				return
			}
			if !strings.Contains(v, "anyone can reach hiregate with "+tt.want) {
				t.Fatalf("view lacks %q:\n%s", tt.want, v)
			}
		})
	}
}
