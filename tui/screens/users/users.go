// Package users is the admin's list of users, searched as you type, with
// creating a recruiter or admin, changing a role, resetting a password and
// deactivating.
package users

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/choice"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
	"github.com/hiregate/hiregate/tui/widgets/form"
	"github.com/hiregate/hiregate/tui/widgets/list"
	"github.com/hiregate/hiregate/tui/widgets/search"
)

type mode int

const (
	browsing mode = iota
	creating
	resetting
	choosingRole
)

// API is the part of the hiregate client this screen calls.
type API interface {
	CreateUser(ctx context.Context, req hiregate.CreateUserRequest) (*hiregate.User, error)
	ListUsers(ctx context.Context, f hiregate.UserFilter) (*hiregate.List[hiregate.User], error)
	UpdateUser(ctx context.Context, id string, req hiregate.UpdateUserRequest) (*hiregate.User, error)
	ResetMFA(ctx context.Context, userID string) error
}

// Model is the users screen.
type Model struct {
	c       *ui.Context
	api     API
	list    list.Paged[hiregate.User]
	search  *search.Search
	mode    mode
	form    *form.Form
	role    int // index into hiregate.Roles while choosing a role
	confirm confirm.Confirm
	w, h    int
}

type loadedMsg struct {
	q    string
	more bool
	list *hiregate.List[hiregate.User]
	err  error
}

// mfaResetMsg is the answer to removing a user's second factor.
type mfaResetMsg struct {
	email string
	err   error
}

type savedMsg struct {
	user  *hiregate.User
	flash string
	err   error
}

// New returns the users screen.
func New(c *ui.Context, api API) *Model {
	m := &Model{c: c, api: api, search: search.New("email or name")}
	m.list.Columns = []list.Column{
		{Title: "Email"},
		{Title: "Name", Width: 18},
		{Title: "Role", Width: len(hiregate.RoleInterviewer)},
		{Title: "Active", Width: 6, Style: func(v string) string {
			if v == "no" {
				return c.Styles.Error.Render(v)
			}
			return v
		}},
		{Title: "2FA", Width: 3},
	}
	return m
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load(false) }

func (m *Model) load(more bool) tea.Cmd {
	f := hiregate.UserFilter{Q: m.search.Value(), Limit: hiregate.MaxPageLimit, Cursor: m.list.PageCursor(more)}
	m.list.Loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		l, err := m.api.ListUsers(ctx, f)
		return loadedMsg{q: f.Q, more: more, list: l, err: err}, err
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Users" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool {
	return m.search.Focused() || ((m.mode == creating || m.mode == resetting) && m.form.Capturing())
}

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.search.Focused() || m.mode != browsing || m.confirm.Active() }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.search.SetWidth(w)
	m.list.SetSize(w, h-3)
	if m.form != nil {
		m.form.SetSize(min(w, 70), h-2)
	}
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.q != m.search.Value() {
			return nil
		}
		m.list.Loaded(m.c, msg.list, msg.more, msg.err)
		return nil
	case savedMsg:
		m.list.Loading = false
		if msg.err != nil {
			if m.form != nil {
				m.form.SetError(m.c, msg.err)
				m.SetSize(m.w, m.h)
			} else {
				m.c.Fail(&m.list.Err, msg.err)
			}
			return nil
		}
		m.mode, m.form = browsing, nil
		if !m.list.Replace(*msg.user, func(u *hiregate.User) bool { return u.ID == msg.user.ID }) {
			m.list.Items = append([]hiregate.User{*msg.user}, m.list.Items...)
			m.list.SetLen(len(m.list.Items))
			m.list.SetCursor(0)
		}
		return ui.Flash(msg.flash, false)
	case mfaResetMsg:
		m.list.Loading = false
		if msg.err != nil {
			m.c.Fail(&m.list.Err, msg.err)
			return nil
		}
		return tea.Batch(m.reload(false), ui.Flash("Second factor of "+msg.email+" removed", false))
	case ui.RefreshMsg:
		return m.reload(false)
	case tea.KeyMsg:
		if m.confirm.Active() {
			return m.confirm.Update(msg, k)
		}
		switch m.mode {
		case creating, resetting:
			return m.updateForm(msg)
		case choosingRole:
			return m.updateRole(msg)
		}
		if m.search.Focused() {
			return m.search.Update(msg, k)
		}
		return m.updateBrowsing(msg)
	default:
		if m.search.Due(msg) {
			return m.reload(true)
		}
		if m.form != nil {
			cmd, _ := m.form.Update(msg, k)
			return cmd
		}
	}
	return nil
}

