package seed_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/accounts"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/seed"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var now = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

func open(t *testing.T) (*sqlite.DB, *auth.Service) {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "hiregate.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc, err := auth.New(auth.Config{KeyDir: dir, BcryptCost: 4, Now: func() time.Time { return now }}, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	return db, svc
}

func TestDemo(t *testing.T) {
	ctx := context.Background()
	db, svc := open(t)

	seeded, err := seed.Demo(ctx, db, svc, now)
	if err != nil || !seeded {
		t.Fatalf("Demo() = %v, %v, want true, nil", seeded, err)
	}

	t.Run("Team", func(t *testing.T) {
		iv, err := db.UserByEmail(ctx, seed.InterviewerEmail)
		if err != nil || iv.Role != hiregate.RoleInterviewer {
			t.Fatalf("interviewer = %+v, %v", iv, err)
		}
		jobs, _, err := db.ListJobs(ctx, hiregate.JobFilter{StaffID: iv.ID})
		if err != nil || len(jobs) != 1 {
			t.Fatalf("interviewer's jobs = %d, %v, want 1", len(jobs), err)
		}
		team, _ := db.TeamMembers(ctx, jobs[0].ID)
		sc, _ := db.Scorecard(ctx, jobs[0].ID)
		ivs, _, _ := db.ListInterviews(ctx, store.InterviewQuery{InterviewerID: iv.ID})
		if len(team) != 3 || len(sc.Criteria) == 0 || !sc.RequiredBeforeOffer || len(ivs) != 1 || !ivs[0].StartsAt.After(now) {
			t.Errorf("team %+v, scorecard %+v, interviews %+v", team, sc, ivs)
		}
	})

	t.Run("Users", func(t *testing.T) {
		roles := map[hiregate.Role]int{}
		for _, email := range seed.Emails() {
			u, err := db.UserByEmail(ctx, email)
			if err != nil {
				t.Fatalf("UserByEmail(%s) error = %v", email, err)
			}
			roles[u.Role]++
			if !u.Active {
				t.Errorf("%s is not active", email)
			}
			// Every account logs in with the published password.
			if _, err := svc.Login(ctx, email, seed.DemoPassword, caller.ClientInfo{IP: "127.0.0.1"}); err != nil {
				t.Errorf("Login(%s, DemoPassword) error = %v", email, err)
			}
			if _, err := svc.Login(ctx, email, "wrong-password", caller.ClientInfo{IP: "127.0.0.1"}); hiregate.ErrorCode(err) != hiregate.EUNAUTHORIZED {
				t.Errorf("Login(%s, wrong) error = %v, want unauthorized", email, err)
			}
		}
		want := map[hiregate.Role]int{hiregate.RoleAdmin: 1, hiregate.RoleRecruiter: 2, hiregate.RoleCandidate: 3}
		for r, n := range want {
			if roles[r] != n {
				t.Errorf("%d %s accounts, want %d", roles[r], r, n)
			}
		}
		if n, err := db.CountUsers(ctx); err != nil || n != len(seed.Accounts) {
			t.Errorf("CountUsers() = %d, %v, want %d", n, err, len(seed.Accounts))
		}
	})

	jobs, next, err := db.ListJobs(ctx, hiregate.JobFilter{Limit: hiregate.MaxPageLimit})
	if err != nil || next != "" {
		t.Fatalf("ListJobs() = %d jobs, next %q, %v", len(jobs), next, err)
	}

	t.Run("Jobs", func(t *testing.T) {
		if len(jobs) < 18 || len(jobs) > 25 {
			t.Errorf("%d jobs, want about 20", len(jobs))
		}
		owners, statuses, types, locations := map[string]int{}, map[hiregate.JobStatus]int{}, map[hiregate.EmploymentType]int{}, map[string]bool{}
		withSalary := 0
		for _, j := range jobs {
			owners[j.Recruiter.FullName]++
			statuses[j.Status]++
			types[j.EmploymentType]++
			locations[j.Location] = true
			if j.SalaryMin != nil {
				withSalary++
			}
			if !j.CreatedAt.Before(now) {
				t.Errorf("job %q created at %s, want before %s", j.Title, j.CreatedAt, now)
			}
		}
		if len(owners) != 2 || owners["Dana Whitfield"] == 0 || owners["Marcus Okafor"] == 0 {
			t.Errorf("job owners = %v, want both recruiters", owners)
		}
		if statuses[hiregate.JobClosed] == 0 || statuses[hiregate.JobOpen] <= statuses[hiregate.JobClosed] {
			t.Errorf("job statuses = %v, want some closed, mostly open", statuses)
		}
		if len(types) != len(hiregate.EmploymentTypes) {
			t.Errorf("employment types = %v, want all of %v", types, hiregate.EmploymentTypes)
		}
		if len(locations) < 10 || withSalary == 0 || withSalary == len(jobs) {
			t.Errorf("%d locations, %d of %d jobs with a salary; want varied", len(locations), withSalary, len(jobs))
		}
	})

	t.Run("Applications", func(t *testing.T) {
		stages := map[hiregate.Stage]int{}
		notes := 0
		for _, email := range []string{seed.CandidateEmail, seed.Candidate2Email, seed.Candidate3Email} {
			cand, err := db.UserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			apps, _, err := db.ListApplications(ctx, hiregate.ApplicationFilter{CandidateID: cand.ID, Limit: hiregate.MaxPageLimit})
			if err != nil {
				t.Fatal(err)
			}
			if len(apps) == 0 {
				t.Errorf("%s has no applications", email)
			}
			for _, a := range apps {
				rec, err := db.ApplicationByID(ctx, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				stages[rec.Status]++
				checkHistory(t, rec, cand.ID)
				ns, _, err := db.ListNotes(ctx, a.ID, hiregate.MaxPageLimit, "")
				if err != nil {
					t.Fatal(err)
				}
				for _, n := range ns {
					if n.Author.ID != rec.JobOwnerID {
						t.Errorf("note on %s by %s, want the job's owner %s", a.ID, n.Author.ID, rec.JobOwnerID)
					}
				}
				notes += len(ns)
			}
		}
		for _, s := range hiregate.Stages {
			if stages[s] == 0 {
				t.Errorf("no application in stage %s (have %v)", s, stages)
			}
		}
		if notes < 3 {
			t.Errorf("%d notes, want a few", notes)
		}
	})

	t.Run("Idempotent", func(t *testing.T) {
		seeded, err := seed.Demo(ctx, db, svc, now.Add(time.Hour))
		if err != nil || seeded {
			t.Fatalf("second Demo() = %v, %v, want false, nil", seeded, err)
		}
		again, _, err := db.ListJobs(ctx, hiregate.JobFilter{Limit: hiregate.MaxPageLimit})
		if err != nil || len(again) != len(jobs) {
			t.Errorf("after a second Demo() %d jobs (%v), want %d", len(again), err, len(jobs))
		}
		if n, err := db.CountUsers(ctx); err != nil || n != len(seed.Accounts) {
			t.Errorf("after a second Demo() CountUsers() = %d, %v, want %d", n, err, len(seed.Accounts))
		}
	})
}

// checkHistory checks that the history starts at applied, follows the
// pipeline rules with the right actor, and moves forward in time.
func checkHistory(t *testing.T, rec *store.ApplicationRecord, candidateID string) {
	t.Helper()
	h := rec.History
	if len(h) == 0 || h[0].Status != hiregate.StageApplied {
		t.Errorf("application %s history = %+v, want it to start at applied", rec.ID, h)
		return
	}
	if last := h[len(h)-1].Status; last != rec.Status {
		t.Errorf("application %s status %s, last history entry %s", rec.ID, rec.Status, last)
	}
	for i := 1; i < len(h); i++ {
		actor := hiregate.ActorRecruiter
		if h[i].By == candidateID {
			actor = hiregate.ActorCandidate
		} else if h[i].By != rec.JobOwnerID {
			t.Errorf("application %s moved to %s by %s, want the job's owner or the candidate", rec.ID, h[i].Status, h[i].By)
		}
		if err := hiregate.CheckTransition(h[i-1].Status, h[i].Status, actor); err != nil {
			t.Errorf("application %s: %s -> %s: %v", rec.ID, h[i-1].Status, h[i].Status, err)
		}
		if !h[i].At.After(h[i-1].At) || h[i].At.After(now) {
			t.Errorf("application %s: history times %s then %s, want increasing and before %s", rec.ID, h[i-1].At, h[i].At, now)
		}
	}
}

func TestDemoLeavesAUsedDatabaseAlone(t *testing.T) {
	ctx := context.Background()
	db, svc := open(t)
	if _, err := accounts.New(db, svc).CreateUser(ctx, hiregate.CreateUserRequest{Email: "boss@corp.example", Password: "a-real-password", FullName: "Boss", Role: hiregate.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	seeded, err := seed.Demo(ctx, db, svc, now)
	if err != nil || seeded {
		t.Fatalf("Demo() on a used database = %v, %v, want false, nil", seeded, err)
	}
	if _, err := db.UserByEmail(ctx, seed.AdminEmail); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Errorf("UserByEmail(demo admin) error = %v, want not found", err)
	}
	if jobs, _, err := db.ListJobs(ctx, hiregate.JobFilter{}); err != nil || len(jobs) != 0 {
		t.Errorf("ListJobs() = %d jobs, %v, want none", len(jobs), err)
	}
}

var errCrash = errors.New("crash")

// crashingStore fails every write after the first few CreateJob calls, as
// a process killed part-way through seeding would stop writing.
type crashingStore struct {
	store.Store
	jobsLeft *int
}

func (s crashingStore) CreateJob(ctx context.Context, j *hiregate.Job, now time.Time) error {
	if *s.jobsLeft == 0 {
		return errCrash
	}
	*s.jobsLeft--
	return s.Store.CreateJob(ctx, j, now)
}

func (s crashingStore) Atomic(ctx context.Context, fn func(tx store.Store) error) error {
	return s.Store.Atomic(ctx, func(tx store.Store) error { return fn(crashingStore{tx, s.jobsLeft}) })
}

// TestDemoAfterCrash stops seeding part-way and starts again: the second
// start must end with the full demo data, not find some users and seed
// nothing.
func TestDemoAfterCrash(t *testing.T) {
	ctx := context.Background()
	db, svc := open(t)
	left := 5
	if seeded, err := seed.Demo(ctx, crashingStore{db, &left}, svc, now); !errors.Is(err, errCrash) || seeded {
		t.Fatalf("Demo(crashing) = %v, %v, want false and the crash", seeded, err)
	}
	if n, err := db.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("CountUsers() after the crash = %d, %v, want 0 (nothing half-seeded)", n, err)
	}
	seeded, err := seed.Demo(ctx, db, svc, now)
	if err != nil || !seeded {
		t.Fatalf("Demo() after the crash = %v, %v, want true, nil", seeded, err)
	}
	if n, err := db.CountUsers(ctx); err != nil || n != len(seed.Accounts) {
		t.Fatalf("CountUsers() = %d, %v, want %d", n, err, len(seed.Accounts))
	}
	jobs, _, err := db.ListJobs(ctx, hiregate.JobFilter{Limit: hiregate.MaxPageLimit})
	if err != nil || len(jobs) < 18 {
		t.Fatalf("ListJobs() = %d jobs, %v, want the full demo set", len(jobs), err)
	}
}
