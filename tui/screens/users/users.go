// Package users is the admin's list of users, searched as you type, with
// creating a recruiter or admin, changing a role, resetting a password and
// deactivating.
package users

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/ui"
)

// SearchDelay is how long typing must pause before the search is sent.
const SearchDelay = 250 * time.Millisecond

type mode int

const (
	browsing mode = iota
	creating
	resetting
	choosingRole
)

// Model is the users screen.
type Model struct {
	c       *ui.Context
	list    ui.List
	search  textinput.Model
	users   []hiregate.User
	next    *string
	seq     int
	mode    mode
	form    *ui.Form
	role    int // index into hiregate.Roles while choosing a role
	confirm ui.Confirm
	loading bool
	err     string
	w, h    int
}

type loadedMsg struct {
	q    string
	more bool
	list *hiregate.List[hiregate.User]
	err  error
}

type searchTickMsg struct{ seq int }

type savedMsg struct {
	user  *hiregate.User
	flash string
	err   error
}

// New returns the users screen.
func New(c *ui.Context) *Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "search email or name"
	in.CharLimit = hiregate.MaxSearchLen
	m := &Model{c: c, search: in}
	m.list.Columns = []ui.Column{
		{Title: "Email"},
		{Title: "Name", Width: 18},
		{Title: "Role", Width: 9},
		{Title: "Active", Width: 6, Style: func(v string) string {
			if v == "no" {
				return c.Styles.Error.Render(v)
			}
			return v
		}},
	}
	return m
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load(false) }

func (m *Model) load(more bool) tea.Cmd {
	f := hiregate.UserFilter{Q: m.search.Value(), Limit: hiregate.MaxPageLimit}
	if more && m.next != nil {
		f.Cursor = *m.next
	}
	m.loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		l, err := m.c.API.ListUsers(ctx, f)
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
	m.search.Width = max(10, w-4)
	m.list.SetSize(w, h-3)
	if m.form != nil {
		m.form.SetSize(min(w, 70), h-2)
	}
}

func (m *Model) selected() *hiregate.User {
	if i := m.list.Cursor(); i >= 0 {
		return &m.users[i]
	}
	return nil
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.q != m.search.Value() {
			return nil
		}
		m.loading = false
		if msg.err != nil {
			m.err = m.c.ErrorText(msg.err)
			return nil
		}
		m.err = ""
		if msg.more {
			m.users = append(m.users, msg.list.Items...)
		} else {
			m.users = msg.list.Items
		}
		m.next = msg.list.NextCursor
		m.list.SetLen(len(m.users))
		return nil
	case searchTickMsg:
		if msg.seq == m.seq {
			m.next = nil
			m.list.SetCursor(0)
			return m.load(false)
		}
		return nil
	case savedMsg:
		m.loading = false
		if msg.err != nil {
			if m.form != nil {
				m.form.SetError(m.c, msg.err)
				m.SetSize(m.w, m.h)
			} else {
				m.err = m.c.ErrorText(msg.err)
			}
			return nil
		}
		m.mode, m.form = browsing, nil
		replaced := false
		for i := range m.users {
			if m.users[i].ID == msg.user.ID {
				m.users[i], replaced = *msg.user, true
			}
		}
		if !replaced {
			m.users = append([]hiregate.User{*msg.user}, m.users...)
			m.list.SetLen(len(m.users))
			m.list.SetCursor(0)
		}
		return ui.Flash(msg.flash, false)
	case ui.RefreshMsg:
		m.next = nil
		return m.load(false)
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
			if key.Matches(msg, k.Back) || key.Matches(msg, k.Open) || key.Matches(msg, k.Down) {
				m.search.Blur()
				return nil
			}
			before := m.search.Value()
			var cmd tea.Cmd
			m.search, cmd = m.search.Update(msg)
			if m.search.Value() != before {
				m.seq++
				seq := m.seq
				return tea.Batch(cmd, tea.Tick(SearchDelay, func(time.Time) tea.Msg { return searchTickMsg{seq} }))
			}
			return cmd
		}
		return m.updateBrowsing(msg)
	default:
		if m.form != nil {
			cmd, _ := m.form.Update(msg, k)
			return cmd
		}
	}
	return nil
}

