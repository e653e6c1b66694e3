package styles_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/hiregate/hiregate/tui/styles"
)

func TestNoColor(t *testing.T) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	tests := []struct {
		name    string
		env     string
		colours bool
	}{
		{"Default", "", true},
		{"NoColor", "1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", tt.env)
			s := styles.DefaultStyles()
			out := s.Title.Render("x") + s.Error.Render("x") + s.Selected.Render("x") + s.StageText("interview")
			// "38;" and "48;" start foreground and background colours.
			got := strings.Contains(out, "38;") || strings.Contains(out, "48;")
			if got != tt.colours {
				t.Fatalf("NO_COLOR=%q: colour codes present = %v, want %v (%q)", tt.env, got, tt.colours, out)
			}
		})
	}
}
