package appdetail_test

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/api/fake"
	"github.com/hiregate/hiregate/tui/screens/appdetail"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func run(t *testing.T, a *fake.API, email string) *uitest.Driver {
	t.Helper()
	id := a.ApplicationID("candidate@example.com", "Senior Go Engineer")
	d := uitest.Screen(t, a, email, 80, 24, func(c *ui.Context) ui.Component { return appdetail.New(c, id) })
	d.WaitContains("Senior Go Engineer", "History")
	return d
}

func TestRecruiter(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want []string
	}{
		{"View", nil, []string{"Priya Raman <candidate@example.com>", "applied", "Cover letter", "m move stage"}},
		{"Choose", []string{"m", "right"}, []string{"Move to:", "[interview]"}},
		{"ConfirmMove", []string{"m", "right", "enter"}, []string{"Move Priya Raman to interview? (y/n)"}},
		{"Move", []string{"m", "right", "enter", "y"}, []string{"flash: Application is now interview", "interview   by Dana Whitfield"}},
		{"CancelMove", []string{"m", "right", "enter", "n"}, []string{"m move stage"}},
		{"Reject", []string{"x", "y"}, []string{"flash: Application is now rejected"}},
		{"NoteForm", []string{"n", "Strong Go background."}, []string{"Add a note", "Strong Go background.", "ctrl+s save note"}},
		{"Note", []string{"n", "Strong Go background.", "ctrl+s"}, []string{"flash: Note added", "Notes (1)", "Strong Go background."}},
		{"NoteEmpty", []string{"n", "ctrl+s"}, []string{"← required"}},
		{"NoteCancel", []string{"n", "abc", "esc"}, []string{"Notes (0)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := run(t, fake.Demo(), "recruiter@example.com")
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

func TestMoveConflict(t *testing.T) {
	a := fake.Demo()
	a.Fail["MoveApplication"] = hiregate.Errorf(hiregate.ECONFLICT, "Cannot move an application from offer to interview: stages only move forward")
	d := run(t, a, "recruiter@example.com")
	d.Key("m", "right", "enter", "y")
	d.WaitContains("stages only move forward")
}

func TestCandidate(t *testing.T) {
	a := fake.Demo()
	id := a.ApplicationID("candidate@example.com", "Senior Go Engineer")
	a.SignIn(a.User("recruiter@example.com"))
	if _, err := a.AddNote(context.Background(), id, "Secret recruiter note"); err != nil {
		t.Fatal(err)
	}
	d := run(t, a, "candidate@example.com")
	v := d.WaitContains("w withdraw")
	if strings.Contains(v, "Secret recruiter note") || strings.Contains(v, "Notes") {
		t.Fatalf("the candidate sees notes:\n%s", v)
	}
	if a.Calls["Notes"] != 0 {
		t.Errorf("the candidate's screen asked for notes %d times", a.Calls["Notes"])
	}
	golden.RequireEqual(t, []byte(v))
	d.Key("w")
	d.WaitContains(`Withdraw your application to "Senior Go Engineer"? (y/n)`)
	d.Key("y")
	d.WaitContains("flash: Application is now withdrawn")
}
