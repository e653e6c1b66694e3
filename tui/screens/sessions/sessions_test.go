package sessions_test

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/sessions"
	"github.com/hiregate/hiregate/tui/ui"
)

func TestSessions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys []string
		want []string
	}{
		{"List", nil, []string{"this", "hiregate-tui/1", "192.0.2.7", "curl/8.5.0"}},
		{"RevokeOther", []string{"down", "x", "y"}, []string{"flash: Session revoked"}},
		// The question says which client, not just where.
		{"RevokeOtherAsk", []string{"down", "x"}, []string{"Revoke the session of curl/8.5.0 from 192.0.2.7 (last used 2026-03-02 09:30)? (y/n)"}},
		{"RevokeThisAsk", []string{"x"}, []string{"Revoke this session? You will be signed out. (y/n)"}},
		{"RevokeThis", []string{"x", "y"}, []string{"logged out: You revoked this session"}},
		{"LogoutAll", []string{"L", "y"}, []string{"logged out: Signed out everywhere"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The recruiter's other device signed in first.
			srv := testserver.New(t)
			srv.LoginFrom(testserver.Recruiter, "192.0.2.7", "curl/8.5.0")
			d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return sessions.New(c, api) })
			d.WaitContains("curl/8.5.0")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
			if n := srv.Requests("POST", "/auth/logout-all"); tt.name == "LogoutAll" && n != 1 {
				t.Errorf("LogoutAll calls = %d, want 1", n)
			}
		})
	}
}
