// Package jobs is the list of jobs: the job board for candidates (open
// jobs, searched as you type) and "my jobs" for recruiters and admins, with
// the application counts by stage.
package jobs

import (
	"context"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
	"github.com/hiregate/hiregate/tui/widgets/list"
	"github.com/hiregate/hiregate/tui/widgets/search"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	ListJobs(ctx context.Context, f hiregate.JobFilter) (*hiregate.List[hiregate.Job], error)
	MyApplications(ctx context.Context, f hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error)
}

// Model is the job list.
type Model struct {
	w      int // the width questions and errors wrap to
	c      *ui.Context
	api    API
	list   list.Paged[hiregate.Job]
	search *search.Search
	// query is the search the jobs shown were fetched for.
	query string
	// hint answers a letter that is no command, which is most likely an
	// attempt to search.
	hint   string
	events live.Reload
	// mine is, for a candidate, the stage of their application to each
	// job they applied to (from their first page of applications).
	mine map[string]hiregate.Stage
}

type loadedMsg struct {
	query  string
	more   bool
	list   *hiregate.List[hiregate.Job]
	mine   map[string]hiregate.Stage // nil when not fetched
	err    error
	cursor int
}

// New returns the job list for the signed-in user's role. A candidate's
// job board is a search page, so it opens with the search box focused.
func New(c *ui.Context, api API) *Model {
	m := &Model{c: c, api: api, search: search.New("title, description, location")}
	if m.candidate() {
		m.list.Columns = []list.Column{
			{Title: "Title"},
			{Title: "Location", Width: 16},
			{Title: "Type", Width: 10},
			{Title: "Posted", Width: 10},
			{Title: "Yours", Width: 10, Style: c.Styles.StageText},
		}
		return m
	}
	cols := []list.Column{{Title: "Title"}}
	if c.Role() == hiregate.RoleAdmin {
		cols = append(cols, list.Column{Title: "Recruiter", Width: 14})
	}
	cols = append(cols, list.Column{Title: "Status", Width: 6, Style: c.Styles.StageText})
	for _, st := range hiregate.Stages {
		cols = append(cols, list.Column{Title: stageAbbrev(st), Width: 3})
	}
	m.list.Columns = cols
	return m
}

// stageAbbrev is the three-letter column head of a stage: "App", "Wdr".
func stageAbbrev(st hiregate.Stage) string {
	if st == hiregate.StageWithdrawn {
		return "Wdr"
	}
	r := []rune(string(st))
	return strings.ToUpper(string(r[:1])) + string(r[1:min(3, len(r))])
}

func (m *Model) candidate() bool { return m.c.Role() == hiregate.RoleCandidate }

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd {
	if m.candidate() {
		return tea.Batch(m.search.Focus(), m.load(false, 0))
	}
	return m.load(false, 0)
}

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
	m.w = w
	m.search.SetWidth(w)
	m.list.SetSize(w, h-3)
}

func (m *Model) load(more bool, keep int) tea.Cmd {
	f := hiregate.JobFilter{Q: m.search.Value(), Limit: hiregate.MaxPageLimit, Cursor: m.list.PageCursor(more)}
	if !m.candidate() {
		f.Mine = m.c.Role() == hiregate.RoleRecruiter
	}
	q := f.Q
	m.list.Loading = true
	withMine := m.candidate() && !more
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		l, err := m.api.ListJobs(ctx, f)
		if err != nil || !withMine {
			return loadedMsg{query: q, more: more, list: l, err: err, cursor: keep}, err
		}
		// Which of these the candidate applied to, so the board says so
		// before an application form is opened for nothing.
		apps, err := m.api.MyApplications(ctx, hiregate.ApplicationFilter{Limit: hiregate.MaxPageLimit})
		mine := map[string]hiregate.Stage{}
		if apps != nil {
			for _, a := range apps.Items {
				mine[a.Job.ID] = a.Status
			}
		}
		return loadedMsg{query: q, more: more, list: l, mine: mine, err: err, cursor: keep}, err
	})
}

