package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/postgres"
	"github.com/hiregate/hiregate/server/postgres/pgtest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// The data set of docs/PERFORMANCE.md's figures: 100,000 jobs and 1,000,000
// applications (10,000 candidates, 100 each), with one history entry each.
const (
	bigJobs       = 100_000
	bigCandidates = 10_000
	bigPerCand    = 100
	bigRecruiters = 50
)

var (
	bigLevels = []string{"Junior", "Senior", "Staff", "Principal", "Lead", "Head of"}
	bigTechs  = []string{"Go", "Rust", "Python", "Java", "Kotlin", "Swift", "TypeScript", "React", "Postgres", "SQLite",
		"Kubernetes", "Terraform", "AWS", "GCP", "Azure", "Linux", "Embedded", "Data", "ML", "Security"}
	bigRoles  = []string{"Engineer", "Developer", "Manager", "Analyst", "Architect", "Designer", "Consultant", "Administrator"}
	bigCities = []string{"Berlin", "Paris", "London", "Madrid", "Lisbon", "Warsaw", "Prague", "Vienna", "Zürich", "München",
		"Amsterdam", "Dublin", "Oslo", "Stockholm", "Helsinki", "Remote"}
)

// bigWord is a synthetic vocabulary of 5,000 words, Zipf-like, as in the
// SQLite benchmarks.
func bigWord(r *rand.Rand) string {
	x := r.Float64()
	return fmt.Sprintf("lex%d", int(x*x*5000))
}

// seedBig fills the database at url with COPY (minutes through the API,
// seconds this way); the search column is filled as CreateJob fills it.
func seedBig(b *testing.B, url string) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	at := func(i int) int64 { return t0.Add(time.Duration(i/2) * time.Minute).UnixNano() }
	copyRows := func(table string, cols []string, n int, row func(i int) []any) {
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() func() ([]any, error) {
			i := 0
			return func() ([]any, error) {
				if i == n {
					return nil, nil
				}
				i++
				return row(i - 1), nil
			}
		}())); err != nil {
			b.Fatalf("copy %s: %v", table, err)
		}
	}
	userCols := []string{"id", "email", "full_name", "role", "active", "password_hash", "created_at"}
	copyRows("users", userCols, bigRecruiters, func(i int) []any {
		return []any{fmt.Sprintf("rec%02d", i), fmt.Sprintf("rec%02d@corp.example", i), fmt.Sprintf("Recruiter %d", i), "recruiter", true, "x", at(0)}
	})
	copyRows("users", userCols, bigCandidates, func(i int) []any {
		return []any{fmt.Sprintf("cand%05d", i), fmt.Sprintf("cand%05d@mail.example", i), fmt.Sprintf("Candidate %d", i), "candidate", true, "x", at(0)}
	})
	r := rand.New(rand.NewPCG(1, 2))
	// pgx has no binary encoding for tsvector: the words go through a
	// staging table and array_to_tsvector, as in CreateJob.
	if _, err := conn.Exec(ctx, `CREATE TEMP TABLE jobs_stage (LIKE jobs INCLUDING DEFAULTS, words TEXT[])`); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `ALTER TABLE jobs_stage ALTER COLUMN search DROP NOT NULL`); err != nil {
		b.Fatal(err)
	}
	copyRows("jobs_stage", []string{"id", "title", "description", "location", "employment_type", "salary_min", "status",
		"recruiter_id", "created_at", "updated_at", "words"}, bigJobs, func(i int) []any {
		title := bigLevels[r.IntN(len(bigLevels))] + " " + bigTechs[r.IntN(len(bigTechs))] + " " + bigRoles[r.IntN(len(bigRoles))]
		desc := make([]byte, 0, 400)
		for w := range 40 {
			if w > 0 {
				desc = append(desc, ' ')
			}
			desc = append(desc, bigWord(r)...)
		}
		status := "open"
		if r.IntN(5) == 0 {
			status = "closed"
		}
		city := bigCities[r.IntN(len(bigCities))]
		return []any{fmt.Sprintf("job%07d", i), title, string(desc), city, "full_time", int64(r.IntN(100_000)), status,
			fmt.Sprintf("rec%02d", r.IntN(bigRecruiters)), at(i), at(i), postgres.SearchLexemes(title, string(desc), city)}
	})
	if _, err := conn.Exec(ctx, `INSERT INTO jobs (id, title, description, location, employment_type, salary_min, status,
		recruiter_id, created_at, updated_at, search)
		SELECT id, title, description, location, employment_type, salary_min, status,
		recruiter_id, created_at, updated_at, array_to_tsvector(words) FROM jobs_stage`); err != nil {
		b.Fatal(err)
	}
	stages := []string{"applied", "screening", "interview", "offer", "hired", "rejected"}
	appJob := func(i int) int { c, k := i/bigPerCand, i%bigPerCand; return (c*1000 + k*997) % bigJobs }
	copyRows("applications", []string{"id", "job_id", "candidate_id", "cover_letter", "resume_text", "status", "created_at", "updated_at"},
		bigCandidates*bigPerCand, func(i int) []any {
			t := at(appJob(i)) + int64(i%bigPerCand+1)*int64(time.Second)
			return []any{fmt.Sprintf("app%08d", i), fmt.Sprintf("job%07d", appJob(i)), fmt.Sprintf("cand%05d", i/bigPerCand),
				"Hello", "", stages[i%len(stages)], t, t}
		})
	copyRows("application_history", []string{"application_id", "seq", "status", "at", "by_id", "by_name"},
		bigCandidates*bigPerCand, func(i int) []any {
			return []any{fmt.Sprintf("app%08d", i), 1, "applied", at(appJob(i)), fmt.Sprintf("cand%05d", i/bigPerCand), "Candidate"}
		})
	if _, err := conn.Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkBigData measures pages and searches at 100,000 jobs and
