// Package testserver runs the real hiregate server in-process for the
// terminal client's tests: a temporary SQLite file, bcrypt at its minimum
// cost, a clock that starts at Epoch, and users of every role. Data is
// seeded through the HTTP API, so a screen test cannot pass on behaviour
// the server lacks: there is no second implementation of the rules.
package testserver

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/mail"
	"github.com/hiregate/hiregate/server/mail/smtptest"
	"github.com/hiregate/hiregate/server/totp"
	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/testclock"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// Password is every seeded user's password.
const Password = "demo-password"

// UserAgent is what the client under test calls itself.
const UserAgent = "hiregate-tui/1"

// The seeded users.
const (
	Admin      = "admin@example.com"
	Recruiter  = "recruiter@example.com"
	Recruiter2 = "marcus@example.com"
	Candidate  = "candidate@example.com"
	Candidate2 = "grace@example.com"
)

// Epoch is when the server's clock starts.
var Epoch = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// Tick is how far the clock moves each time the server reads it: rows get
// distinct times, so lists come in the order they were written, and a test
// of any length still reads 09:30 on a minute-wide display.
const Tick = time.Millisecond

// Server is a running server and the users seeded into it, as one test
// sees it: its failures are that test's (see For).
type Server struct {
	t testing.TB
	*state
}

// state is the server and what was seeded, shared by every test that
// uses one server.
type state struct {
	app *app.App
	req *counter
	clk *testclock.Clock
	// smtp receives the server's mail (WithMail); read counts the mails
	// MailedCode has read.
	smtp *smtptest.Server
	read int

	mu    sync.Mutex
	users map[string]*hiregate.User
	names map[string]string         // seeded id -> what Scrub shows instead
	seed  map[string]*client.Client // signed-in clients used for seeding
}

// New starts a server with one admin, one recruiter and one candidate.
// Options adjust the server's configuration (e.g. RequireMFA).
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	return start(t, nil, opts)
}

// WithMail is New with mail on: the server sends through an SMTP server of
// the test's own, whose mails MailedCode reads.
func WithMail(t testing.TB, opts ...Option) *Server {
	t.Helper()
	return start(t, smtptest.Start(t, smtptest.Options{}), opts)
}

func start(t testing.TB, smtp *smtptest.Server, opts []Option) *Server {
	t.Helper()
	s := &Server{t: t, state: &state{clk: testclock.New(Epoch), users: map[string]*hiregate.User{}, names: map[string]string{},
		seed: map[string]*client.Client{}, req: &counter{n: map[string]int{}}, smtp: smtp}}
	cfg := app.TestConfig(t.TempDir())
	for _, o := range opts {
		o(&cfg)
	}
	// The client under test may claim an address (see LoginFrom); loopback
	// is the only proxy there is.
	cfg.TrustedProxies = []string{"127.0.0.1"}
	appOpts := []app.Option{app.WithClock(s.clock)}
	if smtp != nil {
		var err error
		if cfg.SMTPURL, err = config.ParseSMTPURL(smtp.URL()); err != nil {
			t.Fatal(err)
		}
		cfg.MailFrom = "hiregate <jobs@example.com>"
		appOpts = append(appOpts, app.WithMail(func(c *mail.Config) { c.IdleInterval = 10 * time.Millisecond }))
	}
	a, err := app.Open(context.Background(), cfg, nil, appOpts...)
	if err != nil {
		t.Fatalf("app.Open: %v", err)
	}
	s.app = a
	t.Cleanup(func() {
		if err := a.Close(); err != nil {
			t.Errorf("close server: %v", err)
		}
	})
	s.AddUser(Admin, "Avery Admin", hiregate.RoleAdmin)
	s.AddUser(Recruiter, "Dana Whitfield", hiregate.RoleRecruiter)
	s.AddUser(Candidate, "Priya Raman", hiregate.RoleCandidate)
	return s
}

// Demo starts a server with a few users, jobs and applications in several
// stages: Dana Whitfield's three jobs (Senior Go Engineer, Site
// Reliability Engineer, Technical Writer); Priya Raman applied to the
// first (applied) and the second (screening), Grace Liu to the first
// (interview). The seeding sessions are signed out at the end.
func Demo(t testing.TB) *Server {
	t.Helper()
	return demo(New(t))
}

// DemoWithMail is Demo with mail on (WithMail).
func DemoWithMail(t testing.TB) *Server {
	t.Helper()
	return demo(WithMail(t))
}

