package app_test

import (
	"testing"

	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// openApplyForm signs a candidate in and opens the application form of
// the newest job.
func openApplyForm(t *testing.T) *uitest.Driver {
	d := start(t, testserver.Demo(t).NewClient(), 80, 24)
	login(d, testserver.Candidate)
	d.Key("1")
	d.WaitContains("Technical Writer")
	d.Key("esc", "a")
	d.WaitContains("Applying to Technical Writer")
	return d
}

// applyForm opens the application form and types a cover letter.
func applyForm(t *testing.T) *uitest.Driver {
	d := openApplyForm(t)
	d.Type("A whole cover letter")
	d.WaitContains("A whole cover letter")
	return d
}

// Esc and ctrl+c ask before throwing typed text away.
func TestUnsavedFormAsks(t *testing.T) {
	t.Parallel()
	t.Run("EscNo", func(t *testing.T) {
		d := applyForm(t)
		d.Key("esc")
		d.WaitContains("Leave and lose what you typed? (y/n)")
		d.Key("n")
		d.WaitFor("the form again", func(v string) bool {
			return line(v, "A whole cover letter") != "" && line(v, "Leave and lose") == ""
		})
	})
	t.Run("EscYes", func(t *testing.T) {
		d := applyForm(t)
		d.Key("esc")
		d.WaitContains("Leave and lose what you typed? (y/n)")
		d.Key("y")
		d.WaitContains("Job board")
	})
	t.Run("CtrlC", func(t *testing.T) {
		d := applyForm(t)
		d.Key("ctrl+c")
		d.WaitContains("Quit and lose what you typed? (y/n)")
		d.Key("n")
		d.WaitFor("the form again", func(v string) bool { return line(v, "Quit and lose") == "" })
		d.Key("ctrl+c")
		d.WaitContains("Quit and lose what you typed? (y/n)")
		d.Key("y")
		d.TM.WaitFinished(t, teatestTimeout())
	})
	t.Run("NothingTyped", func(t *testing.T) {
		d := openApplyForm(t)
		d.Key("esc")
		d.WaitContains("Job board")
	})
}
