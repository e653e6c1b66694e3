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
	"github.com/hiregate/hiregate/tui/screens/messages"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/choice"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
	"github.com/hiregate/hiregate/tui/widgets/form"
	"github.com/hiregate/hiregate/tui/widgets/interview"
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
	saving    // asking where to save the resume file
	reading   // the resume's extracted text, full screen
	messaging // the Messages pane
	picking   // which interview an action is about
	calendar
)

// API is the part of the hiregate client this screen calls.
type API interface {
	Application(ctx context.Context, id string) (*hiregate.Application, error)
	UpdateApplication(ctx context.Context, id string, r hiregate.UpdateApplicationRequest) (*hiregate.Application, error)
	AddNote(ctx context.Context, appID, body string) (*hiregate.Note, error)
	Notes(ctx context.Context, appID string, f hiregate.NoteFilter) (*hiregate.List[hiregate.Note], error)
	DownloadResume(ctx context.Context, applicationID string) (*client.ResumeFile, error)
	messages.API
	ApplicationInterviews(ctx context.Context, applicationID string) (*hiregate.List[hiregate.Interview], error)
	ApplicationFeedback(ctx context.Context, applicationID string) (*hiregate.ApplicationFeedback, error)
	InterviewCalendar(ctx context.Context, id string) ([]byte, error)
	CancelInterview(ctx context.Context, id string) (*hiregate.Interview, error)
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
	// pane is the conversation with the candidate; its draft outlives
	// closing it.
	pane *messages.Pane
	// interviews are the application's, earliest first; feedback its
	// scorecard summary, nil when the user may not see it (yet).
	interviews []hiregate.Interview
	feedback   *hiregate.ApplicationFeedback
	// act is the interview action waiting for picking to choose one of
	// options; ivChoice is the one selected.
	act      ivAction
	options  []hiregate.Interview
	ivChoice int
	// ics is the interview whose calendar file is being saved.
	ics hiregate.Interview
	// ask asks before cancelling an interview.
	ask confirm.Confirm
}

// ivAction is something done to one interview.
type ivAction int

const (
	actMove ivAction = iota
	actCancel
	actCalendar
	actFeedback
)

type loadedMsg struct {
	app        *hiregate.Application
	notes      []hiregate.Note
	moreNotes  bool
	interviews []hiregate.Interview
	feedback   *hiregate.ApplicationFeedback
	err        error
}

type cancelledMsg struct {
	iv  *hiregate.Interview
	err error
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
	return &Model{c: c, api: api, id: id, vp: scroll.New(), text: scroll.New(), mover: stagemove.New(c, api),
		pane: messages.New(c, api, id)}
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
	if e.Type == hiregate.EventMessageCreated {
		return false // the pane's
	}
	if live.AboutApplication(m.id)(e) {
		return true
	}
	return m.app != nil && e.Type == hiregate.EventJobUpdated && e.Data.JobID == m.app.Job.ID
}

// recruiter reports whether the user works the application: the job's
// owner or team recruiter, or an admin (the server shows it to no other
// recruiter).
func (m *Model) recruiter() bool {
	r := m.c.Role()
	return r == hiregate.RoleRecruiter || r == hiregate.RoleAdmin
}

// interviewer reports whether the user only interviews: the application
// is read-only to them, and notes are not theirs to see.
func (m *Model) interviewer() bool { return m.c.Role() == hiregate.RoleInterviewer }

func (m *Model) candidate() bool { return m.c.Role() == hiregate.RoleCandidate }

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
	withFeedback := !m.candidate()
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		a, err := m.api.Application(ctx, m.id)
		if err != nil {
			return loadedMsg{err: err}, err
		}
		var ivs []hiregate.Interview
		l, err := m.api.ApplicationInterviews(ctx, m.id)
		switch {
		case err == nil:
			ivs = l.Items
			if withFeedback {
				// Staff plan around overlaps; a candidate has no use
				// for the interviewers' calendars.
				interview.Overlaps(ivs)
			}
		case hiregate.ErrorCode(err) == hiregate.ENOTFOUND:
			// The application loaded, so this is a server without
			// interviews: the rest of the screen still works.
		default:
			return loadedMsg{err: err}, err
		}
		var fb *hiregate.ApplicationFeedback
		if withFeedback {
			fb, err = m.api.ApplicationFeedback(ctx, m.id)
			switch hiregate.ErrorCode(err) {
			case hiregate.ENOTFOUND, hiregate.EFORBIDDEN:
				// An interviewer sees the others' feedback only once
				// they have sent their own.
				fb, err = nil, nil
			}
			if err != nil {
				return loadedMsg{err: err}, err
			}
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
		return loadedMsg{app: a, notes: notes, moreNotes: more, interviews: ivs, feedback: fb}, nil
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Application" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool {
	return m.mode == noting || m.mode == saving || m.mode == messaging || m.mode == calendar
}

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.mode != viewing || m.mover.Active() || m.ask.Active() }

