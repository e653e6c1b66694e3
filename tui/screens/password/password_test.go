package password_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/password"
	"github.com/hiregate/hiregate/tui/ui"
)

func TestChangePassword(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                 string
		current, next, again string
		want                 []string
	}{
		{"OK", testserver.Password, "brand-new-pass", "brand-new-pass", []string{"back: Password changed"}},
		{"ErrMismatch", testserver.Password, "brand-new-pass", "brand-new-pasS", []string{"↑ does not match the new password"}},
		{"ErrShort", testserver.Password, "short", "short", []string{"↑ must be at least 8 characters"}},
		{"ErrWrongCurrent", "not-my-password", "brand-new-pass", "brand-new-pass", []string{"↑ incorrect"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := testserver.New(t).Screen(testserver.Candidate, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return password.New(c, api) })
			d.WaitContains("Current password")
			d.Type(tt.current)
			d.Key("enter")
			d.Type(tt.next)
			d.Key("enter")
			d.Type(tt.again)
			d.Key("enter")
			v := d.WaitContains(tt.want...)
			for _, pw := range []string{tt.current, tt.next} {
				if strings.Contains(v, pw) {
					t.Fatalf("a password is on the screen:\n%s", v)
				}
			}
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}
