package jobs_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/jobs"
	"github.com/hiregate/hiregate/tui/ui"
)

func screen(c *ui.Context, api *client.Client) ui.Component { return jobs.New(c, api) }

func TestJobs(t *testing.T) {
	t.Parallel()
	demo := testserver.Demo(t)
	tests := []struct {
		name, email string
		keys        []string
		want        []string
	}{
		{"Candidate", "candidate@example.com", nil, []string{"Senior Go Engineer", "Remote (EU)"}},
		{"CandidateOpen", "candidate@example.com", []string{"esc", "down", "enter"}, []string{"open job {job Site Reliability Engineer}"}},
		{"CandidateApply", "candidate@example.com", []string{"esc", "a"}, []string{"open apply {job Technical Writer}"}},
		// The board says which jobs were applied to, and
		// a does not open a form for one of them.
		{"CandidateApplied", "candidate@example.com", []string{"esc", "end", "a"}, []string{"Senior Go Engineer", "applied", "You applied to this job already (now applied): enter shows it"}},
		{"Recruiter", "recruiter@example.com", nil, []string{"App Scr Int Off Hir Rej Wdr", "press / to search"}},
		{"RecruiterPipeline", "recruiter@example.com", []string{"end", "p"}, []string{"open pipeline {job Senior Go Engineer}"}},
		{"Admin", "admin@example.com", nil, []string{"Recruiter", "Dana Whitfield"}},
		{"Search", "candidate@example.com", []string{"writer"}, []string{`matching "writer"`, "Technical Writer"}},
		{"SearchSlashOutOfHabit", "candidate@example.com", []string{"/", "writer"}, []string{"/ writer", `matching "writer"`}},
		{"SearchNoMatch", "candidate@example.com", []string{"zzz"}, []string{"No job matches the search."}},
		{"SearchAgain", "candidate@example.com", []string{"esc", "/", "writer", "enter"}, []string{`matching "writer"`, "> Technical Writer", "enter open"}},
		{"StrayLetter", "recruiter@example.com", []string{"z"}, []string{"Press / to search"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := demo.For(t)
			d := srv.Screen(tt.email, 80, 24, screen)
			d.WaitContains("Senior Go Engineer")
			d.Key(tt.keys...)
			d.WaitContains(srv.Expand(tt.want...)...)
			golden.RequireEqual(t, []byte(srv.Scrub(d.Quit())))
		})
	}
}

func TestSearchTypingIsNotACommand(t *testing.T) {
	t.Parallel()
	demo := testserver.Demo(t)
	tests := []struct {
		name, email string
		keys        []string
	}{
		// The job board opens in its search box: typing searches at once.
		{"CandidateAtOnce", "candidate@example.com", nil},
		{"CandidateAfterSlash", "candidate@example.com", []string{"esc", "/"}},
		{"Recruiter", "recruiter@example.com", []string{"/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := demo.For(t).Screen(tt.email, 80, 24, screen)
			d.WaitContains("Senior Go Engineer")
			// "a" applies (or A opens applications) and "q" quits outside
			// the search box; inside it they are letters.
			d.Key(tt.keys...)
			d.Key("qaA")
			v := d.WaitContains("/ qaA", "enter/esc done searching")
			if lines := strings.Split(v, "\n"); strings.HasPrefix(lines[len(lines)-1], "open ") {
				t.Fatalf("typing in the search box ran a command:\n%s", v)
			}
		})
	}
}

func TestPlaceholderSaysHowToSearch(t *testing.T) {
	t.Parallel()
	demo := testserver.Demo(t)
	tests := []struct {
		name, email string
		keys        []string
		want        string
	}{
		{"CandidateFocused", "candidate@example.com", nil, "/ type to search title"},
		{"CandidateLeft", "candidate@example.com", []string{"esc"}, "/ press / to search title"},
		{"Recruiter", "recruiter@example.com", nil, "/ press / to search title"},
		{"RecruiterFocused", "recruiter@example.com", []string{"/"}, "/ type to search title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := demo.For(t).Screen(tt.email, 80, 24, screen)
			d.WaitContains("Senior Go Engineer")
			d.Key(tt.keys...)
			d.WaitContains(tt.want)
		})
	}
}

func TestPaging(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	for i := range 250 {
		srv.AddJob(testserver.Recruiter, fmt.Sprintf("Job %03d", i), "Remote")
	}
	d := srv.Screen(testserver.Candidate, 80, 24, screen)
	d.WaitContains("1/100+")
	d.Key("esc", "end")
	d.WaitContains("100/200+")
	d.Key("end")
	d.WaitContains("200/250")
	d.Key("end")
	d.WaitContains("250/250", "> Job 000")
	if n := srv.Requests("GET", "/jobs"); n != 3 {
		t.Errorf("ListJobs calls = %d, want 3", n)
	}
}
