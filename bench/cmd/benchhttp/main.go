// Command benchhttp measures hiregate over loopback HTTP, side by side with
// a bare Gin route returning the same bytes, in one run: the protected job
// board against that floor, POST /jobs with synchronous=FULL and NORMAL,
// and the job board during a login flood. It drives a built hiregate
// binary (-bin); scripts/bench-http.sh builds both and runs it (make
// bench-http); docs/PERFORMANCE.md has figures.
//
// It only ever talks to 127.0.0.1, runs each load for a bounded time and
// caps the requests it records.
//
//	benchhttp -bin ./hiregate [-c 32] [-ratio-c 4,32] [-d 10s] [-rounds 5] [-only ratio,post,flood] [-pprof] [-cmp-bin ./old]
//	benchhttp bare -addr 127.0.0.1:P -file body.json   (the floor server)
//	benchhttp scale -bin ./hiregate -data DIR          (100k-job figures)
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/bench/hgproc"
	"github.com/hiregate/hiregate/bench/loadgen"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "bare" {
		bare(os.Args[2:])
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "scale" {
		if err := scale(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "benchhttp:", err)
			os.Exit(1)
		}
		return
	}
	if err := bench(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchhttp:", err)
		os.Exit(1)
	}
}

// bare serves the bytes of file at GET /jobs from a Gin engine with no
// middleware: the floor hiregate is measured against.
func bare(args []string) {
	fs := flag.NewFlagSet("bare", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:18990", "listen address")
	file := fs.String("file", "", "response body")
	_ = fs.Parse(args)
	body, err := os.ReadFile(*file)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		os.Exit(1)
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/jobs", func(c *gin.Context) { c.Data(http.StatusOK, "application/json; charset=utf-8", body) })
	r.GET("/healthz", func(c *gin.Context) { c.Status(http.StatusOK) })
	if err := http.ListenAndServe(*addr, r); err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		os.Exit(1)
	}
}

type options struct {
	bin        string
	cmpBin     string // a second hiregate measured beside the first (ratio only)
	conns      int
	ratioConns []int
	floodConns int
	d          time.Duration
	rounds     int
	port       int
	only       map[string]bool
	extra      []string // more hiregate flags
	pprof      bool     // the FULL server serves pprof on port+5
}

