package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// holdWriter makes the group-commit writer run a write that waits for
// the returned release function, so that the writes submitted meanwhile
// queue and then run in one batch with it. The held write changes a job's
// title; wait returns its error.
func holdWriter(t *testing.T, db *sqlite.DB, c *clock) (release func(), wait func() error) {
	t.Helper()
	ctx := context.Background()
	r := &hiregate.User{Email: "hold@corp.example", FullName: "Hold", Role: hiregate.RoleRecruiter, Active: true}
	if err := db.CreateUser(ctx, r, "h"); err != nil {
		t.Fatal(err)
	}
	j := &hiregate.Job{Title: "held", EmploymentType: hiregate.FullTime, Recruiter: hiregate.UserRef{ID: r.ID}}
	if err := db.CreateJob(ctx, j, c.add(time.Second)); err != nil {
		t.Fatal(err)
	}
	inside, gate := make(chan struct{}), make(chan struct{})
	var once sync.Once // the held write may run again (see TestGroupCommit)
	errc := make(chan error, 1)
	now := c.add(time.Second)
	go func() {
		_, err := db.UpdateJob(ctx, j.ID, now, func(j *hiregate.Job) error {
			once.Do(func() { close(inside) })
			<-gate
			j.Title = "held and changed"
			return nil
		})
		errc <- err
	}()
	<-inside
	return func() { close(gate) }, func() error { return <-errc }
}

// waitPending waits until n writes are queued behind the held one.
func waitPending(t *testing.T, db *sqlite.DB, n int) {
	t.Helper()
	for sqlite.PendingWrites(db) < n {
		runtime.Gosched()
	}
	if got := sqlite.PendingWrites(db); got != n {
		t.Fatalf("PendingWrites = %d, want %d", got, n)
	}
}

func userCount(t *testing.T, db *sqlite.DB, email string) int {
	t.Helper()
	_, err := db.UserByEmail(context.Background(), email)
	var he *hiregate.Error
	switch {
	case err == nil:
		return 1
	case errors.As(err, &he) && he.Code == hiregate.ENOTFOUND:
		return 0
	default:
		t.Fatalf("UserByEmail(%q) = %v", email, err)
		return 0
	}
}

// TestGroupCommit runs writes that queued behind a held one: they commit
// together (one commit for all that succeeded), and each failing write
// fails alone, with its own error, leaving nothing behind.
func TestGroupCommit(t *testing.T) {
	ctx := context.Background()
	errOwn := errors.New("this write's own failure")
	type write struct {
		name    string
		email   string // a user the write inserts
		fn      func(tx *sql.Tx, email string) error
		wantErr func(error) bool
		stored  bool
	}
	insert := func(tx *sql.Tx, email string) error {
		_, err := tx.Exec(`INSERT INTO users (id, email, full_name, role, active, password_hash, created_at)
			VALUES (?, ?, 'X', 'candidate', 1, 'h', 0)`, "id-"+email, email)
		return err
	}
	isNil := func(err error) bool { return err == nil }
	writes := []write{
		{"ok first", "a@example.com", insert, isNil, true},
		{"fails after writing", "b@example.com", func(tx *sql.Tx, email string) error {
			if err := insert(tx, email); err != nil {
				return err
			}
			return errOwn
		}, func(err error) bool { return errors.Is(err, errOwn) }, false},
		{"constraint violation", "a@example.com", insert, func(err error) bool { return err != nil && !errors.Is(err, errOwn) }, true},
		{"ok after failures", "c@example.com", insert, isNil, true},
		{"kills the shared transaction", "d@example.com", func(tx *sql.Tx, email string) error {
			if err := insert(tx, email); err != nil {
				return err
			}
			if _, err := tx.Exec(`ROLLBACK`); err != nil {
				return err
			}
			return errOwn
		}, func(err error) bool { return errors.Is(err, errOwn) }, false},
		{"ok after the transaction died", "e@example.com", insert, isNil, true},
	}
	db, c := MustOpenDB(t)
	var mu sync.Mutex
	var commits []int
	sqlite.OnCommit(db, func(n int) {
		mu.Lock()
		commits = append(commits, n)
		mu.Unlock()
	})
	release, held := holdWriter(t, db, c)
	mu.Lock()
	commits = nil // the setup's writes
	mu.Unlock()

	errs := make([]error, len(writes))
	var wg sync.WaitGroup
	for i, w := range writes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = sqlite.Write(ctx, db, func(tx *sql.Tx) error { return w.fn(tx, w.email) })
		}()
		// One at a time, so that the batch runs them in this order.
		waitPending(t, db, i+1)
	}
	release()
	if err := held(); err != nil {
		t.Fatalf("held UpdateJob = %v, want nil", err)
	}
	wg.Wait()
	for i, w := range writes {
		if !w.wantErr(errs[i]) {
			t.Errorf("%s: Write = %v", w.name, errs[i])
		}
		if got, want := userCount(t, db, w.email), map[bool]int{true: 1, false: 0}[w.stored]; got != want {
			t.Errorf("%s: users with %s = %d, want %d", w.name, w.email, got, want)
		}
	}
	// The held write and "ok first" ran in a transaction that "kills the
	// shared transaction" ended, so they ran again with "ok after the
	// transaction died": one commit of four.
	mu.Lock()
	defer mu.Unlock()
	if len(commits) != 1 || commits[0] != 4 {
		t.Errorf("commits = %v, want [4]", commits)
	}
	js, _, err := db.ListJobs(ctx, hiregate.JobFilter{})
	if err != nil || len(js) != 1 || js[0].Title != "held and changed" {
		t.Errorf("ListJobs = %+v, %v, want the held job changed once", js, err)
	}
}

