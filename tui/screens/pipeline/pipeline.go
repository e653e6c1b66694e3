// Package pipeline is the board of one job's applications: one column per
// stage, moving a card forward or rejecting it.
package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/choice"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
	"github.com/hiregate/hiregate/tui/widgets/list"
	"github.com/hiregate/hiregate/tui/widgets/stagemove"
)

// MaxPages bounds how many pages of applications the board loads; a job
// with more applications shows the first MaxPages×100 and says so.
const MaxPages = 50

// MinColumnWidth is the narrowest a column gets (inside its border): a
// name of 13 letters and the selection marker. A terminal too narrow for
// every column at that width shows fewer and scrolls them.
const MinColumnWidth = 14

// API is the part of the hiregate client this screen calls.
type API interface {
	Job(ctx context.Context, id string) (*hiregate.Job, error)
	JobApplications(ctx context.Context, jobID string, f hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error)
	UpdateApplication(ctx context.Context, id string, r hiregate.UpdateApplicationRequest) (*hiregate.Application, error)
}

// Model is the pipeline board.
type Model struct {
	c       *ui.Context
	api     API
	jobID   string
	job     *hiregate.Job
	cols    [][]hiregate.Application // one per hiregate.Stages
	col     int
	first   int   // the leftmost column shown
	row     []int // selected card per column
	more    bool  // the job has more applications than were loaded
	mover   *stagemove.Mover
	sort    hiregate.ApplicationSort
	loading bool
	err     string
	w, h    int
	events  live.Reload
}

type loadedMsg struct {
	sort hiregate.ApplicationSort
	job  *hiregate.Job
	apps []hiregate.Application
	more bool
	err  error
}

// New returns the board of job jobID.
func New(c *ui.Context, api API, jobID string) *Model {
	return &Model{c: c, api: api, jobID: jobID, cols: make([][]hiregate.Application, len(hiregate.Stages)), row: make([]int, len(hiregate.Stages)), mover: stagemove.New(c, api)}
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	m.loading = true
	order := m.sort
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		job, err := m.api.Job(ctx, m.jobID)
		if err != nil {
			return loadedMsg{err: err}, err
		}
		apps, more, err := list.All(ctx, MaxPages, func(ctx context.Context, cursor string) (*hiregate.List[hiregate.Application], error) {
			return m.api.JobApplications(ctx, m.jobID, hiregate.ApplicationFilter{Sort: order, Limit: hiregate.MaxPageLimit, Cursor: cursor})
		})
		if err != nil {
			return loadedMsg{err: err}, err
		}
		return loadedMsg{sort: order, job: job, apps: apps, more: more}, nil
	})
}

// place sorts apps into their columns. follow, when set, is a card the
// user just moved: the selection goes with it. Otherwise the selection
// stays in its column, on the same card while it is there: a card someone
// else moved does not drag the user's eyes along.
func (m *Model) place(apps []hiregate.Application, follow string) {
	var keep string
	if a := m.selected(); a != nil {
		keep = a.ID
	}
	for i := range m.cols {
		m.cols[i] = nil
	}
	for _, a := range apps {
		if i := slices.Index(hiregate.Stages, a.Status); i >= 0 {
			m.cols[i] = append(m.cols[i], a)
		}
	}
	for i := range m.row {
		m.row[i] = max(0, min(m.row[i], len(m.cols[i])-1))
	}
	for i, col := range m.cols {
		for j := range col {
			switch col[j].ID {
			case follow:
				m.col, m.row[i] = i, j
			case keep:
				if i == m.col && follow == "" {
					m.row[i] = j
				}
			}
		}
	}
}

func (m *Model) all() []hiregate.Application {
	var out []hiregate.Application
	for _, c := range m.cols {
		out = append(out, c...)
	}
	return out
}

// find is the card of application id, nil when the board has none.
func (m *Model) find(id string) *hiregate.Application {
	for _, c := range m.cols {
		for i := range c {
			if c[i].ID == id {
				return &c[i]
			}
		}
	}
	return nil
}

func (m *Model) selected() *hiregate.Application {
	c := m.cols[m.col]
	if len(c) == 0 {
		return nil
	}
	return &c[m.row[m.col]]
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Pipeline" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return false }

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.mover.Active() }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.follow()
}

// shown is how many columns fit at MinColumnWidth, borders included.
func (m *Model) shown() int { return max(1, min(len(m.cols), m.w/(MinColumnWidth+2))) }