func bench(args []string) error {
	fs := flag.NewFlagSet("benchhttp", flag.ContinueOnError)
	var o options
	var only, extra, ratioConns string
	fs.StringVar(&o.bin, "bin", "", "hiregate binary")
	fs.StringVar(&o.cmpBin, "cmp-bin", "", "another hiregate binary (say, before a change) measured beside -bin in the ratio loads, on port+6")
	fs.IntVar(&o.conns, "c", 32, "connections of the POST and flood loads")
	fs.StringVar(&ratioConns, "ratio-c", "4,32", "connections of the ratio loads, comma separated")
	fs.IntVar(&o.floodConns, "flood-c", 8, "login flood connections")
	fs.DurationVar(&o.d, "d", 10*time.Second, "duration of each load (at most 60s); a ratio load is -d per target, in -rounds slices")
	fs.IntVar(&o.rounds, "rounds", 5, "slices of a ratio load: the targets take turns, so that a change in the machine's load hits them alike")
	fs.IntVar(&o.port, "port", 18950, "first of the loopback ports used (five, six with -pprof, seven with -cmp-bin)")
	fs.StringVar(&only, "only", "ratio,post,flood", "which measurements")
	fs.StringVar(&extra, "server-flags", "", "extra hiregate flags, space separated")
	fs.BoolVar(&o.pprof, "pprof", false, "the synchronous=FULL server (the one every measurement but NORMAL uses) serves net/http/pprof on 127.0.0.1:port+5")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.bin == "" {
		return fmt.Errorf("-bin is required")
	}
	if o.d <= 0 || o.d > time.Minute || o.conns < 1 || o.conns > 256 || o.rounds < 1 || o.rounds > 100 {
		return fmt.Errorf("-d must be in (0, 60s], -c in 1..256 and -rounds in 1..100")
	}
	for _, s := range strings.Split(ratioConns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 256 {
			return fmt.Errorf("-ratio-c: %q is not a number of connections in 1..256", s)
		}
		o.ratioConns = append(o.ratioConns, n)
	}
	o.only = map[string]bool{}
	for _, s := range strings.Split(only, ",") {
		o.only[strings.TrimSpace(s)] = true
	}
	o.extra = strings.Fields(extra)
	dir, err := os.MkdirTemp("", "hiregate-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	fmt.Printf("machine: %d CPUs (GOMAXPROCS %d), %s/%s, %s; loads of %s, loopback\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version(), o.d)

	fullFlags := append([]string{"--demo", "--sqlite-synchronous", "FULL"}, o.extra...)
	serverFlags := fullFlags
	if o.pprof {
		addr := fmt.Sprintf("127.0.0.1:%d", o.port+5)
		serverFlags = append(serverFlags[:len(serverFlags):len(serverFlags)], "--pprof-addr", addr)
		fmt.Printf("profiler: go tool pprof -top 'http://%s/debug/pprof/profile?seconds=5'\n", addr)
	}
	full, err := hgproc.Start(ctx, o.bin, filepath.Join(dir, "full"), o.port, serverFlags, nil)
	if err != nil {
		return err
	}
	defer full.Stop()
	cand, err := full.Login("candidate@example.com", hgproc.DemoPassword)
	if err != nil {
		return err
	}
	jobsURL := full.URL + "/jobs"

	if o.only["ratio"] {
		if err := ratio(ctx, o, dir, fullFlags, target{"hiregate", jobsURL, cand}); err != nil {
			return err
		}
	}

	if o.only["post"] {
		normal, err := hgproc.Start(ctx, o.bin, filepath.Join(dir, "normal"), o.port+1, append([]string{"--demo", "--sqlite-synchronous", "NORMAL"}, o.extra...), nil)
		if err != nil {
			return err
		}
		defer normal.Stop()
		fmt.Printf("\n== POST /jobs (recruiter, %d connections): synchronous=FULL vs NORMAL\n", o.conns)
		for _, s := range []*hgproc.Server{full, normal} {
			rec, err := s.Login("recruiter@example.com", hgproc.DemoPassword)
			if err != nil {
				return err
			}
			mk := loadgen.Post(s.URL+"/jobs", rec, "application/json", func(i int) []byte {
				return fmt.Appendf(nil, `{"title":"Bench job %d","description":"A job posted by the load generator.","location":"Remote","employment_type":"full_time","salary_min":50000,"salary_max":90000}`, i)
			})
			r := loadgen.Run(ctx, o.conns, o.d, loadgen.MaxRequests, mk)
			fmt.Printf("%-9s %s\n", s.Name, r)
		}
		normal.Stop()
	}

	if o.only["flood"] {
		cost := bcryptTime()
		fmt.Printf("\n== GET /jobs (%d connections) during a login flood (%d connections, bcrypt cost 12 = %s here)\n", o.conns, o.floodConns, loadgen.MS(cost))
		// Logins cut off when a load ends count against the account's
		// throttle (a guess whose answer was not awaited is still a
		// guess), so each load logs in as another demo account.
		loginAs := func(email string) loadgen.Request {
			form := url.Values{"username": {email}, "password": {hgproc.DemoPassword}}.Encode()
			return loadgen.Post(full.URL+"/auth/login", "", "application/x-www-form-urlencoded", func(int) []byte { return []byte(form) })
		}
		want := float64(runtime.NumCPU()) / cost.Seconds()
		onlyLogins := loadgen.Run(ctx, o.floodConns, o.d, loadgen.MaxRequests, loginAs("candidate2@example.com"))
		fmt.Println("logins alone  ", onlyLogins)
		okAlone := float64(onlyLogins.Statuses[http.StatusOK]) / onlyLogins.Elapsed.Seconds()
		fmt.Printf("successful logins alone %.2f/s = %.0f %% of cores/bcrypt %.2f/s (target >= 90 %%)\n", okAlone, 100*okAlone/want, want)
		alone := loadgen.Run(ctx, o.conns, o.d, loadgen.MaxRequests, loadgen.Get(jobsURL, cand))
		fmt.Println("GET alone     ", alone)
		done := make(chan loadgen.Result)
		go func() {
			done <- loadgen.Run(ctx, o.floodConns, o.d, loadgen.MaxRequests, loginAs("candidate3@example.com"))
		}()
		during := loadgen.Run(ctx, o.conns, o.d, loadgen.MaxRequests, loadgen.Get(jobsURL, cand))
		logins := <-done
		fmt.Println("GET in flood  ", during)
		fmt.Println("logins        ", logins)
		ok := float64(logins.Statuses[http.StatusOK]) / logins.Elapsed.Seconds()
		fmt.Printf("p99 ratio %.2fx (target <= 2x); successful logins during the GET load %.2f/s\n",
			float64(during.Pct(0.99))/float64(alone.Pct(0.99)), ok)
	}
	return nil
}

