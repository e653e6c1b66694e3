// Package password is the form to change the signed-in user's password.
package password

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/form"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	ChangePassword(ctx context.Context, req hiregate.ChangePasswordRequest) error
}

// Model is the change-password form.
type Model struct {
	c    *ui.Context
	api  API
	form *form.Form
	busy bool
	w, h int
}

type changedMsg struct{ err error }

// New returns the form.
func New(c *ui.Context, api API) *Model {
	return &Model{c: c, api: api, form: form.New(
		form.Password("current_password", "Current password"),
		form.Password("new_password", "New password"),
		form.Password("confirm", "Repeat new password"),
	)}
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.form.Focus(0) }

// Title implements ui.Component.
func (m *Model) Title() string { return "Change password" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return true }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h; m.form.SetSize(min(w, 70), h-2) }

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case changedMsg:
		m.busy = false
		if msg.err != nil {
			m.form.SetError(m.c, msg.err)
			if hiregate.ErrorCode(msg.err) == hiregate.EUNAUTHORIZED || hiregate.ErrorCode(msg.err) == hiregate.EFORBIDDEN {
				m.form.Field("current_password").Err = "wrong password"
			}
			return nil
		}
		return ui.Back("Password changed; your other sessions were signed out")
	case tea.KeyMsg:
		if m.busy {
			return nil
		}
	}
	cmd, submit := m.form.Update(msg, m.c.Keys)
	if !submit {
		return cmd
	}
	m.form.ClearErrors()
	req := hiregate.ChangePasswordRequest{
		CurrentPassword: m.form.Field("current_password").Value(),
		NewPassword:     m.form.Field("new_password").Value(),
	}
	errs := map[string]string{}
	if err := req.Validate(); err != nil {
		errs = ui.FieldErrors(err)
	}
	if m.form.Field("confirm").Value() != req.NewPassword {
		errs["confirm"] = "does not match the new password"
	}
	if len(errs) > 0 {
		m.form.SetFieldErrors(errs)
		return nil
	}
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		err := m.api.ChangePassword(ctx, req)
		return changedMsg{err}, err
	})
}

// View implements ui.Component.
func (m *Model) View() string {
	return m.form.Page(m.c.Styles, "Your other sessions are signed out when the password changes.", m.busy)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{k.NextField, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next/save"))}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
