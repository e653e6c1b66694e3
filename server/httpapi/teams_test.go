package httpapi_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// hire is a job with a team and one application with one interview:
// rec owns the job, rec2 is a team recruiter, iv1 a team interviewer who
// interviews the application, iv2 a team interviewer who does not; rec3
// and iv3 are staff of no part in it; cand applied, cc2 did not.
type hire struct {
	e                          *env
	p                          people
	rec2, iv1, iv2, rec3, iv3  *client.Client
	iv1User, iv2User, rec2User *hiregate.User
	job                        *hiregate.Job
	app                        *hiregate.Application
	iv                         *hiregate.Interview
}

func newHire(t *testing.T) *hire {
	t.Helper()
	e := newEnv(t)
	h := &hire{e: e, p: e.people()}
	h.rec2 = h.p.rec2
	h.rec2User = userByEmail(t, e, "rec2@example.com")
	h.iv1User, h.iv1 = e.user(hiregate.RoleInterviewer, "interviewer@example.com")
	h.iv2User, h.iv2 = e.user(hiregate.RoleInterviewer, "interviewer2@example.com")
	_, h.rec3 = e.user(hiregate.RoleRecruiter, "rec3@example.com")
	_, h.iv3 = e.user(hiregate.RoleInterviewer, "interviewer3@example.com")
	var err error
	h.job, err = h.p.rec.CreateJob(bg, hiregate.CreateJobRequest{Title: "Go, SQL; and more", EmploymentType: hiregate.FullTime})
	wantOK(t, "CreateJob", err)
	h.app, err = h.p.cc.Apply(bg, h.job.ID, hiregate.CreateApplicationRequest{CoverLetter: "hi"})
	wantOK(t, "Apply", err)
	_, err = h.p.rec.SetTeam(bg, h.job.ID, hiregate.PutTeamRequest{Members: []hiregate.TeamMemberInput{
		{UserID: h.rec2User.ID, Role: hiregate.TeamRecruiter},
		{UserID: h.iv1User.ID, Role: hiregate.TeamInterviewer},
		{UserID: h.iv2User.ID, Role: hiregate.TeamInterviewer},
	}})
	wantOK(t, "SetTeam", err)
	_, err = h.p.rec.SetScorecard(bg, h.job.ID, hiregate.PutScorecardRequest{
		Criteria: []hiregate.Criterion{{Name: "Go"}, {Name: "Communication"}}, RequiredBeforeOffer: true})
	wantOK(t, "SetScorecard", err)
	h.iv, err = h.rec2.ScheduleInterview(bg, h.app.ID, hiregate.CreateInterviewRequest{
		StartsAt: e.clock.Now().Add(time.Hour), DurationMinutes: 45, Location: "Room 1, Straße 5",
		InterviewerIDs: []string{h.iv1User.ID}})
	wantOK(t, "ScheduleInterview", err)
	return h
}

func code(err error) string {
	var he *hiregate.Error
	if err == nil {
		return ""
	}
	if errors.As(err, &he) {
		return he.Code
	}
	return "transport: " + err.Error()
}

