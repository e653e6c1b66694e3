// Package menu is the home screen: what the signed-in user's role can do.
package menu

import (
	"context"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/choice"
)

type item struct {
	label string
	desc  string
	page  ui.Page
	// logout marks the "log out" entry, which is no screen.
	logout bool
}

// API is the part of the hiregate client this screen calls.
type API interface {
	Logout(ctx context.Context) error
}

// Model is the home menu.
type Model struct {
	c      *ui.Context
	api    API
	items  []item
	cursor int
	width  int
	height int
}

// New returns the menu for the signed-in user's role.
func New(c *ui.Context, api API) *Model {
	var items []item
	switch c.Role() {
	case hiregate.RoleCandidate:
		items = []item{
			{label: "Job board", desc: "search open jobs and apply", page: ui.PageJobs},
			{label: "My applications", desc: "status, history, withdraw", page: ui.PageMyApps},
		}
	case hiregate.RoleInterviewer:
		items = []item{
			{label: "My interviews", desc: "today's first; applications and feedback", page: ui.PageMyInterviews},
		}
	case hiregate.RoleRecruiter:
		items = []item{
			{label: "My jobs", desc: "your postings and their applications", page: ui.PageJobs},
			{label: "Post a job", desc: "open a new position", page: ui.PageJobForm},
			{label: "Reports", desc: "hiring funnel, weekly applications, time in stage", page: ui.PageReports},
			{label: "Impact report", desc: "selection rates by group, four-fifths flags", page: ui.PageImpact},
		}
	case hiregate.RoleAdmin:
		items = []item{
			{label: "All jobs", desc: "every posting and its applications", page: ui.PageJobs},
			{label: "Post a job", desc: "open a new position", page: ui.PageJobForm},
			{label: "Users", desc: "create, change role, reset password, deactivate", page: ui.PageUsers},
			{label: "Audit log", desc: "sign-ins and other auth events", page: ui.PageAudit},
			{label: "Reports", desc: "hiring funnel, weekly applications, time in stage", page: ui.PageReports},
			{label: "Mail", desc: "what was sent, what failed; the templates", page: ui.PageMailLog},
			{label: "Impact report", desc: "selection rates by group, four-fifths flags", page: ui.PageImpact},
		}
	}
	items = append(items,
		item{label: "Second factor", desc: "authenticator app codes at sign-in", page: ui.PageMFA},
		item{label: "Sessions", desc: "where you are signed in", page: ui.PageSessions},
		item{label: "SSH keys", desc: "sign in over SSH without a password", page: ui.PageSSHKeys},
		item{label: "Change password", page: ui.PagePassword},
		item{label: "Your data", desc: accountDesc(c.Role()), page: ui.PageAccount},
	)
	if c.Role() == hiregate.RoleCandidate {
		items = append(items, item{label: "About you (voluntary)", desc: "for fairness checks only; nobody sees it", page: ui.PageAboutYou})
	}
	items = append(items, item{label: "Log out", logout: true})
	return &Model{c: c, api: api, items: items}
}

func accountDesc(r hiregate.Role) string {
	if r == hiregate.RoleCandidate {
		return "export everything about you, or erase your account"
	}
	return "export everything about you"
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return nil }

// Title implements ui.Component.
func (m *Model) Title() string { return "Home" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return false }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(km, k.Up):
		m.cursor = choice.Step(m.cursor, len(m.items), -1)
	case key.Matches(km, k.Down):
		m.cursor = choice.Step(m.cursor, len(m.items), 1)
	case key.Matches(km, k.Open):
		return m.choose(m.cursor)
	default:
		if n, err := strconv.Atoi(km.String()); err == nil && n >= 1 && n <= min(maxNumbered, len(m.items)) {
			m.cursor = n - 1
			return m.choose(n - 1)
		}
	}
	return nil
}

func (m *Model) choose(i int) tea.Cmd {
	it := m.items[i]
	if !it.logout {
		return ui.Open(it.page, "")
	}
	return m.c.CallAnon(func(ctx context.Context) (tea.Msg, error) {
		// The session ends locally whatever the server says: a logout
		// that failed on the wire must not leave the user signed in here.
		err := m.api.Logout(ctx)
		notice := "Signed out"
		if err != nil {
			notice = "Signed out here; the server did not confirm: " + m.c.ErrorText(err)
		}
		return ui.LoggedOutMsg{Notice: notice}, nil
	})
}

// maxNumbered is how many items a digit opens: 1 to 9.
const maxNumbered = 9

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	name := ""
	if m.c.User != nil {
		name = m.c.User.FullName
	}
	b.WriteString(s.Title.Render("Welcome, "+name) + "\n\n")
	for i, it := range m.items {
		// One key a number: past the ninth, an item is reached with the
		// arrows and shows no number that a key would not open.
		num := "   "
		if i < maxNumbered {
			num = strconv.Itoa(i+1) + ". "
		}
		line := num + it.label
		if i == m.cursor {
			line = s.Selected.Render("> " + line)
		} else {
			line = "  " + line
		}
		if it.desc != "" {
			line += "  " + s.Subtle.Render(it.desc)
		}
		b.WriteString(line + "\n")
	}
	return lipgloss.NewStyle().Padding(1, 2).Render(b.String())
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{k.Up, k.Down, k.Open, key.NewBinding(key.WithKeys("1"), key.WithHelp("1-9", "choose"))}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
