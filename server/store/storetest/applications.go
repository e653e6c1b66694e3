package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func mustApplication(tb testing.TB, db store.Store, c *clock, jobID, candidateID string) *hiregate.Application {
	tb.Helper()
	a := &hiregate.Application{Job: hiregate.JobRef{ID: jobID}, Candidate: hiregate.CandidateRef{ID: candidateID},
		CoverLetter: "Hello", ResumeText: "CV"}
	if err := db.CreateApplication(context.Background(), a, c.add(time.Second), hiregate.CheckOpenForApplications); err != nil {
		tb.Fatalf("CreateApplication = %v", err)
	}
	return a
}

func testCreateApplication(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db, c := mustOpen(t, open)
		r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
		cand := mustUser(t, db, c, "carl@example.com", "Carl Candidate", hiregate.RoleCandidate)
		j := mustJob(t, db, c, r.ID, "Go developer", "", "")
		now := c.add(time.Minute)
		a := &hiregate.Application{Job: hiregate.JobRef{ID: j.ID}, Candidate: hiregate.CandidateRef{ID: cand.ID},
			CoverLetter: "Dear Rita", ResumeText: "Ten years of Go", Status: hiregate.StageHired}
		if err := db.CreateApplication(ctx, a, now, hiregate.CheckOpenForApplications); err != nil {
			t.Fatalf("CreateApplication = %v", err)
		}
		wantHistory := []hiregate.HistoryEntry{{Status: hiregate.StageApplied, At: now, By: cand.ID, ByName: "Carl Candidate"}}
		want := hiregate.Application{ID: a.ID, Job: hiregate.JobRef{ID: j.ID, Title: "Go developer"},
			Candidate:   hiregate.CandidateRef{ID: cand.ID, FullName: "Carl Candidate", Email: "carl@example.com"},
			CoverLetter: "Dear Rita", ResumeText: "Ten years of Go", Status: hiregate.StageApplied,
			CreatedAt: now, UpdatedAt: now, History: wantHistory}
		if a.ID == "" || !sameApplication(*a, want) {
			t.Fatalf("CreateApplication set %+v, want %+v", a, want)
		}
		got, err := db.ApplicationByID(ctx, a.ID)
		if err != nil {
			t.Fatalf("ApplicationByID = %v", err)
		}
		if !sameApplication(got.Application, want) || got.JobOwnerID != r.ID {
			t.Fatalf("ApplicationByID = %+v, want %+v owned by %s", got, want, r.ID)
		}
	})
	tests := []struct {
		name string
		job  func(j *hiregate.Job) string
		cand func(c *hiregate.User) string
		code string
		msg  string
	}{
		{"ErrJobNotFound", func(*hiregate.Job) string { return "nope" }, func(c *hiregate.User) string { return c.ID }, hiregate.ENOTFOUND, "Job not found"},
		{"ErrCandidateNotFound", func(j *hiregate.Job) string { return j.ID }, func(*hiregate.User) string { return "nope" }, hiregate.ENOTFOUND, "User not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, c := mustOpen(t, open)
			r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
			cand := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
			j := mustJob(t, db, c, r.ID, "Go developer", "", "")
			a := &hiregate.Application{Job: hiregate.JobRef{ID: tt.job(j)}, Candidate: hiregate.CandidateRef{ID: tt.cand(cand)}}
			err := db.CreateApplication(ctx, a, c.now(), hiregate.CheckOpenForApplications)
			wantCode(t, "CreateApplication", err, tt.code)
			wantMessage(t, "CreateApplication", err, tt.msg)
		})
	}
	t.Run("ErrJobClosed", func(t *testing.T) {
		db, c := mustOpen(t, open)
		r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
		cand := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
		j := mustJob(t, db, c, r.ID, "Go developer", "", "")
		if _, err := db.UpdateJob(ctx, j.ID, c.now(), func(x *hiregate.Job) error { x.Status = hiregate.JobClosed; return nil }); err != nil {
			t.Fatal(err)
		}
		err := db.CreateApplication(ctx, &hiregate.Application{Job: hiregate.JobRef{ID: j.ID}, Candidate: hiregate.CandidateRef{ID: cand.ID}}, c.now(), hiregate.CheckOpenForApplications)
		wantCode(t, "CreateApplication(closed)", err, hiregate.ECONFLICT)
		wantMessage(t, "CreateApplication(closed)", err, "Job is closed")
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		db, c := mustOpen(t, open)
		r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
		cand := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
		j := mustJob(t, db, c, r.ID, "Go developer", "", "")
		mustApplication(t, db, c, j.ID, cand.ID)
		a := &hiregate.Application{Job: hiregate.JobRef{ID: j.ID}, Candidate: hiregate.CandidateRef{ID: cand.ID}}
		err := db.CreateApplication(ctx, a, c.now(), hiregate.CheckOpenForApplications)
		wantCode(t, "CreateApplication(again)", err, hiregate.ECONFLICT)
		wantMessage(t, "CreateApplication(again)", err, "Already applied to this job")
		if a.ID != "" {
			t.Fatalf("failed CreateApplication set ID %q", a.ID)
		}
	})
	t.Run("ConcurrentDuplicatesOneWins", func(t *testing.T) {
		db, c := mustOpen(t, open)
		r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
		cand := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
		j := mustJob(t, db, c, r.ID, "Go developer", "", "")
		codes := make([]string, 10)
		parallel(len(codes), func(i int) {
			a := &hiregate.Application{Job: hiregate.JobRef{ID: j.ID}, Candidate: hiregate.CandidateRef{ID: cand.ID}}
			codes[i] = hiregate.ErrorCode(db.CreateApplication(ctx, a, T0, hiregate.CheckOpenForApplications))
		})
		if ok := successes(t, "CreateApplication", codes); ok != 1 {
			t.Fatalf("%d applications succeeded, want 1", ok)
		}
		apps, _, err := db.ListApplications(ctx, hiregate.ApplicationFilter{JobID: j.ID})
		if err != nil || len(apps) != 1 || len(apps[0].History) != 1 {
			t.Fatalf("ListApplications = %+v, %v, want one application with one history entry", apps, err)
		}
	})
	// Inside Atomic each write runs in a savepoint: a duplicate that fails
	// leaves the transaction usable, and the view reads what it wrote.
	t.Run("InAtomicAfterFailedDuplicate", func(t *testing.T) {
		db, c := mustOpen(t, open)
		r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
		cand := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
		j := mustJob(t, db, c, r.ID, "Go developer", "", "")
		var moved *store.ApplicationRecord
		err := db.Atomic(ctx, func(tx store.Store) error {
			a := mustApplication(t, tx, c, j.ID, cand.ID)
			again := &hiregate.Application{Job: hiregate.JobRef{ID: j.ID}, Candidate: hiregate.CandidateRef{ID: cand.ID}}
			wantCode(t, "tx.CreateApplication(again)", tx.CreateApplication(ctx, again, c.now(), nil), hiregate.ECONFLICT)
			var err error
			if moved, err = tx.MoveApplication(ctx, a.ID, hiregate.StageScreening, hiregate.UserRef{ID: r.ID}, c.add(time.Hour), nil); err != nil {
				return err
			}
			apps, _, err := tx.ListApplications(ctx, hiregate.ApplicationFilter{JobID: j.ID})
			if err != nil || len(apps) != 1 || !sameApplication(apps[0], moved.Application) {
				t.Errorf("tx.ListApplications = %+v, %v, want %+v", apps, err, moved.Application)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Atomic = %v", err)
		}
		got, err := db.ApplicationByID(ctx, moved.ID)
		if err != nil || !sameApplication(got.Application, moved.Application) || len(got.History) != 2 {
			t.Fatalf("after commit ApplicationByID = %+v, %v, want %+v", got, err, moved.Application)
		}
	})
}

func sameApplication(a, b hiregate.Application) bool {
	if a.ID != b.ID || a.Job != b.Job || a.Candidate != b.Candidate || a.CoverLetter != b.CoverLetter ||
		a.ResumeText != b.ResumeText || a.Status != b.Status || !a.CreatedAt.Equal(b.CreatedAt) ||
		!a.UpdatedAt.Equal(b.UpdatedAt) || len(a.History) != len(b.History) {
		return false
	}
	for i := range a.History {
		x, y := a.History[i], b.History[i]
		if x.Status != y.Status || !x.At.Equal(y.At) || x.By != y.By || x.ByName != y.ByName {
			return false
		}
	}
	return true
}

func testApplicationByIDNotFound(t *testing.T, open Opener) {
	db, _ := mustOpen(t, open)
	_, err := db.ApplicationByID(context.Background(), "nope")
	wantCode(t, "ApplicationByID", err, hiregate.ENOTFOUND)
	wantMessage(t, "ApplicationByID", err, "Application not found")
}

func testMoveApplication(t *testing.T, open Opener) {
	ctx := context.Background()
	setup := func(t *testing.T) (store.Store, *clock, *hiregate.User, *hiregate.User, *hiregate.Application) {
		db, c := mustOpen(t, open)
		r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
		cand := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
		j := mustJob(t, db, c, r.ID, "Go developer", "", "")
		return db, c, r, cand, mustApplication(t, db, c, j.ID, cand.ID)
	}
	t.Run("OK", func(t *testing.T) {
		db, c, r, cand, a := setup(t)
		moves := []hiregate.Stage{hiregate.StageScreening, hiregate.StageOffer, hiregate.StageHired}
		var times []time.Time
		for _, to := range moves {
			now := c.add(time.Hour)
			times = append(times, now)
			var seen hiregate.Stage
			got, err := db.MoveApplication(ctx, a.ID, to, hiregate.UserRef{ID: r.ID}, now, func(cur *store.ApplicationRecord) error {
				seen = cur.Status
				if cur.JobOwnerID != r.ID {
					t.Errorf("check saw owner %s, want %s", cur.JobOwnerID, r.ID)
				}
				return hiregate.CheckTransition(cur.Status, to, hiregate.ActorRecruiter)
			})
			if err != nil {
				t.Fatalf("MoveApplication(%s) = %v", to, err)
			}
			if got.Status != to || !got.UpdatedAt.Equal(now) || got.JobOwnerID != r.ID {
				t.Fatalf("MoveApplication(%s) = %+v", to, got)
			}
			if seen == to {
				t.Fatalf("check saw the new status %s", seen)
			}
		}
		// The recruiter renames; history keeps the old name.
		if _, err := db.UpdateUser(ctx, r.ID, store.UserChange{FullName: ptr("Rita Renamed")}, false, ""); err != nil {
			t.Fatal(err)
		}
		got, err := db.ApplicationByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []hiregate.HistoryEntry{
			{Status: hiregate.StageApplied, At: a.CreatedAt, By: cand.ID, ByName: "Carl"},
			{Status: hiregate.StageScreening, At: times[0], By: r.ID, ByName: "Rita"},
			{Status: hiregate.StageOffer, At: times[1], By: r.ID, ByName: "Rita"},
			{Status: hiregate.StageHired, At: times[2], By: r.ID, ByName: "Rita"},
		}
		wantApp := got.Application
		wantApp.History = want
		if !sameApplication(got.Application, wantApp) {
			t.Fatalf("history = %+v, want %+v", got.History, want)
		}
	})
	t.Run("ByNameGiven", func(t *testing.T) {
		db, c, r, _, a := setup(t)
		got, err := db.MoveApplication(ctx, a.ID, hiregate.StageRejected, hiregate.UserRef{ID: r.ID, FullName: "R. as shown"}, c.now(), nil)
		if err != nil || got.History[len(got.History)-1].ByName != "R. as shown" {
			t.Fatalf("MoveApplication = %+v, %v", got, err)
		}
	})
	t.Run("ErrCheckAborts", func(t *testing.T) {
		db, c, _, cand, a := setup(t)
		_, err := db.MoveApplication(ctx, a.ID, hiregate.StageHired, hiregate.UserRef{ID: cand.ID}, c.add(time.Hour), func(cur *store.ApplicationRecord) error {
			return hiregate.CheckTransition(cur.Status, hiregate.StageHired, hiregate.ActorCandidate)
		})
		wantCode(t, "MoveApplication(candidate hires)", err, hiregate.ECONFLICT)
		got, _ := db.ApplicationByID(ctx, a.ID)
		if got.Status != hiregate.StageApplied || len(got.History) != 1 || !got.UpdatedAt.Equal(a.UpdatedAt) {
			t.Fatalf("after refused move: %+v", got)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db, c, r, _, _ := setup(t)
		_, err := db.MoveApplication(ctx, "nope", hiregate.StageScreening, hiregate.UserRef{ID: r.ID}, c.now(), nil)
		wantCode(t, "MoveApplication", err, hiregate.ENOTFOUND)
		wantMessage(t, "MoveApplication", err, "Application not found")
	})
	t.Run("ErrUnknownActor", func(t *testing.T) {
		db, c, _, _, a := setup(t)
		_, err := db.MoveApplication(ctx, a.ID, hiregate.StageScreening, hiregate.UserRef{ID: "ghost"}, c.now(), nil)
		wantCode(t, "MoveApplication(ghost)", err, hiregate.ENOTFOUND)
		if got, _ := db.ApplicationByID(ctx, a.ID); got.Status != hiregate.StageApplied {
			t.Fatalf("status after failed move = %s", got.Status)
		}
	})
	t.Run("ConcurrentMovesSerialise", func(t *testing.T) {
		db, c, r, _, a := setup(t)
		codes := make([]string, 6)
		parallel(len(codes), func(i int) {
			_, err := db.MoveApplication(ctx, a.ID, hiregate.StageHired, hiregate.UserRef{ID: r.ID}, c.now(), func(cur *store.ApplicationRecord) error {
				return hiregate.CheckTransition(cur.Status, hiregate.StageHired, hiregate.ActorRecruiter)
			})
			codes[i] = hiregate.ErrorCode(err)
		})
		ok := 0
		for _, code := range codes {
			if code == "" {
				ok++
			}
		}
		got, _ := db.ApplicationByID(ctx, a.ID)
		if ok != 1 || len(got.History) != 2 {
			t.Fatalf("%d moves succeeded, history %d entries; want 1 and 2", ok, len(got.History))
		}
	})
	t.Run("ConcurrentMovesKeepHistory", func(t *testing.T) {
		db, c, r, _, a := setup(t)
		// Every goroutine asks for one forward move; whichever order they
		// land in, each recorded move must follow from the one before,
		// and every success must be recorded exactly once.
		targets := []hiregate.Stage{hiregate.StageScreening, hiregate.StageInterview, hiregate.StageOffer}
		const n = 12
		codes := make([]string, n)
		now := c.add(time.Hour)
		parallel(n, func(i int) {
			to := targets[i%len(targets)]
			_, err := db.MoveApplication(ctx, a.ID, to, hiregate.UserRef{ID: r.ID}, now, func(cur *store.ApplicationRecord) error {
				return hiregate.CheckTransition(cur.Status, to, hiregate.ActorRecruiter)
			})
			codes[i] = hiregate.ErrorCode(err)
		})
		ok := successes(t, "MoveApplication", codes)
		got, err := db.ApplicationByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok == 0 || len(got.History) != ok+1 {
			t.Fatalf("%d moves succeeded, history has %d entries; want at least 1 and %d", ok, len(got.History), ok+1)
		}
		for i := 1; i < len(got.History); i++ {
			from, to := got.History[i-1].Status, got.History[i].Status
			if err := hiregate.CheckTransition(from, to, hiregate.ActorRecruiter); err != nil {
				t.Fatalf("history %d: %s -> %s: %v (history %+v)", i, from, to, err, got.History)
			}
		}
		if last := got.History[len(got.History)-1].Status; got.Status != last {
			t.Fatalf("status = %s, last history entry %s", got.Status, last)
		}
	})
}

func testListApplications(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	ann := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
	bob := mustUser(t, db, c, "bob@example.com", "Bob", hiregate.RoleCandidate)
	j1 := mustJob(t, db, c, r.ID, "One", "", "")
	j2 := mustJob(t, db, c, r.ID, "Two", "", "")
	a1 := mustApplication(t, db, c, j1.ID, ann.ID)
	a2 := mustApplication(t, db, c, j1.ID, bob.ID)
	a3 := mustApplication(t, db, c, j2.ID, ann.ID)
	if _, err := db.MoveApplication(ctx, a1.ID, hiregate.StageScreening, hiregate.UserRef{ID: r.ID}, c.add(time.Second), nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    hiregate.ApplicationFilter
		want []string
	}{
		{"All", hiregate.ApplicationFilter{}, []string{a3.ID, a2.ID, a1.ID}},
		{"Job", hiregate.ApplicationFilter{JobID: j1.ID}, []string{a2.ID, a1.ID}},
		{"JobStatus", hiregate.ApplicationFilter{JobID: j1.ID, Status: hiregate.StageScreening}, []string{a1.ID}},
		{"Candidate", hiregate.ApplicationFilter{CandidateID: ann.ID}, []string{a3.ID, a1.ID}},
		{"CandidateJob", hiregate.ApplicationFilter{CandidateID: ann.ID, JobID: j2.ID}, []string{a3.ID}},
		{"Status", hiregate.ApplicationFilter{Status: hiregate.StageApplied}, []string{a3.ID, a2.ID}},
		{"None", hiregate.ApplicationFilter{JobID: "nope"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, limit := range []int{0, 1, 2} {
				f := tt.f
				f.Limit = limit
				got := collectPages(t, func(cursor string) ([]string, string, error) {
					f.Cursor = cursor
					apps, next, err := db.ListApplications(ctx, f)
					var ids []string
					for _, a := range apps {
						ids = append(ids, a.ID)
					}
					return ids, next, err
				})
				if !equalStrings(got, tt.want) {
					t.Fatalf("limit %d: ListApplications(%+v) = %v, want %v", limit, tt.f, got, tt.want)
				}
			}
		})
	}
	t.Run("Refs", func(t *testing.T) {
		apps, _, err := db.ListApplications(ctx, hiregate.ApplicationFilter{JobID: j1.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			full, _ := db.ApplicationByID(ctx, a.ID)
			if !sameApplication(a, full.Application) {
				t.Fatalf("list item %+v, want %+v", a, full.Application)
			}
		}
		if apps[1].Job.Title != "One" || apps[1].Candidate.Email != "ann@example.com" || len(apps[1].History) != 2 {
			t.Fatalf("list item = %+v", apps[1])
		}
	})
	t.Run("ErrBadCursor", func(t *testing.T) {
		for _, cur := range badCursors {
			_, _, err := db.ListApplications(ctx, hiregate.ApplicationFilter{Cursor: cur})
			wantCode(t, "ListApplications(cursor "+cur+")", err, hiregate.EINVALID)
		}
	})
}

func testNotes(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	cand := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
	j := mustJob(t, db, c, r.ID, "Go developer", "", "")
	a := mustApplication(t, db, c, j.ID, cand.ID)
	other := mustApplication(t, db, c, mustJob(t, db, c, r.ID, "Other", "", "").ID, cand.ID)

	t.Run("CreateOK", func(t *testing.T) {
		now := c.add(time.Minute)
		n := &hiregate.Note{ApplicationID: a.ID, Body: "Strong candidate", Author: hiregate.UserRef{ID: r.ID}}
		if err := db.CreateNote(ctx, n, now); err != nil {
			t.Fatalf("CreateNote = %v", err)
		}
		if n.ID == "" || !n.CreatedAt.Equal(now) || n.Author.FullName != "Rita" {
			t.Fatalf("CreateNote set %+v", n)
		}
		notes, next, err := db.ListNotes(ctx, a.ID, 0, "")
		if err != nil || next != "" || len(notes) != 1 {
			t.Fatalf("ListNotes = %v, %q, %v", notes, next, err)
		}
		if g := notes[0]; g.ID != n.ID || g.Body != n.Body || g.Author != n.Author || !g.CreatedAt.Equal(now) || g.ApplicationID != a.ID {
			t.Fatalf("ListNotes[0] = %+v, want %+v", g, n)
		}
	})
	t.Run("ErrCreate", func(t *testing.T) {
		err := db.CreateNote(ctx, &hiregate.Note{ApplicationID: "nope", Body: "x", Author: hiregate.UserRef{ID: r.ID}}, c.now())
		wantCode(t, "CreateNote(no application)", err, hiregate.ENOTFOUND)
		wantMessage(t, "CreateNote(no application)", err, "Application not found")
		err = db.CreateNote(ctx, &hiregate.Note{ApplicationID: a.ID, Body: "x", Author: hiregate.UserRef{ID: "ghost"}}, c.now())
		wantCode(t, "CreateNote(no author)", err, hiregate.ENOTFOUND)
	})
	t.Run("ListPagingOldestFirst", func(t *testing.T) {
		want := []string{}
		first, _, _ := db.ListNotes(ctx, a.ID, 0, "")
		for _, n := range first {
			want = append(want, n.ID)
		}
		for i := range 6 {
			n := &hiregate.Note{ApplicationID: a.ID, Body: "note " + itoa(i), Author: hiregate.UserRef{ID: r.ID}}
			now := c.add(time.Second)
			if i == 3 {
				now = c.now().Add(-time.Second) // tie with the previous note
			}
			if err := db.CreateNote(ctx, n, now); err != nil {
				t.Fatal(err)
			}
			want = append(want, n.ID)
		}
		if want[3] > want[4] { // tie is ordered by id
			want[3], want[4] = want[4], want[3]
		}
		// A note elsewhere never shows up here.
		if err := db.CreateNote(ctx, &hiregate.Note{ApplicationID: other.ID, Body: "x", Author: hiregate.UserRef{ID: r.ID}}, c.now()); err != nil {
			t.Fatal(err)
		}
		for limit := 1; limit <= 4; limit++ {
			got := collectPages(t, func(cursor string) ([]string, string, error) {
				ns, next, err := db.ListNotes(ctx, a.ID, limit, cursor)
				var ids []string
				for _, n := range ns {
					ids = append(ids, n.ID)
				}
				return ids, next, err
			})
			if !equalStrings(got, want) {
				t.Fatalf("limit %d: notes = %v, want %v", limit, got, want)
			}
		}
	})
	t.Run("UnknownApplicationEmpty", func(t *testing.T) {
		notes, next, err := db.ListNotes(ctx, "nope", 0, "")
		if err != nil || len(notes) != 0 || next != "" {
			t.Fatalf("ListNotes(nope) = %v, %q, %v", notes, next, err)
		}
	})
	t.Run("ErrBadCursor", func(t *testing.T) {
		for _, cur := range badCursors {
			_, _, err := db.ListNotes(ctx, a.ID, 0, cur)
			wantCode(t, "ListNotes(cursor "+cur+")", err, hiregate.EINVALID)
			var e *hiregate.Error
			if !errors.As(err, &e) || e.Fields["cursor"] != "invalid" {
				t.Fatalf("ListNotes(cursor %s) = %v, want fields cursor invalid", cur, err)
			}
		}
	})
}
