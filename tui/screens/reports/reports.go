// Package reports is the hiring funnel of a recruiter's jobs (every job
// for an admin): bars per stage with conversion rates, applications per
// week as a sparkline, median days per stage, a job picker with search
// and a date range.
package reports

import (
	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

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

	mode     mode
	query    textinput.Model // the job picker's search
	cursor   int             // in the picker's matches, or the range list
	rng      dateRange
	from, to textinput.Model // a custom range, YYYY-MM-DD in local time
	dateErr  string
	custom   [2]time.Time // the custom range last accepted
}

type mode int

const (
	viewing mode = iota
	pickingJob
	pickingRange
	typingDates
)

// dateRange is a choice of when applications arrived.
type dateRange int

const (
	rangeAll dateRange = iota
	rangeWeek
	range30
	rangeCustom
)

// rangeChoices is the range list in the order offered.
var rangeChoices = []dateRange{rangeWeek, range30, rangeAll, rangeCustom}

func (r dateRange) String() string {
	return [...]string{"all time", "this week", "last 30 days", "custom"}[r]
}

// dateLayout is how dates are typed and shown.
const dateLayout = "2006-01-02"

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
func New(c *ui.Context, api API) *Model {
	in := func(placeholder string) textinput.Model {
		t := textinput.New()
		t.Prompt = ""
		t.Placeholder = placeholder
		t.CharLimit = len(dateLayout)
		t.Width = len(dateLayout) + 1
		return t
	}
	q := textinput.New()
	q.Prompt = "Search: "
	q.Placeholder = "job title"
	q.CharLimit = hiregate.MaxJobTitleLen
	return &Model{c: c, api: api, w: 80, h: 24, query: q, from: in("YYYY-MM-DD"), to: in("YYYY-MM-DD")}
}

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
	from, to := m.dates(time.Now())
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		f, err := m.api.Funnel(ctx, hiregate.FunnelFilter{JobID: id, From: from, To: to})
		return funnelMsg{id, f, err}, err
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Reports" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return m.mode != viewing }

// dates is the chosen range as the API's inclusive from/to dates: the
// calendar days of the user's local zone, carried as UTC midnights so
// that the day sent is the day meant. Zero means open.
func (m *Model) dates(now time.Time) (from, to time.Time) {
	day := func(t time.Time) time.Time {
		y, mo, d := t.Date()
		return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	}
	today := day(now.Local())
	switch m.rng {
	case rangeWeek:
		back := (int(today.Weekday()) + 6) % 7 // days since Monday
		return today.AddDate(0, 0, -back), today
	case range30:
		return today.AddDate(0, 0, -29), today
	case rangeCustom:
		return m.custom[0], m.custom[1]
	}
	return time.Time{}, time.Time{}
}

// matches lists the picker's choices that fit the search: 0 is every job
// in scope, i is jobs[i-1].
func (m *Model) matches() []int {
	q := strings.ToLower(strings.TrimSpace(m.query.Value()))
	var out []int
	if q == "" || strings.Contains(strings.ToLower(m.allName()), q) {
		out = append(out, 0)
	}
	for i, j := range m.jobs {
		if strings.Contains(strings.ToLower(j.Title), q) {
			out = append(out, i+1)
		}
	}
	return out
}

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
		if m.mode != viewing {
			return m.modal(msg)
		}
		switch {
		case key.Matches(msg, pickJob):
			m.mode, m.cursor = pickingJob, 0
			m.query.SetValue("")
			return m.query.Focus()
		case key.Matches(msg, pickRange):
			m.mode, m.cursor = pickingRange, 0
			return nil
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

var (
	arrowUp   = key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up"))
	arrowDown = key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down"))
	pickJob   = key.NewBinding(key.WithKeys("j", "/"), key.WithHelp("j", "job"))
	pickRange = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "dates"))
)

// modal handles a key while a picker or the date fields are open.
func (m *Model) modal(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if key.Matches(msg, k.Back) {
		m.mode, m.dateErr = viewing, ""
		m.query.Blur()
		return nil
	}
	switch m.mode {
	case pickingJob:
		ms := m.matches()
		// Only the arrows move: j and k are letters of a title.
		switch {
		case key.Matches(msg, arrowUp):
			m.cursor = max(0, m.cursor-1)
		case key.Matches(msg, arrowDown):
			m.cursor = min(max(0, len(ms)-1), m.cursor+1)
		case key.Matches(msg, k.Submit):
			if len(ms) == 0 {
				return nil
			}
			m.pick, m.mode = ms[min(m.cursor, len(ms)-1)], viewing
			m.query.Blur()
			m.funnel = nil
			return m.load()
		default:
			var cmd tea.Cmd
			m.query, cmd = m.query.Update(msg)
			m.cursor = 0
			return cmd
		}
	case pickingRange:
		switch {
		case key.Matches(msg, k.Up):
			m.cursor = max(0, m.cursor-1)
		case key.Matches(msg, k.Down):
			m.cursor = min(len(rangeChoices)-1, m.cursor+1)
		case key.Matches(msg, k.Submit):
			if r := rangeChoices[m.cursor]; r != rangeCustom {
				m.rng, m.mode, m.funnel = r, viewing, nil
				return m.load()
			}
			m.mode, m.dateErr = typingDates, ""
			m.to.Blur()
			return m.from.Focus()
		}
	case typingDates:
		switch {
		case key.Matches(msg, k.NextField), key.Matches(msg, k.PrevField):
			if m.from.Focused() {
				m.from.Blur()
				return m.to.Focus()
			}
			m.to.Blur()
			return m.from.Focus()
		case key.Matches(msg, k.Submit):
			from, to, err := parseRange(m.from.Value(), m.to.Value())
			if err != "" {
				m.dateErr = err
				return nil
			}
			m.custom, m.rng, m.mode, m.dateErr, m.funnel = [2]time.Time{from, to}, rangeCustom, viewing, "", nil
			return m.load()
		}
		var cmd tea.Cmd
		if m.from.Focused() {
			m.from, cmd = m.from.Update(msg)
		} else {
			m.to, cmd = m.to.Update(msg)
		}
		return cmd
	}
	return nil
}

