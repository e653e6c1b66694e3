package feedback_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/drafts"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/feedback"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// started schedules an interview of Priya Raman with Sam Lee that began an
// hour before the test server's clock (feedback opens when it starts).
func started(t *testing.T, srv *testserver.Server) *hiregate.Interview {
	t.Helper()
	priya := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	iv := srv.Schedule(testserver.Recruiter, priya, testserver.Epoch.Add(time.Hour), 45, testserver.Interviewer, testserver.Interviewer2)
	srv.Advance(2 * time.Hour)
	return iv
}

// run opens the feedback form of iv for who; store keeps drafts across
// the screens of one test, as the client does while it runs.
func run(t *testing.T, srv *testserver.Server, who string, iv *hiregate.Interview, store *drafts.Store, w, h int) *uitest.Driver {
	t.Helper()
	d := srv.Screen(who, w, h, func(c *ui.Context, api *client.Client) ui.Component {
		testserver.InBerlin(c)
		c.Clock = func() time.Time { return testserver.Epoch.Add(2 * time.Hour) }
		c.Drafts = store
		return feedback.New(c, api, iv.ID)
	})
	d.WaitContains("System design", "Recommendation")
	return d
}

func TestForm(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	iv := started(t, srv)
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			d := run(t, srv.For(t), testserver.Interviewer, iv, drafts.New(), size.w, size.h)
			d.WaitContains("Priya Raman · Senior Go Engineer", "Mon 2026-03-02 11:30–12:15 CET (today)", "esc keeps your draft")
			d.Key("3", "4")
			d.WaitContains("[4]", "explains clearly, listens")
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

// One digit a row, then the recommendation, then notes: sent.
func TestSend(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	iv := started(t, srv)
	store := drafts.New()
	d := run(t, srv, testserver.Interviewer, iv, store, 80, 24)
	d.Key("3", "2", "4", "3")
	// The digit of the recommendation moved on to the notes.
	d.WaitContains("[3 ✓ yes]", "▸ Notes")
	d.Type("Clear about trade-offs.")
	d.Key("ctrl+s")
	d.WaitContains("back: Feedback sent")
	f, err := srv.As(testserver.Interviewer).MyFeedback(context.Background(), iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"Go": 3, "System design": 2, "Communication": 4}
	if !maps.Equal(f.Ratings, want) || f.Recommendation != hiregate.Yes || f.Notes != "Clear about trade-offs." {
		t.Fatalf("feedback = %v %s %q; want %v yes and the notes", f.Ratings, f.Recommendation, f.Notes, want)
	}
	if store.Len() != 0 {
		t.Errorf("%d drafts kept after sending, want none", store.Len())
	}
	// Opened again, the form shows what was sent, to change it.
	d = run(t, srv, testserver.Interviewer, iv, store, 80, 24)
	d.WaitContains("You sent this on", "[3 ✓ yes]", "Clear about trade-offs.")
}

// esc leaves with the draft kept, and the form comes back as it was left.
func TestDraftKept(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	iv := started(t, srv)
	store := drafts.New()
	d := run(t, srv, testserver.Interviewer, iv, store, 80, 24)
	d.Key("4", "1", "down", "2")
	d.WaitContains("▸ Notes")
	d.Type("Half a thought")
	d.Key("esc")
	d.WaitContains("back: Draft kept: open this feedback again to go on")
	if !store.Has(iv.ID) {
		t.Fatal("no draft kept on esc")
	}
	d = run(t, srv, testserver.Interviewer, iv, store, 80, 24)
	v := d.WaitContains("Draft restored", "Half a thought", "[2 ✗ no]")
	golden.RequireEqual(t, []byte(v))
	// Nothing reached the server.
	if _, err := srv.As(testserver.Interviewer).MyFeedback(context.Background(), iv.ID); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Fatalf("MyFeedback = %v, want not found", err)
	}
}

// The server's refusal (the interview has not started) is shown, and the
// draft stays.
func TestNotStarted(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	priya := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	iv := srv.Schedule(testserver.Recruiter, priya, testserver.Epoch.Add(48*time.Hour), 45, testserver.Interviewer)
	store := drafts.New()
	d := srv.Screen(testserver.Interviewer, 80, 24, func(c *ui.Context, api *client.Client) ui.Component {
		testserver.InBerlin(c)
		c.Drafts = store
		return feedback.New(c, api, iv.ID)
	})
	d.WaitContains("Feedback opens when the interview starts")
	d.Key("3", "3", "3", "4", "ctrl+s")
	d.WaitContains("Feedback opens when the interview starts (2026-03-04")
	if !store.Has(iv.ID) {
		t.Fatal("the draft was dropped when the server refused it")
	}
}

// TestBlind: the feedback form of an interview on a blind job names the
// candidate by the alias and says why.
func TestBlind(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	srv.Blind(testserver.Recruiter, srv.JobID("Senior Go Engineer"), hiregate.StageInterview)
	iv := started(t, srv)
	d := run(t, srv, testserver.Interviewer, iv, drafts.New(), 80, 24)
	v := d.WaitContains(hiregate.BlindAlias(iv.ApplicationID)+" · Senior Go Engineer", "Blind review:")
	if strings.Contains(v, "Priya") || strings.Contains(v, "Raman") {
		t.Fatalf("the blind interview shows the candidate:\n%s", v)
	}
}
