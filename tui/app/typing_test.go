package app_test

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/app"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// openApply signs the candidate in and opens the apply form of the one
// demo job they have not applied to.
func openApply(t *testing.T, w, h int) *uitest.Driver {
	t.Helper()
	d := start(t, testserver.Demo(t).NewClient(), w, h)
	login(d, testserver.Candidate)
	d.Key("1")
	d.WaitContains("Job board", "Senior Go Engineer")
	d.Type("Technical")
	d.WaitFor("the search result", func(v string) bool {
		return strings.Contains(v, "Technical Writer") && !strings.Contains(v, "Senior Go Engineer")
	})
	d.Key("enter", "a")
	d.WaitContains("Applying to Technical Writer")
	return d
}

// typeLikeATerminal sends text the way a terminal's fast typing reaches
// Bubble Tea v1: each word as one key of several runes, spaces apart.
func typeLikeATerminal(d *uitest.Driver, text string) {
	for i, w := range strings.Split(text, " ") {
		if i > 0 {
			d.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		}
		d.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(w)})
	}
}

// TestDiscardAsks: esc or ctrl+c on a changed form asks first; n keeps
// the text, y throws it away.
func TestDiscardAsks(t *testing.T) {
	d := openApply(t, 80, 24)
	d.Type("Dear team")
	d.Key("esc")
	d.WaitContains(app.MsgDiscard+" (y/n)", "Dear team", "y discard • n keep editing")
	d.Key("n")
	d.WaitFor("the form, question gone", func(v string) bool {
		return strings.Contains(v, "Dear team") && !strings.Contains(v, app.MsgDiscard)
	})
	d.Key("ctrl+c")
	d.WaitContains("Discard your changes and quit? (y/n)")
	d.Key("esc") // esc answers no
	d.WaitFor("the form, question gone", func(v string) bool {
		return strings.Contains(v, "Dear team") && !strings.Contains(v, "quit? (y/n)")
	})
	d.Key("esc", "y")
	d.WaitContains("Job board", "Technical Writer")
}

// TestDiscardUnchangedForm: a form with nothing typed closes at once.
func TestDiscardUnchangedForm(t *testing.T) {
	d := openApply(t, 80, 24)
	d.Key("esc")
	v := d.WaitContains("Job board")
	if strings.Contains(v, app.MsgDiscard) {
		t.Fatalf("esc on an untouched form asks:\n%s", v)
	}
}

// TestKeysTogether types words that are also key names, a doubled letter
// and a paste, as a terminal delivers them: every rune lands in the
// field.
func TestKeysTogether(t *testing.T) {
	d := openApply(t, 100, 30)
	typeLikeATerminal(d, "write down what hurts, go left then right and up jj")
	d.WaitContains("write down what hurts, go left then right and up jj")
	d.Key("tab")
	d.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("up down\nleft q ?"), Paste: true})
	d.WaitContains("up down", "left q ?", "Applying to Technical Writer")
}

// TestKeysTogetherInAList: "jj" arriving as one key moves the selection
// twice, as two j's would.
func TestKeysTogetherInAList(t *testing.T) {
	d := start(t, testserver.Demo(t).NewClient(), 100, 30)
	login(d, testserver.Recruiter)
	d.Key("1")
	d.WaitContains("My jobs", "1/3")
	d.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jj")})
	d.WaitContains("3/3")
}

// TestAppliedBeforeTheForm: the job board marks the jobs the candidate
// applied to, a refuses to open a form there, and the form says so when
// opened anyway (from another screen).
func TestAppliedBeforeTheForm(t *testing.T) {
	srv := testserver.Demo(t)
	d := start(t, srv.NewClient(), 100, 30)
	login(d, testserver.Candidate)
	d.Key("1")
	v := d.WaitContains("Job board", "Senior Go Engineer", "Applied")
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "Senior Go Engineer") && !strings.Contains(l, "applied") {
			t.Errorf("the row of a job applied to has no mark: %q", l)
		}
		if strings.Contains(l, "Site Reliability") && !strings.Contains(l, "screening") {
			t.Errorf("the row of an application in screening has no stage: %q", l)
		}
	}
	d.Key("esc") // leave the search box
	d.Type("G")  // the last row: the first posted, Senior Go Engineer
	d.WaitFor("Senior Go Engineer selected", func(v string) bool { return strings.Contains(v, "> Senior Go Engineer") })
	d.Key("a")
	d.WaitContains("You applied to this job already (now applied)")
	d.Key("enter")
	d.WaitContains("You applied on")
	if n := srv.Requests("POST", "/jobs/"+srv.JobID("Senior Go Engineer")+"/applications"); n != 0 {
		t.Errorf("apply requests = %d, want 0", n)
	}
}

// TestDeactivatedUserIsTold: an admin deactivates the signed-in user; the
// next request lands on the sign-in screen that says so, with the email
// kept, and signing in again gets login's one answer for every failure.
func TestDeactivatedUserIsTold(t *testing.T) {
	srv := testserver.Demo(t)
	d := start(t, srv.NewClient(), 100, 30)
	login(d, testserver.Recruiter)
	inactive := false
	if _, err := srv.As(testserver.Admin).UpdateUser(context.Background(), srv.User(testserver.Recruiter).ID, hiregate.UpdateUserRequest{Active: &inactive}); err != nil {
		t.Fatal(err)
	}
	d.Key("1")
	v := d.WaitContains("Sign in to hiregate", "deactivated", "Email     "+testserver.Recruiter, "▸ Password")
	if strings.Contains(v, app.MsgSessionExpired) {
		t.Fatalf("a deactivated user is told the session expired:\n%s", v)
	}
}

// TestLettersThatAreKeys: j and k are text in a one-line field, not moves
// to the next or previous field.
func TestLettersThatAreKeys(t *testing.T) {
	d := start(t, testserver.New(t).NewClient(), 80, 24)
	d.Type("jojo.kk@example.com")
	d.WaitContains("▸ Email     jojo.kk@example.com")
}
