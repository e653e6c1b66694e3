// Package mfa is the account screen for the second factor: enrol an
// authenticator app (QR code of the otpauth:// URL drawn in the terminal,
// the secret as text, a code to confirm), see the recovery codes once, and
// turn the second factor off with a code.
package mfa

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
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/ui"
)

// Texts tests and other screens look for.
const (
	ConfirmPrompt  = "Enter the 6-digit code your app shows to confirm"
	DisablePrompt  = "Enter a code from your app, or a recovery code, to turn it off"
	CodesWarning   = "Save these recovery codes now: they are shown only this once."
	RequiredNotice = "Your role requires a second factor: set up an authenticator app to continue."
)

// API is what this screen calls.
type API interface {
	Me(ctx context.Context) (*hiregate.User, error)
	StartTOTP(ctx context.Context) (*hiregate.TOTPEnrollment, error)
	ConfirmTOTP(ctx context.Context, code string) (*hiregate.RecoveryCodes, error)
	DisableTOTP(ctx context.Context, code string) error
}

type state int

const (
	loading   state = iota
	overview        // on or off, with the keys to change it
	enrolling       // QR code, secret, confirmation code
	codes           // recovery codes, once
	disabling       // code to turn it off
)

// Model is the second-factor screen.
type Model struct {
	c        *ui.Context
	api      API
	required bool
	state    state
	user     *hiregate.User
	enrol    *hiregate.TOTPEnrollment
	recovery []string
	input    textinput.Model
	err      string
	busy     bool
	w, h     int
}

type (
	userMsg      struct{ user *hiregate.User }
	enrolmentMsg struct{ e *hiregate.TOTPEnrollment }
	confirmedMsg struct {
		codes []string
		user  *hiregate.User
	}
	disabledMsg struct{ user *hiregate.User }
	failedMsg   struct{ err error }
)

// New returns the screen. required says the server refuses everything
// else until the user enrols: the screen starts the enrolment at once and
// cannot be left with esc.
func New(c *ui.Context, api API, required bool) *Model {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = "123456"
	in.CharLimit = hiregate.MaxCodeInputLen
	in.Width = 24
	return &Model{c: c, api: api, required: required, input: in}
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd {
	if m.required {
		return m.start()
	}
	return m.load()
}

func (m *Model) load() tea.Cmd {
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		u, err := m.api.Me(ctx)
		if err != nil {
			return failedMsg{err}, err
		}
		return userMsg{u}, nil
	})
}

func (m *Model) start() tea.Cmd {
	m.busy = true
	m.err = ""
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		e, err := m.api.StartTOTP(ctx)
		if err != nil {
			return failedMsg{err}, err
		}
		return enrolmentMsg{e}, nil
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Second factor" }

// Required reports whether the screen is the enrolment the server
// requires before anything else.
func (m *Model) Required() bool { return m.required }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return m.state == enrolling || m.state == disabling }

