// Package confirm asks a yes/no question before an action that changes
// data, on the line above a screen's content.
package confirm

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
)

// Confirm asks a yes/no question before an action that changes data.
type Confirm struct {
	prompt string
	yes    func() tea.Cmd
}

// Ask shows prompt; yes runs when the user answers y.
func (c *Confirm) Ask(prompt string, yes func() tea.Cmd) {
	c.prompt, c.yes = prompt, yes
}

// Withdraw closes the question unanswered: what it asked about changed.
func (c *Confirm) Withdraw() { c.yes = nil }

// Active reports whether a question is waiting for an answer.
func (c *Confirm) Active() bool { return c.yes != nil }

// Update answers the question with a key. Every key is used while a
// question is open, so nothing else happens by accident.
func (c *Confirm) Update(msg tea.KeyMsg, k *keys.KeyMap) tea.Cmd {
	yes := c.yes
	switch {
	case key.Matches(msg, k.Yes):
		c.yes = nil
		return yes()
	case key.Matches(msg, k.No):
		c.yes = nil
	}
	return nil
}

// View renders the question.
func (c *Confirm) View(s *styles.Styles) string {
	if c.yes == nil {
		return ""
	}
	return s.Confirm.Render(c.prompt + " (y/n)")
}

// KeyBindings are the keys while a question is open.
func (c *Confirm) KeyBindings(k *keys.KeyMap) []key.Binding {
	return []key.Binding{k.Yes, keys.With(k.No, "no")}
}

// Head is the line above a screen's content: an open question wins, so the
// user reads it where they look, then an error, then the screen's own line.
func Head(s *styles.Styles, w int, q *Confirm, err, normal string) string {
	switch {
	case q != nil && q.Active():
		return wrap(q.View(s), w)
	case err != "":
		return wrap(s.Error.Render(err), w)
	}
	return normal
}

// wrap folds a question or an error to w columns: its end ("…refused",
// "(y/n)") is the part that matters.
func wrap(v string, w int) string {
	if w <= 0 {
		return v
	}
	return ansi.Wrap(v, w, " ")
}
