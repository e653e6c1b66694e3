package storetest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// RunMFA runs the cases of store.MFA (users come from store.Users; the
// session-state case needs store.Sessions).
func RunMFA(t *testing.T, open Opener) { runCases(t, open, mfaCases) }

var mfaCases = []testCase{
	{"TOTPEnrolment", testTOTPEnrolment},
	{"UseTOTPStep", testUseTOTPStep},
	{"UseTOTPStepConcurrent", testUseTOTPStepParallel},
	{"RecoveryCodes", testRecoveryCodes},
	{"MFATokens", testMFATokens},
	{"DeleteTOTPDropsTokens", testDeleteTOTPDropsTokens},
	{"UserMFAFlag", testUserMFAFlag},
}

func testTOTPEnrolment(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db, c := mustOpen(t, open)
		u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleRecruiter)
		if _, err := db.TOTP(ctx, u.ID); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
			t.Fatalf("TOTP(before) err = %v, want ENOTFOUND", err)
		}
		if err := db.PutPendingTOTP(ctx, u.ID, []byte("sealed-1"), c.now()); err != nil {
			t.Fatal(err)
		}
		// A new enrolment replaces the pending one.
		if err := db.PutPendingTOTP(ctx, u.ID, []byte("sealed-2"), c.now()); err != nil {
			t.Fatal(err)
		}
		r, err := db.TOTP(ctx, u.ID)
		if err != nil || string(r.Secret) != "sealed-2" || r.EnabledAt != nil || r.LastStep != -1 {
			t.Fatalf("TOTP(pending) = %+v, %v, want sealed-2, not enabled, last step -1", r, err)
		}
		// The replaced secret cannot be confirmed.
		err = db.EnableTOTP(ctx, u.ID, []byte("sealed-1"), 100, []string{"h1"}, c.now())
		if !errors.Is(err, store.ErrNoPendingTOTP) {
			t.Fatalf("EnableTOTP(replaced secret) = %v, want ErrNoPendingTOTP", err)
		}
		if err := db.EnableTOTP(ctx, u.ID, []byte("sealed-2"), 100, []string{"h1", "h2"}, c.now()); err != nil {
			t.Fatal(err)
		}
		r, err = db.TOTP(ctx, u.ID)
		if err != nil || r.EnabledAt == nil || !r.EnabledAt.Equal(c.now()) || r.LastStep != 100 {
			t.Fatalf("TOTP(enabled) = %+v, %v, want enabled now with last step 100", r, err)
		}
		if n, err := db.RecoveryCodesLeft(ctx, u.ID); n != 2 || err != nil {
			t.Fatalf("RecoveryCodesLeft = %d, %v, want 2", n, err)
		}
		if err := db.PutPendingTOTP(ctx, u.ID, []byte("sealed-3"), c.now()); !errors.Is(err, store.ErrTOTPEnabled) {
			t.Fatalf("PutPendingTOTP(enabled) = %v, want ErrTOTPEnabled", err)
		}
		if err := db.EnableTOTP(ctx, u.ID, []byte("sealed-2"), 101, nil, c.now()); !errors.Is(err, store.ErrNoPendingTOTP) {
			t.Fatalf("EnableTOTP(twice) = %v, want ErrNoPendingTOTP", err)
		}
		if n, _ := db.RecoveryCodesLeft(ctx, u.ID); n != 2 {
			t.Fatalf("RecoveryCodesLeft after a refused EnableTOTP = %d, want 2 (nothing replaced)", n)
		}
	})
	t.Run("ErrUnknownUser", func(t *testing.T) {
		db, c := mustOpen(t, open)
		wantCode(t, "PutPendingTOTP", db.PutPendingTOTP(ctx, "nobody", []byte("s"), c.now()), hiregate.ENOTFOUND)
	})
}

func mustEnabledTOTP(tb testing.TB, db store.MFA, userID string, step int64, hashes []string, now time.Time) {
	tb.Helper()
	ctx := context.Background()
	if err := db.PutPendingTOTP(ctx, userID, []byte("sealed"), now); err != nil {
		tb.Fatal(err)
	}
	if err := db.EnableTOTP(ctx, userID, []byte("sealed"), step, hashes, now); err != nil {
		tb.Fatal(err)
	}
}

