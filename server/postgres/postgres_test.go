package postgres_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/postgres"
	"github.com/hiregate/hiregate/server/postgres/pgtest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// t0 is the fixed clock every test starts from.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// openAt opens the database at url with its clock at t0, closed when the
// test ends. Two calls on one url are two replicas: two pools.
func openAt(tb testing.TB, url string) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		tb.Fatalf("Open = %v", err)
	}
	db.Now = func() time.Time { return t0 }
	tb.Cleanup(func() { db.Close() })
	return db
}

func mustOpen(tb testing.TB) *postgres.DB {
	tb.Helper()
	return openAt(tb, pgtest.URL(tb))
}

func mustUser(tb testing.TB, db *postgres.DB, email string, role hiregate.Role) *hiregate.User {
	tb.Helper()
	u := &hiregate.User{Email: email, FullName: "Name of " + email, Role: role, Active: true}
	if err := db.CreateUser(context.Background(), u, "hash"); err != nil {
		tb.Fatalf("CreateUser(%s) = %v", email, err)
	}
	return u
}

// exec runs statements on url outside the store.
func exec(tb testing.TB, url string, stmts ...string) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			tb.Fatalf("%s: %v", s, err)
		}
	}
}

func TestOpenMigratesOnceWhenReplicasStartTogether(t *testing.T) {
	url := pgtest.URL(t)
	const replicas = 4
	var wg sync.WaitGroup
	errs := make([]error, replicas)
	for i := range replicas {
		wg.Go(func() {
			db, err := postgres.Open(context.Background(), url)
			if err == nil {
				db.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open #%d = %v, want nil", i, err)
		}
	}
	db := openAt(t, url)
	var n, distinct int
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if err := conn.QueryRow(context.Background(), `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	if n == 0 || n != distinct {
		t.Fatalf("schema_migrations has %d rows for %d versions, want one row per version", n, distinct)
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Fatalf("Ping = %v", err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	url := pgtest.URL(t)
	openAt(t, url)
	exec(t, url, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`)
	_, err := postgres.Open(context.Background(), url)
	var tooNew *postgres.SchemaTooNewError
	if !errors.As(err, &tooNew) || tooNew.Database != 9999 {
		t.Fatalf("Open on a newer schema = %v, want SchemaTooNewError for version 9999", err)
	}
	if !strings.Contains(err.Error(), "9999") || !strings.Contains(err.Error(), "newer hiregate") {
		t.Fatalf("Open error = %q, want it to name the version and say a newer hiregate migrated it", err)
	}
}

func TestOpenRejectsBadURLWithoutEchoingIt(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://user:s3cret@[bad")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("Open(bad URL) = %v, want an error that does not contain the password", err)
	}
}

func pgURL(tb testing.TB) string { return pgtest.URL(tb) }

func itoa(i int) string { return strconv.Itoa(i) }
