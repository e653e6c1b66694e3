package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

const refreshTTL = 24 * time.Hour

func mustSession(tb testing.TB, db store.Store, c *clock, userID, id, refreshHash string) *store.SessionRecord {
	tb.Helper()
	c.add(time.Second)
	s := &store.SessionRecord{ID: id, UserID: userID, CreatedAt: c.now(), ExpiresAt: c.now().Add(refreshTTL), IP: "10.0.0.1", UserAgent: "test"}
	if err := db.CreateSession(context.Background(), s, refreshHash); err != nil {
		tb.Fatalf("CreateSession(%s) = %v", id, err)
	}
	return s
}

func testCreateSession(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db, c := mustOpen(t, open)
		u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
		s := mustSession(t, db, c, u.ID, "sess-1", "hash-1")
		if !s.LastUsedAt.Equal(s.CreatedAt) {
			t.Fatalf("LastUsedAt = %v, want CreatedAt %v", s.LastUsedAt, s.CreatedAt)
		}
		got, err := db.ListSessions(ctx, u.ID, c.now())
		if err != nil || len(got) != 1 {
			t.Fatalf("ListSessions = %v, %v, want one", got, err)
		}
		g := got[0]
		if g.ID != s.ID || g.UserID != u.ID || !g.CreatedAt.Equal(s.CreatedAt) || !g.ExpiresAt.Equal(s.ExpiresAt) ||
			g.IP != "10.0.0.1" || g.UserAgent != "test" || g.RevokedAt != nil || g.CreatedAt.Location() != time.UTC {
			t.Fatalf("ListSessions[0] = %+v, want %+v", g, s)
		}
	})
	t.Run("ErrUnknownUser", func(t *testing.T) {
		db, c := mustOpen(t, open)
		err := db.CreateSession(ctx, &store.SessionRecord{ID: "s", UserID: "nobody", CreatedAt: c.now(), ExpiresAt: c.now().Add(time.Hour)}, "h")
		wantCode(t, "CreateSession", err, hiregate.ENOTFOUND)
	})
	t.Run("ErrDuplicateRefreshHashRollsBack", func(t *testing.T) {
		db, c := mustOpen(t, open)
		u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
		mustSession(t, db, c, u.ID, "s1", "same")
		err := db.CreateSession(ctx, &store.SessionRecord{ID: "s2", UserID: u.ID, CreatedAt: c.now(), ExpiresAt: c.now().Add(time.Hour)}, "same")
		if err == nil {
			t.Fatal("CreateSession with a used refresh hash = nil, want an error")
		}
		if _, err := db.SessionState(ctx, "s2", c.now()); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
			t.Fatalf("session s2 after failed create: SessionState err = %v, want ENOTFOUND (rolled back)", err)
		}
	})
}

