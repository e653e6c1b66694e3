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
	return NewFor(lipgloss.DefaultRenderer(), noColor)
}

// NewFor returns the styles rendered by r, which knows its terminal's
// colour profile: the SSH gateway gives each session its own.
func NewFor(r *lipgloss.Renderer, noColor bool) *Styles {
	c := func(s string) lipgloss.TerminalColor {
		if noColor {
			return lipgloss.NoColor{}
		}
		return lipgloss.Color(s)
	}
	accent, muted, red, green, yellow := c("63"), c("245"), c("203"), c("42"), c("214")
	s := &Styles{NoColor: noColor}
	s.Header = r.NewStyle().Foreground(c("252")).Background(c("236"))
	s.Brand = r.NewStyle().Bold(true).Foreground(c("231")).Background(accent).Padding(0, 1)
	s.HeaderInfo = r.NewStyle().Foreground(c("252")).Background(c("236")).Padding(0, 1)
	s.Insecure = r.NewStyle().Bold(true).Foreground(c("231")).Background(red).Padding(0, 1)
	s.Title = r.NewStyle().Bold(true).Foreground(accent)
	s.Subtle = r.NewStyle().Foreground(muted)
	s.Error = r.NewStyle().Foreground(red)
	s.Success = r.NewStyle().Foreground(green)
	s.Selected = r.NewStyle().Bold(true).Foreground(c("231")).Background(accent)
	s.ColumnHead = r.NewStyle().Bold(true).Foreground(muted)
	s.Label = r.NewStyle().Foreground(muted)
	s.LabelFocus = r.NewStyle().Bold(true).Foreground(accent)
	s.FieldError = r.NewStyle().Foreground(red)
	s.Confirm = r.NewStyle().Bold(true).Foreground(yellow)
	s.Column = r.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(muted)
	// A thick border marks the focused column without colour too.
	s.ColumnFocus = r.NewStyle().Border(lipgloss.ThickBorder()).BorderForeground(accent)
	s.Section = r.NewStyle().Bold(true).Underline(!noColor).Foreground(accent)
	s.Help = r.NewStyle().Foreground(muted)
	s.Stage = map[string]lipgloss.Style{
		"applied":   r.NewStyle().Foreground(c("111")),
		"screening": r.NewStyle().Foreground(c("117")),
		"interview": r.NewStyle().Foreground(yellow),
		"offer":     r.NewStyle().Foreground(c("177")),
		"hired":     r.NewStyle().Foreground(green),
		"rejected":  r.NewStyle().Foreground(red),
		"withdrawn": r.NewStyle().Foreground(muted),
		"open":      r.NewStyle().Foreground(green),
		"closed":    r.NewStyle().Foreground(muted),
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