func demo(s *Server) *Server {
	s.t.Helper()
	s.AddUser(Candidate2, "Grace Liu", hiregate.RoleCandidate)
	s.AddUser(Recruiter2, "Marcus Okafor", hiregate.RoleRecruiter)
	goJob := s.AddJob(Recruiter, "Senior Go Engineer", "Remote (EU)")
	sre := s.AddJob(Recruiter, "Site Reliability Engineer", "Berlin, Germany")
	s.AddJob(Recruiter, "Technical Writer", "Remote")
	s.Apply(Candidate, goJob)
	s.Move(Recruiter, s.Apply(Candidate2, goJob).ID, hiregate.StageScreening, hiregate.StageInterview)
	s.Move(Recruiter, s.Apply(Candidate, sre).ID, hiregate.StageScreening)
	s.SignOutSeeders()
	return s
}

// For is the same server as seen from t, a subtest of the test that
// started it: t's failures are reported to t and its screens end with t.
// Subtests that share a server share its data, its clock and its request
// counts, so each must leave alone what the others read.
func (s *Server) For(t testing.TB) *Server { return &Server{t: t, state: s.state} }

// Option adjusts the server's configuration.
type Option func(*config.Config)

// RequireMFA is the server's --require-mfa: users of these roles reach
// nothing but enrolment until they have a second factor.
func RequireMFA(roles ...hiregate.Role) Option {
	return func(c *config.Config) { c.RequireMFA = roles }
}

var mailedCode = regexp.MustCompile(`\b[0-9A-Z]{4}-[0-9A-Z]{4}\b`)

// MailedCode waits for the next mail the server sends (WithMail), checks
// that it went to email, and returns the one-time code in it.
func (s *Server) MailedCode(email string) string {
	s.t.Helper()
	s.mu.Lock()
	n := s.read
	s.read++
	s.mu.Unlock()
	m := s.smtp.Wait(s.t, n+1)[n]
	if !slices.Contains(m.To, email) {
		s.t.Fatalf("testserver: mail %d went to %v, want %s", n+1, m.To, email)
	}
	code := mailedCode.FindString(m.Text())
	if code == "" {
		s.t.Fatalf("testserver: no code in the mail to %s: %q", email, m.Text())
	}
	return code
}

// Advance moves the server's clock, as time passing would: to the next
// TOTP step, past an mfa_token's life.
func (s *Server) Advance(d time.Duration) { s.clk.Advance(d) }

