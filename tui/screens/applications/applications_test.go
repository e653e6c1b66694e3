package applications_test

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/applications"
	"github.com/hiregate/hiregate/tui/ui"
)

func TestMyApplications(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys []string
		want []string
	}{
		{"List", nil, []string{"Site Reliability Engineer", "screening", "Senior Go Engineer", "applied"}},
		{"Open", []string{"enter"}, []string{"open application {application Priya Raman/Site Reliability Engineer}"}},
		{"WithdrawAsk", []string{"w"}, []string{`Withdraw your application to "Site Reliability Engineer"? (y/n)`}},
		{"Withdraw", []string{"w", "y"}, []string{"flash: Application withdrawn", "withdrawn"}},
		{"WithdrawNo", []string{"w", "esc"}, []string{"1/2", "w withdraw"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.Demo(t)
			d := srv.Screen(testserver.Candidate, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return applications.New(c, api, "") })
			d.WaitContains("Senior Go Engineer")
			d.Key(tt.keys...)
			d.WaitContains(srv.Expand(tt.want...)...)
			golden.RequireEqual(t, []byte(srv.Scrub(d.Quit())))
		})
	}
}

func TestJobApplications(t *testing.T) {
	t.Parallel()
	shared := testserver.Demo(t)
	tests := []struct {
		name string
		keys []string
		want []string
	}{
		{"List", nil, []string{"Senior Go Engineer", "all stages", "Grace Liu", "interview", "Priya Raman"}},
		{"Filter", []string{"f", "down", "enter"}, []string{"applied, newest first", "Priya Raman", "1/1"}},
		{"Picker", []string{"f"}, []string{"Show the applications in which stage?", "> 0 all stages", "3 interview", "enter show"}},
		{"PickerKeep", []string{"f", "down", "esc"}, []string{"all stages, newest first", "Grace Liu", "Priya Raman"}},
		{"PickerDigit", []string{"f", "3"}, []string{"interview, newest first", "Grace Liu", "1/1"}},
		{"Digit", []string{"3"}, []string{"interview, newest first", "Grace Liu", "1/1"}},
		{"EmptyStage", []string{"2"}, []string{"screening, newest first", "No applications in screening"}},
		{"SortMatch", []string{"s"}, []string{"best match first", "Match", "Skills found, missing", "engineer"}},
		{"SortBack", []string{"s", "s"}, []string{"newest first", "Email", "grace@example.com"}},
		{"Pipeline", []string{"p"}, []string{"open pipeline {job Senior Go Engineer}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := shared.For(t)
			id := srv.JobID("Senior Go Engineer")
			d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return applications.New(c, api, id) })
			d.WaitContains("Grace Liu")
			d.Key(tt.keys...)
			d.WaitContains(srv.Expand(tt.want...)...)
			golden.RequireEqual(t, []byte(srv.Scrub(d.Quit())))
		})
	}
}

// Opening an application from the ranking hands its match to the detail.
func TestOpenRanked(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	id := srv.JobID("Senior Go Engineer")
	d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return applications.New(c, api, id) })
	d.WaitContains("Grace Liu")
	d.Key("s")
	d.WaitContains("best match first", "engineer go senior")
	d.Key("enter")
	d.WaitContains(srv.Expand("open application {application Grace Liu/Senior Go Engineer}")...)
	golden.RequireEqual(t, []byte(srv.Scrub(d.Quit())))
}
