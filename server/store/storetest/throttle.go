package storetest

import (
	"context"
	"errors"
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

func testReserveAttempts(t *testing.T, open Opener) {
	ctx := context.Background()
	acct := store.Limit{Key: "acct:ann@example.com", Max: 3, Window: time.Minute}
	ip := store.Limit{Key: "ip:10.0.0.1", Max: 5, Window: time.Hour}

	t.Run("FillsThenThrottles", func(t *testing.T) {
		db, c := mustOpen(t, open)
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
		db, c := mustOpen(t, open)
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
		db, c := mustOpen(t, open)
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
		db, c := mustOpen(t, open)
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
		db, c := mustOpen(t, open)
		for _, l := range []store.Limit{{Key: "", Max: 1, Window: time.Second}, {Key: "k", Max: 0, Window: time.Second}, {Key: "k", Max: 1}} {
			if _, err := db.ReserveAttempts(ctx, []store.Limit{l}, c.now()); err == nil || hiregate.ErrorCode(err) != hiregate.EINTERNAL {
				t.Errorf("ReserveAttempts(%+v) = %v, want an internal error", l, err)
			}
		}
	})
}

func ignoreIDs(_ []int64, err error) error { return err }

// testReserveAttemptsConcurrent sends many guesses at one account from
// many goroutines at once, as parallel logins would: exactly Max are
// recorded, whatever the interleaving, and no more are recorded than were
// returned.
func testReserveAttemptsConcurrent(t *testing.T, open Opener) {
	db, _ := mustOpen(t, open)
	ctx := context.Background()
	acct := store.Limit{Key: "acct:ann@example.com", Max: 10, Window: time.Minute}
	const n = 50
	ids := make([][]int64, n)
	codes := make([]string, n)
	parallel(n, func(i int) {
		// Every guess comes from its own address, so only the account
		// limit binds.
		ip := store.Limit{Key: "ip:10.0.0." + itoa(i), Max: 100, Window: time.Minute}
		var err error
		ids[i], err = db.ReserveAttempts(ctx, []store.Limit{acct, ip}, T0)
		codes[i] = hiregate.ErrorCode(err)
	})
	ok, throttled := 0, 0
	var recorded []int64
	for i, code := range codes {
		switch code {
		case "":
			ok++
			recorded = append(recorded, ids[i]...)
		case hiregate.ETHROTTLED:
			throttled++
		default:
			t.Errorf("ReserveAttempts code = %q", code)
		}
	}
	if ok != acct.Max || throttled != n-acct.Max {
		t.Fatalf("successes = %d, throttled = %d, want %d and %d", ok, throttled, acct.Max, n-acct.Max)
	}
	wantCode(t, "ReserveAttempts(after the race)", ignoreIDs(db.ReserveAttempts(ctx, []store.Limit{acct}, T0)), hiregate.ETHROTTLED)
	// Releasing what was returned empties the window: nothing else was
	// recorded for the account.
	if err := db.ReleaseAttempts(ctx, recorded); err != nil {
		t.Fatal(err)
	}
	for i := range acct.Max {
		if _, err := db.ReserveAttempts(ctx, []store.Limit{acct}, T0); err != nil {
			t.Fatalf("attempt %d after release = %v", i, err)
		}
	}
	wantCode(t, "ReserveAttempts(full again)", ignoreIDs(db.ReserveAttempts(ctx, []store.Limit{acct}, T0)), hiregate.ETHROTTLED)
}
