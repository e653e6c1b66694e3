package jobdetail_test

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/tui/api/fake"
	"github.com/hiregate/hiregate/tui/screens/jobdetail"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func TestJobDetail(t *testing.T) {
	tests := []struct {
		name, email string
		keys        []string
		want        []string
	}{
		{"Candidate", "candidate@example.com", nil, []string{"Remote (EU) · full-time · 50000–70000", "a apply"}},
		{"CandidateApply", "candidate@example.com", []string{"a"}, []string{"open apply j"}},
		{"Recruiter", "recruiter@example.com", nil, []string{"Applications: applied 1, interview 1", "e edit"}},
		{"RecruiterEdit", "recruiter@example.com", []string{"e"}, []string{"open job form j"}},
		{"RecruiterCloseAsk", "recruiter@example.com", []string{"c"}, []string{`Close "Senior Go Engineer"? (y/n)`}},
		{"RecruiterClose", "recruiter@example.com", []string{"c", "y"}, []string{"flash: Job is now closed", "closed"}},
		{"RecruiterCloseNo", "recruiter@example.com", []string{"c", "n"}, []string{"open", "e edit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := fake.Demo()
			d := uitest.Screen(t, a, tt.email, 80, 24, func(c *ui.Context) ui.Component { return jobdetail.New(c, a.JobID("Senior Go Engineer")) })
			d.WaitContains("Senior Go Engineer", "About the role")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

func TestJobDetailNotFound(t *testing.T) {
	d := uitest.Screen(t, fake.Demo(), "candidate@example.com", 80, 24, func(c *ui.Context) ui.Component { return jobdetail.New(c, "nope") })
	d.WaitContains("Job not found")
}
