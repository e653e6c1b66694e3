// Package maillog is the admin's mail log: every outbox mail with its
// status, attempts and last error, filtered by status. It never shows a
// body, a code or a link: the server sends none.
package maillog

import (
	"context"
	"strconv"

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
	Mail(ctx context.Context, f hiregate.MailFilter) (*hiregate.List[hiregate.MailItem], error)
}

// statuses are the filters f steps through; "" is every status.
var statuses = []hiregate.MailStatus{"", hiregate.MailQueued, hiregate.MailSent, hiregate.MailFailed}

// Model is the mail log screen.
type Model struct {
	w      int // the width questions and errors wrap to
	c      *ui.Context
	api    API
	list   list.Paged[hiregate.MailItem]
	status int
}

type loadedMsg struct {
	status hiregate.MailStatus
	more   bool
	list   *hiregate.List[hiregate.MailItem]
	err    error
}

// New returns the mail log.
func New(c *ui.Context, api API) *Model {
	m := &Model{c: c, api: api}
	m.list.Columns = []list.Column{
		{Title: "Queued", Width: 16},
		{Title: "To", Width: 22},
		{Title: "Template", Width: 20},
		{Title: "Status", Width: 6},
		{Title: "Tries", Width: 5},
		{Title: "Last error"},
	}
	return m
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load(false) }

func (m *Model) load(more bool) tea.Cmd {
	f := hiregate.MailFilter{Status: statuses[m.status], Limit: hiregate.MaxPageLimit, Cursor: m.list.PageCursor(more)}
	m.list.Loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		l, err := m.api.Mail(ctx, f)
		return loadedMsg{status: f.Status, more: more, list: l, err: err}, err
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Mail log" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return false }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.w = w; m.list.SetSize(w, h-3) }

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.status != statuses[m.status] {
			return nil
		}
		m.list.Loaded(m.c, msg.list, msg.more, msg.err)
	case ui.RefreshMsg:
		return m.reload()
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.FilterStatus):
			m.status = choice.Step(m.status, len(statuses), 1)
			return m.reload()
		case key.Matches(msg, k.Templates):
			return ui.Open(ui.PageMailTemplates, "")
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
	return []string{m.c.Time(e.CreatedAt), e.To, e.Template, string(e.Status), strconv.Itoa(e.Attempts), e.LastError}
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	which := "every status"
	if st := statuses[m.status]; st != "" {
		which = string(st)
	}
	head := confirm.Head(s, m.w, nil, m.list.Err, s.Subtle.Render("Showing "+which+", newest first  "+m.list.Position()))
	empty := "No mail."
	if m.list.Loading {
		empty = "Loading…"
	}
	// The selected mail in full: the error column is the first cut.
	var detail string
	if e := m.list.Selected(); e != nil {
		line := e.Subject
		if line == "" {
			line = "(not rendered yet)"
		}
		if e.SentAt != nil {
			line += " · sent " + m.c.Time(*e.SentAt)
		}
		if e.LastError != "" {
			line += " · " + e.LastError
		}
		detail = s.Subtle.Render(line)
	}
	return head + "\n" + detail + "\n" + m.list.Show(s, empty, m.row)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{keys.With(k.FilterStatus, "next status"), k.Templates, k.Down}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), m.list.KeyBindings(k), {k.Refresh}}
}
