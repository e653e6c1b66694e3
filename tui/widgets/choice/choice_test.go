package choice_test

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/widgets/choice"
)

func TestCycle(t *testing.T) {
	k := keys.DefaultKeyMap()
	tests := []struct {
		key      tea.KeyMsg
		from     int
		want     int
		wantUsed bool
	}{
		{tea.KeyMsg{Type: tea.KeyRight}, 2, 0, true},
		{tea.KeyMsg{Type: tea.KeyLeft}, 0, 2, true},
		{tea.KeyMsg{Type: tea.KeyTab}, 1, 2, true},
		{tea.KeyMsg{Type: tea.KeyEnter}, 1, 1, false},
	}
	for _, tt := range tests {
		i := tt.from
		if used := choice.Cycle(&i, 3, tt.key, k); used != tt.wantUsed || i != tt.want {
			t.Errorf("Cycle(%s) from %d = %d, used %v; want %d, %v", tt.key, tt.from, i, used, tt.want, tt.wantUsed)
		}
	}
}

func TestStep(t *testing.T) {
	tests := []struct{ i, n, d, want int }{
		{0, 3, 1, 1}, {2, 3, 1, 0}, {0, 3, -1, 2}, {1, 3, -1, 0}, {0, 1, 1, 0}, {1, 3, 4, 2}, {1, 3, -4, 0},
	}
	for _, tt := range tests {
		if got := choice.Step(tt.i, tt.n, tt.d); got != tt.want {
			t.Errorf("Step(%d, %d, %d) = %d, want %d", tt.i, tt.n, tt.d, got, tt.want)
		}
	}
}
