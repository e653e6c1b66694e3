package postgres_test

import (
	"context"
	"net/url"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/postgres"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// liveVersion waits until db's change listener is connected and returns
// its version.
func liveVersion(t *testing.T, db *postgres.DB) uint64 {
	t.Helper()
	for {
		v, err := db.Version(context.Background())
		if err == nil {
			return v
		}
		runtime.Gosched()
	}
}

// TestVersionAcrossReplicas: a commit on replica A moves B's version by
// the time B's next Version call returns, without waiting for anything
// (Version's round trip on the listening connection makes that certain);
// so does a commit on A for A, and a write by another program (psql).
// Login attempts and audit events, which nothing caches, do not.
func TestVersionAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	u := pgURL(t)
	a, b := openAt(t, u), openAt(t, u)
	liveVersion(t, a)
	vb := liveVersion(t, b)
	// Several times over, so that a lucky notification cannot pass it.
	for i := range 20 {
		user := mustUser(t, a, "u"+string(rune('a'+i))+"@example.com", hiregate.RoleRecruiter)
		got, err := b.Version(ctx)
		if err != nil || got == vb {
			t.Fatalf("B.Version after A's CreateUser #%d = %d, %v, want a new version (was %d)", i, got, err, vb)
		}
		vb = got
		va, _ := a.Version(ctx)
		if _, err := a.RevokeUserSessions(ctx, user.ID, "", t0); err != nil {
			t.Fatal(err)
		}
		if got, err := a.Version(ctx); err != nil || got == va {
			t.Fatalf("A.Version after its own write = %d, %v, want a new version (was %d)", got, err, va)
		}
		if got, err := b.Version(ctx); err != nil || got == vb {
			t.Fatalf("B.Version after A's RevokeUserSessions = %d, %v, want a new version (was %d)", got, err, vb)
		}
		vb, _ = b.Version(ctx)
	}
	exec(t, u, `UPDATE jobs SET title = title`)
	if got, err := b.Version(ctx); err != nil || got == vb {
		t.Fatalf("B.Version after another program's UPDATE = %d, %v, want a new version (was %d)", got, err, vb)
	}
	vb, _ = b.Version(ctx)
	exec(t, u, `INSERT INTO login_attempts (key, at) VALUES ('k', 1)`, `INSERT INTO audit_events (id, at, type, user_id, email, ip, detail) VALUES ('e', 1, 'login_failed', '', '', '', '')`)
	if got, err := b.Version(ctx); err != nil || got != vb {
		t.Errorf("B.Version after login attempts and audit = %d, %v, want unchanged %d", got, err, vb)
	}
}

// TestVersionListenerDrop: while the listener's connection is gone,
// Version says it does not know (caches then read the store), and once it
// is back it reports a version it never reported before.
func TestVersionListenerDrop(t *testing.T) {
	pu, err := url.Parse(pgURL(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, pu.Host)
	pu.Host = p.ln.Addr().String()
	db := openAt(t, pu.String())
	before := liveVersion(t, db)
	p.cut()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := db.Version(ctx)
		cancel()
		if err != nil {
			break
		}
		runtime.Gosched()
	}
	p.restore()
	if after := liveVersion(t, db); after == before {
		t.Errorf("Version after reconnecting = %d, want a new version (was %d before the drop)", after, before)
	}
}

// TestChangeTriggers: every table but the exempt ones announces its
// changes (migration 0004), so a table added later cannot be cached
// stale by mistake.
func TestChangeTriggers(t *testing.T) {
	ctx := context.Background()
	u := pgURL(t)
	openAt(t, u)
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r'
		AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'hiregate_changed')
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	missing, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	exempt := []string{"audit_events", "login_attempts", "mail_outbox", "schema_migrations"}
	if !slices.Equal(missing, exempt) {
		t.Errorf("tables without the hiregate_changed trigger = %v, want exactly %v", missing, exempt)
	}
}
