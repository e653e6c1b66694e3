// Package fake is an in-memory api.API for the terminal client's tests.
// It keeps the server's rules that the screens depend on (roles, who sees
// what, the pipeline, validation) and nothing more.
package fake

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Password is every seeded user's password.
const Password = "demo-password"

// Epoch is the fake clock's start; every object is dated from it.
var Epoch = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// API is the fake. Its zero value is not usable: call New.
type API struct {
	mu       sync.Mutex
	seq      int
	users    []*hiregate.User
	pw       map[string]string
	me       *hiregate.User
	jobs     []*hiregate.Job
	apps     []*hiregate.Application
	notes    []hiregate.Note
	sessions []hiregate.Session
	audit    []hiregate.AuditEvent
	// Fail makes the named method (e.g. "Login") return the error.
	Fail map[string]error
	// Calls counts the calls of each method.
	Calls map[string]int
}

// New returns a fake with the demo users: admin, recruiter and candidate
// @example.com.
func New() *API {
	a := &API{pw: map[string]string{}, Fail: map[string]error{}, Calls: map[string]int{}}
	a.AddUser("admin@example.com", "Avery Admin", hiregate.RoleAdmin)
	a.AddUser("recruiter@example.com", "Dana Whitfield", hiregate.RoleRecruiter)
	a.AddUser("candidate@example.com", "Priya Raman", hiregate.RoleCandidate)
	return a
}

func (a *API) id(prefix string) string {
	a.seq++
	return prefix + strconv.Itoa(a.seq)
}

func (a *API) at() time.Time { return Epoch.Add(time.Duration(a.seq) * time.Hour) }

// AddUser adds an active user with Password.
func (a *API) AddUser(email, name string, role hiregate.Role) *hiregate.User {
	a.mu.Lock()
	defer a.mu.Unlock()
	u := &hiregate.User{ID: a.id("u"), Email: email, FullName: name, Role: role, Active: true, CreatedAt: a.at()}
	a.users = append(a.users, u)
	a.pw[u.ID] = Password
	return u
}

// User returns the user with email.
func (a *API) User(email string) *hiregate.User {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, u := range a.users {
		if u.Email == email {
			return u
		}
	}
	return nil
}

// SignIn makes u the signed-in user without a login call.
func (a *API) SignIn(u *hiregate.User) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.me = u
	a.sessions = []hiregate.Session{
		{ID: "s-this", CreatedAt: Epoch, LastUsedAt: Epoch.Add(time.Hour), IP: "127.0.0.1", UserAgent: "hiregate-tui/1", Current: true},
		{ID: "s-other", CreatedAt: Epoch.Add(-48 * time.Hour), LastUsedAt: Epoch.Add(-24 * time.Hour), IP: "192.0.2.7", UserAgent: "curl/8.5.0"},
	}
}

// AddJob adds a job owned by recruiter.
func (a *API) AddJob(recruiter *hiregate.User, title, location string) *hiregate.Job {
	a.mu.Lock()
	defer a.mu.Unlock()
	lo, hi := int64(50000), int64(70000)
	j := &hiregate.Job{
		ID: a.id("j"), Title: title, Location: location, EmploymentType: hiregate.FullTime,
		Description: "About the role: " + title + ".\n\nWhat we look for: care and curiosity.",
		SalaryMin:   &lo, SalaryMax: &hi, Status: hiregate.JobOpen,
		Recruiter: hiregate.UserRef{ID: recruiter.ID, FullName: recruiter.FullName},
		CreatedAt: a.at(), UpdatedAt: a.at(),
	}
	a.jobs = append(a.jobs, j)
	return j
}

