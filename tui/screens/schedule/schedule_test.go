package schedule_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/schedule"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// run opens the form for Priya Raman's application to the Go job, in
// Berlin on the test server's first day.
func run(t *testing.T, srv *testserver.Server, email string, w, h int, was *hiregate.Interview) *uitest.Driver {
	t.Helper()
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	d := srv.Screen(email, w, h, func(c *ui.Context, api *client.Client) ui.Component {
		testserver.InBerlin(c)
		return schedule.New(c, api, id, was)
	})
	d.WaitContains("Interviewers", "Sam Lee")
	return d
}

func interviews(t *testing.T, srv *testserver.Server) []hiregate.Interview {
	t.Helper()
	l, err := srv.As(testserver.Admin).ApplicationInterviews(context.Background(), srv.ApplicationID(testserver.Candidate, "Senior Go Engineer"))
	if err != nil {
		t.Fatal(err)
	}
	return l.Items
}

func TestForm(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			d := run(t, srv.For(t), testserver.Recruiter, size.w, size.h, nil)
			// Tomorrow at ten, Berlin time, with the zone said twice.
			d.WaitContains("Times are in Europe/Berlin, CET", "2026-03-03", "10:00", "Time (CET)")
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

// Typed in Berlin, sent in UTC: ten in the morning in March is nine UTC.
func TestSchedule(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	d := run(t, srv, testserver.Recruiter2, 80, 24, nil)
	d.Key("tab", "tab", "tab", "space")
	d.WaitContains("›[x] ")
	d.Key("tab")
	d.Type("Room 4, Alexanderplatz")
	d.Key("ctrl+s")
	d.WaitContains("back: Interview scheduled: Tue 2026-03-03 10:00–10:45 CET (tomorrow)")
	ivs := interviews(t, srv)
	if len(ivs) != 1 {
		t.Fatalf("interviews = %d, want 1", len(ivs))
	}
	iv := ivs[0]
	if want := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC); !iv.StartsAt.Equal(want) || iv.DurationMinutes != 45 || iv.Location != "Room 4, Alexanderplatz" || len(iv.Interviewers) != 1 {
		t.Fatalf("interview = %s %d min at %q with %v; want %s 45 min at Room 4, one interviewer", iv.StartsAt, iv.DurationMinutes, iv.Location, iv.Interviewers, want)
	}
}

func TestInvalid(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	tests := []struct {
		name  string
		keys  []string
		field string
		want  string
	}{
		{"Time", []string{"tab", "backspace", "backspace", "backspace", "backspace", "backspace", "9pm"}, "", "type a time as HH:MM (24-hour)"},
		// The hour Berlin skips when clocks go forward.
		{"Gap", []string{"ctrl+u", "2026-03-29", "tab", "ctrl+u", "02:30"}, "", "that time does not exist here"},
		{"Minutes", []string{"tab", "tab", "ctrl+u", "soon"}, "", "type minutes (45) or hours and minutes (1h30)"},
		{"Nobody", nil, "", "pick at least one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := run(t, srv.For(t), testserver.Recruiter, 80, 24, nil)
			d.Key(tt.keys...)
			d.Key("ctrl+s")
			d.WaitContains(tt.want)
		})
	}
	if n := len(interviews(t, srv)); n != 0 {
		t.Fatalf("%d interviews were scheduled by invalid forms", n)
	}
}

// Another interview of the same interviewer at that time is allowed and
// said.
func TestConflict(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	grace := srv.ApplicationID(testserver.Candidate2, "Senior Go Engineer")
	srv.Schedule(testserver.Recruiter, grace, time.Date(2026, 3, 3, 8, 30, 0, 0, time.UTC), 60, testserver.Interviewer)
	d := run(t, srv, testserver.Recruiter, 120, 40, nil)
	d.Key("tab", "tab", "tab")
	for range 4 {
		d.WaitContains("›")
		if l := d.Last(); strings.Contains(l, "›[ ] Sam Lee") {
			break
		}
		d.Key("right")
	}
	d.Key("space", "ctrl+s")
	d.WaitContains("back: Interview scheduled: Tue 03-03 10:00 CET; ⚠ overlaps Sam Lee's 09:30–10:30")
}

// Moving an interview starts from its time and people.
func TestMove(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	priya := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	iv := srv.Schedule(testserver.Recruiter, priya, time.Date(2026, 3, 4, 13, 0, 0, 0, time.UTC), 60, testserver.Interviewer2)
	d := run(t, srv, testserver.Recruiter, 80, 24, iv)
	d.WaitContains("2026-03-04", "14:00", "60", "[x] Alex Kim", "Room 4")
	d.Key("tab", "ctrl+u")
	d.Type("15:30")
	d.Key("ctrl+s")
	d.WaitContains("back: Interview moved: Wed 2026-03-04 15:30–16:30 CET")
	got := interviews(t, srv)[0]
	if want := time.Date(2026, 3, 4, 14, 30, 0, 0, time.UTC); !got.StartsAt.Equal(want) || got.Sequence <= iv.Sequence {
		t.Fatalf("moved interview starts %s, sequence %d; want %s and a sequence above %d", got.StartsAt, got.Sequence, want, iv.Sequence)
	}
}

// TestBlind: scheduling on a blind job names the candidate by the alias,
// as the interviewers' invites will, and says why.
func TestBlind(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	srv.Blind(testserver.Recruiter, srv.JobID("Senior Go Engineer"), hiregate.StageInterview)
	d := run(t, srv, testserver.Recruiter, 80, 24, nil)
	v := d.WaitContains(hiregate.BlindAlias(srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")), "Blind review:")
	if strings.Contains(v, "Priya") {
		t.Fatalf("the blind form shows the candidate:\n%s", v)
	}
}
