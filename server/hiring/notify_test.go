package hiring_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// failingCommit is a store whose transactions do all their work and then
// fail, as a commit that does not go through.
type failingCommit struct {
	store.Store
}

var errCommit = errors.New("commit failed")

func (f failingCommit) Atomic(ctx context.Context, fn func(tx store.Store) error) error {
	return f.Store.Atomic(ctx, func(tx store.Store) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errCommit
	})
}

// queued lists the outbox as "template" per mail, oldest first.
func queued(t *testing.T, st store.Store) []string {
	t.Helper()
	items, _, err := st.ListMail(ctx, hiregate.MailFilter{Limit: hiregate.MaxPageLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(items) - 1; i >= 0; i-- {
		out = append(out, items[i].Template)
	}
	return out
}

// TestNotificationsOnlyForCommittedChanges: a mail is queued in the
// change's transaction, so a change that does not commit queues none,
// and one that commits queues exactly its mail.
func TestNotificationsOnlyForCommittedChanges(t *testing.T) {
	e := newEnv(t)
	verified := true
	if _, err := e.db.UpdateUser(ctx, e.cand.ID, store.UserChange{EmailVerified: &verified}, false, ""); err != nil {
		t.Fatal(err)
	}
	j := e.job(t, e.owner, "Go developer", hiregate.JobOpen)
	a := e.apply(t, e.cand, j)
	broken := hiring.New(failingCommit{e.db}, nil)

	_, err := broken.MoveApplication(ctx, as(e.owner), a.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageScreening})
	if !errors.Is(err, errCommit) {
		t.Fatalf("MoveApplication on a failing commit = %v, want it", err)
	}
	_, err = broken.SendMessage(ctx, as(e.owner), a.ID, hiregate.CreateMessageRequest{Body: "hello"})
	if !errors.Is(err, errCommit) {
		t.Fatalf("SendMessage on a failing commit = %v, want it", err)
	}
	if got, want := queued(t, e.db), []string{hiregate.MailTemplateApplicationReceived}; !equal(got, want) {
		t.Fatalf("outbox after rolled-back changes = %v, want %v", got, want)
	}
	now, err := e.svc.Application(ctx, as(e.owner), a.ID)
	if err != nil || now.Status != hiregate.StageApplied {
		t.Fatalf("application after a rolled-back move = %+v, %v", now, err)
	}

	if _, err := e.svc.MoveApplication(ctx, as(e.owner), a.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageScreening}); err != nil {
		t.Fatal(err)
	}
	// The candidate's own messages and withdrawal mail them nothing.
	if _, err := e.svc.SendMessage(ctx, as(e.cand), a.ID, hiregate.CreateMessageRequest{Body: "thanks"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.MoveApplication(ctx, as(e.cand), a.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageWithdrawn}); err != nil {
		t.Fatal(err)
	}
	want := []string{hiregate.MailTemplateApplicationReceived, hiregate.MailTemplateStageChanged}
	if got := queued(t, e.db); !equal(got, want) {
		t.Fatalf("outbox = %v, want %v", got, want)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