// Unsaved implements ui.Unsaved: a note or a message typed and not sent.
func (m *Model) Unsaved() bool {
	return m.pane.Draft() || m.mode == noting && m.note != nil && strings.TrimSpace(m.note.Field("body").Value()) != ""
}

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.vp.SetSize(w, h)
	m.text.SetSize(w, h)
	m.pane.SetSize(w, h)
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
		m.interviews, m.feedback = msg.interviews, msg.feedback
		if m.mode == picking {
			// The choice was among the interviews as they were.
			m.options = m.eligible(m.act)
			if len(m.options) == 0 {
				m.mode = viewing
			}
			m.ivChoice = min(m.ivChoice, max(0, len(m.options)-1))
		}
		m.render()
		if again {
			return m.fetch()
		}
	case live.EventsMsg:
		var cmd tea.Cmd
		if m.mode == messaging {
			cmd = m.pane.Update(msg)
		}
		if msg.Any(m.touchedBy) && m.events.Want() {
			return tea.Batch(cmd, m.fetch())
		}
		return cmd
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
		return ui.Flash(stagemove.Done(msg.App), false)
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
	case cancelledMsg:
		m.busy = false
		if m.c.Fail(&m.err, msg.err) {
			return m.fetch()
		}
		m.render()
		return tea.Batch(m.fetch(), ui.Flash("Interview cancelled: the candidate and the interviewers are told", false))
	case savedMsg:
		m.busy = false
		if msg.err != nil || msg.fail != "" {
			m.save.Field("path").Err = msg.fail
			if msg.err != nil {
				m.save.Field("path").Err = m.c.ErrorText(msg.err)
			}
			return nil
		}
		flash := "Resume saved to " + msg.path
		if m.mode == calendar {
			// The whole path, to import it from: it fits 80 columns
			// only in few words.
			flash = "Saved " + msg.path
		}
		m.mode, m.save = viewing, nil
		return ui.Flash(flash, false)
	case ui.RefreshMsg:
		if m.mode != viewing {
			// A reconnect, not a return: typing goes on meanwhile.
			return m.fetch()
		}
		return m.load()
	case tea.KeyMsg:
		if m.mode == messaging {
			// Typing goes on while the application reloads.
			if key.Matches(msg, k.Back) {
				m.mode = viewing
				m.pane.Close()
				return nil
			}
			return m.pane.Update(msg)
		}
		if m.busy || m.mover.Moving() {
			return nil
		}
		if m.mover.Active() {
			return m.mover.Update(msg)
		}
		if m.leave.Active() {
			return m.leave.Update(msg, k)
		}
		if m.ask.Active() {
			return m.ask.Update(msg, k)
		}
		switch m.mode {
		case picking:
			return m.updatePicking(msg)
		case calendar:
			return m.updateSaving(msg)
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
		// The pane's own answers, and the cursor's blink.
		return m.pane.Update(msg)
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
	case key.Matches(msg, k.Messages):
		m.mode = messaging
		return m.pane.Open()
	case m.recruiter() && key.Matches(msg, k.Note):
		m.note = form.New(form.Area("body", "Note (only recruiters and admins see it)", hiregate.MaxNoteLen))
		m.note.SetSize(m.w, min(m.h-2, 12))
		m.mode = noting
		return m.note.Focus(0)
	case m.recruiter() && key.Matches(msg, k.Schedule):
		if a.Status.Final() {
			m.err = "Application is " + string(a.Status) + ": no more interviews"
			return nil
		}
		return ui.Open(ui.PageSchedule, m.id)
	case m.recruiter() && key.Matches(msg, k.MoveInterview):
		return m.pick(actMove)
	case m.recruiter() && key.Matches(msg, k.CancelInterview):
		return m.pick(actCancel)
	case m.interviewer() && key.Matches(msg, k.Feedback):
		return m.pick(actFeedback)
	case key.Matches(msg, k.Calendar):
		return m.pick(actCalendar)
	case m.candidate() && key.Matches(msg, k.Withdraw):
		m.err = m.mover.Ask(a, hiregate.StageWithdrawn)
	case key.Matches(msg, k.ViewText):
		m.text.SetContent(lipgloss.NewStyle().Width(max(20, m.w-2)).Render(a.ResumeText))
		m.text.GotoTop()
		m.mode = reading
	case a.Resume != nil && key.Matches(msg, k.SaveFile):
		m.mode = saving
		return m.askPath(a.Resume.Filename)
	default:
		return m.vp.Update(msg, m.c.Keys)
	}
	return nil
}

