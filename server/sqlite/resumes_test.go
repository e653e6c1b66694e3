package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/report"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func upload(text string, data []byte) *store.ResumeUpload {
	return &store.ResumeUpload{
		Meta: hiregate.Resume{Filename: "cv.pdf", ContentType: hiregate.ResumePDF, Size: int64(len(data)),
			SHA256: "abc", TextChars: len(text), Pages: 2},
		Data: data, Text: text, Profile: []byte{1, 0, 0, 0, 0},
	}
}

func TestPutResume(t *testing.T) {
	ctx := context.Background()
	db, c := MustOpenDB(t)
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

func TestMatchDocs(t *testing.T) {
	ctx := context.Background()
	db, c := MustOpenDB(t)
	r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	job := mustJob(t, db, c, r.ID, "Go dev", "Go", "Remote")
	other := mustJob(t, db, c, r.ID, "Other", "x", "Remote")
	a1 := mustApplication(t, db, c, job.ID, mustUser(t, db, c, "a@example.com", "A", hiregate.RoleCandidate).ID)
	a2 := mustApplication(t, db, c, job.ID, mustUser(t, db, c, "b@example.com", "B", hiregate.RoleCandidate).ID)
	mustApplication(t, db, c, other.ID, mustUser(t, db, c, "c@example.com", "C", hiregate.RoleCandidate).ID)
	if err := db.SetProfile(ctx, a2.ID, []byte("profile-2")); err != nil {
		t.Fatalf("SetProfile = %v", err)
	}
	wantCode(t, "SetProfile(missing)", db.SetProfile(ctx, "nope", []byte("x")), hiregate.ENOTFOUND)
	got, err := db.MatchDocs(ctx, job.ID, "")
	if err != nil {
		t.Fatalf("MatchDocs = %v", err)
	}
	want := []store.MatchDoc{
		{ApplicationID: a1.ID, CreatedAt: a1.CreatedAt, Text: []string{"CV", "Hello"}},
		{ApplicationID: a2.ID, CreatedAt: a2.CreatedAt, Profile: []byte("profile-2")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("MatchDocs = %+v, want %+v", got, want)
	}
	if _, err := db.MoveApplication(ctx, a1.ID, hiregate.StageRejected, hiregate.UserRef{ID: r.ID}, c.add(time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	got, _ = db.MatchDocs(ctx, job.ID, hiregate.StageRejected)
	if len(got) != 1 || got[0].ApplicationID != a1.ID {
		t.Errorf("MatchDocs(rejected) = %+v, want only %s", got, a1.ID)
	}
}

// randomPipeline creates applications over several jobs and moves them
// forward, skipping, rejecting and withdrawing at random, with random
// hours between moves.
func randomPipeline(t *testing.T, db *sqlite.DB, c *clock, n int) (jobs []*hiregate.Job, recruiters []*hiregate.User) {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 2; i++ {
		recruiters = append(recruiters, mustUser(t, db, c, "r"+itoa(i)+"@corp.example", "R", hiregate.RoleRecruiter))
	}
	for i := 0; i < 4; i++ {
		jobs = append(jobs, mustJob(t, db, c, recruiters[i%2].ID, "Job", "d", "l"))
	}
	for i := 0; i < n; i++ {
		cand := mustUser(t, db, c, "c"+itoa(i)+"@example.com", "C", hiregate.RoleCandidate)
		c.add(time.Duration(rng.IntN(72)) * time.Hour)
		job := jobs[rng.IntN(len(jobs))]
		a := mustApplication(t, db, c, job.ID, cand.ID)
		status := hiregate.StageApplied
		for !status.Final() && rng.IntN(4) > 0 {
			next := hiregate.NextStages(status, hiregate.ActorRecruiter)
			if rng.IntN(5) == 0 {
				next = []hiregate.Stage{hiregate.StageWithdrawn}
			}
			to := next[rng.IntN(len(next))]
			at := c.t.Add(time.Duration(rng.IntN(200)) * time.Hour)
			if _, err := db.MoveApplication(ctx, a.ID, to, hiregate.UserRef{ID: job.Recruiter.ID}, at, nil); err != nil {
				t.Fatalf("MoveApplication = %v", err)
			}
			status = to
		}
	}
	return jobs, recruiters
}

// tallyOf counts, from scratch, the histories of the applications in scope.
func tallyOf(t *testing.T, db *sqlite.DB, f hiregate.FunnelFilter) *report.Tally {
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
func TestFunnelTally(t *testing.T) {
	ctx := context.Background()
	db, c := MustOpenDB(t)
	jobs, recruiters := randomPipeline(t, db, c, 60)
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
		f.From, f.To = t0.AddDate(-1, 0, 0), c.t.AddDate(1, 0, 0)
		dated, err := db.FunnelTally(ctx, f)
		if err != nil {
			t.Fatalf("FunnelTally(%+v) = %v", f, err)
		}
		if !reflect.DeepEqual(dated.Funnel(), got.Funnel()) {
			t.Errorf("FunnelTally(%+v, all dates) = %+v, want %+v", f, dated.Funnel(), got.Funnel())
		}
	}
	// A narrower range.
	f := hiregate.FunnelFilter{From: t0.Add(30 * 24 * time.Hour), To: t0.Add(60 * 24 * time.Hour)}
	got, _ := db.FunnelTally(ctx, f)
	if want := tallyOf(t, db, f).Funnel(); !reflect.DeepEqual(got.Funnel(), want) {
		t.Errorf("FunnelTally(%+v) = %+v, want %+v", f, got.Funnel(), want)
	}
}

// Migration 0005 counts the applications that were there before it.
func TestFunnelBackfill(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hiregate.db")
	db, c := mustOpenAt(t, path)
	randomPipeline(t, db, c, 40)
	before, err := db.FunnelTally(ctx, hiregate.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Undo migration 0005 as if the data predated it.
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER funnel_arrival", "DROP TRIGGER funnel_move", "DROP TABLE funnel_counts", "DROP TABLE funnel_dwell", "DROP TABLE funnel_weeks",
		"DROP TABLE pipeline_ranks", "DROP VIEW application_scopes", "DROP TABLE funnel_levels", "DROP TABLE application_profiles", "DROP TABLE resumes",
		"DELETE FROM schema_migrations WHERE version = 5"} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	db2, _ := mustOpenAt(t, path)
	after, err := db2.FunnelTally(ctx, hiregate.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after.Funnel(), before.Funnel()) {
		t.Errorf("FunnelTally after backfill = %+v, want %+v", after.Funnel(), before.Funnel())
	}
}

// Erasure leaves no copy of the candidate's name or email anywhere in the
// database's files, the write-ahead log included, while their history
// still counts in reports.
func TestEraseUser(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hiregate.db")
	db, c := mustOpenAt(t, path)
	const name, email = "Zelda Quuxington", "zelda.quux@example.com"
	r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	cand := mustUser(t, db, c, email, name, hiregate.RoleCandidate)
	keep := mustUser(t, db, c, "kept@example.com", "Kept Person", hiregate.RoleCandidate)
	job := mustJob(t, db, c, r.ID, "Go dev", "Go", "Remote")
	a := &hiregate.Application{Job: hiregate.JobRef{ID: job.ID}, Candidate: hiregate.CandidateRef{ID: cand.ID},
		CoverLetter: "I am " + name + ", write to " + email, ResumeText: name}
	if err := db.CreateApplication(ctx, a, c.add(time.Second), nil); err != nil {
		t.Fatal(err)
	}
	mustApplication(t, db, c, job.ID, keep.ID)
	// Write the name many times over so that it lands on many pages,
	// including overflow pages of a large resume.
	big := bytes.Repeat([]byte(name+" "+email+"\n"), 20000)
	if _, err := db.PutResume(ctx, a.ID, upload(name+" resume", big), c.add(time.Second), nil); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateNote(ctx, &hiregate.Note{ApplicationID: a.ID, Author: hiregate.UserRef{ID: r.ID}, Body: name + " is great"}, c.add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MoveApplication(ctx, a.ID, hiregate.StageWithdrawn, hiregate.UserRef{ID: cand.ID}, c.add(time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	sess := &store.SessionRecord{ID: "s1", UserID: cand.ID, CreatedAt: c.t, LastUsedAt: c.t, ExpiresAt: c.t.Add(time.Hour), IP: "192.0.2.7", UserAgent: "ua"}
	if err := db.CreateSession(ctx, sess, "refresh-hash"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReserveAttempts(ctx, []store.Limit{{Key: "acct:" + email, Max: 10, Window: time.Hour}}, c.t); err != nil {
		t.Fatal(err)
	}
	for _, e := range []*hiregate.AuditEvent{
		{At: c.t, Type: hiregate.AuditLoginOK, UserID: cand.ID, Email: email, IP: "192.0.2.7"},
		{At: c.t, Type: hiregate.AuditLoginFailed, Email: email, IP: "192.0.2.7", Detail: "unknown " + email},
	} {
		if err := db.RecordAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := db.FunnelTally(ctx, hiregate.FunnelFilter{})

	er := store.Erasure{Email: "erased-" + cand.ID + "@erased.invalid", FullName: "Erased user"}
	if err := db.EraseUser(ctx, cand.ID, er, c.add(time.Hour)); err != nil {
		t.Fatalf("EraseUser = %v", err)
	}
	wantCode(t, "EraseUser(missing)", db.EraseUser(ctx, "nope", er, c.t), hiregate.ENOTFOUND)

	u, err := db.UserByID(ctx, cand.ID)
	if err != nil || u.Email != er.Email || u.FullName != er.FullName || u.Active || u.PasswordHash != "" {
		t.Errorf("UserByID(erased) = %+v, %v; want anonymised and inactive", u, err)
	}
	got, _ := db.ApplicationByID(ctx, a.ID)
	if got.CoverLetter != "" || got.ResumeText != "" || got.Candidate.FullName != er.FullName || len(got.History) != 2 {
		t.Errorf("ApplicationByID(erased) = %+v; want blank texts, anonymous name, history kept", got)
	}
	if _, _, err := db.ResumeFile(ctx, a.ID); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Errorf("ResumeFile(erased) error = %v, want not found", err)
	}
	if after, _ := db.FunnelTally(ctx, hiregate.FunnelFilter{}); !reflect.DeepEqual(after.Funnel(), before.Funnel()) {
		t.Errorf("FunnelTally after erasure = %+v, want unchanged %+v", after.Funnel(), before.Funnel())
	}
	events, _, _ := db.ListAudit(ctx, hiregate.AuditFilter{})
	if len(events) != 2 {
		t.Errorf("ListAudit after erasure = %d events, want both kept", len(events))
	}
	kept, _ := db.UserByEmail(ctx, "kept@example.com")
	if kept == nil || kept.FullName != "Kept Person" {
		t.Errorf("UserByEmail(other candidate) = %+v, want untouched", kept)
	}
	// While the database is open (the log exists) and after it is closed.
	searchFiles(t, path, name, email)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	searchFiles(t, path, name, email)
}

func searchFiles(t *testing.T, path, name, email string) {
	t.Helper()
	files, _ := filepath.Glob(path + "*")
	sawWAL := false
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sawWAL = sawWAL || strings.HasSuffix(f, "-wal")
		for _, secret := range []string{name, email, "Zelda", "quux@example"} {
			if n := bytes.Count(b, []byte(secret)); n > 0 {
				t.Errorf("%s holds %q %d times after erasure, want 0", filepath.Base(f), secret, n)
			}
		}
		if strings.HasSuffix(f, ".db") && !bytes.Contains(b, []byte("Kept Person")) {
			t.Errorf("%s lost the other candidate's name", filepath.Base(f))
		}
	}
	t.Logf("searched %d files (write-ahead log among them: %v)", len(files), sawWAL)
}
