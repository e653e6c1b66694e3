package users_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/users"
	"github.com/hiregate/hiregate/tui/ui"
)

func TestUsers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys []string
		want []string
		// check, when set, looks at the server after the screen is done.
		check func(t *testing.T, srv *testserver.Server)
	}{
		{"List", nil, []string{"admin@example.com", "recruiter@example.com", "candidate"}, nil},
		{"Search", []string{"/", "dana"}, []string{"1/1", "recruiter@example.com"}, nil},
		{"NewForm", []string{"n"}, []string{"New user", "Email", "[recruiter]"}, nil},
		{"Create", []string{"n", "sam@example.com", "tab", "Sam Recruits", "tab", "sam-password", "tab", "right", "enter"},
			[]string{"flash: Created sam@example.com (admin)", "sam@example.com"}, func(t *testing.T, srv *testserver.Server) {
				if u := srv.Lookup("sam@example.com"); u == nil || u.Role != hiregate.RoleAdmin {
					t.Errorf("created user = %+v, want an admin", u)
				}
			}},
		// No password: the account is invited, and the flash says how it
		// gets one.
		{"Invite", []string{"n", "ivy@example.com", "tab", "Ivy Invited", "tab", "tab", "enter"},
			[]string{"flash: Invited ivy@example.com (recruiter): they set their password with the mailed code"}, func(t *testing.T, srv *testserver.Server) {
				if u := srv.Lookup("ivy@example.com"); u == nil || u.Active {
					t.Errorf("invited user = %+v, want an inactive account", u)
				}
			}},
		// A server without mail refuses the invitation aloud, next to the
		// password, and keeps what was typed.
		{"InviteNoMail", []string{"n", "ivy@example.com", "tab", "Ivy Invited", "tab", "tab", "enter"},
			[]string{"↑ required: this server sends no mail, so an invitation", "could not reach ivy@example.com", "Ivy Invited"}, func(t *testing.T, srv *testserver.Server) {
				if u := srv.Lookup("ivy@example.com"); u != nil {
					t.Errorf("refused invitation made %+v", u)
				}
			}},
		{"CreateInvalid", []string{"n", "sam", "tab", "tab", "short", "enter", "enter"},
			[]string{"↑ not a valid email address", "↑ required", "↑ must be at least 8 characters"}, nil},
		{"Role", []string{"down", "r", "right", "enter"}, []string{"Make recruiter@example.com admin? Their sessions end now. (y/n)"}, nil},
		{"RoleDone", []string{"down", "r", "right", "enter", "y"}, []string{"flash: recruiter@example.com is now admin"}, func(t *testing.T, srv *testserver.Server) {
			if r := srv.Lookup(testserver.Recruiter).Role; r != hiregate.RoleAdmin {
				t.Errorf("role = %s, want admin", r)
			}
		}},
		{"ResetPassword", []string{"down", "p", "new-password-1", "enter"}, []string{"flash: Password reset for recruiter@example.com"}, nil},
		{"Deactivate", []string{"down", "d", "y"}, []string{"flash: Deactivated recruiter@example.com", " no "}, func(t *testing.T, srv *testserver.Server) {
			if srv.Lookup(testserver.Recruiter).Active {
				t.Error("the recruiter is still active")
			}
		}},
		{"Sessions", []string{"down", "enter"}, []string{"open user sessions"}, nil},
		{"DeactivateSelf", []string{"d", "y"}, []string{"You cannot deactivate your own account"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.Demo(t)
			if tt.name == "Invite" {
				srv = testserver.DemoWithMail(t)
			}
			d := srv.Screen(testserver.Admin, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return users.New(c, api) })
			d.WaitContains("recruiter@example.com")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
			if tt.check != nil {
				tt.check(t, srv)
			}
		})
	}
}

func TestResetMFA(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	srv.EnableMFA(testserver.Recruiter)
	d := srv.Screen(testserver.Admin, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return users.New(c, api) })
	d.WaitContains("recruiter@example.com")
	d.Key("M") // the admin has no second factor: nothing to reset
	d.Key("down")
	d.WaitContains("M reset 2FA")
	d.Key("M")
	d.WaitContains("Remove the second factor of recruiter@example.com?")
	d.Key("y")
	d.WaitContains("flash: Second factor of recruiter@example.com removed")
	d.WaitFor("the list reloaded without the factor", func(v string) bool {
		for _, l := range strings.Split(v, "\n") {
			if strings.Contains(l, "recruiter@example.com") {
				return !strings.HasSuffix(strings.TrimSpace(l), " on")
			}
		}
		return false
	})
	golden.RequireEqual(t, []byte(d.Quit()))
	if srv.Lookup(testserver.Recruiter).MFA {
		t.Error("server side: the recruiter still has a second factor")
	}
	ev, err := srv.As(testserver.Admin).Audit(context.Background(), hiregate.AuditFilter{Type: hiregate.AuditMFAReset})
	if err != nil || len(ev.Items) != 1 || ev.Items[0].Email != testserver.Recruiter {
		t.Errorf("mfa_reset events = %+v, %v, want one for the recruiter", ev, err)
	}
}

// Reactivating ends no sessions, and the question says
// what it does.
func TestReactivateAsk(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	d := srv.Screen(testserver.Admin, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return users.New(c, api) })
	d.WaitContains("recruiter@example.com")
	d.Key("down", "d", "y")
	d.WaitContains("flash: Deactivated recruiter@example.com")
	d.Key("d")
	d.WaitContains("Reactivate recruiter@example.com? They can sign in again. (y/n)")
}

// away fails ListUsers while down is set, as a stopped server would.
type away struct {
	*client.Client
	down *atomic.Bool
}

func (a away) ListUsers(ctx context.Context, f hiregate.UserFilter) (*hiregate.List[hiregate.User], error) {
	if a.down.Load() {
		return nil, hiregate.Errorf(hiregate.EUNAVAILABLE, "The server is not answering")
	}
	return a.Client.ListUsers(ctx, f)
}

// ctrl+r loads again when nothing is loaded: an empty list is where it
// matters most.
func TestReloadWhenEmpty(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	down := &atomic.Bool{}
	down.Store(true)
	d := srv.Screen(testserver.Admin, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return users.New(c, away{api, down}) })
	d.WaitContains("Nothing loaded: ctrl+r tries again.")
	down.Store(false)
	d.Key("ctrl+r")
	d.WaitContains("grace@example.com")
}
