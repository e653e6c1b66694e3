// Package messages is the "Messages" pane of the application screen: the
// conversation between the candidate and the job's people, oldest at the
// top, with the input at the bottom. It reloads by itself on
// message.created events and never touches what is being typed when it
// does. Read marks live on the server (PUT .../messages/read), so unread
// counts agree on every device.
package messages

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/list"
	"github.com/hiregate/hiregate/tui/widgets/scroll"
)

// MaxPages bounds how many pages of messages the pane loads.
const MaxPages = 10

// inputLines is the height of the input.
const inputLines = 3

// API is the part of the client the pane calls.
type API interface {
	Messages(ctx context.Context, applicationID string, limit int, cursor string) (*hiregate.List[hiregate.Message], error)
	SendMessage(ctx context.Context, applicationID, body string) (*hiregate.Message, error)
	MarkMessagesRead(ctx context.Context, applicationID, messageID string) error
}

// Pane is the conversation of one application.
type Pane struct {
	c       *ui.Context
	api     API
	id      string
	msgs    []hiregate.Message
	more    bool
	vp      scroll.Scroll
	input   textarea.Model
	err     string
	sending bool
	loaded  bool
	events  live.Reload
	// read is the newest message marked read, so a mark is sent once.
	read string
	w, h int
}

type loadedMsg struct {
	pane *Pane
	msgs []hiregate.Message
	more bool
	err  error
}

type sentMsg struct {
	pane *Pane
	msg  *hiregate.Message
	err  error
}

type markedMsg struct{}

// New returns the pane of application id.
func New(c *ui.Context, api API, id string) *Pane {
	in := textarea.New()
	in.Placeholder = "Write a message…"
	in.ShowLineNumbers = false
	in.CharLimit = hiregate.MaxMessageLen
	in.SetHeight(inputLines)
	// Enter sends; a new line is alt+enter (or ctrl+j).
	in.KeyMap.InsertNewline = key.NewBinding(key.WithKeys("alt+enter", "ctrl+j"))
	return &Pane{c: c, api: api, id: id, vp: scroll.New(), input: in}
}

// Open focuses the input and (re)loads the conversation.
func (p *Pane) Open() tea.Cmd {
	return tea.Batch(p.input.Focus(), p.fetch())
}

// Close takes the focus away; the draft stays.
func (p *Pane) Close() { p.input.Blur() }

// Draft reports whether something is typed and not sent.
func (p *Pane) Draft() bool { return strings.TrimSpace(p.input.Value()) != "" }

func (p *Pane) fetch() tea.Cmd {
	return p.c.Call(func(ctx context.Context) (tea.Msg, error) {
		msgs, more, err := list.All(ctx, MaxPages, func(ctx context.Context, cursor string) (*hiregate.List[hiregate.Message], error) {
			return p.api.Messages(ctx, p.id, hiregate.MaxPageLimit, cursor)
		})
		return loadedMsg{pane: p, msgs: msgs, more: more, err: err}, err
	})
}

// About reports whether e is a new message of this application.
func (p *Pane) About(e client.Event) bool {
	return e.Type == hiregate.EventMessageCreated && e.Data.ApplicationID == p.id
}

// SetSize sets the pane's size.
func (p *Pane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.input.SetWidth(max(10, w))
	// Head line, the list, a rule and the input.
	p.vp.SetSize(w, max(3, h-inputLines-1))
	p.render()
}

