// Package apply is the form a candidate applies to a job with.
package apply

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/localfile"
	"github.com/hiregate/hiregate/tui/pathcomplete"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/form"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	Job(ctx context.Context, id string) (*hiregate.Job, error)
	Apply(ctx context.Context, jobID string, req hiregate.CreateApplicationRequest) (*hiregate.Application, error)
	MyApplications(ctx context.Context, f hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error)
	ApplyWithResume(ctx context.Context, jobID, coverLetter, filename, contentType string, data []byte) (*hiregate.Application, error)
}

// Model is the application form.
type Model struct {
	c     *ui.Context
	api   API
	jobID string
	job   *hiregate.Job
	form  *form.Form
	busy  bool
	err   string
	w, h  int
	// applied is the candidate's earlier application to the job: then
	// there is no form to fill in, only the news.
	applied *hiregate.Application
}

type jobMsg struct {
	job     *hiregate.Job
	applied *hiregate.Application
	err     error
}

type sentMsg struct{ err error }

// New returns the form to apply to job jobID.
func New(c *ui.Context, api API, jobID string) *Model {
	f := form.New(
		form.Area("cover_letter", "Cover letter", hiregate.MaxCoverLetterLen),
		form.Area("resume_text", "Resume", hiregate.MaxResumeLen),
		form.Text("resume", "Resume file", 4096),
	)
	f.Field("cover_letter").Area.Placeholder = "Why this job, why you (optional)"
	f.Field("resume_text").Area.Placeholder = "Type or paste your resume, or attach a file below"
	f.Field("resume").Input.Placeholder = ".pdf, .txt or .md (tab completes); sent as your resume"
	return &Model{c: c, api: api, jobID: jobID, form: f}
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.form.Focus(0), m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		j, err := m.api.Job(ctx, m.jobID)
		if err != nil {
			return jobMsg{err: err}, err
		}
		// One application per job: learn now, not after a cover letter.
		l, err := m.api.MyApplications(ctx, hiregate.ApplicationFilter{Limit: hiregate.MaxPageLimit})
		if err != nil {
			return jobMsg{job: j, err: err}, err
		}
		for i := range l.Items {
			if l.Items[i].Job.ID == m.jobID {
				return jobMsg{job: j, applied: &l.Items[i]}, nil
			}
		}
		return jobMsg{job: j}, nil
	}))
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Apply" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return m.applied == nil }

// Unsaved implements ui.Unsaved.
func (m *Model) Unsaved() bool { return m.form.Changed() }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.form.SetSize(w, h-2)
}

// ReadResume reads a resume from a text file, refusing what the server
// would refuse anyway: too long, or not UTF-8 text.
func ReadResume(path string) (string, error) {
	path = strings.TrimSpace(path)
	if strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", errors.New("no such file")
		}
		return "", fmt.Errorf("cannot open: %w", errors.Unwrap(err))
	}
	defer f.Close()
	// Four bytes per character is the most UTF-8 needs.
	b, err := io.ReadAll(io.LimitReader(f, 4*hiregate.MaxResumeLen+1))
	if err != nil {
		return "", fmt.Errorf("cannot read: %w", errors.Unwrap(err))
	}
	switch {
	case !utf8.Valid(b):
		return "", errors.New("not a UTF-8 text file")
	case utf8.RuneCount(b) > hiregate.MaxResumeLen:
		return "", fmt.Errorf("longer than %d characters", hiregate.MaxResumeLen)
	}
	return string(b), nil
}

func (m *Model) loadFile() bool {
	fl := m.form.Field("resume")
	fl.Err = ""
	if strings.TrimSpace(fl.Value()) == "" {
		fl.Err = "type a file path first"
		return false
	}
	text, err := ReadResume(fl.Value())
	if err != nil {
		fl.Err = err.Error()
		return false
	}
	m.form.Field("resume_text").SetValue(text)
	return true
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case jobMsg:
		if msg.err != nil {
			m.err = m.c.ErrorText(msg.err)
		}
		if msg.job != nil {
			m.job = msg.job
		}
		m.applied = msg.applied
		return nil
	case sentMsg:
		m.busy = false
		if msg.err != nil {
			m.form.SetError(m.c, msg.err)
			m.SetSize(m.w, m.h)
			return nil
		}
		return ui.Back("Application sent")
	case tea.KeyMsg:
		if m.busy || m.applied != nil {
			return nil
		}
		if fl := m.form.Field("resume"); m.form.Focused() == len(m.form.Fields)-1 && key.Matches(msg, m.c.Keys.Complete) {
			// Tab completes like a shell's; with nothing to complete it
			// moves on as in every form.
			if done, options, ok := pathcomplete.Tab(fl.Value()); ok {
				fl.SetValue(done)
				fl.Err = strings.Join(options, "  ")
				m.SetSize(m.w, m.h)
				return nil
			}
		}
		if key.Matches(msg, m.c.Keys.LoadFile) {
			if m.loadFile() {
				return ui.Flash("Resume loaded from file", false)
			}
			m.SetSize(m.w, m.h)
			return nil
		}
	}
	cmd, submit := m.form.Update(msg, m.c.Keys)
	if submit {
		return m.submit()
	}
	return cmd
}

// submit sends the application: with the file when a path is given (its
// text, extracted by the server, becomes the resume), else with the text.
func (m *Model) submit() tea.Cmd {
	m.form.ClearErrors()
	req := hiregate.CreateApplicationRequest{
		CoverLetter: m.form.Field("cover_letter").Value(),
		ResumeText:  m.form.Field("resume_text").Value(),
	}
	path := strings.TrimSpace(m.form.Field("resume").Value())
	var file *localfile.File
	if path != "" {
		var err error
		if file, err = localfile.Read(path); err != nil {
			m.form.Field("resume").Err = err.Error()
			m.SetSize(m.w, m.h)
			return nil
		}
		req.ResumeText = ""
	}
	if err := req.Validate(); err != nil {
		m.form.SetFieldErrors(ui.FieldErrors(err))
		m.SetSize(m.w, m.h)
		return nil
	}
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		var err error
		if file != nil {
			_, err = m.api.ApplyWithResume(ctx, m.jobID, req.CoverLetter, file.Name, file.ContentType, file.Data)
		} else {
			_, err = m.api.Apply(ctx, m.jobID, req)
		}
		return sentMsg{err}, err
	})
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	head := "Applying"
	if m.job != nil {
		head = "Applying to " + s.Title.Render(m.job.Title)
	}
	switch {
	case m.applied != nil:
		a := m.applied
		return head + "\n\n" + s.Success.Render("You applied to this job on "+m.c.Date(a.CreatedAt)+" — status ") + s.StageText(string(a.Status)) +
			"\n" + s.Subtle.Render("One application per job: esc goes back.")
	case m.err != "":
		head = s.Error.Render(m.err)
	case m.busy:
		head += s.Subtle.Render("  sending…")
	}
	return head + "\n\n" + m.form.View(s)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.applied != nil {
		return nil // esc back, from the root
	}
	fk := m.form.KeyBindings(k)
	// Send, then the file, then moving between fields.
	b := append([]key.Binding{keys.With(fk[0], "send"), k.LoadFile}, fk[1:]...)
	if m.form.Focused() == len(m.form.Fields)-1 {
		b = append(b, k.Complete)
	}
	return b
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
