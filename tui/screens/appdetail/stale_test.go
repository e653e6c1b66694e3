package appdetail_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/appdetail"
	"github.com/hiregate/hiregate/tui/ui"
)

// flaky fails its first fails loads of the application.
type flaky struct {
	*client.Client
	fails atomic.Int32
}

func (f *flaky) Application(ctx context.Context, id string) (*hiregate.Application, error) {
	if f.fails.Add(-1) >= 0 {
		return nil, errors.New("connection refused")
	}
	return f.Client.Application(ctx, id)
}

// TestReloadAfterFailedLoad: ctrl+r works on a screen whose first load
// failed, where nothing else does.
func TestReloadAfterFailedLoad(t *testing.T) {
	srv := testserver.Demo(t)
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	api := &flaky{Client: srv.Login(testserver.Recruiter)}
	api.fails.Store(1)
	d := srv.ScreenWith(api.Client, testserver.Recruiter, 80, 24, func(c *ui.Context, _ *client.Client) ui.Component { return appdetail.New(c, api, id) })
	d.WaitContains("connection refused")
	d.Key("ctrl+r")
	d.WaitContains("Senior Go Engineer", "History")
}

// TestTopAndBottom: g/G (home/end) jump through a long application, and
// after a move the screen shows the new stage at its top.
func TestTopAndBottom(t *testing.T) {
	srv := testserver.Demo(t)
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	rec := srv.As(testserver.Recruiter)
	for i := range 12 {
		if _, err := rec.AddNote(context.Background(), id, fmt.Sprintf("note number %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	d := run(t, srv, testserver.Recruiter)
	d.Key("G")
	d.WaitContains("100%", "note number 11")
	d.Key("g")
	d.WaitContains("  0%", "History")
	d.Key("end")
	d.WaitContains("100%", "note number 11")
	d.Key("home")
	d.WaitContains("  0%", "History")
	d.Key("end", "m", "enter", "y")
	v := d.WaitContains("flash: Application is now screening")
	if !strings.Contains(v, "  0%") || !strings.Contains(v, "screening   by Dana") {
		t.Fatalf("after the move the new stage is out of view:\n%s", v)
	}
}
