package applications_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/applications"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/list"
)

// flaky fails its first fails loads of the candidate's applications.
type flaky struct {
	*client.Client
	fails atomic.Int32
}

func (f *flaky) MyApplications(ctx context.Context, fl hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error) {
	if f.fails.Add(-1) >= 0 {
		return nil, errors.New("connection refused")
	}
	return f.Client.MyApplications(ctx, fl)
}

// TestFailedLoadIsNotEmpty: a list that could not be loaded says so, not
// "No applications yet.", and ctrl+r loads it.
func TestFailedLoadIsNotEmpty(t *testing.T) {
	srv := testserver.Demo(t)
	api := &flaky{Client: srv.Login(testserver.Candidate)}
	api.fails.Store(1)
	d := srv.ScreenWith(api.Client, testserver.Candidate, 80, 24, func(c *ui.Context, _ *client.Client) ui.Component { return applications.New(c, api, "") })
	v := d.WaitContains("connection refused", list.MsgNotLoaded)
	if strings.Contains(v, "No applications yet") {
		t.Fatalf("a failed load reads as an empty list:\n%s", v)
	}
	d.Key("ctrl+r")
	d.WaitContains("Site Reliability Engineer", "Senior Go Engineer")
}

// TestErrorLeavesWithTheRow: an error about one row goes when the
// selection moves to another.
func TestErrorLeavesWithTheRow(t *testing.T) {
	srv := testserver.Demo(t)
	d := srv.Screen(testserver.Candidate, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return applications.New(c, api, "") })
	d.WaitContains("Site Reliability Engineer")
	d.Key("w", "y")
	d.WaitContains("flash: Application withdrawn")
	d.Key("w")
	d.WaitContains("its status can no longer change")
	d.Key("down")
	d.WaitFor("the error gone", func(v string) bool {
		return strings.Contains(v, "2/2") && !strings.Contains(v, "can no longer change")
	})
}
