package list_test

import (
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
	"github.com/hiregate/hiregate/tui/ui/uitest"
	"github.com/hiregate/hiregate/tui/widgets/list"
)

func TestListRendersOnlyVisibleRows(t *testing.T) {
	uitest.PinColors()
	s, k := styles.New(true), keys.DefaultKeyMap()
	const n = 10000
	l := list.List{Columns: []list.Column{{Title: "N", Width: 6}, {Title: "Name"}}}
	l.SetSize(80, 20)
	l.SetLen(n)
	calls := 0
	row := func(i int) []string { calls++; return []string{strconv.Itoa(i), "row " + strconv.Itoa(i)} }

	steps := []struct {
		key  tea.KeyMsg
		want string
	}{
		{tea.KeyMsg{Type: tea.KeyDown}, "> 1"},
		{tea.KeyMsg{Type: tea.KeyPgDown}, "> 20"},
		{tea.KeyMsg{Type: tea.KeyEnd}, "> 9999"},
		{tea.KeyMsg{Type: tea.KeyUp}, "> 9998"},
		{tea.KeyMsg{Type: tea.KeyHome}, "> 0 "},
	}
	for _, st := range steps {
		calls = 0
		l.Update(st.key, k)
		v := l.View(s, "empty", row)
		if !strings.Contains(v, st.want) {
			t.Errorf("after %s the view lacks %q:\n%s", st.key, st.want, v)
		}
		if calls > 19 {
			t.Errorf("after %s View built %d rows of %d, want at most the 19 in view", st.key, calls, n)
		}
		if lines := strings.Count(v, "\n") + 1; lines > 20 {
			t.Errorf("after %s View has %d lines, want at most 20", st.key, lines)
		}
	}
	if got := l.Position(); got != "1/10000" {
		t.Errorf("Position() = %q, want 1/10000", got)
	}
}

func BenchmarkListView10k(b *testing.B) {
	s := styles.New(false)
	l := list.List{Columns: []list.Column{{Title: "N", Width: 6}, {Title: "Name"}, {Title: "Status", Width: 10, Style: s.StageText}}}
	l.SetSize(120, 40)
	l.SetLen(10000)
	l.SetCursor(5000)
	row := func(i int) []string {
		return []string{strconv.Itoa(i), "Candidate number " + strconv.Itoa(i), "interview"}
	}
	for b.Loop() {
		_ = l.View(s, "", row)
	}
}
