package hiring_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hiregate/hiregate/server/events/eventstest"
	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/hiregate/hiregatetest"
)

var ctx = context.Background()

// env is a hiring service over a real SQLite store in a temp file, with
// the people every rule is about: an admin, the recruiter who owns the
// jobs, another recruiter, the candidate who applies and another one.
type env struct {
	svc *hiring.Service
	db  *sqlite.DB
	pub *eventstest.Recorder

	admin, owner, recruiter, cand, stranger *hiregate.User
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "hiregate.db"))
	if err != nil {
		t.Fatalf("sqlite.Open() error = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{db: db, pub: &eventstest.Recorder{}}
	e.svc = hiring.New(db, nil, hiring.WithEvents(e.pub))
	e.admin = e.user(t, "admin", hiregate.RoleAdmin)
	e.owner = e.user(t, "owner", hiregate.RoleRecruiter)
	e.recruiter = e.user(t, "recruiter", hiregate.RoleRecruiter)
	e.cand = e.user(t, "cand", hiregate.RoleCandidate)
	e.stranger = e.user(t, "stranger", hiregate.RoleCandidate)
	return e
}

// user stores an account directly: hiring never reads its password.
func (e *env) user(t *testing.T, name string, role hiregate.Role) *hiregate.User {
	t.Helper()
	u := &hiregate.User{Email: name + "@example.com", FullName: "Test " + name, Role: role, Active: true}
	if err := e.db.CreateUser(ctx, u, "not-a-hash"); err != nil {
		t.Fatalf("CreateUser(%s) error = %v", name, err)
	}
	return u
}

// as is u calling the service, on a session of their own.
func as(u *hiregate.User) *caller {
	return &caller{UserID: u.ID, Role: u.Role, SessionID: "session-" + u.ID, Email: u.Email}
}

// job posts a job as by, closing it when status says so.
func (e *env) job(t *testing.T, by *hiregate.User, title string, status hiregate.JobStatus) *hiregate.Job {
	t.Helper()
	j, err := e.svc.CreateJob(ctx, as(by), hiregate.CreateJobRequest{Title: title, Description: "Build " + title + " services"})
	if err != nil {
		t.Fatalf("CreateJob(%s) error = %v", title, err)
	}
	if status == hiregate.JobClosed {
		j, err = e.svc.UpdateJob(ctx, as(by), j.ID, hiregate.UpdateJobRequest{Status: &status})
		if err != nil {
			t.Fatalf("UpdateJob(%s, closed) error = %v", title, err)
		}
	}
	return j
}

// apply files by's application to j.
func (e *env) apply(t *testing.T, by *hiregate.User, j *hiregate.Job) *hiregate.Application {
	t.Helper()
	a, err := e.svc.Apply(ctx, as(by), j.ID, hiregate.CreateApplicationRequest{CoverLetter: "Hello", ResumeText: "Go and SQL"})
	if err != nil {
		t.Fatalf("Apply(%s) error = %v", j.Title, err)
	}
	return a
}

// applicationAt is a fresh application of e.cand to a new job of e.owner,
// moved to stage (withdrawn by the candidate, anything else by the owner).
func (e *env) applicationAt(t *testing.T, stage hiregate.Stage) *hiregate.Application {
	t.Helper()
	a := e.apply(t, e.cand, e.job(t, e.owner, "Job at "+string(stage), hiregate.JobOpen))
	if stage == hiregate.StageApplied {
		return a
	}
	by := e.owner
	if stage == hiregate.StageWithdrawn {
		by = e.cand
	}
	a, err := e.svc.MoveApplication(ctx, as(by), a.ID, hiregate.UpdateApplicationRequest{Status: stage})
	if err != nil {
		t.Fatalf("MoveApplication(%s) error = %v", stage, err)
	}
	return a
}

// checkErr checks err against the contract's code and field or message.
var checkErr = hiregatetest.CheckError

// ids lists the ids of jobs or applications, in order.
func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func jobID(j hiregate.Job) string         { return j.ID }
func appID(a hiregate.Application) string { return a.ID }

func ptr[T any](v T) *T { return &v }
