// Package sessions lists live sessions with revoking one and all of them:
// the signed-in user's own, or, for an admin, another user's.
package sessions

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
	"github.com/hiregate/hiregate/tui/widgets/list"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	LogoutAll(ctx context.Context) error
	Sessions(ctx context.Context) ([]hiregate.Session, error)
	RevokeSession(ctx context.Context, id string) error
}

// AdminAPI is what the screen calls for another user's sessions.
type AdminAPI interface {
	UserSessions(ctx context.Context, userID string) ([]hiregate.Session, error)
	RevokeUserSession(ctx context.Context, userID, sessionID string) error
	RevokeUserSessions(ctx context.Context, userID string) error
}

// Model is the sessions screen.
type Model struct {
	w        int // the width questions and errors wrap to
	c        *ui.Context
	api      API
	admin    AdminAPI
	of       *hiregate.User // whose sessions, when not the caller's
	list     list.List
	sessions []hiregate.Session
	confirm  confirm.Confirm
	loading  bool
	err      string
}

type loadedMsg struct {
	sessions []hiregate.Session
	err      error
}

type revokedMsg struct {
	id      string
	current bool
	err     error
}

// New returns the sessions screen.
func New(c *ui.Context, api API) *Model {
	m := &Model{c: c, api: api}
	m.list.Columns = []list.Column{
		{Title: "", Width: 4},
		{Title: "Signed in", Width: 16},
		{Title: "Last used", Width: 16},
		{Title: "Address", Width: 15},
		{Title: "Client"},
	}
	return m
}

// ForUser returns the sessions screen of another user, for an admin.
func ForUser(c *ui.Context, api AdminAPI, of *hiregate.User) *Model {
	m := New(c, nil)
	m.admin, m.of = api, of
	return m
}

// allEnded is the answer to ending every session of another user.
type allEndedMsg struct{ err error }

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	m.loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		var s []hiregate.Session
		var err error
		if m.of != nil {
			s, err = m.admin.UserSessions(ctx, m.of.ID)
		} else {
			s, err = m.api.Sessions(ctx)
		}
		return loadedMsg{s, err}, err
	})
}

// Title implements ui.Component.
func (m *Model) Title() string {
	if m.of != nil {
		return "Sessions of " + m.of.Email
	}
	return "Sessions"
}

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return false }

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.confirm.Active() }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) { m.w = w; m.list.SetSize(w, h-2) }

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		m.loading = false
		if m.c.Fail(&m.err, msg.err) {
			return nil
		}
		m.sessions = msg.sessions
		m.list.SetLen(len(m.sessions))
	case allEndedMsg:
		m.loading = false
		if m.c.Fail(&m.err, msg.err) {
			return nil
		}
		return tea.Batch(m.load(), ui.Flash("Every session of "+m.of.Email+" ended; the account stays active", false))
	case revokedMsg:
		m.loading = false
		if m.c.Fail(&m.err, msg.err) {
			return nil
		}
		if msg.current && m.of == nil {
			return func() tea.Msg { return ui.LoggedOutMsg{Notice: "You revoked this session: signed out"} }
		}
		for i, s := range m.sessions {
			if s.ID == msg.id {
				m.sessions = append(m.sessions[:i], m.sessions[i+1:]...)
				break
			}
		}
		m.list.SetLen(len(m.sessions))
		return ui.Flash("Session revoked", false)
	case ui.RefreshMsg:
		return m.load()
	case tea.KeyMsg:
		if m.confirm.Active() {
			return m.confirm.Update(msg, k)
		}
		i := m.list.Cursor()
		switch {
		case key.Matches(msg, k.Revoke) && i >= 0:
			s := m.sessions[i]
			// Which client, from where, last used when: an address alone
			// does not tell two devices apart.
			prompt := fmt.Sprintf("Revoke the session of %s from %s (last used %s)?", clientName(s.UserAgent), s.IP, m.c.Time(s.LastUsedAt))
			if s.Current {
				prompt = "Revoke this session? You will be signed out."
			}
			m.confirm.Ask(prompt, func() tea.Cmd {
				m.loading = true
				return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
					var err error
					if m.of != nil {
						err = m.admin.RevokeUserSession(ctx, m.of.ID, s.ID)
					} else {
						err = m.api.RevokeSession(ctx, s.ID)
					}
					return revokedMsg{s.ID, s.Current, err}, err
				})
			})
		case key.Matches(msg, k.LogoutAll) && m.of != nil:
			m.confirm.Ask("End every session of "+m.of.Email+"? The account stays active: they sign in again.", func() tea.Cmd {
				m.loading = true
				return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
					err := m.admin.RevokeUserSessions(ctx, m.of.ID)
					return allEndedMsg{err}, err
				})
			})
		case key.Matches(msg, k.LogoutAll):
			m.confirm.Ask("Sign out of every session, this one included?", func() tea.Cmd {
				return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
					if err := m.api.LogoutAll(ctx); err != nil {
						return revokedMsg{err: err}, err
					}
					return ui.LoggedOutMsg{Notice: "Signed out everywhere"}, nil
				})
			})
		case key.Matches(msg, k.Refresh):
			return m.load()
		default:
			m.list.Update(msg, k)
		}
	}
	return nil
}

func (m *Model) row(i int) []string {
	s := m.sessions[i]
	cur := ""
	if s.Current {
		cur = "this"
	}
	return []string{cur, m.c.Time(s.CreatedAt), m.c.Time(s.LastUsedAt), s.IP, s.UserAgent}
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	line := "Where you are signed in; \"this\" marks this terminal."
	if m.of != nil {
		line = "Where " + m.of.Email + " is signed in. Ending sessions is audited."
	}
	head := confirm.Head(s, m.w, &m.confirm, m.err, s.Subtle.Render(line))
	empty := "No live sessions."
	if m.loading {
		empty = "Loading…"
	} else if m.err != "" {
		empty = "Nothing loaded: ctrl+r tries again."
	}
	return head + "\n" + m.list.View(s, empty, m.row)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.confirm.Active() {
		return m.confirm.KeyBindings(k)
	}
	if m.of != nil {
		return []key.Binding{k.Up, k.Down, k.Revoke, keys.With(k.LogoutAll, "end all"), k.Refresh}
	}
	return []key.Binding{k.Up, k.Down, k.Revoke, k.LogoutAll}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{m.ShortHelp(), {m.c.Keys.Refresh}}
}

// clientName is a session's user agent, cut to what fits in a question.
func clientName(ua string) string {
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return "an unnamed client"
	}
	if r := []rune(ua); len(r) > 30 {
		return string(r[:29]) + "…"
	}
	return ua
}
