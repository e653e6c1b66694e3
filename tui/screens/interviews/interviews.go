// Package interviews is "My interviews": an interviewer's (or a
// candidate's) interviews, today's first, then the coming ones, then the
// recent past ones (where feedback is due), each a key from its
// application, its feedback form and its calendar file.
package interviews

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/fairview"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/localfile"
	"github.com/hiregate/hiregate/tui/localtime"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/form"
	"github.com/hiregate/hiregate/tui/widgets/interview"
	"github.com/hiregate/hiregate/tui/widgets/list"
)

// Past is how far back the list goes: long enough for feedback written
// a few days late.
const Past = 14 * 24 * time.Hour

// MaxPages bounds the pages loaded.
const MaxPages = 5

// API is the part of the hiregate client this screen calls.
type API interface {
	MyInterviews(ctx context.Context, f hiregate.InterviewFilter) (*hiregate.List[hiregate.Interview], error)
	InterviewCalendar(ctx context.Context, id string) ([]byte, error)
}

// Model is the My interviews screen.
type Model struct {
	c    *ui.Context
	api  API
	list list.List
	// items are in the order shown: today, coming, past.
	items  []hiregate.Interview
	loaded bool
	save   *form.Form
	err    string
	busy   bool
	events live.Reload
	w, h   int
}

type loadedMsg struct {
	items []hiregate.Interview
	err   error
}

type savedMsg struct {
	path string
	err  error
	fail string
}

// New returns the screen.
func New(c *ui.Context, api API) *Model {
	m := &Model{c: c, api: api}
	who := "Candidate"
	if c.Role() == hiregate.RoleCandidate {
		who = "With"
	}
	m.list.Columns = []list.Column{{Title: "When", Width: 9}, {Title: "Time", Width: 17}, {Title: who, Width: 18}, {Title: "Job"}, {Title: "", Width: 6}}
	return m
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	m.busy = true
	from := m.c.Now().Add(-Past)
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		items, _, err := list.All(ctx, MaxPages, func(ctx context.Context, cursor string) (*hiregate.List[hiregate.Interview], error) {
			return m.api.MyInterviews(ctx, hiregate.InterviewFilter{From: from, Limit: hiregate.MaxPageLimit, Cursor: cursor})
		})
		return loadedMsg{items: items, err: err}, err
	})
}

// Order puts interviews as the screen lists them: today's first (by
// time), then the coming ones (soonest first), then the past ones (latest
// first); cancelled ones go to the end.
func Order(items []hiregate.Interview, now time.Time, loc *time.Location) []hiregate.Interview {
	group := func(iv *hiregate.Interview) int {
		switch {
		case iv.Status == hiregate.InterviewCancelled:
			return 3
		case localtime.Day(iv.StartsAt, now, loc) == "today":
			return 0
		case iv.StartsAt.After(now):
			return 1
		}
		return 2
	}
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b hiregate.Interview) int {
		ga, gb := group(&a), group(&b)
		if ga != gb {
			return ga - gb
		}
		if ga == 2 {
			return b.StartsAt.Compare(a.StartsAt)
		}
		return a.StartsAt.Compare(b.StartsAt)
	})
	return out
}

// Title implements ui.Component.
func (m *Model) Title() string { return "My interviews" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return m.save != nil }

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.save != nil }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	// The head, and under the list the selected interview's place.
	m.list.SetSize(w, max(2, h-4))
	if m.save != nil {
		m.save.SetSize(w, 4)
	}
}

func (m *Model) selected() *hiregate.Interview {
	if i := m.list.Cursor(); i >= 0 {
		return &m.items[i]
	}
	return nil
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		m.busy = false
		again := m.events.Done()
		if m.c.Fail(&m.err, msg.err) {
			return nil
		}
		var keep string
		if iv := m.selected(); iv != nil {
			keep = iv.ID
		}
		interview.Overlaps(msg.items)
		m.items, m.loaded = Order(msg.items, m.c.Now(), m.c.Location()), true
		m.list.SetLen(len(m.items))
		for i := range m.items {
			if m.items[i].ID == keep {
				m.list.SetCursor(i)
			}
		}
		if again {
			return m.load()
		}
	case savedMsg:
		m.busy = false
		if msg.err != nil || msg.fail != "" {
			fl := m.save.Field("path")
			fl.Err = msg.fail
			if msg.err != nil {
				fl.Err = m.c.ErrorText(msg.err)
			}
			return nil
		}
		m.save = nil
		return ui.Flash("Saved "+msg.path, false)
	case live.EventsMsg:
		if msg.Any(isInterviewEvent) && m.events.Want() {
			return m.load()
		}
	case ui.RefreshMsg:
		return m.load()
	case tea.KeyMsg:
		if m.busy && m.save != nil {
			return nil
		}
		if m.save != nil {
			return m.updateSaving(msg)
		}
		if m.list.Update(msg, k) {
			m.err = ""
			return nil
		}
		iv := m.selected()
		switch {
		case key.Matches(msg, k.Refresh):
			return m.load()
		case iv == nil:
		case key.Matches(msg, k.Open):
			return ui.Open(ui.PageApp, iv.ApplicationID)
		case m.c.Role() == hiregate.RoleInterviewer && key.Matches(msg, k.Feedback):
			return ui.Open(ui.PageFeedback, iv.ID)
		case key.Matches(msg, k.Calendar):
			m.save = form.New(form.Text("path", "Save to", 4096))
			m.save.EnterSubmits = true
			m.save.Field("path").SetValue(interview.FileName(m.c, iv))
			m.save.SetSize(m.w, 4)
			return m.save.Focus(0)
		}
	default:
		if m.save != nil {
			cmd, _ := m.save.Update(msg, k)
			return cmd
		}
	}
	return nil
}

