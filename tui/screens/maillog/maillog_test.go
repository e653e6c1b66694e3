package maillog_test

import (
	"testing"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/maillog"
	"github.com/hiregate/hiregate/tui/ui"
)

// The log filters by status, f stepping through them; the test server
// sends no mail, so each filter is empty.
func TestMailLogFilter(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := srv.Screen(testserver.Admin, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return maillog.New(c, api) })
	d.WaitContains("Showing every status", "Template", "Tries", "No mail.", "f next status")
	for _, want := range []string{"Showing queued", "Showing sent", "Showing failed", "Showing every status"} {
		d.Key("f")
		d.WaitContains(want)
	}
}