// TestGroupCommitCancelled: a write whose caller gives up while it is
// queued is not run and says so; the others commit.
func TestGroupCommitCancelled(t *testing.T) {
	db, c := MustOpenDB(t)
	release, held := holdWriter(t, db, c)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- db.CreateUser(ctx, &hiregate.User{Email: "gone@example.com", FullName: "G", Role: hiregate.RoleCandidate, Active: true}, "h")
	}()
	waitPending(t, db, 1)
	other := make(chan error, 1)
	go func() {
		other <- db.CreateUser(context.Background(), &hiregate.User{Email: "stays@example.com", FullName: "S", Role: hiregate.RoleCandidate, Active: true}, "h")
	}()
	waitPending(t, db, 2)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled CreateUser = %v, want context.Canceled", err)
	}
	release()
	if err := held(); err != nil {
		t.Fatalf("held UpdateJob = %v", err)
	}
	if err := <-other; err != nil {
		t.Errorf("CreateUser = %v, want nil", err)
	}
	if got := userCount(t, db, "gone@example.com"); got != 0 {
		t.Errorf("users gone@example.com = %d, want 0", got)
	}
	if got := userCount(t, db, "stays@example.com"); got != 1 {
		t.Errorf("users stays@example.com = %d, want 1", got)
	}
}

// TestGroupCommitPanic: a write that panics panics in its caller's
// goroutine, and the writer goes on.
func TestGroupCommitPanic(t *testing.T) {
	db, _ := MustOpenDB(t)
	ctx := context.Background()
	func() {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("recover() = %v, want boom", p)
			}
		}()
		_ = sqlite.Write(ctx, db, func(tx *sql.Tx) error { panic("boom") })
	}()
	if err := db.CreateUser(ctx, &hiregate.User{Email: "after@example.com", FullName: "A", Role: hiregate.RoleCandidate, Active: true}, "h"); err != nil {
		t.Fatalf("CreateUser after a panic = %v", err)
	}
}

// TestGroupCommitClosed: writes after Close fail instead of hanging.
func TestGroupCommitClosed(t *testing.T) {
	db, err := sqlite.Open(t.TempDir() + "/x.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	err = db.CreateUser(context.Background(), &hiregate.User{Email: "late@example.com", FullName: "L", Role: hiregate.RoleCandidate, Active: true}, "h")
	if err == nil {
		t.Fatalf("CreateUser after Close = nil, want an error")
	}
}
