// Package appdetail shows one application: cover letter, resume, history
// and, for the job's recruiter, the private notes; with the moves the
// signed-in user may make on it.
package appdetail

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/choice"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
	"github.com/hiregate/hiregate/tui/widgets/form"
	"github.com/hiregate/hiregate/tui/widgets/list"
	"github.com/hiregate/hiregate/tui/widgets/scroll"
	"github.com/hiregate/hiregate/tui/widgets/stagemove"
)

// MaxNotePages bounds how many pages of notes the screen loads; an
// application with more shows the first MaxNotePages×100 and says so.
const MaxNotePages = 10

type mode int

const (
	viewing mode = iota
	choosing
	noting
)

// API is the part of the hiregate client this screen calls.
type API interface {
	Application(ctx context.Context, id string) (*hiregate.Application, error)
	MoveApplication(ctx context.Context, id string, to hiregate.Stage) (*hiregate.Application, error)
	AddNote(ctx context.Context, appID, body string) (*hiregate.Note, error)
	Notes(ctx context.Context, appID string, f hiregate.NoteFilter) (*hiregate.List[hiregate.Note], error)
}

// Model is the application detail screen.
type Model struct {
	c     *ui.Context
	api   API
	id    string
	app   *hiregate.Application
	notes []hiregate.Note
	// moreNotes says the application has more notes than MaxNotePages
	// pages hold.
	moreNotes bool
	vp        scroll.Scroll
	mover     *stagemove.Mover
	mode      mode
	// stages are the moves offered while choosing; choice is the one
	// selected.
	stages []hiregate.Stage
	choice int
	note   *form.Form
	err    string
	busy   bool
	w, h   int
	events live.Reload
	// leave asks before a note being typed is thrown away.
	leave confirm.Confirm
}

type loadedMsg struct {
	app       *hiregate.Application
	notes     []hiregate.Note
	moreNotes bool
	err       error
}

type notedMsg struct {
	note *hiregate.Note
	err  error
}

// New returns the detail screen of application id.
func New(c *ui.Context, api API, id string) *Model {
	return &Model{c: c, api: api, id: id, vp: scroll.New(), mover: stagemove.New(c, api)}
}

// touchedBy reports whether e changes what the screen shows: this
// application, or its job (the title).
func (m *Model) touchedBy(e client.Event) bool {
	if live.AboutApplication(m.id)(e) {
		return true
	}
	return m.app != nil && e.Type == hiregate.EventJobUpdated && e.Data.JobID == m.app.Job.ID
}

func (m *Model) recruiter() bool { return m.c.Role() != hiregate.RoleCandidate }

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	m.busy = true
	return m.fetch()
}

// fetch loads the application without making the screen busy: a reload
// that events ask for must not swallow the keys of a note being typed.
func (m *Model) fetch() tea.Cmd {
	withNotes := m.recruiter()
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		a, err := m.api.Application(ctx, m.id)
		if err != nil {
			return loadedMsg{err: err}, err
		}
		var notes []hiregate.Note
		var more bool
		if withNotes {
			notes, more, err = list.All(ctx, MaxNotePages, func(ctx context.Context, cursor string) (*hiregate.List[hiregate.Note], error) {
				return m.api.Notes(ctx, m.id, hiregate.NoteFilter{Limit: hiregate.MaxPageLimit, Cursor: cursor})
			})
			if err != nil {
				return loadedMsg{err: err}, err
			}
		}
		return loadedMsg{app: a, notes: notes, moreNotes: more}, nil
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Application" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return m.mode == noting }

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.mode != viewing || m.mover.Active() }

