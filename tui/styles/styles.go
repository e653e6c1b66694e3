// Package styles is the one place the terminal client defines colours.
// Every screen takes its look from a *Styles so that NO_COLOR, or a test
// pinning the colour profile, changes the whole client at once.
package styles

import (
	"os"

	"github.com/charmbracelet/lipgloss"
)

// Styles holds every style the client renders with.
type Styles struct {
	NoColor bool

	Header      lipgloss.Style
	Brand       lipgloss.Style
	HeaderInfo  lipgloss.Style
	Insecure    lipgloss.Style
	Title       lipgloss.Style
	Subtle      lipgloss.Style
	Error       lipgloss.Style
	Success     lipgloss.Style
	Selected    lipgloss.Style
	ColumnHead  lipgloss.Style
	Label       lipgloss.Style
	LabelFocus  lipgloss.Style
	FieldError  lipgloss.Style
	Confirm     lipgloss.Style
	Column      lipgloss.Style
	ColumnFocus lipgloss.Style
	Section     lipgloss.Style
	Help        lipgloss.Style
	Stage       map[string]lipgloss.Style
}

// DefaultStyles returns the client's styles, without colour when the
// NO_COLOR environment variable is set (https://no-color.org).
func DefaultStyles() *Styles {
	return New(os.Getenv("NO_COLOR") != "")
}

// New returns the styles, with or without colour.
func New(noColor bool) *Styles {
	c := func(s string) lipgloss.TerminalColor {
		if noColor {
			return lipgloss.NoColor{}
		}
		return lipgloss.Color(s)
	}
	accent, muted, red, green, yellow := c("63"), c("245"), c("203"), c("42"), c("214")
	s := &Styles{NoColor: noColor}
	s.Header = lipgloss.NewStyle().Foreground(c("252")).Background(c("236"))
	s.Brand = lipgloss.NewStyle().Bold(true).Foreground(c("231")).Background(accent).Padding(0, 1)
	s.HeaderInfo = lipgloss.NewStyle().Foreground(c("252")).Background(c("236")).Padding(0, 1)
	s.Insecure = lipgloss.NewStyle().Bold(true).Foreground(c("231")).Background(red).Padding(0, 1)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Subtle = lipgloss.NewStyle().Foreground(muted)
	s.Error = lipgloss.NewStyle().Foreground(red)
	s.Success = lipgloss.NewStyle().Foreground(green)
	s.Selected = lipgloss.NewStyle().Bold(true).Foreground(c("231")).Background(accent)
	s.ColumnHead = lipgloss.NewStyle().Bold(true).Foreground(muted)
	s.Label = lipgloss.NewStyle().Foreground(muted)
	s.LabelFocus = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.FieldError = lipgloss.NewStyle().Foreground(red)
	s.Confirm = lipgloss.NewStyle().Bold(true).Foreground(yellow)
	s.Column = lipgloss.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(muted)
	// A thick border marks the focused column without colour too.
	s.ColumnFocus = lipgloss.NewStyle().Border(lipgloss.ThickBorder()).BorderForeground(accent)
	s.Section = lipgloss.NewStyle().Bold(true).Underline(!noColor).Foreground(accent)
	s.Help = lipgloss.NewStyle().Foreground(muted)
	s.Stage = map[string]lipgloss.Style{
		"applied":   lipgloss.NewStyle().Foreground(c("111")),
		"screening": lipgloss.NewStyle().Foreground(c("117")),
		"interview": lipgloss.NewStyle().Foreground(yellow),
		"offer":     lipgloss.NewStyle().Foreground(c("177")),
		"hired":     lipgloss.NewStyle().Foreground(green),
		"rejected":  lipgloss.NewStyle().Foreground(red),
		"withdrawn": lipgloss.NewStyle().Foreground(muted),
		"open":      lipgloss.NewStyle().Foreground(green),
		"closed":    lipgloss.NewStyle().Foreground(muted),
	}
	return s
}

// StageText renders a stage or job status in its colour.
func (s *Styles) StageText(v string) string {
	if st, ok := s.Stage[v]; ok {
		return st.Render(v)
	}
	return v
}
