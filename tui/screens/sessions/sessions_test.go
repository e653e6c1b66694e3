package sessions_test

import (
	"context"
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
		{"RevokeOtherAsk", []string{"down", "x"}, []string{"Revoke the session of curl/8.5.0 from 192.0.2.7 (last used 2026-03-02 09:30)?", "(y/n)"}},
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

// TestUserSessions: an admin sees another user's sessions and ends one or
// all of them; the account stays active.
func TestUserSessions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys []string
		want []string
		left int // live sessions of the recruiter afterwards
	}{
		{"List", nil, []string{"Where recruiter@example.com is signed in", "192.0.2.7", "curl/8.5.0", "L end all"}, 2},
		{"RevokeOne", []string{"x", "y"}, []string{"flash: Session revoked"}, 1},
		{"EndAll", []string{"L"}, []string{"End every session of recruiter@example.com? The account stays active: they sign", "in again. (y/n)"}, 2},
		{"EndAllDone", []string{"L", "y"}, []string{"flash: Every session of recruiter@example.com ended; the account stays active", "No live sessions."}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.New(t)
			srv.LoginFrom(testserver.Recruiter, "192.0.2.7", "curl/8.5.0")
			srv.LoginFrom(testserver.Recruiter, "192.0.2.8", "hiregate-tui/1")
			of := srv.Lookup(testserver.Recruiter)
			d := srv.Screen(testserver.Admin, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return sessions.ForUser(c, api, of) })
			d.WaitContains("curl/8.5.0")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			d.Quit()
			if got := srv.Requests("DELETE", "/admin/users/"+of.ID+"/sessions"); tt.name == "EndAllDone" && got != 1 {
				t.Errorf("end-all calls = %d, want 1", got)
			}
			if ss, err := srv.As(testserver.Admin).UserSessions(context.Background(), of.ID); err != nil || len(ss) != tt.left {
				t.Errorf("recruiter's sessions = %d (%v), want %d", len(ss), err, tt.left)
			}
			if !srv.Lookup(testserver.Recruiter).Active {
				t.Error("the recruiter was deactivated")
			}
		})
	}
}
