package applications_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/screens/applications"
	"github.com/hiregate/hiregate/tui/ui"
)

// down fails every MyApplications call, as a server that cannot read its
// database would.
type down struct{ *client.Client }

func (down) MyApplications(context.Context, hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error) {
	return nil, hiregate.Errorf(hiregate.EUNAVAILABLE, "The database is not answering")
}

// A failed load says so instead of "No applications yet".
func TestFailedLoadIsNotEmpty(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := srv.Screen(testserver.Candidate, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return applications.New(c, down{api}, "") })
	v := d.WaitContains("The database is not answering", "Nothing loaded: ctrl+r tries again.")
	if strings.Contains(v, "No applications yet") {
		t.Errorf("a failed load reads as an empty list:\n%s", v)
	}
}

// The error about one row goes when the selection moves on.
func TestErrorLeavesWithTheRow(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	srv.Move(testserver.Recruiter, srv.ApplicationID(testserver.Candidate, "Site Reliability Engineer"), hiregate.StageRejected)
	d := srv.Screen(testserver.Candidate, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return applications.New(c, api, "") })
	d.WaitContains("Site Reliability Engineer", "rejected")
	d.Key("w")
	msg := "Application is rejected; its status can no longer change"
	d.WaitContains(msg)
	d.Key("down")
	d.WaitFor("the error line gone", func(v string) bool { return strings.Contains(v, "2/2") && !strings.Contains(v, msg) })
}

// A candidate's withdraw question about an application the recruiter
// rejected meanwhile is withdrawn, and says so.
func TestStaleWithdrawQuestion(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := srv.Screen(testserver.Candidate, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return applications.New(c, api, "") })
	d.WaitContains("Site Reliability Engineer")
	d.Key("w")
	d.WaitContains(`Withdraw your application to "Site Reliability Engineer"? (y/n)`)
	srv.Move(testserver.Recruiter, srv.ApplicationID(testserver.Candidate, "Site Reliability Engineer"), hiregate.StageRejected)
	d.Send(live.EventsMsg{Events: []client.Event{{Type: hiregate.EventApplicationMoved}}})
	v := d.WaitContains(`Your application to "Site Reliability Engineer" was rejected by`, `Dana Whitfield`, `meanwhile`)
	if strings.Contains(v, "(y/n)") {
		t.Errorf("the question stayed:\n%s", v)
	}
}
