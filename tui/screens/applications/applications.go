// Package applications lists applications: a candidate's own ("my
// applications") or those to one job, for its recruiter.
package applications

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/chart"
	"github.com/hiregate/hiregate/tui/fairview"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/choice"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
	"github.com/hiregate/hiregate/tui/widgets/list"
	"github.com/hiregate/hiregate/tui/widgets/stagemove"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	Job(ctx context.Context, id string) (*hiregate.Job, error)
	MyApplications(ctx context.Context, f hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error)
	JobApplications(ctx context.Context, jobID string, f hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error)
	UpdateApplication(ctx context.Context, id string, r hiregate.UpdateApplicationRequest) (*hiregate.Application, error)
	UnreadMessages(ctx context.Context, applicationIDs []string) (map[string]int, error)
}

// Model is the application list.
type Model struct {
	w      int // the width questions and errors wrap to
	c      *ui.Context
	api    API
	jobID  string // "" for the candidate's own applications
	job    *hiregate.Job
	list   list.Paged[hiregate.Application]
	status int // index into filters
	// picking says the stage picker is open; pick is its selection.
	picking bool
	pick    int
	sort    hiregate.ApplicationSort
	mover   *stagemove.Mover
	events  live.Reload
	// unread counts the messages not read yet, per application id (the
	// server keeps the read marks).
	unread map[string]int
}

// filters are the stage filters f offers; "" is every stage. Each is
// picked by its index as a digit too.
var filters = append([]hiregate.Stage{""}, hiregate.Stages...)

type loadedMsg struct {
	more   bool
	status hiregate.Stage
	sort   hiregate.ApplicationSort
	list   *hiregate.List[hiregate.Application]
	job    *hiregate.Job
	unread map[string]int
	err    error
}

// New returns the list of the signed-in candidate's applications when
// jobID is "", else the applications to job jobID.
func New(c *ui.Context, api API, jobID string) *Model {
	m := &Model{c: c, api: api, jobID: jobID, mover: stagemove.New(c, api)}
	m.setColumns()
	return m
}

// nextSort is the order s switches to.
func nextSort(s hiregate.ApplicationSort) hiregate.ApplicationSort {
	if s == hiregate.SortMatch {
		return hiregate.SortArrival
	}
	return hiregate.SortMatch
}

// scoreWidth is the match column: a 10-cell bar and the score.
const scoreWidth = 14

func (m *Model) setColumns() {
	st := m.c.Styles.StageText
	switch {
	case m.jobID == "":
		m.list.Columns = []list.Column{{Title: "Job"}, {Title: "Status", Width: 10, Style: st}, {Title: "Applied", Width: 10}, {Title: "Updated", Width: 10}}
	case m.sort == hiregate.SortMatch:
		m.list.Columns = []list.Column{{Title: "Match", Width: scoreWidth}, {Title: "Candidate"}, {Title: "Status", Width: 10, Style: st}, {Title: "Skills found, missing", Width: 30}}
	default:
		m.list.Columns = []list.Column{{Title: "Candidate"}, {Title: "Email", Width: 24}, {Title: "Status", Width: 10, Style: st}, {Title: "Applied", Width: 10}}
	}
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load(false) }

func (m *Model) load(more bool) tea.Cmd {
	f := hiregate.ApplicationFilter{Status: filters[m.status], Sort: m.sort, Limit: hiregate.MaxPageLimit, Cursor: m.list.PageCursor(more)}
	m.list.Loading = true
	// The job comes with each first page: the picker's counts stay fresh.
	needJob := m.jobID != "" && !more
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		var l *hiregate.List[hiregate.Application]
		var err error
		var job *hiregate.Job
		if m.jobID == "" {
			l, err = m.api.MyApplications(ctx, f)
		} else {
			if needJob {
				if job, err = m.api.Job(ctx, m.jobID); err != nil {
					return loadedMsg{err: err}, err
				}
			}
			l, err = m.api.JobApplications(ctx, m.jobID, f)
		}
		var unread map[string]int
		if err == nil && len(l.Items) > 0 {
			ids := make([]string, len(l.Items))
			for i := range l.Items {
				ids[i] = l.Items[i].ID
			}
			// The counts are extra: the list stands without them.
			unread, _ = m.api.UnreadMessages(ctx, ids)
		}
		return loadedMsg{more: more, status: f.Status, sort: f.Sort, list: l, job: job, unread: unread, err: err}, err
	})
}