// Unsaved implements ui.Unsaved: a note typed and not saved.
func (m *Model) Unsaved() bool {
	return m.mode == noting && m.note != nil && strings.TrimSpace(m.note.Field("body").Value()) != ""
}

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.vp.SetSize(w, h)
	if m.note != nil {
		m.note.SetSize(w, min(h-2, 12))
	}
	m.render()
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
		m.app, m.notes, m.moreNotes = msg.app, msg.notes, msg.moreNotes
		m.render()
		if again {
			return m.fetch()
		}
	case live.EventsMsg:
		if msg.Any(m.touchedBy) && m.events.Want() {
			return m.fetch()
		}
	case stagemove.MovedMsg:
		if !m.mover.Took(msg) || m.c.Fail(&m.err, msg.Err) {
			return nil
		}
		m.app = msg.App
		m.render()
		// The new stage heads the screen and ends the history just
		// below: scrolled down to the notes, the user would not see it.
		m.vp.GotoTop()
		return ui.Flash("Application is now "+string(msg.App.Status), false)
	case notedMsg:
		m.busy = false
		if msg.err != nil {
			m.note.SetError(m.c, msg.err)
			return nil
		}
		m.mode, m.note = viewing, nil
		m.notes = append(m.notes, *msg.note)
		m.render()
		m.vp.GotoBottom()
		return ui.Flash("Note added", false)
	case ui.RefreshMsg:
		return m.load()
	case tea.KeyMsg:
		if m.busy || m.mover.Moving() {
			return nil
		}
		if m.mover.Active() {
			return m.mover.Update(msg)
		}
		if m.leave.Active() {
			return m.leave.Update(msg, k)
		}
		switch m.mode {
		case choosing:
			return m.updateChoosing(msg)
		case noting:
			return m.updateNoting(msg)
		}
		return m.updateViewing(msg)
	default:
		if m.mode == noting {
			cmd, _ := m.note.Update(msg, k)
			return cmd
		}
	}
	return nil
}

func (m *Model) updateViewing(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	a := m.app
	switch {
	case key.Matches(msg, k.Refresh):
		// Before the check for data: a first load that failed is exactly
		// when a reload is wanted.
		return m.load()
	case a == nil:
	case m.recruiter() && key.Matches(msg, k.Move):
		if m.stages = m.mover.Forward(a); len(m.stages) == 0 {
			m.err = m.mover.AskNext(a) // says why it cannot move
			return nil
		}
		m.mode, m.choice = choosing, 0
	case m.recruiter() && key.Matches(msg, k.Reject):
		m.err = m.mover.Ask(a, hiregate.StageRejected)
	case m.recruiter() && key.Matches(msg, k.Note):
		m.note = form.New(form.Area("body", "Note (only recruiters and admins see it)", hiregate.MaxNoteLen))
		m.note.SetSize(m.w, min(m.h-2, 12))
		m.mode = noting
		return m.note.Focus(0)
	case !m.recruiter() && key.Matches(msg, k.Withdraw):
		m.err = m.mover.Ask(a, hiregate.StageWithdrawn)
	default:
		return m.vp.Update(msg, m.c.Keys)
	}
	return nil
}

func (m *Model) updateChoosing(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case choice.Cycle(&m.choice, len(m.stages), msg, k):
	case key.Matches(msg, k.Back):
		m.mode = viewing
	case key.Matches(msg, k.Open):
		m.mode = viewing
		m.err = m.mover.Ask(m.app, m.stages[m.choice])
	}
	return nil
}

func (m *Model) updateNoting(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if key.Matches(msg, k.Back) {
		if !m.Unsaved() {
			m.mode, m.note = viewing, nil
			return nil
		}
		m.leave.Ask("Discard this note?", func() tea.Cmd {
			m.mode, m.note = viewing, nil
			return nil
		})
		return nil
	}
	cmd, submit := m.note.Update(msg, k)
	if !submit {
		return cmd
	}
	req := hiregate.CreateNoteRequest{Body: strings.TrimSpace(m.note.Field("body").Value())}
	if err := req.Validate(); err != nil {
		m.note.ClearErrors()
		m.note.SetFieldErrors(ui.FieldErrors(err))
		return nil
	}
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		n, err := m.api.AddNote(ctx, m.id, req.Body)
		return notedMsg{n, err}, err
	})
}

