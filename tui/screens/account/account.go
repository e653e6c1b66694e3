// Package account is where users take their data with them: save
// everything the server stores about them as JSON, and (candidates) erase
// their account, after typing their password and answering y. It also
// holds the mail settings: whether candidates get notifications by mail,
// and the way to verify an address that is not yet.
package account

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/localfile"
	"github.com/hiregate/hiregate/tui/pathcomplete"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
	"github.com/hiregate/hiregate/tui/widgets/form"
)

// DefaultExportFile is where the export is saved unless the user says
// otherwise.
const DefaultExportFile = "hiregate-export.json"

// API is the part of the hiregate client this screen calls.
type API interface {
	Export(ctx context.Context) ([]byte, *hiregate.Export, error)
	EraseAccount(ctx context.Context, currentPassword string) error
	UpdateMe(ctx context.Context, req hiregate.UpdateMeRequest) (*hiregate.User, error)
}

// Model is the account screen.
type Model struct {
	c    *ui.Context
	api  API
	form *form.Form
	ask  confirm.Confirm
	busy bool
	w, h int
}

type exportedMsg struct {
	path string
	n    int // applications in the export
	err  error
	fail string // the file could not be written
}

// notifyMsg is the answer to turning notifications on or off.
type notifyMsg struct {
	u   *hiregate.User
	err error
}

// erasedMsg is a refused erasure; a done one answers ui.LoggedOutMsg.
type erasedMsg struct{ err error }

// New returns the account screen: the export path, and for candidates the
// password that erases the account.
func New(c *ui.Context, api API) *Model {
	fields := []*form.Field{form.Text("export", "Save export to", 4096)}
	if c.Role() == hiregate.RoleCandidate {
		fields = append(fields, form.Password("current_password", "Password to erase"))
	}
	f := form.New(fields...)
	f.Field("export").SetValue(DefaultExportFile)
	return &Model{c: c, api: api, form: f}
}

func (m *Model) candidate() bool { return m.c.Role() == hiregate.RoleCandidate }

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.form.Focus(0) }

// Title implements ui.Component.
func (m *Model) Title() string { return "Your data" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return !m.ask.Active() }

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.ask.Active() }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h; m.form.SetSize(min(w, 80), 6) }

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case exportedMsg:
		m.busy = false
		fl := m.form.Field("export")
		switch {
		case msg.err != nil:
			fl.Err = m.c.ErrorText(msg.err)
		case msg.fail != "":
			fl.Err = msg.fail
		default:
			return ui.Flash("Saved your data to "+absolute(msg.path), false)
		}
		return nil
	case notifyMsg:
		m.busy = false
		if msg.err != nil {
			m.form.SetError(m.c, msg.err)
			return nil
		}
		if m.c.User != nil {
			m.c.User.NotifyEmail = msg.u.NotifyEmail
		}
		return ui.Flash("Notifications by email: "+onOff(msg.u.NotifyEmail), false)
	case erasedMsg:
		m.busy = false
		m.form.SetError(m.c, msg.err)
		if hiregate.ErrorCode(msg.err) == hiregate.EINVALID {
			m.form.Field("current_password").Err = "wrong password"
		}
		return nil
	case tea.KeyMsg:
		if m.busy {
			return nil
		}
		if m.ask.Active() {
			return m.ask.Update(msg, k)
		}
		name := m.form.Fields[m.form.Focused()].Name
		switch {
		case key.Matches(msg, k.Notify) && m.candidate():
			return m.toggleNotify()
		case key.Matches(msg, k.Verify) && m.unverified():
			return func() tea.Msg { return ui.OpenMsg{Page: ui.PageVerify} }
		case name == "export" && key.Matches(msg, k.Complete) && complete(m.form.Field("export")):
			return nil
		case key.Matches(msg, k.Submit) || key.Matches(msg, k.SubmitAlt):
			m.form.ClearErrors()
			if name == "export" {
				return m.export()
			}
			return m.erase()
		}
	}
	cmd, _ := m.form.Update(msg, k)
	return cmd
}

