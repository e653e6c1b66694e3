package apidoc_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gin-gonic/gin"
	"github.com/hiregate/hiregate/server/apidoc"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestBrowserAuthorize drives the real Swagger UI in Debian's Chromium:
// Authorize with the password flow, POST /jobs as a recruiter (201), log
// out, authorize as a candidate, POST /jobs again (403).
//
// It runs only when HIREGATE_BROWSER_TEST=1 and /usr/bin/chromium exists
// (or HIREGATE_CHROMIUM names another binary). With HIREGATE_URL set it
// runs against that server, which must hold the demo users
// (go run ./server --demo); otherwise against a fake API in this process.
// The screenshot goes to HIREGATE_SCREENSHOT or a file in the temp dir.
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

	base := strings.TrimRight(os.Getenv("HIREGATE_URL"), "/")
	var fake *fakeAPI
	if base == "" {
		fake = newFakeAPI()
		srv := httptest.NewServer(fake.handler())
		t.Cleanup(srv.Close)
		base = srv.URL
	}

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
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
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

	const jobBody = `{"title": "Browser-tested engineer", "description": "Posted from Swagger UI by the browser test.", ` +
		`"location": "Remote", "employment_type": "contract", "salary_min": 50000, "salary_max": 70000}`

	// A failing run leaves a screenshot of where it stopped.
	t.Cleanup(func() {
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
	})

	start := time.Now()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/docs"),
		chromedp.WaitVisible(chromedp.CSS(`.auth-wrapper .authorize`)),
		chromedp.WaitVisible(chromedp.CSS(`#operations-jobs-createJob`)),
	); err != nil {
		t.Fatalf("open /docs: %v", err)
	}
	t.Logf("/docs rendered in %v", time.Since(start).Round(time.Millisecond))

	if err := chromedp.Do(ctx, authorize("recruiter@example.com", "demo-password")); err != nil {
		t.Fatalf("authorize as recruiter: %v", err)
	}
	status, body, err := executeCreateJob(ctx, jobBody, "201", true)
	if err != nil {
		t.Fatalf("POST /jobs as recruiter: %v", err)
	}
	t.Logf("recruiter: POST /jobs = %s (%v since start)", status, time.Since(start).Round(time.Millisecond))

	if err := chromedp.Do(ctx, logout(), authorize("candidate@example.com", "demo-password")); err != nil {
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

	if fake != nil {
		fake.check(t)
	}
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

// fakeAPI stands in for the server: the docs routes plus a token endpoint
// and POST /jobs with the contract's answers. It records what Swagger UI
// sends to the token endpoint.
type fakeAPI struct {
	mu     sync.Mutex
	logins []loginSeen
	tokens map[string]hiregate.Role
	jobs   []string
}

type loginSeen struct {
	contentType string
	fields      []string // form field names
	grantType   string
	username    string
	basicAuth   string // decoded Basic credentials, "" when none
	hasAuth     bool
}

func newFakeAPI() *fakeAPI { return &fakeAPI{tokens: map[string]hiregate.Role{}} }

func (f *fakeAPI) handler() http.Handler {
	gin.SetMode(gin.TestMode)
	r := gin.New()
	apidoc.Register(r)
	users := map[string]hiregate.Role{"recruiter@example.com": hiregate.RoleRecruiter, "candidate@example.com": hiregate.RoleCandidate}
	r.POST("/auth/login", func(c *gin.Context) {
		if err := c.Request.ParseForm(); err != nil {
			c.JSON(http.StatusBadRequest, hiregate.ErrorBody{Detail: "Malformed form", Error: hiregate.OAuthInvalidRequest})
			return
		}
		seen := loginSeen{
			contentType: c.ContentType(),
			grantType:   c.Request.PostForm.Get("grant_type"),
			username:    c.Request.PostForm.Get("username"),
		}
		for k := range c.Request.PostForm {
			seen.fields = append(seen.fields, k)
		}
		sort.Strings(seen.fields)
		if h := c.GetHeader("Authorization"); h != "" {
			seen.hasAuth = true
			if raw, ok := strings.CutPrefix(h, "Basic "); ok {
				b, _ := base64.StdEncoding.DecodeString(raw)
				seen.basicAuth = string(b)
			}
		}
		f.mu.Lock()
		f.logins = append(f.logins, seen)
		role, ok := users[seen.username]
		if !ok || c.Request.PostForm.Get("password") != "demo-password" {
			f.mu.Unlock()
			c.Header("WWW-Authenticate", "Bearer")
			c.JSON(http.StatusUnauthorized, hiregate.ErrorBody{Detail: hiregate.MsgInvalidCredentials, Error: hiregate.OAuthInvalidGrant})
			return
		}
		tok := fmt.Sprintf("token-%d", len(f.tokens))
		f.tokens[tok] = role
		f.mu.Unlock()
		c.Header("Cache-Control", "no-store")
		c.JSON(http.StatusOK, hiregate.TokenResponse{AccessToken: tok, TokenType: "bearer", ExpiresIn: 900, RefreshToken: "refresh-" + tok})
	})
	r.POST("/jobs", func(c *gin.Context) {
		tok, _ := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
		f.mu.Lock()
		role, ok := f.tokens[tok]
		f.mu.Unlock()
		switch {
		case !ok:
			c.Header("WWW-Authenticate", "Bearer")
			c.JSON(http.StatusUnauthorized, hiregate.ErrorBody{Detail: hiregate.MsgNotAuthenticated})
			return
		case role != hiregate.RoleRecruiter:
			c.JSON(http.StatusForbidden, hiregate.ErrorBody{Detail: hiregate.ErrAccessDenied(hiregate.RoleRecruiter, hiregate.RoleAdmin).Message})
			return
		}
		dec := json.NewDecoder(c.Request.Body)
		dec.DisallowUnknownFields()
		var req hiregate.CreateJobRequest
		if err := dec.Decode(&req); err != nil {
			c.JSON(http.StatusBadRequest, hiregate.ErrorBody{Detail: "Malformed JSON"})
			return
		}
		req.Normalize()
		if err := req.Validate(); err != nil {
			c.JSON(http.StatusUnprocessableEntity, hiregate.ErrorBody{Detail: "Validation failed", Fields: err.(*hiregate.Error).Fields})
			return
		}
		f.mu.Lock()
		f.jobs = append(f.jobs, req.Title)
		f.mu.Unlock()
		now := time.Now().UTC()
		c.Header("Location", "/jobs/j1")
		c.JSON(http.StatusCreated, hiregate.Job{
			ID: "j1", Title: req.Title, Description: req.Description, Location: req.Location,
			EmploymentType: req.EmploymentType, SalaryMin: req.SalaryMin, SalaryMax: req.SalaryMax,
			Status: hiregate.JobOpen, Recruiter: hiregate.UserRef{ID: "u1", FullName: "Rita Recruiter"},
			CreatedAt: now, UpdatedAt: now,
		})
	})
	return r
}

// check asserts what Swagger UI sent and logs it: the lead's token endpoint
// must accept exactly this.
func (f *fakeAPI) check(t *testing.T) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.logins) != 2 {
		t.Fatalf("token endpoint saw %d logins, want 2", len(f.logins))
	}
	for _, l := range f.logins {
		t.Logf("Swagger UI token request: Content-Type %q, form fields %v, grant_type %q, Authorization header %v (Basic %q)",
			l.contentType, l.fields, l.grantType, l.hasAuth, l.basicAuth)
		if l.contentType != "application/x-www-form-urlencoded" || l.grantType != hiregate.GrantPassword {
			t.Errorf("token request = %+v, want a password grant form", l)
		}
	}
	if len(f.jobs) != 1 || f.jobs[0] != "Browser-tested engineer" {
		t.Errorf("jobs created = %q, want the one the test typed", f.jobs)
	}
}
