// Package jobs is the list of jobs: the job board for candidates (open
// jobs, searched as you type) and "my jobs" for recruiters and admins, with
// the application counts by stage.
package jobs

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/ui"
)

// SearchDelay is how long typing must pause before the search is sent,
// so a fast typist sends one request, not one per key.
const SearchDelay = 250 * time.Millisecond

// pageSize is the server's maximum page.
const pageSize = hiregate.MaxPageLimit

// Model is the job list.
type Model struct {
	c      *ui.Context
	list   ui.List
	search textinput.Model
	jobs   []hiregate.Job
	next   *string
	// query is the search the jobs shown were fetched for.
	query   string
	seq     int
	loading bool
	err     string
	width   int
	height  int
}

type loadedMsg struct {
	query  string
	more   bool
	list   *hiregate.List[hiregate.Job]
	err    error
	cursor int
}

type searchTickMsg struct{ seq int }

// New returns the job list for the signed-in user's role.
func New(c *ui.Context) *Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "search title, description, location"
	in.CharLimit = hiregate.MaxSearchLen
	m := &Model{c: c, search: in}
	if m.candidate() {
		m.list.Columns = []ui.Column{
			{Title: "Title"},
			{Title: "Location", Width: 16},
			{Title: "Type", Width: 10},
			{Title: "Posted", Width: 10},
		}
	} else {
		cols := []ui.Column{{Title: "Title"}}
		if c.Role() == hiregate.RoleAdmin {
			cols = append(cols, ui.Column{Title: "Recruiter", Width: 14})
		}
		cols = append(cols, ui.Column{Title: "Status", Width: 6, Style: c.Styles.StageText})
		for _, h := range []string{"App", "Scr", "Int", "Off", "Hir", "Rej"} {
			cols = append(cols, ui.Column{Title: h, Width: 3})
		}
		m.list.Columns = cols
	}
	return m
}

func (m *Model) candidate() bool { return m.c.Role() == hiregate.RoleCandidate }

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load(false, 0) }

// Title implements ui.Component.
func (m *Model) Title() string {
	switch m.c.Role() {
	case hiregate.RoleCandidate:
		return "Job board"
	case hiregate.RoleRecruiter:
		return "My jobs"
	}
	return "All jobs"
}

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return m.search.Focused() }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.search.Width = max(10, w-4)
	m.list.SetSize(w, h-3)
}

func (m *Model) load(more bool, keep int) tea.Cmd {
	f := hiregate.JobFilter{Q: m.search.Value(), Limit: pageSize}
	if !m.candidate() {
		f.Mine = m.c.Role() == hiregate.RoleRecruiter
	}
	if more && m.next != nil {
		f.Cursor = *m.next
	}
	q := f.Q
	m.loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		l, err := m.c.API.ListJobs(ctx, f)
		return loadedMsg{query: q, more: more, list: l, err: err, cursor: keep}, err
	})
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.query != m.search.Value() {
			return nil // an older search; the current one is on its way
		}
		m.loading = false
		if msg.err != nil {
			m.err = m.c.ErrorText(msg.err)
			return nil
		}
		m.err = ""
		m.query = msg.query
		if msg.more {
			m.jobs = append(m.jobs, msg.list.Items...)
		} else {
			m.jobs = msg.list.Items
			m.list.SetCursor(msg.cursor)
		}
		m.next = msg.list.NextCursor
		m.list.SetLen(len(m.jobs))
		return nil
	case searchTickMsg:
		if msg.seq != m.seq {
			return nil
		}
		m.next = nil
		return m.load(false, 0)
	case ui.RefreshMsg:
		m.next = nil
		return m.load(false, m.list.Cursor())
	case tea.KeyMsg:
		if m.search.Focused() {
			switch {
			case key.Matches(msg, k.Back), key.Matches(msg, k.Open), key.Matches(msg, k.Down), key.Matches(msg, k.NextField):
				m.search.Blur()
				return nil
			}
			before := m.search.Value()
			var cmd tea.Cmd
			m.search, cmd = m.search.Update(msg)
			if m.search.Value() != before {
				m.seq++
				seq := m.seq
				return tea.Batch(cmd, tea.Tick(SearchDelay, func(time.Time) tea.Msg { return searchTickMsg{seq} }))
			}
			return cmd
		}
		switch {
		case key.Matches(msg, k.Search):
			return m.search.Focus()
		case key.Matches(msg, k.Open):
			if i := m.list.Cursor(); i >= 0 {
				return ui.Open(ui.PageJob, m.jobs[i].ID)
			}
		case m.candidate() && key.Matches(msg, k.Apply):
			if i := m.list.Cursor(); i >= 0 {
				return ui.Open(ui.PageApply, m.jobs[i].ID)
			}
		case !m.candidate() && key.Matches(msg, k.New):
			return ui.Open(ui.PageJobForm, "")
		case !m.candidate() && key.Matches(msg, k.Applications):
			if i := m.list.Cursor(); i >= 0 {
				return ui.Open(ui.PageJobApps, m.jobs[i].ID)
			}
		case !m.candidate() && key.Matches(msg, k.Pipeline):
			if i := m.list.Cursor(); i >= 0 {
				return ui.Open(ui.PagePipeline, m.jobs[i].ID)
			}
		case key.Matches(msg, k.Refresh):
			m.next = nil
			return m.load(false, m.list.Cursor())
		case m.list.Update(msg, k):
			if m.list.NearEnd() && m.next != nil && !m.loading {
				return m.load(true, 0)
			}
		}
	}
	return nil
}

func (m *Model) row(i int) []string {
	j := m.jobs[i]
	if m.candidate() {
		return []string{j.Title, j.Location, strings.ReplaceAll(string(j.EmploymentType), "_", "-"), m.c.Date(j.CreatedAt)}
	}
	cells := []string{j.Title}
	if m.c.Role() == hiregate.RoleAdmin {
		cells = append(cells, j.Recruiter.FullName)
	}
	cells = append(cells, string(j.Status))
	for _, s := range []hiregate.Stage{hiregate.StageApplied, hiregate.StageScreening, hiregate.StageInterview, hiregate.StageOffer, hiregate.StageHired, hiregate.StageRejected} {
		cells = append(cells, strconv.Itoa(j.ApplicationCounts[s]))
	}
	return cells
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(m.search.View() + "\n")
	status := m.list.Position()
	if m.next != nil {
		status += "+"
	}
	if m.query != "" {
		status += "  matching " + strconv.Quote(m.query)
	}
	if m.loading {
		status += "  loading…"
	}
	if m.err != "" {
		b.WriteString(s.Error.Render(m.err) + "\n")
	} else {
		b.WriteString(s.Subtle.Render(status) + "\n")
	}
	empty := "No jobs yet."
	if m.loading {
		empty = "Loading…"
	} else if m.query != "" {
		empty = "No job matches the search."
	} else if !m.candidate() {
		empty = "No jobs yet: press n to post one."
	}
	b.WriteString(m.list.View(s, empty, m.row))
	return b.String()
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.search.Focused() {
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/esc", "done searching"))}
	}
	if m.candidate() {
		return []key.Binding{k.Open, k.Search, k.Apply}
	}
	return []key.Binding{k.Open, k.Search, keys.With(k.New, "post job"), k.Applications, k.Pipeline}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), m.list.KeyBindings(k), {k.Refresh}}
}

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.search.Focused() }
