// Command loadbench measures protected GET /jobs and POST /jobs over
// loopback HTTP on SQLite, PostgreSQL with one replica and PostgreSQL
// with two replicas, side by side in one run, and prints a Markdown table
// for docs/PERFORMANCE.md.
//
//	go run ./server/cmd/loadbench -pg postgres://postgres@127.0.0.1:55432/postgres
//
// -pg names a PostgreSQL server the program may create a database on
// (default $HIREGATE_TEST_DATABASE_URL); it creates a fresh one per
// PostgreSQL setup and drops it afterwards. The replicas run in this
// process, each with its own data directory, HTTP listener and connection
// pool, as in the multi-replica test; the load generator shares the
// machine with them. Every run is bounded by -requests.
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

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/internal/loadgen"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func main() {
	pgServer := flag.String("pg", os.Getenv("HIREGATE_TEST_DATABASE_URL"), "PostgreSQL server URL to create throwaway databases on")
	requests := flag.Int("requests", 4000, "requests per measurement")
	clients := flag.Int("clients", 8, "concurrent clients")
	jobs := flag.Int("jobs", 2000, "jobs in the database before the reads")
	flag.Parse()
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
		results, err := runSetup(*pgServer, s.pg, s.replicas, *jobs, *requests, *clients)
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

// runSetup starts the servers, seeds them, measures and stops them.
func runSetup(pgServer string, pg bool, replicas, jobs, requests, clients int) ([]result, error) {
	ctx := context.Background()
	var dbURL string
	if pg {
		u, drop, err := createDatabase(ctx, pgServer)
		if err != nil {
			return nil, err
		}
		defer drop()
		dbURL = u
	}
	var servers []*app.App
	defer func() {
		for _, s := range servers {
			s.Close()
		}
	}()
	var dirs []string
	defer func() {
		for _, d := range dirs {
			os.RemoveAll(d)
		}
	}()
	// Replicas on PostgreSQL share one TOTP key (HIREGATE_MFA_KEY); a
	// throwaway one serves the throwaway database.
	mfaKey := make([]byte, 32)
	if _, err := rand.Read(mfaKey); err != nil {
		return nil, err
	}
	for range replicas {
		dir, err := os.MkdirTemp("", "hiregate-loadbench-")
		if err != nil {
			return nil, err
		}
		dirs = append(dirs, dir)
		cfg := app.TestConfig(dir)
		cfg.DatabaseURL = config.NewDatabaseURL(dbURL)
		cfg.MFAKey = config.NewSecret([]byte(hex.EncodeToString(mfaKey)))
		// Many clients share one address here; only the account limit
		// matters and the bench logs in once.
		cfg.LoginIPLimit = config.MaxIPLimit
		s, err := app.Open(ctx, cfg, nil)
		if err != nil {
			return nil, err
		}
		servers = append(servers, s)
	}

	// A recruiter, created through the first server, logged in through it.
	const email, password = "bench-recruiter@example.com", "bench-password-1"
	if _, err := servers[0].Auth().CreateUser(ctx, hiregate.CreateUserRequest{
		Email: email, Password: password, FullName: "Bench Recruiter", Role: hiregate.RoleRecruiter,
	}); err != nil {
		return nil, fmt.Errorf("create recruiter: %w", err)
	}
	token, err := login(servers[0].URL(), email, password)
	if err != nil {
		return nil, err
	}
	if err := seedJobs(servers[0].URL(), token, jobs, clients); err != nil {
		return nil, err
	}

	urls := make([]string, len(servers))
	for i, s := range servers {
		urls[i] = s.URL()
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

func login(base, email, password string) (string, error) {
	form := url.Values{"grant_type": {hiregate.GrantPassword}, "username": {email}, "password": {password}}
	resp, err := http.PostForm(base+"/auth/login", form)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tok hiregate.TokenResponse
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("login: %s", resp.Status)
	}
	return tok.AccessToken, nil
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
