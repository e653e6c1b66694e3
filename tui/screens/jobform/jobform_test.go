package jobform_test

import (
	"context"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/jobform"
	"github.com/hiregate/hiregate/tui/ui"
)

// failing is the real client whose CreateJob answers err: a 422 on rules
// the server may grow, which the form must still place field by field.
type failing struct {
	jobform.API
	err error
}

func (f failing) CreateJob(context.Context, hiregate.CreateJobRequest) (*hiregate.Job, error) {
	return nil, f.err
}

func TestPostJob(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		email string
		fail  error
		keys  []string
		want  []string
	}{
		{"OK", testserver.Recruiter, nil, []string{"Staff Engineer", "tab", "Lisbon", "tab", "right", "tab", "90000", "tab", "120000", "tab", "k8s", "tab", "tab", "tab", "right", "right", "tab", "Lead the platform team.", "ctrl+s"},
			[]string{"back: Job posted: Staff Engineer"}},
		{"ErrLocal", testserver.Recruiter, nil, []string{"tab", "tab", "tab", "lots", "tab", "5", "ctrl+s"},
			[]string{"↑ required", "↑ must be a whole number", "[full-time]"}},
		// No field names or underscores shown to people.
		{"ErrSalaryOrder", testserver.Recruiter, nil, []string{"Staff Engineer", "tab", "tab", "tab", "90", "tab", "50", "ctrl+s"},
			[]string{"must not be less than the minimum salary"}},
		{"ErrServerFields", testserver.Recruiter, hiregate.ValidationError(map[string]string{"location": "must be a city we hire in", "title": "already used by an open job"}),
			[]string{"Staff Engineer", "tab", "Mars", "ctrl+s"},
			[]string{"↑ must be a city we hire in", "↑ already used by an open job", "Some fields need fixing"}},
		// A candidate has no business here; the server says so.
		{"ErrForbidden", testserver.Candidate, nil,
			[]string{"Staff Engineer", "ctrl+s"},
			[]string{"Access denied. Requires role: recruiter or admin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.Demo(t)
			d := srv.Screen(tt.email, 80, 24, func(c *ui.Context, api *client.Client) ui.Component {
				if tt.fail != nil {
					return jobform.New(c, failing{api, tt.fail}, nil)
				}
				return jobform.New(c, api, nil)
			})
			d.WaitContains("Fill in the job")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

func TestEditJob(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	job := srv.Job("Technical Writer")
	d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return jobform.New(c, api, job) })
	d.WaitContains("Technical Writer", "50000")
	d.Key(" (docs)", "ctrl+s")
	d.WaitContains("back: Job saved")
	if id := srv.JobID("Technical Writer (docs)"); id != job.ID {
		t.Fatalf("job %s was not renamed: the job of that title is %s", job.ID, id)
	}
	golden.RequireEqual(t, []byte(d.Quit()))
}

func TestCompleteSkill(t *testing.T) {
	skills := []hiregate.Skill{{Name: "Kubernetes", Aliases: []string{"k8s"}}, {Name: "Go", Aliases: []string{"golang"}}, {Name: "Google Cloud"}}
	tests := []struct{ prefix, want string }{
		{"k8", "Kubernetes"}, {"K8S", "Kubernetes"}, {"kub", "Kubernetes"},
		{"go", "Go"}, {"gol", "Go"}, {"goo", "Google Cloud"}, {"rust", ""}, {"", ""},
	}
	for _, tt := range tests {
		if got := jobform.CompleteSkill(skills, tt.prefix); got != tt.want {
			t.Errorf("CompleteSkill(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
}
