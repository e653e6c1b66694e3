// Command gendata fills a fresh hiregate data directory with many jobs and
// applications (100,000 and 1,000,000 by default) for the scale figures in
// docs/PERFORMANCE.md. The built binary makes the database (its schema,
// and the admin account through `hiregate user create`); the rest is
// written with direct SQL in large transactions and synchronous=OFF, which
// is fine for data that can be generated again, and every account gets the
// admin's password hash. The server then opens the file as usual.
//
//	go build -o /tmp/hiregate ./server
//	go run ./bench/cmd/gendata -bin /tmp/hiregate -data /tmp/hg-scale [-jobs 100000] [-apps 1000000]
//
// Accounts: admin@example.com, recruiter1..N@example.com,
// candidate1..M@example.com, all with the demo password. About one job in
// eight has "Engineer" in its title, as the search figures assume.
package main

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite"

	"github.com/hiregate/hiregate/bench/hgproc"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

func run() error {
	bin := flag.String("bin", "", "hiregate binary (makes the database)")
	dir := flag.String("data", "", "data directory to create (must not hold a database yet)")
	nJobs := flag.Int("jobs", 100_000, "jobs")
	nApps := flag.Int("apps", 1_000_000, "applications")
	nRec := flag.Int("recruiters", 50, "recruiters")
	nCand := flag.Int("candidates", 20_000, "candidates")
	nHot := flag.Int("hot", 10_000, "extra applications, with resumes of about 4 KB, to the newest job, which declares skills (the sort=match figures)")
	flag.Parse()
	switch {
	case *bin == "" || *dir == "":
		return fmt.Errorf("-bin and -data are required")
	case *nJobs < 1 || *nRec < 1 || *nCand < 1 || *nApps < 0:
		return fmt.Errorf("-jobs, -recruiters and -candidates must be positive, -apps not negative")
	case *nHot < 0 || *nHot > *nCand - *nApps / *nJobs - 1:
		return fmt.Errorf("-hot must be between 0 and the candidates not yet applied to the newest job")
	case *nApps > *nJobs**nCand:
		return fmt.Errorf("-apps must be at most jobs × candidates (one application per candidate and job)")
	}
	path := filepath.Join(*dir, hgproc.DBFile)
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists; give a fresh directory", path)
	}
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		return err
	}
	if err := hgproc.Command(context.Background(), *bin, hgproc.DemoPassword+"\n", nil,
		"user", "create", "--data", *dir, "--role", string(hiregate.RoleAdmin), "--email", "admin@example.com", "--name", "Avery Admin"); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)&_pragma=foreign_keys(0)&_pragma=cache_size(-262144)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	var hash string
	if err := db.QueryRow(`SELECT password_hash FROM users WHERE email = 'admin@example.com'`).Scan(&hash); err != nil {
		return fmt.Errorf("the admin hiregate made: %w", err)
	}
	g := &gen{db: db, rng: rand.New(rand.NewPCG(1, 2)), now: time.Now().UTC(), hash: hash}
	t0 := time.Now()
	if err := g.users(*nRec, *nCand); err != nil {
		return err
	}
	if err := g.jobs(*nJobs); err != nil {
		return err
	}
	fmt.Printf("users and %d jobs in %s\n", *nJobs, time.Since(t0).Round(time.Millisecond))
	if err := g.applications(*nApps); err != nil {
		return err
	}
	fmt.Printf("%d applications in %s\n", *nApps, time.Since(t0).Round(time.Millisecond))
	if err := g.hotJob(*nHot); err != nil {
		return err
	}
	if err := g.demographics(); err != nil {
		return err
	}
	fmt.Printf("%d applications to the newest job, self-identification of %d candidates, in %s\n", *nHot, len(g.candidates), time.Since(t0).Round(time.Millisecond))
	if _, err := db.Exec(`ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return err
	}
	fi, _ := os.Stat(path)
	fmt.Printf("done in %s: %s, %d MB\n", time.Since(t0).Round(time.Millisecond), path, fi.Size()>>20)
	return nil
}

type gen struct {
	db         *sql.DB
	rng        *rand.Rand
	now        time.Time
	hash       string
	recruiters []string
	candidates []string
	jobIDs     []string
	jobAt      []int64
	seq        uint64
}

// id is unique and random-looking, like the adapter's.
func (g *gen) id() string {
	g.seq++
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], g.rng.Uint64())
	binary.BigEndian.PutUint64(b[8:], g.seq)
	return hex.EncodeToString(b[:])
}

// batch runs fn n times in transactions of 50,000 with stmt prepared.
func (g *gen) batch(n int, query string, fn func(i int, st *sql.Stmt) error) error {
	const size = 50_000
	for lo := 0; lo < n; lo += size {
		tx, err := g.db.Begin()
		if err != nil {
			return err
		}
		st, err := tx.Prepare(query)
		if err != nil {
			tx.Rollback()
			return err
		}
		for i := lo; i < min(n, lo+size); i++ {
			if err := fn(i, st); err != nil {
				tx.Rollback()
				return err
			}
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) users(nRec, nCand int) error {
	type u struct {
		email, name string
		role        hiregate.Role
	}
	var all []u
	for i := 1; i <= nRec; i++ {
		all = append(all, u{fmt.Sprintf("recruiter%d@example.com", i), fmt.Sprintf("Recruiter %d", i), hiregate.RoleRecruiter})
	}
	for i := 1; i <= nCand; i++ {
		all = append(all, u{fmt.Sprintf("candidate%d@example.com", i), fmt.Sprintf("Candidate %d", i), hiregate.RoleCandidate})
	}
	at := g.now.Add(-3 * 365 * 24 * time.Hour).UnixNano()
	return g.batch(len(all), `INSERT INTO users (id, email, full_name, role, active, password_hash, created_at) VALUES (?, ?, ?, ?, 1, ?, ?)`,
		func(i int, st *sql.Stmt) error {
			id := g.id()
			switch all[i].role {
			case hiregate.RoleRecruiter:
				g.recruiters = append(g.recruiters, id)
			case hiregate.RoleCandidate:
				g.candidates = append(g.candidates, id)
			}
			_, err := st.Exec(id, all[i].email, all[i].name, all[i].role, g.hash, at+int64(i))
			return err
		})
}

var (
	levels  = []string{"Junior", "Senior", "Staff", "Lead", "Principal", ""}
	fields  = []string{"Backend", "Frontend", "Data", "Platform", "Security", "Mobile", "Payroll", "Sales", "Marketing", "Support", "Finance", "Design"}
	kinds   = []string{"Engineer", "Analyst", "Manager", "Specialist", "Designer", "Consultant", "Coordinator", "Administrator"}
	cities  = []string{"Berlin", "Lisbon", "Remote", "London", "Paris", "Madrid", "Warsaw", "Dublin", "Oslo", "Vienna"}
	skills  = []string{"Go", "SQL", "Kubernetes", "customer care", "spreadsheets", "negotiation", "React", "Python", "budgeting", "writing"}
	perks   = []string{"a friendly team", "flexible hours", "a learning budget", "remote days", "a pension plan"}
	emTypes = hiregate.EmploymentTypes
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func (g *gen) jobs(n int) error {
	span := int64(2 * 365 * 24 * time.Hour)
	start := g.now.UnixNano() - span
	g.jobIDs = make([]string, 0, n)
	g.jobAt = make([]int64, 0, n)
	return g.batch(n, `INSERT INTO jobs (id, title, description, location, employment_type, salary_min, salary_max, status, recruiter_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		func(i int, st *sql.Stmt) error {
			r := g.rng
			kind := pick(r, kinds)
			title := strings.TrimSpace(pick(r, levels) + " " + pick(r, fields) + " " + kind)
			desc := fmt.Sprintf("We are looking for a %s to join us. You know %s and %s. We offer %s.",
				strings.ToLower(title), pick(r, skills), pick(r, skills), pick(r, perks))
			status := hiregate.JobOpen
			if r.IntN(5) == 0 {
				status = hiregate.JobClosed
			}
			lo := int64(30_000 + 1000*r.IntN(60))
			at := start + span/int64(n)*int64(i) + r.Int64N(1000)
			id := g.id()
			g.jobIDs, g.jobAt = append(g.jobIDs, id), append(g.jobAt, at)
			_, err := st.Exec(id, title, desc, pick(r, cities), pick(r, emTypes), lo, lo+20_000, status,
				pick(r, g.recruiters), at, at)
			return err
		})
}

