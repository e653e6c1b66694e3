// Package verify is where a user types the code mailed to their address
// to verify it, and asks for another when it did not come.
package verify

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/form"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	VerifyEmail(ctx context.Context, code string) error
	ResendVerification(ctx context.Context) error
}

// Model is the verification form.
type Model struct {
	c      *ui.Context
	api    API
	form   *form.Form
	notice string
	busy   bool
	width  int
}

type verifiedMsg struct{ err error }

type resentMsg struct{ err error }

// New returns the form. fresh says the account was just registered, so
// the code is already on its way.
func New(c *ui.Context, api API, fresh bool) *Model {
	f := form.New(form.Text("code", "Code", hiregate.MaxCodeInputLen).WithPlaceholder("XXXX-XXXX"))
	m := &Model{c: c, api: api, form: f}
	if fresh {
		m.notice = "Check your mail for a code"
	}
	return m
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.form.Focus(0) }

// Title implements ui.Component.
func (m *Model) Title() string { return "Verify your email" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return true }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.width = min(w, 78); m.form.SetSize(min(w, 70), h-4) }

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case verifiedMsg:
		m.busy = false
		if msg.err != nil {
			m.form.SetError(m.c, msg.err)
			if he, ok := msg.err.(*hiregate.Error); ok && he.OAuth == hiregate.ErrorInvalidCode {
				m.form.Err = ""
				m.form.Field("code").Err = "wrong or expired code: check it, or press ctrl+r for a new one"
			}
			return nil
		}
		if m.c.User != nil {
			m.c.User.EmailVerified = true
		}
		return ui.Back("Email address verified")
	case resentMsg:
		m.busy = false
		m.form.ClearErrors()
		if msg.err != nil {
			m.notice = ""
			m.form.Err = m.c.ErrorText(msg.err)
			return nil
		}
		m.notice = "A new code is on its way; the old one no longer works"
		return nil
	case tea.KeyMsg:
		if m.busy {
			return nil
		}
		if key.Matches(msg, m.c.Keys.Resend) {
			m.busy = true
			return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
				err := m.api.ResendVerification(ctx)
				return resentMsg{err}, err
			})
		}
	}
	cmd, submit := m.form.Update(msg, m.c.Keys)
	if !submit {
		return cmd
	}
	m.form.ClearErrors()
	code, ok := hiregate.ParseOneTimeCode(m.form.Field("code").Value())
	if !ok {
		m.form.Field("code").Err = "8 letters and digits, like ABCD-1234"
		return nil
	}
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		err := m.api.VerifyEmail(ctx, code)
		return verifiedMsg{err}, err
	})
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	intro := "Type the code we mailed you. Without a verified address you get no mail about your applications."
	if m.c.User != nil {
		intro = "Type the code we mailed to " + m.c.User.Email + ". Without a verified address you get no mail about your applications."
	}
	intro = lipgloss.NewStyle().Width(max(20, m.width)).Render(s.Subtle.Render(intro))
	if m.notice != "" {
		intro = s.Confirm.Render(m.notice) + "\n" + intro
	}
	if m.busy {
		intro += "\n" + s.Subtle.Render("Contacting the server…")
	}
	return intro + "\n\n" + m.form.View(s)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{keys.With(k.Submit, "verify"), k.Resend, keys.With(k.Back, "later")}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
