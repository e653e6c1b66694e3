package appdetail_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/appdetail"
	"github.com/hiregate/hiregate/tui/ui"
)

// failFirst fails the first Application call, as a server briefly down
// would.
type failFirst struct {
	*client.Client
	calls atomic.Int32
}

func (f *failFirst) Application(ctx context.Context, id string) (*hiregate.Application, error) {
	if f.calls.Add(1) == 1 {
		return nil, hiregate.Errorf(hiregate.EUNAVAILABLE, "The database is not answering")
	}
	return f.Client.Application(ctx, id)
}

// Ctrl+r reloads an application screen whose first load
// failed.
func TestReloadAfterFailedLoad(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	d := srv.Screen(testserver.Candidate, 80, 24, func(c *ui.Context, api *client.Client) ui.Component {
		return appdetail.New(c, &failFirst{Client: api}, id)
	})
	d.WaitContains("The database is not answering")
	d.Key("ctrl+r")
	d.WaitContains("Senior Go Engineer", "History")
}
