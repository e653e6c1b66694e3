package list

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
	"github.com/hiregate/hiregate/tui/ui"
)

// Paged is a List over items the server hands out a page at a time: it
// keeps the items, the cursor of the next page and the error of the last
// fetch, so a list screen holds only what it fetches and how it shows it.
type Paged[T any] struct {
	List
	Items []T
	// Next is the server's cursor of the next page, nil on the last one.
	Next    *string
	Loading bool
	Err     string
}

// PageCursor is the cursor to send: the next page's when more, else the
// first page's ("").
func (p *Paged[T]) PageCursor(more bool) string {
	if more && p.Next != nil {
		return *p.Next
	}
	return ""
}

// Reset forgets the next page, so the following fetch starts over.
func (p *Paged[T]) Reset() { p.Next = nil }

// Loaded takes the answer of a fetch: a later page is appended, a first
// page replaces the items. It reports whether the fetch succeeded.
func (p *Paged[T]) Loaded(c *ui.Context, l *hiregate.List[T], more bool, err error) bool {
	p.Loading = false
	if c.Fail(&p.Err, err) {
		return false
	}
	if more {
		p.Items = append(p.Items, l.Items...)
	} else {
		p.Items = l.Items
	}
	p.Next = l.NextCursor
	p.SetLen(len(p.Items))
	return true
}

// Navigate moves the selection with msg. used says whether the key was a
// move; more, that the selection came near the end of what is loaded
// while the server has more, so the caller should fetch the next page. A
// move clears the error line: it was about the row the user left.
func (p *Paged[T]) Navigate(msg tea.KeyMsg, k *keys.KeyMap) (used, more bool) {
	if !p.List.Update(msg, k) {
		return false, false
	}
	p.Err = ""
	return true, p.NearEnd() && p.Next != nil && !p.Loading
}

// Show renders the list like View; with no rows it says why: still
// loading, a load that failed (its error is the screen's error line), or
// empty, in the words of empty.
func (p *Paged[T]) Show(s *styles.Styles, empty string, row func(i int) []string) string {
	switch {
	case len(p.Items) > 0:
	case p.Loading:
		empty = "Loading…"
	case p.Err != "":
		empty = "Nothing loaded: ctrl+r tries again."
	}
	return p.View(s, empty, row)
}

// Selected is the selected item, nil when there is none.
func (p *Paged[T]) Selected() *T {
	if i := p.Cursor(); i >= 0 && i < len(p.Items) {
		return &p.Items[i]
	}
	return nil
}

// Status is the selection's position, with a "+" while more pages wait
// on the server.
func (p *Paged[T]) Status() string {
	s := p.Position()
	if p.Next != nil {
		s += "+"
	}
	return s
}

// Replace swaps in v for every item same says it replaces, and reports
// whether there was one.
func (p *Paged[T]) Replace(v T, same func(*T) bool) bool {
	found := false
	for i := range p.Items {
		if same(&p.Items[i]) {
			p.Items[i], found = v, true
		}
	}
	return found
}
