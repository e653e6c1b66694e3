package storetest

import (
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/report"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// RunResumes runs the cases of store.Resumes (users, jobs and
// applications come from the other interfaces).
func RunResumes(t *testing.T, open Opener) { runCases(t, open, resumesCases) }

// RunReports runs the cases of store.Reports.
func RunReports(t *testing.T, open Opener) { runCases(t, open, reportsCases) }

// RunPrivacy runs the cases of store.Privacy.
func RunPrivacy(t *testing.T, open Opener) { runCases(t, open, privacyCases) }

var (
	resumesCases = []testCase{
		{"PutResume", testPutResume},
	}
	reportsCases = []testCase{
		{"FunnelTally", testFunnelTally},
	}
	privacyCases = []testCase{
		{"EraseUser", testEraseUser},
	}
)

func upload(text string, data []byte) *store.ResumeUpload {
	return &store.ResumeUpload{
		Meta: hiregate.Resume{Filename: "cv.pdf", ContentType: hiregate.ResumePDF, Size: int64(len(data)),
			SHA256: "abc", TextChars: len(text), Pages: 2},
		Data: data, Text: text,
	}
}

func testPutResume(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	cand := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
	job := mustJob(t, db, c, r.ID, "Go dev", "Go", "Remote")
	app := mustApplication(t, db, c, job.ID, cand.ID)

	t.Run("OK", func(t *testing.T) {
		at := c.add(time.Minute)
		got, err := db.PutResume(ctx, app.ID, upload("Carl, Go developer", []byte("%PDF-1 bytes")), at, nil)
		if err != nil {
			t.Fatalf("PutResume = %v", err)
		}
		if got.ResumeText != "Carl, Go developer" || !got.UpdatedAt.Equal(at) {
			t.Errorf("PutResume = text %q updated %v, want the new text at %v", got.ResumeText, got.UpdatedAt, at)
		}
		meta, data, err := db.ResumeFile(ctx, app.ID)
		if err != nil || string(data) != "%PDF-1 bytes" || meta.Filename != "cv.pdf" || meta.Pages != 2 || !meta.UploadedAt.Equal(at) {
			t.Errorf("ResumeFile = %+v, %q, %v; want the upload", meta, data, err)
		}
	})
	t.Run("Replace", func(t *testing.T) {
		if _, err := db.PutResume(ctx, app.ID, upload("second", []byte("second bytes")), c.add(time.Minute), nil); err != nil {
			t.Fatalf("PutResume = %v", err)
		}
		_, data, _ := db.ResumeFile(ctx, app.ID)
		if string(data) != "second bytes" {
			t.Errorf("ResumeFile after replace = %q, want %q", data, "second bytes")
		}
	})
	t.Run("CheckAbortsAndChangesNothing", func(t *testing.T) {
		boom := hiregate.Errorf(hiregate.ECONFLICT, "final")
		_, err := db.PutResume(ctx, app.ID, upload("third", []byte("third")), c.add(time.Minute),
			func(*store.ApplicationRecord) error { return boom })
		if !errors.Is(err, boom) {
			t.Fatalf("PutResume(check fails) = %v, want %v", err, boom)
		}
		a, _ := db.ApplicationByID(ctx, app.ID)
		_, data, _ := db.ResumeFile(ctx, app.ID)
		if a.ResumeText != "second" || string(data) != "second bytes" {
			t.Errorf("after a failed check: text %q, file %q; want the previous ones", a.ResumeText, data)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		_, err := db.PutResume(ctx, "nope", upload("x", []byte("x")), c.add(time.Minute), nil)
		wantCode(t, "PutResume(missing)", err, hiregate.ENOTFOUND)
		_, _, err = db.ResumeFile(ctx, "nope")
		wantCode(t, "ResumeFile(missing)", err, hiregate.ENOTFOUND)
	})
	t.Run("Meta", func(t *testing.T) {
		other := mustApplication(t, db, c, job.ID, mustUser(t, db, c, "dora@example.com", "Dora", hiregate.RoleCandidate).ID)
		m, err := db.ResumeMeta(ctx, []string{app.ID, other.ID, "nope"})
		if err != nil || len(m) != 1 || m[app.ID] == nil || m[app.ID].Size != int64(len("second bytes")) {
			t.Errorf("ResumeMeta = %+v, %v; want only %s", m, err, app.ID)
		}
	})
}

// RandomPipeline fills db with n applications over 4 jobs of 2 recruiters,
// arriving from start on, moved forward, skipping, rejected and withdrawn
// at random (seeded: the same every run), with random hours between moves.
// Adapters' own tests use it too. It returns the time of the last write.
func RandomPipeline(t testing.TB, db store.Store, start time.Time, n int) (jobs []*hiregate.Job, recruiters []*hiregate.User, end time.Time) {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 8))
	now := start
	for i := 0; i < 2; i++ {
		recruiters = append(recruiters, MustUser(t, db, "r"+itoa(i)+"@corp.example", "R", hiregate.RoleRecruiter))
	}
	for i := 0; i < 4; i++ {
		now = now.Add(time.Second)
		j := &hiregate.Job{Title: "Job", Description: "d", Location: "l", EmploymentType: hiregate.FullTime,
			Recruiter: hiregate.UserRef{ID: recruiters[i%2].ID}}
		if err := db.CreateJob(ctx, j, now); err != nil {
			t.Fatalf("CreateJob = %v", err)
		}
		jobs = append(jobs, j)
	}
	for i := 0; i < n; i++ {
		cand := MustUser(t, db, "c"+itoa(i)+"@example.com", "C", hiregate.RoleCandidate)
		now = now.Add(time.Duration(1+rng.IntN(72)) * time.Hour)
		job := jobs[rng.IntN(len(jobs))]
		a := &hiregate.Application{Job: hiregate.JobRef{ID: job.ID}, Candidate: hiregate.CandidateRef{ID: cand.ID}}
		if err := db.CreateApplication(ctx, a, now, nil); err != nil {
			t.Fatalf("CreateApplication = %v", err)
		}
		status, at := hiregate.StageApplied, now
		for !status.Final() && rng.IntN(4) > 0 {
			next := hiregate.NextStages(status, hiregate.ActorRecruiter)
			if rng.IntN(5) == 0 {
				next = []hiregate.Stage{hiregate.StageWithdrawn}
			}
			to := next[rng.IntN(len(next))]
			at = at.Add(time.Duration(rng.IntN(200)) * time.Hour)
			if _, err := db.MoveApplication(ctx, a.ID, to, hiregate.UserRef{ID: job.Recruiter.ID}, at, nil); err != nil {
				t.Fatalf("MoveApplication = %v", err)
			}
			status = to
		}
		if at.After(end) {
			end = at
		}
	}
	return jobs, recruiters, end
}