// complete completes a path field the way a shell does on tab, and
// reports whether there was anything to complete (else tab moves on).
func complete(fl *form.Field) bool {
	done, options, ok := pathcomplete.Tab(fl.Value())
	if !ok {
		return false
	}
	fl.SetValue(done)
	fl.Err = strings.Join(options, "  ")
	return true
}

func (m *Model) unverified() bool { return m.c.User != nil && !m.c.User.EmailVerified }

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func (m *Model) toggleNotify() tea.Cmd {
	if m.c.User == nil {
		return nil
	}
	want := !m.c.User.NotifyEmail
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		u, err := m.api.UpdateMe(ctx, hiregate.UpdateMeRequest{NotifyEmail: &want})
		return notifyMsg{u, err}, err
	})
}

// settings says the mail settings, each with its key.
func (m *Model) settings() string {
	u, s := m.c.User, m.c.Styles
	if u == nil {
		return ""
	}
	line := "Email: " + u.Email + ", verified"
	if !u.EmailVerified {
		line = "Email: " + u.Email + ", not verified (ctrl+y to verify)"
	}
	if m.candidate() {
		line += "\nNotifications by email: " + onOff(u.NotifyEmail) + " (ctrl+t to turn " + onOff(!u.NotifyEmail) + ")"
		if !u.EmailVerified {
			line += "\n" + s.Subtle.Render("Notifications go to verified addresses only.")
		}
	}
	return line
}

func (m *Model) export() tea.Cmd {
	path := strings.TrimSpace(m.form.Field("export").Value())
	if path == "" {
		m.form.Field("export").Err = "type a file name"
		return nil
	}
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		raw, e, err := m.api.Export(ctx)
		if err != nil {
			return exportedMsg{err: err}, err
		}
		if err := localfile.Save(path, raw); err != nil {
			return exportedMsg{fail: err.Error()}, nil
		}
		return exportedMsg{path: path, n: len(e.Applications)}, nil
	})
}

func (m *Model) erase() tea.Cmd {
	pw := m.form.Field("current_password").Value()
	if pw == "" {
		m.form.Field("current_password").Err = "type your password to erase your account"
		return nil
	}
	m.ask.Ask("Erase your account for good? This cannot be undone.", func() tea.Cmd {
		m.busy = true
		return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
			if err := m.api.EraseAccount(ctx, pw); err != nil {
				return erasedMsg{err}, err
			}
			// The root model ends the session on this answer.
			return ui.LoggedOutMsg{Notice: "Your account was erased", Forget: true}, nil
		})
	})
	return nil
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	intro := "Everything hiregate stores about you, as one JSON file: your account, sessions, applications and their history."
	if m.candidate() {
		intro += "\nErasing your account removes your name, email, cover letters and resumes; the recruiters keep only that someone applied."
	}
	wrap := lipgloss.NewStyle().Width(max(20, min(m.w, 80)-2))
	head := wrap.Render(confirm.Head(s, m.w, &m.ask, "", s.Subtle.Render(intro)))
	if m.busy {
		head += "\n" + s.Subtle.Render("Working…")
	}
	return head + "\n\n" + wrap.Render(m.settings()) + "\n\n" + m.form.View(s)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.ask.Active() {
		return m.ask.KeyBindings(k)
	}
	b := []key.Binding{k.NextField}
	if m.form.Fields[m.form.Focused()].Name == "export" {
		b = append(b, keys.With(k.Submit, "save export"), k.Complete)
	} else {
		b = append(b, keys.With(k.Submit, "erase account"))
	}
	if m.candidate() {
		b = append(b, keys.With(k.Notify, "mail on/off"))
	}
	if m.unverified() {
		b = append(b, k.Verify)
	}
	return b
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// absolute is path as the user can find it again: a bare file name says
// nothing about the directory the client was started in.
func absolute(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}
