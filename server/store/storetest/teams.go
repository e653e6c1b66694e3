package storetest

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// RunTeams tests store.Teams: hiring teams, interviews, scorecards and
// feedback.
func RunTeams(t *testing.T, open Opener) { runCases(t, open, teamsCases) }

var teamsCases = []testCase{
	{"Team", testTeam},
	{"Interviews", testInterviews},
	{"InterviewBlindFacts", testInterviewBlindFacts},
	{"Feedback", testFeedback},
	{"FeedbackRaces", testFeedbackRaces},
}

// teamFixture is a job with an owner, a second recruiter and two
// interviewers on its team, and one application.
type teamFixture struct {
	db                          store.Store
	c                           *clock
	owner, rec2, iv1, iv2, cand *hiregate.User
	job                         *hiregate.Job
	app                         *hiregate.Application
}

func newTeamFixture(t *testing.T, open Opener) *teamFixture {
	t.Helper()
	db, c := mustOpen(t, open)
	f := &teamFixture{db: db, c: c}
	f.owner = mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	f.rec2 = mustUser(t, db, c, "remy@corp.example", "Remy", hiregate.RoleRecruiter)
	f.iv1 = mustUser(t, db, c, "ivan@corp.example", "Ivan", hiregate.RoleInterviewer)
	f.iv2 = mustUser(t, db, c, "iris@corp.example", "Iris", hiregate.RoleInterviewer)
	f.cand = mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
	f.job = mustJob(t, db, c, f.owner.ID, "Go developer", "", "")
	f.app = mustApplication(t, db, c, f.job.ID, f.cand.ID)
	f.setTeam(t, []hiregate.TeamMemberInput{
		{UserID: f.rec2.ID, Role: hiregate.TeamRecruiter},
		{UserID: f.iv1.ID, Role: hiregate.TeamInterviewer},
		{UserID: f.iv2.ID, Role: hiregate.TeamInterviewer},
	})
	return f
}

func (f *teamFixture) setTeam(t *testing.T, members []hiregate.TeamMemberInput) []hiregate.TeamMember {
	t.Helper()
	got, err := f.db.SetTeam(context.Background(), f.job.ID, members, f.c.add(time.Second), func(*hiregate.Job) error { return nil })
	if err != nil {
		t.Fatalf("SetTeam = %v", err)
	}
	return got
}

func (f *teamFixture) interview(t *testing.T, starts time.Time, minutes int, interviewers ...*hiregate.User) *store.InterviewRecord {
	t.Helper()
	iv := &hiregate.Interview{ApplicationID: f.app.ID, Organizer: hiregate.UserRef{ID: f.owner.ID}, StartsAt: starts,
		DurationMinutes: minutes, Location: "Room 1"}
	for _, u := range interviewers {
		iv.Interviewers = append(iv.Interviewers, hiregate.UserRef{ID: u.ID})
	}
	r, err := f.db.CreateInterview(context.Background(), iv, f.c.add(time.Second), func(*store.ApplicationRecord) error { return nil })
	if err != nil {
		t.Fatalf("CreateInterview = %v", err)
	}
	return r
}