func (m *Model) refresh() tea.Cmd {
	m.list.Reset()
	return m.load(false)
}

// touchedBy reports whether e changes what the list shows: the stream
// brings a candidate only their own applications; a job's list cares
// about that job.
func (m *Model) touchedBy(e client.Event) bool {
	if m.jobID == "" {
		return live.AboutApplications(e) || live.AboutJobs(e) || e.Type == hiregate.EventMessageCreated || e.Type == hiregate.EventMessageRead
	}
	return live.AboutJob(m.jobID)(e) && e.Type != hiregate.EventApplicationNoteAdded
}

// Title implements ui.Component.
func (m *Model) Title() string {
	if m.jobID == "" {
		return "My applications"
	}
	return "Applications"
}

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return false }

// digit is the filter a digit key picks, -1 for any other key.
func digit(msg tea.KeyMsg) int {
	if r := msg.Runes; msg.Type == tea.KeyRunes && len(r) == 1 && r[0] >= '0' && int(r[0]-'0') < len(filters) {
		return int(r[0] - '0')
	}
	return -1
}

// updatePicker handles a key while the stage picker is open: the arrows
// choose, enter or a stage's digit picks, esc keeps the filter as it was.
func (m *Model) updatePicker(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case choice.Cycle(&m.pick, len(filters), msg, k):
	case key.Matches(msg, k.Back):
		m.picking = false
	case key.Matches(msg, k.Open):
		return m.filter(m.pick)
	default:
		if i := digit(msg); i >= 0 {
			return m.filter(i)
		}
	}
	return nil
}

// filter shows the applications in stage filters[i].
func (m *Model) filter(i int) tea.Cmd {
	m.picking = false
	if i == m.status {
		return nil
	}
	m.status = i
	m.list.Reset()
	m.list.SetCursor(0)
	return m.load(false)
}

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.w = w; m.list.SetSize(w, h-2) }

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.status != filters[m.status] || msg.sort != m.sort {
			return nil
		}
		if m.list.Loaded(m.c, msg.list, msg.more, msg.err) {
			if msg.job != nil {
				m.job = msg.job
			}
			if !msg.more || m.unread == nil {
				m.unread = map[string]int{}
			}
			for id, n := range msg.unread {
				m.unread[id] = n
			}
			if n := m.mover.Recheck(m.find); n != "" {
				m.list.Err = n
			}
		}
		if m.events.Done() {
			return m.refresh()
		}
	case live.EventsMsg:
		if msg.Any(m.touchedBy) && m.events.Want() {
			return m.refresh()
		}
	case stagemove.MovedMsg:
		if !m.mover.Took(msg) {
			return nil
		}
		if m.c.Fail(&m.list.Err, msg.Err) {
			// Refused, most likely because the application changed: show
			// how it is now, and why.
			return m.refresh()
		}
		m.list.Replace(*msg.App, func(a *hiregate.Application) bool { return a.ID == msg.App.ID })
		return ui.Flash("Application withdrawn", false)
	case ui.RefreshMsg:
		return m.refresh()
	case tea.KeyMsg:
		if m.mover.Active() {
			return m.mover.Update(msg)
		}
		if m.picking {
			return m.updatePicker(msg)
		}
		sel := m.list.Selected()
		switch {
		case key.Matches(msg, k.Open) && sel != nil:
			return func() tea.Msg { return ui.OpenMsg{Page: ui.PageApp, ID: sel.ID, Match: sel.Match} }
		case m.jobID != "" && key.Matches(msg, k.Sort):
			m.sort = nextSort(m.sort)
			m.setColumns()
			// No rows under the other order's header while it loads.
			m.list.Items = nil
			m.list.SetLen(0)
			m.list.Reset()
			m.list.SetCursor(0)
			return m.load(false)
		case m.jobID != "" && key.Matches(msg, k.FilterStatus):
			m.picking, m.pick = true, m.status
		case m.jobID != "" && digit(msg) >= 0:
			return m.filter(digit(msg))
		case m.jobID != "" && key.Matches(msg, k.Pipeline):
			return ui.Open(ui.PagePipeline, m.jobID)
		case m.jobID == "" && key.Matches(msg, k.Withdraw) && sel != nil:
			m.list.Err = m.mover.Ask(sel, hiregate.StageWithdrawn)
		case key.Matches(msg, k.Refresh):
			m.list.Reset()
			return m.load(false)
		default:
			if _, more := m.list.Navigate(msg, k); more {
				return m.load(true)
			}
		}
	}
	return nil
}