func isInterviewEvent(e client.Event) bool {
	switch e.Type {
	case hiregate.EventInterviewScheduled, hiregate.EventInterviewUpdated, hiregate.EventInterviewCancelled:
		return true
	}
	return false
}

func (m *Model) updateSaving(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if key.Matches(msg, k.Back) {
		m.save = nil
		return nil
	}
	cmd, submit := m.save.Update(msg, k)
	if !submit {
		return cmd
	}
	path := strings.TrimSpace(m.save.Field("path").Value())
	if path == "" {
		m.save.Field("path").Err = "type a file name"
		return nil
	}
	id := m.selected().ID
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		data, err := m.api.InterviewCalendar(ctx, id)
		if err != nil {
			return savedMsg{err: err}, err
		}
		if err := localfile.Save(path, data); err != nil {
			return savedMsg{fail: err.Error()}, nil
		}
		return savedMsg{path: localfile.Where(path)}, nil
	})
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	loc := m.c.Location()
	now := m.c.Now()
	today := 0
	for i := range m.items {
		if m.items[i].Status == hiregate.InterviewScheduled && localtime.Day(m.items[i].StartsAt, now, loc) == "today" {
			today++
		}
	}
	head := s.Title.Render("My interviews") + s.Subtle.Render("  "+plural(today, "today")+" · times in "+localtime.Zone(now, loc))
	switch {
	case m.err != "":
		head = s.Error.Render(m.err)
	case !m.loaded:
		head = s.Subtle.Render("Loading…")
	}
	if m.save != nil {
		iv := m.selected()
		return s.Title.Render("Save the calendar file of "+interview.Short(m.c, iv)) + "\n" + m.save.View(s)
	}
	body := m.list.View(s, "No interviews in the last two weeks or ahead.", func(i int) []string {
		iv := &m.items[i]
		day := localtime.Day(iv.StartsAt, now, loc)
		if day == "" {
			day = iv.StartsAt.In(loc).Format("Mon 01-02")
		}
		t := iv.StartsAt.In(loc)
		span := t.Format("15:04") + "–" + iv.EndsAt().In(loc).Format("15:04") + " " + localtime.Zone(iv.StartsAt, loc)
		who := iv.Candidate.FullName
		if m.c.Role() == hiregate.RoleCandidate {
			who = interview.Names(iv.Interviewers)
		}
		state := ""
		switch {
		case iv.Status == hiregate.InterviewCancelled:
			state = "cancel"
		case m.c.Drafts.Has(iv.ID):
			state = "draft"
		case len(iv.Conflicts) > 0:
			state = "⚠ over"
		}
		return []string{day, span, who, iv.Job.Title, state}
	})
	foot := ""
	if iv := m.selected(); iv != nil {
		foot = s.Subtle.Render(ansi.Truncate(interview.Place(iv), m.w, "…"))
		if note := interview.ConflictNote(m.c, iv); note != "" {
			foot += "\n" + s.Error.Render(ansi.Truncate(note, m.w, "…"))
		}
		if note := fairview.InterviewNotice(s, iv, m.w); note != "" {
			foot += "\n" + note
		}
	}
	return head + "\n" + body + "\n" + foot
}

func plural(n int, what string) string {
	switch n {
	case 0:
		return "none " + what
	case 1:
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.save != nil {
		return []key.Binding{keys.With(k.Submit, "save"), keys.With(k.Back, "cancel")}
	}
	var b []key.Binding
	if m.selected() != nil {
		b = append(b, keys.With(k.Open, "application"))
		if m.c.Role() == hiregate.RoleInterviewer {
			b = append(b, k.Feedback)
		}
		b = append(b, k.Calendar)
	}
	return append(b, keys.With(k.Down, "interview"))
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), {k.Up, k.Down, k.PageUp, k.PageDown, k.Refresh}}
}
