package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// RunCodes runs the cases of store.Codes (users come from store.Users).
func RunCodes(t *testing.T, open Opener) { runCases(t, open, codesCases) }

var codesCases = []testCase{
	{"UseOnce", testCodeUseOnce},
	{"Checks", testCodeChecks},
	{"UseConcurrent", testCodeUseConcurrent},
	{"Prune", testCodePrune},
}

func putCode(t *testing.T, db store.Store, c *clock, userID string, p hiregate.CodePurpose, hash string) {
	t.Helper()
	err := db.PutCode(context.Background(), store.CodeRecord{UserID: userID, Purpose: p, Hash: []byte(hash),
		CreatedAt: c.now(), ExpiresAt: c.now().Add(p.TTL())})
	if err != nil {
		t.Fatal(err)
	}
}

func useCode(t *testing.T, db store.Store, c *clock, userID string, p hiregate.CodePurpose, hash string) store.CodeCheck {
	t.Helper()
	got, err := db.UseCode(context.Background(), userID, p, []byte(hash), c.now(), hiregate.CodeMaxTries)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func testCodeUseOnce(t *testing.T, open Opener) {
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
	putCode(t, db, c, u.ID, hiregate.CodePasswordReset, "h1")
	// A code of one purpose proves nothing for another.
	if got := useCode(t, db, c, u.ID, hiregate.CodeVerifyEmail, "h1"); got != store.CodeMissing {
		t.Errorf("UseCode(other purpose) = %v, want CodeMissing", got)
	}
	if got := useCode(t, db, c, u.ID, hiregate.CodePasswordReset, "h1"); got != store.CodeAccepted {
		t.Fatalf("UseCode(right) = %v, want CodeAccepted", got)
	}
	if got := useCode(t, db, c, u.ID, hiregate.CodePasswordReset, "h1"); got != store.CodeMissing {
		t.Errorf("UseCode(spent) = %v, want CodeMissing", got)
	}
	if err := db.PutCode(context.Background(), store.CodeRecord{UserID: "nobody", Purpose: hiregate.CodeInvitation, Hash: []byte("h"),
		CreatedAt: c.now(), ExpiresAt: c.now().Add(time.Hour)}); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Errorf("PutCode(unknown user) = %v, want ENOTFOUND", err)
	}
}

func testCodeChecks(t *testing.T, open Opener) {
	tests := []struct {
		name  string
		setup func(t *testing.T, db store.Store, c *clock, userID string)
		hash  string
		want  store.CodeCheck
	}{
		{"Right", nil, "h2", store.CodeAccepted},
		{"Wrong", nil, "hx", store.CodeRejected},
		{"Replaced", func(t *testing.T, db store.Store, c *clock, id string) {
			putCode(t, db, c, id, hiregate.CodeVerifyEmail, "h3")
		}, "h2", store.CodeRejected},
		{"Expired", func(t *testing.T, db store.Store, c *clock, id string) {
			c.add(hiregate.CodeVerifyEmail.TTL())
		}, "h2", store.CodeMissing},
		{"Dropped", func(t *testing.T, db store.Store, c *clock, id string) {
			if err := db.DropCode(context.Background(), id, hiregate.CodeVerifyEmail); err != nil {
				t.Fatal(err)
			}
		}, "h2", store.CodeMissing},
		{"BurntAfterMaxTries", func(t *testing.T, db store.Store, c *clock, id string) {
			for i := 0; i < hiregate.CodeMaxTries; i++ {
				if got := useCode(t, db, c, id, hiregate.CodeVerifyEmail, "wrong"); got != store.CodeRejected {
					t.Fatalf("UseCode(wrong %d) = %v, want CodeRejected", i+1, got)
				}
			}
		}, "h2", store.CodeMissing},
		{"FourWrongThenRight", func(t *testing.T, db store.Store, c *clock, id string) {
			for i := 0; i < hiregate.CodeMaxTries-1; i++ {
				useCode(t, db, c, id, hiregate.CodeVerifyEmail, "wrong")
			}
		}, "h2", store.CodeAccepted},
		{"NewCodeResetsTries", func(t *testing.T, db store.Store, c *clock, id string) {
			for i := 0; i < hiregate.CodeMaxTries-1; i++ {
				useCode(t, db, c, id, hiregate.CodeVerifyEmail, "wrong")
			}
			putCode(t, db, c, id, hiregate.CodeVerifyEmail, "h2")
			useCode(t, db, c, id, hiregate.CodeVerifyEmail, "wrong")
		}, "h2", store.CodeAccepted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, c := mustOpen(t, open)
			u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
			putCode(t, db, c, u.ID, hiregate.CodeVerifyEmail, "h2")
			if tt.setup != nil {
				tt.setup(t, db, c, u.ID)
			}
			if got := useCode(t, db, c, u.ID, hiregate.CodeVerifyEmail, tt.hash); got != tt.want {
				t.Errorf("UseCode(%s) = %v, want %v", tt.hash, got, tt.want)
			}
		})
	}
}

// testCodeUseConcurrent: of many requests with the right code, exactly one
// is accepted.
func testCodeUseConcurrent(t *testing.T, open Opener) {
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
	putCode(t, db, c, u.ID, hiregate.CodePasswordReset, "h")
	const n = 8
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		accepted int
	)
	for range n {
		wg.Go(func() {
			got, err := db.UseCode(context.Background(), u.ID, hiregate.CodePasswordReset, []byte("h"), c.now(), hiregate.CodeMaxTries)
			if err != nil {
				t.Error(err)
				return
			}
			if got == store.CodeAccepted {
				mu.Lock()
				accepted++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if accepted != 1 {
		t.Errorf("accepted %d of %d concurrent uses of one code, want 1", accepted, n)
	}
}

func testCodePrune(t *testing.T, open Opener) {
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
	putCode(t, db, c, u.ID, hiregate.CodePasswordReset, "h1")
	putCode(t, db, c, u.ID, hiregate.CodeVerifyEmail, "h2")
	c.add(hiregate.CodePasswordReset.TTL() + time.Second)
	n, err := db.PruneCodes(context.Background(), c.now())
	if err != nil || n != 1 {
		t.Fatalf("PruneCodes() = %d, %v, want 1 (the reset code)", n, err)
	}
	if got := useCode(t, db, c, u.ID, hiregate.CodeVerifyEmail, "h2"); got != store.CodeAccepted {
		t.Errorf("UseCode(verification code after prune) = %v, want CodeAccepted", got)
	}
}
