package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/app"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// The real client is the API the root model is built for.
var _ app.API = (*client.Client)(nil)

// start runs the client against a; the header shows the default server
// address whatever port the test server has, so golden files are stable.
func start(t *testing.T, a app.API, w, h int, mod ...func(*ui.Context)) *uitest.Driver {
	t.Helper()
	c := uitest.Context(ui.Context{Expired: client.IsSessionExpired})
	for _, f := range mod {
		f(c)
	}
	d := uitest.Run(t, app.New(c, a), w, h)
	d.WaitContains("Sign in to hiregate")
	return d
}

func login(d *uitest.Driver, email string) {
	d.Type(email)
	d.Key("tab")
	d.Type(testserver.Password)
	d.Key("enter")
	d.WaitContains("Welcome,")
}

func TestHome(t *testing.T) {
	t.Parallel()
	demo := testserver.Demo(t)
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		for _, email := range []string{"candidate@example.com", "recruiter@example.com", "admin@example.com"} {
			name := strings.Split(email, "@")[0]
			t.Run(fmt.Sprintf("%s/%dx%d", name, size.w, size.h), func(t *testing.T) {
				t.Parallel()
				d := start(t, demo.For(t).NewClient(), size.w, size.h)
				login(d, email)
				golden.RequireEqual(t, []byte(d.Quit()))
			})
		}
	}
}

func TestLoginScreenShowsServerAndEncryption(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	tests := []struct {
		name, server string
		badge        bool
	}{
		{"Plain", "http://127.0.0.1:8080", true},
		{"TLS", "https://hire.example.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := start(t, srv.For(t).NewClient(), 100, 24, func(c *ui.Context) { c.Server = tt.server })
			v := d.WaitContains(strings.TrimPrefix(strings.TrimPrefix(tt.server, "https://"), "http://"))
			if got := strings.Contains(strings.Split(v, "\n")[0], "NOT ENCRYPTED"); got != tt.badge {
				t.Fatalf("header shows NOT ENCRYPTED = %v, want %v:\n%s", got, tt.badge, v)
			}
		})
	}
}

func TestQuitKeys(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	t.Run("TypingQ", func(t *testing.T) {
		t.Parallel()
		d := start(t, srv.For(t).NewClient(), 80, 24)
		// q is a letter in the email field, not quit.
		d.Type("qq")
		d.WaitContains("Email     qq")
	})
	t.Run("Q", func(t *testing.T) {
		t.Parallel()
		d := start(t, srv.For(t).NewClient(), 80, 24)
		login(d, "candidate@example.com")
		d.Key("q")
		d.TM.WaitFinished(t, teatestTimeout())
	})
	t.Run("CtrlC", func(t *testing.T) {
		t.Parallel()
		d := start(t, srv.For(t).NewClient(), 80, 24)
		d.Key("ctrl+c")
		d.TM.WaitFinished(t, teatestTimeout())
	})
}

func TestBackAndHelp(t *testing.T) {
	t.Parallel()
	d := start(t, testserver.Demo(t).NewClient(), 80, 24)
	login(d, "candidate@example.com")
	d.Key("1")
	// The job board opens in its search box: esc leaves the box, the
	// next esc leaves the screen.
	d.WaitContains("Job board", "Senior Go Engineer", "enter/esc done searching")
	d.Key("esc")
	d.WaitContains("esc back", "press / to search")
	d.Key("enter")
	d.WaitContains("About the role")
	d.Key("esc")
	d.WaitContains("Job board", "Senior Go Engineer")
	d.Key("?")
	v := d.WaitFor("the full help, loaded", func(v string) bool {
		return strings.Contains(v, "ctrl+r reload") && !strings.Contains(v, "loading…")
	})
	golden.RequireEqual(t, []byte(v))
	d.Key("esc")
	d.WaitContains("Welcome, Priya Raman")
}

func TestResize(t *testing.T) {
	t.Parallel()
	d := start(t, testserver.Demo(t).NewClient(), 80, 24)
	login(d, "recruiter@example.com")
	d.Key("1")
	d.WaitContains("Senior Go Engineer")
	d.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	v := d.WaitContains("recruiter@example.com (recruiter)", "127.0.0.1:8080")
	lines := strings.Split(v, "\n")
	if len(lines) != 40 {
		t.Fatalf("view has %d lines after resizing to 120x40, want 40", len(lines))
	}
	d.Send(tea.WindowSizeMsg{Width: 60, Height: 15})
	v = d.WaitFor("a 60x15 view", func(v string) bool { return len(strings.Split(v, "\n")) == 15 })
	for i, l := range strings.Split(v, "\n") {
		if w := len([]rune(l)); w > 60 {
			t.Errorf("line %d is %d wide after resizing to 60:\n%s", i, w, l)
		}
	}
}

