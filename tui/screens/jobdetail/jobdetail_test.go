package jobdetail_test

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/screens/jobdetail"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func TestJobDetail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, email, job string
		keys             []string
		want             []string
	}{
		// candidate@example.com applied to the Go job and the SRE job of
		// the demo data, not to the writer job.
		{"Candidate", "candidate@example.com", "Senior Go Engineer", nil, []string{"Remote (EU) · full-time · 50000–70000", "You applied on 2026-03-02 — status applied", "enter your application"}},
		{"CandidateOpenMine", "candidate@example.com", "Senior Go Engineer", []string{"enter"}, []string{"open application {application Priya Raman/Senior Go Engineer}"}},
		{"CandidateNotApplied", "candidate@example.com", "Technical Writer", nil, []string{"a apply"}},
		{"CandidateApply", "candidate@example.com", "Technical Writer", []string{"a"}, []string{"open apply {job Technical Writer}"}},
		{"Recruiter", "recruiter@example.com", "Senior Go Engineer", nil, []string{"Applications: applied 1, interview 1", "e edit"}},
		{"RecruiterEdit", "recruiter@example.com", "Senior Go Engineer", []string{"e"}, []string{"open job form {job Senior Go Engineer}"}},
		{"RecruiterCloseAsk", "recruiter@example.com", "Senior Go Engineer", []string{"c"}, []string{`Close "Senior Go Engineer"? (y/n)`}},
		{"RecruiterClose", "recruiter@example.com", "Senior Go Engineer", []string{"c", "y"}, []string{"flash: Job is now closed", "closed"}},
		{"RecruiterCloseNo", "recruiter@example.com", "Senior Go Engineer", []string{"c", "n"}, []string{"open", "e edit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.Demo(t)
			id := srv.JobID(tt.job)
			d := srv.Screen(tt.email, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return jobdetail.New(c, api, id) })
			d.WaitContains(tt.job, "Description")
			d.Key(tt.keys...)
			d.WaitContains(srv.Expand(tt.want...)...)
			golden.RequireEqual(t, []byte(srv.Scrub(d.Quit())))
		})
	}
}

func TestAppliedHidesApply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, job   string
		wantApplied bool
	}{
		{"Applied", "Senior Go Engineer", true},
		{"NotApplied", "Technical Writer", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.Demo(t) // its request counts are this subtest's
			id := srv.JobID(tt.job)
			d := srv.Screen(testserver.Candidate, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return jobdetail.New(c, api, id) })
			v := d.WaitContains(tt.job, "Description")
			d.Quit()
			if applied := strings.Contains(v, "You applied on"); applied != tt.wantApplied {
				t.Fatalf("applied note shown = %v, want %v:\n%s", applied, tt.wantApplied, v)
			}
			if offered := strings.Contains(v, "a apply"); offered == tt.wantApplied {
				t.Fatalf("apply offered = %v after applying = %v:\n%s", offered, tt.wantApplied, v)
			}
			// The program has stopped: the screen is the test's alone now.
			screen := d.Model().(*uitest.Host).Screen
			cmd := screen.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a")})
			var got tea.Msg
			if cmd != nil {
				got = cmd()
			}
			open, ok := got.(ui.OpenMsg)
			if opened := ok && open.Page == ui.PageApply; opened == tt.wantApplied {
				t.Fatalf("a opened the apply form = %v after applying = %v (%#v)", opened, tt.wantApplied, got)
			}
			if n := srv.Requests("GET", "/applications/my"); n != 1 {
				t.Errorf("MyApplications calls = %d, want 1", n)
			}
		})
	}
}

func TestJobDetailNotFound(t *testing.T) {
	t.Parallel()
	d := testserver.Demo(t).Screen(testserver.Candidate, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return jobdetail.New(c, api, "nope") })
	d.WaitContains("Job not found")
}

// A close question about a job someone else closed meanwhile is
// withdrawn when the screen learns of it, and says so.
func TestStaleCloseQuestion(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	id := srv.JobID("Senior Go Engineer")
	d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return jobdetail.New(c, api, id) })
	d.WaitContains("e edit")
	d.Key("c")
	d.WaitContains(`Close "Senior Go Engineer"? (y/n)`)
	closed := hiregate.JobClosed
	if _, err := srv.As(testserver.Admin).UpdateJob(context.Background(), id, hiregate.UpdateJobRequest{Status: &closed}); err != nil {
		t.Fatal(err)
	}
	d.Send(live.EventsMsg{Events: []client.Event{{Type: hiregate.EventJobUpdated, Data: hiregate.EventData{JobID: id}}}})
	v := d.WaitContains(`"Senior Go Engineer" was closed by someone else meanwhile`)
	if strings.Contains(v, "(y/n)") {
		t.Errorf("the question stayed:\n%s", v)
	}
}