func testTeam(t *testing.T, open Opener) {
	ctx := context.Background()
	f := newTeamFixture(t, open)
	members, err := f.db.TeamMembers(ctx, f.job.ID)
	if err != nil || len(members) != 3 || members[0].UserID != f.rec2.ID || members[0].Role != hiregate.TeamRecruiter ||
		members[0].Email != "remy@corp.example" || !members[0].Active {
		t.Fatalf("TeamMembers = %+v, %v", members, err)
	}
	added := members[1].AddedAt

	for _, tt := range []struct {
		name string
		in   hiregate.TeamMemberInput
	}{
		{"InterviewerAsRecruiter", hiregate.TeamMemberInput{UserID: f.iv1.ID, Role: hiregate.TeamRecruiter}},
		{"CandidateAsInterviewer", hiregate.TeamMemberInput{UserID: f.cand.ID, Role: hiregate.TeamInterviewer}},
		{"Owner", hiregate.TeamMemberInput{UserID: f.owner.ID, Role: hiregate.TeamRecruiter}},
		{"Missing", hiregate.TeamMemberInput{UserID: "nobody", Role: hiregate.TeamInterviewer}},
	} {
		_, err := f.db.SetTeam(ctx, f.job.ID, []hiregate.TeamMemberInput{{UserID: f.rec2.ID, Role: hiregate.TeamRecruiter}, tt.in},
			f.c.add(time.Second), func(*hiregate.Job) error { return nil })
		wantCode(t, tt.name, err, hiregate.EINVALID)
	}
	if got, _ := f.db.TeamMembers(ctx, f.job.ID); len(got) != 3 {
		t.Fatalf("a refused SetTeam changed the team: %+v", got)
	}
	_, err = f.db.SetTeam(ctx, f.job.ID, nil, f.c.add(time.Second), func(*hiregate.Job) error { return hiregate.Errorf(hiregate.ENOTFOUND, "no") })
	wantCode(t, "check refuses", err, hiregate.ENOTFOUND)
	_, err = f.db.SetTeam(ctx, "missing", nil, f.c.add(time.Second), func(*hiregate.Job) error { return nil })
	wantCode(t, "missing job", err, hiregate.ENOTFOUND)

	// Replacing keeps who stays (with the time they were added), drops
	// who is gone.
	got := f.setTeam(t, []hiregate.TeamMemberInput{{UserID: f.iv1.ID, Role: hiregate.TeamInterviewer}})
	if len(got) != 1 || got[0].UserID != f.iv1.ID || !got[0].AddedAt.Equal(added) {
		t.Fatalf("SetTeam = %+v, want Ivan added at %v", got, added)
	}
	for _, tt := range []struct {
		user string
		want store.Access
	}{
		{f.iv1.ID, store.Access{TeamRole: hiregate.TeamInterviewer}},
		{f.rec2.ID, store.Access{}},
		{f.owner.ID, store.Access{}},
	} {
		if a, err := f.db.JobAccess(ctx, f.job.ID, f.app.ID, tt.user); err != nil || a != tt.want {
			t.Errorf("JobAccess(%s) = %+v, %v, want %+v", tt.user, a, err, tt.want)
		}
	}
	// The staff a recruiter may add: active recruiters and interviewers.
	staff, err := f.db.SearchStaff(ctx, hiregate.StaffFilter{Q: "I", Role: hiregate.RoleInterviewer})
	if err != nil || len(staff) != 2 || staff[0].FullName != "Iris" || staff[1].FullName != "Ivan" {
		t.Errorf("SearchStaff(I, interviewer) = %+v, %v", staff, err)
	}
	staff, _ = f.db.SearchStaff(ctx, hiregate.StaffFilter{Role: hiregate.RoleRecruiter})
	if len(staff) != 2 {
		t.Errorf("SearchStaff(recruiter) = %+v", staff)
	}
	jobs, _, err := f.db.ListJobs(ctx, hiregate.JobFilter{StaffID: f.iv1.ID})
	if err != nil || len(jobs) != 1 || jobs[0].ID != f.job.ID {
		t.Errorf("ListJobs(staff) = %+v, %v", jobs, err)
	}
	if jobs, _, _ := f.db.ListJobs(ctx, hiregate.JobFilter{StaffID: f.rec2.ID}); len(jobs) != 0 {
		t.Errorf("ListJobs for a removed member = %+v", jobs)
	}
}