func TestSessionExpired(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := start(t, srv.NewClient(), 80, 24)
	login(d, testserver.Recruiter)
	// The recruiter signs out everywhere from another device.
	if err := srv.As(testserver.Recruiter).LogoutAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	d.Key("1")
	v := d.WaitContains("Sign in to hiregate", app.MsgSessionExpired)
	if strings.Contains(v, "recruiter@example.com (recruiter)") {
		t.Fatalf("the header still shows the signed-out user:\n%s", v)
	}
	golden.RequireEqual(t, []byte(v))
}

// slow answers ListJobs only when released, or when the request times out.
type slow struct {
	*client.Client
	release chan struct{}
}

func (s slow) ListJobs(ctx context.Context, f hiregate.JobFilter) (*hiregate.List[hiregate.Job], error) {
	select {
	case <-s.release:
		return s.Client.ListJobs(ctx, f)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func TestSpinnerWhileRequestRuns(t *testing.T) {
	t.Parallel()
	s := slow{testserver.Demo(t).NewClient(), make(chan struct{})}
	d := start(t, s, 80, 24)
	login(d, "candidate@example.com")
	d.Key("1")
	d.WaitContains("working…", "Loading…")
	// The UI still answers while the request runs.
	d.Key("/", "go")
	d.WaitContains("/ go")
	close(s.release)
	v := d.WaitContains("Senior Go Engineer")
	if strings.Contains(v, "working…") {
		t.Fatalf("the spinner still runs after the answer:\n%s", v)
	}
}

// TestRequestTimeout: a request the server never answers ends with a
// message. The timeout bounds signing in too, so it is long enough for
// a loaded machine (and a cold first test) to sign in within it.
func TestRequestTimeout(t *testing.T) {
	t.Parallel()
	s := slow{testserver.Demo(t).NewClient(), make(chan struct{})}
	d := start(t, s, 80, 24, func(c *ui.Context) { c.Timeout = 2 * time.Second })
	login(d, "candidate@example.com")
	d.Key("1")
	d.WaitContains("The server at http://127.0.0.1:8080 did not answer in time")
}

func TestLogout(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := start(t, srv.NewClient(), 80, 24)
	login(d, "candidate@example.com")
	d.Key("9") // Log out, after Second factor, Sessions, SSH keys, Change password, Your data and About you
	v := d.WaitContains("Sign in to hiregate", "Signed out")
	if head, _, _ := strings.Cut(v, "\n"); strings.Contains(head, "candidate@example.com") {
		t.Fatalf("the header still shows the user:\n%s", v)
	}
	// The email stays for the next sign-in; the password does not.
	d.WaitContains("Email     candidate@example.com", "Password  your password")
	if n := srv.Requests("POST", "/auth/logout"); n != 1 {
		t.Fatalf("Logout calls = %d, want 1", n)
	}
}

func teatestTimeout() teatest.FinalOpt { return teatest.WithFinalTimeout(uitest.Timeout) }

func TestHelpShowsVersion(t *testing.T) {
	t.Parallel()
	const v = "hiregate-tui v1.2.3 (commit 0123456789ab) go1.26.0 api v1"
	d := start(t, testserver.Demo(t).NewClient(), 100, 30, func(c *ui.Context) { c.Version = v })
	login(d, "candidate@example.com")
	if got := d.WaitContains("Welcome,"); strings.Contains(got, v) {
		t.Fatalf("the short help shows the version:\n%s", got)
	}
	d.Key("?")
	d.WaitContains("q quit", v)
}

// Erasing the account from "Your data" ends the session: the login screen
// says so, and the account no longer signs in.
func TestEraseAccount(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := start(t, srv.NewClient(), 80, 24)
	login(d, "candidate@example.com")
	d.Key("7")
	d.WaitContains("Password to erase")
	d.Key("tab")
	d.Type(testserver.Password)
	d.Key("enter")
	d.WaitContains("Erase your account for good?")
	d.Key("y")
	v := d.WaitContains("Sign in to hiregate", "Your account was erased")
	if strings.Contains(v, "candidate@example.com") {
		t.Fatalf("the header still shows the erased user:\n%s", v)
	}
	if _, err := srv.NewClient().Login(context.Background(), testserver.Candidate, testserver.Password); hiregate.ErrorCode(err) != hiregate.EUNAUTHORIZED {
		t.Errorf("Login after erasure = %v, want 401", err)
	}
}