// parseRange reads a custom range typed as local calendar dates; an empty
// end is open. It returns a sentence for the user when they do not fit.
func parseRange(fromText, toText string) (from, to time.Time, problem string) {
	parse := func(name, s string) (time.Time, string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return time.Time{}, ""
		}
		t, err := time.Parse(dateLayout, s)
		if err != nil {
			return time.Time{}, name + " " + s + " is not a date: type YYYY-MM-DD, such as 2026-03-01"
		}
		return t, ""
	}
	var bad string
	if from, bad = parse("From", fromText); bad != "" {
		return from, to, bad
	}
	if to, bad = parse("To", toText); bad != "" {
		return from, to, bad
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return from, to, "The range ends before it starts: To must be on or after From"
	}
	return from, to, ""
}

// rangeText names the chosen range for the header.
func (m *Model) rangeText() string {
	if m.rng != rangeCustom {
		return m.rng.String()
	}
	show := func(t time.Time, open string) string {
		if t.IsZero() {
			return open
		}
		return t.Format(dateLayout)
	}
	return show(m.custom[0], "start") + " – " + show(m.custom[1], "today")
}

func (m *Model) allName() string {
	if m.c.Role() == hiregate.RoleAdmin {
		return "All jobs"
	}
	return "All my jobs"
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
		picker += s.Subtle.Render("  ←/→ or j choose a job")
	}
	b.WriteString(picker + "\n")
	b.WriteString(s.Subtle.Render("Dates ") + s.Selected.Render(m.rangeText()) + s.Subtle.Render("  d change") + "\n")
	if v := m.modalView(w); v != "" {
		return b.String() + "\n" + v
	}
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

// modalView draws an open picker or the date fields ("" when none is).
func (m *Model) modalView(w int) string {
	s := m.c.Styles
	var b strings.Builder
	line := func(i, cur int, text string) {
		text = truncate(text, w-2)
		if i == cur {
			b.WriteString(s.Selected.Render("› "+text) + "\n")
		} else {
			b.WriteString("  " + text + "\n")
		}
	}
	switch m.mode {
	case pickingJob:
		b.WriteString(s.Section.Render("Which job?") + "\n" + m.query.View() + "\n")
		ms := m.matches()
		if len(ms) == 0 {
			b.WriteString(s.Subtle.Render("No job title contains that.") + "\n")
		}
		// Leave the header, the search and the footer their lines.
		room := max(3, m.h-8)
		first := max(0, min(m.cursor-room+1, len(ms)-room))
		for i := first; i < len(ms) && i < first+room; i++ {
			name := m.allName()
			if ms[i] > 0 {
				name = m.jobs[ms[i]-1].Title
			}
			line(i, m.cursor, name)
		}
	case pickingRange:
		b.WriteString(s.Section.Render("Applications that arrived when?") + "\n")
		for i, r := range rangeChoices {
			line(i, m.cursor, r.String())
		}
	case typingDates:
		b.WriteString(s.Section.Render("Custom range") + s.Subtle.Render("  dates in your time zone; an empty one is open") + "\n")
		b.WriteString("From " + m.from.View() + "\n")
		b.WriteString("To   " + m.to.View() + "\n")
		if m.dateErr != "" {
			b.WriteString(lipgloss.NewStyle().Width(w).Render(s.Error.Render(m.dateErr)) + "\n")
		}
	}
	return b.String()
}

func truncate(s string, w int) string { return ansi.Truncate(s, max(1, w), "…") }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch m.mode {
	case pickingJob:
		return []key.Binding{keys.With(k.Submit, "pick"), arrowUp, arrowDown, k.Back}
	case pickingRange:
		return []key.Binding{keys.With(k.Submit, "pick"), keys.With(k.Up, "up"), keys.With(k.Down, "down"), k.Back}
	case typingDates:
		return []key.Binding{keys.With(k.Submit, "show"), keys.With(k.NextField, "next date"), k.Back}
	}
	// One entry for both arrows keeps every key within 80 columns.
	cycle := key.NewBinding(key.WithKeys(append(k.Left.Keys(), k.Right.Keys()...)...), key.WithHelp("←/→", "cycle"))
	return []key.Binding{pickJob, pickRange, cycle, k.Refresh}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	if m.mode != viewing {
		return [][]key.Binding{m.ShortHelp()}
	}
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), {keys.With(k.Left, "previous job"), keys.With(k.Right, "next job")}}
}
