package apidoc_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/seed"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestBrowserAuthorize drives the real Swagger UI in Debian's Chromium
// against the real server: Authorize with the password flow, POST /jobs as
// the demo recruiter (201), log out, authorize as the demo candidate, POST
// /jobs again (403).
//
// It runs only when HIREGATE_BROWSER_TEST=1 and /usr/bin/chromium exists
// (or HIREGATE_CHROMIUM names another binary). With HIREGATE_URL set it
// runs against that server, which must hold the demo users
// (go run ./server --demo); otherwise it starts the server in this process
// with demo data in a temp dir. Either way the browser talks to a recording
// proxy in front of the server, so the test can check what Swagger UI sends
// to the token endpoint. The screenshot goes to HIREGATE_SCREENSHOT or a
// file in the temp dir.
func TestBrowserAuthorize(t *testing.T) {
	if os.Getenv("HIREGATE_BROWSER_TEST") != "1" {
		t.Skip("set HIREGATE_BROWSER_TEST=1 to run the browser test")
	}
	chromium := os.Getenv("HIREGATE_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("no browser: %v (apt-get install -y chromium)", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	start := time.Now()
	target := strings.TrimRight(os.Getenv("HIREGATE_URL"), "/")
	if target == "" {
		target = startServer(ctx, t)
		t.Logf("server with demo data started in %v", time.Since(start).Round(time.Millisecond))
	}
	rec, err := newRecorder(target)
	if err != nil {
		t.Fatalf("HIREGATE_URL: %v", err)
	}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	base := srv.URL

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1600),
	}
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(ctx)
	defer cancelTab()

	// Start the browser, then watch the console from the first page on:
	// anything the page complains about (a CSP violation, a script error)
	// fails the test, since the point is that the page works under its CSP.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromium, err)
	}
	consoleCtx, stopConsole := context.WithCancel(ctx)
	messages := chromedp.Console(consoleCtx)
	var problems []string
	consoleDone := make(chan struct{})
	go func() {
		defer close(consoleDone)
		for m, err := range messages {
			if err != nil {
				return
			}
			if (m.Type == chromedp.ConsoleError || m.IsException()) && !expectedFailure(m.Text) {
				problems = append(problems, fmt.Sprintf("%s (%s %s)", m, m.Source, m.URL))
			}
		}
	}()

	const jobTitle = "Browser-tested engineer"
	const jobBody = `{"title": "` + jobTitle + `", "description": "Posted from Swagger UI by the browser test.", ` +
		`"location": "Remote", "employment_type": "contract", "salary_min": 50000, "salary_max": 70000}`

	// A failing run leaves a screenshot of where it stopped. A defer, not
	// t.Cleanup, because cleanups run after the deferred cancels have
	// closed the browser.
	defer func() {
		if !t.Failed() {
			return
		}
		shotCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if shot, err := chromedp.Run(shotCtx, chromedp.FullScreenshot(100)); err == nil {
			p := filepath.Join(os.TempDir(), fmt.Sprintf("hiregate-docs-failed-%d.png", time.Now().UnixNano()))
			if os.WriteFile(p, shot, 0o644) == nil {
				t.Logf("failure screenshot: %s", p)
			}
		}
	}()

	start = time.Now()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/docs"),
		chromedp.WaitVisible(chromedp.CSS(`.auth-wrapper .authorize`)),
		chromedp.WaitVisible(chromedp.CSS(`#operations-jobs-createJob`)),
	); err != nil {
		t.Fatalf("open /docs: %v", err)
	}
	t.Logf("/docs rendered in %v", time.Since(start).Round(time.Millisecond))

	if err := chromedp.Do(ctx, authorize(seed.RecruiterEmail, seed.DemoPassword)); err != nil {
		t.Fatalf("authorize as recruiter: %v", err)
	}
	status, body, err := executeCreateJob(ctx, jobBody, "201", true)
	if err != nil {
		t.Fatalf("POST /jobs as recruiter: %v", err)
	}
	if !strings.Contains(body, jobTitle) {
		t.Errorf("POST /jobs as recruiter = %s %s, want the created job", status, body)
	}
	t.Logf("recruiter: POST /jobs = %s (%v since start)", status, time.Since(start).Round(time.Millisecond))

	if err := chromedp.Do(ctx, logout(), authorize(seed.CandidateEmail, seed.DemoPassword)); err != nil {
		t.Fatalf("switch to candidate: %v", err)
	}
	status, body, err = executeCreateJob(ctx, jobBody, "403", false)
	if err != nil {
		t.Fatalf("POST /jobs as candidate: %v", err)
	}
	if !strings.Contains(body, "Access denied") {
		t.Errorf("POST /jobs as candidate = %s %s, want 403 Access denied", status, body)
	}
	t.Logf("candidate: POST /jobs = %s %s (%v since start)", status, strings.Join(strings.Fields(body), " "), time.Since(start).Round(time.Millisecond))

	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := os.Getenv("HIREGATE_SCREENSHOT")
	if path == "" {
		path = filepath.Join(os.TempDir(), fmt.Sprintf("hiregate-docs-%d.png", time.Now().UnixNano()))
	}
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatalf("write screenshot: %v", err)
	}
	t.Logf("screenshot: %s", path)

	stopConsole()
	<-consoleDone
	for _, p := range problems {
		t.Errorf("page problem: %s", p)
	}

	rec.check(t)
}