// Update takes the pane's messages and, while it is open, keys.
func (p *Pane) Update(msg tea.Msg) tea.Cmd {
	k := p.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.pane != p {
			return nil
		}
		again := p.events.Done()
		if p.c.Fail(&p.err, msg.err) {
			return nil
		}
		p.msgs, p.more, p.loaded = msg.msgs, msg.more, true
		p.render()
		p.vp.GotoBottom()
		cmd := p.markRead()
		if again {
			return tea.Batch(cmd, p.fetch())
		}
		return cmd
	case sentMsg:
		if msg.pane != p {
			return nil
		}
		p.sending = false
		if p.c.Fail(&p.err, msg.err) {
			if f := ui.FieldErrors(msg.err); f["body"] != "" {
				p.err = "Message " + f["body"]
			}
			return nil
		}
		p.input.Reset()
		if !p.has(msg.msg.ID) {
			p.msgs = append(p.msgs, *msg.msg)
		}
		p.render()
		p.vp.GotoBottom()
		return p.markRead()
	case live.EventsMsg:
		if msg.Any(p.About) && p.events.Want() {
			return p.fetch()
		}
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Submit):
			return p.send()
		case key.Matches(msg, k.PageUp), key.Matches(msg, k.PageDown):
			return p.vp.Update(msg, k)
		}
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		return cmd
	default:
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		return cmd
	}
	return nil
}

func (p *Pane) has(id string) bool {
	for _, m := range p.msgs {
		if m.ID == id {
			return true
		}
	}
	return false
}

func (p *Pane) send() tea.Cmd {
	if p.sending {
		return nil
	}
	req := hiregate.CreateMessageRequest{Body: strings.TrimSpace(p.input.Value())}
	if err := req.Validate(); err != nil {
		p.err = "Message " + ui.FieldErrors(err)["body"]
		return nil
	}
	p.sending, p.err = true, ""
	return p.c.Call(func(ctx context.Context) (tea.Msg, error) {
		m, err := p.api.SendMessage(ctx, p.id, req.Body)
		return sentMsg{pane: p, msg: m, err: err}, err
	})
}

// markRead marks the newest message read, once.
func (p *Pane) markRead() tea.Cmd {
	if len(p.msgs) == 0 {
		return nil
	}
	last := p.msgs[len(p.msgs)-1].ID
	if last == p.read {
		return nil
	}
	p.read = last
	return p.c.Call(func(ctx context.Context) (tea.Msg, error) {
		// A lost mark only leaves a count up; the pane shows the text.
		_ = p.api.MarkMessagesRead(ctx, p.id, last)
		return markedMsg{}, nil
	})
}

func (p *Pane) render() {
	s := p.c.Styles
	wrap := lipgloss.NewStyle().Width(max(20, p.w-2))
	var b strings.Builder
	if p.more {
		b.WriteString(s.Subtle.Render("(only the first messages are shown)") + "\n")
	}
	if p.loaded && len(p.msgs) == 0 {
		b.WriteString(s.Subtle.Render("No messages yet: write the first below.") + "\n")
	}
	me := ""
	if p.c.User != nil {
		me = p.c.User.ID
	}
	for _, m := range p.msgs {
		who := m.Author.FullName
		if m.Author.ID == me {
			who = "You"
		} else if m.Author.Role != hiregate.RoleCandidate {
			who += " (" + string(m.Author.Role) + ")"
		}
		b.WriteString(s.Subtle.Render(p.c.Time(m.CreatedAt)+" ") + s.Title.Render(who) + "\n")
		b.WriteString(wrap.Render(m.Body) + "\n")
	}
	p.vp.SetContent(strings.TrimRight(b.String(), "\n"))
}

// View renders the pane: the head line, the conversation, the input.
func (p *Pane) View() string {
	s := p.c.Styles
	head := s.Section.Render("Messages")
	switch {
	case p.err != "":
		head += "  " + s.Error.Render(p.err)
	case p.sending:
		head += s.Subtle.Render("  sending…")
	case !p.loaded:
		head += s.Subtle.Render("  loading…")
	}
	return p.vp.Under(head, true) + "\n" + p.input.View()
}

// KeyBindings are the pane's keys.
func (p *Pane) KeyBindings() []key.Binding {
	k := p.c.Keys
	return []key.Binding{keys.With(k.Submit, "send"), keys.With(k.PageUp, "older"), keys.With(k.Back, "close")}
}