func (m *Model) updateBrowsing(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	u := m.selected()
	switch {
	case key.Matches(msg, k.Search):
		return m.search.Focus()
	case key.Matches(msg, k.New):
		m.form = ui.NewForm(
			ui.TextField("email", "Email", hiregate.MaxEmailLen),
			ui.TextField("full_name", "Full name", hiregate.MaxFullNameLen),
			ui.PasswordField("password", "Password"),
			ui.ChoiceField("role", "Role", string(hiregate.RoleRecruiter), string(hiregate.RoleAdmin), string(hiregate.RoleCandidate)),
		)
		m.mode = creating
		m.SetSize(m.w, m.h)
		return m.form.Focus(0)
	case u == nil:
	case key.Matches(msg, k.Role):
		m.mode = choosingRole
		for i, r := range hiregate.Roles {
			if r == u.Role {
				m.role = i
			}
		}
	case key.Matches(msg, k.Password):
		m.form = ui.NewForm(ui.PasswordField("password", "New password"))
		m.form.EnterSubmits = true
		m.mode = resetting
		m.SetSize(m.w, m.h)
		return m.form.Focus(0)
	case key.Matches(msg, k.Deactivate):
		active := !u.Active
		verb := "Deactivate"
		if active {
			verb = "Reactivate"
		}
		id, email := u.ID, u.Email
		m.confirm.Ask(fmt.Sprintf("%s %s? Their sessions end now.", verb, email), func() tea.Cmd {
			return m.save(id, hiregate.UpdateUserRequest{Active: &active}, strings.ToLower(verb[:1])+verb[1:]+"d "+email)
		})
	case key.Matches(msg, k.Refresh):
		m.next = nil
		return m.load(false)
	case m.list.Update(msg, k):
		if m.list.NearEnd() && m.next != nil && !m.loading {
			return m.load(true)
		}
	}
	return nil
}

func (m *Model) updateRole(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		m.mode = browsing
	case key.Matches(msg, k.Left), key.Matches(msg, k.Up):
		m.role = (m.role + len(hiregate.Roles) - 1) % len(hiregate.Roles)
	case key.Matches(msg, k.Right), key.Matches(msg, k.Down):
		m.role = (m.role + 1) % len(hiregate.Roles)
	case key.Matches(msg, k.Open):
		m.mode = browsing
		u := m.selected()
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
	if !submit || m.loading {
		return cmd
	}
	m.form.ClearErrors()
	if m.mode == resetting {
		pw := m.form.Field("password").Value()
		if p := hiregate.PasswordProblem(pw); p != "" {
			m.form.Field("password").Err = p
			return nil
		}
		u := m.selected()
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
	m.loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		u, err := m.c.API.CreateUser(ctx, req)
		return savedMsg{user: u, flash: "Created " + req.Email + " (" + string(req.Role) + ")", err: err}, err
	})
}

func (m *Model) save(id string, req hiregate.UpdateUserRequest, flash string) tea.Cmd {
	m.loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		u, err := m.c.API.UpdateUser(ctx, id, req)
		return savedMsg{user: u, flash: flash, err: err}, err
	})
}

func (m *Model) row(i int) []string {
	u := m.users[i]
	active := "yes"
	if !u.Active {
		active = "no"
	}
	return []string{u.Email, u.FullName, string(u.Role), active}
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	switch m.mode {
	case creating:
		return s.Title.Render("New user") + "\n\n" + m.form.View(s)
	case resetting:
		return s.Title.Render("Reset the password of "+m.selected().Email) + "\n\n" + m.form.View(s)
	}
	var b strings.Builder
	b.WriteString(m.search.View() + "\n")
	switch {
	case m.confirm.Active():
		b.WriteString(m.confirm.View(s))
	case m.mode == choosingRole:
		var opts []string
		for i, r := range hiregate.Roles {
			if i == m.role {
				opts = append(opts, s.Selected.Render("["+string(r)+"]"))
			} else {
				opts = append(opts, " "+string(r)+" ")
			}
		}
		b.WriteString("Role: " + strings.Join(opts, " "))
	case m.err != "":
		b.WriteString(s.Error.Render(m.err))
	default:
		st := m.list.Position()
		if m.next != nil {
			st += "+"
		}
		b.WriteString(s.Subtle.Render(st))
	}
	empty := "No users match."
	if m.loading {
		empty = "Loading…"
	}
	b.WriteString("\n" + m.list.View(s, empty, m.row))
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
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/esc", "done searching"))}
	}
	return []key.Binding{k.Search, keys.With(k.New, "new user"), k.Role, k.Password, k.Deactivate}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), m.list.KeyBindings(k), {k.Refresh}}
}
