// Package interview draws interviews and their feedback the same way on
// every screen that shows them: when (in the user's zone, with the zone's
// name), where, with whom, what overlaps; and the scorecard summary with
// each interviewer's ratings, their recommendations as symbols and the
// averages.
package interview

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/localtime"
	"github.com/hiregate/hiregate/tui/ui"
)

// When is the interview's time in the user's zone, and the day it falls
// on relative to today ("today", "tomorrow") when it is near.
func When(c *ui.Context, iv *hiregate.Interview) string {
	loc := c.Location()
	s := localtime.Span(iv.StartsAt, iv.DurationMinutes, loc)
	if d := localtime.Day(iv.StartsAt, c.Now(), loc); d != "" {
		s += " (" + d + ")"
	}
	return s
}

// Place is where the interview happens: the location, the link, or both.
func Place(iv *hiregate.Interview) string {
	var p []string
	if iv.Location != "" {
		p = append(p, iv.Location)
	}
	if iv.URL != "" {
		p = append(p, iv.URL)
	}
	if len(p) == 0 {
		return "no place or link given"
	}
	return strings.Join(p, " · ")
}

// Names lists people by name.
func Names(people []hiregate.UserRef) string {
	n := make([]string, len(people))
	for i, p := range people {
		n[i] = p.FullName
	}
	return strings.Join(n, ", ")
}

// Block is an interview as a few lines for a detail screen: the time and
// its status, the place, the interviewers, and a flagged line for each
// overlap with another interview of the same interviewer. width wraps the
// lines.
func Block(c *ui.Context, iv *hiregate.Interview, width int) string {
	s := c.Styles
	wrap := lipgloss.NewStyle().Width(max(20, width-4))
	head := When(c, iv)
	if iv.Status == hiregate.InterviewCancelled {
		head = s.Subtle.Render(head + "  cancelled")
	} else {
		head = s.Title.Render(head)
	}
	lines := []string{head, "  " + wrap.Render(Place(iv))}
	if len(iv.Interviewers) > 0 {
		lines = append(lines, "  "+wrap.Render("with "+Names(iv.Interviewers)))
	}
	for _, cf := range iv.Conflicts {
		lines = append(lines, "  "+s.Error.Render(wrap.Render(fmt.Sprintf("⚠ overlaps another interview of %s: %s",
			cf.Interviewer.FullName, localtime.Span(cf.StartsAt, cf.DurationMinutes, c.Location())))))
	}
	return strings.Join(lines, "\n")
}

// Short is an interview in a few words, for a one-line choice.
func Short(c *ui.Context, iv *hiregate.Interview) string {
	return iv.StartsAt.In(c.Location()).Format("Mon 01-02 15:04")
}

// Symbol is a recommendation as a symbol that reads without colour too.
func Symbol(r hiregate.Recommendation) string {
	switch r {
	case hiregate.StrongYes:
		return "✓✓"
	case hiregate.Yes:
		return "✓"
	case hiregate.No:
		return "✗"
	case hiregate.StrongNo:
		return "✗✗"
	}
	return "·"
}

// RecommendationLabel is a recommendation in words.
func RecommendationLabel(r hiregate.Recommendation) string {
	return strings.ReplaceAll(string(r), "_", " ")
}

// Legend explains the symbols.
const Legend = "✓✓ strong yes · ✓ yes · ✗ no · ✗✗ strong no"

