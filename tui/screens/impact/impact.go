// Package impact is the impact report: per self-identification question,
// each group's selection rate, impact ratio and four-fifths flag, with a
// bar per group, one question at a time so it fits 80×24.
package impact

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/styles"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/choice"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	Impact(ctx context.Context, f hiregate.ImpactFilter) (*hiregate.ImpactReport, error)
}

// stages a report may be asked for.
var stages = []hiregate.Stage{hiregate.StageScreening, hiregate.StageInterview, hiregate.StageOffer, hiregate.StageHired}

// Model is the screen.
type Model struct {
	c        *ui.Context
	api      API
	stage    int
	byScore  bool
	category int
	rep      *hiregate.ImpactReport
	err      string
	w, h     int
}

type loadedMsg struct {
	rep *hiregate.ImpactReport
	err error
}

// New returns the screen, for the interview stage.
func New(c *ui.Context, api API) *Model { return &Model{c: c, api: api, stage: 1} }

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	f := hiregate.ImpactFilter{Stage: stages[m.stage], By: hiregate.ImpactByStage}
	if m.byScore {
		f.By = hiregate.ImpactByScore
	}
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		rep, err := m.api.Impact(ctx, f)
		return loadedMsg{rep, err}, err
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Impact report" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return false }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		m.err = ""
		if msg.err != nil {
			m.err = m.c.ErrorText(msg.err)
			return nil
		}
		m.rep = msg.rep
		m.category = min(m.category, max(0, len(m.rep.Categories)-1))
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Back):
			return ui.Back("")
		case key.Matches(msg, k.Left):
			m.stage = choice.Step(m.stage, len(stages), -1)
			return m.load()
		case key.Matches(msg, k.Right):
			m.stage = choice.Step(m.stage, len(stages), 1)
			return m.load()
		case msg.String() == "b":
			m.byScore = !m.byScore
			return m.load()
		case msg.String() == "tab", key.Matches(msg, k.Down):
			if m.rep != nil && len(m.rep.Categories) > 0 {
				m.category = choice.Step(m.category, len(m.rep.Categories), 1)
			}
		case key.Matches(msg, k.Up):
			if m.rep != nil && len(m.rep.Categories) > 0 {
				m.category = choice.Step(m.category, len(m.rep.Categories), -1)
			}
		case key.Matches(msg, k.Refresh):
			return m.load()
		}
	}
	return nil
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	what := "reached " + string(stages[m.stage])
	if m.byScore {
		what = "scored above their job's median"
	}
	b.WriteString(s.Title.Render("Selected = "+what) + "\n")
	switch {
	case m.err != "":
		b.WriteString(s.Error.Render(m.err) + "\n")
		return pad(b.String())
	case m.rep == nil:
		b.WriteString(s.Subtle.Render("Loading…") + "\n")
		return pad(b.String())
	case len(m.rep.Categories) == 0:
		b.WriteString(s.Subtle.Render("No applications in scope.") + "\n")
		return pad(b.String())
	}
	tabs := make([]string, len(m.rep.Categories))
	for i, c := range m.rep.Categories {
		tabs[i] = c.Category
	}
	b.WriteString(choice.Options(s, tabs, m.category, true) + s.Subtle.Render(fmt.Sprintf("   %d applicants", m.rep.Applicants)) + "\n\n")
	b.WriteString(Table(s, m.rep.Categories[m.category]))
	b.WriteString("\n" + s.Subtle.Render("⚑ impact ratio under 0.8 (four-fifths rule): look closer; not proof.") + "\n")
	b.WriteString(s.Subtle.Render("<5: too few to show. unknown: declined or not answered, never flagged.") + "\n")
	return pad(b.String())
}

func pad(v string) string { return lipgloss.NewStyle().Padding(0, 1).Render(v) }

// barWidth is the rate bar's width: 100% fills it.
const barWidth = 20

// Table renders one category's groups: 76 columns at most.
func Table(s *styles.Styles, c hiregate.ImpactCategory) string {
	var b strings.Builder
	b.WriteString(s.Section.Render(fmt.Sprintf("%-22s %5s %5s %6s %6s  %-20s", "Group", "Appl.", "Sel.", "Rate", "Ratio", "")) + "\n")
	for _, g := range c.Groups {
		sel, rate, ratio, bar := "", "", "", ""
		if g.Selected != nil {
			sel = fmt.Sprint(*g.Selected)
		}
		if g.Rate != nil {
			rate = fmt.Sprintf("%5.0f%%", 100**g.Rate)
			n := int(math.Round(barWidth * *g.Rate))
			bar = s.Success.Render(strings.Repeat("█", n)) + s.Subtle.Render(strings.Repeat("░", barWidth-n))
		}
		if g.ImpactRatio != nil {
			ratio = fmt.Sprintf("%6.2f", *g.ImpactRatio)
		}
		line := fmt.Sprintf("%-22s %5s %5s %6s %6s  ", truncate(label(g.Group), 22), g.Applicants.String(), sel, rate, ratio)
		if g.Flag {
			line = s.Error.Render(line)
			bar += s.Error.Render(" ⚑")
		}
		b.WriteString(line + bar + "\n")
	}
	return b.String()
}

func label(group string) string {
	if group == "decline" {
		return "prefer not to say"
	}
	return strings.ReplaceAll(group, "_", " ")
}

func truncate(v string, n int) string {
	r := []rune(v)
	if len(r) <= n {
		return v
	}
	return string(r[:n-1]) + "…"
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "stage")),
		key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "question")),
		key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "by score")), k.Refresh, k.Back}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