// Modal implements ui.Modal: esc leaves the code field, not the screen,
// and a required enrolment cannot be left at all.
func (m *Model) Modal() bool { return m.required || m.state == disabling || m.state == codes }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case userMsg:
		m.busy = false
		m.user = msg.user
		m.state = overview
		return nil
	case enrolmentMsg:
		m.busy = false
		m.enrol = msg.e
		m.state = enrolling
		m.input.SetValue("")
		return m.input.Focus()
	case confirmedMsg:
		m.busy = false
		m.recovery = msg.codes
		m.user = msg.user
		m.enrol = nil
		m.state = codes
		m.input.Blur()
		return nil
	case disabledMsg:
		m.busy = false
		m.user = msg.user
		m.c.User = msg.user
		m.state = overview
		m.input.Blur()
		return ui.Flash("Second factor off: signing in takes the password alone", false)
	case failedMsg:
		m.busy = false
		return m.failed(msg.err)
	case ui.RefreshMsg:
		if m.state == overview {
			return m.load()
		}
		return nil
	case tea.KeyMsg:
		if m.busy {
			return nil
		}
		switch m.state {
		case overview:
			switch {
			case key.Matches(msg, k.Edit) && m.user != nil && !m.user.MFA:
				return m.start()
			case key.Matches(msg, k.Revoke) && m.user != nil && m.user.MFA:
				m.state, m.err = disabling, ""
				m.input.SetValue("")
				return m.input.Focus()
			case key.Matches(msg, k.Refresh):
				return m.load()
			}
			return nil
		case codes:
			if key.Matches(msg, k.Submit) {
				return m.done()
			}
			return nil
		case enrolling, disabling:
			switch {
			case key.Matches(msg, k.Submit):
				return m.submit()
			case key.Matches(msg, k.Refresh) && m.state == enrolling:
				return m.start()
			case key.Matches(msg, k.Back) && m.state == disabling:
				m.state, m.err = overview, ""
				m.input.Blur()
				return nil
			}
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

func (m *Model) submit() tea.Cmd {
	kind, code := hiregate.ParseCode(m.input.Value())
	switch {
	case m.state == enrolling && kind != hiregate.CodeTOTP:
		m.err = "Type the 6 digits your app shows"
		return nil
	case kind == hiregate.CodeInvalid:
		m.err = "Type the 6 digits your app shows, or a recovery code like abcd-efgh-ijkl-mnop"
		return nil
	}
	m.err = ""
	m.busy = true
	if m.state == enrolling {
		return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
			rc, err := m.api.ConfirmTOTP(ctx, code)
			if err != nil {
				return failedMsg{err}, err
			}
			u, err := m.api.Me(ctx)
			if err != nil {
				// The factor is on; the codes must still be shown.
				u = &hiregate.User{}
				if m.user != nil {
					*u = *m.user
				} else if m.c.User != nil {
					*u = *m.c.User
				}
				u.MFA = true
			}
			return confirmedMsg{codes: rc.RecoveryCodes, user: u}, nil
		})
	}
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		if err := m.api.DisableTOTP(ctx, code); err != nil {
			return failedMsg{err}, err
		}
		u, err := m.api.Me(ctx)
		if err != nil {
			return failedMsg{err}, err
		}
		return disabledMsg{u}, nil
	})
}

// done leaves the recovery codes: to the menu after a required
// enrolment (the rest of the API is open now), back otherwise.
func (m *Model) done() tea.Cmd {
	m.recovery = nil
	if m.required {
		u := m.user
		return func() tea.Msg { return ui.LoggedInMsg{User: u} }
	}
	m.c.User = m.user
	return ui.Back("Second factor on: you will be asked for a code at every sign-in")
}

func (m *Model) failed(err error) tea.Cmd {
	var he *hiregate.Error
	switch {
	case errors.As(err, &he) && he.Code == hiregate.EINVALID && he.Fields["code"] != "":
		m.err = "Wrong code: type the one your app shows now (codes change every 30 seconds)"
		m.input.SetValue("")
	case errors.As(err, &he) && he.Code == hiregate.ECONFLICT && m.state == enrolling:
		m.err = he.Message + " (press " + m.c.Keys.Refresh.Help().Key + " for a new QR code)"
	case errors.As(err, &he) && he.Code == hiregate.ECONFLICT:
		// The factor changed elsewhere: show what it is now.
		m.err = he.Message
		m.state = loading
		return m.load()
	default:
		m.err = m.c.ErrorText(err)
	}
	return nil
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Second factor (authenticator app)") + "\n\n")
	if m.required && m.state != codes {
		b.WriteString(s.Confirm.Render(RequiredNotice) + "\n\n")
	}
	switch m.state {
	case loading:
		b.WriteString(s.Subtle.Render("Loading…") + "\n")
	case overview:
		b.WriteString(m.overviewView())
	case enrolling:
		b.WriteString(m.enrolView())
	case codes:
		b.WriteString(m.codesView())
	case disabling:
		b.WriteString(s.LabelFocus.Render(DisablePrompt) + "\n" + m.input.View() + "\n")
	}
	if m.err != "" {
		b.WriteString("\n" + s.Error.Render(m.err) + "\n")
	}
	if m.busy && m.state != loading {
		b.WriteString("\n" + s.Subtle.Render("Contacting the server…") + "\n")
	}
	return lipgloss.NewStyle().Padding(0, 1).Width(max(m.w, 20)).Render(b.String())
}