// TestTeamVisibility calls every new route (and the old ones the team
// widens) as every kind of caller: what one may not see is a 404, what
// one's role may never do a 403.
func TestTeamVisibility(t *testing.T) {
	h := newHire(t)
	const (
		ok   = ""
		nf   = hiregate.ENOTFOUND
		fb   = hiregate.EFORBIDDEN
		conf = hiregate.ECONFLICT
	)
	callers := []struct {
		name string
		c    *client.Client
	}{
		{"owner", h.p.rec}, {"teamRecruiter", h.rec2}, {"interviewer", h.iv1}, {"teamInterviewer", h.iv2},
		{"strangerRecruiter", h.rec3}, {"strangerInterviewer", h.iv3}, {"candidate", h.p.cc}, {"otherCandidate", h.p.cc2},
		{"admin", h.p.admin},
	}
	team := hiregate.PutTeamRequest{Members: []hiregate.TeamMemberInput{
		{UserID: h.rec2User.ID, Role: hiregate.TeamRecruiter}, {UserID: h.iv1User.ID, Role: hiregate.TeamInterviewer},
		{UserID: h.iv2User.ID, Role: hiregate.TeamInterviewer}}}
	later := h.e.clock.Now().Add(24 * time.Hour)
	routes := []struct {
		name string
		call func(c *client.Client) error
		want []string // per caller, in the order above
	}{
		{"GetJob", func(c *client.Client) error { _, err := c.Job(bg, h.job.ID); return err },
			[]string{ok, ok, ok, ok, nf, nf, ok, ok, ok}},
		{"GetTeam", func(c *client.Client) error { _, err := c.Team(bg, h.job.ID); return err },
			[]string{ok, ok, ok, ok, nf, nf, fb, fb, ok}},
		{"PutTeam", func(c *client.Client) error { _, err := c.SetTeam(bg, h.job.ID, team); return err },
			[]string{ok, nf, fb, fb, nf, fb, fb, fb, ok}},
		{"GetScorecard", func(c *client.Client) error { _, err := c.Scorecard(bg, h.job.ID); return err },
			[]string{ok, ok, ok, ok, nf, nf, fb, fb, ok}},
		{"PutScorecard", func(c *client.Client) error {
			_, err := c.SetScorecard(bg, h.job.ID, hiregate.PutScorecardRequest{Criteria: []hiregate.Criterion{{Name: "Go"}, {Name: "Communication"}}, RequiredBeforeOffer: true})
			return err
		}, []string{ok, nf, fb, fb, nf, fb, fb, fb, ok}},
		{"JobApplications", func(c *client.Client) error {
			_, err := c.JobApplications(bg, h.job.ID, hiregate.ApplicationFilter{})
			return err
		},
			[]string{ok, ok, fb, fb, nf, fb, fb, fb, ok}},
		{"Application", func(c *client.Client) error { _, err := c.Application(bg, h.app.ID); return err },
			[]string{ok, ok, ok, nf, nf, nf, ok, nf, ok}},
		{"Resume", func(c *client.Client) error { _, err := c.DownloadResume(bg, h.app.ID); return err },
			// No file attached: the visible ones learn that (404 too).
			[]string{nf, nf, nf, nf, nf, nf, nf, nf, nf}},
		{"Notes", func(c *client.Client) error { _, err := c.Notes(bg, h.app.ID, hiregate.NoteFilter{}); return err },
			[]string{ok, ok, fb, fb, nf, fb, fb, fb, ok}},
		{"MoveBack", func(c *client.Client) error {
			_, err := c.MoveApplication(bg, h.app.ID, hiregate.StageApplied)
			return err
		},
			[]string{conf, conf, fb, fb, nf, fb, conf, nf, conf}},
		{"ApplicationInterviews", func(c *client.Client) error { _, err := c.ApplicationInterviews(bg, h.app.ID); return err },
			[]string{ok, ok, ok, nf, nf, nf, ok, nf, ok}},
		{"Interview", func(c *client.Client) error { _, err := c.Interview(bg, h.iv.ID); return err },
			[]string{ok, ok, ok, nf, nf, nf, ok, nf, ok}},
		{"Calendar", func(c *client.Client) error { _, err := c.InterviewCalendar(bg, h.iv.ID); return err },
			[]string{ok, ok, ok, nf, nf, nf, ok, nf, ok}},
		{"UpdateInterview", func(c *client.Client) error {
			_, err := c.UpdateInterview(bg, h.iv.ID, hiregate.UpdateInterviewRequest{Location: ptr("Room 2")})
			return err
		}, []string{ok, ok, fb, fb, nf, fb, fb, fb, ok}},
		{"ScheduleInterview", func(c *client.Client) error {
			_, err := c.ScheduleInterview(bg, h.app.ID, hiregate.CreateInterviewRequest{StartsAt: later, DurationMinutes: 30,
				InterviewerIDs: []string{h.iv2User.ID}})
			return err
		}, []string{ok, ok, fb, fb, nf, fb, fb, fb, ok}},
		{"ApplicationFeedback", func(c *client.Client) error { _, err := c.ApplicationFeedback(bg, h.app.ID); return err },
			// An interviewer sees it only after submitting its own.
			[]string{ok, ok, nf, nf, nf, nf, fb, fb, ok}},
		{"SubmitFeedbackEarly", func(c *client.Client) error {
			_, err := c.SubmitFeedback(bg, h.iv.ID, hiregate.FeedbackRequest{Recommendation: hiregate.Yes})
			return err
		}, []string{nf, nf, conf, nf, nf, nf, fb, fb, nf}},
		{"MyFeedback", func(c *client.Client) error { _, err := c.MyFeedback(bg, h.iv.ID); return err },
			[]string{nf, nf, nf, nf, nf, nf, fb, fb, nf}},
		{"MyInterviews", func(c *client.Client) error { _, err := c.MyInterviews(bg, hiregate.InterviewFilter{}); return err },
			[]string{ok, ok, ok, ok, ok, ok, ok, ok, ok}},
		{"SearchStaff", func(c *client.Client) error {
			_, err := c.SearchStaff(bg, hiregate.StaffFilter{Q: "interviewer"})
			return err
		},
			[]string{ok, ok, fb, fb, ok, fb, fb, fb, ok}},
	}
	for _, r := range routes {
		t.Run(r.name, func(t *testing.T) {
			for i, c := range callers {
				if got := code(r.call(c.c)); got != r.want[i] {
					t.Errorf("%s as %s: code %q, want %q", r.name, c.name, got, r.want[i])
				}
			}
		})
	}
	for _, tt := range []struct {
		name string
		c    *client.Client
		n    int
	}{{"interviewer", h.iv1, 1}, {"teamInterviewer", h.iv2, 3}, {"candidate", h.p.cc, 4}, {"otherCandidate", h.p.cc2, 0}} {
		l, err := tt.c.MyInterviews(bg, hiregate.InterviewFilter{})
		if err != nil || len(l.Items) != tt.n {
			t.Errorf("MyInterviews as %s = %d items (%v), want %d", tt.name, len(l.Items), err, tt.n)
		}
	}
}

