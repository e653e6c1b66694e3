// Package mailtemplates is the admin's editor of the mail templates: the
// list (overridden or default), and an in-app editor of one template's
// subject and body. A template the server refuses (422 naming the line)
// stays as typed, with the server's words next to the field.
package mailtemplates

import (
	"context"
	"strings"

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
	MailTemplates(ctx context.Context) ([]hiregate.MailTemplate, error)
	PutMailTemplate(ctx context.Context, name string, in hiregate.MailTemplateInput) (*hiregate.MailTemplate, error)
	DeleteMailTemplate(ctx context.Context, name string) (*hiregate.MailTemplate, error)
}

// Templates longer than this are not the editor's business.
const maxTemplateLen = 20000

// Model is the template screen.
type Model struct {
	c    *ui.Context
	api  API
	list list.Paged[hiregate.MailTemplate]
	// edit is the open editor (nil when listing); editing names its
	// template.
	edit    *form.Form
	editing *hiregate.MailTemplate
	saving  bool
	q       confirm.Confirm
	w, h    int
}

type loadedMsg struct {
	items []hiregate.MailTemplate
	err   error
}

type savedMsg struct {
	t       *hiregate.MailTemplate
	restore bool
	err     error
}

// New returns the template screen.
func New(c *ui.Context, api API) *Model {
	m := &Model{c: c, api: api}
	m.list.Columns = []list.Column{{Title: "Template", Width: 20}, {Title: "", Width: 10}, {Title: "Subject"}}
	return m
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	m.list.Loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		items, err := m.api.MailTemplates(ctx)
		return loadedMsg{items, err}, err
	})
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Mail templates" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return m.edit != nil }

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.edit != nil || m.q.Active() }

// Unsaved implements ui.Unsaved.
func (m *Model) Unsaved() bool { return m.edit != nil && m.edit.Changed() }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.list.SetSize(w, h-3)
	if m.edit != nil {
		m.edit.SetSize(w, h-3)
	}
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		m.list.Loading = false
		if m.c.Fail(&m.list.Err, msg.err) {
			return nil
		}
		m.list.Items = msg.items
		m.list.SetLen(len(msg.items))
	case savedMsg:
		m.saving = false
		if msg.err != nil {
			if m.edit != nil {
				// The text stays as typed; the line is next to its field.
				m.edit.SetError(m.c, msg.err)
				return nil
			}
			m.c.Fail(&m.list.Err, msg.err)
			return nil
		}
		m.edit, m.editing = nil, nil
		flash := "Template " + msg.t.Name + " saved"
		if msg.restore {
			flash = "Template " + msg.t.Name + " is the default again"
		}
		return tea.Batch(m.load(), ui.Flash(flash, false))
	case ui.RefreshMsg:
		if m.edit == nil {
			return m.load()
		}
	case tea.KeyMsg:
		if m.q.Active() {
			return m.q.Update(msg, k)
		}
		if m.edit != nil {
			return m.updateEdit(msg)
		}
		sel := m.list.Selected()
		switch {
		case sel != nil && (key.Matches(msg, k.Open) || key.Matches(msg, k.EditText)):
			return m.open(sel)
		case sel != nil && !sel.Default && key.Matches(msg, k.RestoreDef):
			name := sel.Name
			m.q.Ask("Restore the default "+name+" template?", func() tea.Cmd {
				return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
					t, err := m.api.DeleteMailTemplate(ctx, name)
					return savedMsg{t: t, restore: true, err: err}, err
				})
			})
		case key.Matches(msg, k.Refresh):
			return m.load()
		default:
			m.list.Navigate(msg, k)
		}
	default:
		if m.edit != nil {
			cmd, _ := m.edit.Update(msg, k)
			return cmd
		}
	}
	return nil
}

func (m *Model) open(t *hiregate.MailTemplate) tea.Cmd {
	tc := *t
	m.editing = &tc
	m.edit = form.New(form.Text("subject", "Subject", maxTemplateLen), form.Area("body", "Body", maxTemplateLen))
	m.edit.Field("subject").SetValue(t.Subject)
	m.edit.Field("body").SetValue(t.Body)
	m.edit.MarkClean()
	m.edit.SetSize(m.w, m.h-3)
	return m.edit.Focus(1)
}

func (m *Model) updateEdit(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if m.saving {
		return nil
	}
	if key.Matches(msg, k.Back) {
		if !m.edit.Changed() {
			m.edit, m.editing = nil, nil
			return nil
		}
		m.q.Ask("Discard your changes to "+m.editing.Name+"?", func() tea.Cmd {
			m.edit, m.editing = nil, nil
			return nil
		})
		return nil
	}
	cmd, submit := m.edit.Update(msg, k)
	if !submit {
		return cmd
	}
	name := m.editing.Name
	in := hiregate.MailTemplateInput{Subject: strings.TrimSpace(m.edit.Field("subject").Value()), Body: m.edit.Field("body").Value()}
	m.saving = true
	m.edit.ClearErrors()
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		t, err := m.api.PutMailTemplate(ctx, name, in)
		return savedMsg{t: t, err: err}, err
	})
}

func (m *Model) row(i int) []string {
	t := m.list.Items[i]
	state := "changed"
	if t.Default {
		state = "default"
	}
	return []string{t.Name, state, t.Subject}
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	if m.edit != nil {
		hint := "Editing " + m.editing.Name + " · fields: " + strings.Join(m.editing.Keys, ", ")
		return confirm.Head(s, m.w, &m.q, "", "") + m.edit.Page(s, hint, m.saving)
	}
	head := confirm.Head(s, m.w, &m.q, m.list.Err, s.Subtle.Render("Text/template; the server checks every field a template uses"))
	empty := "No templates."
	if m.list.Loading {
		empty = "Loading…"
	}
	return head + "\n\n" + m.list.Show(s, empty, m.row)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.q.Active():
		return m.q.KeyBindings(k)
	case m.edit != nil:
		return []key.Binding{keys.With(k.SubmitAlt, "save"), k.NextField, keys.With(k.Back, "cancel")}
	}
	return []key.Binding{keys.With(k.Open, "edit"), k.RestoreDef, k.Down}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{m.ShortHelp()}
}
