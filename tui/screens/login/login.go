// Package login is the sign-in screen, with a form to register as a
// candidate.
package login

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/form"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	Login(ctx context.Context, email, password string) (*hiregate.TokenResponse, error)
	Register(ctx context.Context, req hiregate.RegisterRequest) (*hiregate.User, error)
	Me(ctx context.Context) (*hiregate.User, error)
}

// Model is the login screen.
type Model struct {
	c        *ui.Context
	api      API
	login    *form.Form
	register *form.Form
	// registering shows the registration form instead of the login form.
	registering bool
	notice      string
	busy        bool
	width       int
	height      int
}

type failedMsg struct{ err error }

// mfaMsg says the password was right and the account has a second factor.
type mfaMsg struct{ email, token string }

// New returns the login screen; notice, when set, says why the user is
// here (session expired, signed out).
func New(c *ui.Context, api API, notice string) *Model {
	newPassword := fmt.Sprintf("at least %d characters", hiregate.MinPasswordLen)
	lf := form.New(
		form.Text("username", "Email", hiregate.MaxEmailLen).WithPlaceholder("you@example.com"),
		form.Password("password", "Password").WithPlaceholder("your password"),
	)
	lf.EnterSubmits = true
	rf := form.New(
		form.Text("full_name", "Full name", hiregate.MaxFullNameLen).WithPlaceholder("your name"),
		form.Text("email", "Email", hiregate.MaxEmailLen).WithPlaceholder("you@example.com"),
		form.Password("password", "Password").WithPlaceholder(newPassword),
		form.Password("confirm", "Repeat password").WithPlaceholder("the same again"),
	)
	rf.EnterSubmits = false
	return &Model{c: c, api: api, login: lf, register: rf, notice: notice}
}

// WithEmail fills in the email of the user whose session just ended, so
// signing in again is only the password away.
func (m *Model) WithEmail(email string) *Model {
	m.login.Field("username").SetValue(email)
	return m
}

func (m *Model) form() *form.Form {
	if m.registering {
		return m.register
	}
	return m.login
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd {
	if m.login.Field("username").Value() != "" {
		return m.login.Focus(1)
	}
	return m.login.Focus(0)
}

// Title implements ui.Component.
func (m *Model) Title() string {
	if m.registering {
		return "Register as a candidate"
	}
	return "Sign in"
}

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return true }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	fw := min(w, 70)
	m.login.SetSize(fw, h)
	m.register.SetSize(fw, h)
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case failedMsg:
		m.busy = false
		m.form().SetError(m.c, msg.err)
		if m.form() == m.login && hiregate.ErrorCode(msg.err) == hiregate.EUNAUTHORIZED {
			m.login.Err = "Wrong email or password (or the account is deactivated)"
		}
		return nil
	case mfaMsg:
		// The code prompt goes on top; esc there comes back here with
		// the password to type again.
		m.busy = false
		m.login.Field("password").SetValue("")
		return tea.Batch(m.login.Focus(1), func() tea.Msg { return ui.MFARequiredMsg{Email: msg.email, MFAToken: msg.token} })
	case registeredMsg:
		m.busy = false
		m.registering = false
		m.login.Field("username").SetValue(msg.email)
		m.login.Field("password").SetValue("")
		m.login.ClearErrors()
		m.notice = "Account created for " + msg.email + ": sign in"
		return m.login.Focus(1)
	case tea.KeyMsg:
		if m.busy {
			return nil
		}
		if key.Matches(msg, k.Register) {
			m.registering = !m.registering
			m.notice = ""
			return m.form().Focus(0)
		}
		if m.registering && key.Matches(msg, k.Back) {
			m.registering = false
			return m.login.Focus(0)
		}
	}
	cmd, submit := m.form().Update(msg, k)
	if submit {
		return m.submit()
	}
	return cmd
}

func (m *Model) submit() tea.Cmd {
	if m.registering {
		return m.submitRegister()
	}
	f := m.login
	f.ClearErrors()
	email := strings.TrimSpace(f.Field("username").Value())
	pw := f.Field("password").Value()
	if email == "" {
		f.Field("username").Err = "required"
	}
	if pw == "" {
		f.Field("password").Err = "required"
	}
	if email == "" || pw == "" {
		f.Focus(map[bool]int{true: 0, false: 1}[email == ""])
		return nil
	}
	m.busy = true
	m.notice = ""
	return m.c.CallAnon(func(ctx context.Context) (tea.Msg, error) {
		if _, err := m.api.Login(ctx, email, pw); err != nil {
			if tok, ok := hiregate.IsMFARequired(err); ok {
				return mfaMsg{email: email, token: tok}, nil
			}
			return failedMsg{err}, err
		}
		u, err := m.api.Me(ctx)
		if err != nil {
			return failedMsg{err}, err
		}
		return ui.LoggedInMsg{User: u}, nil
	})
}

type registeredMsg struct{ email string }

func (m *Model) submitRegister() tea.Cmd {
	f := m.register
	f.ClearErrors()
	req := hiregate.RegisterRequest{
		FullName: f.Field("full_name").Value(),
		Email:    f.Field("email").Value(),
		Password: f.Field("password").Value(),
	}
	req.Normalize()
	errs := map[string]string{}
	if err := req.Validate(); err != nil {
		errs = ui.FieldErrors(err)
	}
	if f.Field("confirm").Value() != req.Password {
		errs["confirm"] = "does not match the password"
	}
	if len(errs) > 0 {
		f.SetFieldErrors(errs)
		m.SetSize(m.width, m.height)
		return nil
	}
	m.busy = true
	return m.c.CallAnon(func(ctx context.Context) (tea.Msg, error) {
		if _, err := m.api.Register(ctx, req); err != nil {
			return failedMsg{err}, err
		}
		// The account exists: sign in with what was just typed rather
		// than asking for the password again. Should that fail (a
		// throttle, the server gone), the sign-in form takes over.
		if _, err := m.api.Login(ctx, req.Email, req.Password); err != nil {
			return registeredMsg{email: req.Email}, nil
		}
		u, err := m.api.Me(ctx)
		if err != nil {
			return registeredMsg{email: req.Email}, nil
		}
		return ui.LoggedInMsg{User: u}, nil
	})
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	if m.registering {
		b.WriteString(s.Title.Render("Create a candidate account") + "\n\n")
	} else {
		b.WriteString(s.Title.Render("Sign in to hiregate") + "\n")
		b.WriteString(s.Subtle.Render("Server: "+m.c.Server) + "\n\n")
	}
	if m.notice != "" {
		b.WriteString(s.Confirm.Render(m.notice) + "\n\n")
	}
	b.WriteString(m.form().View(s))
	if m.busy {
		b.WriteString("\n\n" + s.Subtle.Render("Contacting the server…"))
	}
	if !m.registering {
		b.WriteString("\n\n" + s.Subtle.Render("New here? Press ctrl+n to register as a candidate."))
		if m.c.SSHGateway != "" {
			b.WriteString("\n" + s.Subtle.Render("Nothing to install: anyone can reach hiregate with "+ui.SSHCommand(m.c.SSHGateway)))
		}
	}
	return lipgloss.NewStyle().Padding(1, 2).Render(b.String())
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.registering {
		return []key.Binding{k.NextField, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next/submit")), keyBack(m)}
	}
	return []key.Binding{k.NextField, k.Submit, k.Register}
}

func keyBack(m *Model) key.Binding {
	b := m.c.Keys.Back
	b.SetHelp("esc", "back to sign in")
	return b
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.registering }
