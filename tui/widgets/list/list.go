// Package list is the table of the list screens: a virtual list that
// renders only the rows in view, and Paged, the same over items the server
// hands out a page at a time.
package list

import (
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
)

// Column is one column of a List. A column with Width 0 shares the width
// the others leave.
type Column struct {
	Title string
	Width int
	// Style, when set, styles the cell of a row that is not selected.
	Style func(v string) string
}

// List is a table that renders only the rows in view, so a list of ten
// thousand rows costs the same per frame as a list of ten.
type List struct {
	Columns []Column
	n       int
	cursor  int
	offset  int
	width   int
	height  int
}

// SetSize sets the width and the height in lines, header included.
func (l *List) SetSize(w, h int) {
	l.width, l.height = w, h
	l.clamp()
}

// SetLen says how many rows there are now.
func (l *List) SetLen(n int) {
	l.n = n
	l.clamp()
}

// Len is the number of rows.
func (l *List) Len() int { return l.n }

// Cursor is the index of the selected row, -1 when the list is empty.
func (l *List) Cursor() int {
	if l.n == 0 {
		return -1
	}
	return l.cursor
}

// SetCursor selects row i.
func (l *List) SetCursor(i int) {
	l.cursor = i
	l.clamp()
}

// NearEnd reports whether the selection is close enough to the last row
// that the next page should be fetched.
func (l *List) NearEnd() bool { return l.n == 0 || l.cursor >= l.n-l.rows()-1 }

func (l *List) rows() int { return max(1, l.height-1) }

func (l *List) clamp() {
	l.cursor = max(0, min(l.cursor, l.n-1))
	rows := l.rows()
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+rows {
		l.offset = l.cursor - rows + 1
	}
	l.offset = max(0, min(l.offset, l.n-rows))
}

// Update moves the selection; it reports whether it used the key.
func (l *List) Update(msg tea.KeyMsg, k *keys.KeyMap) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.cursor--
	case key.Matches(msg, k.Down):
		l.cursor++
	case key.Matches(msg, k.PageUp):
		l.cursor -= l.rows()
	case key.Matches(msg, k.PageDown):
		l.cursor += l.rows()
	case key.Matches(msg, k.Top):
		l.cursor = 0
	case key.Matches(msg, k.Bottom):
		l.cursor = l.n - 1
	default:
		return false
	}
	l.clamp()
	return true
}

// KeyBindings are the keys Update uses, for help.
func (l *List) KeyBindings(k *keys.KeyMap) []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// widths gives each column the width its content needs, from the title
// and the rows in view: a column with Width set takes what it needs up to
// Width; the others share what is left so that a short column is shown
// whole before a long one grows (no 68-column title beside a cut
// location). When even that does not fit, the widest fixed columns give
// way first, down to their title.
func (l *List) widths(rows [][]string) []int {
	n := len(l.Columns)
	need := make([]int, n)
	for i, c := range l.Columns {
		need[i] = lipgloss.Width(c.Title)
		for _, r := range rows {
			if i < len(r) {
				need[i] = max(need[i], lipgloss.Width(oneLine(r[i])))
			}
		}
		if c.Width > 0 {
			need[i] = min(need[i], max(c.Width, lipgloss.Width(c.Title)))
		}
	}
	ws := make([]int, n)
	rest := l.width - 2 - max(0, n-1) // the selection marker, the gaps
	var flex []int
	for i, c := range l.Columns {
		if c.Width > 0 {
			ws[i] = need[i]
			rest -= ws[i]
		} else {
			flex = append(flex, i)
		}
	}
	floor := 0
	for _, i := range flex {
		floor += min(need[i], minFlex)
	}
	for rest < floor {
		w := -1
		for i, c := range l.Columns {
			if c.Width > 0 && ws[i] > max(lipgloss.Width(c.Title), minFlex) && (w < 0 || ws[i] > ws[w]) {
				w = i
			}
		}
		if w < 0 {
			break
		}
		ws[w]--
		rest++
	}
	share(ws, need, flex, max(rest, floor))
	return ws
}

// minFlex is the narrowest a shared column gets while it has content.
const minFlex = 8

// share splits room between the columns idx by water-filling: in order of
// need, each takes its need or an equal share of what is left, whichever
// is less; room nobody needs goes to the last column.
func share(ws, need, idx []int, room int) {
	if len(idx) == 0 {
		return
	}
	order := append([]int(nil), idx...)
	sort.SliceStable(order, func(a, b int) bool { return need[order[a]] < need[order[b]] })
	left := room
	for k, i := range order {
		fair := left / (len(order) - k)
		ws[i] = max(min(need[i], fair), 1)
		left -= ws[i]
	}
	if left > 0 {
		ws[idx[len(idx)-1]] += left
	}
}

// View renders the header and the rows in view; row(i) gives the cells of
// row i and is called only for those rows.
func (l *List) View(s *styles.Styles, empty string, row func(i int) []string) string {
	end := min(l.n, l.offset+l.rows())
	cells := make([][]string, 0, max(0, end-l.offset))
	for i := l.offset; i < end; i++ {
		cells = append(cells, row(i))
	}
	ws := l.widths(cells)
	var b strings.Builder
	head := make([]string, len(ws))
	for i, c := range l.Columns {
		head[i] = cell(c.Title, ws[i])
	}
	b.WriteString(s.ColumnHead.Render(ansi.Truncate("  "+strings.Join(head, " "), l.width, "")))
	if l.n == 0 {
		b.WriteString("\n  " + s.Subtle.Render(empty))
		return b.String()
	}
	for r, i := 0, l.offset; i < end; r, i = r+1, i+1 {
		cells := cells[r]
		out := make([]string, len(ws))
		sel := i == l.cursor
		for j := range ws {
			v := ""
			if j < len(cells) {
				v = cells[j]
			}
			v = fit(v, ws[j])
			pad := strings.Repeat(" ", max(0, ws[j]-lipgloss.Width(v)))
			if !sel && l.Columns[j].Style != nil {
				v = l.Columns[j].Style(v)
			}
			out[j] = v + pad
		}
		line := strings.Join(out, " ")
		b.WriteString("\n")
		// A row wider than the screen (columns at their minimum) ends in
		// "…", never silently.
		if sel {
			b.WriteString(s.Selected.Render(ansi.Truncate("> "+line, l.width, "…")))
		} else {
			b.WriteString(ansi.Truncate("  "+line, l.width, "…"))
		}
	}
	return b.String()
}

// oneLine is v with its runs of white space made single spaces, as a cell
// shows it.
func oneLine(v string) string { return strings.Join(strings.Fields(v), " ") }

// fit fits v into w columns: one line, cut with an ellipsis.
func fit(v string, w int) string {
	v = oneLine(v)
	if lipgloss.Width(v) > w {
		v = ansi.Truncate(v, w, "…")
	}
	return v
}

// cell is fit, padded to w.
func cell(v string, w int) string {
	v = fit(v, w)
	return v + strings.Repeat(" ", max(0, w-lipgloss.Width(v)))
}

// Position returns "i/n" for the selection, for a screen's title line.
func (l *List) Position() string {
	if l.n == 0 {
		return "0/0"
	}
	return strconv.Itoa(l.cursor+1) + "/" + strconv.Itoa(l.n)
}
