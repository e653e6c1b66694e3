package applications_test

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/tui/api/fake"
	"github.com/hiregate/hiregate/tui/screens/applications"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func TestMyApplications(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want []string
	}{
		{"List", nil, []string{"Site Reliability Engineer", "screening", "Senior Go Engineer", "applied"}},
		{"Open", []string{"enter"}, []string{"open application a"}},
		{"WithdrawAsk", []string{"w"}, []string{`Withdraw your application to "Site Reliability Engineer"? (y/n)`}},
		{"Withdraw", []string{"w", "y"}, []string{"flash: Application withdrawn", "withdrawn"}},
		{"WithdrawNo", []string{"w", "esc"}, []string{"1/2", "w withdraw"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := uitest.Screen(t, fake.Demo(), "candidate@example.com", 80, 24, func(c *ui.Context) ui.Component { return applications.New(c, "") })
			d.WaitContains("Senior Go Engineer")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

func TestJobApplications(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want []string
	}{
		{"List", nil, []string{"Senior Go Engineer", "all stages", "Grace Liu", "interview", "Priya Raman"}},
		{"Filter", []string{"f"}, []string{"showing applied", "Priya Raman", "1/1"}},
		{"Pipeline", []string{"p"}, []string{"open pipeline j"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := fake.Demo()
			id := a.JobID("Senior Go Engineer")
			d := uitest.Screen(t, a, "recruiter@example.com", 80, 24, func(c *ui.Context) ui.Component { return applications.New(c, id) })
			d.WaitContains("Grace Liu")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}
