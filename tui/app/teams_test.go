package app_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
)

func TestHomeInterviewer(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			t.Parallel()
			d := start(t, srv.For(t).NewClient(), size.w, size.h, testserver.InBerlin)
			login(d, testserver.Interviewer)
			d.WaitContains("1. My interviews")
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

// An interviewer's day: the interview appears on their list as it is
// scheduled, they read the application, write feedback (leaving once:
// the draft stays), send it, and then see everyone's.
func TestLiveInterviewerDay(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	priya := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	d := start(t, srv.NewClient(), 80, 24, withLive, testserver.InBerlin)
	login(d, testserver.Interviewer)
	d.Key("1")
	d.WaitContains("No interviews in the last two weeks or ahead.")

	iv := srv.Schedule(testserver.Recruiter2, priya, testserver.Epoch.Add(time.Hour), 45, testserver.Interviewer)
	rowShows(d, "today", "11:30–12:15 CET", "Priya Raman")
	srv.Advance(2 * time.Hour)

	d.Key("enter")
	d.WaitContains("Interviews (1)", "f feedback")
	d.Key("f")
	d.WaitContains("Feedback opens when the interview starts") // the client's clock is still at ten thirty
	d.Key("3", "3")
	d.Key("esc")
	d.WaitContains("Draft kept: open this feedback again to go on", "your feedback draft is kept: f to go on")
	d.WaitFor("the application reloaded", func(v string) bool { return strings.Contains(v, "0%") && !strings.Contains(v, "Working…") })
	d.Key("f")
	d.WaitContains("Draft restored")
	d.Key("down", "4", "3", "3")
	d.WaitContains("▸ Notes")
	d.Type("Solid.")
	d.Key("ctrl+s")
	d.WaitContains("Feedback sent", "Feedback (1)", "Sam   avg")

	f, err := srv.As(testserver.Interviewer).MyFeedback(context.Background(), iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"Go": 3, "System design": 4, "Communication": 3}; !maps.Equal(f.Ratings, want) || f.Recommendation != hiregate.Yes || f.Notes != "Solid." {
		t.Fatalf("feedback = %v %s %q; want %v, yes, Solid.", f.Ratings, f.Recommendation, f.Notes, want)
	}
}

// Leaving the client with a feedback draft kept asks first.
func TestQuitWithDraftAsks(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	priya := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	srv.Schedule(testserver.Recruiter, priya, testserver.Epoch.Add(time.Hour), 45, testserver.Interviewer)
	d := start(t, srv.NewClient(), 80, 24, testserver.InBerlin)
	login(d, testserver.Interviewer)
	d.Key("1")
	d.WaitContains("Priya Raman")
	d.Key("f")
	d.WaitContains("Recommendation")
	d.Key("2", "esc")
	d.WaitContains("Draft kept")
	d.Key("q")
	d.WaitContains("Quit and lose what you typed? (y/n)")
}

// Feedback sent elsewhere shows on the recruiter's application screen
// without a key pressed; so does a new interview.
func TestLiveRecruiterSeesFeedback(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	priya := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	d := start(t, srv.NewClient(), 120, 40, withLive, testserver.InBerlin)
	login(d, testserver.Recruiter)
	openBoard(d)
	d.Key("enter")
	d.WaitContains("Priya Raman <candidate@example.com>", "i interview")

	iv := srv.Schedule(testserver.Recruiter2, priya, testserver.Epoch.Add(time.Hour), 45, testserver.Interviewer, testserver.Interviewer2)
	d.WaitContains("Interviews (1)", "with Alex Kim, Sam Lee")
	srv.Advance(2 * time.Hour)
	srv.Feedback(testserver.Interviewer2, iv.ID, map[string]int{"Go": 2}, hiregate.StrongNo, "Not yet.")
	d.WaitContains("Feedback (1)", "Not yet.")
	v := d.WaitContains("✗✗")
	if !strings.Contains(v, "Alex") {
		t.Fatalf("the summary does not name Alex:\n%s", v)
	}
}

// A team recruiter works the job: the job screen offers the board and
// the team, and the board says who moved each card.
func TestTeamRecruiterBoard(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	d := start(t, srv.NewClient(), 80, 24, testserver.InBerlin)
	login(d, testserver.Recruiter2)
	d.Key("1")
	d.WaitContains("Senior Go Engineer")
	d.Key("enter")
	d.WaitContains("p pipeline", "t team")
	d.Key("p")
	d.WaitContains("Senior Go Engineer  2 applications")
	d.Key("m", "y")
	d.WaitContains("Priya Raman moved to screening", "Priya Raman: screening since 2026-03-02", "by Marcus Okafor")
	d.Key("esc", "t")
	d.WaitContains("Senior Go Engineer · hiring team", "Owner: Dana Whitfield")
}
