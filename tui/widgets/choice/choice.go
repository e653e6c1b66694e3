// Package choice is the one-line choice among a few options: how it is
// drawn and the keys that move it.
package choice

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
)

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
		*i = Step(*i, n, -1)
	case key.Matches(msg, k.Right), key.Matches(msg, k.Down), msg.String() == "tab":
		*i = Step(*i, n, 1)
	default:
		return false
	}
	return true
}

// Sideways moves choice i among n options with ← and →, tab or space,
// for a choice whose ↑ and ↓ mean something else; it reports whether the
// key was one of them.
func Sideways(i *int, n int, msg tea.KeyMsg, k *keys.KeyMap) bool {
	switch {
	case key.Matches(msg, k.Left):
		*i = Step(*i, n, -1)
	case key.Matches(msg, k.Right), msg.String() == "tab", msg.String() == " ":
		*i = Step(*i, n, 1)
	default:
		return false
	}
	return true
}

// Step moves index i of n options by d, wrapping around at either end.
func Step(i, n, d int) int { return ((i+d)%n + n) % n }
