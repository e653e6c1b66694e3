package hiring_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// The blind candidate of the interview tests, and what a recruiter wrote
// about where to meet them.
const (
	ivCandName     = "Zoë Quintana-Marsh"
	ivCandEmail    = "zqm@example.com"
	ivLocation     = "Zoë's flat, call +44 20 7946 0958"
	ivLocationSeen = "[hidden]'s flat, call [hidden]"
	ivURL          = "https://meet.example.com/zquintana"
)

// ivSecrets are what a masked interview, invite or event may not hold.
var ivSecrets = []string{"zoë", "quintana", "marsh", ivCandEmail, "7946 0958"}

func ivLeak(s string) string {
	// An iCalendar folds long lines: a name may be cut in two.
	low := strings.ToLower(strings.ReplaceAll(s, "\r\n ", ""))
	for _, x := range ivSecrets {
		if strings.Contains(low, x) {
			return x
		}
	}
	return ""
}

// blindInterview is an interview of an application to a job in blind
// review until interview, by the job's owner and a team interviewer, with
// a team recruiter and a recruiter of no part in it.
type blindInterview struct {
	e                     *env
	cand, ivy, teamRec    *hiregate.User
	app                   *hiregate.Application
	iv                    *hiregate.Interview
	mails                 []store.MailRecord
	scheduledEventPayload string
}

// newBlindInterview schedules the interview with the application at
// scheduleAt, then moves it on to each of then.
func newBlindInterview(t *testing.T, scheduleAt hiregate.Stage, then ...hiregate.Stage) *blindInterview {
	t.Helper()
	e := newEnv(t)
	w := &blindInterview{e: e, teamRec: e.recruiter}
	w.cand = &hiregate.User{Email: ivCandEmail, FullName: ivCandName, Role: hiregate.RoleCandidate, Active: true}
	if err := e.db.CreateUser(ctx, w.cand, "not-a-hash"); err != nil {
		t.Fatal(err)
	}
	w.ivy = e.user(t, "ivy", hiregate.RoleInterviewer)
	until := hiregate.StageInterview
	j, err := e.svc.CreateJob(ctx, as(e.owner), hiregate.CreateJobRequest{Title: "Go engineer", Description: "Go", BlindUntil: &until})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.SetTeam(ctx, as(e.owner), j.ID, hiregate.PutTeamRequest{Members: []hiregate.TeamMemberInput{
		{UserID: w.ivy.ID, Role: hiregate.TeamInterviewer}, {UserID: w.teamRec.ID, Role: hiregate.TeamRecruiter}}})
	if err != nil {
		t.Fatal(err)
	}
	w.app = e.apply(t, w.cand, j)
	move := func(to hiregate.Stage) {
		t.Helper()
		if w.app, err = e.svc.MoveApplication(ctx, as(e.owner), w.app.ID, hiregate.UpdateApplicationRequest{Status: to}); err != nil {
			t.Fatalf("move to %s: %v", to, err)
		}
	}
	move(scheduleAt)
	// Only the invites count: the moves mail nobody unverified.
	e.claim(t)
	e.pub.Take()
	w.iv, err = e.svc.ScheduleInterview(ctx, as(e.owner), w.app.ID, hiregate.CreateInterviewRequest{StartsAt: time.Now().Add(time.Hour),
		DurationMinutes: 30, Location: ivLocation, URL: ivURL, InterviewerIDs: []string{w.ivy.ID, e.owner.ID}})
	if err != nil {
		t.Fatal(err)
	}
	w.mails = e.claim(t)
	for _, ev := range e.pub.Take() {
		if ev.Type == hiregate.EventInterviewScheduled {
			b, _ := json.Marshal(ev)
			w.scheduledEventPayload = string(b)
		}
	}
	for _, s := range then {
		move(s)
	}
	return w
}

