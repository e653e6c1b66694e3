package interviews_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/interviews"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// seed gives Sam Lee interviews yesterday, today, in two days and (at
// Grace's) tomorrow, on the test server's clock; it returns them in the
// order scheduled.
func seed(t *testing.T) *testserver.Server {
	t.Helper()
	srv := testserver.Teams(t)
	priya := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	grace := srv.ApplicationID(testserver.Candidate2, "Senior Go Engineer")
	srv.Schedule(testserver.Recruiter, priya, testserver.Epoch.Add(48*time.Hour), 60, testserver.Interviewer)
	srv.Schedule(testserver.Recruiter, grace, testserver.Epoch.Add(24*time.Hour), 30, testserver.Interviewer, testserver.Interviewer2)
	srv.Schedule(testserver.Recruiter, priya, testserver.Epoch.Add(4*time.Hour), 45, testserver.Interviewer)
	srv.SignOutSeeders()
	return srv
}

func run(t *testing.T, srv *testserver.Server, email string, w, h int) *uitest.Driver {
	t.Helper()
	d := srv.Screen(email, w, h, func(c *ui.Context, api *client.Client) ui.Component {
		testserver.InBerlin(c)
		return interviews.New(c, api)
	})
	d.WaitContains("My interviews", "Room 4")
	return d
}

// Today's interview comes first, then the coming ones, soonest first.
func TestMine(t *testing.T) {
	t.Parallel()
	srv := seed(t)
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			d := run(t, srv.For(t), testserver.Interviewer, size.w, size.h)
			v := d.WaitContains("1 today", "times in CET", "f feedback")
			today, tomorrow, later := strings.Index(v, "today "), strings.Index(v, "tomorrow"), strings.Index(v, "Wed 03-04")
			if !(today >= 0 && today < tomorrow && tomorrow < later) {
				t.Fatalf("order is not today, tomorrow, Wednesday:\n%s", v)
			}
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

// Alex Kim sees only the interview it is on.
func TestOnlyAssigned(t *testing.T) {
	t.Parallel()
	srv := seed(t)
	d := run(t, srv, testserver.Interviewer2, 80, 24)
	v := d.WaitContains("Grace Liu")
	if strings.Contains(v, "Priya Raman") {
		t.Fatalf("Alex sees an interview it is not on:\n%s", v)
	}
}

func TestOpen(t *testing.T) {
	t.Parallel()
	srv := seed(t)
	d := run(t, srv, testserver.Interviewer, 80, 24)
	d.Key("enter")
	d.WaitContains(srv.Expand("open application {application Priya Raman/Senior Go Engineer}")...)
	d.Key("f")
	d.WaitContains("open feedback ")
}

// The candidate's own list, and the calendar file saved from it.
func TestCandidateCalendar(t *testing.T) {
	t.Parallel()
	srv := seed(t)
	d := run(t, srv, testserver.Candidate, 80, 24)
	v := d.WaitContains("Sam Lee", "c save .ics")
	if strings.Contains(v, "f feedback") || strings.Contains(v, "Grace") {
		t.Fatalf("the candidate sees more than theirs:\n%s", v)
	}
	d.Key("c")
	d.WaitContains("interview-senior-go-engineer-2026-03-02.ics")
	path := filepath.Join(t.TempDir(), "today.ics")
	d.Key("ctrl+u")
	d.Type(path)
	d.Key("enter")
	d.WaitContains("flash: Saved " + path)
	if b, err := os.ReadFile(path); err != nil || !strings.Contains(string(b), "BEGIN:VEVENT") {
		t.Fatalf("saved %q, %v", b, err)
	}
}

func TestOrder(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	at := func(id string, h int, st hiregate.InterviewStatus) hiregate.Interview {
		return hiregate.Interview{ID: id, StartsAt: now.Add(time.Duration(h) * time.Hour), Status: st}
	}
	s := hiregate.InterviewScheduled
	in := []hiregate.Interview{at("lastweek", -150, s), at("yesterday", -24, s), at("morning", -3, s), at("cancelled", 2, hiregate.InterviewCancelled),
		at("evening", 5, s), at("tomorrow", 24, s), at("friday", 96, s)}
	var got []string
	for _, iv := range interviews.Order(in, now, testserver.Berlin) {
		got = append(got, iv.ID)
	}
	want := "morning evening tomorrow friday yesterday lastweek cancelled"
	if strings.Join(got, " ") != want {
		t.Fatalf("Order = %v, want %s", got, want)
	}
}

// TestBlind: an interviewer of a blind job's application sees the alias
// and the notice, never the name.
func TestBlind(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	srv.Blind(testserver.Recruiter, srv.JobID("Senior Go Engineer"), hiregate.StageInterview)
	priya := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	srv.Schedule(testserver.Recruiter, priya, testserver.Epoch.Add(4*time.Hour), 45, testserver.Interviewer)
	d := run(t, srv, testserver.Interviewer, 80, 24)
	v := d.WaitContains(hiregate.BlindAlias(priya), "Blind review:")
	if strings.Contains(v, "Priya") || strings.Contains(v, "Raman") {
		t.Fatalf("the blind interview shows the candidate:\n%s", v)
	}
}