// Code is the code an authenticator app enrolled with secret shows now,
// on the server's clock.
func (s *Server) Code(secret string) string {
	s.t.Helper()
	c, err := totp.Code(secret, s.clk.Now())
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// EnableMFA enrols an authenticator app for email through the API and
// returns its secret and recovery codes. The clock moves to the next TOTP
// step, since the confirming code cannot be used again.
func (s *Server) EnableMFA(email string) (secret string, recovery []string) {
	s.t.Helper()
	c := s.As(email)
	en, err := c.StartTOTP(context.Background())
	if err != nil {
		s.t.Fatalf("testserver: enrol %s: %v", email, err)
	}
	rc, err := c.ConfirmTOTP(context.Background(), s.Code(en.Secret))
	if err != nil {
		s.t.Fatalf("testserver: confirm %s: %v", email, err)
	}
	s.Advance(hiregate.TOTPPeriod)
	return en.Secret, rc.RecoveryCodes
}

func (s *Server) clock() time.Time { return s.clk.Advance(Tick) }

// Events is the server's live-event broker.
func (s *Server) Events() *events.Broker { return s.app.Events() }

// URL is the server's base URL.
func (s *Server) URL() string { return s.app.URL() }

// User returns the seeded user with email; the test fails when there is
// none.
func (s *Server) User(email string) *hiregate.User {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[email]
	if u == nil {
		s.t.Fatalf("testserver: no user %s", email)
	}
	c := *u
	return &c
}

// Lookup returns the user with email as the server holds it now, nil
// when there is none.
func (s *Server) Lookup(email string) *hiregate.User {
	s.t.Helper()
	l, err := s.As(Admin).ListUsers(context.Background(), hiregate.UserFilter{Q: email, Limit: hiregate.MaxPageLimit})
	return find(s, "user "+email, l, err, func(u *hiregate.User) bool { return u.Email == email })
}

// find returns the first item of l, the answer of a list call that
// returned err, that ok accepts; nil when there is none. A failed call
// fails the test.
func find[T any](s *Server, what string, l *hiregate.List[T], err error, ok func(*T) bool) *T {
	s.t.Helper()
	if err != nil {
		s.t.Fatalf("testserver: find %s: %v", what, err)
	}
	for i := range l.Items {
		if ok(&l.Items[i]) {
			return &l.Items[i]
		}
	}
	return nil
}

// NewClient returns a client of the server that is signed in as nobody.
// Its requests are counted (see Requests).
func (s *Server) NewClient(opts ...client.Option) *client.Client {
	s.t.Helper()
	hc := &http.Client{Transport: &counting{next: http.DefaultTransport, c: s.req}, Timeout: client.DefaultTimeout}
	c, err := client.New(s.URL(), append([]client.Option{client.WithHTTPClient(hc), client.WithUserAgent(UserAgent)}, opts...)...)
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// Login returns a new client signed in as email with Password.
func (s *Server) Login(email string, opts ...client.Option) *client.Client {
	s.t.Helper()
	c := s.NewClient(opts...)
	if _, err := c.Login(context.Background(), email, Password); err != nil {
		s.t.Fatalf("testserver: login %s: %v", email, err)
	}
	return c
}

// ClientFrom is NewClient for a client that says it is userAgent at ip,
// as a user's other device would.
func (s *Server) ClientFrom(ip, userAgent string) *client.Client {
	s.t.Helper()
	hc := &http.Client{Transport: forwarded{next: http.DefaultTransport, ip: ip}, Timeout: client.DefaultTimeout}
	c, err := client.New(s.URL(), client.WithHTTPClient(hc), client.WithUserAgent(userAgent))
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// LoginFrom is Login from ClientFrom(ip, userAgent).
func (s *Server) LoginFrom(email, ip, userAgent string) *client.Client {
	s.t.Helper()
	c := s.ClientFrom(ip, userAgent)
	if _, err := c.Login(context.Background(), email, Password); err != nil {
		s.t.Fatalf("testserver: login %s from %s: %v", email, ip, err)
	}
	return c
}

// As returns a signed-in client of email for seeding and for checking
// what the server holds; it signs in once and is reused.
func (s *Server) As(email string) *client.Client {
	s.t.Helper()
	s.mu.Lock()
	c := s.seed[email]
	s.mu.Unlock()
	if c != nil {
		return c
	}
	// Not counted: Requests is about the client under test.
	c, err := client.New(s.URL(), client.WithUserAgent("hiregate-testserver"))
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), email, Password); err != nil {
		s.t.Fatalf("testserver: login %s: %v", email, err)
	}
	s.mu.Lock()
	s.seed[email] = c
	s.mu.Unlock()
	return c
}

// SignOutSeeders ends the sessions As opened, so a user's session list
// holds only what a test opens.
func (s *Server) SignOutSeeders() {
	s.t.Helper()
	s.mu.Lock()
	seed := s.seed
	s.seed = map[string]*client.Client{}
	s.mu.Unlock()
	for email, c := range seed {
		if err := c.Logout(context.Background()); err != nil {
			s.t.Fatalf("testserver: log out %s: %v", email, err)
		}
	}
}

// AddUser creates an active user with Password. It goes through the
// server's auth service rather than the admin API: the first admin cannot
// be made otherwise, and no seeding login ends up in the audit log or a
// session list a test looks at.
func (s *Server) AddUser(email, name string, role hiregate.Role) *hiregate.User {
	s.t.Helper()
	u, err := s.app.Auth().CreateUser(context.Background(), hiregate.CreateUserRequest{Email: email, Password: Password, FullName: name, Role: role})
	if err != nil {
		s.t.Fatalf("testserver: create %s: %v", email, err)
	}
	s.mu.Lock()
	s.users[email] = u
	s.mu.Unlock()
	s.name(u.ID, "user "+email)
	return u
}

// AddJob posts an open full-time job as recruiter.
func (s *Server) AddJob(recruiter, title, location string) *hiregate.Job {
	s.t.Helper()
	lo, hi := int64(50000), int64(70000)
	j, err := s.As(recruiter).CreateJob(context.Background(), hiregate.CreateJobRequest{
		Title: title, Location: location, EmploymentType: hiregate.FullTime,
		Description: "About the role: " + title + ".\n\nWhat we look for: care and curiosity.",
		SalaryMin:   &lo, SalaryMax: &hi,
	})
	if err != nil {
		s.t.Fatalf("testserver: post %q: %v", title, err)
	}
	s.name(j.ID, "job "+title)
	return j
}

// Apply applies to job as candidate.
func (s *Server) Apply(candidate string, job *hiregate.Job) *hiregate.Application {
	s.t.Helper()
	u := s.User(candidate)
	a, err := s.As(candidate).Apply(context.Background(), job.ID, hiregate.CreateApplicationRequest{
		CoverLetter: "Dear hiring team, I would love to work on " + job.Title + ".",
		ResumeText:  u.FullName + "\n\nExperience\n- 2019–today: engineer",
	})
	if err != nil {
		s.t.Fatalf("testserver: %s applies to %q: %v", candidate, job.Title, err)
	}
	s.name(a.ID, "application "+u.FullName+"/"+job.Title)
	return a
}

// Move moves application id through stages, one after the other, as who.
func (s *Server) Move(who, id string, stages ...hiregate.Stage) *hiregate.Application {
	s.t.Helper()
	var a *hiregate.Application
	for _, st := range stages {
		var err error
		if a, err = s.As(who).MoveApplication(context.Background(), id, st); err != nil {
			s.t.Fatalf("testserver: move %s to %s: %v", id, st, err)
		}
	}
	return a
}

// JobID returns the id of the job titled title.
func (s *Server) JobID(title string) string {
	s.t.Helper()
	return s.Job(title).ID
}

// Job returns the job titled title, as the admin sees it.
func (s *Server) Job(title string) *hiregate.Job {
	s.t.Helper()
	l, err := s.As(Admin).ListJobs(context.Background(), hiregate.JobFilter{Q: title, Limit: hiregate.MaxPageLimit})
	j := find(s, "job "+title, l, err, func(j *hiregate.Job) bool { return j.Title == title })
	if j == nil {
		s.t.Fatalf("testserver: no job titled %q", title)
	}
	return j
}

// ApplicationID returns the id of candidate's application to the job
// titled title.
func (s *Server) ApplicationID(candidate, title string) string {
	s.t.Helper()
	l, err := s.As(Admin).JobApplications(context.Background(), s.JobID(title), hiregate.ApplicationFilter{Limit: hiregate.MaxPageLimit})
	a := find(s, "applications to "+title, l, err, func(a *hiregate.Application) bool { return a.Candidate.Email == candidate })
	if a == nil {
		s.t.Fatalf("testserver: %s has not applied to %q", candidate, title)
	}
	return a.ID
}

func (s *Server) name(id, label string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.names[id] = label
}

// Scrub replaces the ids of the seeded users, jobs and applications in v, which
// the server draws at random, with what they name, such as "{job Technical
// Writer}", so a view that shows one can be a golden file.
func (s *Server) Scrub(v string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, label := range s.names {
		v = strings.ReplaceAll(v, id, "{"+label+"}")
	}
	return v
}

// Expand is the inverse of Scrub: it replaces each "{job Technical
// Writer}" in every one of texts with the id it names, for a test that
// waits for an id on the screen.
func (s *Server) Expand(texts ...string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(texts))
	for i, v := range texts {
		for id, label := range s.names {
			v = strings.ReplaceAll(v, "{"+label+"}", id)
		}
		out[i] = v
	}
	return out
}

