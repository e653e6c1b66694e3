package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/storetest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// An erasure leaves nothing in the files whether it runs on its own or
// in an Atomic view, where the write-ahead log can only be truncated
// once the view has committed.
func TestEraseUserLeavesNoCopy(t *testing.T) {
	const name, email = "Zelda Quuxington", "zelda.quux@example.com"
	for _, tc := range []struct {
		name  string
		erase func(ctx context.Context, db *sqlite.DB, id string, e store.Erasure, now time.Time) error
	}{
		{"alone", func(ctx context.Context, db *sqlite.DB, id string, e store.Erasure, now time.Time) error {
			return db.EraseUser(ctx, id, e, now)
		}},
		{"in Atomic", func(ctx context.Context, db *sqlite.DB, id string, e store.Erasure, now time.Time) error {
			return db.Atomic(ctx, func(tx store.Store) error { return tx.EraseUser(ctx, id, e, now) })
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "hiregate.db")
			db, c := mustOpenAt(t, path)
			cand := erasable(t, db, c, name, email, strings.Repeat("I am "+name+", write to "+email+". ", 100))
			er := store.Erasure{Email: hiregate.ErasedEmail(cand.ID), FullName: hiregate.ErasedName}
			if err := tc.erase(ctx, db, cand.ID, er, c.add(time.Hour)); err != nil {
				t.Fatalf("erase = %v", err)
			}
			searchFiles(t, path, name, email, "Rita")
			u, err := db.UserByID(ctx, cand.ID)
			if err != nil {
				t.Fatal(err)
			}
			if u.Email != er.Email || u.FullName != er.FullName || u.Active {
				t.Errorf("erased user = %+v, want %q, %q, inactive", u.User, er.Email, er.FullName)
			}
		})
	}
}

// erasable makes a recruiter, Rita, with a job, and the candidate to
// erase, who applied to it with coverLetter and their name as resume.
func erasable(t *testing.T, db *sqlite.DB, c *clock, name, email, coverLetter string) *hiregate.User {
	t.Helper()
	ctx := context.Background()
	r := storetest.MustUser(t, db, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	cand := storetest.MustUser(t, db, email, name, hiregate.RoleCandidate)
	job := &hiregate.Job{Title: "Go dev", Description: "Go", EmploymentType: hiregate.FullTime, Recruiter: hiregate.UserRef{ID: r.ID}}
	if err := db.CreateJob(ctx, job, c.add(time.Second)); err != nil {
		t.Fatal(err)
	}
	a := &hiregate.Application{Job: hiregate.JobRef{ID: job.ID}, Candidate: hiregate.CandidateRef{ID: cand.ID},
		CoverLetter: coverLetter, ResumeText: name}
	if err := db.CreateApplication(ctx, a, c.add(time.Second), nil); err != nil {
		t.Fatal(err)
	}
	return cand
}