// claim takes every queued mail (dated by the store's clock, the real one).
func (e *env) claim(t *testing.T) []store.MailRecord {
	t.Helper()
	ms, err := e.db.ClaimMail(ctx, time.Now().Add(time.Hour), time.Hour, 100)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// wantInterviewSeen checks iv as one who must (masked) or must not see it
// masked.
func wantInterviewSeen(t *testing.T, what string, iv *hiregate.Interview, w *blindInterview, masked bool) {
	t.Helper()
	want := hiregate.UserRef{ID: w.cand.ID, FullName: ivCandName}
	loc, url := ivLocation, ivURL
	if masked {
		want.FullName, loc, url = hiregate.BlindAlias(w.app.ID), ivLocationSeen, ""
	}
	if iv.Candidate != want || iv.Blinded != masked || iv.Location != loc || iv.URL != url {
		t.Errorf("%s = candidate %+v, blinded %v, location %q, url %q; want %+v, %v, %q, %q",
			what, iv.Candidate, iv.Blinded, iv.Location, iv.URL, want, masked, loc, url)
	}
	named := iv.Organizer.FullName == w.e.owner.FullName && len(iv.Interviewers) > 0
	for _, u := range iv.Interviewers {
		named = named && strings.HasPrefix(u.FullName, "Test ")
	}
	if !named {
		t.Errorf("%s: staff %+v, %+v: want them named", what, iv.Organizer, iv.Interviewers)
	}
}

// TestBlindInterviews: an interview on a blind job reads, as a list, as a
// calendar file and in the invites, as its application does, for each
// viewer before and after the application reaches the job's stage.
func TestBlindInterviews(t *testing.T) {
	stages := []struct {
		name       string
		scheduleAt hiregate.Stage
		then       []hiregate.Stage
		blind      bool
	}{
		{"screening", hiregate.StageScreening, nil, true},
		{"interview", hiregate.StageInterview, nil, false},
		{"rejected at screening", hiregate.StageScreening, []hiregate.Stage{hiregate.StageRejected}, true},
		{"rejected after interview", hiregate.StageInterview, []hiregate.Stage{hiregate.StageRejected}, false},
	}
	for _, st := range stages {
		t.Run(st.name, func(t *testing.T) {
			w := newBlindInterview(t, st.scheduleAt, st.then...)
			e := w.e
			stranger := e.user(t, "other-recruiter", hiregate.RoleRecruiter)
			viewers := []struct {
				name   string
				u      *hiregate.User
				masked bool
				listed int // by GET /interviews/my
				denied bool
			}{
				{"job owner", e.owner, st.blind, 1, false},
				{"team recruiter", w.teamRec, st.blind, 0, false},
				{"team interviewer", w.ivy, st.blind, 1, false},
				{"recruiter of no part", stranger, false, 0, true},
				{"candidate", w.cand, false, 1, false},
				{"admin", e.admin, false, 0, false},
			}
			for _, v := range viewers {
				t.Run(v.name, func(t *testing.T) {
					p := as(v.u)
					iv, err := e.svc.Interview(ctx, p, w.iv.ID)
					ics, _, calErr := e.svc.InterviewCalendar(ctx, p, w.iv.ID)
					list, _, listErr := e.svc.ApplicationInterviews(ctx, p, w.app.ID, 0, "")
					if v.denied {
						for _, err := range []error{err, calErr, listErr} {
							checkErr(t, err, hiregate.ENOTFOUND, "")
						}
						return
					}
					if err != nil || calErr != nil || listErr != nil || len(list) != 1 {
						t.Fatalf("Interview, calendar, list = %v, %v, %d, %v", err, calErr, len(list), listErr)
					}
					wantInterviewSeen(t, "Interview", iv, w, v.masked)
					wantInterviewSeen(t, "ApplicationInterviews", &list[0], w, v.masked)
					mine, _, err := e.svc.MyInterviews(ctx, p, hiregate.InterviewFilter{})
					if err != nil || len(mine) != v.listed {
						t.Fatalf("MyInterviews = %d, %v, want %d", len(mine), err, v.listed)
					}
					for i := range mine {
						wantInterviewSeen(t, "MyInterviews", &mine[i], w, v.masked)
					}
					wantCalendar(t, "calendar.ics", string(ics), w, v.masked)
				})
			}

			// The invites: the candidate's whole, the staff's masked
			// while the job's blind review hides the candidate.
			if len(w.mails) != 3 {
				t.Fatalf("%d mails queued by scheduling, want the candidate's and two interviewers'", len(w.mails))
			}
			for _, m := range w.mails {
				masked := st.blind && m.UserID != w.cand.ID
				name, loc, url := ivCandName, ivLocation, ivURL
				if masked {
					name, loc, url = hiregate.BlindAlias(w.app.ID), ivLocationSeen, ""
				}
				d := m.Data
				if d[hiring.MailKeyCandidateName] != name || d[hiring.MailKeyLocation] != loc || d[hiring.MailKeyURL] != url {
					t.Errorf("invite to %s: data %v, want candidate %q, location %q, url %q", m.To, d, name, loc, url)
				}
				if masked {
					for k, v := range d {
						if leaked := ivLeak(v); leaked != "" {
							t.Errorf("invite to %s: %s = %q shows %q", m.To, k, v, leaked)
						}
					}
				}
				wantCalendar(t, "invite to "+m.To, string(m.Calendar.ICS), w, masked)
			}
			if leaked := ivLeak(w.scheduledEventPayload); leaked != "" || w.scheduledEventPayload == "" {
				t.Errorf("interview.scheduled event %s shows %q", w.scheduledEventPayload, leaked)
			}
		})
	}
}

// TestBlindInterviewChangesAnswerMasked: moving and cancelling answer the
// recruiter with the interview masked, and the invites they queue to
// staff (the one taken off included) carry the alias.
func TestBlindInterviewChangesAnswerMasked(t *testing.T) {
	w := newBlindInterview(t, hiregate.StageScreening)
	e := w.e
	moved, err := e.svc.UpdateInterview(ctx, as(w.teamRec), w.iv.ID, hiregate.UpdateInterviewRequest{InterviewerIDs: []string{e.owner.ID}})
	if err != nil {
		t.Fatal(err)
	}
	wantInterviewSeen(t, "UpdateInterview", moved, w, true)
	cancelled, err := e.svc.CancelInterview(ctx, as(w.teamRec), w.iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !cancelled.Blinded || cancelled.Candidate.FullName != hiregate.BlindAlias(w.app.ID) {
		t.Errorf("CancelInterview = %+v, want it masked", cancelled.Candidate)
	}
	ms := e.claim(t)
	if len(ms) != 5 {
		t.Fatalf("%d mails, want the move's to candidate and owner, the cancellation to ivy, then the cancellation's to both", len(ms))
	}
	for _, m := range ms {
		masked := m.UserID != w.cand.ID
		wantCalendar(t, m.Template+" to "+m.To, string(m.Calendar.ICS), w, masked)
	}
	for _, ev := range e.pub.Take() {
		b, _ := json.Marshal(ev)
		if leaked := ivLeak(string(b)); leaked != "" {
			t.Errorf("event %s shows %q", b, leaked)
		}
	}
}

// wantCalendar checks an iCalendar: masked, it names the alias and holds
// nothing of the candidate, their address included; whole, it names and
// invites them.
func wantCalendar(t *testing.T, what, ics string, w *blindInterview, masked bool) {
	t.Helper()
	unfolded := strings.ReplaceAll(ics, "\r\n ", "")
	if masked {
		if leaked := ivLeak(ics); leaked != "" || !strings.Contains(unfolded, "SUMMARY:Interview: Go engineer ("+hiregate.BlindAlias(w.app.ID)+")") {
			t.Errorf("%s shows %q, or not the alias:\n%s", what, leaked, ics)
		}
		return
	}
	if !strings.Contains(unfolded, "SUMMARY:Interview: Go engineer ("+ivCandName+")") || !strings.Contains(unfolded, "mailto:"+ivCandEmail) {
		t.Errorf("%s: want the candidate named and invited:\n%s", what, ics)
	}
}

// TestBlindEventsNameTheAlias: the candidate's own message and withdrawal
// on a blind job are published with the alias for the broker to give the
// job's staff; staff's own, and the candidate's once the stage is
// reached, are not.
func TestBlindEventsNameTheAlias(t *testing.T) {
	for _, tt := range []struct {
		name  string
		stage hiregate.Stage
		blind bool
	}{
		{"before the stage", hiregate.StageScreening, true},
		{"at the stage", hiregate.StageInterview, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newBlindInterview(t, tt.stage)
			e := w.e
			for _, by := range []*hiregate.User{e.owner, w.cand} {
				if _, err := e.svc.SendMessage(ctx, as(by), w.app.ID, hiregate.CreateMessageRequest{Body: "hello"}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := e.svc.MoveApplication(ctx, as(w.cand), w.app.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageWithdrawn}); err != nil {
				t.Fatal(err)
			}
			got := e.pub.Take()
			if len(got) != 3 {
				t.Fatalf("%d events, want two messages and the move", len(got))
			}
			for i, ev := range got {
				want := ""
				if tt.blind && ev.Data.By.ID == w.cand.ID {
					want = hiregate.BlindAlias(w.app.ID)
				}
				if ev.Audience.BlindAlias != want {
					t.Errorf("event %d (%s by %s): blind alias %q, want %q", i, ev.Type, ev.Data.By.FullName, ev.Audience.BlindAlias, want)
				}
			}
		})
	}
}
