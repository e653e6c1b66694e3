// Package search is the search-as-you-type box of the list screens.
package search

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
)

// Delay is how long typing must pause before a search is sent, so a
// fast typist sends one request, not one per key.
const Delay = 250 * time.Millisecond

// Search is a search-as-you-type box. Its placeholder tells how to use it
// in both states: how to get in when it has no focus, what to type when it
// has.
type Search struct {
	Input textinput.Model
	// what names what is searched, for the placeholders.
	what string
	seq  int
}

// searchTickMsg fires Delay after a change; only the latest one of
// its own box counts.
type searchTickMsg struct {
	s   *Search
	seq int
}

// New returns a search box over what ("title, description, location").
func New(what string) *Search {
	in := textinput.New()
	in.Prompt = "/ "
	in.CharLimit = hiregate.MaxSearchLen
	s := &Search{Input: in, what: what}
	s.Blur()
	return s
}

// Value is the text typed.
func (s *Search) Value() string { return s.Input.Value() }

// Focused reports whether typing goes into the box.
func (s *Search) Focused() bool { return s.Input.Focused() }

// Focus sends typing into the box.
func (s *Search) Focus() tea.Cmd {
	s.Input.Placeholder = "type to search " + s.what + " (enter/esc: back to the list)"
	return s.Input.Focus()
}

// Blur gives the keys back to the list.
func (s *Search) Blur() {
	s.Input.Placeholder = "press / to search " + s.what
	s.Input.Blur()
}

// SetWidth sets the box's width on a screen w columns wide.
func (s *Search) SetWidth(w int) { s.Input.Width = max(10, w-4) }

// Update types a key into the focused box. Keys that leave the box (esc,
// enter, ↓, tab) blur it. A change schedules a search Delay later.
func (s *Search) Update(msg tea.KeyMsg, k *keys.KeyMap) tea.Cmd {
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.Open), key.Matches(msg, k.Down), key.Matches(msg, k.NextField):
		s.Blur()
		return nil
	case key.Matches(msg, k.Search) && s.Input.Value() == "":
		// Already searching: "/" out of habit is not part of the query.
		return nil
	}
	before := s.Input.Value()
	var cmd tea.Cmd
	s.Input, cmd = s.Input.Update(msg)
	if s.Input.Value() == before {
		return cmd
	}
	s.seq++
	tick := searchTickMsg{s: s, seq: s.seq}
	return tea.Batch(cmd, tea.Tick(Delay, func(time.Time) tea.Msg { return tick }))
}

// Due reports whether msg says the search should be sent now: the typing
// it was scheduled for is the latest in this box.
func (s *Search) Due(msg tea.Msg) bool {
	t, ok := msg.(searchTickMsg)
	return ok && t.s == s && t.seq == s.seq
}

// View renders the box.
func (s *Search) View() string { return s.Input.View() }

// Help is the help line while the box has the focus.
func (s *Search) Help() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/esc", "done searching"))}
}

// Stray reports whether msg is a printable key a list screen has no use
// for: the user is probably trying to search.
func Stray(msg tea.KeyMsg) bool {
	return msg.Type == tea.KeyRunes && !msg.Paste && len(msg.Runes) > 0
}