// tallyOf counts, from scratch, the histories of the applications in scope.
func tallyOf(t testing.TB, db store.Store, f hiregate.FunnelFilter) *report.Tally {
	t.Helper()
	ctx := context.Background()
	var hs [][]hiregate.HistoryEntry
	cursor := ""
	for {
		apps, next, err := db.ListApplications(ctx, hiregate.ApplicationFilter{JobID: f.JobID, Limit: 100, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			full, _ := db.ApplicationByID(ctx, a.ID)
			if f.RecruiterID != "" && full.JobOwnerID != f.RecruiterID {
				continue
			}
			if !f.From.IsZero() && a.CreatedAt.Before(f.From) || !f.To.IsZero() && a.CreatedAt.After(f.To) {
				continue
			}
			hs = append(hs, full.History)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	return report.Count(hs)
}

// The running counts kept by triggers agree with counting every history
// from scratch, for every scope, and so does the dated path.
func testFunnelTally(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	jobs, recruiters, end := RandomPipeline(t, db, c.now(), 60)
	filters := []hiregate.FunnelFilter{
		{},
		{JobID: jobs[0].ID},
		{RecruiterID: recruiters[1].ID},
		{JobID: jobs[1].ID, RecruiterID: recruiters[1].ID},
		{JobID: jobs[1].ID, RecruiterID: recruiters[0].ID}, // not theirs: empty
		{JobID: "nope"},
	}
	for _, f := range filters {
		got, err := db.FunnelTally(ctx, f)
		if err != nil {
			t.Fatalf("FunnelTally(%+v) = %v", f, err)
		}
		if want := tallyOf(t, db, f).Funnel(); !reflect.DeepEqual(got.Funnel(), want) {
			t.Errorf("FunnelTally(%+v) =\n%+v\nwant\n%+v", f, got.Funnel(), want)
		}
		// A date range covering everything takes the other path to the
		// same figures.
		f.From, f.To = T0.AddDate(-1, 0, 0), end.AddDate(1, 0, 0)
		dated, err := db.FunnelTally(ctx, f)
		if err != nil {
			t.Fatalf("FunnelTally(%+v) = %v", f, err)
		}
		if !reflect.DeepEqual(dated.Funnel(), got.Funnel()) {
			t.Errorf("FunnelTally(%+v, all dates) = %+v, want %+v", f, dated.Funnel(), got.Funnel())
		}
	}
	// A narrower range.
	f := hiregate.FunnelFilter{From: T0.Add(30 * 24 * time.Hour), To: T0.Add(60 * 24 * time.Hour)}
	got, _ := db.FunnelTally(ctx, f)
	if want := tallyOf(t, db, f).Funnel(); !reflect.DeepEqual(got.Funnel(), want) {
		t.Errorf("FunnelTally(%+v) = %+v, want %+v", f, got.Funnel(), want)
	}
}

// Erasure anonymises the user everywhere the store keeps them and keeps
// what reports count.
func testEraseUser(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	const name, email = "Zelda Quuxington", "zelda.quux@example.com"
	r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	cand := mustUser(t, db, c, email, name, hiregate.RoleCandidate)
	keep := mustUser(t, db, c, "kept@example.com", "Kept Person", hiregate.RoleCandidate)
	job := mustJob(t, db, c, r.ID, "Go dev", "Go", "Remote")
	a := &hiregate.Application{Job: hiregate.JobRef{ID: job.ID}, Candidate: hiregate.CandidateRef{ID: cand.ID},
		CoverLetter: "I am " + name, ResumeText: name}
	if err := db.CreateApplication(ctx, a, c.add(time.Second), nil); err != nil {
		t.Fatal(err)
	}
	kept := mustApplication(t, db, c, job.ID, keep.ID)
	if _, err := db.PutResume(ctx, a.ID, upload(name+" resume", []byte(name)), c.add(time.Second), nil); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateNote(ctx, &hiregate.Note{ApplicationID: a.ID, Author: hiregate.UserRef{ID: r.ID}, Body: name + " is great"}, c.add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MoveApplication(ctx, a.ID, hiregate.StageWithdrawn, hiregate.UserRef{ID: cand.ID}, c.add(time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	sess := &store.SessionRecord{ID: "s1", UserID: cand.ID, CreatedAt: c.now(), LastUsedAt: c.now(), ExpiresAt: c.now().Add(time.Hour), IP: "192.0.2.7", UserAgent: "ua"}
	if err := db.CreateSession(ctx, sess, "refresh-hash"); err != nil {
		t.Fatal(err)
	}
	for _, e := range []*hiregate.AuditEvent{
		{At: c.now(), Type: hiregate.AuditLoginOK, UserID: cand.ID, Email: email, IP: "192.0.2.7"},
		{At: c.now(), Type: hiregate.AuditLoginFailed, Email: email, IP: "192.0.2.7", Detail: "unknown " + email},
	} {
		if err := db.RecordAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.PutPendingTOTP(ctx, cand.ID, []byte("sealed"), c.now()); err != nil {
		t.Fatal(err)
	}
	if err := db.EnableTOTP(ctx, cand.ID, []byte("sealed"), 1, []string{"rc1"}, c.now()); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateMFAToken(ctx, "mfa-token-hash", cand.ID, c.now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	before, _ := db.FunnelTally(ctx, hiregate.FunnelFilter{})

	er := store.Erasure{Email: hiregate.ErasedEmail(cand.ID), FullName: hiregate.ErasedName}
	if err := db.EraseUser(ctx, cand.ID, er, c.add(time.Hour)); err != nil {
		t.Fatalf("EraseUser = %v", err)
	}
	wantCode(t, "EraseUser(missing)", db.EraseUser(ctx, "nope", er, c.now()), hiregate.ENOTFOUND)

	u, err := db.UserByID(ctx, cand.ID)
	if err != nil || u.Email != er.Email || u.FullName != er.FullName || u.Active || u.PasswordHash != "" {
		t.Errorf("UserByID(erased) = %+v, %v; want anonymised and inactive", u, err)
	}
	if _, err := db.UserByEmail(ctx, email); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Errorf("UserByEmail(old email) error = %v, want not found", err)
	}
	got, _ := db.ApplicationByID(ctx, a.ID)
	if got.CoverLetter != "" || got.ResumeText != "" || got.Candidate.FullName != er.FullName || got.Candidate.Email != er.Email {
		t.Errorf("ApplicationByID(erased) = %+v; want blank texts and the anonymous name", got)
	}
	if len(got.History) != 2 || got.History[0].ByName != er.FullName || got.History[1].ByName != er.FullName {
		t.Errorf("history after erasure = %+v; want both entries kept under the anonymous name", got.History)
	}
	if _, _, err := db.ResumeFile(ctx, a.ID); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Errorf("ResumeFile(erased) error = %v, want not found", err)
	}
	if notes, _, _ := db.ListNotes(ctx, a.ID, 10, ""); len(notes) != 0 {
		t.Errorf("ListNotes(erased) = %v, want none", notes)
	}
	if k, err := db.ApplicationByID(ctx, kept.ID); err != nil || k.CoverLetter == "" || k.ResumeText == "" {
		t.Errorf("ApplicationByID(another candidate's) = %+v, %v; want its texts kept", k, err)
	}
	if _, err := db.TOTP(ctx, cand.ID); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Errorf("TOTP(erased) error = %v, want not found", err)
	}
	if n, err := db.RecoveryCodesLeft(ctx, cand.ID); err != nil || n != 0 {
		t.Errorf("RecoveryCodesLeft(erased) = %d, %v; want 0", n, err)
	}
	if _, err := db.MFATokenUser(ctx, "mfa-token-hash", c.now()); err == nil {
		t.Errorf("MFATokenUser(erased user's token) error = nil, want invalid")
	}
	if sessions, _ := db.ListSessions(ctx, cand.ID, c.now()); len(sessions) != 0 {
		t.Errorf("ListSessions(erased) = %v, want none", sessions)
	}
	if _, err := db.SessionState(ctx, "s1", c.now()); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Errorf("SessionState(erased user's session) error = %v, want not found", err)
	}
	events, _, _ := db.ListAudit(ctx, hiregate.AuditFilter{})
	if len(events) != 2 {
		t.Errorf("ListAudit after erasure = %d events, want both kept", len(events))
	}
	for _, e := range events {
		if e.Email != "" || e.Detail != "" && e.Detail != "unknown " {
			t.Errorf("audit event after erasure = %+v, want no email", e)
		}
	}
	if after, _ := db.FunnelTally(ctx, hiregate.FunnelFilter{}); !reflect.DeepEqual(after.Funnel(), before.Funnel()) {
		t.Errorf("FunnelTally after erasure = %+v, want unchanged %+v", after.Funnel(), before.Funnel())
	}
	other, err := db.UserByEmail(ctx, "kept@example.com")
	if err != nil || other.FullName != "Kept Person" {
		t.Errorf("UserByEmail(other candidate) = %+v, %v; want untouched", other, err)
	}
}
