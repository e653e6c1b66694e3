package list_test

import (
	"errors"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
	"github.com/hiregate/hiregate/tui/widgets/list"
)

func page(from, to int, next string) *hiregate.List[int] {
	l := &hiregate.List[int]{}
	for i := from; i < to; i++ {
		l.Items = append(l.Items, i)
	}
	if next != "" {
		l.NextCursor = &next
	}
	return l
}

func TestPaged(t *testing.T) {
	c := uitest.Context(ui.Context{})
	k := keys.DefaultKeyMap()
	end := tea.KeyMsg{Type: tea.KeyEnd}

	var p list.Paged[int]
	p.SetSize(80, 11) // ten rows
	if got := p.PageCursor(true); got != "" {
		t.Fatalf("PageCursor before any page = %q", got)
	}
	if !p.Loaded(c, page(0, 20, "c2"), false, nil) {
		t.Fatal("Loaded failed on a page")
	}
	if got := p.Status(); got != "1/20+" {
		t.Errorf("Status = %q, want 1/20+", got)
	}
	if got := p.PageCursor(true); got != "c2" {
		t.Errorf("PageCursor(more) = %q, want c2", got)
	}
	if got := p.PageCursor(false); got != "" {
		t.Errorf("PageCursor(first) = %q, want empty", got)
	}
	if used, more := p.Navigate(end, k); !used || !more {
		t.Errorf("Navigate(end) = %v, %v; want the next page asked for", used, more)
	}
	if used, _ := p.Navigate(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("z")}, k); used {
		t.Error("Navigate used z")
	}
	p.Loaded(c, page(20, 25, ""), true, nil)
	if got := p.Status(); got != "20/25" {
		t.Errorf("Status after the last page = %q, want 20/25", got)
	}
	if _, more := p.Navigate(end, k); more {
		t.Error("Navigate asked for a page after the last one")
	}
	if s := p.Selected(); s == nil || *s != 24 {
		t.Errorf("Selected = %v, want 24", s)
	}
	if !p.Replace(99, func(v *int) bool { return *v == 3 }) || p.Items[3] != 99 {
		t.Errorf("Replace did not replace item 3: %v", p.Items[:5])
	}
	if p.Loaded(c, nil, false, errors.New("boom")) || p.Err != "boom" || len(p.Items) != 25 {
		t.Errorf("a failed fetch: err %q, %d items; want the error and the items kept", p.Err, len(p.Items))
	}
	p.Loaded(c, page(0, 0, ""), false, nil)
	if p.Err != "" || p.Selected() != nil || p.Status() != "0/0" {
		t.Errorf("an empty first page: err %q, selected %v, status %q", p.Err, p.Selected(), p.Status())
	}
}