// startServer starts the real server with demo data in a temp dir and
// returns its URL; the server stops when the test ends. Its warnings and
// errors go to the test log.
func startServer(ctx context.Context, t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	// The server warns about a data dir other users can read; the temp
	// dir is created 0755.
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := app.TestConfig(dir)
	cfg.Demo = true
	logger := slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.Open(ctx, cfg, logger)
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	t.Cleanup(func() {
		if err := a.Close(); err != nil {
			t.Errorf("stop server: %v", err)
		}
	})
	return a.URL()
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// expectedFailure is the browser's log line for the 403 the test asks for.
func expectedFailure(text string) bool {
	return strings.Contains(text, "status of 403")
}

func authorize(user, password string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Click(chromedp.CSS(`.auth-wrapper .authorize`)),
		chromedp.WaitVisible(chromedp.CSS(`#oauth_username`)),
		chromedp.SendKeys(chromedp.CSS(`#oauth_username`), user),
		chromedp.SendKeys(chromedp.CSS(`#oauth_password`), password),
		chromedp.Click(chromedp.CSS(`button[aria-label="Apply given OAuth2 credentials"]`)),
		// Swagger UI swaps the button for Logout once the token came back.
		chromedp.WaitVisible(chromedp.CSS(`button[aria-label="Remove authorization"]`)),
		chromedp.Click(chromedp.CSS(`.modal-ux .btn-done`)),
		chromedp.WaitNotPresent(chromedp.CSS(`.modal-ux`)),
	)
}

func logout() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Click(chromedp.CSS(`.auth-wrapper .authorize`)),
		chromedp.WaitVisible(chromedp.CSS(`button[aria-label="Remove authorization"]`)),
		chromedp.Click(chromedp.CSS(`button[aria-label="Remove authorization"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#oauth_username`)),
		chromedp.Click(chromedp.CSS(`.modal-ux .btn-done`)),
		chromedp.WaitNotPresent(chromedp.CSS(`.modal-ux`)),
	)
}