// askPath opens the form that asks where to save a file, name first.
func (m *Model) askPath(name string) tea.Cmd {
	m.save = form.New(form.Text("path", "Save to", 4096))
	m.save.EnterSubmits = true
	m.save.Field("path").SetValue(name)
	m.save.SetSize(m.w, 4)
	return m.save.Focus(0)
}

// eligible lists the interviews action act can be done to.
func (m *Model) eligible(act ivAction) []hiregate.Interview {
	var out []hiregate.Interview
	for _, iv := range m.interviews {
		switch {
		case act == actCalendar:
		case iv.Status != hiregate.InterviewScheduled:
			continue
		case act == actFeedback && !m.assigned(&iv):
			continue
		}
		out = append(out, iv)
	}
	return out
}

// assigned reports whether the signed-in user interviews at iv.
func (m *Model) assigned(iv *hiregate.Interview) bool {
	for _, p := range iv.Interviewers {
		if m.c.User != nil && p.ID == m.c.User.ID {
			return true
		}
	}
	return false
}

// pick does act to the one interview it can be done to, or asks which
// when there are several.
func (m *Model) pick(act ivAction) tea.Cmd {
	opts := m.eligible(act)
	switch len(opts) {
	case 0:
		m.err = "No scheduled interview to do that to"
		if act == actCalendar {
			m.err = "No interview yet"
		}
		return nil
	case 1:
		return m.do(act, opts[0])
	}
	m.mode, m.act, m.options, m.ivChoice = picking, act, opts, 0
	// The next one coming, rather than the first ever.
	for i, iv := range opts {
		if iv.EndsAt().After(m.c.Now()) {
			m.ivChoice = i
			break
		}
	}
	return nil
}

func (m *Model) updatePicking(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case choice.Cycle(&m.ivChoice, len(m.options), msg, k):
	case key.Matches(msg, k.Back):
		m.mode = viewing
	case key.Matches(msg, k.Open):
		m.mode = viewing
		return m.do(m.act, m.options[m.ivChoice])
	}
	return nil
}

// do does act to iv.
func (m *Model) do(act ivAction, iv hiregate.Interview) tea.Cmd {
	m.err = ""
	switch act {
	case actMove:
		return func() tea.Msg { return ui.OpenMsg{Page: ui.PageSchedule, ID: m.id, Interview: &iv} }
	case actFeedback:
		return ui.Open(ui.PageFeedback, iv.ID)
	case actCancel:
		m.ask.Ask(fmt.Sprintf("Cancel the interview of %s? Everyone invited is told.", interview.Short(m.c, &iv)), func() tea.Cmd {
			m.busy = true
			return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
				c, err := m.api.CancelInterview(ctx, iv.ID)
				return cancelledMsg{c, err}, err
			})
		})
		return nil
	}
	m.ics, m.mode = iv, calendar
	return m.askPath(interview.FileName(m.c, &iv))
}