func testRotateRefresh(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db, c := mustOpen(t, open)
		u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
		s := mustSession(t, db, c, u.ID, "s1", "r1")
		now := c.add(time.Hour)
		exp := now.Add(refreshTTL)
		got, err := db.RotateRefresh(ctx, "r1", "r2", now, exp)
		if err != nil {
			t.Fatalf("RotateRefresh = %v", err)
		}
		if got.ID != s.ID || got.UserID != u.ID || !got.ExpiresAt.Equal(exp) || !got.LastUsedAt.Equal(now) || got.RevokedAt != nil {
			t.Fatalf("RotateRefresh = %+v, want session %s expiring %v used %v", got, s.ID, exp, now)
		}
		// The new token rotates in turn.
		if _, err := db.RotateRefresh(ctx, "r2", "r3", c.add(time.Minute), exp.Add(time.Minute)); err != nil {
			t.Fatalf("second RotateRefresh = %v", err)
		}
		live, _ := db.ListSessions(ctx, u.ID, c.now())
		if len(live) != 1 || !live[0].ExpiresAt.Equal(exp.Add(time.Minute)) {
			t.Fatalf("ListSessions = %+v, want the session with the extended expiry", live)
		}
	})
	t.Run("ErrReuseRevokesSession", func(t *testing.T) {
		db, c := mustOpen(t, open)
		u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
		mustSession(t, db, c, u.ID, "s1", "r1")
		if _, err := db.RotateRefresh(ctx, "r1", "r2", c.now(), c.now().Add(refreshTTL)); err != nil {
			t.Fatal(err)
		}
		now := c.add(time.Minute)
		got, err := db.RotateRefresh(ctx, "r1", "r3", now, now.Add(refreshTTL))
		if err != store.ErrRefreshReuse {
			t.Fatalf("RotateRefresh(spent) = %v, want ErrRefreshReuse", err)
		}
		if got == nil || got.ID != "s1" || got.UserID != u.ID || got.RevokedAt == nil || !got.RevokedAt.Equal(now) {
			t.Fatalf("RotateRefresh(spent) session = %+v, want s1 revoked at %v", got, now)
		}
		// The thief's token is dead too, and so is the session.
		if _, err := db.RotateRefresh(ctx, "r2", "r4", c.now(), c.now().Add(refreshTTL)); err != store.ErrRefreshInvalid {
			t.Fatalf("RotateRefresh(current after reuse) = %v, want ErrRefreshInvalid", err)
		}
		if _, err := db.RotateRefresh(ctx, "r3", "r5", c.now(), c.now().Add(refreshTTL)); err != store.ErrRefreshInvalid {
			t.Fatalf("RotateRefresh(never issued) = %v, want ErrRefreshInvalid", err)
		}
		st, err := db.SessionState(ctx, "s1", c.now())
		if err != nil || !st.Revoked {
			t.Fatalf("SessionState = %+v, %v, want revoked", st, err)
		}
		// Reuse again reports reuse and keeps the first revocation time.
		got, err = db.RotateRefresh(ctx, "r1", "r6", c.add(time.Hour), c.now().Add(refreshTTL))
		if err != store.ErrRefreshReuse || got == nil || !got.RevokedAt.Equal(now) {
			t.Fatalf("second reuse = %+v, %v, want ErrRefreshReuse revoked at %v", got, err, now)
		}
	})
	invalid := []struct {
		name  string
		setup func(t *testing.T, db store.Store, c *clock) (hash string, now time.Time)
	}{
		{"Unknown", func(t *testing.T, db store.Store, c *clock) (string, time.Time) { return "nope", c.now() }},
		{"Expired", func(t *testing.T, db store.Store, c *clock) (string, time.Time) {
			return "r1", c.now().Add(refreshTTL) // expiry is exclusive
		}},
		{"Revoked", func(t *testing.T, db store.Store, c *clock) (string, time.Time) {
			u, _ := db.UserByEmail(context.Background(), "ann@example.com")
			if err := db.RevokeSession(context.Background(), u.ID, "s1", c.now()); err != nil {
				t.Fatal(err)
			}
			return "r1", c.now()
		}},
	}
	for _, tt := range invalid {
		t.Run("Err"+tt.name, func(t *testing.T) {
			db, c := mustOpen(t, open)
			u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
			mustSession(t, db, c, u.ID, "s1", "r1")
			hash, now := tt.setup(t, db, c)
			got, err := db.RotateRefresh(ctx, hash, "new", now, now.Add(refreshTTL))
			if err != store.ErrRefreshInvalid || got != nil {
				t.Fatalf("RotateRefresh = %+v, %v, want nil, ErrRefreshInvalid", got, err)
			}
			// Nothing was issued: "new" is unknown.
			if _, err := db.RotateRefresh(ctx, "new", "newer", c.now(), c.now().Add(time.Hour)); err != store.ErrRefreshInvalid {
				t.Fatalf("RotateRefresh(new) = %v, want ErrRefreshInvalid", err)
			}
		})
	}
	t.Run("ConcurrentRotationsOneWins", func(t *testing.T) {
		db, c := mustOpen(t, open)
		u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
		mustSession(t, db, c, u.ID, "s1", "r1")
		const n = 8
		errs := make([]error, n)
		parallel(n, func(i int) {
			_, errs[i] = db.RotateRefresh(ctx, "r1", "next-"+itoa(i), T0.Add(time.Hour), T0.Add(refreshTTL))
		})
		ok, reuse, winner := 0, 0, ""
		for i, err := range errs {
			switch {
			case err == nil:
				ok++
				winner = "next-" + itoa(i)
			case errors.Is(err, store.ErrRefreshReuse) && err == store.ErrRefreshReuse:
				reuse++
			default:
				t.Errorf("RotateRefresh = %v", err)
			}
		}
		if ok != 1 || reuse != n-1 {
			t.Fatalf("successes = %d, reuses = %d, want 1 and %d", ok, reuse, n-1)
		}
		// The losers presented a spent token: the session ends revoked, and
		// the winner's new token is dead with it.
		if st, err := db.SessionState(ctx, "s1", T0.Add(time.Hour)); err != nil || !st.Revoked {
			t.Fatalf("SessionState after the race = %+v, %v, want revoked", st, err)
		}
		if _, err := db.RotateRefresh(ctx, winner, "after", T0.Add(time.Hour), T0.Add(refreshTTL)); err != store.ErrRefreshInvalid {
			t.Fatalf("RotateRefresh(winner's token) = %v, want ErrRefreshInvalid", err)
		}
	})
}

