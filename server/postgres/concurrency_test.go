package postgres_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/postgres"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// The cases below run their parallel calls through two pools on one
// database, as two replicas would: nothing may depend on one process.

// acrossReplicas makes n calls of fn at once, alternating between the
// pools a and b, and returns each call's error.
func acrossReplicas(a, b *postgres.DB, n int, fn func(i int, db *postgres.DB) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		db := a
		if i%2 == 1 {
			db = b
		}
		wg.Go(func() { errs[i] = fn(i, db) })
	}
	wg.Wait()
	return errs
}

// wantOneWin fails unless exactly one of errs is nil and every other is a
// refusal, which lost recognises and lostName names.
func wantOneWin(t *testing.T, call string, errs []error, lostName string, lost func(error) bool) {
	t.Helper()
	wins := 0
	for i, err := range errs {
		switch {
		case err == nil:
			wins++
		case lost(err):
		default:
			t.Errorf("%s #%d = %v, want nil or %s", call, i, err, lostName)
		}
	}
	if wins != 1 {
		t.Fatalf("%s succeeded %d times, want exactly 1", call, wins)
	}
}

func TestRotateRefreshOnceAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	url := pgURL(t)
	a, b := openAt(t, url), openAt(t, url)
	u := mustUser(t, a, "ann@example.com", hiregate.RoleCandidate)
	s := &store.SessionRecord{ID: "sess-1", UserID: u.ID, ExpiresAt: t0.Add(time.Hour)}
	if err := a.CreateSession(ctx, s, "old"); err != nil {
		t.Fatal(err)
	}
	const n = 8
	errs := acrossReplicas(a, b, n, func(i int, db *postgres.DB) error {
		_, err := db.RotateRefresh(ctx, "old", "new-"+itoa(i), t0, t0.Add(2*time.Hour))
		return err
	})
	wantOneWin(t, "RotateRefresh", errs, "ErrRefreshReuse", func(err error) bool { return errors.Is(err, store.ErrRefreshReuse) })
	st, err := b.SessionState(ctx, s.ID, t0)
	if err != nil || !st.Revoked {
		t.Fatalf("SessionState after a reused refresh token = %+v, %v; want revoked", st, err)
	}
}

func TestReserveAttemptsNeverOverLimitAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	url := pgURL(t)
	a, b := openAt(t, url), openAt(t, url)
	limits := []store.Limit{
		{Key: "acct:ann@example.com", Max: 10, Window: 15 * time.Minute},
		{Key: "ip:192.0.2.1", Max: 100, Window: 15 * time.Minute},
	}
	const n = 24
	errs := acrossReplicas(a, b, n, func(_ int, db *postgres.DB) error {
		_, err := db.ReserveAttempts(ctx, limits, t0)
		return err
	})
	ok, throttled := 0, 0
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
		case hiregate.ErrorCode(err) == hiregate.ETHROTTLED:
			throttled++
		default:
			t.Errorf("ReserveAttempts #%d = %v", i, err)
		}
	}
	if ok != 10 || throttled != n-10 {
		t.Fatalf("ReserveAttempts: %d reserved, %d throttled; want 10 and %d", ok, throttled, n-10)
	}
}

func TestReserveAttemptsRetryAfter(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	l := []store.Limit{{Key: "acct:x", Max: 2, Window: time.Minute}}
	for i, at := range []time.Time{t0, t0.Add(20 * time.Second)} {
		if _, err := db.ReserveAttempts(ctx, l, at); err != nil {
			t.Fatalf("ReserveAttempts #%d = %v", i, err)
		}
	}
	_, err := db.ReserveAttempts(ctx, l, t0.Add(30*time.Second))
	var he *hiregate.Error
	if !errors.As(err, &he) || he.Code != hiregate.ETHROTTLED || he.RetryAfter != 30 {
		t.Fatalf("ReserveAttempts over the limit = %v, want ETHROTTLED with RetryAfter 30", err)
	}
	ids, err := db.ReserveAttempts(ctx, l, t0.Add(61*time.Second))
	if err != nil || len(ids) != 1 {
		t.Fatalf("ReserveAttempts after the oldest left the window = %v, %v; want one id", ids, err)
	}
	if err := db.ReleaseAttempts(ctx, ids); err != nil {
		t.Fatalf("ReleaseAttempts = %v", err)
	}
}

func TestCreateApplicationOnceAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	url := pgURL(t)
	a, b := openAt(t, url), openAt(t, url)
	rec := mustUser(t, a, "rec@example.com", hiregate.RoleRecruiter)
	cand := mustUser(t, a, "cand@example.com", hiregate.RoleCandidate)
	job := &hiregate.Job{Title: "Go developer", Description: "d", Location: "Remote", EmploymentType: "full_time", Recruiter: hiregate.UserRef{ID: rec.ID}}
	if err := a.CreateJob(ctx, job, t0); err != nil {
		t.Fatal(err)
	}
	const n = 8
	errs := acrossReplicas(a, b, n, func(_ int, db *postgres.DB) error {
		app := &hiregate.Application{Job: hiregate.JobRef{ID: job.ID}, Candidate: hiregate.CandidateRef{ID: cand.ID}}
		return db.CreateApplication(ctx, app, t0, nil)
	})
	wantOneWin(t, "CreateApplication", errs, "ECONFLICT", func(err error) bool { return hiregate.ErrorCode(err) == hiregate.ECONFLICT })
}

func TestCreateUserOnceAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	url := pgURL(t)
	a, b := openAt(t, url), openAt(t, url)
	const n = 8
	errs := acrossReplicas(a, b, n, func(_ int, db *postgres.DB) error {
		return db.CreateUser(ctx, &hiregate.User{Email: "dup@example.com", FullName: "D", Role: hiregate.RoleCandidate, Active: true}, "h")
	})
	wantOneWin(t, "CreateUser", errs, "ECONFLICT", func(err error) bool { return hiregate.ErrorCode(err) == hiregate.ECONFLICT })
}

func TestMoveApplicationHistoryWithoutGapsAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	url := pgURL(t)
	a, b := openAt(t, url), openAt(t, url)
	rec := mustUser(t, a, "rec@example.com", hiregate.RoleRecruiter)
	cand := mustUser(t, a, "cand@example.com", hiregate.RoleCandidate)
	job := &hiregate.Job{Title: "T", Description: "d", Location: "L", EmploymentType: "full_time", Recruiter: hiregate.UserRef{ID: rec.ID}}
	if err := a.CreateJob(ctx, job, t0); err != nil {
		t.Fatal(err)
	}
	app := &hiregate.Application{Job: hiregate.JobRef{ID: job.ID}, Candidate: hiregate.CandidateRef{ID: cand.ID}}
	if err := a.CreateApplication(ctx, app, t0, nil); err != nil {
		t.Fatal(err)
	}
	// Every mover wants the next stage after the one it reads: exactly
	// one move from each stage may succeed.
	stages := []hiregate.Stage{hiregate.StageScreening, hiregate.StageInterview, hiregate.StageOffer, hiregate.StageHired}
	const n = 12
	acrossReplicas(a, b, n, func(i int, db *postgres.DB) error {
		to := stages[i%len(stages)]
		_, _ = db.MoveApplication(ctx, app.ID, to, hiregate.UserRef{ID: rec.ID}, t0, func(r *store.ApplicationRecord) error {
			return hiregate.CheckTransition(r.Status, to, hiregate.ActorRecruiter)
		})
		return nil
	})
	got, err := b.ApplicationByID(ctx, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(got.History); i++ {
		if hiregate.CheckTransition(got.History[i-1].Status, got.History[i].Status, hiregate.ActorRecruiter) != nil {
			t.Fatalf("history %v has a move %s -> %s the check forbids", got.History, got.History[i-1].Status, got.History[i].Status)
		}
	}
	if last := got.History[len(got.History)-1].Status; last != got.Status {
		t.Fatalf("status %s, last history entry %s; want equal", got.Status, last)
	}
}

