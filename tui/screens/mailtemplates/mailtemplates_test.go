package mailtemplates_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/mailtemplates"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func run(t *testing.T, srv *testserver.Server) *uitest.Driver {
	t.Helper()
	d := srv.Screen(testserver.Admin, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return mailtemplates.New(c, api) })
	d.WaitContains("verify_email", "application_received", "default")
	return d
}

// A template the server refuses keeps the text as typed, with the line
// the server names next to the field; a good one saves, and D restores
// the default.
func TestEditTemplate(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := run(t, srv)
	d.Key("enter")
	d.WaitContains("Editing verify_email", "Subject", "Body")
	d.Type(" {{.Nope}}")
	d.Key("ctrl+s")
	d.WaitContains("unknown field Nope", "{{.Nope}}")

	// esc with changes asks first; n keeps the editor.
	d.Key("esc")
	d.WaitContains("Discard your changes to verify_email? (y/n)")
	d.Key("n")
	d.WaitContains("{{.Nope}}")

	for range len(" {{.Nope}}") {
		d.Key("backspace")
	}
	d.Type(" Thanks.")
	d.Key("ctrl+s")
	d.WaitContains("flash: Template verify_email saved")
	d.WaitFor("verify_email marked changed", func(v string) bool {
		for _, l := range strings.Split(v, "\n") {
			if strings.Contains(l, "verify_email") && strings.Contains(l, "changed") {
				return true
			}
		}
		return false
	})
	d.Key("D")
	d.WaitContains("Restore the default verify_email template? (y/n)")
	d.Key("y")
	d.WaitContains("flash: Template verify_email is the default again")
}
