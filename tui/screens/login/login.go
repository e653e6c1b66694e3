// Package login is the sign-in screen, with forms to register as a
// candidate, to reset a forgotten password with a mailed code, and to
// accept an invitation.
package login

import (
	"context"
	"fmt"
	"strings"

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
	Login(ctx context.Context, email, password string) (*hiregate.TokenResponse, error)
	Register(ctx context.Context, req hiregate.RegisterRequest) (*hiregate.User, error)
	Me(ctx context.Context) (*hiregate.User, error)
	ForgotPassword(ctx context.Context, email string) error
	ResetPassword(ctx context.Context, req hiregate.ResetPasswordRequest) error
	AcceptInvitation(ctx context.Context, req hiregate.AcceptInvitationRequest) error
}

// mode is which form the screen shows.
type mode int

const (
	signingIn mode = iota
	registering
	forgetting // the address to mail a reset code to
	resetting  // the code and the new password
	inviting   // an invitation's address, code and password
)

// Model is the login screen.
type Model struct {
	c        *ui.Context
	api      API
	login    *form.Form
	register *form.Form
	forgot   *form.Form
	reset    *form.Form
	invite   *form.Form
	mode     mode
	// resetEmail is the address the reset code was mailed to.
	resetEmail string
	notice     string
	busy       bool
	width      int
	height     int
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
	ff := form.New(form.Text("email", "Email", hiregate.MaxEmailLen).WithPlaceholder("you@example.com"))
	ff.EnterSubmits = true
	code := func() *form.Field {
		return form.Text("code", "Code from the mail", hiregate.MaxCodeInputLen).WithPlaceholder("XXXX-XXXX")
	}
	pf := form.New(code(),
		form.Password("new_password", "New password").WithPlaceholder(newPassword),
		form.Password("confirm", "Repeat password").WithPlaceholder("the same again"),
	)
	inv := form.New(
		form.Text("email", "Email", hiregate.MaxEmailLen).WithPlaceholder("the address invited"),
		code(),
		form.Password("password", "Choose a password").WithPlaceholder(newPassword),
		form.Password("confirm", "Repeat password").WithPlaceholder("the same again"),
	)
	return &Model{c: c, api: api, login: lf, register: rf, forgot: ff, reset: pf, invite: inv, notice: notice}
}

// WithEmail fills in the email of the user whose session just ended, so
// signing in again is only the password away.
func (m *Model) WithEmail(email string) *Model {
	m.login.Field("username").SetValue(email)
	return m
}

func (m *Model) form() *form.Form {
	switch m.mode {
	case registering:
		return m.register
	case forgetting:
		return m.forgot
	case resetting:
		return m.reset
	case inviting:
		return m.invite
	}
	return m.login
}

// show switches to the form of mode md.
func (m *Model) show(md mode, notice string) tea.Cmd {
	m.mode, m.notice = md, notice
	m.form().ClearErrors()
	return m.form().Focus(0)
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
	switch m.mode {
	case registering:
		return "Register as a candidate"
	case forgetting, resetting:
		return "Reset your password"
	case inviting:
		return "Accept an invitation"
	}
	return "Sign in"
}

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return true }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	fw := min(w, 70)
	for _, f := range []*form.Form{m.login, m.register, m.forgot, m.reset, m.invite} {
		f.SetSize(fw, h)
	}
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
			// A wrong password is typed again from scratch, not edited
			// blind behind the mask.
			m.login.Field("password").SetValue("")
			return m.login.Focus(1)
		}
		return nil
	case mfaMsg:
		// The code prompt goes on top; esc there comes back here with
		// the password to type again.
		m.busy = false
		m.mode = signingIn
		m.login.Field("username").SetValue(msg.email)
		m.login.Field("password").SetValue("")
		return tea.Batch(m.login.Focus(1), func() tea.Msg { return ui.MFARequiredMsg{Email: msg.email, MFAToken: msg.token} })
	case codeSentMsg:
		m.busy = false
		m.resetEmail = msg.email
		m.reset.ClearErrors()
		return m.show(resetting, "A code was sent to "+msg.email+" if it has an account; it works for 15 minutes.")
	case invalidCodeMsg:
		m.busy = false
		f := m.form()
		f.ClearErrors()
		f.Field("code").Err = "wrong or expired code"
		if m.mode == resetting {
			f.Field("code").Err += ": esc and ask for a new one"
		}
		return f.Focus(0)
	case registeredMsg:
		m.busy = false
		m.mode = signingIn
		m.login.Field("username").SetValue(msg.email)
		m.login.Field("password").SetValue("")
		m.login.ClearErrors()
		m.notice = "Account created for " + msg.email + ": sign in"
		return m.login.Focus(1)
	case tea.KeyMsg:
		if m.busy {
			return nil
		}
		switch {
		case key.Matches(msg, k.Register) && (m.mode == signingIn || m.mode == registering):
			return m.show(map[bool]mode{true: registering, false: signingIn}[m.mode == signingIn], "")
		case key.Matches(msg, k.Forgot) && m.mode == signingIn:
			m.forgot.Field("email").SetValue(strings.TrimSpace(m.login.Field("username").Value()))
			return m.show(forgetting, "")
		case key.Matches(msg, k.Invitation) && m.mode == signingIn:
			return m.show(inviting, "")
		case key.Matches(msg, k.Back) && m.mode == resetting:
			return m.show(forgetting, "")
		case key.Matches(msg, k.Back) && m.mode != signingIn:
			m.mode, m.notice = signingIn, ""
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
	switch m.mode {
	case registering:
		return m.submitRegister()
	case forgetting:
		return m.submitForgot()
	case resetting:
		return m.submitReset()
	case inviting:
		return m.submitInvite()
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
		return m.signIn(ctx, email, pw)
	})
}