func testInterviews(t *testing.T, open Opener) {
	ctx := context.Background()
	f := newTeamFixture(t, open)
	at := T0.Add(48 * time.Hour)
	a := f.interview(t, at, 60, f.iv1, f.iv2)
	if a.Sequence != 0 || a.Status != hiregate.InterviewScheduled || len(a.Interviewers) != 2 || a.Interviewers[0].FullName != "Iris" ||
		a.InterviewerEmails[0] != "iris@corp.example" || a.CandidateEmail != "carl@example.com" || a.JobOwnerID != f.owner.ID ||
		a.Job.Title != "Go developer" || a.Organizer.FullName != "Rita" || !a.StartsAt.Equal(at) {
		t.Fatalf("CreateInterview = %+v", a)
	}
	if acc, _ := f.db.JobAccess(ctx, f.job.ID, f.app.ID, f.iv1.ID); !acc.Interviewing {
		t.Error("an assigned interviewer is not interviewing")
	}
	// Someone not on the team cannot be an interviewer.
	outsider := mustUser(t, f.db, f.c, "otto@corp.example", "Otto", hiregate.RoleInterviewer)
	_, err := f.db.CreateInterview(ctx, &hiregate.Interview{ApplicationID: f.app.ID, Organizer: hiregate.UserRef{ID: f.owner.ID},
		StartsAt: at, DurationMinutes: 30, Interviewers: []hiregate.UserRef{{ID: outsider.ID}}}, f.c.add(time.Second),
		func(*store.ApplicationRecord) error { return nil })
	wantCode(t, "outsider", err, hiregate.EINVALID)

	// Overlaps: b overlaps a for Ivan; c touches a's end (no overlap).
	b := f.interview(t, at.Add(30*time.Minute), 60, f.iv1)
	c := f.interview(t, at.Add(60*time.Minute), 30, f.iv2)
	conf, err := f.db.InterviewConflicts(ctx, &b.Interview)
	if err != nil || len(conf) != 1 || conf[0].InterviewID != a.ID || conf[0].Interviewer.ID != f.iv1.ID {
		t.Errorf("conflicts of b = %+v, %v", conf, err)
	}
	if conf, _ := f.db.InterviewConflicts(ctx, &c.Interview); len(conf) != 0 {
		t.Errorf("conflicts of c = %+v, want none", conf)
	}

	// A move raises the sequence; a changed interviewer list is saved.
	moved, err := f.db.UpdateInterview(ctx, b.ID, f.c.add(time.Second), func(r *store.InterviewRecord) error {
		r.StartsAt = at.Add(3 * time.Hour)
		r.Interviewers = []hiregate.UserRef{{ID: f.iv2.ID}}
		return nil
	})
	if err != nil || moved.Sequence != 1 || !moved.StartsAt.Equal(at.Add(3*time.Hour)) || len(moved.Interviewers) != 1 || moved.Interviewers[0].ID != f.iv2.ID {
		t.Fatalf("UpdateInterview = %+v, %v", moved, err)
	}
	_, err = f.db.UpdateInterview(ctx, "missing", f.c.add(time.Second), func(*store.InterviewRecord) error { return nil })
	wantCode(t, "missing interview", err, hiregate.ENOTFOUND)

	list, next, err := f.db.ListInterviews(ctx, store.InterviewQuery{ApplicationID: f.app.ID, Limit: 2})
	if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].ID != c.ID || next == "" {
		t.Fatalf("ListInterviews page 1 = %+v, %q, %v", list, next, err)
	}
	list, next, _ = f.db.ListInterviews(ctx, store.InterviewQuery{ApplicationID: f.app.ID, Limit: 2, Cursor: next})
	if len(list) != 1 || list[0].ID != b.ID || next != "" {
		t.Fatalf("ListInterviews page 2 = %+v, %q", list, next)
	}
	mine, _, _ := f.db.ListInterviews(ctx, store.InterviewQuery{InterviewerID: f.iv1.ID})
	if len(mine) != 1 || mine[0].ID != a.ID {
		t.Errorf("Ivan's interviews = %+v", mine)
	}
	if got, _, _ := f.db.ListInterviews(ctx, store.InterviewQuery{CandidateID: f.cand.ID}); len(got) != 3 {
		t.Errorf("candidate's interviews = %d, want 3", len(got))
	}
	if got, _, _ := f.db.ListInterviews(ctx, store.InterviewQuery{InterviewerID: f.iv2.ID, From: at.Add(2 * time.Hour)}); len(got) != 1 || got[0].ID != b.ID {
		t.Errorf("Iris's interviews from +2h = %+v, want b", got)
	}

	// Taken off the team, an interviewer no longer lists or interviews it.
	f.setTeam(t, []hiregate.TeamMemberInput{{UserID: f.iv2.ID, Role: hiregate.TeamInterviewer}})
	if got, _, _ := f.db.ListInterviews(ctx, store.InterviewQuery{InterviewerID: f.iv1.ID}); len(got) != 0 {
		t.Errorf("removed interviewer still lists %+v", got)
	}
	if acc, _ := f.db.JobAccess(ctx, f.job.ID, f.app.ID, f.iv1.ID); acc.TeamRole != "" {
		t.Errorf("removed interviewer's access = %+v", acc)
	}
	recs, ivs, err := f.db.EventAudience(ctx, store.AudienceQuery{JobID: f.job.ID, ApplicationID: f.app.ID})
	if err != nil || len(recs) != 0 || len(ivs) != 1 || ivs[0] != f.iv2.ID {
		t.Errorf("EventAudience = %v %v %v", recs, ivs, err)
	}

	// A cancelled interview gives no access.
	for _, id := range []string{a.ID, b.ID, c.ID} {
		if _, err := f.db.UpdateInterview(ctx, id, f.c.add(time.Second), func(r *store.InterviewRecord) error {
			r.Status = hiregate.InterviewCancelled
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if acc, _ := f.db.JobAccess(ctx, f.job.ID, f.app.ID, f.iv2.ID); acc.Interviewing {
		t.Error("a cancelled interview still gives access")
	}
}

func feedbackOf(f *teamFixture, iv *store.InterviewRecord, author *hiregate.User, rating int) *hiregate.Feedback {
	return &hiregate.Feedback{InterviewID: iv.ID, Author: hiregate.UserRef{ID: author.ID},
		Ratings: map[string]int{"Go": rating}, Recommendation: hiregate.Yes, Notes: "Good"}
}

func noCheck(*store.InterviewRecord, *hiregate.Scorecard) error { return nil }

func testFeedback(t *testing.T, open Opener) {
	ctx := context.Background()
	f := newTeamFixture(t, open)
	sc, err := f.db.Scorecard(ctx, f.job.ID)
	if err != nil || len(sc.Criteria) != 0 || sc.RequiredBeforeOffer {
		t.Fatalf("empty Scorecard = %+v, %v", sc, err)
	}
	want := &hiregate.Scorecard{JobID: f.job.ID, Criteria: []hiregate.Criterion{{Name: "Go", Description: "Writes Go"}, {Name: "SQL"}},
		RequiredBeforeOffer: true, UpdatedAt: f.c.add(time.Second)}
	if err := f.db.PutScorecard(ctx, want); err != nil {
		t.Fatal(err)
	}
	sc, _ = f.db.Scorecard(ctx, f.job.ID)
	if len(sc.Criteria) != 2 || sc.Criteria[0].Description != "Writes Go" || !sc.RequiredBeforeOffer || !sc.UpdatedAt.Equal(want.UpdatedAt) {
		t.Fatalf("Scorecard = %+v", sc)
	}
	wantCode(t, "scorecard of a missing job", f.db.PutScorecard(ctx, &hiregate.Scorecard{JobID: "missing"}), hiregate.ENOTFOUND)

	iv := f.interview(t, T0, 30, f.iv1, f.iv2)
	if blocked, err := f.db.OfferGate(ctx, f.app.ID); err != nil || !blocked {
		t.Fatalf("OfferGate before feedback = %v, %v", blocked, err)
	}
	var seenSC *hiregate.Scorecard
	fb := feedbackOf(f, iv, f.iv1, 3)
	if err := f.db.PutFeedback(ctx, fb, f.c.add(time.Second), func(r *store.InterviewRecord, sc *hiregate.Scorecard) error {
		seenSC = sc
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if fb.Author.FullName != "Ivan" || fb.ApplicationID != f.app.ID || fb.Ratings["Go"] != 3 || len(seenSC.Criteria) != 2 {
		t.Errorf("PutFeedback = %+v (scorecard %+v)", fb, seenSC)
	}
	first := fb.SubmittedAt
	fb = feedbackOf(f, iv, f.iv1, 4)
	if err := f.db.PutFeedback(ctx, fb, f.c.add(time.Second), noCheck); err != nil {
		t.Fatal(err)
	}
	if !fb.SubmittedAt.Equal(first) || !fb.UpdatedAt.After(first) || fb.Ratings["Go"] != 4 {
		t.Errorf("changed feedback = %+v, want submitted_at kept", fb)
	}
	err = f.db.PutFeedback(ctx, feedbackOf(f, iv, f.iv2, 1), f.c.add(time.Second), func(*store.InterviewRecord, *hiregate.Scorecard) error {
		return hiregate.Errorf(hiregate.ECONFLICT, "final")
	})
	wantCode(t, "refused feedback", err, hiregate.ECONFLICT)
	err = f.db.PutFeedback(ctx, &hiregate.Feedback{InterviewID: "missing", Author: hiregate.UserRef{ID: f.iv1.ID}}, f.c.add(time.Second), noCheck)
	wantCode(t, "feedback on a missing interview", err, hiregate.ENOTFOUND)
	all, err := f.db.ApplicationFeedback(ctx, f.app.ID)
	if err != nil || len(all) != 1 {
		t.Fatalf("ApplicationFeedback = %+v, %v", all, err)
	}
	if _, err := f.db.Feedback(ctx, iv.ID, f.iv2.ID); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Errorf("unsubmitted Feedback = %v, want ENOTFOUND", err)
	}
	if blocked, _ := f.db.OfferGate(ctx, f.app.ID); blocked {
		t.Error("OfferGate after feedback still blocks")
	}
	_, ivs, _ := f.db.EventAudience(ctx, store.AudienceQuery{JobID: f.job.ID, ApplicationID: f.app.ID, Feedback: true})
	if len(ivs) != 1 || ivs[0] != f.iv1.ID {
		t.Errorf("feedback audience = %v, want Ivan", ivs)
	}

	// Erasing the candidate erases what interviewers wrote about them;
	// the ratings stay for the counts.
	if err := f.db.EraseUser(ctx, f.cand.ID, store.Erasure{Email: "erased-1@invalid", FullName: "Erased"}, f.c.add(time.Second)); err != nil {
		t.Fatal(err)
	}
	got, err := f.db.Feedback(ctx, iv.ID, f.iv1.ID)
	if err != nil || got.Notes != "" || got.Ratings["Go"] != 4 {
		t.Errorf("feedback after erasure = %+v, %v; want notes gone, ratings kept", got, err)
	}
}

// moveToOffer is the move the hiring service makes: the gate is read in
// the move's transaction, after the application is locked.
func moveToOffer(ctx context.Context, db store.Store, c *clock, id string) error {
	return db.Atomic(ctx, func(tx store.Store) error {
		_, err := tx.MoveApplication(ctx, id, hiregate.StageOffer, hiregate.UserRef{ID: "x", FullName: "x"}, c.now(),
			func(*store.ApplicationRecord) error {
				blocked, err := tx.OfferGate(ctx, id)
				if err == nil && blocked {
					err = hiregate.Errorf(hiregate.ECONFLICT, "feedback required")
				}
				return err
			})
		return err
	})
}

func testFeedbackRaces(t *testing.T, open Opener) {
	ctx := context.Background()
	// One store for every round (a fresh database each is slow on
	// PostgreSQL); each round races on an application of its own.
	f := newTeamFixture(t, open)
	if err := f.db.PutScorecard(ctx, &hiregate.Scorecard{JobID: f.job.ID, Criteria: []hiregate.Criterion{{Name: "Go"}},
		RequiredBeforeOffer: true, UpdatedAt: f.c.now()}); err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		cand := mustUser(t, f.db, f.c, "race"+strconv.Itoa(i)+"@example.com", "Racer", hiregate.RoleCandidate)
		f.app = mustApplication(t, f.db, f.c, f.job.ID, cand.ID)
		iv := f.interview(t, T0, 30, f.iv1, f.iv2)
		var wg sync.WaitGroup
		errs := make([]error, 3)
		wg.Add(3)
		go func() {
			defer wg.Done()
			errs[0] = f.db.PutFeedback(ctx, feedbackOf(f, iv, f.iv1, 2), f.c.now(), noCheck)
		}()
		go func() {
			defer wg.Done()
			errs[1] = f.db.PutFeedback(ctx, feedbackOf(f, iv, f.iv2, 3), f.c.now(), noCheck)
		}()
		go func() { defer wg.Done(); errs[2] = moveToOffer(ctx, f.db, f.c, f.app.ID) }()
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatalf("round %d: concurrent submissions = %v, %v; both must land", i, errs[0], errs[1])
		}
		all, _ := f.db.ApplicationFeedback(ctx, f.app.ID)
		if len(all) != 2 {
			t.Fatalf("round %d: %d feedback, want 2", i, len(all))
		}
		// The move either saw a submission or was refused; then a
		// second try sees both.
		if errs[2] != nil {
			wantCode(t, "racing move", errs[2], hiregate.ECONFLICT)
			if err := moveToOffer(ctx, f.db, f.c, f.app.ID); err != nil {
				t.Fatalf("round %d: move after the submissions = %v", i, err)
			}
		}
		a, _ := f.db.ApplicationByID(ctx, f.app.ID)
		if a.Status != hiregate.StageOffer {
			t.Fatalf("round %d: status %s, want offer", i, a.Status)
		}
	}
}

// testInterviewBlindFacts: every read of an interview carries its job's
// blind review stage, and the application's history where its status
// alone does not say whether it reached that stage (a rejection).
func testInterviewBlindFacts(t *testing.T, open Opener) {
	ctx := context.Background()
	f := newTeamFixture(t, open)
	plain := f.interview(t, f.c.now().Add(time.Hour), 30, f.iv1)
	if plain.BlindUntil != "" || plain.ApplicationHistory != nil || plain.Blind(f.iv1.ID, hiregate.RoleInterviewer) {
		t.Fatalf("interview on a job without blind review = %q, %v", plain.BlindUntil, plain.ApplicationHistory)
	}
	_, err := f.db.UpdateJob(ctx, f.job.ID, f.c.add(time.Second), func(j *hiregate.Job) error {
		s := hiregate.StageInterview
		j.BlindUntil = &s
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	move := func(to hiregate.Stage) {
		t.Helper()
		if _, err := f.db.MoveApplication(ctx, f.app.ID, to, hiregate.UserRef{ID: f.owner.ID}, f.c.add(time.Second), nil); err != nil {
			t.Fatal(err)
		}
	}
	read := func(what string, blind bool) {
		t.Helper()
		one, err := f.db.InterviewByID(ctx, plain.ID)
		if err != nil {
			t.Fatal(err)
		}
		list, _, err := f.db.ListInterviews(ctx, store.InterviewQuery{ApplicationID: f.app.ID})
		if err != nil || len(list) != 1 {
			t.Fatalf("ListInterviews = %d, %v", len(list), err)
		}
		for _, r := range []*store.InterviewRecord{one, &list[0]} {
			if r.BlindUntil != hiregate.StageInterview || r.Blind(f.iv1.ID, hiregate.RoleInterviewer) != blind {
				t.Errorf("%s: blind until %q, history %+v: blind %v, want %v", what, r.BlindUntil, r.ApplicationHistory, !blind, blind)
			}
			if r.Blind(f.cand.ID, hiregate.RoleCandidate) {
				t.Errorf("%s: blind to its own candidate", what)
			}
		}
	}
	read("applied", true)
	move(hiregate.StageInterview)
	read("at the stage", false)
	move(hiregate.StageRejected)
	read("rejected after the stage", false)
}
