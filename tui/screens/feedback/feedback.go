// Package feedback is an interviewer's scorecard for one interview: one
// row per criterion rated with the keys 1 to 4, a recommendation, notes.
// What is typed is kept in memory as a draft at every key, so leaving the
// form (esc, or to look at the application) loses nothing; coming back
// restores it.
package feedback

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/drafts"
	"github.com/hiregate/hiregate/tui/fairview"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/choice"
	"github.com/hiregate/hiregate/tui/widgets/interview"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	Interview(ctx context.Context, id string) (*hiregate.Interview, error)
	Scorecard(ctx context.Context, jobID string) (*hiregate.Scorecard, error)
	MyFeedback(ctx context.Context, interviewID string) (*hiregate.Feedback, error)
	SubmitFeedback(ctx context.Context, interviewID string, r hiregate.FeedbackRequest) (*hiregate.Feedback, error)
}

// Model is the feedback form.
type Model struct {
	c        *ui.Context
	api      API
	id       string
	iv       *hiregate.Interview
	criteria []hiregate.Criterion
	// sent is the feedback the server holds, nil before the first.
	sent  *hiregate.Feedback
	draft drafts.Feedback
	// restored says the form came back from a draft kept in memory.
	restored bool
	// row is the focused row: a criterion, then the recommendation, then
	// the notes.
	row   int
	notes textarea.Model
	err   string
	busy  bool
	w, h  int
}

type loadedMsg struct {
	iv       *hiregate.Interview
	criteria []hiregate.Criterion
	sent     *hiregate.Feedback
	err      error
}

type sentMsg struct {
	f   *hiregate.Feedback
	err error
}

// New returns the feedback form of interview id.
func New(c *ui.Context, api API, id string) *Model {
	a := textarea.New()
	a.CharLimit = hiregate.MaxFeedbackNotesLen
	a.ShowLineNumbers = false
	a.Prompt = ""
	a.Placeholder = "What you saw: evidence for the ratings, in a few lines"
	a.FocusedStyle.CursorLine = lipgloss.NewStyle()
	m := &Model{c: c, api: api, id: id, notes: a}
	m.draft, m.restored = c.Drafts.Get(id)
	if m.draft.Ratings == nil {
		m.draft.Ratings = map[string]int{}
	}
	m.notes.SetValue(m.draft.Notes)
	return m
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		iv, err := m.api.Interview(ctx, m.id)
		if err != nil {
			return loadedMsg{err: err}, err
		}
		sc, err := m.api.Scorecard(ctx, iv.Job.ID)
		if err != nil {
			return loadedMsg{err: err}, err
		}
		f, err := m.api.MyFeedback(ctx, m.id)
		if hiregate.ErrorCode(err) == hiregate.ENOTFOUND {
			f, err = nil, nil // none sent yet
		}
		if err != nil {
			return loadedMsg{err: err}, err
		}
		return loadedMsg{iv: iv, criteria: sc.Criteria, sent: f}, nil
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Feedback" }

func (m *Model) rows() int      { return len(m.criteria) + 2 }
func (m *Model) recRow() int    { return len(m.criteria) }
func (m *Model) notesRow() int  { return len(m.criteria) + 1 }
func (m *Model) onNotes() bool  { return m.iv != nil && m.row == m.notesRow() }
func (m *Model) onRating() bool { return m.row < len(m.criteria) }

// Capturing implements ui.Component: the notes take typed text.
func (m *Model) Capturing() bool { return m.onNotes() }

// Modal implements ui.Modal: esc is the form's own, since leaving keeps
// the draft instead of asking to throw it away.
func (m *Model) Modal() bool { return true }

// Unsaved implements ui.Unsaved: a draft that differs from what was sent
// would be lost if the client quit.
func (m *Model) Unsaved() bool { return m.changed() }

func (m *Model) changed() bool {
	if m.draft.Empty() {
		return false
	}
	if m.sent == nil {
		return true
	}
	return m.draft.Recommendation != m.sent.Recommendation || m.draft.Notes != m.sent.Notes || !maps.Equal(m.draft.Ratings, m.sent.Ratings)
}

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.layout()
}

// headLines is what stands above the rows: title, time, a hint, a blank.
const headLines = 4

// shownRows is how many criteria fit: the rest scroll.
func (m *Model) shownRows() int {
	// The description line, the recommendation, the notes' label and
	// three lines of notes, the error line.
	return max(1, min(len(m.criteria), m.h-headLines-7))
}

func (m *Model) layout() {
	m.notes.SetWidth(max(20, m.w-2))
	used := headLines + m.shownRows() + 4
	m.notes.SetHeight(max(3, min(10, m.h-used-1)))
}

