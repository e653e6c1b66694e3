package e2e_test

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/seed"
	"github.com/hiregate/hiregate/shared/client"
	tuiapp "github.com/hiregate/hiregate/tui/app"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// startServer runs the real server in-process on a temp database with the
// demo data.
func startServer(t *testing.T) string {
	t.Helper()
	cfg := app.TestConfig(t.TempDir())
	cfg.Demo = true
	a, err := app.Open(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("app.Open: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a.URL()
}

// terminal is one user's terminal client.
type terminal struct {
	*uitest.Driver
	client *client.Client
}

func open(t *testing.T, url string) *terminal {
	t.Helper()
	c, err := client.New(url, client.WithUserAgent("hiregate-tui-e2e"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := uitest.Context(ui.Context{Server: c.BaseURL(), Expired: client.IsSessionExpired})
	d := uitest.Run(t, tuiapp.New(ctx, c), 100, 30)
	d.WaitContains("Sign in to hiregate")
	return &terminal{Driver: d, client: c}
}

func (tm *terminal) login(email, password string) {
	tm.Type(email)
	tm.Key("tab")
	tm.Type(password)
	tm.Key("enter")
	tm.WaitContains("Welcome,", email)
}

// selectRow moves down a list until the selected row contains text.
func (tm *terminal) selectRow(text string) {
	for range 200 {
		v := tm.WaitFor("a list", func(v string) bool { return strings.Contains(v, "> ") })
		for _, line := range strings.Split(v, "\n") {
			if strings.HasPrefix(line, "> ") && strings.Contains(line, text) {
				return
			}
		}
		tm.Key("down")
	}
	tm.Driver.WaitContains("a selected row with " + text)
}

func TestCandidateRecruiterAdmin(t *testing.T) {
	// Whatever the client or the UI might write goes here, and is
	// scanned for the tokens at the end.
	home, tmp := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("TMPDIR", tmp)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))

	url := startServer(t)
	const (
		candName  = "Robin Newcomer"
		candEmail = "robin@example.org"
		candPass  = "robin-password-1"
		cover     = "I write docs that developers read."
		note      = "Great writing samples; invite to interview."
	)

	// A candidate registers and applies.
	cand := open(t, url)
	cand.Key("ctrl+n")
	cand.WaitContains("Create a candidate account")
	cand.Type(candName)
	cand.Key("tab")
	cand.Type(candEmail)
	cand.Key("tab")
	cand.Type(candPass)
	cand.Key("tab")
	cand.Type(candPass)
	cand.Key("enter")
	// A new account is asked for the code mailed to it; later will do.
	cand.WaitContains("Check your mail for a code")
	cand.Key("esc")
	cand.WaitContains("Welcome, "+candName, candEmail+" (candidate)")
	cand.Key("1")
	cand.WaitContains("Job board", "Senior Go Engineer")
	cand.Key("/")
	cand.Type("Technical")
	cand.WaitFor("the search result", func(v string) bool {
		return strings.Contains(v, `matching "Technical"`) && strings.Contains(v, "> Technical Writer") && !strings.Contains(v, "Senior Go Engineer")
	})
	cand.Key("enter", "enter")
	cand.WaitContains("Write the API guides", "a apply")
	cand.Key("a")
	cand.WaitContains("Applying to Technical Writer")
	cand.Type(cover)
	cand.Key("tab")
	cand.Type("Ten years of technical writing.")
	cand.Key("ctrl+s")
	cand.WaitContains("Application sent")

	// The recruiter moves the application to interview and adds a note.
	rec := open(t, url)
	rec.login(seed.RecruiterEmail, seed.DemoPassword)
	rec.Key("1")
	rec.WaitContains("My jobs", "Technical Writer")
	rec.selectRow("Technical Writer")
	rec.Key("A")
	rec.WaitContains("Applications", candName)
	rec.selectRow(candName)
	rec.Key("enter")
	rec.WaitContains(cover, "History")
	rec.Key("m")
	rec.WaitContains("Move "+candName+" to:", "[screening]")
	rec.Key("right")
	rec.WaitContains("[interview]")
	rec.Key("enter")
	rec.WaitContains(candName + " moved to interview")
	rec.Key("n")
	rec.WaitContains("Add a note")
	rec.Type(note)
	rec.Key("ctrl+s")
	rec.WaitContains("Note added", note)

	// The candidate sees "interview", never the note.
	cand.Key("esc", "esc")
	cand.WaitContains("Welcome, " + candName)
	cand.Key("2")
	v := cand.WaitFor("my applications", func(v string) bool {
		return strings.Contains(v, "Technical Writer") && strings.Contains(v, "interview")
	})
	if strings.Contains(v, note) {
		t.Fatalf("candidate's list shows the recruiter's note:\n%s", v)
	}
	cand.selectRow("Technical Writer")
	cand.Key("enter")
	v = cand.WaitContains(cover, "interview", "History")
	if strings.Contains(v, note) || strings.Contains(v, "Notes") {
		t.Fatalf("candidate's application shows notes:\n%s", v)
	}

	// The admin deactivates the recruiter...
	adm := open(t, url)
	adm.login(seed.AdminEmail, seed.DemoPassword)
	adm.Key("3")
	adm.WaitContains("Users", seed.RecruiterEmail)
	adm.Key("/")
	adm.Type(seed.RecruiterEmail)
	adm.WaitFor("the recruiter alone", func(v string) bool {
		return strings.Contains(v, "> "+seed.RecruiterEmail) && !strings.Contains(v, seed.CandidateEmail)
	})
	adm.Key("enter", "d")
	adm.WaitContains("Deactivate " + seed.RecruiterEmail + "?")
	adm.Key("y")
	adm.WaitContains("Deactivated " + seed.RecruiterEmail)

	// ...whose next action lands on the login screen.
	rec.Key("ctrl+r")
	rec.WaitContains("Sign in to hiregate", tuiapp.MsgSessionExpired)

	// No token ever reached the disk or the screen. The candidate and
	// the admin are still signed in, so their tokens are known.
	var tokens []string
	for _, c := range []*client.Client{cand.client, adm.client} {
		access, refresh := c.Tokens()
		if access == "" || refresh == "" {
			t.Fatal("a signed-in client has no tokens")
		}
		tokens = append(tokens, access, refresh)
	}
	for _, dir := range []string{home, tmp} {
		assertNoTokens(t, dir, tokens)
	}
	for _, tm := range []*terminal{cand, rec, adm} {
		tm.Quit()
		out, err := io.ReadAll(tm.TM.FinalOutput(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range tokens {
			if bytes.Contains(out, []byte(tok)) {
				t.Fatal("a token was written to the terminal")
			}
		}
	}
}

func assertNoTokens(t *testing.T, dir string, tokens []string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, tok := range tokens {
			if bytes.Contains(b, []byte(tok)) {
				t.Errorf("%s holds a token", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