// target is one thing a ratio load measures.
type target struct {
	name, url, token string
}

// ratio measures GET /jobs on hiregate (and on -cmp-bin's) against a bare
// Gin route serving the very same bytes, at each of -ratio-c connections.
// The targets take turns in -rounds slices, each starting the turn in
// another order, so that the machine's changing load (other programs on
// the same cores) falls on all of them alike.
func ratio(ctx context.Context, o options, dir string, flags []string, hg target) error {
	body, err := hgproc.Fetch(hg.url, hg.token)
	if err != nil {
		return err
	}
	targets := []target{hg}
	if o.cmpBin != "" {
		cmp, err := hgproc.Start(ctx, o.cmpBin, filepath.Join(dir, "cmp"), o.port+6, flags, nil)
		if err != nil {
			return err
		}
		defer cmp.Stop()
		tok, err := cmp.Login("candidate@example.com", hgproc.DemoPassword)
		if err != nil {
			return err
		}
		if other, err := hgproc.Fetch(cmp.URL+"/jobs", tok); err != nil {
			return err
		} else if len(other) != len(body) {
			fmt.Printf("note: -cmp-bin's page is %d bytes, -bin's %d\n", len(other), len(body))
		}
		targets = append(targets, target{"cmp-bin", cmp.URL + "/jobs", tok})
	}
	file := filepath.Join(dir, "jobs.json")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	bareURL := fmt.Sprintf("http://127.0.0.1:%d", o.port+4)
	b := exec.Command(self, "bare", "-addr", strings.TrimPrefix(bareURL, "http://"), "-file", file)
	b.Stderr = os.Stderr
	if err := b.Start(); err != nil {
		return err
	}
	defer func() { _ = b.Process.Kill(); _ = b.Wait() }()
	if err := hgproc.WaitHealthy(bareURL); err != nil {
		return err
	}
	targets = append(targets, target{"bare gin", bareURL + "/jobs", ""})
	bare := len(targets) - 1

	slice := o.d / time.Duration(o.rounds)
	for _, conns := range o.ratioConns {
		fmt.Printf("\n== GET /jobs (candidate, %d bytes), %d connections: hiregate vs a bare Gin route with the same bytes, %d rounds of %s each\n",
			len(body), conns, o.rounds, slice)
		for _, t := range targets {
			warm(ctx, loadgen.Get(t.url, t.token))
		}
		parts := make([][]loadgen.Result, len(targets))
		for round := range o.rounds {
			for k := range targets {
				i := (k + round) % len(targets)
				parts[i] = append(parts[i], loadgen.Run(ctx, conns, slice, loadgen.MaxRequests, loadgen.Get(targets[i].url, targets[i].token)))
			}
		}
		merged := make([]loadgen.Result, len(targets))
		for i, t := range targets {
			merged[i] = loadgen.Merge(parts[i]...)
			fmt.Printf("%-9s %s\n", t.name, merged[i])
		}
		for i, t := range targets[:bare] {
			lo, hi := 1e9, 0.0
			for r := range o.rounds {
				x := parts[i][r].Rate() / parts[bare][r].Rate()
				lo, hi = min(lo, x), max(hi, x)
			}
			fmt.Printf("ratio     %s: %.1f %% of the bare route's req/s (rounds %.0f–%.0f %%); p99 %s, bare %s (target >= 50 %%)\n",
				t.name, 100*merged[i].Rate()/merged[bare].Rate(), 100*lo, 100*hi, loadgen.MS(merged[i].Pct(0.99)), loadgen.MS(merged[bare].Pct(0.99)))
		}
	}
	return nil
}

// warm runs a short load so that caches and connections are warm before a
// measured one.
func warm(ctx context.Context, mk loadgen.Request) {
	loadgen.Run(ctx, 4, 500*time.Millisecond, loadgen.MaxRequests, mk)
}

// bcryptTime is one cost-12 comparison on this machine, the best of three.
func bcryptTime() time.Duration {
	h, _ := bcrypt.GenerateFromPassword([]byte(hgproc.DemoPassword), 12)
	best := time.Hour
	for range 3 {
		t := time.Now()
		_ = bcrypt.CompareHashAndPassword(h, []byte(hgproc.DemoPassword))
		best = min(best, time.Since(t))
	}
	return best
}