func testUseTOTPStep(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleRecruiter)
	other := mustUser(t, db, c, "bob@example.com", "Bob", hiregate.RoleRecruiter)
	if err := db.UseTOTPStep(ctx, u.ID, 5); !errors.Is(err, store.ErrCodeUsed) {
		t.Fatalf("UseTOTPStep(no totp) = %v, want ErrCodeUsed", err)
	}
	if err := db.PutPendingTOTP(ctx, u.ID, []byte("sealed"), c.now()); err != nil {
		t.Fatal(err)
	}
	if err := db.UseTOTPStep(ctx, u.ID, 5); !errors.Is(err, store.ErrCodeUsed) {
		t.Fatalf("UseTOTPStep(pending) = %v, want ErrCodeUsed", err)
	}
	if err := db.EnableTOTP(ctx, u.ID, []byte("sealed"), 10, nil, c.now()); err != nil {
		t.Fatal(err)
	}
	mustEnabledTOTP(t, db, other.ID, 10, nil, c.now())
	tests := []struct {
		step int64
		ok   bool
	}{
		{10, false}, // the confirming code's step
		{9, false},  // earlier
		{11, true},
		{11, false}, // replay
		{13, true},
		{12, false}, // earlier than the last accepted
	}
	for _, tt := range tests {
		err := db.UseTOTPStep(ctx, u.ID, tt.step)
		if tt.ok != (err == nil) || (err != nil && !errors.Is(err, store.ErrCodeUsed)) {
			t.Errorf("UseTOTPStep(%d) = %v, want ok=%v", tt.step, err, tt.ok)
		}
	}
	// Steps are per user.
	if err := db.UseTOTPStep(ctx, other.ID, 11); err != nil {
		t.Errorf("UseTOTPStep(other user, 11) = %v, want nil", err)
	}
}

func testUseTOTPStepParallel(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleRecruiter)
	mustEnabledTOTP(t, db, u.ID, 1, nil, c.now())
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			err := db.UseTOTPStep(ctx, u.ID, 2)
			if err == nil {
				wins.Add(1)
			} else if !errors.Is(err, store.ErrCodeUsed) {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := wins.Load(); n != 1 {
		t.Errorf("parallel UseTOTPStep(same step) succeeded %d times, want exactly 1", n)
	}
}

func testRecoveryCodes(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleRecruiter)
	other := mustUser(t, db, c, "bob@example.com", "Bob", hiregate.RoleRecruiter)
	mustEnabledTOTP(t, db, u.ID, 1, []string{"h1", "h2", "h3"}, c.now())
	mustEnabledTOTP(t, db, other.ID, 1, []string{"o1"}, c.now())

	if err := db.UseRecoveryCode(ctx, u.ID, "o1", c.now()); !errors.Is(err, store.ErrCodeUsed) {
		t.Errorf("UseRecoveryCode(another user's code) = %v, want ErrCodeUsed", err)
	}
	if err := db.UseRecoveryCode(ctx, u.ID, "h2", c.now()); err != nil {
		t.Fatalf("UseRecoveryCode(h2) = %v", err)
	}
	if err := db.UseRecoveryCode(ctx, u.ID, "h2", c.now()); !errors.Is(err, store.ErrCodeUsed) {
		t.Errorf("UseRecoveryCode(h2 again) = %v, want ErrCodeUsed", err)
	}
	if n, _ := db.RecoveryCodesLeft(ctx, u.ID); n != 2 {
		t.Errorf("RecoveryCodesLeft = %d, want 2", n)
	}

	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if db.UseRecoveryCode(ctx, u.ID, "h3", c.now()) == nil {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if n := wins.Load(); n != 1 {
		t.Errorf("parallel UseRecoveryCode(same code) succeeded %d times, want exactly 1", n)
	}

	// Re-enrolling replaces the codes.
	had, err := db.DeleteTOTP(ctx, u.ID)
	if err != nil || !had {
		t.Fatalf("DeleteTOTP = %v, %v, want true", had, err)
	}
	if n, _ := db.RecoveryCodesLeft(ctx, u.ID); n != 0 {
		t.Errorf("RecoveryCodesLeft after DeleteTOTP = %d, want 0", n)
	}
	if err := db.UseRecoveryCode(ctx, u.ID, "h1", c.now()); !errors.Is(err, store.ErrCodeUsed) {
		t.Errorf("UseRecoveryCode after DeleteTOTP = %v, want ErrCodeUsed", err)
	}
	if had, err := db.DeleteTOTP(ctx, u.ID); had || err != nil {
		t.Errorf("DeleteTOTP(again) = %v, %v, want false, nil", had, err)
	}
	if n, _ := db.RecoveryCodesLeft(ctx, other.ID); n != 1 {
		t.Errorf("other user's RecoveryCodesLeft = %d, want 1 (untouched)", n)
	}
}