// keep stores the form as the draft.
func (m *Model) keep() {
	m.draft.Notes = m.notes.Value()
	m.c.Drafts.Put(m.id, m.draft)
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		m.busy = false
		if m.c.Fail(&m.err, msg.err) {
			return nil
		}
		first := m.iv == nil
		m.iv, m.criteria, m.sent = msg.iv, msg.criteria, msg.sent
		if first && !m.restored && m.sent != nil {
			// No draft: start from what was sent, to change it.
			m.draft = drafts.Feedback{Ratings: maps.Clone(m.sent.Ratings), Recommendation: m.sent.Recommendation, Notes: m.sent.Notes}
			m.notes.SetValue(m.sent.Notes)
		}
		if m.draft.Ratings == nil {
			m.draft.Ratings = map[string]int{}
		}
		m.row = min(m.row, m.rows()-1)
		m.layout()
		return m.focus()
	case sentMsg:
		m.busy = false
		if m.c.Fail(&m.err, msg.err) {
			return nil
		}
		m.c.Drafts.Drop(m.id)
		return ui.Back("Feedback sent: the application now shows everyone's")
	case live.EventsMsg:
		if msg.Any(func(e client.Event) bool { return e.Data.InterviewID == m.id }) {
			return m.reloadQuietly()
		}
	case ui.RefreshMsg:
		return m.reloadQuietly()
	case tea.KeyMsg:
		if m.busy && m.iv == nil {
			if key.Matches(msg, k.Back) {
				return ui.Back("")
			}
			return nil
		}
		return m.key(msg)
	default:
		if m.onNotes() {
			var cmd tea.Cmd
			m.notes, cmd = m.notes.Update(msg)
			return cmd
		}
	}
	return nil
}

// reloadQuietly refetches the interview (moved, cancelled) without
// touching what is typed.
func (m *Model) reloadQuietly() tea.Cmd {
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		iv, err := m.api.Interview(ctx, m.id)
		if err != nil {
			return loadedMsg{err: err}, err
		}
		sc, err := m.api.Scorecard(ctx, iv.Job.ID)
		if err != nil {
			return loadedMsg{err: err}, err
		}
		return loadedMsg{iv: iv, criteria: sc.Criteria, sent: m.sent}, nil
	})
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if m.busy {
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		m.keep()
		flash := ""
		if m.changed() {
			flash = "Draft kept: open this feedback again to go on"
		}
		return ui.Back(flash)
	case key.Matches(msg, k.SubmitAlt):
		m.keep()
		return m.submit()
	case key.Matches(msg, k.NextField):
		return m.move(1)
	case key.Matches(msg, k.PrevField):
		return m.move(-1)
	case m.iv == nil:
		if key.Matches(msg, k.Refresh) {
			return m.load()
		}
		return nil
	case m.onNotes():
		var cmd tea.Cmd
		m.notes, cmd = m.notes.Update(msg)
		m.keep()
		return cmd
	case key.Matches(msg, k.Up):
		return m.move(-1)
	case key.Matches(msg, k.Down), key.Matches(msg, k.Submit):
		return m.move(1)
	}
	if n, ok := digit(msg); ok {
		m.set(n)
		m.keep()
		// Rating in one go: each digit moves on to the next row.
		return m.move(1)
	}
	switch {
	case key.Matches(msg, k.Left):
		m.step(-1)
	case key.Matches(msg, k.Right):
		m.step(1)
	case msg.Type == tea.KeyBackspace || msg.Type == tea.KeyDelete || msg.String() == "0":
		m.set(0)
	}
	m.keep()
	return nil
}

func digit(msg tea.KeyMsg) (int, bool) {
	s := msg.String()
	if len(s) == 1 && s[0] >= '1' && s[0] <= '4' {
		return int(s[0] - '0'), true
	}
	return 0, false
}

// set gives the focused row value n (1–4; 0 clears it).
func (m *Model) set(n int) {
	switch {
	case m.onRating():
		if n == 0 {
			delete(m.draft.Ratings, m.criteria[m.row].Name)
		} else {
			m.draft.Ratings[m.criteria[m.row].Name] = n
		}
	case m.row == m.recRow():
		if n == 0 {
			m.draft.Recommendation = ""
		} else {
			m.draft.Recommendation = hiregate.Recommendations[n-1]
		}
	}
}

// value is the focused row's value, 0 when unset.
func (m *Model) value() int {
	if m.onRating() {
		return m.draft.Ratings[m.criteria[m.row].Name]
	}
	for i, r := range hiregate.Recommendations {
		if r == m.draft.Recommendation {
			return i + 1
		}
	}
	return 0
}

func (m *Model) step(d int) {
	v := m.value()
	if v == 0 {
		v = 2 // the middle, on either side
		if d > 0 {
			v = 3
		}
		m.set(v)
		return
	}
	m.set(max(1, min(hiregate.MaxRating, v+d)))
}

func (m *Model) move(d int) tea.Cmd {
	m.row = choice.Step(m.row, m.rows(), d)
	return m.focus()
}

func (m *Model) focus() tea.Cmd {
	if m.onNotes() {
		return m.notes.Focus()
	}
	m.notes.Blur()
	return nil
}

