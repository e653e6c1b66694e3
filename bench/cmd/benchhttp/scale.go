package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"flag"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite"

	"github.com/hiregate/hiregate/bench/hgproc"
	"github.com/hiregate/hiregate/bench/loadgen"
)

// scale measures the pages of docs/PERFORMANCE.md's scale section against a
// data directory made by bench/cmd/gendata: p50 of single requests,
// then p99 of the heavy ones under -c connections.
func scale(args []string) error {
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	bin := fs.String("bin", "", "hiregate binary")
	data := fs.String("data", "", "data directory made by gendata")
	conns := fs.Int("c", 32, "connections for the p99 loads")
	d := fs.Duration("d", 10*time.Second, "duration of each p99 load (at most 60s)")
	single := fs.Duration("single", 3*time.Second, "duration of each single-connection load")
	port := fs.Int("port", 18960, "loopback port")
	extra := fs.String("server-flags", "", "extra hiregate flags, space separated")
	pg := fs.String("pg", "", "serve from this PostgreSQL database instead, loaded from -data with `hiregate export` and `hiregate import --database-url`")
	only := fs.String("only", "", "measure only the pages whose name contains this (the first ranking and the impact report are always measured)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bin == "" || *data == "" {
		return fmt.Errorf("-bin and -data are required")
	}
	if *d <= 0 || *d > time.Minute || *single <= 0 || *single > time.Minute {
		return fmt.Errorf("-d and -single must be in (0, 60s]")
	}
	// The deep cursor and a busy job are read from the file before the
	// server opens it. The cursor format (base64url of "unixnanos:id") is
	// the sqlite adapter's; clients treat it as opaque.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(*data, hgproc.DBFile)+"?mode=ro")
	if err != nil {
		return err
	}
	var deepAt int64
	var deepID, jobID, recEmail string
	err = db.QueryRow(`SELECT created_at, id FROM jobs ORDER BY created_at DESC, id DESC LIMIT 1
		OFFSET (SELECT count(*) * 899 / 1000 FROM jobs)`).Scan(&deepAt, &deepID)
	if err == nil {
		err = db.QueryRow(`SELECT j.id, u.email FROM jobs j JOIN users u ON u.id = j.recruiter_id
			WHERE j.seq = (SELECT max(seq) FROM jobs)`).Scan(&jobID, &recEmail)
	}
	db.Close()
	if err != nil {
		return fmt.Errorf("reading %s (made by gendata?): %w", *data, err)
	}
	deep := base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(deepAt, 10) + ":" + deepID))

	ctx := context.Background()
	flags, env := strings.Fields(*extra), []string(nil)
	if *pg != "" {
		// A replica needs the shared TOTP key; this run enrols no one.
		key := make([]byte, 32)
		rand.Read(key)
		flags = append(flags, "--database-url", *pg)
		env = append(env, "HIREGATE_MFA_KEY="+base64.StdEncoding.EncodeToString(key))
	}
	s, err := hgproc.Start(ctx, *bin, *data, *port, flags, env)
	if err != nil {
		return err
	}
	defer s.Stop()
	cand, err := s.Login("candidate1@example.com", hgproc.DemoPassword)
	if err != nil {
		return err
	}
	rec, err := s.Login(recEmail, hgproc.DemoPassword)
	if err != nil {
		return err
	}
	admin, err := s.Login("admin@example.com", hgproc.DemoPassword)
	if err != nil {
		return err
	}
	// The first ranking after start recomputes the job's scores (gendata
	// writes applications without them); every later one reads them.
	ranked := "/jobs/" + jobID + "/applications?sort=match"
	start := time.Now()
	if _, err := hgproc.Fetch(s.URL+ranked, rec); err != nil {
		return err
	}
	fmt.Printf("  %-42s %s\n", "sort=match, first (scores all computed)", loadgen.MS(time.Since(start)))
	start = time.Now()
	if _, err := hgproc.Fetch(s.URL+"/reports/impact", admin); err != nil {
		return err
	}
	fmt.Printf("  %-42s %s\n", "impact report, every application (admin)", loadgen.MS(time.Since(start)))
	type page struct {
		name, path, token string
		heavy             bool
	}
	pages := []page{
		{"job page (candidate, first page)", "/jobs", cand, false},
		{"deep keyset page (89.9% in)", "/jobs?cursor=" + deep, cand, false},
		{"?q=engineer (candidate)", "/jobs?q=engineer", cand, true},
		{"?q=senior+go (candidate)", "/jobs?q=senior+go", cand, false},
		{"recruiter's jobs with per-stage counts", "/jobs", rec, true},
		{"a job's applications (recruiter)", "/jobs/" + jobID + "/applications", rec, true},
		{"sort=match, first page (recruiter)", ranked, rec, true},
		{"sort=match, filtered to applied", ranked + "&status=applied", rec, false},
		{"impact report, the busy job", "/reports/impact?job_id=" + jobID, rec, false},
	}
	fmt.Printf("scale: %s, single requests (1 connection, %s each)\n", *data, *single)
	pages = slices.DeleteFunc(pages, func(p page) bool { return !strings.Contains(p.name, *only) })
	for _, p := range pages {
		if _, err := hgproc.Fetch(s.URL+p.path, p.token); err != nil {
			return err
		}
		r := loadgen.Run(ctx, 1, *single, loadgen.MaxRequests, loadgen.Get(s.URL+p.path, p.token))
		fmt.Printf("  %-42s p50 %7s  p99 %7s  (%d requests, %v)\n", p.name, loadgen.MS(r.Pct(0.5)), loadgen.MS(r.Pct(0.99)), r.N, r.Statuses)
	}
	fmt.Printf("under %d connections, %s each\n", *conns, *d)
	for _, p := range pages {
		if !p.heavy {
			continue
		}
		r := loadgen.Run(ctx, *conns, *d, loadgen.MaxRequests, loadgen.Get(s.URL+p.path, p.token))
		fmt.Printf("  %-42s %s\n", p.name, r)
	}
	// A job edit makes every score of the job stale: the server starts
	// recomputing them in the background at the edit, and a ranking asked
	// for before that has finished waits for it (it never serves a score
	// older than the edit).
	for i, edit := range []string{"description", "skills"} {
		body := fmt.Sprintf(`{"description": "Edited for the benchmark, round %d. We build in Go on PostgreSQL and Kubernetes."}`, i)
		if edit == "skills" {
			body = `{"skills": {"required": ["Go", "Kubernetes"], "nice": ["gRPC", "Docker"]}}`
		}
		start := time.Now()
		if _, err := hgproc.Send(http.MethodPatch, s.URL+"/jobs/"+jobID, rec, []byte(body)); err != nil {
			return err
		}
		patched := time.Since(start)
		if _, err := hgproc.Fetch(s.URL+ranked, rec); err != nil {
			return err
		}
		fmt.Printf("  job edit (%s): PATCH %s, the next ranking %s after the edit began\n", edit, loadgen.MS(patched), loadgen.MS(time.Since(start)))
	}
	return nil
}