func (m *Model) updateChoosing(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case choice.Cycle(&m.choice, len(m.stages), msg, k):
	case key.Matches(msg, k.Back):
		m.mode = viewing
	case key.Matches(msg, k.Open) || key.Matches(msg, k.Yes):
		// m y moves to the next stage here as on the board: the line
		// being answered names who and where, so it is the only question.
		m.mode = viewing
		cmd, why := m.mover.Chosen(m.app, m.stages[m.choice])
		m.err = why
		return cmd
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
	if m.mode == calendar {
		id := m.ics.ID
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
	case !m.candidate():
		who := a.Candidate.FullName
		if a.Candidate.Email != "" {
			who += " <" + a.Candidate.Email + ">"
		}
		b.WriteString(who + "\n")
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
		if h.Reason != "" {
			line += " · " + h.Reason.Label()
		}
		b.WriteString(line + "\n")
	}
	m.renderInterviews(&b)
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
	case messaging:
		return m.pane.View()
	case noting:
		return confirm.Head(s, m.w, &m.leave, "", s.Title.Render("Add a note")) + "\n" + m.note.View(s)
	case reading:
		name := "Resume text"
		if m.app.Resume != nil {
			name += " of " + m.app.Resume.Filename
		}
		return m.text.Under(s.Title.Render(name)+"  "+m.text.Percent(s), true)
	case calendar:
		head := s.Title.Render("Save the calendar file of the interview " + interview.Short(m.c, &m.ics))
		if m.busy {
			head += s.Subtle.Render("  saving…")
		}
		return head + "\n" + m.save.View(s)
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
		top, err = "Move "+m.app.Candidate.FullName+" to: "+choice.Options(s, opts, m.choice, true), ""
	case m.mode == picking:
		opts := make([]string, len(m.options))
		for i := range m.options {
			opts[i] = interview.Short(m.c, &m.options[i])
		}
		top, err = "Which interview: "+choice.Options(s, opts, m.ivChoice, true), ""
	case m.app == nil:
		top = s.Subtle.Render("Loading…")
	case m.busy || m.mover.Moving():
		top = s.Subtle.Render("Working…")
	default:
		top = m.vp.Percent(s)
	}
	q := m.mover.Confirm()
	if m.ask.Active() {
		q = &m.ask
	}
	return m.vp.Under(confirm.Head(s, m.w, q, err, top), m.app != nil)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.mover.Active():
		return m.mover.KeyBindings()
	case m.ask.Active():
		return m.ask.KeyBindings(k)
	case m.mode == choosing:
		return []key.Binding{keys.With(k.Yes, "move"), keys.With(k.Right, "other stage"), keys.With(k.Back, "cancel")}
	case m.mode == picking:
		return []key.Binding{keys.With(k.Right, "next"), keys.With(k.Open, "choose"), keys.With(k.Back, "cancel")}
	case m.leave.Active():
		return m.leave.KeyBindings(k)
	case m.mode == noting:
		return []key.Binding{keys.With(k.SubmitAlt, "save note"), keys.With(k.Back, "cancel")}
	case m.mode == saving, m.mode == calendar:
		return []key.Binding{k.Complete, keys.With(k.Submit, "save"), keys.With(k.Back, "cancel")}
	case m.mode == reading:
		return []key.Binding{keys.With(k.Down, "scroll"), keys.With(k.Back, "close")}
	case m.mode == messaging:
		return m.pane.KeyBindings()
	}
	file := []key.Binding{k.ViewText}
	if m.app != nil && m.app.Resume != nil {
		file = append(file, k.SaveFile)
	}
	// A final application (hired, rejected, withdrawn) moves no more: its
	// moves are not offered.
	movable := m.app != nil && !m.app.Status.Final()
	var b []key.Binding
	scheduled := m.scheduled()
	switch {
	case m.recruiter() && movable:
		// Short words: the actions on the application fit 80 columns.
		b = []key.Binding{keys.With(k.Move, "move"), k.Reject, keys.With(k.Schedule, "interview"), k.Messages, keys.With(k.Note, "note")}
	case m.recruiter():
		b = []key.Binding{k.Messages, keys.With(k.Note, "note")}
	case m.interviewer():
		if m.hasInterviewFor() {
			b = []key.Binding{k.Feedback}
		}
	case movable:
		b = []key.Binding{k.Withdraw, k.Messages}
	default:
		b = []key.Binding{k.Messages}
	}
	if m.recruiter() && scheduled {
		b = append(b, keys.With(k.MoveInterview, "move int."), keys.With(k.CancelInterview, "cancel int."))
	}
	if len(m.interviews) > 0 {
		b = append(b, k.Calendar)
	}
	b = append(b, file...)
	return append(b, keys.With(k.Down, "scroll"))
}

// scheduled reports whether an interview of the application is still on.
func (m *Model) scheduled() bool {
	for _, iv := range m.interviews {
		if iv.Status == hiregate.InterviewScheduled {
			return true
		}
	}
	return false
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), scroll.Keys(k)}
}
