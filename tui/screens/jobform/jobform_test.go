package jobform_test

import (
	"context"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/api/fake"
	"github.com/hiregate/hiregate/tui/screens/jobform"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func TestPostJob(t *testing.T) {
	tests := []struct {
		name string
		fail error
		keys []string
		want []string
	}{
		{"OK", nil, []string{"Staff Engineer", "tab", "Lisbon", "tab", "right", "tab", "90000", "tab", "120000", "tab", "Lead the platform team.", "ctrl+s"},
			[]string{"back: Job posted: Staff Engineer"}},
		{"ErrLocal", nil, []string{"tab", "tab", "tab", "lots", "tab", "5", "ctrl+s"},
			[]string{"↑ required", "↑ must be a whole number"}},
		{"ErrServerFields", hiregate.ValidationError(map[string]string{"location": "must be a city we hire in", "title": "already used by an open job"}),
			[]string{"Staff Engineer", "tab", "Mars", "ctrl+s"},
			[]string{"↑ must be a city we hire in", "↑ already used by an open job", "Some fields need fixing"}},
		{"ErrForbidden", hiregate.ErrAccessDenied(hiregate.RoleRecruiter, hiregate.RoleAdmin),
			[]string{"Staff Engineer", "ctrl+s"},
			[]string{"Access denied. Requires role: recruiter or admin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := fake.Demo()
			if tt.fail != nil {
				a.Fail["CreateJob"] = tt.fail
			}
			d := uitest.Screen(t, a, "recruiter@example.com", 80, 24, func(c *ui.Context) ui.Component { return jobform.New(c, nil) })
			d.WaitContains("Fill in the job")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

func TestEditJob(t *testing.T) {
	a := fake.Demo()
	id := a.JobID("Technical Writer")
	a.SignIn(a.User("recruiter@example.com"))
	job, err := a.Job(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	d := uitest.Screen(t, a, "recruiter@example.com", 80, 24, func(c *ui.Context) ui.Component { return jobform.New(c, job) })
	d.WaitContains("Technical Writer", "50000")
	d.Key(" (docs)", "ctrl+s")
	d.WaitContains("back: Job saved")
	if a.JobID("Technical Writer (docs)") != id {
		t.Fatalf("job %s was not renamed", id)
	}
	golden.RequireEqual(t, []byte(d.Quit()))
}
