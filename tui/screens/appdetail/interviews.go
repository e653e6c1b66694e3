package appdetail

import (
	"fmt"
	"strings"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/widgets/interview"
)

// renderInterviews writes the interviews and, for those who may see it,
// the feedback summary.
func (m *Model) renderInterviews(b *strings.Builder) {
	s := m.c.Styles
	if len(m.interviews) == 0 && (m.feedback == nil || len(m.feedback.Items) == 0) {
		// Nothing to show: the footer offers i to schedule one.
		return
	}
	if len(m.interviews) > 0 {
		b.WriteString("\n" + s.Section.Render(fmt.Sprintf("Interviews (%d)", len(m.interviews))) + "\n")
	}
	for i := range m.interviews {
		iv := &m.interviews[i]
		b.WriteString(interview.Block(m.c, iv, m.w) + "\n")
		if m.interviewer() && m.assigned(iv) && m.c.Drafts.Has(iv.ID) {
			b.WriteString("  " + s.Confirm.Render("your feedback draft is kept: f to go on") + "\n")
		}
	}
	if m.candidate() {
		if len(m.interviews) > 0 {
			b.WriteString(s.Subtle.Render("c saves an interview to your calendar (.ics)") + "\n")
		}
		return
	}
	switch {
	case m.feedback != nil:
		head := fmt.Sprintf("Feedback (%d)", len(m.feedback.Items))
		if m.feedback.Scorecard.RequiredBeforeOffer {
			head += " · required before offer"
		}
		b.WriteString("\n" + s.Section.Render(head) + "\n")
		b.WriteString(interview.Summary(m.c, m.feedback, m.w) + "\n")
	case m.interviewer() && m.hasInterviewFor():
		b.WriteString("\n" + s.Section.Render("Feedback") + "\n")
		b.WriteString(s.Subtle.Render("You see the others' feedback once you have sent yours: press f.") + "\n")
	}
}

// hasInterviewFor reports whether the user interviews at a scheduled
// interview of the application.
func (m *Model) hasInterviewFor() bool {
	for i := range m.interviews {
		if m.interviews[i].Status == hiregate.InterviewScheduled && m.assigned(&m.interviews[i]) {
			return true
		}
	}
	return false
}