// signIn logs in and reads the account, or says a second factor is due.
func (m *Model) signIn(ctx context.Context, email, pw string) (tea.Msg, error) {
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
		return ui.LoggedInMsg{User: u, Registered: true}, nil
	})
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	switch m.mode {
	case registering:
		b.WriteString(s.Title.Render("Create a candidate account") + "\n\n")
	case forgetting:
		b.WriteString(s.Title.Render("Forgot your password?") + "\n")
		b.WriteString(s.Subtle.Render("We mail a code to your address; type it on the next screen.") + "\n\n")
	case resetting:
		b.WriteString(s.Title.Render("Choose a new password") + "\n\n")
	case inviting:
		b.WriteString(s.Title.Render("Accept an invitation") + "\n")
		b.WriteString(s.Subtle.Render("Type the code from your invitation mail and choose a password.") + "\n\n")
	default:
		b.WriteString(s.Title.Render("Sign in to hiregate") + "\n")
		b.WriteString(s.Subtle.Render("Server: "+m.c.Server) + "\n\n")
	}
	if m.notice != "" {
		b.WriteString(lipgloss.NewStyle().Width(max(20, min(m.width, 76)-4)).Render(s.Confirm.Render(m.notice)) + "\n\n")
	}
	b.WriteString(m.form().View(s))
	if m.busy {
		b.WriteString("\n\n" + s.Subtle.Render("Contacting the server…"))
	}
	if m.mode == signingIn {
		b.WriteString("\n\n" + s.Subtle.Render("New here? ctrl+n registers you as a candidate.\nForgot your password? ctrl+f.  Invited? ctrl+t."))
		if m.c.SSHGateway != "" {
			b.WriteString("\n" + s.Subtle.Render("Nothing to install: anyone can reach hiregate with "+ui.SSHCommand(m.c.SSHGateway)))
		}
	}
	return lipgloss.NewStyle().Padding(1, 2).Render(b.String())
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch m.mode {
	case signingIn:
		// The keys the text below the form names too, short enough
		// for 80 columns.
		return []key.Binding{k.Register, k.Forgot, k.Invitation}
	case forgetting:
		return []key.Binding{keys.With(k.Submit, "mail me a code"), keyBack(m)}
	case resetting:
		b := k.Back
		b.SetHelp("esc", "new code")
		return []key.Binding{k.NextField, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next/submit")), b}
	}
	return []key.Binding{k.NextField, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next/submit")), keyBack(m)}
}

func keyBack(m *Model) key.Binding {
	b := m.c.Keys.Back
	b.SetHelp("esc", "back to sign in")
	return b
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.mode != signingIn }

type codeSentMsg struct{ email string }

// invalidCodeMsg is a code the server refused (wrong, spent, expired).
type invalidCodeMsg struct{}

func isInvalidCode(err error) bool {
	he, ok := err.(*hiregate.Error)
	return ok && he.OAuth == hiregate.ErrorInvalidCode
}

func (m *Model) submitForgot() tea.Cmd {
	f := m.forgot
	f.ClearErrors()
	req := hiregate.ForgotPasswordRequest{Email: f.Field("email").Value()}
	if err := req.Validate(); err != nil {
		f.SetFieldErrors(ui.FieldErrors(err))
		return nil
	}
	m.busy = true
	return m.c.CallAnon(func(ctx context.Context) (tea.Msg, error) {
		if err := m.api.ForgotPassword(ctx, req.Email); err != nil {
			return failedMsg{err}, err
		}
		return codeSentMsg{email: req.Email}, nil
	})
}

// passwordErrors checks a new password and its repetition.
func passwordErrors(f *form.Form, field string, err error) map[string]string {
	errs := map[string]string{}
	if err != nil {
		errs = ui.FieldErrors(err)
	}
	if f.Field("confirm").Value() != f.Field(field).Value() {
		errs["confirm"] = "does not match the password"
	}
	if _, ok := hiregate.ParseOneTimeCode(f.Field("code").Value()); !ok && errs["code"] == "" {
		errs["code"] = "8 letters and digits, like ABCD-1234"
	}
	return errs
}

func (m *Model) submitReset() tea.Cmd {
	f := m.reset
	f.ClearErrors()
	req := hiregate.ResetPasswordRequest{Email: m.resetEmail, Code: f.Field("code").Value(), NewPassword: f.Field("new_password").Value()}
	if errs := passwordErrors(f, "new_password", req.Validate()); len(errs) > 0 {
		f.SetFieldErrors(errs)
		m.SetSize(m.width, m.height)
		return nil
	}
	m.busy = true
	return m.c.CallAnon(func(ctx context.Context) (tea.Msg, error) {
		if err := m.api.ResetPassword(ctx, req); isInvalidCode(err) {
			return invalidCodeMsg{}, nil
		} else if err != nil {
			return failedMsg{err}, err
		}
		return m.signIn(ctx, req.Email, req.NewPassword)
	})
}

func (m *Model) submitInvite() tea.Cmd {
	f := m.invite
	f.ClearErrors()
	req := hiregate.AcceptInvitationRequest{Email: f.Field("email").Value(), Code: f.Field("code").Value(), Password: f.Field("password").Value()}
	if errs := passwordErrors(f, "password", req.Validate()); len(errs) > 0 {
		f.SetFieldErrors(errs)
		m.SetSize(m.width, m.height)
		return nil
	}
	m.busy = true
	return m.c.CallAnon(func(ctx context.Context) (tea.Msg, error) {
		if err := m.api.AcceptInvitation(ctx, req); isInvalidCode(err) {
			return invalidCodeMsg{}, nil
		} else if err != nil {
			return failedMsg{err}, err
		}
		return m.signIn(ctx, req.Email, req.Password)
	})
}