func TestTeamRemovalAndDeactivation(t *testing.T) {
	h := newHire(t)
	// Seen once, so a cached page would hold it.
	for _, c := range []*client.Client{h.rec2, h.iv1} {
		l, err := c.ListJobs(bg, hiregate.JobFilter{Mine: true})
		if err != nil || len(l.Items) != 1 {
			t.Fatalf("ListJobs(mine) before removal = %+v, %v", l, err)
		}
	}
	j, err := h.rec2.Job(bg, h.job.ID)
	if err != nil || j.ApplicationCounts == nil {
		t.Fatalf("team recruiter's job = %+v, %v; want counts", j, err)
	}
	_, err = h.p.rec.SetTeam(bg, h.job.ID, hiregate.PutTeamRequest{Members: []hiregate.TeamMemberInput{
		{UserID: h.iv2User.ID, Role: hiregate.TeamInterviewer}}})
	wantOK(t, "SetTeam", err)
	for _, tt := range []struct {
		name string
		call func() error
	}{
		{"rec2 Application", func() error { _, err := h.rec2.Application(bg, h.app.ID); return err }},
		{"rec2 JobApplications", func() error { _, err := h.rec2.JobApplications(bg, h.job.ID, hiregate.ApplicationFilter{}); return err }},
		{"rec2 Team", func() error { _, err := h.rec2.Team(bg, h.job.ID); return err }},
		{"rec2 Job", func() error { _, err := h.rec2.Job(bg, h.job.ID); return err }},
		{"iv1 Application", func() error { _, err := h.iv1.Application(bg, h.app.ID); return err }},
		{"iv1 Interview", func() error { _, err := h.iv1.Interview(bg, h.iv.ID); return err }},
		{"iv1 Calendar", func() error { _, err := h.iv1.InterviewCalendar(bg, h.iv.ID); return err }},
	} {
		wantCode(t, tt.name+" after removal", tt.call(), hiregate.ENOTFOUND)
	}
	for _, c := range []*client.Client{h.rec2, h.iv1} {
		if l, err := c.ListJobs(bg, hiregate.JobFilter{Mine: true}); err != nil || len(l.Items) != 0 {
			t.Errorf("ListJobs(mine) after removal = %+v, %v: a stale page", l, err)
		}
	}
	if l, _ := h.iv1.MyInterviews(bg, hiregate.InterviewFilter{}); len(l.Items) != 0 {
		t.Errorf("MyInterviews after removal = %+v", l.Items)
	}

	// Back on the team, then deactivated: no access at all.
	_, err = h.p.rec.SetTeam(bg, h.job.ID, hiregate.PutTeamRequest{Members: []hiregate.TeamMemberInput{
		{UserID: h.iv1User.ID, Role: hiregate.TeamInterviewer}}})
	wantOK(t, "SetTeam", err)
	_, err = h.iv1.Application(bg, h.app.ID)
	wantOK(t, "interviewer back on the team", err)
	_, err = h.p.admin.UpdateUser(bg, h.iv1User.ID, hiregate.UpdateUserRequest{Active: ptr(false)})
	wantOK(t, "deactivate", err)
	_, err = h.iv1.Application(bg, h.app.ID)
	wantCode(t, "deactivated interviewer", err, hiregate.EUNAUTHORIZED)
	// A deactivated account cannot be given a new interview either.
	_, err = h.p.rec.ScheduleInterview(bg, h.app.ID, hiregate.CreateInterviewRequest{StartsAt: h.e.clock.Now().Add(time.Hour),
		DurationMinutes: 30, InterviewerIDs: []string{h.iv1User.ID}})
	wantCode(t, "interview with a deactivated interviewer", err, hiregate.EINVALID)
}