// executeCreateJob runs POST /jobs from its operation block and waits for
// the live response's status to be want; it returns the status and the
// response body. The first call opens the block, turns on Try it out and
// types body.
func executeCreateJob(ctx context.Context, body, want string, first bool) (status, respBody string, err error) {
	const op = `#operations-jobs-createJob`
	var steps []chromedp.Action[chromedp.Void]
	if first {
		steps = append(steps,
			chromedp.Click(chromedp.CSS(op+` .opblock-summary`)),
			chromedp.WaitVisible(chromedp.CSS(op+` .try-out__btn`)),
			chromedp.Click(chromedp.CSS(op+` .try-out__btn`)),
			chromedp.WaitVisible(chromedp.CSS(op+` textarea.body-param__text`)),
			pasteInto(op+` textarea.body-param__text`, body),
		)
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(op+` button.btn.execute`)))
	if err := chromedp.Do(ctx, steps...); err != nil {
		return "", "", err
	}
	// Swagger UI replaces the live response in place, so wait for the
	// status the step expects rather than for the element.
	status, err = chromedp.Run(ctx, chromedp.PollFunction[string](`(want) => {
		const el = document.querySelector("`+op+` .live-responses-table .response .response-col_status");
		const got = el && el.textContent.trim();
		return got === want ? got : null;
	}`, chromedp.WithPollingArgs(want), chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		last, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("`+op+` .live-responses-table .response .response-col_status") || {textContent: "none"}).textContent`))
		return "", "", fmt.Errorf("waiting for status %s (last %q): %w", want, strings.TrimSpace(last), err)
	}
	respBody, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(op+` .live-responses-table .response-col_description pre`)))
	return status, respBody, err
}

// pasteInto replaces the value of a React-controlled textarea the way a
// paste does: through the native value setter and an input event, which
// React's onChange sees. Typing it with SendKeys works too but re-renders
// Swagger UI once per key, which takes half a minute.
func pasteInto(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		js := fmt.Sprintf(`(() => {
			const ta = document.querySelector(%q);
			if (!ta) return false;
			const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;
			set.call(ta, %q);
			ta.dispatchEvent(new Event("input", {bubbles: true}));
			return true;
		})()`, sel, text)
		ok, err := chromedp.Evaluate[bool](js)(ctx, t)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("no %s to paste into", sel)
		}
		return nil
	})
}

// recorder is a reverse proxy in front of the server under test. It
// records what Swagger UI sends to the token endpoint and the statuses of
// POST /jobs, without changing either.
type recorder struct {
	proxy *httputil.ReverseProxy

	mu     sync.Mutex
	logins []loginSeen
	jobs   []int // statuses of POST /jobs
}

type loginSeen struct {
	contentType string
	fields      []string // form field names
	grantType   string
	username    string
	clientID    string // from Basic credentials, "" when none
	hasAuth     bool
	status      int
}

func newRecorder(target string) (*recorder, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) base URL", target)
	}
	return &recorder{proxy: &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(u) }}}, nil
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/auth/login":
		seen, err := readLogin(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		rc.proxy.ServeHTTP(sw, r)
		seen.status = sw.status
		rc.mu.Lock()
		rc.logins = append(rc.logins, seen)
		rc.mu.Unlock()
	case r.Method == http.MethodPost && r.URL.Path == "/jobs":
		rc.proxy.ServeHTTP(sw, r)
		rc.mu.Lock()
		rc.jobs = append(rc.jobs, sw.status)
		rc.mu.Unlock()
	default:
		rc.proxy.ServeHTTP(w, r)
	}
}

// readLogin notes the shape of a token request and puts its body back for
// the server. The password is never kept.
func readLogin(r *http.Request) (loginSeen, error) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		return loginSeen{}, fmt.Errorf("read token request: %w", err)
	}
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(raw))
	form, err := url.ParseQuery(string(raw))
	if err != nil {
		return loginSeen{}, fmt.Errorf("token request body is not a form: %w", err)
	}
	seen := loginSeen{
		contentType: r.Header.Get("Content-Type"),
		grantType:   form.Get("grant_type"),
		username:    form.Get("username"),
	}
	for k := range form {
		seen.fields = append(seen.fields, k)
	}
	slices.Sort(seen.fields)
	if h := r.Header.Get("Authorization"); h != "" {
		seen.hasAuth = true
		if enc, ok := strings.CutPrefix(h, "Basic "); ok {
			b, _ := base64.StdEncoding.DecodeString(enc)
			seen.clientID, _, _ = strings.Cut(string(b), ":")
		}
	}
	return seen, nil
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// check asserts what went through the proxy and logs the token requests:
// two successful password-grant logins, as a form, for the two demo users,
// and one POST /jobs of each outcome.
func (rc *recorder) check(t *testing.T) {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	wantUsers := []string{seed.RecruiterEmail, seed.CandidateEmail}
	if len(rc.logins) != len(wantUsers) {
		t.Fatalf("token endpoint saw %d logins, want %d", len(rc.logins), len(wantUsers))
	}
	for i, l := range rc.logins {
		t.Logf("Swagger UI token request: Content-Type %q, form fields %v, grant_type %q, Authorization header %v (client id %q) -> %d",
			l.contentType, l.fields, l.grantType, l.hasAuth, l.clientID, l.status)
		ct, _, _ := strings.Cut(l.contentType, ";")
		if ct != "application/x-www-form-urlencoded" || l.grantType != hiregate.GrantPassword {
			t.Errorf("token request %d = %+v, want a password grant form", i, l)
		}
		if l.username != wantUsers[i] || l.status != http.StatusOK {
			t.Errorf("token request %d: username %q -> %d, want %q -> 200", i, l.username, l.status, wantUsers[i])
		}
	}
	if want := []int{http.StatusCreated, http.StatusForbidden}; !slices.Equal(rc.jobs, want) {
		t.Errorf("POST /jobs statuses = %v, want %v", rc.jobs, want)
	}
}
