package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/storetest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Migration 0005 counts the applications that were there before it.
func TestFunnelBackfill(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hiregate.db")
	db, _ := mustOpenAt(t, path)
	storetest.RandomPipeline(t, db, t0, 40)
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
		"DROP TABLE pipeline_ranks", "DROP VIEW application_scopes", "DROP TABLE funnel_levels", "DROP TABLE maintenance", "DROP TABLE application_profiles", "DROP TABLE resumes",
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
	r := storetest.MustUser(t, db, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	cand := storetest.MustUser(t, db, email, name, hiregate.RoleCandidate)
	keep := storetest.MustUser(t, db, "kept@example.com", "Kept Person", hiregate.RoleCandidate)
	job := &hiregate.Job{Title: "Go dev", Description: "Go", EmploymentType: hiregate.FullTime, Recruiter: hiregate.UserRef{ID: r.ID}}
	if err := db.CreateJob(ctx, job, c.add(time.Second)); err != nil {
		t.Fatal(err)
	}
	a := &hiregate.Application{Job: hiregate.JobRef{ID: job.ID}, Candidate: hiregate.CandidateRef{ID: cand.ID},
		CoverLetter: "I am " + name + ", write to " + email, ResumeText: name}
	if err := db.CreateApplication(ctx, a, c.add(time.Second), nil); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateApplication(ctx, &hiregate.Application{Job: hiregate.JobRef{ID: job.ID}, Candidate: hiregate.CandidateRef{ID: keep.ID}}, c.add(time.Second), nil); err != nil {
		t.Fatal(err)
	}
	// Write the name many times over so that it lands on many pages,
	// including overflow pages of a large resume.
	big := bytes.Repeat([]byte(name+" "+email+"\n"), 20000)
	if _, err := db.PutResume(ctx, a.ID, &store.ResumeUpload{Meta: hiregate.Resume{Filename: "cv.txt", ContentType: hiregate.ResumeText}, Data: big, Text: name + " resume"}, c.add(time.Second), nil); err != nil {
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
	if _, err := db.ReserveAttempts(ctx, []store.Limit{{Key: "acct:" + email, Max: 10, Window: time.Hour}}, c.now()); err != nil {
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
	er := store.Erasure{Email: hiregate.ErasedEmail(cand.ID), FullName: hiregate.ErasedName}
	if err := db.EraseUser(ctx, cand.ID, er, c.add(time.Hour)); err != nil {
		t.Fatalf("EraseUser = %v", err)
	}
	// While the database is open (the log exists) and after it is closed.
	searchFiles(t, path, name, email, "Kept Person")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	searchFiles(t, path, name, email, "Kept Person")
}

// searchFiles fails when any file of the database holds name or email;
// keep (when given) must still be in the database file.
func searchFiles(t *testing.T, path, name, email string, keep ...string) {
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
		for _, k := range keep {
			if strings.HasSuffix(f, ".db") && !bytes.Contains(b, []byte(k)) {
				t.Errorf("%s lost %q", filepath.Base(f), k)
			}
		}
	}
	t.Logf("searched %d files (write-ahead log among them: %v)", len(files), sawWAL)
}

// A database last written before writes zeroed freed space keeps old row
// versions in its pages' free space. The first open after the upgrade
// rewrites the file once, so an erasure then leaves nothing behind.
func TestEraseUserAfterUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hiregate.db")
	const name, email = "Zelda Quuxington", "zelda.quux@example.com"
	db, c := mustOpenAt(t, path)
	cand := erasable(t, db, c, name, email, strings.Repeat("I am "+name+". ", 50))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// An old server's writes: rows rewritten with secure_delete off.
	raw, err := sql.Open("sqlite", path+"?_pragma=secure_delete(0)")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE applications SET cover_letter = cover_letter || ' Thanks.'`,
		`UPDATE applications SET cover_letter = substr(cover_letter, 1, 100)`,
		`UPDATE users SET full_name = full_name || ' Jr' WHERE email = '` + email + `'`,
		`DELETE FROM maintenance`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	db2, c2 := mustOpenAt(t, path) // scrubs
	if err := db2.EraseUser(ctx, cand.ID, store.Erasure{Email: hiregate.ErasedEmail(cand.ID), FullName: hiregate.ErasedName}, c2.add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	searchFiles(t, path, name, email)
	if err := db2.Close(); err != nil {
		t.Fatal(err)
	}
	searchFiles(t, path, name, email)
}
