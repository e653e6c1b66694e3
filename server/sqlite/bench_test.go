package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/storetest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

const benchJobs = 100_000

// The 100k-job database is built once per `go test -bench` run, and only
// when a benchmark asks for it.
var (
	benchOnce sync.Once
	benchDB   *sqlite.DB
	benchDir  string
	benchErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDB != nil {
		benchDB.Close()
	}
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	if funnelDB != nil {
		funnelDB.Close()
		os.RemoveAll(funnelDir)
	}
	os.Exit(code)
}

var (
	benchLevels = []string{"Junior", "Senior", "Staff", "Principal", "Lead", "Head of"}
	benchTechs  = []string{"Go", "Rust", "Python", "Java", "Kotlin", "Swift", "TypeScript", "React", "Postgres", "SQLite",
		"Kubernetes", "Terraform", "AWS", "GCP", "Azure", "Linux", "Embedded", "Data", "ML", "Security"}
	benchRoles  = []string{"Engineer", "Developer", "Manager", "Analyst", "Architect", "Designer", "Consultant", "Administrator"}
	benchCities = []string{"Berlin", "Paris", "London", "Madrid", "Lisbon", "Warsaw", "Prague", "Vienna", "Zürich", "München",
		"Amsterdam", "Dublin", "Oslo", "Stockholm", "Helsinki", "Remote"}
)

// benchWord is a synthetic vocabulary of 5,000 words, so most description
// words are rare and a few are common (Zipf-like via the square below).
func benchWord(r *rand.Rand) string {
	x := r.Float64()
	return fmt.Sprintf("lex%d", int(x*x*5000))
}

func seedBench(b *testing.B) *sqlite.DB {
	b.Helper()
	if testing.Short() {
		b.Skip("seeding 100k jobs is skipped in -short mode")
	}
	benchOnce.Do(func() {
		start := time.Now()
		benchDir, benchErr = os.MkdirTemp("", "hiregate-bench-")
		if benchErr != nil {
			return
		}
		path := filepath.Join(benchDir, "bench.db")
		benchDB, benchErr = sqlite.Open(path)
		if benchErr != nil {
			return
		}
		benchErr = seedJobs(path)
		b.Logf("seeded %d jobs in %s", benchJobs, time.Since(start))
	})
	if benchErr != nil {
		b.Fatalf("seed: %v", benchErr)
	}
	return benchDB
}

