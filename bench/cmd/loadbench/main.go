// Command loadbench measures protected GET /jobs and POST /jobs over
// loopback HTTP on SQLite, PostgreSQL with one replica and PostgreSQL
// with two replicas, side by side in one run, and prints a Markdown table
// for docs/PERFORMANCE.md.
//
//	go build -o /tmp/hiregate ./server
//	go run ./bench/cmd/loadbench -bin /tmp/hiregate -pg postgres://postgres@127.0.0.1:55432/postgres
//
// -pg names a PostgreSQL server the program may create a database on
// (default $HIREGATE_TEST_DATABASE_URL); it creates a fresh one per
// PostgreSQL setup and drops it afterwards. Each replica is a hiregate
// process of its own (-bin) with its own data directory and loopback port
// (from -port on); the recruiter the loads use is made with `hiregate user
// create`. The load generator shares the machine with them. Every run is
// bounded by -requests.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/bench/hgproc"
	"github.com/hiregate/hiregate/bench/loadgen"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func main() {
	bin := flag.String("bin", "", "hiregate binary")
	port := flag.Int("port", 18970, "first loopback port of the replicas")
	pgServer := flag.String("pg", os.Getenv("HIREGATE_TEST_DATABASE_URL"), "PostgreSQL server URL to create throwaway databases on")
	requests := flag.Int("requests", 4000, "requests per measurement")
	clients := flag.Int("clients", 8, "concurrent clients")
	jobs := flag.Int("jobs", 2000, "jobs in the database before the reads")
	flag.Parse()
	if *bin == "" {
		log.Fatal("loadbench: -bin must name a hiregate binary")
	}
	if *pgServer == "" {
		log.Fatal("loadbench: -pg (or HIREGATE_TEST_DATABASE_URL) must name a PostgreSQL server")
	}
	if *requests <= 0 || *clients <= 0 || *jobs < 0 {
		log.Fatal("loadbench: -requests and -clients must be positive, -jobs not negative")
	}

	setups := []struct {
		name     string
		replicas int
		pg       bool
	}{
		{"SQLite, 1 server", 1, false},
		{"PostgreSQL, 1 replica", 1, true},
		{"PostgreSQL, 2 replicas", 2, true},
	}
	durability, err := pgDurability(context.Background(), *pgServer)
	if err != nil {
		log.Fatalf("loadbench: %v", err)
	}
	fmt.Printf("%d requests per row, %d clients, %d jobs seeded, GOMAXPROCS %d, %s; %s\n\n",
		*requests, *clients, *jobs, runtime.GOMAXPROCS(0), runtime.Version(), durability)
	fmt.Println("| setup | request | requests/s | p50 ms | p99 ms | errors |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, s := range setups {
		results, err := runSetup(setup{*bin, *port, *pgServer, s.pg, s.replicas}, *jobs, *requests, *clients)
		if err != nil {
			log.Fatalf("loadbench: %s: %v", s.name, err)
		}
		for _, r := range results {
			fmt.Printf("| %s | %s | %.0f | %.2f | %.2f | %d |\n", s.name, r.name, r.Rate(), ms(r.Pct(0.50)), ms(r.Pct(0.99)), r.Failed())
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

type result struct {
	name string
	loadgen.Result
}

type setup struct {
	bin      string
	port     int
	pgServer string
	pg       bool
	replicas int
}

// runSetup starts the servers, seeds them, measures and stops them.
func runSetup(su setup, jobs, requests, clients int) ([]result, error) {
	ctx := context.Background()
	// Replicas on PostgreSQL share one TOTP key; a throwaway one serves
	// the throwaway database. Many clients share one address here; only
	// the account limit matters and the bench logs in once.
	mfaKey := make([]byte, 32)
	if _, err := rand.Read(mfaKey); err != nil {
		return nil, err
	}
	env := []string{"HIREGATE_MFA_KEY=" + hex.EncodeToString(mfaKey), "HIREGATE_LOGIN_IP_LIMIT=1000000", "HIREGATE_DEMO=false"}
	if su.pg {
		u, drop, err := createDatabase(ctx, su.pgServer)
		if err != nil {
			return nil, err
		}
		defer drop()
		// In the environment, not on the command line, where every user
		// of the machine could read its password.
		env = append(env, "HIREGATE_DATABASE_URL="+u)
	}
	var dirs []string
	defer func() {
		for _, d := range dirs {
			os.RemoveAll(d)
		}
	}()
	for range su.replicas {
		dir, err := os.MkdirTemp("", "hiregate-loadbench-")
		if err != nil {
			return nil, err
		}
		dirs = append(dirs, dir)
	}

	// A recruiter, made by the binary's CLI before the servers start,
	// logged in through the first server.
	const email, password = "bench-recruiter@example.com", "bench-password-1"
	if err := hgproc.Command(ctx, su.bin, password+"\n", env,
		"user", "create", "--data", dirs[0], "--role", string(hiregate.RoleRecruiter), "--email", email, "--name", "Bench Recruiter"); err != nil {
		return nil, err
	}
	var servers []*hgproc.Server
	defer func() {
		for _, s := range servers {
			s.Stop()
		}
	}()
	for i, dir := range dirs {
		s, err := hgproc.Start(ctx, su.bin, dir, su.port+i, nil, env)
		if err != nil {
			return nil, err
		}
		servers = append(servers, s)
	}
	token, err := servers[0].Login(email, password)
	if err != nil {
		return nil, err
	}
	if err := seedJobs(servers[0].URL, token, jobs, clients); err != nil {
		return nil, err
	}

	urls := make([]string, len(servers))
	for i, s := range servers {
		urls[i] = s.URL
	}
	var out []result
	for _, m := range []struct {
		name string
		req  func(base string, i int) (*http.Request, error)
	}{
		{"GET /jobs (page of 20)", func(base string, _ int) (*http.Request, error) {
			return http.NewRequest(http.MethodGet, base+"/jobs?limit=20", nil)
		}},
		{"POST /jobs", func(base string, i int) (*http.Request, error) {
			return jobRequest(base, i)
		}},
	} {
		// A short warm-up fills connection pools and caches.
		measure(urls, token, min(requests/10, 200), clients, m.req)
		out = append(out, result{name: m.name, Result: measure(urls, token, requests, clients, m.req)})
	}
	return out, nil
}

// measure sends n requests from clients connections, spread round robin
// over the servers, each with the bearer token.
func measure(urls []string, token string, n, clients int,
	newReq func(base string, i int) (*http.Request, error)) loadgen.Result {
	return loadgen.Run(context.Background(), clients, 0, n, func(i int) (*http.Request, error) {
		req, err := newReq(urls[i%len(urls)], i)
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return req, err
	})
}

var words = []string{"Go", "Senior", "Platform", "Data", "Backend", "Engineer", "Designer", "Analyst", "Remote", "Lead"}

func jobRequest(base string, i int) (*http.Request, error) {
	body, err := json.Marshal(hiregate.CreateJobRequest{
		Title:          fmt.Sprintf("%s %s %s #%d", words[i%len(words)], words[(i/10)%len(words)], words[(i/100)%len(words)], i),
		Description:    "A job created by loadbench to measure writes through the whole stack.",
		Location:       words[(i/7)%len(words)],
		EmploymentType: hiregate.FullTime,
	})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, base+"/jobs", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

func seedJobs(base, token string, n, clients int) error {
	if n == 0 {
		return nil
	}
	if failed := measure([]string{base}, token, n, clients, jobRequest).Failed(); failed > 0 {
		return fmt.Errorf("seeding %d jobs: %d failed", n, failed)
	}
	return nil
}

// pgDurability reports the server's version and commit durability: SQLite
// runs with synchronous=FULL, and a PostgreSQL cluster with fsync or
// synchronous_commit off (as CI's throwaway one) is not a fair comparison.
func pgDurability(ctx context.Context, server string) (string, error) {
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", fmt.Errorf("connect to -pg: %w", err)
	}
	defer conn.Close(ctx)
	var version, fsync, syncCommit string
	if err := conn.QueryRow(ctx, `SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')`).
		Scan(&version, &fsync, &syncCommit); err != nil {
		return "", err
	}
	s := fmt.Sprintf("PostgreSQL %s fsync=%s synchronous_commit=%s, SQLite synchronous=FULL", version, fsync, syncCommit)
	if fsync != "on" || syncCommit != "on" {
		s += " (WARNING: PostgreSQL commits are not durable here; writes are not comparable)"
	}
	return s, nil
}

// createDatabase makes a database with a random name on the server and
// returns its URL and a function that drops it.
func createDatabase(ctx context.Context, server string) (string, func(), error) {
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", nil, errors.New("-pg must be a postgres:// URL")
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, err
	}
	name := "hiregate_bench_" + hex.EncodeToString(b[:])
	admin := func(stmt string) error {
		conn, err := pgx.Connect(ctx, server)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, stmt)
		return err
	}
	if err := admin(`CREATE DATABASE ` + name); err != nil {
		return "", nil, fmt.Errorf("create database: %w", err)
	}
	u.Path = "/" + name
	return u.String(), func() {
		if err := admin(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			log.Printf("loadbench: drop database %s: %v", name, err)
		}
	}, nil
}
