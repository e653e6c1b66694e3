// Package aboutyou is a candidate's voluntary self-identification: three
// optional questions, said plainly what they are for and who sees them.
package aboutyou

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/choice"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	Demographics(ctx context.Context) (*hiregate.Demographics, error)
	PutDemographics(ctx context.Context, r hiregate.DemographicsRequest) (*hiregate.Demographics, error)
}

// Explanation is what the screen says before any question.
var Explanation = []string{
	"These questions are voluntary. They are asked only so that this",
	"employer can check its hiring for unfair differences between groups",
	"(an impact report of counts; groups under 5 people are not shown).",
	"Nobody sees your answers as yours: not recruiters, not admins. They",
	"are never shown on an application and never used to rank or decide.",
	"Declining or skipping changes nothing. You can change or clear them",
	"here at any time; they are in your export and erased with your account.",
}

// question is one question: the API's values with "" (not answered)
// first.
type question struct {
	label  string
	values []string
	chosen int
}

// Model is the screen.
type Model struct {
	c         *ui.Context
	api       API
	qs        []question
	cursor    int
	loaded    bool
	busy      bool
	status    string
	w, h      int
	loadedErr string
}

type loadedMsg struct {
	d   *hiregate.Demographics
	err error
}

type savedMsg struct {
	err error
}

// New returns the screen.
func New(c *ui.Context, api API) *Model {
	q := func(label string, values []string) question {
		return question{label: label, values: append([]string{""}, values...)}
	}
	return &Model{c: c, api: api, qs: []question{
		q("Gender", hiregate.Genders),
		q("Ethnicity", hiregate.Ethnicities),
		q("Age", hiregate.AgeBands),
	}}
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd {
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		d, err := m.api.Demographics(ctx)
		return loadedMsg{d, err}, err
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "About you (voluntary)" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return false }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

func (q *question) set(v *string) {
	q.chosen = 0
	if v == nil {
		return
	}
	for i, x := range q.values {
		if x == *v {
			q.chosen = i
		}
	}
}

func (q *question) answer() *string {
	if q.chosen == 0 {
		return nil
	}
	v := q.values[q.chosen]
	return &v
}

// Label is how an answer reads: "not answered", "prefer not to say", or
// the value in words.
func Label(v string) string {
	switch v {
	case "":
		return "not answered"
	case "decline":
		return "prefer not to say"
	case "under_25":
		return "under 25"
	case "65_plus":
		return "65 or over"
	}
	return strings.ReplaceAll(v, "_", " ")
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			m.loadedErr = m.c.ErrorText(msg.err)
			return nil
		}
		m.loaded = true
		m.qs[0].set(msg.d.Gender)
		m.qs[1].set(msg.d.Ethnicity)
		m.qs[2].set(msg.d.AgeBand)
		return nil
	case savedMsg:
		m.busy = false
		if msg.err != nil {
			m.status = m.c.ErrorText(msg.err)
			return nil
		}
		return ui.Back("Saved. Thank you; this changes nothing about your applications.")
	case tea.KeyMsg:
		if m.busy || !m.loaded {
			if key.Matches(msg, k.Back) {
				return ui.Back("")
			}
			return nil
		}
		q := &m.qs[m.cursor]
		switch {
		case key.Matches(msg, k.Back):
			return ui.Back("")
		case key.Matches(msg, k.Up):
			m.cursor = choice.Step(m.cursor, len(m.qs), -1)
		case key.Matches(msg, k.Down), msg.String() == "tab":
			m.cursor = choice.Step(m.cursor, len(m.qs), 1)
		case key.Matches(msg, k.Left):
			q.chosen = choice.Step(q.chosen, len(q.values), -1)
		case key.Matches(msg, k.Right), msg.String() == " ":
			q.chosen = choice.Step(q.chosen, len(q.values), 1)
		case msg.String() == "x":
			// Clear every answer at once, then save to remove them.
			for i := range m.qs {
				m.qs[i].chosen = 0
			}
		case key.Matches(msg, k.Open), key.Matches(msg, k.SubmitAlt):
			return m.save()
		}
	}
	return nil
}

func (m *Model) save() tea.Cmd {
	req := hiregate.DemographicsRequest{Gender: m.qs[0].answer(), Ethnicity: m.qs[1].answer(), AgeBand: m.qs[2].answer()}
	m.busy, m.status = true, ""
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		_, err := m.api.PutDemographics(ctx, req)
		return savedMsg{err}, err
	})
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	for _, l := range Explanation {
		b.WriteString(s.Subtle.Render(l) + "\n")
	}
	b.WriteString("\n")
	switch {
	case m.loadedErr != "":
		b.WriteString(s.Error.Render(m.loadedErr) + "\n")
		return lipgloss.NewStyle().Padding(0, 1).Render(b.String())
	case !m.loaded:
		b.WriteString(s.Subtle.Render("Loading…") + "\n")
		return lipgloss.NewStyle().Padding(0, 1).Render(b.String())
	}
	for i, q := range m.qs {
		mark, label := "  ", q.label
		value := "‹ " + Label(q.values[q.chosen]) + " ›"
		if i == m.cursor {
			mark = "▸ "
			value = s.Selected.Render(value)
		}
		b.WriteString(mark + padRight(label, 11) + value + "\n")
	}
	b.WriteString("\n")
	switch {
	case m.busy:
		b.WriteString(s.Subtle.Render("Saving…"))
	case m.status != "":
		b.WriteString(s.Error.Render(m.status))
	default:
		b.WriteString(s.Subtle.Render("←/→ change an answer · x clear all · enter save · esc leave without saving"))
	}
	return lipgloss.NewStyle().Padding(0, 1).Render(b.String())
}

func padRight(v string, w int) string { return v + strings.Repeat(" ", max(0, w-len(v))) }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{k.Up, k.Down, key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "answer")),
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")), k.Back}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