func testMFATokens(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleRecruiter)
	other := mustUser(t, db, c, "bob@example.com", "Bob", hiregate.RoleRecruiter)
	exp := c.now().Add(hiregate.MFATokenTTL)
	for _, h := range []string{"t1", "t2", "t3"} {
		if err := db.CreateMFAToken(ctx, h, u.ID, exp); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, "CreateMFAToken(unknown user)", db.CreateMFAToken(ctx, "t9", "nobody", exp), hiregate.ENOTFOUND)

	if got, err := db.MFATokenUser(ctx, "t1", c.now()); got != u.ID || err != nil {
		t.Errorf("MFATokenUser(t1) = %q, %v, want %q", got, err, u.ID)
	}
	if _, err := db.MFATokenUser(ctx, "nope", c.now()); !errors.Is(err, store.ErrMFATokenInvalid) {
		t.Errorf("MFATokenUser(unknown) = %v, want ErrMFATokenInvalid", err)
	}
	if err := db.SpendMFAToken(ctx, "t1", other.ID, c.now()); !errors.Is(err, store.ErrMFATokenInvalid) {
		t.Errorf("SpendMFAToken(another user's token) = %v, want ErrMFATokenInvalid", err)
	}
	if err := db.SpendMFAToken(ctx, "t1", u.ID, c.now()); err != nil {
		t.Fatalf("SpendMFAToken(t1) = %v", err)
	}
	if err := db.SpendMFAToken(ctx, "t1", u.ID, c.now()); !errors.Is(err, store.ErrMFATokenInvalid) {
		t.Errorf("SpendMFAToken(t1 again) = %v, want ErrMFATokenInvalid", err)
	}
	if _, err := db.MFATokenUser(ctx, "t1", c.now()); !errors.Is(err, store.ErrMFATokenInvalid) {
		t.Errorf("MFATokenUser(spent) = %v, want ErrMFATokenInvalid", err)
	}
	// Expiry is exclusive: at exp the token is dead.
	if _, err := db.MFATokenUser(ctx, "t2", exp); !errors.Is(err, store.ErrMFATokenInvalid) {
		t.Errorf("MFATokenUser(at expiry) = %v, want ErrMFATokenInvalid", err)
	}
	if err := db.SpendMFAToken(ctx, "t2", u.ID, exp); !errors.Is(err, store.ErrMFATokenInvalid) {
		t.Errorf("SpendMFAToken(at expiry) = %v, want ErrMFATokenInvalid", err)
	}

	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if db.SpendMFAToken(ctx, "t3", u.ID, c.now()) == nil {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if n := wins.Load(); n != 1 {
		t.Errorf("parallel SpendMFAToken(same token) succeeded %d times, want exactly 1", n)
	}

	n, err := db.PruneMFATokens(ctx, exp.Add(time.Second))
	if n != 3 || err != nil {
		t.Errorf("PruneMFATokens(after expiry) = %d, %v, want 3", n, err)
	}
}

func testDeleteTOTPDropsTokens(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleRecruiter)
	mustEnabledTOTP(t, db, u.ID, 1, nil, c.now())
	if err := db.CreateMFAToken(ctx, "t1", u.ID, c.now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DeleteTOTP(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MFATokenUser(ctx, "t1", c.now()); !errors.Is(err, store.ErrMFATokenInvalid) {
		t.Errorf("MFATokenUser after DeleteTOTP = %v, want ErrMFATokenInvalid", err)
	}
}

func testUserMFAFlag(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleRecruiter)
	mustSession(t, db, c, u.ID, "s1", "r1")
	check := func(want bool) {
		t.Helper()
		byID, err := db.UserByID(ctx, u.ID)
		if err != nil || byID.MFA != want {
			t.Errorf("UserByID().MFA = %v, %v, want %v", byID != nil && byID.MFA, err, want)
		}
		byEmail, err := db.UserByEmail(ctx, u.Email)
		if err != nil || byEmail.MFA != want {
			t.Errorf("UserByEmail().MFA = %v, %v, want %v", byEmail != nil && byEmail.MFA, err, want)
		}
		list, _, err := db.ListUsers(ctx, hiregate.UserFilter{})
		if err != nil || len(list) != 1 || list[0].MFA != want {
			t.Errorf("ListUsers() = %+v, %v, want one user with MFA %v", list, err, want)
		}
		name := "Ann"
		up, err := db.UpdateUser(ctx, u.ID, store.UserChange{FullName: &name}, false, "")
		if err != nil || up.MFA != want {
			t.Errorf("UpdateUser().MFA = %v, %v, want %v", up != nil && up.MFA, err, want)
		}
		st, err := db.SessionState(ctx, "s1", c.now())
		if err != nil || st.MFA != want {
			t.Errorf("SessionState().MFA = %+v, %v, want %v", st, err, want)
		}
	}
	check(false)
	if err := db.PutPendingTOTP(ctx, u.ID, []byte("sealed"), c.now()); err != nil {
		t.Fatal(err)
	}
	check(false) // pending is not on
	if err := db.EnableTOTP(ctx, u.ID, []byte("sealed"), 1, nil, c.now()); err != nil {
		t.Fatal(err)
	}
	check(true)
	if _, err := db.DeleteTOTP(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	check(false)
}