// TestRotateRefreshRacingLogout races rotations of a session's token
// against its revocation on another replica: a rotation that succeeds
// never returns a revoked session, and once both are done the session is
// revoked and its newest token refused.
func TestRotateRefreshRacingLogout(t *testing.T) {
	ctx := context.Background()
	url := pgURL(t)
	a, b := openAt(t, url), openAt(t, url)
	u := mustUser(t, a, "ann@example.com", hiregate.RoleCandidate)
	for i := range 10 {
		id, old, next := "sess-"+itoa(i), "old-"+itoa(i), "new-"+itoa(i)
		if err := a.CreateSession(ctx, &store.SessionRecord{ID: id, UserID: u.ID, ExpiresAt: t0.Add(time.Hour)}, old); err != nil {
			t.Fatal(err)
		}
		var rotated *store.SessionRecord
		var rotErr, revErr error
		var wg sync.WaitGroup
		wg.Go(func() { rotated, rotErr = a.RotateRefresh(ctx, old, next, t0, t0.Add(2*time.Hour)) })
		wg.Go(func() { revErr = b.RevokeSession(ctx, u.ID, id, t0) })
		wg.Wait()
		if revErr != nil {
			t.Fatalf("RevokeSession #%d = %v", i, revErr)
		}
		switch {
		case rotErr == nil && rotated.RevokedAt != nil:
			t.Fatalf("RotateRefresh #%d succeeded with a revoked session %+v", i, rotated)
		case rotErr != nil && !errors.Is(rotErr, store.ErrRefreshInvalid):
			t.Fatalf("RotateRefresh #%d = %v, want nil or ErrRefreshInvalid", i, rotErr)
		}
		if _, err := b.RotateRefresh(ctx, next, "after-"+itoa(i), t0, t0.Add(3*time.Hour)); !errors.Is(err, store.ErrRefreshInvalid) {
			t.Fatalf("RotateRefresh of the newest token after logout #%d = %v, want ErrRefreshInvalid", i, err)
		}
	}
}

// Concurrent writes of one replica share commits: a write that fails (a
// missing recruiter, a cancelled request) fails alone, and every other is
// committed, seen from another replica, exactly once.
func TestConcurrentStepsFailAlone(t *testing.T) {
	ctx := context.Background()
	url := pgURL(t)
	a, b := openAt(t, url), openAt(t, url)
	rec := mustUser(t, a, "rec@example.com", hiregate.RoleRecruiter)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	const n = 48
	jobs := make([]*hiregate.Job, n)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		recruiter, cctx := rec.ID, ctx
		switch i % 3 {
		case 1:
			recruiter = "missing"
		case 2:
			cctx = cancelled
		}
		jobs[i] = &hiregate.Job{Title: "Go", EmploymentType: "full_time", Recruiter: hiregate.UserRef{ID: recruiter}}
		wg.Go(func() { errs[i] = a.CreateJob(cctx, jobs[i], t0) })
	}
	wg.Wait()
	for i, err := range errs {
		switch i % 3 {
		case 0:
			if err != nil {
				t.Fatalf("CreateJob #%d = %v, want nil", i, err)
			}
			if got, err := b.JobByID(ctx, jobs[i].ID); err != nil || got.Recruiter.ID != rec.ID {
				t.Errorf("job #%d on the other replica = %+v, %v", i, got, err)
			}
		case 1:
			if hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
				t.Errorf("CreateJob #%d (missing recruiter) = %v, want ENOTFOUND", i, err)
			}
		case 2:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("CreateJob #%d (cancelled) = %v, want context.Canceled", i, err)
			}
		}
	}
	all, _, err := b.ListJobs(ctx, hiregate.JobFilter{Limit: 100})
	if err != nil || len(all) != (n+2)/3 {
		t.Fatalf("ListJobs = %d jobs, %v; want %d", len(all), err, (n+2)/3)
	}
}