// seedJobs inserts recruiters and jobs with multi-row INSERTs in one
// transaction on a plain connection; the schema's triggers fill the
// full-text index as they would for CreateJob.
func seedJobs(path string) error {
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer raw.Close()
	ctx := context.Background()
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	const recruiters = 50
	for i := range recruiters {
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, full_name, role, active, password_hash, created_at)
			VALUES (?, ?, ?, 'recruiter', 1, 'x', ?)`, fmt.Sprintf("rec%02d", i), fmt.Sprintf("rec%02d@corp.example", i),
			fmt.Sprintf("Recruiter %d", i), t0.UnixNano()); err != nil {
			return err
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	const batch = 500 // 12 columns × 500 rows stays under SQLite's variable limit
	row := "(?, ?, ?, ?, 'full_time', ?, NULL, ?, ?, ?, ?)"
	var q strings.Builder
	q.WriteString(`INSERT INTO jobs (id, title, description, location, employment_type, salary_min, salary_max, status,
		recruiter_id, created_at, updated_at) VALUES `)
	for i := range batch {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(row)
	}
	stmt, err := tx.PrepareContext(ctx, q.String())
	if err != nil {
		return err
	}
	defer stmt.Close()
	args := make([]any, 0, batch*9)
	for i := range benchJobs {
		title := benchLevels[r.IntN(len(benchLevels))] + " " + benchTechs[r.IntN(len(benchTechs))] + " " + benchRoles[r.IntN(len(benchRoles))]
		var desc strings.Builder
		for w := range 40 {
			if w > 0 {
				desc.WriteByte(' ')
			}
			desc.WriteString(benchWord(r))
		}
		status := "open"
		if r.IntN(5) == 0 {
			status = "closed"
		}
		// Roughly one job a minute, with some sharing an instant.
		at := t0.Add(time.Duration(i/2) * time.Minute).UnixNano()
		args = append(args, fmt.Sprintf("job%07d", i), title, desc.String(), benchCities[r.IntN(len(benchCities))],
			int64(r.IntN(100_000)), status, fmt.Sprintf("rec%02d", r.IntN(recruiters)), at, at)
		if len(args) == batch*9 {
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				return err
			}
			args = args[:0]
		}
	}
	if len(args) != 0 {
		return fmt.Errorf("seed: %d jobs left over", len(args)/9)
	}
	if _, err := tx.ExecContext(ctx, `ANALYZE`); err != nil {
		return err
	}
	return tx.Commit()
}

// BenchmarkListJobsSearch measures a first page of GET /jobs?q= over 100k
// jobs, for words of different frequency, as-you-type prefixes and
// combined filters.
func BenchmarkListJobsSearch(b *testing.B) {
	db := seedBench(b)
	ctx := context.Background()
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(benchDir, "bench.db")+"?_pragma=query_only(1)")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	// match is the FTS5 query ListJobs builds from Q, spelled out here to
	// report how many jobs each case matches.
	cases := []struct {
		name  string
		f     hiregate.JobFilter
		match string
	}{
		{"common-word", hiregate.JobFilter{Q: "engineer"}, `"engineer"*`},
		{"rare-word", hiregate.JobFilter{Q: "lex4999"}, `"lex4999"*`},
		{"no-match", hiregate.JobFilter{Q: "cobol"}, `"cobol"*`},
		{"prefix-1-char", hiregate.JobFilter{Q: "e"}, `"e"*`},
		{"prefix-typing", hiregate.JobFilter{Q: "senior go eng"}, `"senior" "go" "eng"*`},
		{"two-rare-words", hiregate.JobFilter{Q: "lex3000 lex4000"}, `"lex3000" "lex4000"*`},
		{"q+status", hiregate.JobFilter{Q: "rust", Status: hiregate.JobOpen}, `"rust"*`},
		{"q+recruiter+status", hiregate.JobFilter{Q: "berlin", RecruiterID: "rec07", Status: hiregate.JobOpen}, `"berlin"*`},
		{"q+page-2", hiregate.JobFilter{Q: "engineer"}, `"engineer"*`}, // cursor filled in below
		{"no-q", hiregate.JobFilter{}, ""},
		{"no-q+status", hiregate.JobFilter{Status: hiregate.JobOpen}, ""},
	}
	for _, tc := range cases {
		matches := benchJobs
		if tc.match != "" {
			if err := raw.QueryRow(`SELECT count(*) FROM jobs_fts WHERE jobs_fts MATCH ?`, tc.match).Scan(&matches); err != nil {
				b.Fatal(err)
			}
		}
		f := tc.f
		f.Limit = hiregate.DefaultPageLimit
		if tc.name == "q+page-2" {
			_, next, err := db.ListJobs(ctx, f)
			if err != nil || next == "" {
				b.Fatalf("first page: %q, %v", next, err)
			}
			f.Cursor = next
		}
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := db.ListJobs(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(matches), "matches")
		})
	}
}

// BenchmarkListJobsPageDeep compares the first page with the page after
// 90,000 jobs: keyset pagination makes them cost the same.
func BenchmarkListJobsPageDeep(b *testing.B) {
	db := seedBench(b)
	ctx := context.Background()
	for _, base := range []hiregate.JobFilter{{}, {Status: hiregate.JobOpen}} {
		// Walk through the API itself to the page that starts 90% of the
		// way into the list (90,000 of all jobs).
		f := base
		f.Limit = hiregate.MaxPageLimit
		var cursors []string
		seen := 0
		for {
			jobs, next, err := db.ListJobs(ctx, f)
			if err != nil {
				b.Fatalf("walking: %v", err)
			}
			seen += len(jobs)
			if next == "" {
				break
			}
			cursors = append(cursors, next)
			f.Cursor = next
		}
		deepAt := len(cursors) * 9 / 10
		deep := cursors[deepAt-1]
		seen = deepAt * hiregate.MaxPageLimit
		name := "all"
		if base.Status != "" {
			name = "open"
		}
		for _, page := range []struct {
			name, cursor string
		}{{"first", ""}, {fmt.Sprintf("after-%d", seen), deep}} {
			f := base
			f.Limit, f.Cursor = hiregate.DefaultPageLimit, page.cursor
			b.Run(name+"/"+page.name, func(b *testing.B) {
				for b.Loop() {
					jobs, _, err := db.ListJobs(ctx, f)
					if err != nil || len(jobs) == 0 {
						b.Fatalf("ListJobs = %d jobs, %v", len(jobs), err)
					}
				}
			})
		}
	}
}

// BenchmarkSessionState is the revocation check every authenticated
// request pays, on a database holding 10,000 sessions.
func BenchmarkSessionState(b *testing.B) {
	db, c := MustOpenDB(b)
	ctx := context.Background()
	u := storetest.MustUser(b, db, "ann@example.com", "Ann", hiregate.RoleCandidate)
	for i := range 10_000 {
		s := &store.SessionRecord{ID: fmt.Sprintf("s%05d", i), UserID: u.ID, CreatedAt: c.now(), ExpiresAt: c.now().Add(time.Hour)}
		if err := db.CreateSession(ctx, s, fmt.Sprintf("r%05d", i)); err != nil {
			b.Fatal(err)
		}
	}
	now := c.now()
	b.Run("serial", func(b *testing.B) {
		for b.Loop() {
			st, err := db.SessionState(ctx, "s05000", now)
			if err != nil || st.Revoked {
				b.Fatalf("SessionState = %+v, %v", st, err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := db.SessionState(ctx, "s05000", now); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}
