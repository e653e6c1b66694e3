package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
)

// Fail records the outcome of a request in *msg: err's text for the user,
// or "" when it succeeded. It reports whether err is an error.
func (c *Context) Fail(msg *string, err error) bool {
	*msg = c.ErrorText(err)
	return err != nil
}

// Head is the line above a screen's content: an open question wins, so the
// user reads it where they look, then an error, then the screen's own line.
func Head(s *styles.Styles, q *Confirm, err, normal string) string {
	switch {
	case q != nil && q.Active():
		return q.View(s)
	case err != "":
		return s.Error.Render(err)
	}
	return normal
}

// Options renders a one-line choice, the chosen option in brackets so it
// shows without colour too; focused highlights it.
func Options(s *styles.Styles, opts []string, chosen int, focused bool) string {
	out := make([]string, len(opts))
	for i, o := range opts {
		switch {
		case i == chosen && focused:
			out[i] = s.Selected.Render("[" + o + "]")
		case i == chosen:
			out[i] = "[" + o + "]"
		default:
			out[i] = " " + o + " "
		}
	}
	return strings.Join(out, " ")
}

// Cycle moves choice i among n options with the keys of a choice (←/↑
// back, →/↓/tab on); it reports whether the key was one of them.
func Cycle(i *int, n int, msg tea.KeyMsg, k *keys.KeyMap) bool {
	switch {
	case key.Matches(msg, k.Left), key.Matches(msg, k.Up):
		*i = (*i + n - 1) % n
	case key.Matches(msg, k.Right), key.Matches(msg, k.Down), msg.String() == "tab":
		*i = (*i + 1) % n
	default:
		return false
	}
	return true
}

// Scroll is the scrollable body of a detail screen, under one head line.
type Scroll struct {
	viewport.Model
}

// NewScroll returns an empty body.
func NewScroll() Scroll { return Scroll{viewport.New(80, 10)} }

// SetSize fits the body under the head line of a w×h screen.
func (v *Scroll) SetSize(w, h int) { v.Width, v.Height = w, max(1, h-2) }

// Update scrolls with a key.
func (v *Scroll) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	v.Model, cmd = v.Model.Update(msg)
	return cmd
}

// Percent is how far down the body is scrolled, for the head line.
func (v *Scroll) Percent(s *styles.Styles) string {
	return s.Subtle.Render(fmt.Sprintf("%3.f%%", v.ScrollPercent()*100))
}

// Under renders head, then the body when there is one to show.
func (v *Scroll) Under(head string, loaded bool) string {
	if !loaded {
		return head
	}
	return head + "\n" + v.View()
}

// ScrollKeys are the keys of a detail screen's full help.
func ScrollKeys(k *keys.KeyMap) []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Refresh}
}
