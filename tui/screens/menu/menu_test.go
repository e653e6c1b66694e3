package menu_test

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/menu"
	"github.com/hiregate/hiregate/tui/ui"
)

func TestMenu(t *testing.T) {
	t.Parallel()
	shared := testserver.New(t)
	tests := []struct {
		name, email string
		keys        []string
		want        string
	}{
		{"Candidate", "candidate@example.com", []string{"2"}, "open my applications"},
		{"Recruiter", "recruiter@example.com", []string{"down", "enter"}, "open job form"},
		{"Admin", "admin@example.com", []string{"4"}, "open audit"},
		{"Logout", "candidate@example.com", []string{"9"}, "logged out: Signed out"},
		{"AboutYou", "candidate@example.com", []string{"8"}, "open about you"},
		{"SecondFactor", "candidate@example.com", []string{"3"}, "open second factor"},
		{"Reports", "recruiter@example.com", []string{"3"}, "open reports"},
		{"YourData", "candidate@example.com", []string{"7"}, "open account"},
		{"SSHKeys", "candidate@example.com", []string{"5"}, "open ssh keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := shared.For(t)
			d := srv.Screen(tt.email, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return menu.New(c, api) })
			d.WaitContains("Welcome,")
			d.Key(tt.keys...)
			d.WaitContains(tt.want)
			golden.RequireEqual(t, []byte(d.Quit()))
			if n := srv.Requests("POST", "/auth/logout"); tt.name == "Logout" && n != 1 {
				t.Errorf("Logout calls = %d, want 1", n)
			}
		})
	}
}
