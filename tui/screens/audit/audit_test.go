package audit_test

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/tui/api/fake"
	"github.com/hiregate/hiregate/tui/screens/audit"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func TestAudit(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want []string
	}{
		{"List", nil, []string{"Showing every type, every user", "deactivated", "login_failed", "login_ok"}},
		{"Type", []string{"t"}, []string{"Showing type login_ok", "1/1"}},
		{"NoMatch", []string{"t", "t", "t"}, []string{"Showing type throttled", "No events match."}},
		{"User", []string{"down", "u"}, []string{"user recruiter@example.com", "login_failed", "1/1"}},
		{"UserOff", []string{"down", "u", "u"}, []string{"every user", "1/3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := uitest.Screen(t, fake.Demo(), "admin@example.com", 100, 24, func(c *ui.Context) ui.Component { return audit.New(c) })
			d.WaitContains("login_ok")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}
