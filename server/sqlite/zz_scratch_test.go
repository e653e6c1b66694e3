package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/sqlite"
)

func TestZZSeed(t *testing.T) {
	path := "/tmp/hg-scratch/bench.db"
	if _, err := os.Stat(path); err == nil {
		return
	}
	os.MkdirAll("/tmp/hg-scratch", 0o755)
	db, err := sqlite.Open(path)
	if err != nil { t.Fatal(err) }
	db.Close()
	if err := seedJobs(path); err != nil { t.Fatal(err) }
}

func TestZZPlan(t *testing.T) {
	raw, _ := sql.Open("sqlite", "file:/tmp/hg-scratch/bench.db?_pragma=busy_timeout(5000)")
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	ctx := context.Background()
	for _, q := range []string{os.Getenv("Q1"), os.Getenv("Q2"), os.Getenv("Q3")} {
		if q == "" { continue }
		rows, err := raw.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, os.Getenv("ARG"))
		if err != nil { t.Fatal(err) }
		for rows.Next() { var a, b, c int; var d string; rows.Scan(&a, &b, &c, &d); t.Log(d) }
		rows.Close()
		for i := 0; i < 3; i++ {
			start := time.Now()
			rows, err = raw.QueryContext(ctx, q, os.Getenv("ARG"))
			if err != nil { t.Fatal(err) }
			n := 0
			for rows.Next() { n++ }
			rows.Close()
			t.Logf("%d rows in %s", n, time.Since(start))
		}
	}
}
