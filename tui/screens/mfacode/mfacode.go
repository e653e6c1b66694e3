// Package mfacode is the second step of signing in: after the server
// accepted the password of an account with a second factor, it asks for the
// code of the authenticator app (or a recovery code) and finishes the login
// with the mfa_token the server handed out.
package mfacode

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/ui"
)

// Prompt is the line that asks for the code.
const Prompt = "Enter the 6-digit code from your authenticator app"

// API is what this screen calls.
type API interface {
	// LoginMFA finishes the login; the client keeps the tokens.
	LoginMFA(ctx context.Context, mfaToken, code string) (*hiregate.TokenResponse, error)
	Me(ctx context.Context) (*hiregate.User, error)
}

// Model is the code prompt.
type Model struct {
	c     *ui.Context
	api   API
	email string
	token string
	input textinput.Model
	err   string
	busy  bool
	w, h  int
}

type failedMsg struct{ err error }

// New returns the prompt for email's login, which the server answered
// with mfaToken. The token stays in memory only.
func New(c *ui.Context, api API, email, mfaToken string) *Model {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = "123456"
	in.CharLimit = hiregate.MaxCodeInputLen
	in.Width = 24
	return &Model{c: c, api: api, email: email, token: mfaToken, input: in}
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.input.Focus() }

// Title implements ui.Component.
func (m *Model) Title() string { return "Sign in: second factor" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return true }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case failedMsg:
		m.busy = false
		return m.failed(msg.err)
	case tea.KeyMsg:
		if m.busy {
			return nil
		}
		if key.Matches(msg, m.c.Keys.Submit) {
			return m.submit()
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

func (m *Model) submit() tea.Cmd {
	kind, code := hiregate.ParseCode(m.input.Value())
	if kind == hiregate.CodeInvalid {
		m.err = "Type the 6 digits your app shows, or a recovery code like abcd-efgh-ijkl-mnop"
		return nil
	}
	m.err = ""
	m.busy = true
	return m.c.CallAnon(func(ctx context.Context) (tea.Msg, error) {
		tr, err := m.api.LoginMFA(ctx, m.token, code)
		if err != nil {
			return failedMsg{err}, err
		}
		u, err := m.api.Me(ctx)
		if err != nil {
			return failedMsg{err}, err
		}
		in := ui.LoggedInMsg{User: u}
		if tr.RecoveryCodesLeft != nil {
			in.Notice, in.Warn = RecoveryNotice(*tr.RecoveryCodesLeft)
		}
		return in, nil
	})
}

// failed explains a refused code. A dead mfa_token cannot be retried: the
// user goes back to the password.
func (m *Model) failed(err error) tea.Cmd {
	var he *hiregate.Error
	switch {
	case errors.As(err, &he) && he.Message == hiregate.MsgMFATokenInvalid:
		return func() tea.Msg { return ui.LoggedOutMsg{Notice: hiregate.MsgMFATokenInvalid} }
	case errors.As(err, &he) && he.OAuth == hiregate.OAuthInvalidGrant:
		m.err = "Wrong code. Codes change every 30 seconds and work once: type the one your app shows now"
		m.input.SetValue("")
	default:
		m.err = m.c.ErrorText(err)
	}
	return nil
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Two-step sign-in") + "\n")
	accepted := "Password accepted for " + m.email + "."
	if m.email == "" {
		// The SSH gateway signed in with a linked key: no email was typed.
		accepted = "SSH key accepted."
	}
	b.WriteString(s.Subtle.Render(accepted) + "\n\n")
	b.WriteString(s.LabelFocus.Render(Prompt) + "\n")
	b.WriteString(m.input.View() + "\n\n")
	b.WriteString(s.Subtle.Render("No phone at hand? Type one of your recovery codes instead.") + "\n")
	if m.err != "" {
		b.WriteString("\n" + s.Error.Render(m.err) + "\n")
	}
	if m.busy {
		b.WriteString("\n" + s.Subtle.Render("Checking the code…") + "\n")
	}
	// Width wraps long messages instead of cutting them off.
	return lipgloss.NewStyle().Padding(1, 2).Width(max(m.w, 20)).Render(b.String())
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	back := k.Back
	back.SetHelp("esc", "back to password")
	return []key.Binding{k.Submit, back}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// RecoveryNotice says how many recovery codes are left after one signed
// in, and warns (warn true) when few are.
func RecoveryNotice(n int) (text string, warn bool) {
	codes := "recovery codes"
	if n == 1 {
		codes = "recovery code"
	}
	text = fmt.Sprintf("Signed in with a recovery code: %d %s left", n, codes)
	if n <= hiregate.RecoveryCodesLow {
		// Turning the second factor off and on again is the way to new codes.
		return text + ". For new ones turn the second factor off and on again (Home → Second factor)", true
	}
	return text, false
}