// find is the loaded application id, nil when it is not loaded.
func (m *Model) find(id string) *hiregate.Application {
	for i := range m.list.Items {
		if m.list.Items[i].ID == id {
			return &m.list.Items[i]
		}
	}
	return nil
}

// unreadMark is " ✉N" after an application with unread messages.
func (m *Model) unreadMark(id string) string {
	if n := m.unread[id]; n > 0 {
		return " ✉" + strconv.Itoa(n)
	}
	return ""
}

func (m *Model) row(i int) []string {
	a := m.list.Items[i]
	if m.jobID == "" {
		return []string{a.Job.Title + m.unreadMark(a.ID), string(a.Status), m.c.Date(a.CreatedAt), m.c.Date(a.UpdatedAt)}
	}
	if m.sort == hiregate.SortMatch {
		score, terms := 0, ""
		if a.Match != nil {
			score, terms = a.Match.Score, fairview.Skills(m.c.Styles, a.Match, 30)
		}
		return []string{chart.ScoreBar(m.c.Styles, score, 10), a.Candidate.FullName + m.unreadMark(a.ID), string(a.Status), terms}
	}
	return []string{a.Candidate.FullName + m.unreadMark(a.ID), a.Candidate.Email, string(a.Status), m.c.Date(a.CreatedAt)}
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	var head string
	if m.jobID != "" {
		title := "…"
		if m.job != nil {
			title = m.job.Title
		}
		filter := filterName(filters[m.status])
		order := "newest first"
		if m.sort == hiregate.SortMatch {
			order = "best match first"
		}
		head = s.Title.Render(title) + s.Subtle.Render("  "+filter+", "+order+"  "+m.list.Position())
	} else {
		head = s.Subtle.Render(m.list.Position())
	}
	if m.picking {
		return head + "\n" + m.picker()
	}
	head = confirm.Head(s, m.w, m.mover.Confirm(), m.list.Err, head)
	empty := "No applications yet."
	switch {
	case m.list.Loading:
		empty = "Loading…"
	case m.jobID == "":
		empty = "No applications yet: find a job on the job board and press a."
	case filters[m.status] != "":
		empty = "No applications in " + string(filters[m.status]) + ": f shows another stage."
	}
	return head + "\n" + m.list.Show(s, empty, m.row)
}

// picker is the stage picker: one line per stage with its digit and, when
// the job says, how many applications are in it.
func (m *Model) picker() string {
	s := m.c.Styles
	lines := []string{s.Subtle.Render("Show the applications in which stage? (esc keeps " + filterName(filters[m.status]) + ")")}
	for i, f := range filters {
		count := ""
		if m.job != nil && m.job.ApplicationCounts != nil {
			n := 0
			if f == "" {
				for _, c := range m.job.ApplicationCounts {
					n += c
				}
			} else {
				n = m.job.ApplicationCounts[f]
			}
			count = strconv.Itoa(n)
		}
		line := fmt.Sprintf("%d %-11s %4s", i, filterName(f), count)
		if i == m.pick {
			lines = append(lines, s.Selected.Render("> "+line))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	return strings.Join(lines, "\n")
}

func filterName(f hiregate.Stage) string {
	if f == "" {
		return "all stages"
	}
	return string(f)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.mover.Active() {
		return m.mover.KeyBindings()
	}
	if m.picking {
		return []key.Binding{keys.With(k.Open, "show"), stageDigits, upDown, keys.With(k.Back, "keep")}
	}
	if m.jobID == "" {
		if a := m.list.Selected(); a != nil && a.Status.Final() {
			return []key.Binding{k.Open} // nothing left to withdraw
		}
		return []key.Binding{k.Open, k.Withdraw}
	}
	// Short words, so that every key fits an 80-column footer.
	return []key.Binding{k.Open, keys.With(k.FilterStatus, "stage"), keys.With(k.Sort, "sort"), k.Pipeline}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	more := []key.Binding{k.Refresh}
	if m.jobID != "" && !m.picking {
		more = append(more, stageDigits)
	}
	return [][]key.Binding{m.ShortHelp(), m.list.KeyBindings(k), more}
}

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.mover.Active() || m.picking }

// upDown is, for help, the arrows that choose in the picker.
var upDown = key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "choose"))

// stageDigits is, for help, the digits that pick a stage.
var stageDigits = key.NewBinding(key.WithKeys("0"), key.WithHelp(fmt.Sprintf("0-%d", len(filters)-1), "stage"))