func testSessionState(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleRecruiter)
	s := mustSession(t, db, c, u.ID, "s1", "r1")
	tests := []struct {
		name string
		now  time.Time
		want store.SessionState
	}{
		{"Live", c.now(), store.SessionState{UserID: u.ID, Role: hiregate.RoleRecruiter, Active: true}},
		{"JustBeforeExpiry", s.ExpiresAt.Add(-time.Nanosecond), store.SessionState{UserID: u.ID, Role: hiregate.RoleRecruiter, Active: true}},
		{"AtExpiry", s.ExpiresAt, store.SessionState{UserID: u.ID, Role: hiregate.RoleRecruiter, Active: true, Revoked: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.SessionState(ctx, "s1", tt.now)
			if err != nil || !sameState(*got, tt.want, s.ExpiresAt) {
				t.Fatalf("SessionState = %+v, %v, want %+v", got, err, tt.want)
			}
		})
	}
	t.Run("FollowsUser", func(t *testing.T) {
		if _, err := db.UpdateUser(ctx, u.ID, store.UserChange{Role: ptr(hiregate.RoleAdmin), Active: ptr(false)}, false, ""); err != nil {
			t.Fatal(err)
		}
		got, err := db.SessionState(ctx, "s1", c.now())
		want := store.SessionState{UserID: u.ID, Role: hiregate.RoleAdmin, Active: false}
		if err != nil || !sameState(*got, want, s.ExpiresAt) {
			t.Fatalf("SessionState = %+v, %v, want %+v", got, err, want)
		}
	})
	t.Run("Revoked", func(t *testing.T) {
		if err := db.RevokeSession(ctx, u.ID, "s1", c.now()); err != nil {
			t.Fatal(err)
		}
		got, err := db.SessionState(ctx, "s1", c.now())
		if err != nil || !got.Revoked {
			t.Fatalf("SessionState = %+v, %v, want revoked", got, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := db.SessionState(ctx, "nope", c.now())
		wantCode(t, "SessionState", err, hiregate.ENOTFOUND)
		wantMessage(t, "SessionState", err, "Session not found")
	})
}

func testTouchSession(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
	mustSession(t, db, c, u.ID, "s1", "r1")
	now := c.add(time.Minute)
	if err := db.TouchSession(ctx, "s1", now); err != nil {
		t.Fatalf("TouchSession = %v", err)
	}
	live, _ := db.ListSessions(ctx, u.ID, now)
	if len(live) != 1 || !live[0].LastUsedAt.Equal(now) {
		t.Fatalf("LastUsedAt = %+v, want %v", live, now)
	}
	wantCode(t, "TouchSession(unknown)", db.TouchSession(ctx, "nope", now), hiregate.ENOTFOUND)
}

func testListSessions(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	ann := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
	bob := mustUser(t, db, c, "bob@example.com", "Bob", hiregate.RoleCandidate)
	old := mustSession(t, db, c, ann.ID, "old", "r-old")
	mustSession(t, db, c, ann.ID, "revoked", "r-rev")
	mid := mustSession(t, db, c, ann.ID, "mid", "r-mid")
	mustSession(t, db, c, bob.ID, "bobs", "r-bob")
	// A session that expires before the others.
	short := &store.SessionRecord{ID: "short", UserID: ann.ID, CreatedAt: c.add(time.Second), ExpiresAt: c.now().Add(time.Minute)}
	if err := db.CreateSession(ctx, short, "r-short"); err != nil {
		t.Fatal(err)
	}
	if err := db.RevokeSession(ctx, ann.ID, "revoked", c.now()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		user string
		now  time.Time
		want []string
	}{
		{"NewestFirst", ann.ID, c.now(), []string{"short", mid.ID, old.ID}},
		{"ExpiredLeaves", ann.ID, c.now().Add(time.Minute), []string{mid.ID, old.ID}},
		{"OtherUser", bob.ID, c.now(), []string{"bobs"}},
		{"NoSessions", "nobody", c.now(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.ListSessions(ctx, tt.user, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, s := range got {
				ids = append(ids, s.ID)
			}
			if !equalStrings(ids, tt.want) {
				t.Fatalf("ListSessions = %v, want %v", ids, tt.want)
			}
		})
	}
}

func testRevokeSession(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	ann := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
	bob := mustUser(t, db, c, "bob@example.com", "Bob", hiregate.RoleCandidate)
	s := mustSession(t, db, c, ann.ID, "s1", "r1")
	mustSession(t, db, c, bob.ID, "bobs", "r2")
	tests := []struct {
		name      string
		user, sid string
		now       time.Time
		code      string
	}{
		{"ErrNotTheirs", bob.ID, "s1", c.now(), hiregate.ENOTFOUND},
		{"ErrUnknown", ann.ID, "nope", c.now(), hiregate.ENOTFOUND},
		{"ErrExpired", ann.ID, "s1", s.ExpiresAt, hiregate.ENOTFOUND},
		{"OK", ann.ID, "s1", c.now(), ""},
		{"ErrAlreadyRevoked", ann.ID, "s1", c.now(), hiregate.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, "RevokeSession", db.RevokeSession(ctx, tt.user, tt.sid, tt.now), tt.code)
		})
	}
	if st, _ := db.SessionState(ctx, "bobs", c.now()); st.Revoked {
		t.Fatal("another user's session was revoked")
	}
}

