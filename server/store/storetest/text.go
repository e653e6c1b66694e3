package storetest

import (
	"context"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// RunText runs the cases of text no engine stores alike (a NUL, invalid
// UTF-8; see sqlstore.CheckArgs): a write refuses it with EINVALID and leaves
// nothing behind, a lookup by it finds nothing. It uses store.Users,
// store.Jobs and store.Audit.
func RunText(t *testing.T, open Opener) { runCases(t, open, textCases) }

var textCases = []testCase{
	{"Writes", testTextWrites},
	{"Lookups", testTextLookups},
}

var badTexts = []struct{ name, s string }{{"NUL", "a\x00b"}, {"InvalidUTF8", "a\xffb"}}

func testTextWrites(t *testing.T, open Opener) {
	ctx := context.Background()
	for _, bad := range badTexts {
		t.Run(bad.name, func(t *testing.T) {
			db, c := mustOpen(t, open)
			rec := mustUser(t, db, c, "rec@example.com", "Rec", hiregate.RoleRecruiter)
			writes := []struct {
				name string
				do   func() error
			}{
				{"CreateUserName", func() error {
					return db.CreateUser(ctx, &hiregate.User{Email: "x@example.com", FullName: bad.s, Role: hiregate.RoleCandidate, Active: true}, "h")
				}},
				{"CreateUserEmail", func() error {
					return db.CreateUser(ctx, &hiregate.User{Email: bad.s + "@example.com", FullName: "X", Role: hiregate.RoleCandidate, Active: true}, "h")
				}},
				{"CreateJobTitle", func() error {
					return db.CreateJob(ctx, &hiregate.Job{Title: bad.s, EmploymentType: hiregate.FullTime, Recruiter: hiregate.UserRef{ID: rec.ID}}, c.now())
				}},
				{"RecordAuditDetail", func() error {
					return db.RecordAudit(ctx, &hiregate.AuditEvent{At: c.now(), Type: hiregate.AuditLoginFailed, Detail: bad.s})
				}},
			}
			for _, w := range writes {
				wantCode(t, w.name, w.do(), hiregate.EINVALID)
			}
			if n, err := db.CountUsers(ctx); err != nil || n != 1 {
				t.Errorf("CountUsers = %d, %v after refused writes, want 1", n, err)
			}
			if jobs, _, err := db.ListJobs(ctx, hiregate.JobFilter{Limit: 10}); err != nil || len(jobs) != 0 {
				t.Errorf("ListJobs = %d, %v after refused writes, want none", len(jobs), err)
			}
		})
	}
}

func testTextLookups(t *testing.T, open Opener) {
	ctx := context.Background()
	for _, bad := range badTexts {
		t.Run(bad.name, func(t *testing.T) {
			db, _ := mustOpen(t, open)
			lookups := []struct {
				name string
				do   func() error
			}{
				{"UserByID", func() error { _, err := db.UserByID(ctx, bad.s); return err }},
				{"UserByEmail", func() error { _, err := db.UserByEmail(ctx, bad.s); return err }},
				{"JobByID", func() error { _, err := db.JobByID(ctx, bad.s); return err }},
				{"ApplicationByID", func() error { _, err := db.ApplicationByID(ctx, bad.s); return err }},
				{"SessionState", func() error { _, err := db.SessionState(ctx, bad.s, T0); return err }},
			}
			for _, l := range lookups {
				wantCode(t, l.name, l.do(), hiregate.ENOTFOUND)
			}
		})
	}
}