func (m *Model) updateBrowsing(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	u := m.list.Selected()
	switch {
	case key.Matches(msg, k.Search):
		return m.search.Focus()
	case key.Matches(msg, k.New):
		m.form = form.New(
			form.Text("email", "Email", hiregate.MaxEmailLen),
			form.Text("full_name", "Full name", hiregate.MaxFullNameLen),
			form.Password("password", "Password").WithPlaceholder("leave empty to mail an invitation"),
			form.Choice("role", "Role", string(hiregate.RoleRecruiter), string(hiregate.RoleAdmin), string(hiregate.RoleCandidate), string(hiregate.RoleInterviewer)),
		)
		m.mode = creating
		m.SetSize(m.w, m.h)
		return m.form.Focus(0)
	case key.Matches(msg, k.Refresh):
		// Before the keys about a row: an empty list (a load that
		// failed) is where ctrl+r matters most.
		return m.reload(false)
	case u == nil:
	case key.Matches(msg, k.Open):
		who := *u
		return func() tea.Msg { return ui.OpenMsg{Page: ui.PageUserSessions, User: &who} }
	case key.Matches(msg, k.Role):
		m.mode = choosingRole
		for i, r := range hiregate.Roles {
			if r == u.Role {
				m.role = i
			}
		}
	case key.Matches(msg, k.Password):
		m.form = form.New(form.Password("password", "New password"))
		m.form.EnterSubmits = true
		m.mode = resetting
		m.SetSize(m.w, m.h)
		return m.form.Focus(0)
	case key.Matches(msg, k.Deactivate):
		active := !u.Active
		verb, consequence := "Deactivate", "Their sessions end now."
		if active {
			verb, consequence = "Reactivate", "They can sign in again."
		}
		id, email := u.ID, u.Email
		m.confirm.Ask(fmt.Sprintf("%s %s? %s", verb, email, consequence), func() tea.Cmd {
			return m.save(id, hiregate.UpdateUserRequest{Active: &active}, verb+"d "+email)
		})
	case key.Matches(msg, k.ResetMFA) && u.MFA:
		id, email := u.ID, u.Email
		m.confirm.Ask(fmt.Sprintf("Remove the second factor of %s? They sign in with the password alone until they enrol again.", email), func() tea.Cmd {
			m.list.Loading = true
			return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
				err := m.api.ResetMFA(ctx, id)
				return mfaResetMsg{email: email, err: err}, err
			})
		})
	default:
		if _, more := m.list.Navigate(msg, k); more {
			return m.load(true)
		}
	}
	return nil
}

// reload fetches the first page again; top selects its first row, for a
// new search.
func (m *Model) reload(top bool) tea.Cmd {
	m.list.Reset()
	if top {
		m.list.SetCursor(0)
	}
	return m.load(false)
}

func (m *Model) updateRole(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		m.mode = browsing
	case choice.Cycle(&m.role, len(hiregate.Roles), msg, k):
	case key.Matches(msg, k.Open):
		m.mode = browsing
		u := m.list.Selected()
		role := hiregate.Roles[m.role]
		if u == nil || role == u.Role {
			return nil
		}
		id, email := u.ID, u.Email
		m.confirm.Ask(fmt.Sprintf("Make %s %s? Their sessions end now.", email, role), func() tea.Cmd {
			return m.save(id, hiregate.UpdateUserRequest{Role: &role}, email+" is now "+string(role))
		})
	}
	return nil
}