func testRevokeUserSessions(t *testing.T, open Opener) {
	ctx := context.Background()
	tests := []struct {
		name     string
		keep     string
		want     int
		wantLive []string
	}{
		{"All", "", 3, nil},
		{"KeepOne", "s2", 2, []string{"s2"}},
		{"KeepUnknown", "nope", 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, c := mustOpen(t, open)
			ann := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
			bob := mustUser(t, db, c, "bob@example.com", "Bob", hiregate.RoleCandidate)
			for _, id := range []string{"s1", "s2", "s3"} {
				mustSession(t, db, c, ann.ID, id, "r-"+id)
			}
			mustSession(t, db, c, bob.ID, "bobs", "r-bob")
			n, err := db.RevokeUserSessions(ctx, ann.ID, tt.keep, c.now())
			if err != nil || n != tt.want {
				t.Fatalf("RevokeUserSessions = %d, %v, want %d", n, err, tt.want)
			}
			live, _ := db.ListSessions(ctx, ann.ID, c.now())
			var ids []string
			for _, s := range live {
				ids = append(ids, s.ID)
			}
			if !equalStrings(ids, tt.wantLive) {
				t.Fatalf("live = %v, want %v", ids, tt.wantLive)
			}
			if bobs, _ := db.ListSessions(ctx, bob.ID, c.now()); len(bobs) != 1 {
				t.Fatal("another user's session was revoked")
			}
			// Revoked sessions are not revoked (or counted) twice.
			if n, err := db.RevokeUserSessions(ctx, ann.ID, tt.keep, c.now()); err != nil || n != 0 {
				t.Fatalf("second RevokeUserSessions = %d, %v, want 0", n, err)
			}
		})
	}
}

func testPruneSessions(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
	live := mustSession(t, db, c, u.ID, "live", "hash-live")
	revoked := mustSession(t, db, c, u.ID, "revoked", "hash-revoked")
	if err := db.RevokeSession(ctx, u.ID, revoked.ID, c.now()); err != nil {
		t.Fatal(err)
	}
	c.add(time.Hour)
	if n, err := db.PruneSessions(ctx, c.now().Add(-2*time.Hour)); err != nil || n != 0 {
		t.Fatalf("PruneSessions(before the revocation) = %d, %v, want 0", n, err)
	}
	n, err := db.PruneSessions(ctx, c.now())
	if err != nil || n != 1 {
		t.Fatalf("PruneSessions(now) = %d, %v, want 1 (the revoked one)", n, err)
	}
	// The pruned session's refresh token is gone with it; the live one works.
	if _, err := db.RotateRefresh(ctx, "hash-revoked", "x", c.now(), c.now().Add(refreshTTL)); !errors.Is(err, store.ErrRefreshInvalid) {
		t.Errorf("RotateRefresh(pruned) = %v, want ErrRefreshInvalid", err)
	}
	if _, err := db.RotateRefresh(ctx, "hash-live", "hash-live-2", c.now(), c.now().Add(refreshTTL)); err != nil {
		t.Errorf("RotateRefresh(live) = %v", err)
	}
	c.add(2 * refreshTTL)
	if n, err := db.PruneSessions(ctx, c.now()); err != nil || n != 1 {
		t.Fatalf("PruneSessions(after expiry) = %d, %v, want 1 (%s)", n, err, live.ID)
	}
}

// sameState reports whether got is want with ExpiresAt at expires: the
// session's refresh expiry, which lets a caller cache the state until then.
func sameState(got, want store.SessionState, expires time.Time) bool {
	if !got.ExpiresAt.Equal(expires) {
		return false
	}
	got.ExpiresAt, want.ExpiresAt = time.Time{}, time.Time{}
	return got == want
}