func TestTeamRules(t *testing.T) {
	h := newHire(t)
	cand := h.p.cand
	for _, tt := range []struct {
		name string
		req  hiregate.PutTeamRequest
	}{
		{"candidate", hiregate.PutTeamRequest{Members: []hiregate.TeamMemberInput{{UserID: cand.ID, Role: hiregate.TeamInterviewer}}}},
		{"interviewerAsRecruiter", hiregate.PutTeamRequest{Members: []hiregate.TeamMemberInput{{UserID: h.iv1User.ID, Role: hiregate.TeamRecruiter}}}},
		{"twice", hiregate.PutTeamRequest{Members: []hiregate.TeamMemberInput{{UserID: h.iv1User.ID, Role: hiregate.TeamInterviewer},
			{UserID: h.iv1User.ID, Role: hiregate.TeamInterviewer}}}},
		{"badRole", hiregate.PutTeamRequest{Members: []hiregate.TeamMemberInput{{UserID: h.iv1User.ID, Role: "boss"}}}},
	} {
		_, err := h.p.rec.SetTeam(bg, h.job.ID, tt.req)
		wantCode(t, tt.name, err, hiregate.EINVALID)
	}
	// An interviewer who is not on the team cannot be given an interview.
	stranger := userByEmail(t, h.e, "interviewer3@example.com")
	_, err := h.p.rec.ScheduleInterview(bg, h.app.ID, hiregate.CreateInterviewRequest{StartsAt: h.e.clock.Now(), DurationMinutes: 30,
		InterviewerIDs: []string{stranger.ID}})
	wantCode(t, "stranger interviewer", err, hiregate.EINVALID)
	for _, tt := range []struct {
		name string
		req  hiregate.CreateInterviewRequest
	}{
		{"noStart", hiregate.CreateInterviewRequest{DurationMinutes: 30, InterviewerIDs: []string{h.iv1User.ID}}},
		{"tooLong", hiregate.CreateInterviewRequest{StartsAt: h.e.clock.Now(), DurationMinutes: 600, InterviewerIDs: []string{h.iv1User.ID}}},
		{"noInterviewers", hiregate.CreateInterviewRequest{StartsAt: h.e.clock.Now(), DurationMinutes: 30}},
		{"badURL", hiregate.CreateInterviewRequest{StartsAt: h.e.clock.Now(), DurationMinutes: 30, URL: "javascript:alert(1)", InterviewerIDs: []string{h.iv1User.ID}}},
	} {
		_, err := h.p.rec.ScheduleInterview(bg, h.app.ID, tt.req)
		wantCode(t, tt.name, err, hiregate.EINVALID)
	}
	// Overlaps are allowed, and flagged.
	other, err := h.p.rec.ScheduleInterview(bg, h.app.ID, hiregate.CreateInterviewRequest{StartsAt: h.iv.StartsAt.Add(30 * time.Minute),
		DurationMinutes: 30, InterviewerIDs: []string{h.iv1User.ID, h.iv2User.ID}})
	wantOK(t, "overlapping interview", err)
	if len(other.Conflicts) != 1 || other.Conflicts[0].InterviewID != h.iv.ID || other.Conflicts[0].Interviewer.ID != h.iv1User.ID {
		t.Errorf("conflicts = %+v, want the first interview for the interviewer", other.Conflicts)
	}
	if other.StartsAt.Location() != time.UTC {
		t.Errorf("starts_at in %v, want UTC", other.StartsAt.Location())
	}
}