// AddApplication adds an application at stage.
func (a *API) AddApplication(cand *hiregate.User, job *hiregate.Job, stage hiregate.Stage) *hiregate.Application {
	a.mu.Lock()
	defer a.mu.Unlock()
	app := &hiregate.Application{
		ID: a.id("a"), Job: hiregate.JobRef{ID: job.ID, Title: job.Title},
		Candidate:   hiregate.CandidateRef{ID: cand.ID, FullName: cand.FullName, Email: cand.Email},
		CoverLetter: "Dear hiring team, I would love to work on " + job.Title + ".",
		ResumeText:  cand.FullName + "\n\nExperience\n- 2019–today: engineer",
		Status:      hiregate.StageApplied, CreatedAt: a.at(), UpdatedAt: a.at(),
		History: []hiregate.HistoryEntry{{Status: hiregate.StageApplied, At: a.at(), By: cand.ID, ByName: cand.FullName}},
	}
	if stage != hiregate.StageApplied {
		app.Status = stage
		app.History = append(app.History, hiregate.HistoryEntry{Status: stage, At: a.at().Add(time.Hour), By: job.Recruiter.ID, ByName: job.Recruiter.FullName})
	}
	a.apps = append(a.apps, app)
	return app
}

// AddAudit adds an audit event.
func (a *API) AddAudit(e hiregate.AuditEvent) {
	a.mu.Lock()
	defer a.mu.Unlock()
	e.ID = a.id("e")
	a.audit = append(a.audit, e)
}

func (a *API) enter(name string) error {
	a.mu.Lock()
	a.Calls[name]++
	err := a.Fail[name]
	a.mu.Unlock()
	return err
}

// begin counts the call, applies a forced failure, takes the lock and
// checks the caller's role; the caller defers the returned unlock.
func (a *API) begin(name string, roles ...hiregate.Role) (unlock func(), err error) {
	if err := a.enter(name); err != nil {
		return nil, err
	}
	a.mu.Lock()
	if err := a.need(roles...); err != nil {
		a.mu.Unlock()
		return nil, err
	}
	return a.mu.Unlock, nil
}

func (a *API) need(roles ...hiregate.Role) error {
	if a.me == nil {
		return &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: "Session expired"}
	}
	if len(roles) == 0 {
		return nil
	}
	for _, r := range roles {
		if a.me.Role == r {
			return nil
		}
	}
	return hiregate.ErrAccessDenied(roles...)
}

func notFound(what string) error { return hiregate.Errorf(hiregate.ENOTFOUND, "%s not found", what) }

// page cuts items at cursor (an index) to at most limit items.
func page[T any](items []T, limit int, cursor string) *hiregate.List[T] {
	if limit <= 0 || limit > hiregate.MaxPageLimit {
		limit = hiregate.DefaultPageLimit
	}
	start, _ := strconv.Atoi(cursor)
	start = min(max(0, start), len(items))
	end := min(len(items), start+limit)
	l := &hiregate.List[T]{Items: append([]T{}, items[start:end]...)}
	if end < len(items) {
		next := strconv.Itoa(end)
		l.NextCursor = &next
	}
	return l
}

// Login implements api.API.
func (a *API) Login(_ context.Context, email, password string) (*hiregate.TokenResponse, error) {
	if err := a.enter("Login"); err != nil {
		return nil, err
	}
	u := a.User(hiregate.NormalizeEmail(email))
	a.mu.Lock()
	defer a.mu.Unlock()
	if u == nil || !u.Active || a.pw[u.ID] != password {
		return nil, &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgInvalidCredentials, OAuth: hiregate.OAuthInvalidGrant}
	}
	a.me = u
	return &hiregate.TokenResponse{AccessToken: "fake-access", TokenType: "bearer", ExpiresIn: 900, RefreshToken: "fake-refresh"}, nil
}

// Logout implements api.API.
func (a *API) Logout(context.Context) error {
	if err := a.enter("Logout"); err != nil {
		return err
	}
	a.mu.Lock()
	a.me = nil
	a.mu.Unlock()
	return nil
}

// LogoutAll implements api.API.
func (a *API) LogoutAll(ctx context.Context) error {
	if err := a.enter("LogoutAll"); err != nil {
		return err
	}
	a.mu.Lock()
	a.me, a.sessions = nil, nil
	a.mu.Unlock()
	return nil
}