func (m *Model) updateForm(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if key.Matches(msg, k.Back) {
		m.mode, m.form = browsing, nil
		return nil
	}
	cmd, submit := m.form.Update(msg, k)
	if !submit || m.list.Loading {
		return cmd
	}
	m.form.ClearErrors()
	if m.mode == resetting {
		pw := m.form.Field("password").Value()
		if p := hiregate.PasswordProblem(pw); p != "" {
			m.form.Field("password").Err = p
			return nil
		}
		u := m.list.Selected()
		if u == nil {
			return nil
		}
		return m.save(u.ID, hiregate.UpdateUserRequest{Password: &pw}, "Password reset for "+u.Email+"; their sessions ended")
	}
	req := hiregate.CreateUserRequest{
		Email:    m.form.Field("email").Value(),
		FullName: m.form.Field("full_name").Value(),
		Password: m.form.Field("password").Value(),
		Role:     hiregate.Role(m.form.Field("role").Value()),
	}
	req.Normalize()
	if err := req.Validate(); err != nil {
		m.form.SetFieldErrors(ui.FieldErrors(err))
		m.SetSize(m.w, m.h)
		return nil
	}
	m.list.Loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		u, err := m.api.CreateUser(ctx, req)
		flash := "Created " + req.Email + " (" + string(req.Role) + ")"
		if req.Invitation() {
			flash = "Invited " + req.Email + " (" + string(req.Role) + "): they set their password with the mailed code"
		}
		return savedMsg{user: u, flash: flash, err: err}, err
	})
}

func (m *Model) save(id string, req hiregate.UpdateUserRequest, flash string) tea.Cmd {
	m.list.Loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		u, err := m.api.UpdateUser(ctx, id, req)
		return savedMsg{user: u, flash: flash, err: err}, err
	})
}

func (m *Model) row(i int) []string {
	u := m.list.Items[i]
	active := "yes"
	if !u.Active {
		active = "no"
	}
	mfa := ""
	if u.MFA {
		mfa = "on"
	}
	return []string{u.Email, u.FullName, string(u.Role), active, mfa}
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	switch m.mode {
	case creating:
		return s.Title.Render("New user") + "\n\n" + m.form.View(s)
	case resetting:
		return s.Title.Render("Reset the password of "+m.list.Selected().Email) + "\n\n" + m.form.View(s)
	}
	var b strings.Builder
	b.WriteString(m.search.View() + "\n")
	line, err := s.Subtle.Render(m.list.Status()), m.list.Err
	if m.mode == choosingRole {
		err = "" // the choice is what the user is looking at now
		roles := make([]string, len(hiregate.Roles))
		for i, r := range hiregate.Roles {
			roles[i] = string(r)
		}
		line = "Role: " + choice.Options(s, roles, m.role, true)
	}
	b.WriteString(confirm.Head(s, m.w, &m.confirm, err, line))
	empty := "No users match."
	if m.list.Loading {
		empty = "Loading…"
	}
	b.WriteString("\n" + m.list.Show(s, empty, m.row))
	return b.String()
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.confirm.Active():
		return m.confirm.KeyBindings(k)
	case m.mode == choosingRole:
		return []key.Binding{keys.With(k.Right, "next role"), keys.With(k.Open, "choose"), keys.With(k.Back, "cancel")}
	case m.mode == creating:
		return append(m.form.KeyBindings(k), keys.With(k.Back, "cancel"))
	case m.mode == resetting:
		return []key.Binding{keys.With(k.Submit, "save"), keys.With(k.Back, "cancel")}
	case m.search.Focused():
		return m.search.Help()
	}
	// Short words: every key of a row must fit 80 columns. The search line
	// above the list already says "press / to search".
	help := []key.Binding{keys.With(k.New, "new user"), keys.With(k.Open, "sessions"), keys.With(k.Role, "role"), keys.With(k.Password, "password")}
	u := m.list.Selected()
	switch {
	case u == nil:
		return help[:1]
	case u.Active:
		help = append(help, keys.With(k.Deactivate, "deactivate"))
	default:
		help = append(help, keys.With(k.Deactivate, "activate"))
	}
	if u.MFA {
		help = append(help, keys.With(k.ResetMFA, "reset 2FA"))
	}
	return help
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), m.list.KeyBindings(k), {k.Search, k.Refresh}}
}