// follow scrolls the columns shown so that the focused one is among them,
// moving them as little as it can.
func (m *Model) follow() {
	n := m.shown()
	m.first = max(0, min(m.first, len(m.cols)-n))
	if m.col < m.first {
		m.first = m.col
	} else if m.col >= m.first+n {
		m.first = m.col - n + 1
	}
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	cmd := m.update(msg)
	m.follow()
	return cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.sort != m.sort {
			return nil // an order the user has left
		}
		m.loading = false
		if m.c.Fail(&m.err, msg.err) {
			m.events.Done()
			return nil
		}
		first := m.job == nil
		m.job, m.more = msg.job, msg.more
		m.place(msg.apps, "")
		m.err = m.mover.Recheck(m.find)
		if first {
			// Open where the cards are: on an empty column enter, m and
			// x would do nothing.
			for i, c := range m.cols {
				if len(c) > 0 {
					m.col = i
					break
				}
			}
		}
		if m.events.Done() {
			return m.load()
		}
	case live.EventsMsg:
		if msg.Any(live.AboutJob(m.jobID)) && m.events.Want() {
			return m.load()
		}
	case stagemove.MovedMsg:
		if !m.mover.Took(msg) {
			return nil
		}
		if m.c.Fail(&m.err, msg.Err) {
			// Refused, most likely because the card is no longer where
			// the board shows it: show where it is.
			return m.load()
		}
		apps := m.all()
		for i := range apps {
			if apps[i].ID == msg.App.ID {
				apps[i] = *msg.App
			}
		}
		m.place(apps, msg.App.ID)
		return ui.Flash(stagemove.Done(msg.App), false)
	case ui.RefreshMsg:
		return m.load()
	case tea.KeyMsg:
		if m.mover.Active() {
			return m.mover.Update(msg)
		}
		a := m.selected()
		switch {
		case choice.Sideways(&m.col, len(m.cols), msg, k):
			m.err = "" // it was about the card the user left
		case key.Matches(msg, k.Up):
			m.row[m.col] = max(0, m.row[m.col]-1)
			m.err = ""
		case key.Matches(msg, k.Down):
			m.row[m.col] = max(0, min(len(m.cols[m.col])-1, m.row[m.col]+1))
			m.err = ""
		case (key.Matches(msg, k.Open) || key.Matches(msg, k.Move) || key.Matches(msg, k.Reject)) && a == nil:
			// The keys stay in the footer on an empty column, so that
			// it does not change shape from column to column; they say
			// why they do nothing.
			m.err = "No application in " + string(hiregate.Stages[m.col]) + ": ←/→ picks another stage."
		case key.Matches(msg, k.Open):
			return func() tea.Msg { return ui.OpenMsg{Page: ui.PageApp, ID: a.ID, Match: a.Match} }
		case key.Matches(msg, k.Sort):
			// Cards keep the ranking's order within each column.
			if m.sort == hiregate.SortMatch {
				m.sort = hiregate.SortArrival
			} else {
				m.sort = hiregate.SortMatch
			}
			return m.load()
		case key.Matches(msg, k.Move):
			m.err = m.mover.AskNext(a)
		case key.Matches(msg, k.Reject):
			m.err = m.mover.Ask(a, hiregate.StageRejected)
		case key.Matches(msg, k.Refresh):
			return m.load()
		}
	}
	return nil
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	head := s.Subtle.Render("Loading…")
	if m.job != nil {
		order := "newest first"
		if m.sort == hiregate.SortMatch {
			order = "best match first"
		}
		head = s.Title.Render(m.job.Title) + s.Subtle.Render(fmt.Sprintf("  %s, %s", ui.Count(len(m.all()), "application"), order))
		if m.more {
			head += s.Error.Render(fmt.Sprintf("  (first %d shown)", MaxPages*hiregate.MaxPageLimit))
		}
	}
	head = confirm.Head(s, m.w, m.mover.Confirm(), m.err, head)
	// Each column has a border: two columns of frame, two lines.
	n, first := m.shown(), m.first
	cw := max(6, m.w/n-2)
	rows := max(1, m.h-4-2)
	if first > 0 || first+n < len(m.cols) {
		head += s.Subtle.Render(fmt.Sprintf("  ←→ stages %d–%d of %d", first+1, first+n, len(m.cols)))
	}
	var cols []string
	for i := first; i < first+n; i++ {
		st := hiregate.Stages[i]
		title := ansi.Truncate(string(st), cw, "")
		lines := []string{s.StageText(title), s.Subtle.Render(strconv.Itoa(len(m.cols[i])))}
		apps := m.cols[i]
		off := 0
		if m.row[i] >= rows {
			off = m.row[i] - rows + 1
		}
		for j := off; j < len(apps) && j < off+rows; j++ {
			label := apps[j].Candidate.FullName
			if mt := apps[j].Match; mt != nil {
				label = fmt.Sprintf("%3d %s", mt.Score, label)
			}
			name := ansi.Truncate(label, cw-1, "…")
			if i == m.col && j == m.row[i] {
				// The marker shows the selection without colour too.
				name = ">" + name
				name = s.Selected.Render(name + strings.Repeat(" ", max(0, cw-lipgloss.Width(name))))
			} else {
				name = " " + name
			}
			lines = append(lines, name)
		}
		box := s.Column
		if i == m.col {
			box = s.ColumnFocus
		}
		cols = append(cols, box.Width(cw).Height(rows+2).Render(strings.Join(lines, "\n")))
	}
	return head + "\n" + lipgloss.JoinHorizontal(lipgloss.Top, cols...) + "\n" + m.lastMove()
}

// lastMove says, under the board, who put the selected card where it is
// and when: with several recruiters on one board, a card that moved by
// itself would otherwise be a mystery.
func (m *Model) lastMove() string {
	a := m.selected()
	if a == nil || len(a.History) == 0 {
		return ""
	}
	h := a.History[len(a.History)-1]
	line := fmt.Sprintf("%s: %s since %s", a.Candidate.FullName, h.Status, m.c.Time(h.At))
	switch {
	case h.Status == hiregate.StageApplied:
		line = fmt.Sprintf("%s applied %s", a.Candidate.FullName, m.c.Time(h.At))
	case h.ByName != "":
		line += " by " + h.ByName
	}
	return m.c.Styles.Subtle.Render(ansi.Truncate(line, m.w, "…"))
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.mover.Active() {
		return m.mover.KeyBindings()
	}
	// What can be done with the card first, then how to get around. The
	// same keys on every column, an empty one too (they say why they do
	// nothing there); only a final card (hired, rejected, withdrawn),
	// which moves no more, drops m and x.
	b := []key.Binding{k.Open}
	if a := m.selected(); a == nil || !a.Status.Final() {
		b = append(b, keys.With(k.Move, "next stage"), k.Reject)
	}
	// The arrows are on the board itself ("←→ stages 1–5 of 7") and in
	// the full help: the footer keeps to what fits 80 columns whole.
	return append(b, keys.With(k.Sort, "sort"))
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), {k.Left, k.Right, k.Up, k.Down, k.Refresh}}
}
