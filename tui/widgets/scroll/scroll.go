// Package scroll is the scrollable body of a detail screen.
package scroll

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
)

// Scroll is the scrollable body of a detail screen, under one head line.
type Scroll struct {
	viewport.Model
}

// New returns an empty body.
func New() Scroll { return Scroll{viewport.New(80, 10)} }

// SetSize fits the body under the head line of a w×h screen.
func (v *Scroll) SetSize(w, h int) { v.Width, v.Height = w, max(1, h-2) }

// Update scrolls with a key: the viewport's own, and the lists' keys for
// the first and the last line, so a long body (many notes) is one key
// from its end.
func (v *Scroll) Update(msg tea.Msg, k *keys.KeyMap) tea.Cmd {
	if km, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(km, k.Top):
			v.GotoTop()
			return nil
		case key.Matches(km, k.Bottom):
			v.GotoBottom()
			return nil
		}
	}
	var cmd tea.Cmd
	v.Model, cmd = v.Model.Update(msg)
	return cmd
}

// Percent says how far down the body is scrolled, for the head line; it
// is empty when the whole body is in view, where a bare "100%" reads as
// nothing in particular.
func (v *Scroll) Percent(s *styles.Styles) string {
	if v.TotalLineCount() <= v.Height {
		return ""
	}
	return s.Subtle.Render(fmt.Sprintf("scrolled %.f%% (↑/↓)", v.ScrollPercent()*100))
}

// Under renders head, then the body when there is one to show.
func (v *Scroll) Under(head string, loaded bool) string {
	if !loaded {
		return head
	}
	return head + "\n" + v.View()
}

// Keys are the keys of a detail screen's full help.
func Keys(k *keys.KeyMap) []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Refresh}
}
