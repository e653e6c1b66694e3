package appdetail_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/screens/appdetail"
	"github.com/hiregate/hiregate/tui/ui"
)

// A question, or the stage picker, about an application someone else
// moved meanwhile is withdrawn when the screen learns of it, with a line
// that says what happened.
func TestStaleQuestion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys []string
		ask  string
	}{
		{"Reject", []string{"x"}, "Reject Priya Raman? ‹Not a fit›"},
		{"MovePicker", []string{"m"}, "Move Priya Raman to:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.Demo(t)
			id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
			d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return appdetail.New(c, api, id) })
			d.WaitContains("Priya Raman")
			d.Key(tt.keys...)
			d.WaitContains(tt.ask)
			srv.Move(testserver.Admin, id, hiregate.StageRejected)
			d.Send(live.EventsMsg{Events: []client.Event{{Type: hiregate.EventApplicationMoved, Data: hiregate.EventData{ApplicationID: id}}}})
			v := d.WaitContains("Priya Raman was rejected by Avery Admin meanwhile")
			if strings.Contains(v, tt.ask) {
				t.Errorf("the question stayed:\n%s", v)
			}
		})
	}
}
