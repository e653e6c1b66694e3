// Package fairview draws what fair screening adds to the screens that
// show applications: the skills a ranking found (as chips, with the word
// that matched), the required ones it missed, and the notice of a blind
// review. One package, so the list and the detail say it the same way.
package fairview

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/chart"
	"github.com/hiregate/hiregate/tui/styles"
)

// Chip is one found skill: "k8s→Kubernetes" when the resume said it
// another way, the skill's name when it said it so.
func Chip(f hiregate.SkillFound) string {
	if f.FoundAs == "" || strings.EqualFold(f.FoundAs, f.Name) {
		return f.Name
	}
	return f.FoundAs + "→" + f.Name
}

// Skills is the found skills as chips, then the missing required ones
// muted, cut to width cells.
func Skills(st *styles.Styles, m *hiregate.Match, width int) string {
	if m == nil {
		return ""
	}
	var parts []string
	for _, f := range m.Skills {
		parts = append(parts, st.Success.Render("["+Chip(f)+"]"))
	}
	for _, name := range m.Missing {
		parts = append(parts, st.Subtle.Render("-"+name))
	}
	if len(parts) == 0 && len(m.Terms) > 0 {
		parts = append(parts, st.Subtle.Render(strings.Join(m.Terms, " ")))
	}
	return ansi.Truncate(strings.Join(parts, " "), width, "…")
}

// Why is the one line that says why an application ranks where it does:
// its score as a bar, the skills found and the required ones missing.
func Why(st *styles.Styles, m *hiregate.Match, width int) string {
	if m == nil {
		return ""
	}
	head := "Why " + chart.ScoreBar(st, m.Score, 10) + "  "
	rest := Skills(st, m, max(10, width-ansi.StringWidth(head)))
	if rest == "" {
		rest = st.Subtle.Render("no skill or term of the job found")
	}
	return head + rest
}

// Notice is the line shown above a masked application.
func Notice(st *styles.Styles, a *hiregate.Application, width int) string {
	if a == nil || !a.Blinded {
		return ""
	}
	return notice(st, width)
}

// InterviewNotice is the line shown with a masked interview: the
// alias, the hidden place and a missing link read as blind review, not
// as a mistake.
func InterviewNotice(st *styles.Styles, iv *hiregate.Interview, width int) string {
	if iv == nil || !iv.Blinded {
		return ""
	}
	return notice(st, width)
}

func notice(st *styles.Styles, width int) string {
	return st.Subtle.Render(ansi.Truncate(hiregate.BlindNotice, width, "…"))
}