func (g *gen) applications(n int) error {
	perJob := (n + len(g.jobIDs) - 1) / len(g.jobIDs)
	type app struct {
		id     string
		status hiregate.Stage
		at     int64
	}
	made := make([]app, 0, n)
	err := g.batch(n, `INSERT INTO applications (id, job_id, candidate_id, cover_letter, resume_text, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		func(i int, st *sql.Stmt) error {
			job := i / perJob
			// Distinct candidates per job: consecutive ones from a random start.
			cand := g.candidates[(job*7919+i%perJob)%len(g.candidates)]
			at := g.jobAt[job] + int64(1+i%perJob)*int64(time.Hour)
			status := pick(g.rng, hiregate.Stages)
			id := g.id()
			made = append(made, app{id, status, at})
			_, err := st.Exec(id, g.jobIDs[job], cand, "I would love to work with you.",
				"Ten years of relevant experience; references on request.", status, at, at)
			return err
		})
	if err != nil {
		return err
	}
	return g.batch(len(made), `INSERT INTO application_history (application_id, seq, status, at, by_id, by_name) VALUES (?, 1, ?, ?, '', '')`,
		func(i int, st *sql.Stmt) error {
			_, err := st.Exec(made[i].id, made[i].status, made[i].at)
			return err
		})
}

// resumeWords is the vocabulary of the hot job's resumes: skills of the
// built-in list (some as aliases), the job's words and filler.
var resumeWords = strings.Fields(`go golang kubernetes k8s postgresql postgres grpc python java react
	docker terraform aws linux sql services platform engineer senior backend distributed systems
	observability on-call tuning team built designed led migrated improved latency throughput
	customers product reliable scalable testing reviews mentoring agile delivery features data
	pipelines monitoring incidents cloud infrastructure automation security performance api`)

// hotJob turns the newest job into a Go job declaring skills and gives it
// n more applications with resumes of about 600 words.
func (g *gen) hotJob(n int) error {
	if n == 0 {
		return nil
	}
	job := g.jobIDs[len(g.jobIDs)-1]
	if _, err := g.db.Exec(`UPDATE jobs SET title = 'Senior Go Engineer', description = ?, status = 'open' WHERE id = ?`,
		"We build our platform in Go on PostgreSQL and Kubernetes, with gRPC between services. Distributed systems, observability, on-call.", job); err != nil {
		return err
	}
	if _, err := g.db.Exec(`INSERT INTO job_scoring (job_id, required, nice, version, scored) VALUES (?, 'Go|Kubernetes|PostgreSQL', 'gRPC|Python|Docker', 1, -1)`, job); err != nil {
		return err
	}
	applied := map[string]bool{}
	rows, err := g.db.Query(`SELECT candidate_id FROM applications WHERE job_id = ?`, job)
	if err != nil {
		return err
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		applied[c] = true
	}
	rows.Close()
	var cands []string
	for _, c := range g.candidates {
		if len(cands) < n && !applied[c] {
			cands = append(cands, c)
		}
	}
	at := g.now.Add(-30 * 24 * time.Hour).UnixNano()
	var ids []string
	var sb strings.Builder
	err = g.batch(len(cands), `INSERT INTO applications (id, job_id, candidate_id, cover_letter, resume_text, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'applied', ?, ?)`,
		func(i int, st *sql.Stmt) error {
			sb.Reset()
			for w := 0; w < 600; w++ {
				sb.WriteString(pick(g.rng, resumeWords))
				sb.WriteByte(' ')
			}
			id := g.id()
			ids = append(ids, id)
			_, err := st.Exec(id, job, cands[i], "I would love to join your team.", sb.String(), at+int64(i), at+int64(i))
			return err
		})
	if err != nil {
		return err
	}
	return g.batch(len(ids), `INSERT INTO application_history (application_id, seq, status, at, by_id, by_name) VALUES (?, 1, 'applied', ?, '', '')`,
		func(i int, st *sql.Stmt) error {
			_, err := st.Exec(ids[i], at+int64(i))
			return err
		})
}

// demographics answers the voluntary questions for most candidates, with
// some declining and some not answering at all.
func (g *gen) demographics() error {
	genders := []string{"female", "male", "non_binary", "decline", ""}
	ethnicities := []string{"hispanic_or_latino", "white", "black_or_african_american", "asian", "two_or_more", "decline", ""}
	ages := []string{"under_25", "25_34", "35_44", "45_54", "55_64", "65_plus", "decline"}
	null := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	return g.batch(len(g.candidates), `INSERT INTO demographics (user_id, gender, ethnicity, age_band, updated_at) VALUES (?, ?, ?, ?, ?)`,
		func(i int, st *sql.Stmt) error {
			if i%10 == 9 {
				return nil // never answered
			}
			_, err := st.Exec(g.candidates[i], null(pick(g.rng, genders)), null(pick(g.rng, ethnicities)), pick(g.rng, ages), g.now.UnixNano())
			return err
		})
}