// 1,000,000 applications and reports each case's median (p50-ms) as well
// as the mean. The data set is built once (about a minute); -short skips
// it.
func BenchmarkBigData(b *testing.B) {
	if testing.Short() {
		b.Skip("seeding 100k jobs and 1M applications is skipped in -short mode")
	}
	url := pgtest.URL(b)
	db := openAt(b, url)
	start := time.Now()
	seedBig(b, url)
	b.Logf("seeded %d jobs, %d applications in %s", bigJobs, bigCandidates*bigPerCand, time.Since(start).Round(time.Second))
	ctx := context.Background()

	deepJobs := walkTo(b, func(cursor string) (string, int, error) {
		jobs, next, err := db.ListJobs(ctx, hiregate.JobFilter{Limit: hiregate.MaxPageLimit, Cursor: cursor})
		return next, len(jobs), err
	}, bigJobs*9/10)
	deepApps := walkTo(b, func(cursor string) (string, int, error) {
		apps, next, err := db.ListApplications(ctx, hiregate.ApplicationFilter{Limit: hiregate.MaxPageLimit, Cursor: cursor, Status: hiregate.StageApplied})
		return next, len(apps), err
	}, 100_000)
	_, engPage2, err := db.ListJobs(ctx, hiregate.JobFilter{Q: "engineer", Limit: hiregate.DefaultPageLimit})
	if err != nil || engPage2 == "" {
		b.Fatalf("search first page: %q, %v", engPage2, err)
	}

	jobs := func(f hiregate.JobFilter) func() error {
		f.Limit = hiregate.DefaultPageLimit
		return func() error { _, _, err := db.ListJobs(ctx, f); return err }
	}
	apps := func(f hiregate.ApplicationFilter) func() error {
		f.Limit = hiregate.DefaultPageLimit
		return func() error { _, _, err := db.ListApplications(ctx, f); return err }
	}
	for _, tc := range []struct {
		name string
		run  func() error
	}{
		{"jobs/page-first", jobs(hiregate.JobFilter{})},
		{"jobs/page-after-90000", jobs(hiregate.JobFilter{Cursor: deepJobs})},
		{"jobs/open-first", jobs(hiregate.JobFilter{Status: hiregate.JobOpen})},
		{"search/common-word", jobs(hiregate.JobFilter{Q: "engineer"})},
		{"search/common-word-page-2", jobs(hiregate.JobFilter{Q: "engineer", Cursor: engPage2})},
		{"search/rare-word", jobs(hiregate.JobFilter{Q: "lex4999"})},
		{"search/prefix-1-char", jobs(hiregate.JobFilter{Q: "e"})},
		{"search/prefix-typing", jobs(hiregate.JobFilter{Q: "senior go eng"})},
		{"search/two-rare-words", jobs(hiregate.JobFilter{Q: "lex3000 lex4000"})},
		{"search/no-match", jobs(hiregate.JobFilter{Q: "cobol"})},
		{"search/q+recruiter+status", jobs(hiregate.JobFilter{Q: "berlin", RecruiterID: "rec07", Status: hiregate.JobOpen})},
		{"applications/page-first", apps(hiregate.ApplicationFilter{})},
		{"applications/applied-after-100000", apps(hiregate.ApplicationFilter{Status: hiregate.StageApplied, Cursor: deepApps})},
		{"applications/of-a-job", apps(hiregate.ApplicationFilter{JobID: "job0050000"})},
		{"applications/of-a-candidate", apps(hiregate.ApplicationFilter{CandidateID: "cand05000"})},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var lat []time.Duration
			for b.Loop() {
				t := time.Now()
				if err := tc.run(); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2])/float64(time.Millisecond), "p50-ms")
		})
	}
}

// walkTo pages through a list with the API's own cursors and returns the
// cursor of the page that starts after skip rows.
func walkTo(b *testing.B, page func(cursor string) (next string, n int, err error), skip int) string {
	cursor, seen := "", 0
	for seen < skip {
		next, n, err := page(cursor)
		if err != nil || next == "" {
			b.Fatalf("walking to row %d: stopped at %d: %v", skip, seen, err)
		}
		cursor, seen = next, seen+n
	}
	return cursor
}
