// Package audit is the admin's log of auth events, filtered by user and by
// type.
package audit

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
	"github.com/hiregate/hiregate/tui/widgets/list"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	Audit(ctx context.Context, f hiregate.AuditFilter) (*hiregate.List[hiregate.AuditEvent], error)
}

// Model is the audit log screen.
type Model struct {
	w    int // the width questions and errors wrap to
	c    *ui.Context
	api  API
	list list.Paged[hiregate.AuditEvent]
	// typ indexes types; 0 is every type.
	typ int
	// user filters to one user's events; email is shown for it.
	user, email string
}

var types = append([]hiregate.AuditType{""}, hiregate.AuditTypes...)

type loadedMsg struct {
	filter hiregate.AuditFilter
	more   bool
	list   *hiregate.List[hiregate.AuditEvent]
	err    error
}

// New returns the audit log screen.
func New(c *ui.Context, api API) *Model {
	m := &Model{c: c, api: api}
	m.list.Columns = []list.Column{
		{Title: "At", Width: 16},
		{Title: "Type", Width: 16},
		{Title: "Email", Width: 22},
		{Title: "Address", Width: 15},
		{Title: "Detail"},
	}
	return m
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load(false) }

func (m *Model) filter() hiregate.AuditFilter {
	return hiregate.AuditFilter{UserID: m.user, Type: types[m.typ], Limit: hiregate.MaxPageLimit}
}

func (m *Model) load(more bool) tea.Cmd {
	f := m.filter()
	f.Cursor = m.list.PageCursor(more)
	m.list.Loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		l, err := m.api.Audit(ctx, f)
		return loadedMsg{filter: f, more: more, list: l, err: err}, err
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Audit log" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return false }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.w = w; m.list.SetSize(w, h-3) }

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		cur := m.filter()
		if msg.filter.UserID != cur.UserID || msg.filter.Type != cur.Type {
			return nil
		}
		m.list.Loaded(m.c, msg.list, msg.more, msg.err)
	case ui.RefreshMsg:
		m.list.Reset()
		return m.load(false)
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.FilterType):
			m.typ = choice.Step(m.typ, len(types), 1)
			return m.reload()
		case key.Matches(msg, k.FilterUser):
			if m.user != "" {
				m.user, m.email = "", ""
				return m.reload()
			}
			if e := m.list.Selected(); e != nil && e.UserID != "" {
				m.user, m.email = e.UserID, e.Email
				return m.reload()
			}
			m.list.Err = "This event has no user to filter by"
		case key.Matches(msg, k.Refresh):
			return m.reload()
		default:
			if _, more := m.list.Navigate(msg, k); more {
				return m.load(true)
			}
		}
	}
	return nil
}

func (m *Model) reload() tea.Cmd {
	m.list.Reset()
	m.list.SetCursor(0)
	return m.load(false)
}

func (m *Model) row(i int) []string {
	e := m.list.Items[i]
	return []string{m.c.Time(e.At), string(e.Type), e.Email, e.IP, e.Detail}
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	var f []string
	if t := types[m.typ]; t != "" {
		f = append(f, "type "+string(t))
	} else {
		f = append(f, "every type")
	}
	if m.user != "" {
		who := m.email
		if who == "" {
			who = m.user
		}
		f = append(f, "user "+who)
	} else {
		f = append(f, "every user")
	}
	head := confirm.Head(s, m.w, nil, m.list.Err, s.Subtle.Render("Showing "+strings.Join(f, ", ")+"  "+m.list.Position()))
	empty := "No events match."
	if m.list.Loading {
		empty = "Loading…"
	}
	// The detail column is the first to be cut on a narrow terminal, so
	// the selected event is also shown in full.
	var detail string
	if e := m.list.Selected(); e != nil {
		line := fmt.Sprintf("%s %s from %s", e.Type, e.Email, e.IP)
		if e.Detail != "" {
			line += ": " + e.Detail
		}
		detail = s.Subtle.Render(line)
	}
	return head + "\n" + detail + "\n" + m.list.Show(s, empty, m.row)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	u := keys.With(k.FilterUser, "only this user")
	if m.user != "" {
		u = keys.With(k.FilterUser, "every user")
	}
	return []key.Binding{k.Up, k.Down, keys.With(k.FilterType, "next type"), u}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), m.list.KeyBindings(k), {k.Refresh}}
}