// Requests counts the requests clients from NewClient and Login (not As)
// sent with
// method to path (below the base URL, without the query), such as
// Requests("GET", "/jobs").
func (s *Server) Requests(method, path string) int {
	s.req.mu.Lock()
	defer s.req.mu.Unlock()
	return s.req.n[method+" "+path]
}

// Context returns the context a screen of the client under test gets,
// signed in as user.
func (s *Server) Context(user *hiregate.User) *ui.Context {
	return uitest.Context(ui.Context{Server: s.URL(), User: user, Expired: client.IsSessionExpired})
}

// Screen signs email in and runs the screen mk makes, with that client,
// in a w×h terminal.
func (s *Server) Screen(email string, w, h int, mk func(c *ui.Context, api *client.Client) ui.Component) *uitest.Driver {
	s.t.Helper()
	return s.ScreenWith(s.Login(email), email, w, h, mk)
}

// ScreenWith is Screen with a client the test signed in as email itself.
func (s *Server) ScreenWith(api *client.Client, email string, w, h int, mk func(c *ui.Context, api *client.Client) ui.Component) *uitest.Driver {
	s.t.Helper()
	c := s.Context(s.User(email))
	return uitest.Run(s.t, uitest.NewHost(c, mk(c, api)), w, h)
}

type counter struct {
	mu sync.Mutex
	n  map[string]int
}

// counting counts requests by method and path.
type counting struct {
	next http.RoundTripper
	c    *counter
}

func (t *counting) RoundTrip(r *http.Request) (*http.Response, error) {
	t.c.mu.Lock()
	t.c.n[r.Method+" "+r.URL.Path]++
	t.c.mu.Unlock()
	return t.next.RoundTrip(r)
}

// forwarded says the request comes from ip, as a trusted proxy would.
type forwarded struct {
	next http.RoundTripper
	ip   string
}

func (f forwarded) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", f.ip)
	return f.next.RoundTrip(r)
}
