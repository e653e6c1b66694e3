// Package pgtest gives a test its own empty PostgreSQL database on the
// server that HIREGATE_TEST_DATABASE_URL names, dropped when the test ends.
// Without that variable the test is skipped, unless CI=true: then it fails,
// so CI cannot pass without having run the PostgreSQL tests.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the variable holding the URL of a PostgreSQL server the
// tests may create and drop databases on, such as
// postgres://postgres@127.0.0.1:55432/postgres.
const EnvURL = "HIREGATE_TEST_DATABASE_URL"

// ServerURL returns EnvURL's value, skipping the test when it is unset and
// failing it when it is unset on CI.
func ServerURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is unset on CI: the PostgreSQL tests must run there (.ci/run starts a cluster)", EnvURL)
		}
		tb.Skipf("%s is unset; set it to a PostgreSQL server URL to run this test", EnvURL)
	}
	return u
}

// URL creates a database with a random name on the test server and returns
// its URL. The database is dropped (connections and all) when the test
// ends.
func URL(tb testing.TB) string {
	tb.Helper()
	server := ServerURL(tb)
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		tb.Fatalf("%s must be a postgres:// URL", EnvURL)
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatal(err)
	}
	name := "hiregate_test_" + hex.EncodeToString(b[:])
	admin(tb, server, `CREATE DATABASE `+name)
	tb.Cleanup(func() { admin(tb, server, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`) })
	u.Path = "/" + name
	return u.String()
}

// admin runs one statement on the server's own database.
func admin(tb testing.TB, server, stmt string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		tb.Fatalf("connect to %s: %v", EnvURL, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, stmt); err != nil {
		tb.Fatalf("%s: %v", stmt, err)
	}
}
