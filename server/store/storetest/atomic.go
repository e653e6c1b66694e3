package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// RunAtomic runs the cases of Store.Atomic (with users and jobs as the
// writes).
func RunAtomic(t *testing.T, open Opener) {
	ctx := context.Background()
	errStop := errors.New("stop")
	// write creates a recruiter and a job through tx, and checks that tx
	// reads its own writes.
	write := func(t *testing.T, tx store.Store, c *clock) {
		t.Helper()
		u := mustUser(t, tx, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
		if got, err := tx.UserByEmail(ctx, "rita@corp.example"); err != nil || got.ID != u.ID {
			t.Fatalf("tx.UserByEmail = %+v, %v, want the user created in the transaction", got, err)
		}
		j := &hiregate.Job{Title: "T", EmploymentType: hiregate.FullTime, Recruiter: hiregate.UserRef{ID: u.ID}}
		if err := tx.CreateJob(ctx, j, c.add(time.Second)); err != nil {
			t.Fatalf("tx.CreateJob = %v", err)
		}
	}
	count := func(t *testing.T, db store.Store) (users, jobs int) {
		t.Helper()
		users, err := db.CountUsers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		js, _, err := db.ListJobs(ctx, hiregate.JobFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return users, len(js)
	}
	t.Run("Commit", func(t *testing.T) {
		db, c := mustOpen(t, open)
		err := db.Atomic(ctx, func(tx store.Store) error {
			write(t, tx, c)
			// Nobody else sees the writes before the commit.
			if u, j := count(t, db); u != 0 || j != 0 {
				t.Errorf("outside the transaction: %d users, %d jobs, want none yet", u, j)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Atomic = %v", err)
		}
		if u, j := count(t, db); u != 1 || j != 1 {
			t.Fatalf("after commit: %d users, %d jobs, want 1 and 1", u, j)
		}
	})
	t.Run("ErrRollsBack", func(t *testing.T) {
		db, c := mustOpen(t, open)
		err := db.Atomic(ctx, func(tx store.Store) error {
			write(t, tx, c)
			return errStop
		})
		if !errors.Is(err, errStop) {
			t.Fatalf("Atomic = %v, want fn's error", err)
		}
		if u, j := count(t, db); u != 0 || j != 0 {
			t.Fatalf("after rollback: %d users, %d jobs, want none", u, j)
		}
	})
	t.Run("FailedStepInsideLeavesNothing", func(t *testing.T) {
		db, c := mustOpen(t, open)
		err := db.Atomic(ctx, func(tx store.Store) error {
			write(t, tx, c)
			// A session whose refresh hash is taken fails after its row
			// was inserted; the transaction goes on without it.
			u, _ := tx.UserByEmail(ctx, "rita@corp.example")
			s := &store.SessionRecord{ID: "s1", UserID: u.ID, CreatedAt: c.now(), ExpiresAt: c.now().Add(time.Hour)}
			if err := tx.CreateSession(ctx, s, "h"); err != nil {
				return err
			}
			s2 := &store.SessionRecord{ID: "s2", UserID: u.ID, CreatedAt: c.now(), ExpiresAt: c.now().Add(time.Hour)}
			if err := tx.CreateSession(ctx, s2, "h"); err == nil {
				t.Error("CreateSession with a used refresh hash = nil, want an error")
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Atomic = %v", err)
		}
		if _, err := db.SessionState(ctx, "s2", c.now()); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
			t.Fatalf("SessionState(s2) err = %v, want ENOTFOUND (the failed step left nothing)", err)
		}
		if _, err := db.SessionState(ctx, "s1", c.now()); err != nil {
			t.Fatalf("SessionState(s1) = %v, want the committed session", err)
		}
	})
	t.Run("Nested", func(t *testing.T) {
		db, c := mustOpen(t, open)
		err := db.Atomic(ctx, func(tx store.Store) error {
			return tx.Atomic(ctx, func(inner store.Store) error {
				write(t, inner, c)
				return errStop
			})
		})
		if !errors.Is(err, errStop) {
			t.Fatalf("Atomic = %v, want fn's error", err)
		}
		if u, j := count(t, db); u != 0 || j != 0 {
			t.Fatalf("after rollback: %d users, %d jobs, want none", u, j)
		}
	})
}
