package app_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
)

// The recruiter asks to move Grace on the board; meanwhile an admin
// rejects her. The live stream withdraws the question with a line that
// says what happened, and a y that follows sends nothing.
func TestLiveStaleQuestion(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := start(t, srv.NewClient(), 80, 24, withLive)
	login(d, testserver.Recruiter)
	openBoard(d)
	d.Key("right", "right", "m")
	d.WaitContains("Move Grace Liu to offer? (y/n)")
	grace := srv.ApplicationID(testserver.Candidate2, "Senior Go Engineer")
	srv.Move(testserver.Admin, grace, hiregate.StageRejected)
	v := d.WaitContains("Grace Liu was rejected by Avery Admin meanwhile")
	if strings.Contains(v, "(y/n)") {
		t.Errorf("the question stayed:\n%s", v)
	}
	d.Key("y")
	d.WaitContains("Grace Liu was rejected by Avery Admin meanwhile")
	if n := srv.Requests("PATCH", "/applications/"+grace); n != 0 {
		t.Errorf("y after the question was withdrawn sent %d moves", n)
	}
}
