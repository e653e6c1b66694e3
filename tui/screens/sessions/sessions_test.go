package sessions_test

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/tui/api/fake"
	"github.com/hiregate/hiregate/tui/screens/sessions"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func TestSessions(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want []string
	}{
		{"List", nil, []string{"this", "hiregate-tui/1", "192.0.2.7", "curl/8.5.0"}},
		{"RevokeOther", []string{"down", "x", "y"}, []string{"flash: Session revoked"}},
		{"RevokeThisAsk", []string{"x"}, []string{"Revoke this session? You will be signed out. (y/n)"}},
		{"RevokeThis", []string{"x", "y"}, []string{"logged out: You revoked this session"}},
		{"LogoutAll", []string{"L", "y"}, []string{"logged out: Signed out everywhere"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := fake.Demo()
			d := uitest.Screen(t, a, "recruiter@example.com", 80, 24, func(c *ui.Context) ui.Component { return sessions.New(c) })
			d.WaitContains("curl/8.5.0")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
			if tt.name == "LogoutAll" && a.Calls["LogoutAll"] != 1 {
				t.Errorf("LogoutAll calls = %d, want 1", a.Calls["LogoutAll"])
			}
		})
	}
}
