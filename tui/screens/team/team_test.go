package team_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/team"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func run(t *testing.T, srv *testserver.Server, email string, w, h int) *uitest.Driver {
	t.Helper()
	id := srv.JobID("Senior Go Engineer")
	d := srv.Screen(email, w, h, func(c *ui.Context, api *client.Client) ui.Component { return team.New(c, api, id) })
	d.WaitContains("Senior Go Engineer · hiring team", "Scorecard")
	return d
}

// names lists the team's members as the server holds them.
func names(t *testing.T, srv *testserver.Server) []string {
	t.Helper()
	tm, err := srv.As(testserver.Admin).Team(context.Background(), srv.JobID("Senior Go Engineer"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range tm.Members {
		out = append(out, fmt.Sprintf("%s/%s", p.FullName, p.Role))
	}
	slices.Sort(out)
	return out
}

func TestView(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			d := run(t, srv.For(t), testserver.Recruiter, size.w, size.h)
			d.WaitContains("Marcus Okafor", "Sam Lee", "Alex Kim", "interviewer", "1. Go", "a add member")
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

// A team recruiter sees the team and the scorecard, and may change
// neither.
func TestTeamRecruiterReadOnly(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	d := run(t, srv, testserver.Recruiter2, 80, 24)
	d.WaitContains("Sam Lee", "3. Communication")
	d.Key("a", "x", "s")
	v := d.WaitContains("Sam Lee", "3. Communication")
	for _, no := range []string{"add member", "Remove", "edit scorecard"} {
		if strings.Contains(v, no) {
			t.Fatalf("a team recruiter is offered %q:\n%s", no, v)
		}
	}
}

// The owner adds someone by typing part of their email, and removes
// someone after answering y.
func TestAddRemove(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	srv.AddUser(testserver.Interviewer, "Sam Lee", hiregate.RoleInterviewer)
	srv.AddUser(testserver.Interviewer2, "Alex Kim", hiregate.RoleInterviewer)
	d := run(t, srv, testserver.Recruiter, 80, 24)
	d.WaitContains("Nobody else yet: press a to add someone.")
	d.Key("a")
	d.Type("sam@")
	d.WaitFor("Sam found, Alex not", func(v string) bool {
		return strings.Contains(v, "sam@example.com") && !strings.Contains(v, "alex@example.com")
	})
	golden.RequireEqual(t, []byte(d.Last()))
	d.Key("enter")
	d.WaitContains("flash: Sam Lee joined the team as interviewer")
	if got := names(t, srv); !slices.Equal(got, []string{"Sam Lee/interviewer"}) {
		t.Fatalf("team = %v, want Sam Lee/interviewer", got)
	}
	// A recruiter joins as a team recruiter.
	d.Key("a")
	d.Type("marcus")
	d.WaitContains("marcus@example.com")
	d.Key("enter")
	d.WaitContains("flash: Marcus Okafor joined the team as recruiter")

	d.Key("x")
	d.WaitContains(`Remove Marcus Okafor from the team of "Senior Go Engineer"? (y/n)`)
	d.Key("n")
	d.Key("x", "y")
	d.WaitContains("flash: Marcus Okafor is off the team")
	if got := names(t, srv); !slices.Equal(got, []string{"Sam Lee/interviewer"}) {
		t.Fatalf("team = %v, want Sam Lee/interviewer", got)
	}
}

func TestScorecard(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	d := run(t, srv, testserver.Recruiter, 80, 24)
	d.Key("s")
	d.WaitContains("Go: idiomatic code", "Feedback before offer")
	d.Key("end")
	d.Type("\nCuriosity: asks good questions")
	d.Key("tab", "right")
	d.WaitContains("[required]")
	golden.RequireEqual(t, []byte(d.Last()))
	d.Key("ctrl+s")
	d.WaitContains("flash: Scorecard saved", "4. Curiosity", "feedback required before offer")
	sc, err := srv.As(testserver.Admin).Scorecard(context.Background(), srv.JobID("Senior Go Engineer"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Criteria) != 4 || sc.Criteria[3] != (hiregate.Criterion{Name: "Curiosity", Description: "asks good questions"}) || !sc.RequiredBeforeOffer {
		t.Fatalf("scorecard = %+v", sc)
	}
}

func TestParseCriteria(t *testing.T) {
	got := team.ParseCriteria("Go: idiomatic: really\n\n  Design  \n: no name\n")
	want := []hiregate.Criterion{{Name: "Go", Description: "idiomatic: really"}, {Name: "Design"}}
	if !slices.Equal(got, want) {
		t.Fatalf("ParseCriteria = %+v, want %+v", got, want)
	}
}