// Summary is the feedback on an application as a table: one row per
// criterion with each interviewer's rating and the average, the
// recommendations as a row of symbols, then each interviewer's notes.
func Summary(c *ui.Context, fb *hiregate.ApplicationFeedback, width int) string {
	s := c.Styles
	if len(fb.Items) == 0 {
		return s.Subtle.Render("No feedback submitted yet.")
	}
	nameW := len("Recommendation")
	for _, cr := range fb.Scorecard.Criteria {
		nameW = max(nameW, lipgloss.Width(cr.Name))
	}
	nameW = min(nameW, max(12, width/3))
	// One column per feedback, as wide as the author's first name allows
	// on the screen; the average last.
	colW := 6
	if n := len(fb.Items); n > 0 {
		colW = max(4, min(7, (width-nameW-8)/n-1))
	}
	cell := func(v string, w int) string {
		v = ansi.Truncate(v, w, "…")
		return strings.Repeat(" ", max(0, w-lipgloss.Width(v))) + v
	}
	pad := func(v string) string {
		v = ansi.Truncate(v, nameW, "…")
		return v + strings.Repeat(" ", max(0, nameW-lipgloss.Width(v)))
	}
	var b strings.Builder
	head := pad("")
	for _, f := range fb.Items {
		head += " " + cell(strings.Fields(f.Author.FullName + " ?")[0], colW)
	}
	b.WriteString(s.ColumnHead.Render(head+" "+cell("avg", 5)) + "\n")
	for _, cr := range fb.Scorecard.Criteria {
		line := pad(cr.Name)
		for _, f := range fb.Items {
			v := "–"
			if r, ok := f.Ratings[cr.Name]; ok {
				v = fmt.Sprint(r)
			}
			line += " " + cell(v, colW)
		}
		avg := "–"
		if a, n := fb.Average(cr.Name); n > 0 {
			avg = fmt.Sprintf("%.1f", a)
		}
		b.WriteString(line + " " + cell(avg, 5) + "\n")
	}
	line := pad("Recommendation")
	for _, f := range fb.Items {
		line += " " + cell(Symbol(f.Recommendation), colW)
	}
	b.WriteString(line + "\n")
	b.WriteString(s.Subtle.Render(Legend) + "\n")
	wrap := lipgloss.NewStyle().Width(max(20, width-2))
	for _, f := range fb.Items {
		if strings.TrimSpace(f.Notes) == "" {
			continue
		}
		b.WriteString(s.Subtle.Render(fmt.Sprintf("%s %s (%s)", c.Time(f.UpdatedAt), f.Author.FullName, RecommendationLabel(f.Recommendation))) + "\n")
		b.WriteString(wrap.Render(f.Notes) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

var unsafeName = regexp.MustCompile(`[^a-z0-9]+`)

// FileName is the name an interview's calendar file is saved under unless
// the user says otherwise: "interview-senior-go-engineer-2026-03-05.ics".
func FileName(c *ui.Context, iv *hiregate.Interview) string {
	slug := strings.Trim(unsafeName.ReplaceAllString(strings.ToLower(iv.Job.Title), "-"), "-")
	if len(slug) > 40 {
		slug = strings.Trim(slug[:40], "-")
	}
	if slug == "" {
		slug = "interview"
	} else {
		slug = "interview-" + slug
	}
	return slug + "-" + c.Date(iv.StartsAt) + ".ics"
}

// Overlaps flags, in the Conflicts of each scheduled interview of ivs,
// the others in ivs that overlap it and share an interviewer. The server
// names conflicts only when an interview is scheduled or moved; this
// keeps them visible on every list that holds both interviews. Conflicts
// the server already named are kept, without repeats.
func Overlaps(ivs []hiregate.Interview) {
	for i := range ivs {
		a := &ivs[i]
		if a.Status != hiregate.InterviewScheduled {
			continue
		}
		for j := range ivs {
			b := &ivs[j]
			if i == j || b.Status != hiregate.InterviewScheduled || !a.StartsAt.Before(b.EndsAt()) || !b.StartsAt.Before(a.EndsAt()) {
				continue
			}
			for _, p := range a.Interviewers {
				if !hasPerson(b.Interviewers, p.ID) || hasConflict(a.Conflicts, b.ID, p.ID) {
					continue
				}
				a.Conflicts = append(a.Conflicts, hiregate.InterviewConflict{InterviewID: b.ID, Interviewer: p, StartsAt: b.StartsAt, DurationMinutes: b.DurationMinutes})
			}
		}
	}
}

func hasPerson(people []hiregate.UserRef, id string) bool {
	for _, p := range people {
		if p.ID == id {
			return true
		}
	}
	return false
}

func hasConflict(cs []hiregate.InterviewConflict, interviewID, personID string) bool {
	for _, c := range cs {
		if c.InterviewID == interviewID && c.Interviewer.ID == personID {
			return true
		}
	}
	return false
}

// ConflictNote is the first overlap of iv in a few words, "" when none:
// "⚠ overlaps Kenji Sato's 11:00–11:45".
func ConflictNote(c *ui.Context, iv *hiregate.Interview) string {
	if len(iv.Conflicts) == 0 {
		return ""
	}
	cf := iv.Conflicts[0]
	loc := c.Location()
	s := cf.StartsAt.In(loc)
	e := s.Add(time.Duration(cf.DurationMinutes) * time.Minute)
	note := fmt.Sprintf("⚠ overlaps %s's %s–%s", cf.Interviewer.FullName, s.Format("15:04"), e.Format("15:04"))
	if n := len(iv.Conflicts) - 1; n > 0 {
		note += fmt.Sprintf(" (+%d)", n)
	}
	return note
}