func TestFeedbackAndOfferGate(t *testing.T) {
	h := newHire(t)
	// A second interview for iv2, so both interview the application.
	iv2, err := h.p.rec.ScheduleInterview(bg, h.app.ID, hiregate.CreateInterviewRequest{StartsAt: h.iv.StartsAt,
		DurationMinutes: 30, InterviewerIDs: []string{h.iv2User.ID}})
	wantOK(t, "second interview", err)
	_, err = h.p.rec.MoveApplication(bg, h.app.ID, hiregate.StageInterview)
	wantOK(t, "move to interview", err)
	_, err = h.rec2.MoveApplication(bg, h.app.ID, hiregate.StageOffer)
	var he *hiregate.Error
	if !errors.As(err, &he) || he.Code != hiregate.ECONFLICT || he.OAuth != hiregate.ErrFeedbackRequired || !strings.Contains(he.Message, "feedback") {
		t.Fatalf("offer without feedback = %v, want 409 feedback_required", err)
	}
	h.e.clock.Advance(2 * time.Hour)
	_, err = h.iv1.SubmitFeedback(bg, h.iv.ID, hiregate.FeedbackRequest{Ratings: map[string]int{"Charisma": 3}, Recommendation: hiregate.Yes})
	wantCode(t, "unknown criterion", err, hiregate.EINVALID)
	_, err = h.iv1.SubmitFeedback(bg, h.iv.ID, hiregate.FeedbackRequest{Ratings: map[string]int{"Go": 5}, Recommendation: hiregate.Yes})
	wantCode(t, "rating 5", err, hiregate.EINVALID)
	_, err = h.iv2.SubmitFeedback(bg, h.iv.ID, hiregate.FeedbackRequest{Recommendation: hiregate.Yes})
	wantCode(t, "feedback on someone else's interview", err, hiregate.ENOTFOUND)
	f, err := h.iv1.SubmitFeedback(bg, h.iv.ID, hiregate.FeedbackRequest{Ratings: map[string]int{"Go": 4, "Communication": 2},
		Recommendation: hiregate.StrongYes, Notes: "sharp"})
	wantOK(t, "submit", err)
	if f.Author.ID != h.iv1User.ID || f.Ratings["Go"] != 4 {
		t.Errorf("feedback = %+v", f)
	}
	// iv1 now sees everyone's; iv2 still nothing until it submits.
	all, err := h.iv1.ApplicationFeedback(bg, h.app.ID)
	wantOK(t, "interviewer's view after submitting", err)
	if len(all.Items) != 1 || len(all.Scorecard.Criteria) != 2 {
		t.Errorf("feedback = %+v", all)
	}
	_, err = h.iv2.ApplicationFeedback(bg, h.app.ID)
	wantCode(t, "interviewer's view before submitting", err, hiregate.ENOTFOUND)
	_, err = h.iv2.SubmitFeedback(bg, iv2.ID, hiregate.FeedbackRequest{Ratings: map[string]int{"Go": 1}, Recommendation: hiregate.No})
	wantOK(t, "second submit", err)
	all, err = h.iv2.ApplicationFeedback(bg, h.app.ID)
	if err != nil || len(all.Items) != 2 {
		t.Fatalf("feedback after both = %+v, %v", all, err)
	}
	if avg, n := all.Average("Go"); n != 2 || avg != 2.5 {
		t.Errorf("Average(Go) = %v over %d, want 2.5 over 2", avg, n)
	}
	_, err = h.rec2.MoveApplication(bg, h.app.ID, hiregate.StageOffer)
	wantOK(t, "offer after feedback", err)
	_, err = h.rec2.MoveApplication(bg, h.app.ID, hiregate.StageRejected)
	wantOK(t, "reject", err)
	_, err = h.iv1.SubmitFeedback(bg, h.iv.ID, hiregate.FeedbackRequest{Recommendation: hiregate.No})
	wantCode(t, "feedback on a final application", err, hiregate.ECONFLICT)
	if got, err := h.iv1.MyFeedback(bg, h.iv.ID); err != nil || got.Recommendation != hiregate.StrongYes {
		t.Errorf("MyFeedback = %+v, %v; want the last accepted one", got, err)
	}
}

// unfold joins an iCalendar's folded lines.
func unfold(ics string) []string {
	return strings.Split(strings.ReplaceAll(strings.TrimSuffix(ics, "\r\n"), "\r\n ", ""), "\r\n")
}

