package jobs_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/tui/api/fake"
	"github.com/hiregate/hiregate/tui/screens/jobs"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func screen(c *ui.Context) ui.Component { return jobs.New(c) }

func TestJobs(t *testing.T) {
	tests := []struct {
		name, email string
		keys        []string
		want        []string
	}{
		{"Candidate", "candidate@example.com", nil, []string{"Senior Go Engineer", "Remote (EU)"}},
		{"CandidateOpen", "candidate@example.com", []string{"down", "enter"}, []string{"open job j"}},
		{"CandidateApply", "candidate@example.com", []string{"a"}, []string{"open apply j"}},
		{"Recruiter", "recruiter@example.com", nil, []string{"App Scr Int"}},
		{"RecruiterPipeline", "recruiter@example.com", []string{"end", "p"}, []string{"open pipeline j"}},
		{"Admin", "admin@example.com", nil, []string{"Recruiter", "Dana Whitfield"}},
		{"Search", "candidate@example.com", []string{"/", "writer"}, []string{`matching "writer"`, "Technical Writer"}},
		{"SearchNoMatch", "candidate@example.com", []string{"/", "zzz"}, []string{"No job matches the search."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := uitest.Screen(t, fake.Demo(), tt.email, 80, 24, screen)
			d.WaitContains("Senior Go Engineer")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

func TestSearchTypingIsNotACommand(t *testing.T) {
	a := fake.Demo()
	d := uitest.Screen(t, a, "candidate@example.com", 80, 24, screen)
	d.WaitContains("Senior Go Engineer")
	// "a" applies and "q" quits outside the search box; inside it they
	// are letters.
	d.Key("/", "qa")
	v := d.WaitContains("/ qa")
	if strings.Contains(v, "open apply") {
		t.Fatalf("typing a in the search box applied:\n%s", v)
	}
}

func TestPaging(t *testing.T) {
	a := fake.New()
	rec := a.User("recruiter@example.com")
	for i := range 250 {
		a.AddJob(rec, fmt.Sprintf("Job %03d", i), "Remote")
	}
	d := uitest.Screen(t, a, "candidate@example.com", 80, 24, screen)
	d.WaitContains("1/100+")
	d.Key("end")
	d.WaitContains("100/200+")
	d.Key("end")
	d.WaitContains("200/250")
	d.Key("end")
	d.WaitContains("250/250", "> Job 000")
	if n := a.Calls["ListJobs"]; n != 3 {
		t.Errorf("ListJobs calls = %d, want 3", n)
	}
}
