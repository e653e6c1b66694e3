package app_test

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// footer is the last n lines of a view.
func footer(v string, n int) string {
	lines := strings.Split(v, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestFooterAt80 opens the screens whose footer was cut at 80 columns:
// every key stays (wrapped, or "… more" before the global keys), help and
// quit are always there, and no line is wider than the terminal.
func TestFooterAt80(t *testing.T) {
	tests := []struct {
		name  string
		email string
		open  func(d *uitest.Driver)
		want  []string
	}{
		{"Apply", testserver.Candidate, func(d *uitest.Driver) { openApplyIn(d) },
			[]string{"ctrl+s save", "ctrl+o load resume file", "esc back", "f1 help", "ctrl+c quit"}},
		{"MyJobs", testserver.Recruiter, func(d *uitest.Driver) { d.Key("1"); d.WaitContains("My jobs", "Senior Go Engineer") },
			[]string{"p pipeline", "esc back", "? help", "q quit"}},
		{"Users", testserver.Admin, func(d *uitest.Driver) { d.Key("3"); d.WaitContains("Users", "grace@example.com") },
			[]string{"esc back", "? help", "q quit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := start(t, testserver.Demo(t).NewClient(), 80, 24)
			login(d, tt.email)
			tt.open(d)
			v := d.WaitFor("every key in the footer", func(v string) bool {
				f := footer(v, 2)
				for _, w := range tt.want {
					if !strings.Contains(f, w) {
						return false
					}
				}
				return true
			})
			lines := strings.Split(v, "\n")
			if len(lines) != 24 {
				t.Errorf("view has %d lines, want 24", len(lines))
			}
			for i, l := range lines {
				if w := lipgloss.Width(l); w > 80 {
					t.Errorf("line %d is %d wide: %q", i, w, l)
				}
			}
		})
	}
}

func openApplyIn(d *uitest.Driver) {
	d.Key("1")
	d.WaitContains("Job board", "Senior Go Engineer")
	d.Type("Technical")
	d.WaitFor("the search result", func(v string) bool {
		return strings.Contains(v, "Technical Writer") && !strings.Contains(v, "Senior Go Engineer")
	})
	d.Key("enter", "a")
	d.WaitContains("Applying to Technical Writer")
}

// TestHelpInForms: f1 opens the full help in a form, where ? is typed.
func TestHelpInForms(t *testing.T) {
	d := openApply(t, 80, 24)
	d.Type("?")
	d.Send(f1())
	v := d.WaitContains("previous field", "load resume file", "f1     help")
	if !strings.Contains(v, "?") {
		t.Fatalf("? was not typed into the field:\n%s", v)
	}
	d.Send(f1())
	d.WaitFor("the short footer again", func(v string) bool { return strings.Contains(v, "esc back • f1 help") })
}

func f1() tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyF1} }
