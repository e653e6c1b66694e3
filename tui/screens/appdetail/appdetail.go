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
	"github.com/hiregate/hiregate/tui/fairview"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/localfile"
	"github.com/hiregate/hiregate/tui/pathcomplete"
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
	saving  // asking where to save the resume file
	reading // the resume's extracted text, full screen
)

// API is the part of the hiregate client this screen calls.
type API interface {
	Application(ctx context.Context, id string) (*hiregate.Application, error)
	MoveApplication(ctx context.Context, id string, to hiregate.Stage) (*hiregate.Application, error)
	AddNote(ctx context.Context, appID, body string) (*hiregate.Note, error)
	Notes(ctx context.Context, appID string, f hiregate.NoteFilter) (*hiregate.List[hiregate.Note], error)
	DownloadResume(ctx context.Context, applicationID string) (*client.ResumeFile, error)
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
	// save asks for the path the resume file is saved to.
	save *form.Form
	// text is the full-screen view of the resume's text.
	text scroll.Scroll
	// match is the application's match when it was opened from a
	// ranking.
	match  *hiregate.Match
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

type savedMsg struct {
	path string
	err  error  // the download failed
	fail string // the file could not be written
}

type notedMsg struct {
	note *hiregate.Note
	err  error
}

// New returns the detail screen of application id.
func New(c *ui.Context, api API, id string) *Model {
	return &Model{c: c, api: api, id: id, vp: scroll.New(), text: scroll.New(), mover: stagemove.New(c, api)}
}

// WithMatch shows why the application ranked where it did, when it was
// opened from a ranking.
func (m *Model) WithMatch(match *hiregate.Match) *Model {
	m.match = match
	return m
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
func (m *Model) Capturing() bool { return m.mode == noting || m.mode == saving }

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
	m.text.SetSize(w, h)
	if m.save != nil {
		m.save.SetSize(w, 4)
	}
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
		if m.mode == choosing && m.app != nil && msg.app.Status != m.app.Status {
			// The stages offered were those of the old status.
			m.mode = viewing
			m.err = m.mover.Meanwhile(msg.app)
		}
		if n := m.mover.Recheck(func(id string) *hiregate.Application {
			if id == msg.app.ID {
				return msg.app
			}
			return nil
		}); n != "" {
			m.err = n
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
		if !m.mover.Took(msg) {
			return nil
		}
		if m.c.Fail(&m.err, msg.Err) {
			// Refused, most likely because the application changed: show
			// how it is now, and why.
			return m.fetch()
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
	case savedMsg:
		m.busy = false
		if msg.err != nil || msg.fail != "" {
			m.save.Field("path").Err = msg.fail
			if msg.err != nil {
				m.save.Field("path").Err = m.c.ErrorText(msg.err)
			}
			return nil
		}
		m.mode, m.save = viewing, nil
		return ui.Flash("Resume saved to "+msg.path, false)
	case ui.RefreshMsg:
		if m.mode != viewing {
			// A reconnect, not a return: typing goes on meanwhile.
			return m.fetch()
		}
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
		case saving:
			return m.updateSaving(msg)
		case reading:
			if key.Matches(msg, k.Back) || key.Matches(msg, k.ViewText) {
				m.mode = viewing
				return nil
			}
			return m.text.Update(msg, k)
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
	case key.Matches(msg, k.ViewText):
		m.text.SetContent(lipgloss.NewStyle().Width(max(20, m.w-2)).Render(a.ResumeText))
		m.text.GotoTop()
		m.mode = reading
	case a.Resume != nil && key.Matches(msg, k.SaveFile):
		m.save = form.New(form.Text("path", "Save to", 4096))
		m.save.EnterSubmits = true
		m.save.Field("path").SetValue(a.Resume.Filename)
		m.save.SetSize(m.w, 4)
		m.mode = saving
		return m.save.Focus(0)
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

// updateSaving edits the path (tab completes it) and saves on enter.
func (m *Model) updateSaving(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	fl := m.save.Field("path")
	switch {
	case key.Matches(msg, k.Back):
		m.mode, m.save = viewing, nil
		return nil
	case key.Matches(msg, k.Complete):
		if done, options, ok := pathcomplete.Tab(fl.Value()); ok {
			fl.SetValue(done)
			fl.Err = strings.Join(options, "  ")
		}
		return nil
	}
	cmd, submit := m.save.Update(msg, k)
	if !submit {
		return cmd
	}
	path := strings.TrimSpace(fl.Value())
	if path == "" {
		fl.Err = "type a file name"
		return nil
	}
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		f, err := m.api.DownloadResume(ctx, m.id)
		if err != nil {
			return savedMsg{err: err}, err
		}
		// A local failure (the file exists) is the user's to fix here,
		// not a failed request.
		if err := localfile.Save(path, f.Data); err != nil {
			return savedMsg{fail: err.Error()}, nil
		}
		return savedMsg{path: path}, nil
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
	switch {
	case a.Blinded:
		b.WriteString(a.Candidate.FullName + "\n" + fairview.Notice(s, a, max(20, m.w-2)) + "\n")
	case m.recruiter():
		b.WriteString(fmt.Sprintf("%s <%s>\n", a.Candidate.FullName, a.Candidate.Email))
	}
	b.WriteString(s.Subtle.Render("Applied "+m.c.Time(a.CreatedAt)+" · updated "+m.c.Time(a.UpdatedAt)) + "\n")
	if m.match != nil && m.recruiter() {
		b.WriteString(fairview.Why(s, m.match, max(20, m.w-2)) + "\n")
	}

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
	b.WriteString("\n" + s.Section.Render("Resume") + "\n")
	switch {
	case a.Resume != nil && a.Resume.URL == "":
		// Blind review: the file itself is withheld, its text is masked.
		b.WriteString(localfile.Line(a.Resume) + s.Subtle.Render("  v read") + "\n")
	case a.Resume != nil:
		b.WriteString(localfile.Line(a.Resume) + s.Subtle.Render("  d save · v read") + "\n")
	}
	if strings.TrimSpace(a.ResumeText) == "" {
		b.WriteString(s.Subtle.Render("(empty)") + "\n")
	} else {
		b.WriteString(wrap.Render(a.ResumeText) + "\n")
	}
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
	switch m.mode {
	case noting:
		return confirm.Head(s, &m.leave, "", s.Title.Render("Add a note")) + "\n" + m.note.View(s)
	case reading:
		name := "Resume text"
		if m.app.Resume != nil {
			name += " of " + m.app.Resume.Filename
		}
		return m.text.Under(s.Title.Render(name)+"  "+m.text.Percent(s), true)
	case saving:
		head := s.Title.Render("Save " + m.app.Resume.Filename)
		if m.busy {
			head += s.Subtle.Render("  saving…")
		}
		return head + "\n" + m.save.View(s)
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
	case m.mode == saving:
		return []key.Binding{k.Complete, keys.With(k.Submit, "save"), keys.With(k.Back, "cancel")}
	case m.mode == reading:
		return []key.Binding{keys.With(k.Down, "scroll"), keys.With(k.Back, "close")}
	}
	file := []key.Binding{k.ViewText}
	if m.app != nil && m.app.Resume != nil {
		file = append(file, k.SaveFile)
	}
	// A final application (hired, rejected, withdrawn) moves no more: its
	// moves are not offered.
	movable := m.app != nil && !m.app.Status.Final()
	var b []key.Binding
	switch {
	case m.recruiter() && movable:
		b = []key.Binding{k.Move, k.Reject, k.Note}
	case m.recruiter():
		b = []key.Binding{k.Note}
	case movable:
		b = []key.Binding{k.Withdraw}
	}
	b = append(b, file...)
	return append(b, keys.With(k.Down, "scroll"))
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), scroll.Keys(k)}
}
