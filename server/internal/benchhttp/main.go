// Command benchhttp measures hiregate over loopback HTTP, side by side with
// a bare Gin route returning the same bytes, in one run: the protected job
// board against that floor, POST /jobs with synchronous=FULL and NORMAL,
// and the job board during a login flood. scripts/bench-http.sh builds
// hiregate and runs it (make bench-http); docs/PERFORMANCE.md has figures.
//
// It only ever talks to 127.0.0.1, runs each load for a bounded time and
// caps the requests it records.
//
//	benchhttp -bin ./hiregate [-c 32] [-d 10s] [-only ratio,post,flood] [-pprof]
//	benchhttp bare -addr 127.0.0.1:P -file body.json   (the floor server)
//	benchhttp scale -bin ./hiregate -data DIR          (100k-job figures)
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/internal/loadgen"
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
	conns      int
	floodConns int
	d          time.Duration
	port       int
	only       map[string]bool
	extra      []string // more hiregate flags
	pprof      bool     // the FULL server serves pprof on port+5
}

func bench(args []string) error {
	fs := flag.NewFlagSet("benchhttp", flag.ContinueOnError)
	var o options
	var only, extra string
	fs.StringVar(&o.bin, "bin", "", "hiregate binary")
	fs.IntVar(&o.conns, "c", 32, "connections")
	fs.IntVar(&o.floodConns, "flood-c", 8, "login flood connections")
	fs.DurationVar(&o.d, "d", 10*time.Second, "duration of each load (at most 60s)")
	fs.IntVar(&o.port, "port", 18950, "first of the loopback ports used (five, six with -pprof)")
	fs.StringVar(&only, "only", "ratio,post,flood", "which measurements")
	fs.StringVar(&extra, "server-flags", "", "extra hiregate flags, space separated")
	fs.BoolVar(&o.pprof, "pprof", false, "the synchronous=FULL server (the one every measurement but NORMAL uses) serves net/http/pprof on 127.0.0.1:port+5")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.bin == "" {
		return fmt.Errorf("-bin is required")
	}
	if o.d <= 0 || o.d > time.Minute || o.conns < 1 || o.conns > 256 {
		return fmt.Errorf("-d must be in (0, 60s] and -c in 1..256")
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

	fmt.Printf("machine: %d CPUs (GOMAXPROCS %d), %s/%s, %s; load: %d connections, %s each, loopback\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version(), o.conns, o.d)

	fullFlags := append([]string{"--sqlite-synchronous", "FULL"}, o.extra...)
	if o.pprof {
		addr := fmt.Sprintf("127.0.0.1:%d", o.port+5)
		fullFlags = append(fullFlags, "--pprof-addr", addr)
		fmt.Printf("profiler: go tool pprof -top 'http://%s/debug/pprof/profile?seconds=5'\n", addr)
	}
	full, err := startServer(ctx, o.bin, filepath.Join(dir, "full"), o.port, fullFlags)
	if err != nil {
		return err
	}
	defer full.stop()
	cand, err := full.login("candidate@example.com")
	if err != nil {
		return err
	}
	jobsURL := full.url + "/jobs"

	if o.only["ratio"] {
		body, err := fetch(jobsURL, cand)
		if err != nil {
			return err
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
		if err := waitHealthy(bareURL); err != nil {
			return err
		}
		fmt.Printf("\n== GET /jobs (candidate, %d bytes): hiregate vs a bare Gin route with the same bytes\n", len(body))
		warm(ctx, loadgen.Get(jobsURL, cand))
		warm(ctx, loadgen.Get(bareURL+"/jobs", ""))
		h := loadgen.Run(ctx, o.conns, o.d, loadgen.MaxRequests, loadgen.Get(jobsURL, cand))
		fmt.Println("hiregate ", h)
		f := loadgen.Run(ctx, o.conns, o.d, loadgen.MaxRequests, loadgen.Get(bareURL+"/jobs", ""))
		fmt.Println("bare gin ", f)
		fmt.Printf("ratio     %.1f %% of the bare route's req/s; p99 %s (target >= 50 %%, p99 < 10ms)\n", 100*h.Rate()/f.Rate(), loadgen.MS(h.Pct(0.99)))
	}

	if o.only["post"] {
		normal, err := startServer(ctx, o.bin, filepath.Join(dir, "normal"), o.port+1, append([]string{"--sqlite-synchronous", "NORMAL"}, o.extra...))
		if err != nil {
			return err
		}
		defer normal.stop()
		fmt.Printf("\n== POST /jobs (recruiter): synchronous=FULL vs NORMAL\n")
		for _, s := range []*server{full, normal} {
			rec, err := s.login("recruiter@example.com")
			if err != nil {
				return err
			}
			mk := loadgen.Post(s.url+"/jobs", rec, "application/json", func(i int) []byte {
				return fmt.Appendf(nil, `{"title":"Bench job %d","description":"A job posted by the load generator.","location":"Remote","employment_type":"full_time","salary_min":50000,"salary_max":90000}`, i)
			})
			r := loadgen.Run(ctx, o.conns, o.d, loadgen.MaxRequests, mk)
			fmt.Printf("%-9s %s\n", s.name, r)
		}
		normal.stop()
	}

	if o.only["flood"] {
		cost := bcryptTime()
		fmt.Printf("\n== GET /jobs during a login flood (%d connections, bcrypt cost 12 = %s here)\n", o.floodConns, loadgen.MS(cost))
		// Logins cut off when a load ends count against the account's
		// throttle (a guess whose answer was not awaited is still a
		// guess), so each load logs in as another demo account.
		loginAs := func(email string) loadgen.Request {
			form := url.Values{"username": {email}, "password": {"demo-password"}}.Encode()
			return loadgen.Post(full.url+"/auth/login", "", "application/x-www-form-urlencoded", func(int) []byte { return []byte(form) })
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

// warm runs a short load so that caches and connections are warm before a
// measured one.
func warm(ctx context.Context, mk loadgen.Request) {
	loadgen.Run(ctx, 4, 500*time.Millisecond, loadgen.MaxRequests, mk)
}

// bcryptTime is one cost-12 comparison on this machine, the best of three.
func bcryptTime() time.Duration {
	h, _ := bcrypt.GenerateFromPassword([]byte("demo-password"), 12)
	best := time.Hour
	for range 3 {
		t := time.Now()
		_ = bcrypt.CompareHashAndPassword(h, []byte("demo-password"))
		best = min(best, time.Since(t))
	}
	return best
}

type server struct {
	name string
	url  string
	cmd  *exec.Cmd
	log  *os.File
}

// startServer runs hiregate with demo data in dir on port and waits for it.
func startServer(ctx context.Context, bin, dir string, port int, flags []string) (*server, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	args := append([]string{"--addr", addr, "--data", dir, "--demo"}, flags...)
	cmd := exec.CommandContext(ctx, bin, args...)
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, err
	}
	// The access log goes to a file, as it would in production.
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{name: filepath.Base(dir), url: "http://" + addr, cmd: cmd, log: logf}
	if err := waitHealthy(s.url); err != nil {
		s.stop()
		return nil, fmt.Errorf("%s: %w (log in %s)", bin, err, logf.Name())
	}
	return s, nil
}

func (s *server) stop() {
	if s.cmd.ProcessState == nil {
		_ = s.cmd.Process.Signal(os.Interrupt)
		_ = s.cmd.Wait()
	}
	s.log.Close()
}

func waitHealthy(base string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s did not become healthy", base)
}

// login returns an access token of a demo account.
func (s *server) login(email string) (string, error) {
	resp, err := http.PostForm(s.url+"/auth/login", url.Values{"username": {email}, "password": {"demo-password"}})
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil || tr.AccessToken == "" {
		return "", fmt.Errorf("login %s: status %d %v", email, resp.StatusCode, err)
	}
	return tr.AccessToken, nil
}

func fetch(u, token string) ([]byte, error) {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	return b, err
}