// Register implements api.API.
func (a *API) Register(_ context.Context, r hiregate.RegisterRequest) (*hiregate.User, error) {
	if err := a.enter("Register"); err != nil {
		return nil, err
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if a.User(r.Email) != nil {
		return nil, hiregate.Errorf(hiregate.ECONFLICT, "Email already registered")
	}
	u := a.AddUser(r.Email, r.FullName, hiregate.RoleCandidate)
	a.mu.Lock()
	a.pw[u.ID] = r.Password
	a.mu.Unlock()
	return u, nil
}

// Me implements api.API.
func (a *API) Me(context.Context) (*hiregate.User, error) {
	unlock, err := a.begin("Me")
	if err != nil {
		return nil, err
	}
	defer unlock()
	u := *a.me
	return &u, nil
}

// ChangePassword implements api.API.
func (a *API) ChangePassword(_ context.Context, r hiregate.ChangePasswordRequest) error {
	unlock, err := a.begin("ChangePassword")
	if err != nil {
		return err
	}
	defer unlock()
	if err := r.Validate(); err != nil {
		return err
	}
	if a.pw[a.me.ID] != r.CurrentPassword {
		return hiregate.ValidationError(map[string]string{"current_password": "is wrong"})
	}
	a.pw[a.me.ID] = r.NewPassword
	return nil
}

// Sessions implements api.API.
func (a *API) Sessions(context.Context) ([]hiregate.Session, error) {
	unlock, err := a.begin("Sessions")
	if err != nil {
		return nil, err
	}
	defer unlock()
	return append([]hiregate.Session{}, a.sessions...), nil
}

// RevokeSession implements api.API.
func (a *API) RevokeSession(_ context.Context, id string) error {
	unlock, err := a.begin("RevokeSession")
	if err != nil {
		return err
	}
	defer unlock()
	for i, s := range a.sessions {
		if s.ID == id {
			a.sessions = append(a.sessions[:i], a.sessions[i+1:]...)
			if s.Current {
				a.me = nil
			}
			return nil
		}
	}
	return notFound("Session")
}

// CreateUser implements api.API.
func (a *API) CreateUser(_ context.Context, r hiregate.CreateUserRequest) (*hiregate.User, error) {
	if err := a.enter("CreateUser"); err != nil {
		return nil, err
	}
	a.mu.Lock()
	err := a.need(hiregate.RoleAdmin)
	a.mu.Unlock()
	if err != nil {
		return nil, err
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if a.User(r.Email) != nil {
		return nil, hiregate.Errorf(hiregate.ECONFLICT, "Email already registered")
	}
	u := a.AddUser(r.Email, r.FullName, r.Role)
	c := *u
	return &c, nil
}

// ListUsers implements api.API.
func (a *API) ListUsers(_ context.Context, f hiregate.UserFilter) (*hiregate.List[hiregate.User], error) {
	unlock, err := a.begin("ListUsers", hiregate.RoleAdmin)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []hiregate.User
	q := strings.ToLower(f.Q)
	for _, u := range a.users {
		if (q == "" || strings.Contains(u.Email, q) || strings.Contains(strings.ToLower(u.FullName), q)) && (f.Role == "" || f.Role == u.Role) {
			out = append(out, *u)
		}
	}
	return page(out, f.Limit, f.Cursor), nil
}

// UpdateUser implements api.API.
func (a *API) UpdateUser(_ context.Context, id string, r hiregate.UpdateUserRequest) (*hiregate.User, error) {
	unlock, err := a.begin("UpdateUser", hiregate.RoleAdmin)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	for _, u := range a.users {
		if u.ID != id {
			continue
		}
		if u.ID == a.me.ID && ((r.Active != nil && !*r.Active) || (r.Role != nil && *r.Role != hiregate.RoleAdmin)) {
			return nil, hiregate.Errorf(hiregate.ECONFLICT, "An admin cannot deactivate or demote themselves")
		}
		if r.Role != nil {
			u.Role = *r.Role
		}
		if r.Active != nil {
			u.Active = *r.Active
		}
		if r.Password != nil {
			a.pw[u.ID] = *r.Password
		}
		c := *u
		return &c, nil
	}
	return nil, notFound("User")
}

// Audit implements api.API.
func (a *API) Audit(_ context.Context, f hiregate.AuditFilter) (*hiregate.List[hiregate.AuditEvent], error) {
	unlock, err := a.begin("Audit", hiregate.RoleAdmin)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []hiregate.AuditEvent
	for i := len(a.audit) - 1; i >= 0; i-- {
		e := a.audit[i]
		if (f.UserID == "" || e.UserID == f.UserID) && (f.Type == "" || e.Type == f.Type) {
			out = append(out, e)
		}
	}
	return page(out, f.Limit, f.Cursor), nil
}

// visibleJob applies the server's rules (shared/hiregate) to a job: who
// may see it, and who gets its application counts.
func (a *API) visibleJob(j *hiregate.Job) (hiregate.Job, bool) {
	c := *j
	applied := false
	for _, app := range a.apps {
		if app.Job.ID == j.ID && app.Candidate.ID == a.me.ID {
			applied = true
		}
	}
	if !hiregate.CanViewJob(a.me.ID, a.me.Role, j, applied) {
		return c, false
	}
	if hiregate.CanManageJob(a.me.ID, a.me.Role, j.Recruiter.ID) {
		c.ApplicationCounts = map[hiregate.Stage]int{}
		for _, app := range a.apps {
			if app.Job.ID == j.ID {
				c.ApplicationCounts[app.Status]++
			}
		}
	}
	return c, true
}

// ListJobs implements api.API.
func (a *API) ListJobs(_ context.Context, f hiregate.JobFilter) (*hiregate.List[hiregate.Job], error) {
	unlock, err := a.begin("ListJobs")
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []hiregate.Job
	q := strings.ToLower(f.Q)
	for i := len(a.jobs) - 1; i >= 0; i-- {
		j := a.jobs[i]
		if f.Mine && j.Recruiter.ID != a.me.ID {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(j.Title+" "+j.Description+" "+j.Location), q) {
			continue
		}
		if c, ok := a.visibleJob(j); ok {
			out = append(out, c)
		}
	}
	return page(out, f.Limit, f.Cursor), nil
}

func (a *API) job(id string) (*hiregate.Job, error) {
	for _, j := range a.jobs {
		if j.ID == id {
			return j, nil
		}
	}
	return nil, notFound("Job")
}

// Job implements api.API.
func (a *API) Job(_ context.Context, id string) (*hiregate.Job, error) {
	unlock, err := a.begin("Job")
	if err != nil {
		return nil, err
	}
	defer unlock()
	j, err := a.job(id)
	if err != nil {
		return nil, err
	}
	c, ok := a.visibleJob(j)
	if !ok {
		return nil, notFound("Job")
	}
	return &c, nil
}

// CreateJob implements api.API.
func (a *API) CreateJob(_ context.Context, r hiregate.CreateJobRequest) (*hiregate.Job, error) {
	if err := a.enter("CreateJob"); err != nil {
		return nil, err
	}
	a.mu.Lock()
	err := a.need(hiregate.RoleRecruiter, hiregate.RoleAdmin)
	me := a.me
	a.mu.Unlock()
	if err != nil {
		return nil, err
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	j := a.AddJob(me, r.Title, r.Location)
	a.mu.Lock()
	defer a.mu.Unlock()
	j.Description, j.EmploymentType, j.SalaryMin, j.SalaryMax = r.Description, r.EmploymentType, r.SalaryMin, r.SalaryMax
	c, _ := a.visibleJob(j)
	return &c, nil
}

// UpdateJob implements api.API.
func (a *API) UpdateJob(_ context.Context, id string, r hiregate.UpdateJobRequest) (*hiregate.Job, error) {
	unlock, err := a.begin("UpdateJob", hiregate.RoleRecruiter, hiregate.RoleAdmin)
	if err != nil {
		return nil, err
	}
	defer unlock()
	j, err := a.job(id)
	if err != nil || !hiregate.CanManageJob(a.me.ID, a.me.Role, j.Recruiter.ID) {
		return nil, notFound("Job")
	}
	if err := r.Apply(j); err != nil {
		return nil, err
	}
	c, _ := a.visibleJob(j)
	return &c, nil
}

// Apply implements api.API.
func (a *API) Apply(_ context.Context, jobID string, r hiregate.CreateApplicationRequest) (*hiregate.Application, error) {
	if err := a.enter("Apply"); err != nil {
		return nil, err
	}
	a.mu.Lock()
	if err := a.need(hiregate.RoleCandidate); err != nil {
		a.mu.Unlock()
		return nil, err
	}
	if err := r.Validate(); err != nil {
		a.mu.Unlock()
		return nil, err
	}
	j, err := a.job(jobID)
	me := a.me
	if err == nil && j.Status != hiregate.JobOpen {
		err = hiregate.Errorf(hiregate.ECONFLICT, "Job is closed")
	}
	for _, app := range a.apps {
		if err == nil && app.Job.ID == jobID && app.Candidate.ID == me.ID {
			err = hiregate.Errorf(hiregate.ECONFLICT, "You have already applied to this job")
		}
	}
	a.mu.Unlock()
	if err != nil {
		return nil, err
	}
	app := a.AddApplication(me, j, hiregate.StageApplied)
	a.mu.Lock()
	defer a.mu.Unlock()
	app.CoverLetter, app.ResumeText = r.CoverLetter, r.ResumeText
	c := *app
	return &c, nil
}

func (a *API) appList(keep func(*hiregate.Application) bool, f hiregate.ApplicationFilter) *hiregate.List[hiregate.Application] {
	var out []hiregate.Application
	for i := len(a.apps) - 1; i >= 0; i-- {
		app := a.apps[i]
		if keep(app) && (f.Status == "" || app.Status == f.Status) {
			out = append(out, *app)
		}
	}
	return page(out, f.Limit, f.Cursor)
}

// MyApplications implements api.API.
func (a *API) MyApplications(_ context.Context, f hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error) {
	unlock, err := a.begin("MyApplications", hiregate.RoleCandidate)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return a.appList(func(app *hiregate.Application) bool { return app.Candidate.ID == a.me.ID }, f), nil
}

// JobApplications implements api.API.
func (a *API) JobApplications(_ context.Context, jobID string, f hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error) {
	unlock, err := a.begin("JobApplications", hiregate.RoleRecruiter, hiregate.RoleAdmin)
	if err != nil {
		return nil, err
	}
	defer unlock()
	j, err := a.job(jobID)
	if err != nil || !hiregate.CanManageJob(a.me.ID, a.me.Role, j.Recruiter.ID) {
		return nil, notFound("Job")
	}
	return a.appList(func(app *hiregate.Application) bool { return app.Job.ID == jobID }, f), nil
}

// app returns an application the caller relates to (its candidate, the
// job's owner or an admin), as the server decides it.
func (a *API) app(id string) (*hiregate.Application, error) {
	_, app, err := a.appActor(id)
	return app, err
}

func (a *API) appActor(id string) (hiregate.Actor, *hiregate.Application, error) {
	for _, app := range a.apps {
		if app.ID != id {
			continue
		}
		owner := ""
		if j, err := a.job(app.Job.ID); err == nil {
			owner = j.Recruiter.ID
		}
		if actor, ok := hiregate.ApplicationActor(a.me.ID, a.me.Role, app.Candidate.ID, owner); ok {
			return actor, app, nil
		}
	}
	return 0, nil, notFound("Application")
}

// Application implements api.API.
func (a *API) Application(_ context.Context, id string) (*hiregate.Application, error) {
	unlock, err := a.begin("Application")
	if err != nil {
		return nil, err
	}
	defer unlock()
	app, err := a.app(id)
	if err != nil {
		return nil, err
	}
	c := *app
	return &c, nil
}

// MoveApplication implements api.API.
func (a *API) MoveApplication(_ context.Context, id string, to hiregate.Stage) (*hiregate.Application, error) {
	unlock, err := a.begin("MoveApplication")
	if err != nil {
		return nil, err
	}
	defer unlock()
	actor, app, err := a.appActor(id)
	if err != nil {
		return nil, err
	}
	if err := hiregate.CheckTransition(app.Status, to, actor); err != nil {
		return nil, err
	}
	a.seq++
	app.Status, app.UpdatedAt = to, a.at()
	app.History = append(app.History, hiregate.HistoryEntry{Status: to, At: a.at(), By: a.me.ID, ByName: a.me.FullName})
	c := *app
	return &c, nil
}

// AddNote implements api.API.
func (a *API) AddNote(_ context.Context, appID, body string) (*hiregate.Note, error) {
	unlock, err := a.begin("AddNote", hiregate.RoleRecruiter, hiregate.RoleAdmin)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if _, err := a.app(appID); err != nil {
		return nil, err
	}
	r := hiregate.CreateNoteRequest{Body: body}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	n := hiregate.Note{ID: a.id("n"), ApplicationID: appID, Body: body, Author: hiregate.UserRef{ID: a.me.ID, FullName: a.me.FullName}, CreatedAt: a.at()}
	a.notes = append(a.notes, n)
	return &n, nil
}

// Notes implements api.API.
func (a *API) Notes(_ context.Context, appID string) (*hiregate.List[hiregate.Note], error) {
	unlock, err := a.begin("Notes", hiregate.RoleRecruiter, hiregate.RoleAdmin)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if _, err := a.app(appID); err != nil {
		return nil, err
	}
	var out []hiregate.Note
	for _, n := range a.notes {
		if n.ApplicationID == appID {
			out = append(out, n)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return &hiregate.List[hiregate.Note]{Items: out}, nil
}

// String describes the fake's contents, for failing tests.
func (a *API) String() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return fmt.Sprintf("fake: %d users, %d jobs, %d applications, %d notes", len(a.users), len(a.jobs), len(a.apps), len(a.notes))
}

// Demo returns a fake with a few jobs and applications in several
// stages, for screen tests.
func Demo() *API {
	a := New()
	rec := a.User("recruiter@example.com")
	cand := a.User("candidate@example.com")
	other := a.AddUser("grace@example.com", "Grace Liu", hiregate.RoleCandidate)
	a.AddUser("marcus@example.com", "Marcus Okafor", hiregate.RoleRecruiter)
	goJob := a.AddJob(rec, "Senior Go Engineer", "Remote (EU)")
	sre := a.AddJob(rec, "Site Reliability Engineer", "Berlin, Germany")
	a.AddJob(rec, "Technical Writer", "Remote")
	a.AddApplication(cand, goJob, hiregate.StageApplied)
	a.AddApplication(other, goJob, hiregate.StageInterview)
	a.AddApplication(cand, sre, hiregate.StageScreening)
	admin := a.User("admin@example.com")
	a.AddAudit(hiregate.AuditEvent{At: Epoch, Type: hiregate.AuditLoginOK, UserID: admin.ID, Email: admin.Email, IP: "127.0.0.1", Detail: "password grant"})
	a.AddAudit(hiregate.AuditEvent{At: Epoch.Add(time.Minute), Type: hiregate.AuditLoginFailed, UserID: rec.ID, Email: rec.Email, IP: "192.0.2.7", Detail: "wrong password"})
	a.AddAudit(hiregate.AuditEvent{At: Epoch.Add(2 * time.Minute), Type: hiregate.AuditDeactivated, UserID: other.ID, Email: other.Email, IP: "127.0.0.1", Detail: "by admin@example.com"})
	return a
}

// JobID returns the id of the job titled title, "" when there is none.
func (a *API) JobID(title string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, j := range a.jobs {
		if j.Title == title {
			return j.ID
		}
	}
	return ""
}

// ApplicationID returns the id of the application of the candidate with
// email to the job titled title, "" when there is none.
func (a *API) ApplicationID(email, title string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, app := range a.apps {
		if app.Candidate.Email == email && app.Job.Title == title {
			return app.ID
		}
	}
	return ""
}
