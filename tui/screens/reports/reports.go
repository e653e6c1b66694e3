// Package reports is the hiring funnel of a recruiter's jobs (every job
// for an admin): bars per stage with conversion rates, applications per
// week as a sparkline, median days per stage, and a job picker.
package reports

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/chart"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/choice"
	"github.com/hiregate/hiregate/tui/widgets/list"
)

// MaxJobPages bounds how many pages of jobs the picker offers.
const MaxJobPages = 5

// API is the part of the hiregate client this screen calls.
type API interface {
	ListJobs(ctx context.Context, f hiregate.JobFilter) (*hiregate.List[hiregate.Job], error)
	Funnel(ctx context.Context, f hiregate.FunnelFilter) (*hiregate.Funnel, error)
}

// Model is the reports screen.
type Model struct {
	c      *ui.Context
	api    API
	jobs   []hiregate.Job // the picker's choices after "all"
	pick   int            // 0: every job in scope; i: jobs[i-1]
	funnel *hiregate.Funnel
	err    string
	busy   bool
	w, h   int
}

type jobsMsg struct {
	jobs []hiregate.Job
	err  error
}

type funnelMsg struct {
	jobID  string
	funnel *hiregate.Funnel
	err    error
}

// New returns the reports screen.
func New(c *ui.Context, api API) *Model { return &Model{c: c, api: api, w: 80, h: 24} }

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd {
	mine := m.c.Role() == hiregate.RoleRecruiter
	return tea.Batch(m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		jobs, _, err := list.All(ctx, MaxJobPages, func(ctx context.Context, cursor string) (*hiregate.List[hiregate.Job], error) {
			return m.api.ListJobs(ctx, hiregate.JobFilter{Mine: mine, Limit: hiregate.MaxPageLimit, Cursor: cursor})
		})
		return jobsMsg{jobs, err}, err
	}), m.load())
}

func (m *Model) jobID() string {
	if m.pick == 0 || m.pick > len(m.jobs) {
		return ""
	}
	return m.jobs[m.pick-1].ID
}

func (m *Model) load() tea.Cmd {
	m.busy = true
	id := m.jobID()
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		f, err := m.api.Funnel(ctx, hiregate.FunnelFilter{JobID: id})
		return funnelMsg{id, f, err}, err
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Reports" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return false }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case jobsMsg:
		if !m.c.Fail(&m.err, msg.err) {
			m.jobs = msg.jobs
		}
	case funnelMsg:
		if msg.jobID != m.jobID() {
			return nil // the picker moved on
		}
		m.busy = false
		if !m.c.Fail(&m.err, msg.err) {
			m.funnel = msg.funnel
		}
	case ui.RefreshMsg:
		return m.load()
	case tea.KeyMsg:
		switch {
		case choice.Cycle(&m.pick, len(m.jobs)+1, msg, k):
			// No bars under a title they do not belong to.
			m.funnel = nil
			return m.load()
		case key.Matches(msg, k.Refresh):
			return m.load()
		}
	}
	return nil
}

func (m *Model) scope() string {
	if m.pick > 0 && m.pick <= len(m.jobs) {
		return m.jobs[m.pick-1].Title
	}
	if m.c.Role() == hiregate.RoleAdmin {
		return "All jobs"
	}
	return "All my jobs"
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	w := max(40, m.w-2)
	var b strings.Builder
	picker := s.Subtle.Render("Job ") + s.Selected.Render("‹ "+m.scope()+" ›")
	if len(m.jobs) > 0 {
		picker += s.Subtle.Render("  ←/→ choose a job")
	}
	b.WriteString(picker + "\n")
	switch {
	case m.err != "":
		b.WriteString(s.Error.Render(m.err) + "\n")
	case m.busy:
		b.WriteString(s.Subtle.Render("Loading…") + "\n")
	default:
		b.WriteString("\n")
	}
	if m.funnel == nil {
		return b.String()
	}
	f := *m.funnel
	b.WriteString(s.Section.Render("Funnel") + s.Subtle.Render("  reached, → conversion from the stage before, now") + "\n")
	b.WriteString(chart.Funnel(s, f, w) + "\n\n")
	b.WriteString(s.Section.Render("Applications per week") + "\n")
	b.WriteString(chart.Sparkline(f.ApplicationsPerWeek, w) + "\n\n")
	b.WriteString(s.Section.Render("Median days in stage") + "\n")
	b.WriteString(chart.Medians(f, w))
	return b.String()
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{keys.With(k.Left, "previous job"), keys.With(k.Right, "next job"), k.Refresh}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
