package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func retryAfter(err error) int {
	var e *hiregate.Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return -1
}

func TestReserveAttempts(t *testing.T) {
	ctx := context.Background()
	acct := store.Limit{Key: "acct:ann@example.com", Max: 3, Window: time.Minute}
	ip := store.Limit{Key: "ip:10.0.0.1", Max: 5, Window: time.Hour}

	t.Run("FillsThenThrottles", func(t *testing.T) {
		db, c := MustOpenDB(t)
		start := c.now()
		for i := range 3 {
			ids, err := db.ReserveAttempts(ctx, []store.Limit{acct, ip}, c.add(10*time.Second))
			if err != nil || len(ids) != 2 {
				t.Fatalf("attempt %d: ReserveAttempts = %v, %v, want two ids", i, ids, err)
			}
		}
		// Attempts at start+10s, +20s, +30s; now start+30.5s: the oldest
		// leaves the window at start+70s, 39.5s away → 40.
		now := start.Add(30*time.Second + 500*time.Millisecond)
		ids, err := db.ReserveAttempts(ctx, []store.Limit{acct, ip}, now)
		wantCode(t, "ReserveAttempts(full)", err, hiregate.ETHROTTLED)
		wantMessage(t, "ReserveAttempts(full)", err, hiregate.MsgTooManyAttempts)
		if ids != nil || retryAfter(err) != 40 {
			t.Fatalf("ReserveAttempts(full) = %v, RetryAfter %d, want nil, 40", ids, retryAfter(err))
		}
		// Nothing was recorded for the ip key: it still has room for 2
		// more on its own.
		for i := range 2 {
			if _, err := db.ReserveAttempts(ctx, []store.Limit{ip}, now); err != nil {
				t.Fatalf("ip attempt %d = %v", i, err)
			}
		}
		_, err = db.ReserveAttempts(ctx, []store.Limit{ip}, now)
		wantCode(t, "ReserveAttempts(ip full)", err, hiregate.ETHROTTLED)
		// Once the oldest account attempt leaves, the account has room but
		// the ip limit keeps the pair throttled.
		_, err = db.ReserveAttempts(ctx, []store.Limit{acct, ip}, start.Add(70*time.Second))
		wantCode(t, "ReserveAttempts(acct room, ip full)", err, hiregate.ETHROTTLED)
		if _, err := db.ReserveAttempts(ctx, []store.Limit{acct}, start.Add(70*time.Second)); err != nil {
			t.Fatalf("ReserveAttempts(acct after window) = %v", err)
		}
	})
	t.Run("RetryAfterAtLeastOne", func(t *testing.T) {
		db, c := MustOpenDB(t)
		l := store.Limit{Key: "k", Max: 1, Window: time.Second}
		if _, err := db.ReserveAttempts(ctx, []store.Limit{l}, c.now()); err != nil {
			t.Fatal(err)
		}
		_, err := db.ReserveAttempts(ctx, []store.Limit{l}, c.now().Add(time.Second-time.Nanosecond))
		if hiregate.ErrorCode(err) != hiregate.ETHROTTLED || retryAfter(err) != 1 {
			t.Fatalf("ReserveAttempts = %v (RetryAfter %d), want ETHROTTLED with 1", err, retryAfter(err))
		}
	})
	t.Run("ReleaseGivesRoomBack", func(t *testing.T) {
		db, c := MustOpenDB(t)
		l := store.Limit{Key: "k", Max: 2, Window: time.Minute}
		a, _ := db.ReserveAttempts(ctx, []store.Limit{l}, c.now())
		if _, err := db.ReserveAttempts(ctx, []store.Limit{l}, c.now()); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "full", ignoreIDs(db.ReserveAttempts(ctx, []store.Limit{l}, c.now())), hiregate.ETHROTTLED)
		if err := db.ReleaseAttempts(ctx, a); err != nil {
			t.Fatalf("ReleaseAttempts = %v", err)
		}
		if _, err := db.ReserveAttempts(ctx, []store.Limit{l}, c.now()); err != nil {
			t.Fatalf("after release: %v", err)
		}
		if err := db.ReleaseAttempts(ctx, nil); err != nil {
			t.Fatalf("ReleaseAttempts(nil) = %v", err)
		}
	})
	t.Run("Prune", func(t *testing.T) {
		db, c := MustOpenDB(t)
		l := store.Limit{Key: "k", Max: 2, Window: time.Hour}
		for range 2 {
			if _, err := db.ReserveAttempts(ctx, []store.Limit{l}, c.add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		// Prune the first attempt only.
		if err := db.PruneAttempts(ctx, c.now().Add(-time.Second)); err != nil {
			t.Fatalf("PruneAttempts = %v", err)
		}
		if _, err := db.ReserveAttempts(ctx, []store.Limit{l}, c.now()); err != nil {
			t.Fatalf("after prune: %v", err)
		}
		wantCode(t, "full again", ignoreIDs(db.ReserveAttempts(ctx, []store.Limit{l}, c.now())), hiregate.ETHROTTLED)
	})
	t.Run("ErrBadLimit", func(t *testing.T) {
		db, c := MustOpenDB(t)
		for _, l := range []store.Limit{{Key: "", Max: 1, Window: time.Second}, {Key: "k", Max: 0, Window: time.Second}, {Key: "k", Max: 1}} {
			if _, err := db.ReserveAttempts(ctx, []store.Limit{l}, c.now()); err == nil || hiregate.ErrorCode(err) != hiregate.EINTERNAL {
				t.Errorf("ReserveAttempts(%+v) = %v, want an internal error", l, err)
			}
		}
	})
}

func ignoreIDs(_ []int64, err error) error { return err }

// TestReserveAttemptsConcurrent runs 50 goroutines over two handles on one
// file (as two server processes would): exactly Max succeed.
func TestReserveAttemptsConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	db1, _ := mustOpenAt(t, path)
	db2, _ := mustOpenAt(t, path)
	ctx := context.Background()
	l := store.Limit{Key: "acct:ann@example.com", Max: 10, Window: time.Minute}
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, throttled := 0, 0
	for i := range 50 {
		db := db1
		if i%2 == 1 {
			db = db2
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := db.ReserveAttempts(ctx, []store.Limit{l}, t0)
			mu.Lock()
			defer mu.Unlock()
			switch hiregate.ErrorCode(err) {
			case "":
				ok++
			case hiregate.ETHROTTLED:
				throttled++
			default:
				t.Errorf("ReserveAttempts = %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != 10 || throttled != 40 {
		t.Fatalf("successes = %d, throttled = %d, want 10 and 40", ok, throttled)
	}
}
