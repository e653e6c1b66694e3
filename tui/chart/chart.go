// Package chart draws the hiring figures as text that fits a terminal:
// the funnel as horizontal bars with conversion rates, applications per
// week as a sparkline, median days per stage, and a match score as a small
// bar. Everything is plain lipgloss, drawn for a given width, so a screen
// fits 80 columns as easily as 200.
package chart

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/styles"
)

const (
	labelWidth = 10 // "withdrawn" and a space
	// countsWidth holds " 1234567 → 100%  now 1234567".
	countsWidth = 28
	minBar      = 8
)

// Funnel draws one line per stage: a bar as long as the share of
// applications that reached it, the count, the conversion from the stage
// before (pipeline stages) and how many are there now.
func Funnel(st *styles.Styles, f hiregate.Funnel, width int) string {
	barWidth := max(minBar, width-labelWidth-countsWidth)
	top := 0
	for _, s := range f.Stages {
		top = max(top, s.Reached)
	}
	rate := map[hiregate.Stage]float64{}
	for _, c := range f.Conversion {
		rate[c.To] = c.Rate
	}
	var b strings.Builder
	for i, s := range f.Stages {
		if i > 0 {
			b.WriteByte('\n')
		}
		n := 0
		if top > 0 {
			n = int(math.Round(float64(barWidth) * float64(s.Reached) / float64(top)))
		}
		if s.Reached > 0 && n == 0 {
			n = 1 // a stage someone reached is never invisible
		}
		style := st.Stage[string(s.Status)]
		bar := style.Render(strings.Repeat("█", n)) + strings.Repeat(" ", barWidth-n)
		conv := "      "
		if r, ok := rate[s.Status]; ok {
			conv = fmt.Sprintf("→%4.0f%%", 100*r)
		}
		fmt.Fprintf(&b, "%-*s%s %7d %s  now %d", labelWidth, s.Status, bar, s.Reached, conv, s.Current)
	}
	return b.String()
}

var ticks = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws one character per week (the most recent weeks when they
// do not all fit), between the first and last week's names (once when they
// are the same), with the busiest week's count.
func Sparkline(weeks []hiregate.WeekCount, width int) string {
	if len(weeks) == 0 {
		return "no applications yet"
	}
	room := max(4, width-len("2026-W47  2026-W47  max 9999/week")-2)
	if len(weeks) > room {
		weeks = weeks[len(weeks)-room:]
	}
	top := 0
	for _, w := range weeks {
		top = max(top, w.Count)
	}
	var line strings.Builder
	for _, w := range weeks {
		switch {
		case w.Count == 0:
			line.WriteRune(' ')
		default:
			// Any week with applications shows at least the lowest tick.
			i := int(math.Ceil(float64(len(ticks))*float64(w.Count)/float64(top))) - 1
			line.WriteRune(ticks[max(0, min(i, len(ticks)-1))])
		}
	}
	first, last := weeks[0].Week, weeks[len(weeks)-1].Week
	if first == last {
		// One week (or one name at both ends) is labelled once.
		return fmt.Sprintf("%s %s  max %d/week", first, line.String(), top)
	}
	return fmt.Sprintf("%s %s %s  max %d/week", first, line.String(), last, top)
}

// Medians lists the median days per stage, in pipeline order, wrapped to
// width.
func Medians(f hiregate.Funnel, width int) string {
	var parts []string
	for _, s := range hiregate.Stages {
		if d, ok := f.MedianDaysInStage[s]; ok {
			parts = append(parts, fmt.Sprintf("%s %.1f d", s, d))
		}
	}
	if len(parts) == 0 {
		return "nobody has left a stage yet"
	}
	return lipgloss.NewStyle().Width(width).Render(strings.Join(parts, " · "))
}

// ScoreBar draws a 0–100 score as a bar of width cells and the number.
func ScoreBar(st *styles.Styles, score, width int) string {
	score = max(0, min(score, 100))
	n := int(math.Round(float64(width) * float64(score) / 100))
	return st.Success.Render(strings.Repeat("█", n)) + st.Subtle.Render(strings.Repeat("░", width-n)) + fmt.Sprintf(" %3d", score)
}
