package app_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// footer is the last line of the view.
func footer(v string) string {
	lines := strings.Split(v, "\n")
	return lines[len(lines)-1]
}

// At 80 columns the footer never cuts silently, keeps help
// reachable, and shows a screen's important keys.
func TestFooterAt80(t *testing.T) {
	t.Parallel()
	demo := testserver.Demo(t)
	tests := []struct {
		name  string
		email string
		open  func(d *uitest.Driver)
		want  []string
	}{
		{"ApplyForm", testserver.Candidate, func(d *uitest.Driver) {
			d.Key("1")
			d.WaitContains("Technical Writer")
			d.Key("esc", "a")
			d.WaitContains("Applying to Technical Writer")
		}, []string{"ctrl+s", "ctrl+o", "esc back", "f1 help"}},
		{"MyJobs", testserver.Recruiter, func(d *uitest.Driver) {
			d.Key("1")
			d.WaitContains("Senior Go Engineer")
		}, []string{"? help", "q quit"}},
		{"Users", testserver.Admin, func(d *uitest.Driver) {
			d.Key("3")
			d.WaitContains("Priya Raman")
		}, []string{"? help", "q quit"}},
		{"Pipeline", testserver.Recruiter, func(d *uitest.Driver) {
			d.Key("1")
			d.WaitContains("Senior Go Engineer")
			d.Key("end", "p")
			d.WaitContains("2 applications")
		}, []string{"m ", "? help", "q quit"}},
		{"JobApplications", testserver.Recruiter, func(d *uitest.Driver) {
			d.Key("1")
			d.WaitContains("Senior Go Engineer")
			d.Key("end", "A")
			d.WaitContains("all stages")
		}, []string{"enter open", "f stage", "s sort", "p pipeline", "esc back", "? help", "q quit"}},
		{"StagePicker", testserver.Recruiter, func(d *uitest.Driver) {
			d.Key("1")
			d.WaitContains("Senior Go Engineer")
			d.Key("end", "A")
			d.WaitContains("all stages")
			d.Key("f")
			d.WaitContains("in which stage?")
		}, []string{"enter show", "0-7 stage", "esc keep", "f1 help", "ctrl+c quit"}},
		{"Reports", testserver.Recruiter, func(d *uitest.Driver) {
			d.Key("3")
			d.WaitContains("max 3/week")
		}, []string{"j job", "d dates", "ctrl+r", "? help", "q quit"}},
		{"ReportsJobPicker", testserver.Recruiter, func(d *uitest.Driver) {
			d.Key("3")
			d.WaitContains("max 3/week")
			d.Key("j")
			d.WaitContains("Which job?")
		}, []string{"enter pick", "esc", "f1 help", "ctrl+c quit"}},
		{"ReportsDates", testserver.Recruiter, func(d *uitest.Driver) {
			d.Key("3")
			d.WaitContains("max 3/week")
			d.Key("d", "up", "up", "up", "down", "down", "down", "enter")
			d.WaitContains("Custom range")
		}, []string{"enter show", "tab next date", "esc", "f1 help", "ctrl+c quit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := start(t, demo.For(t).NewClient(), 80, 24)
			login(d, tt.email)
			tt.open(d)
			f := footer(d.Last())
			if w := len([]rune(f)); w > 80 {
				t.Errorf("footer is %d wide:\n%s", w, f)
			}
			for _, w := range tt.want {
				if !strings.Contains(f, w) {
					t.Errorf("footer %q lacks %q", f, w)
				}
			}
		})
	}
}

// F1 shows the full help in a form, where ? is typed.
func TestHelpInForm(t *testing.T) {
	t.Parallel()
	d := openApplyForm(t)
	d.Type("?")
	d.WaitContains("▸ Cover letter")
	d.Key("f1")
	d.WaitContains("shift+tab")
}
