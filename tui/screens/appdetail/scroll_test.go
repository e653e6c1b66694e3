package appdetail_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/tui/internal/testserver"
)

// Home/g, end/G scroll a long application, and after a move
// made from far down the new stage is in view.
func TestScrollKeysAndMoveInView(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	for i := range 8 {
		if _, err := srv.As(testserver.Recruiter).AddNote(context.Background(), id, fmt.Sprintf("Note number %d.", i)); err != nil {
			t.Fatal(err)
		}
	}
	d := run(t, srv, testserver.Recruiter)
	title := "Senior Go Engineer  applied"
	for _, step := range []struct {
		key       string
		see, hide string
	}{
		{"G", "Note number 7.", title},
		{"g", title, "Note number 7."},
		{"end", "Note number 7.", title},
		{"home", title, "Note number 7."},
	} {
		d.Key(step.key)
		v := d.WaitContains(step.see)
		if strings.Contains(v, step.hide) {
			t.Errorf("after %s the screen still shows %q:\n%s", step.key, step.hide, v)
		}
	}
	d.Key("G", "m", "y")
	d.WaitContains("moved to screening", "Senior Go Engineer  screening")
}