func (m *Model) overviewView() string {
	s := m.c.Styles
	if m.user == nil {
		return ""
	}
	if m.user.MFA {
		return s.Success.Render("On.") + " After your password, hiregate asks for the 6-digit code of your " +
			"authenticator app, or one of your recovery codes.\n\n" +
			s.Subtle.Render("Press "+m.c.Keys.Revoke.Help().Key+" to turn it off (a code is needed).") + "\n"
	}
	return s.Error.Render("Off.") + " Anyone who learns your password can sign in as you.\n\n" +
		"Turn it on with an authenticator app (Aegis, Google Authenticator, 1Password, …): " +
		"after your password, hiregate will ask for the 6-digit code it shows.\n\n" +
		s.Subtle.Render("Press "+m.c.Keys.Edit.Help().Key+" to set it up.") + "\n"
}

// enrolView shows the QR code beside the instructions when the terminal is
// wide enough, above them when it is tall enough, and otherwise only the
// secret to type, with a word on how to see the code.
func (m *Model) enrolView() string {
	s := m.c.Styles
	if m.enrol == nil {
		return ""
	}
	text := "1. Scan the QR code with your authenticator app,\n   or type this secret into it:\n\n   " +
		s.Section.Render(groupSecret(m.enrol.Secret)) + "\n\n" +
		"2. " + ConfirmPrompt + ":\n" + m.input.View() + "\n"
	qr := qrCode(m.enrol.OTPAuthURL)
	qrW, qrH := lipgloss.Width(qr[0]), len(qr)
	textW := lipgloss.Width(text)
	// Room left for the screen's own lines (title, notice, error, status).
	avail := m.h - 4
	if m.required {
		avail -= 2
	}
	switch {
	case qrW+2+textW <= m.w-2 && qrH <= avail:
		return lipgloss.JoinHorizontal(lipgloss.Top, strings.Join(qr, "\n"), "  ", text)
	case qrW <= m.w-2 && qrH+lipgloss.Height(text)+1 <= avail:
		return strings.Join(qr, "\n") + "\n\n" + text
	}
	// Side by side is the layout that needs the least room; say what it
	// lacks.
	var need []string
	if more := qrH - avail; more > 0 {
		need = append(need, fmt.Sprintf("%d more rows", more))
	}
	if more := qrW + 2 + textW - (m.w - 2); more > 0 {
		need = append(need, fmt.Sprintf("%d more columns", more))
	}
	return text + "\n" + s.Subtle.Render("The QR code needs "+strings.Join(need, " and ")+": enlarge the window to scan it, or type the secret.") + "\n"
}

func (m *Model) codesView() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Success.Render("Second factor on.") + "\n\n")
	b.WriteString(s.Confirm.Render(CodesWarning) + "\n")
	b.WriteString("Each works once in place of a code if you lose your phone. Store them " +
		"somewhere safe (a password manager, or on paper).\n\n")
	for i := 0; i < len(m.recovery); i += 2 {
		line := "   " + m.recovery[i]
		if i+1 < len(m.recovery) {
			line += "    " + m.recovery[i+1]
		}
		b.WriteString(s.Section.UnsetUnderline().Render(line) + "\n")
	}
	b.WriteString("\n" + s.Subtle.Render("Press enter once you have stored them.") + "\n")
	return b.String()
}

// groupSecret shows a base32 secret in groups of four, as people copy it.
func groupSecret(secret string) string {
	var b strings.Builder
	for i := 0; i < len(secret); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(secret[i:min(i+4, len(secret))])
	}
	return b.String()
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch m.state {
	case overview:
		if m.user != nil && m.user.MFA {
			return []key.Binding{keys.With(k.Revoke, "turn off"), k.Refresh}
		}
		return []key.Binding{keys.With(k.Edit, "set up"), k.Refresh}
	case enrolling:
		return []key.Binding{keys.With(k.Submit, "confirm"), keys.With(k.Refresh, "new secret")}
	case codes:
		return []key.Binding{keys.With(k.Submit, "stored them")}
	case disabling:
		return []key.Binding{keys.With(k.Submit, "turn off"), keys.With(k.Back, "cancel")}
	}
	return nil
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