func (m *Model) reload(keep int) tea.Cmd {
	m.list.Reset()
	return m.load(false, keep)
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.query != m.search.Value() {
			return nil // an older search; the current one is on its way
		}
		if msg.mine != nil {
			m.mine = msg.mine
		}
		if m.list.Loaded(m.c, msg.list, msg.more, msg.err) {
			m.query = msg.query
			if !msg.more {
				m.list.SetCursor(msg.cursor)
			}
		}
		if m.events.Done() {
			return m.reload(m.list.Cursor())
		}
		return nil
	case live.EventsMsg:
		if msg.Any(m.touchedBy) && m.events.Want() {
			return m.reload(m.list.Cursor())
		}
		return nil
	case ui.RefreshMsg:
		return m.reload(m.list.Cursor())
	case tea.KeyMsg:
		m.hint = ""
		if m.search.Focused() {
			return m.search.Update(msg, k)
		}
		j := m.list.Selected()
		switch {
		case key.Matches(msg, k.Search):
			return m.search.Focus()
		case key.Matches(msg, k.Open) && j != nil:
			return ui.Open(ui.PageJob, j.ID)
		case m.candidate() && key.Matches(msg, k.Apply) && j != nil:
			if st, ok := m.mine[j.ID]; ok {
				m.hint = "You applied to this job already (now " + string(st) + "): enter shows it"
				return nil
			}
			return ui.Open(ui.PageApply, j.ID)
		case !m.candidate() && key.Matches(msg, k.New):
			return ui.Open(ui.PageJobForm, "")
		case !m.candidate() && key.Matches(msg, k.Applications) && j != nil:
			return ui.Open(ui.PageJobApps, j.ID)
		case !m.candidate() && key.Matches(msg, k.Pipeline) && j != nil:
			return ui.Open(ui.PagePipeline, j.ID)
		case key.Matches(msg, k.Refresh):
			return m.reload(m.list.Cursor())
		default:
			if used, more := m.list.Navigate(msg, k); more {
				return m.load(true, 0)
			} else if !used && search.Stray(msg) {
				m.hint = "Press / to search (letters here are commands: ? lists them)"
			}
		}
	default:
		if m.search.Due(msg) {
			return m.reload(0)
		}
	}
	return nil
}

// touchedBy reports whether e changes the list: a job, or (for staff,
// who see counts) an application to one.
func (m *Model) touchedBy(e client.Event) bool {
	return live.AboutJobs(e) || (!m.candidate() && live.AboutApplications(e))
}

func (m *Model) row(i int) []string {
	j := m.list.Items[i]
	if m.candidate() {
		return []string{j.Title, j.Location, j.EmploymentType.Label(), m.c.Date(j.CreatedAt), string(m.mine[j.ID])}
	}
	cells := []string{j.Title}
	if m.c.Role() == hiregate.RoleAdmin {
		cells = append(cells, j.Recruiter.FullName)
	}
	cells = append(cells, string(j.Status))
	for _, st := range hiregate.Stages {
		cells = append(cells, strconv.Itoa(j.ApplicationCounts[st]))
	}
	return cells
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(m.search.View() + "\n")
	status := m.list.Status()
	if m.query != "" {
		status += "  matching " + strconv.Quote(m.query)
	}
	if m.list.Loading {
		status += "  loading…"
	}
	if m.hint != "" {
		status = m.hint
	}
	b.WriteString(confirm.Head(s, m.w, nil, m.list.Err, s.Subtle.Render(status)) + "\n")
	empty := "No jobs yet."
	if m.list.Loading {
		empty = "Loading…"
	} else if m.query != "" {
		empty = "No job matches the search."
	} else if !m.candidate() {
		empty = "No jobs yet: press n to post one."
	}
	b.WriteString(m.list.Show(s, empty, m.row))
	return b.String()
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.search.Focused() {
		return m.search.Help()
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