func icsValue(ics, name string) string {
	for _, l := range unfold(ics) {
		if k, v, ok := strings.Cut(l, ":"); ok && (k == name || strings.HasPrefix(k, name+";")) {
			return v
		}
	}
	return ""
}

func TestInterviewInvites(t *testing.T) {
	h := newHire(t)
	claim := func() []store.MailRecord {
		t.Helper()
		// The outbox dates mails by the store's clock, the real one.
		ms, err := h.e.db.ClaimMail(bg, time.Now().Add(time.Hour), time.Hour, 100)
		if err != nil {
			t.Fatal(err)
		}
		var out []store.MailRecord
		for _, m := range ms {
			if m.Calendar != nil {
				out = append(out, m)
			}
		}
		return out
	}
	check := func(what string, ms []store.MailRecord, template, method, seq string, to ...string) string {
		t.Helper()
		if len(ms) != len(to) {
			t.Fatalf("%s: %d calendar mails, want %d", what, len(ms), len(to))
		}
		uid := ""
		for i, m := range ms {
			ics := string(m.Calendar.ICS)
			if m.Template != template || m.Calendar.Method != method || icsValue(ics, "METHOD") != method ||
				icsValue(ics, "SEQUENCE") != seq || !strings.Contains(ics, "mailto:"+to[i]) || m.To != to[i] {
				t.Errorf("%s: mail %d = %s to %s (%s), ICS:\n%s", what, i, m.Template, m.To, m.Calendar.Method, ics)
			}
			if uid != "" && icsValue(ics, "UID") != uid {
				t.Errorf("%s: UIDs differ", what)
			}
			uid = icsValue(ics, "UID")
		}
		return uid
	}
	uid := check("schedule", claim(), hiregate.MailTemplateInterviewInvite, "REQUEST", "0", "cand@example.com", "interviewer@example.com")
	if icsValue(string(mustICS(t, h.p.cc, h.iv.ID)), "UID") != uid {
		t.Error("calendar.ics UID differs from the invite's")
	}
	// A move: a new REQUEST, same UID, next SEQUENCE; iv2 added, so
	// invited too.
	moved, err := h.p.rec.UpdateInterview(bg, h.iv.ID, hiregate.UpdateInterviewRequest{StartsAt: ptr(h.iv.StartsAt.Add(time.Hour)),
		InterviewerIDs: []string{h.iv2User.ID}})
	wantOK(t, "move", err)
	if moved.Sequence != 1 {
		t.Errorf("sequence after move = %d", moved.Sequence)
	}
	ms := claim()
	if len(ms) != 3 {
		t.Fatalf("%d mails after a move, want REQUEST to candidate and iv2, CANCEL to iv1", len(ms))
	}
	if got := check("move", ms[:2], hiregate.MailTemplateInterviewInvite, "REQUEST", "1", "cand@example.com", "interviewer2@example.com"); got != uid {
		t.Errorf("UID after move %q, want %q", got, uid)
	}
	check("taken off", ms[2:], hiregate.MailTemplateInterviewCancelled, "CANCEL", "1", "interviewer@example.com")
	_, err = h.p.rec.CancelInterview(bg, h.iv.ID)
	wantOK(t, "cancel", err)
	check("cancel", claim(), hiregate.MailTemplateInterviewCancelled, "CANCEL", "2", "cand@example.com", "interviewer2@example.com")
	ics := string(mustICS(t, h.p.cc, h.iv.ID))
	if icsValue(ics, "METHOD") != "CANCEL" || icsValue(ics, "STATUS") != "CANCELLED" || icsValue(ics, "UID") != uid {
		t.Errorf("calendar.ics after cancel:\n%s", ics)
	}
	_, err = h.p.rec.CancelInterview(bg, h.iv.ID)
	wantCode(t, "cancel twice", err, hiregate.ECONFLICT)
	_, err = h.p.rec.UpdateInterview(bg, h.iv.ID, hiregate.UpdateInterviewRequest{Location: ptr("x")})
	wantCode(t, "move a cancelled interview", err, hiregate.ECONFLICT)
}

func mustICS(t *testing.T, c *client.Client, id string) []byte {
	t.Helper()
	b, err := c.InterviewCalendar(bg, id)
	wantOK(t, "calendar.ics", err)
	return b
}

func userByEmail(t *testing.T, e *env, email string) *hiregate.User {
	t.Helper()
	u, err := e.db.UserByEmail(bg, email)
	if err != nil {
		t.Fatal(err)
	}
	return &u.User
}
