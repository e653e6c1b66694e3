// Package sshkeys lists the public keys linked to the signed-in user's
// account, with linking a pasted key and unlinking one. A session of the
// SSH gateway that authenticates with a linked key starts signed in.
package sshkeys

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
	"github.com/hiregate/hiregate/tui/widgets/form"
	"github.com/hiregate/hiregate/tui/widgets/list"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	SSHKeys(ctx context.Context) ([]hiregate.SSHKey, error)
	AddSSHKey(ctx context.Context, r hiregate.AddSSHKeyRequest) (*hiregate.SSHKey, error)
	RemoveSSHKey(ctx context.Context, id string) error
}

// Model is the SSH keys screen.
type Model struct {
	c       *ui.Context
	api     API
	list    list.List
	keys    []hiregate.SSHKey
	confirm confirm.Confirm
	// form is the key being linked; nil while listing.
	form    *form.Form
	loading bool
	saving  bool
	err     string
	w, h    int
}

type loadedMsg struct {
	keys []hiregate.SSHKey
	err  error
}

type addedMsg struct {
	key *hiregate.SSHKey
	err error
}

type removedMsg struct {
	id  string
	err error
}

// New returns the SSH keys screen.
func New(c *ui.Context, api API) *Model {
	m := &Model{c: c, api: api}
	m.list.Columns = []list.Column{
		{Title: "Name", Width: 18},
		{Title: "Fingerprint", Width: 51},
		{Title: "Last used", Width: 16},
		{Title: "Type"},
	}
	return m
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	m.loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		k, err := m.api.SSHKeys(ctx)
		return loadedMsg{k, err}, err
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "SSH keys" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return m.form != nil && m.form.Capturing() }

// Modal implements ui.Modal: esc leaves the form, not the screen.
func (m *Model) Modal() bool { return m.confirm.Active() || m.form != nil }

// Unsaved implements ui.Unsaved.
func (m *Model) Unsaved() bool { return m.form != nil && m.form.Changed() }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.list.SetSize(w, h-3)
	if m.form != nil {
		m.form.SetSize(w, h-3)
	}
}

func (m *Model) openForm() tea.Cmd {
	m.form = form.New(
		form.Text("public_key", "Public key", hiregate.MaxSSHPublicKeyLen).WithPlaceholder("ssh-ed25519 AAAA… you@laptop"),
		form.Text("name", "Name", hiregate.MaxSSHKeyNameLen).WithPlaceholder("the key's comment"),
	)
	m.form.SetSize(m.w, m.h-3)
	m.err = ""
	return m.form.Focus(0)
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		m.loading = false
		if m.c.Fail(&m.err, msg.err) {
			return nil
		}
		m.keys = msg.keys
		m.list.SetLen(len(m.keys))
	case addedMsg:
		m.saving = false
		if msg.err != nil {
			if m.form != nil {
				m.form.SetError(m.c, msg.err)
			}
			return nil
		}
		m.form = nil
		m.keys = append(m.keys, *msg.key)
		m.list.SetLen(len(m.keys))
		return ui.Flash("Key "+msg.key.Fingerprint+" linked: ssh with it to start signed in", false)
	case removedMsg:
		m.loading = false
		if m.c.Fail(&m.err, msg.err) {
			return nil
		}
		for i, s := range m.keys {
			if s.ID == msg.id {
				m.keys = append(m.keys[:i], m.keys[i+1:]...)
				break
			}
		}
		m.list.SetLen(len(m.keys))
		return ui.Flash("Key unlinked", false)
	case ui.RefreshMsg:
		if m.form != nil {
			return nil
		}
		return m.load()
	case tea.KeyMsg:
		if m.confirm.Active() {
			return m.confirm.Update(msg, k)
		}
		if m.form != nil {
			return m.updateForm(msg, k)
		}
		i := m.list.Cursor()
		switch {
		case key.Matches(msg, k.New):
			return m.openForm()
		case key.Matches(msg, k.Revoke) && i >= 0:
			s := m.keys[i]
			m.confirm.Ask(fmt.Sprintf("Unlink %q (%s)? SSH sessions with it will ask for the password.", s.Name, s.Fingerprint), func() tea.Cmd {
				m.loading = true
				return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
					err := m.api.RemoveSSHKey(ctx, s.ID)
					return removedMsg{s.ID, err}, err
				})
			})
		case key.Matches(msg, k.Refresh):
			return m.load()
		default:
			m.list.Update(msg, k)
		}
	default:
		if m.form != nil {
			cmd, _ := m.form.Update(msg, k)
			return cmd
		}
	}
	return nil
}

func (m *Model) updateForm(msg tea.KeyMsg, k *keys.KeyMap) tea.Cmd {
	if key.Matches(msg, k.Back) {
		m.form = nil
		return nil
	}
	if m.saving {
		return nil
	}
	cmd, submit := m.form.Update(msg, k)
	if !submit {
		return cmd
	}
	req := hiregate.AddSSHKeyRequest{PublicKey: m.form.Field("public_key").Value(), Name: m.form.Field("name").Value()}
	m.form.ClearErrors()
	m.saving = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		key, err := m.api.AddSSHKey(ctx, req)
		return addedMsg{key, err}, err
	})
}

func (m *Model) row(i int) []string {
	s := m.keys[i]
	used := "never"
	if s.LastUsedAt != nil {
		used = m.c.Time(*s.LastUsedAt)
	}
	return []string{s.Name, s.Fingerprint, used, s.Type}
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	if m.form != nil {
		return m.form.Page(s, "Paste one line of a .pub file (cat ~/.ssh/id_ed25519.pub); enter on the last field links it, esc cancels.", m.saving)
	}
	head := confirm.Head(s, m.w, &m.confirm, m.err, s.Subtle.Render("Keys that sign you in over SSH without a password (the second factor is still asked)."))
	empty := "No keys linked: press n to paste one."
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
	switch {
	case m.confirm.Active():
		return m.confirm.KeyBindings(k)
	case m.form != nil:
		return append([]key.Binding{k.Submit, k.NextField}, keys.With(k.Back, "cancel"))
	}
	return []key.Binding{k.Up, k.Down, keys.With(k.New, "link a key"), keys.With(k.Revoke, "unlink")}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{m.ShortHelp(), {m.c.Keys.Refresh}}
}
