package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// The funnel benchmark's database: 1,000,000 applications to 1,000 jobs of
// 10 recruiters over two years, every history entry written through the
// triggers that keep the running counts. Building it takes a minute or
// two, so it is made once per run, only when a funnel benchmark asks.
const funnelApps = 1_000_000

var (
	funnelOnce sync.Once
	funnelDB   *sqlite.DB
	funnelDir  string
	funnelErr  error
)

func seedFunnel(b *testing.B) *sqlite.DB {
	b.Helper()
	funnelOnce.Do(func() {
		dir, err := os.MkdirTemp("", "hiregate-funnel-")
		if err != nil {
			funnelErr = err
			return
		}
		funnelDir = dir
		path := filepath.Join(dir, "funnel.db")
		db, err := sqlite.Open(path)
		if err != nil {
			funnelErr = err
			return
		}
		db.Close()
		raw, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(0)&_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)")
		if err != nil {
			funnelErr = err
			return
		}
		defer raw.Close()
		start := t0.UnixNano()
		hour := int64(time.Hour)
		// Each application's fate comes from i: where it stops (applied,
		// screening, interview, offer, hired), whether it is rejected or
		// withdrawn there, and hours between moves.
		steps := []string{
			`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9)
			 INSERT INTO users (id, email, full_name, role, active, password_hash, created_at)
			 SELECT printf('r%02d', i), printf('r%02d@corp.example', i), 'R', 'recruiter', 1, 'x', ? FROM n`,
			// Candidate c applies to every job once: i -> job is a bijection
			// on each block of 1,000 applications.
			`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
			 INSERT INTO users (id, email, full_name, role, active, password_hash, created_at)
			 SELECT printf('c%04d', i), printf('c%04d@example.com', i), 'C', 'candidate', 1, 'x', ? FROM n`,
			`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
			 INSERT INTO jobs (id, title, description, location, employment_type, status, recruiter_id, created_at, updated_at)
			 SELECT printf('j%04d', i), 'Job', 'd', 'l', 'full_time', 'open', printf('r%02d', i % 10), ?, ? FROM n`,
			`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ` + itoa(funnelApps-1) + `)
			 INSERT INTO applications (id, job_id, candidate_id, cover_letter, resume_text, status, created_at, updated_at)
			 SELECT printf('a%07d', i), printf('j%04d', (i * 7919) % 1000), printf('c%04d', i / 1000), '', '', 'applied',
			        ? + i * 63 * 1000000000, 0 FROM n`,
			`INSERT INTO application_history (application_id, seq, status, at, by_id, by_name)
			 SELECT id, 1, 'applied', created_at, 'r00', 'R' FROM applications ORDER BY id`,
		}
		for i, s := range steps {
			args := []any{start}
			if i == 2 {
				args = append(args, start)
			}
			if i == 4 {
				args = nil
			}
			if _, err := raw.Exec(s, args...); err != nil {
				funnelErr = err
				return
			}
		}
		// Moves: stage k of the pipeline is reached by the applications
		// whose number has fate >= k; some are rejected or withdraw at the
		// end.
		for k, stage := range []string{"screening", "interview", "offer", "hired"} {
			q := `INSERT INTO application_history (application_id, seq, status, at, by_id, by_name)
				SELECT a.id, h.seq + 1, ?, h.at + (1 + abs(random()) % 240) * ?, 'r00', 'R'
				FROM applications a JOIN application_history h ON h.application_id = a.id
				AND h.seq = (SELECT max(seq) FROM application_history WHERE application_id = a.id)
				WHERE CAST(substr(a.id, 2) AS INTEGER) % 100 < ? ORDER BY a.id`
			if _, err := raw.Exec(q, stage, hour, []int{60, 30, 10, 4}[k]); err != nil {
				funnelErr = err
				return
			}
		}
		for _, exit := range []struct {
			stage string
			mod   int
		}{{"rejected", 3}, {"withdrawn", 7}} {
			q := `INSERT INTO application_history (application_id, seq, status, at, by_id, by_name)
				SELECT a.id, h.seq + 1, ?, h.at + 24 * ?, 'r00', 'R'
				FROM applications a JOIN application_history h ON h.application_id = a.id
				AND h.seq = (SELECT max(seq) FROM application_history WHERE application_id = a.id)
				WHERE h.status NOT IN ('hired', 'rejected', 'withdrawn') AND CAST(substr(a.id, 2) AS INTEGER) % ? = 0 ORDER BY a.id`
			if _, err := raw.Exec(q, exit.stage, hour, exit.mod); err != nil {
				funnelErr = err
				return
			}
		}
		if _, err := raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			funnelErr = err
			return
		}
		funnelDB, funnelErr = sqlite.Open(path)
	})
	if funnelErr != nil {
		b.Fatalf("seeding the funnel database: %v", funnelErr)
	}
	return funnelDB
}

func benchFunnel(b *testing.B, f hiregate.FunnelFilter) {
	db := seedFunnel(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t, err := db.FunnelTally(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		if fn := t.Funnel(); i == 0 && f.JobID == "" && f.RecruiterID == "" && !f.Dated() && fn.Stages[0].Reached != funnelApps {
			b.Fatalf("funnel counts %d applications, want %d", fn.Stages[0].Reached, funnelApps)
		}
	}
}

// BenchmarkFunnel1M is the admin's funnel over all 1,000,000 applications:
// running counts.
func BenchmarkFunnel1M(b *testing.B) { benchFunnel(b, hiregate.FunnelFilter{}) }

// BenchmarkFunnel1MRecruiter is one recruiter's 100 jobs (100,000
// applications).
func BenchmarkFunnel1MRecruiter(b *testing.B) {
	benchFunnel(b, hiregate.FunnelFilter{RecruiterID: "r03"})
}

// BenchmarkFunnel1MJob is one job (1,000 applications).
func BenchmarkFunnel1MJob(b *testing.B) { benchFunnel(b, hiregate.FunnelFilter{JobID: "j0042"}) }

// BenchmarkFunnel1MDated30Days is the admin's funnel for one month of
// arrivals (about 41,000 applications), counted from their histories.
func BenchmarkFunnel1MDated30Days(b *testing.B) {
	benchFunnel(b, hiregate.FunnelFilter{From: t0.AddDate(0, 6, 0), To: t0.AddDate(0, 7, 0)})
}