func (m *Model) submit() tea.Cmd {
	if m.iv == nil {
		return nil
	}
	req := hiregate.FeedbackRequest{Ratings: maps.Clone(m.draft.Ratings), Recommendation: m.draft.Recommendation, Notes: strings.TrimSpace(m.draft.Notes)}
	if req.Recommendation == "" {
		m.err = "Choose a recommendation (1–4 on its row) before sending"
		m.row = m.recRow()
		return m.focus()
	}
	if err := req.Validate(); err != nil {
		m.err = m.c.ErrorText(err)
		for f, v := range ui.FieldErrors(err) {
			m.err = f + ": " + v
		}
		return nil
	}
	m.err, m.busy = "", true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		f, err := m.api.SubmitFeedback(ctx, m.id, req)
		return sentMsg{f, err}, err
	})
}

// scale names the four ratings.
var scale = []string{"1", "2", "3", "4"}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	if m.iv == nil {
		if m.err != "" {
			return s.Error.Render(m.err)
		}
		return s.Subtle.Render("Loading…")
	}
	iv := m.iv
	var b strings.Builder
	b.WriteString(ansi.Truncate(s.Title.Render(iv.Candidate.FullName)+s.Subtle.Render(" · "+iv.Job.Title), m.w, "…") + "\n")
	b.WriteString(ansi.Truncate(interview.When(m.c, iv), m.w, "…") + "\n")
	if note := fairview.InterviewNotice(s, iv, m.w); note != "" {
		b.WriteString(note + "\n")
	}
	var hint string
	switch {
	case m.busy:
		hint = s.Subtle.Render("Sending…")
	case m.err != "":
		hint = s.Error.Render(m.err)
	case iv.Status == hiregate.InterviewCancelled:
		hint = s.Error.Render("This interview was cancelled: feedback cannot be sent")
	case m.restored:
		hint = s.Success.Render("Draft restored. esc keeps it in memory until you quit")
	case m.c.Now().Before(iv.StartsAt):
		hint = s.Confirm.Render("Feedback opens when the interview starts; the draft is kept meanwhile")
	case m.sent != nil:
		hint = s.Subtle.Render("You sent this on " + m.c.Time(m.sent.UpdatedAt) + ": change it and press ctrl+s")
	default:
		hint = s.Subtle.Render("esc keeps your draft in memory until you quit; ctrl+s sends it")
	}
	b.WriteString(ansi.Truncate(hint, m.w, "…") + "\n\n")

	nameW := len("Recommendation")
	for _, cr := range m.criteria {
		nameW = max(nameW, lipgloss.Width(cr.Name))
	}
	nameW = min(nameW, max(12, m.w/2-2))
	label := func(i int, name string) string {
		mark, st := "  ", s.Label
		if i == m.row {
			mark, st = "▸ ", s.LabelFocus
		}
		name = ansi.Truncate(name, nameW, "…")
		return st.Render(mark + name + strings.Repeat(" ", nameW-lipgloss.Width(name)+2))
	}
	if len(m.criteria) == 0 {
		b.WriteString(s.Subtle.Render("  This job's scorecard has no criteria: give a recommendation and notes.") + "\n")
	}
	first := 0
	if n := m.shownRows(); m.row < len(m.criteria) && m.row >= n {
		first = m.row - n + 1
	}
	for i := first; i < len(m.criteria) && i < first+m.shownRows(); i++ {
		cr := m.criteria[i]
		v := m.draft.Ratings[cr.Name]
		line := label(i, cr.Name) + choice.Options(s, scale, v-1, i == m.row)
		if v == 0 {
			line += s.Subtle.Render("  not rated")
		}
		b.WriteString(line + "\n")
	}
	desc := ""
	if m.onRating() {
		desc = m.criteria[m.row].Description
		if n := len(m.criteria); n > m.shownRows() {
			desc = fmt.Sprintf("(%d/%d) %s", m.row+1, n, desc)
		}
	}
	b.WriteString(s.Subtle.Render(ansi.Truncate("  "+desc, m.w, "…")) + "\n")
	recs := make([]string, len(hiregate.Recommendations))
	chosen := -1
	for i, r := range hiregate.Recommendations {
		recs[i] = fmt.Sprintf("%d %s %s", i+1, interview.Symbol(r), interview.RecommendationLabel(r))
		if r == m.draft.Recommendation {
			chosen = i
		}
	}
	b.WriteString(ansi.Truncate(label(m.recRow(), "Recommendation")+choice.Options(s, recs, chosen, m.row == m.recRow()), m.w, "…") + "\n")
	b.WriteString(label(m.notesRow(), "Notes") + "\n")
	b.WriteString(m.notes.View())
	return b.String()
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	send := keys.With(k.SubmitAlt, "send")
	leave := keys.With(k.Back, "leave (draft kept)")
	if m.onNotes() {
		return []key.Binding{send, leave, keys.With(k.NextField, "to ratings")}
	}
	return []key.Binding{keys.With(k.Rate, "rate"), send, leave, keys.With(k.Down, "row"), keys.With(k.Left, "lower/higher")}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), {k.Up, k.Down, k.Left, k.Right, k.NextField, k.PrevField, keys.With(k.Refresh, "reload")}}
}