func (m *Model) render() {
	if m.app == nil {
		return
	}
	s := m.c.Styles
	a := m.app
	wrap := lipgloss.NewStyle().Width(max(20, m.w-2))
	var b strings.Builder
	b.WriteString(s.Title.Render(a.Job.Title) + "  " + s.StageText(string(a.Status)) + "\n")
	if m.recruiter() {
		b.WriteString(fmt.Sprintf("%s <%s>\n", a.Candidate.FullName, a.Candidate.Email))
	}
	b.WriteString(s.Subtle.Render("Applied "+m.c.Time(a.CreatedAt)+" · updated "+m.c.Time(a.UpdatedAt)) + "\n")

	b.WriteString("\n" + s.Section.Render("History") + "\n")
	for _, h := range a.History {
		by := h.ByName
		if by == "" {
			by = h.By
		}
		line := fmt.Sprintf("  %s  %-10s", m.c.Time(h.At), h.Status)
		if by != "" {
			line += "  by " + by
		}
		b.WriteString(line + "\n")
	}
	section := func(title, body string) {
		b.WriteString("\n" + s.Section.Render(title) + "\n")
		if strings.TrimSpace(body) == "" {
			b.WriteString(s.Subtle.Render("(empty)") + "\n")
			return
		}
		b.WriteString(wrap.Render(body) + "\n")
	}
	section("Cover letter", a.CoverLetter)
	section("Resume", a.ResumeText)
	if m.recruiter() {
		head := fmt.Sprintf("Notes (%d)", len(m.notes))
		if m.moreNotes {
			head = fmt.Sprintf("Notes (first %d shown)", len(m.notes))
		}
		b.WriteString("\n" + s.Section.Render(head) + "\n")
		if len(m.notes) == 0 {
			b.WriteString(s.Subtle.Render("No notes yet: press n to add one.") + "\n")
		}
		for _, n := range m.notes {
			b.WriteString(s.Subtle.Render(m.c.Time(n.CreatedAt)+" "+n.Author.FullName) + "\n")
			b.WriteString(wrap.Render(n.Body) + "\n")
		}
	}
	m.vp.SetContent(b.String())
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	if m.mode == noting {
		return confirm.Head(s, &m.leave, "", s.Title.Render("Add a note")) + "\n" + m.note.View(s)
	}
	err := m.err
	var top string
	switch {
	case m.mode == choosing:
		opts := make([]string, len(m.stages))
		for i, st := range m.stages {
			opts[i] = string(st)
		}
		top, err = "Move to: "+choice.Options(s, opts, m.choice, true), ""
	case m.app == nil:
		top = s.Subtle.Render("Loading…")
	case m.busy || m.mover.Moving():
		top = s.Subtle.Render("Working…")
	default:
		top = m.vp.Percent(s)
	}
	return m.vp.Under(confirm.Head(s, m.mover.Confirm(), err, top), m.app != nil)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.mover.Active():
		return m.mover.KeyBindings()
	case m.mode == choosing:
		return []key.Binding{keys.With(k.Right, "next stage"), keys.With(k.Open, "choose"), keys.With(k.Back, "cancel")}
	case m.leave.Active():
		return m.leave.KeyBindings(k)
	case m.mode == noting:
		return []key.Binding{keys.With(k.SubmitAlt, "save note"), keys.With(k.Back, "cancel")}
	}
	// A final application (hired, rejected, withdrawn) moves no more: its
	// moves are not offered.
	movable := m.app != nil && !m.app.Status.Final()
	if m.recruiter() {
		if movable {
			return []key.Binding{k.Move, k.Reject, k.Note, keys.With(k.Down, "scroll")}
		}
		return []key.Binding{k.Note, keys.With(k.Down, "scroll")}
	}
	if movable {
		return []key.Binding{k.Withdraw, keys.With(k.Down, "scroll")}
	}
	return []key.Binding{keys.With(k.Down, "scroll")}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), scroll.Keys(k)}
}
