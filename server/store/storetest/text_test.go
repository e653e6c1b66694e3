package storetest_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/storetest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// guarded is an adapter's use of store.CheckText on the methods RunText
// calls, over a real engine: it holds the suite itself to the contract it
// states, until the engines' shared SQL layer calls CheckText.
type guarded struct{ store.Store }

func (g guarded) CreateUser(ctx context.Context, u *hiregate.User, hash string) error {
	if err := store.CheckText("user", u.Email, u.FullName); err != nil {
		return err
	}
	return g.Store.CreateUser(ctx, u, hash)
}

func (g guarded) CreateJob(ctx context.Context, j *hiregate.Job, now time.Time) error {
	if err := store.CheckText("job", j.Title, j.Description, j.Location); err != nil {
		return err
	}
	return g.Store.CreateJob(ctx, j, now)
}

func (g guarded) RecordAudit(ctx context.Context, e *hiregate.AuditEvent) error {
	if err := store.CheckText("audit", e.Email, e.Detail, e.IP); err != nil {
		return err
	}
	return g.Store.RecordAudit(ctx, e)
}

func lookup[T any](key string, find func() (T, error)) (T, error) {
	if !hiregate.ValidText(key) {
		var zero T
		return zero, hiregate.Errorf(hiregate.ENOTFOUND, "Not found")
	}
	return find()
}

func (g guarded) UserByID(ctx context.Context, id string) (*store.UserRecord, error) {
	return lookup(id, func() (*store.UserRecord, error) { return g.Store.UserByID(ctx, id) })
}

func (g guarded) UserByEmail(ctx context.Context, email string) (*store.UserRecord, error) {
	return lookup(email, func() (*store.UserRecord, error) { return g.Store.UserByEmail(ctx, email) })
}

func (g guarded) JobByID(ctx context.Context, id string) (*hiregate.Job, error) {
	return lookup(id, func() (*hiregate.Job, error) { return g.Store.JobByID(ctx, id) })
}

func (g guarded) ApplicationByID(ctx context.Context, id string) (*store.ApplicationRecord, error) {
	return lookup(id, func() (*store.ApplicationRecord, error) { return g.Store.ApplicationByID(ctx, id) })
}

func (g guarded) SessionState(ctx context.Context, id string, now time.Time) (*store.SessionState, error) {
	return lookup(id, func() (*store.SessionState, error) { return g.Store.SessionState(ctx, id, now) })
}

func TestRunTextOnAGuardedEngine(t *testing.T) {
	storetest.RunText(t, func(t *testing.T, now func() time.Time) store.Store {
		db, err := sqlite.Open(filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		db.Now = now
		return guarded{db}
	})
}
