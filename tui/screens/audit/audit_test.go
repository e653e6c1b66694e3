package audit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/audit"
	"github.com/hiregate/hiregate/tui/ui"
)

func TestAudit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys []string
		want []string
	}{
		{"List", nil, []string{"Showing every type, every user", "deactivated", "login_failed", "login_ok"}},
		{"Type", []string{"t"}, []string{"Showing type login_ok", "1/1"}},
		{"NoMatch", []string{"t", "t", "t"}, []string{"Showing type throttled", "No events match."}},
		{"User", []string{"down", "u"}, []string{"user recruiter@example.com", "login_failed", "user_created", "1/2"}},
		{"UserOff", []string{"down", "u", "u"}, []string{"every user", "1/7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Seven events, oldest first: the four accounts are
			// created (user_created), the admin signs in, the
			// recruiter mistypes a password elsewhere, the admin
			// deactivates Grace Liu.
			srv := testserver.New(t)
			grace := srv.AddUser(testserver.Candidate2, "Grace Liu", hiregate.RoleCandidate)
			admin := srv.Login(testserver.Admin)
			if _, err := srv.ClientFrom("192.0.2.7", "curl/8.5.0").Login(context.Background(), testserver.Recruiter, "wrong-password"); hiregate.ErrorCode(err) != hiregate.EUNAUTHORIZED {
				t.Fatalf("login with a wrong password = %v, want unauthorized", err)
			}
			off := false
			if _, err := admin.UpdateUser(context.Background(), grace.ID, hiregate.UpdateUserRequest{Active: &off}); err != nil {
				t.Fatal(err)
			}
			d := srv.ScreenWith(admin, testserver.Admin, 120, 24, func(c *ui.Context, api *client.Client) ui.Component { return audit.New(c, api) })
			d.WaitContains("login_ok")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(srv.Scrub(d.Quit())))
		})
	}
}

// At 80 columns the Detail column ends in "…" when cut,
// and the admin of a deactivation is named by email.
func TestAuditAt80(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	grace := srv.AddUser(testserver.Candidate2, "Grace Liu", hiregate.RoleCandidate)
	admin := srv.Login(testserver.Admin)
	off := false
	if _, err := admin.UpdateUser(context.Background(), grace.ID, hiregate.UpdateUserRequest{Active: &off}); err != nil {
		t.Fatal(err)
	}
	d := srv.ScreenWith(admin, testserver.Admin, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return audit.New(c, api) })
	v := d.WaitContains("deactivated", "by admin admin@example.com")
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "deactivated  ") && strings.Contains(l, "grace@example.com") && !strings.HasSuffix(strings.TrimRight(l, " "), "…") {
			t.Errorf("the cut row %q does not end in …", l)
		}
	}
}
