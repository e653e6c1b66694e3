package client_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// recorded is what a recording server saw of one request.
type recorded struct {
	method, uri, contentType, auth, userAgent, body string
}

// recorder answers every request with status and body and records it.
type recorder struct {
	mu     sync.Mutex
	reqs   []recorded
	status int
	body   string
}

func newRecorder(t *testing.T, status int, body string) (*recorder, *client.Client) {
	t.Helper()
	rec := &recorder{status: status, body: body}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, recorded{
			method: r.Method, uri: r.RequestURI, contentType: r.Header.Get("Content-Type"),
			auth: r.Header.Get("Authorization"), userAgent: r.Header.Get("User-Agent"), body: string(b),
		})
		status, body := rec.status, rec.body
		rec.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(srv.URL, client.WithUserAgent("hiregate-test/1"))
	if err != nil {
		t.Fatal(err)
	}
	c.SetTokens(&hiregate.TokenResponse{AccessToken: "tok", RefreshToken: "rt", ExpiresIn: 900})
	return rec, c
}

func (r *recorder) requests() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

func ptr[T any](v T) *T { return &v }

func TestRoutes(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		call       func(c *client.Client) error
		wantMethod string
		wantURI    string
		wantBody   string // "" for no body
		noAuth     bool
	}{
		{
			name: "ListJobsAllFilters", wantMethod: "GET",
			call: func(c *client.Client) error {
				_, err := c.ListJobs(ctx, hiregate.JobFilter{Q: "go & rust?", Status: hiregate.JobOpen, Mine: true, Limit: 5, Cursor: "a/b+c="})
				return err
			},
			wantURI: "/jobs?cursor=a%2Fb%2Bc%3D&limit=5&mine=true&q=go+%26+rust%3F&status=open",
		},
		{
			name: "ListJobsNoFilter", wantMethod: "GET",
			call: func(c *client.Client) error {
				_, err := c.ListJobs(ctx, hiregate.JobFilter{RecruiterID: "ignored"})
				return err
			},
			wantURI: "/jobs",
		},
		{
			name: "Job", wantMethod: "GET",
			call:    func(c *client.Client) error { _, err := c.Job(ctx, "a b?#%/x"); return err },
			wantURI: "/jobs/a%20b%3F%23%25%2Fx",
		},
		{
			name: "JobDotDot", wantMethod: "GET",
			call:    func(c *client.Client) error { _, err := c.Job(ctx, ".."); return err },
			wantURI: "/jobs/%2E%2E",
		},
		{
			name: "CreateJob", wantMethod: "POST", wantURI: "/jobs",
			call: func(c *client.Client) error {
				_, err := c.CreateJob(ctx, hiregate.CreateJobRequest{Title: "Go", EmploymentType: hiregate.Contract, SalaryMin: ptr[int64](10)})
				return err
			},
			wantBody: `{"title":"Go","description":"","location":"","employment_type":"contract","salary_min":10}`,
		},
		{
			name: "UpdateJob", wantMethod: "PATCH", wantURI: "/jobs/j1",
			call: func(c *client.Client) error {
				_, err := c.UpdateJob(ctx, "j1", hiregate.UpdateJobRequest{Status: ptr(hiregate.JobClosed)})
				return err
			},
			wantBody: `{"status":"closed"}`,
		},
		{
			name: "Apply", wantMethod: "POST", wantURI: "/jobs/j%201/applications",
			call: func(c *client.Client) error {
				_, err := c.Apply(ctx, "j 1", hiregate.CreateApplicationRequest{CoverLetter: "hi", ResumeText: "cv"})
				return err
			},
			wantBody: `{"cover_letter":"hi","resume_text":"cv"}`,
		},
		{
			name: "MyApplications", wantMethod: "GET", wantURI: "/applications/my?limit=10&status=interview",
			call: func(c *client.Client) error {
				_, err := c.MyApplications(ctx, hiregate.ApplicationFilter{Status: hiregate.StageInterview, Limit: 10, JobID: "ignored"})
				return err
			},
		},
		{
			name: "JobApplications", wantMethod: "GET", wantURI: "/jobs/job%2F1/applications?cursor=c1&status=applied",
			call: func(c *client.Client) error {
				_, err := c.JobApplications(ctx, "job/1", hiregate.ApplicationFilter{Status: hiregate.StageApplied, Cursor: "c1"})
				return err
			},
		},
		{
			name: "Application", wantMethod: "GET", wantURI: "/applications/app1",
			call: func(c *client.Client) error { _, err := c.Application(ctx, "app1"); return err },
		},
		{
			name: "MoveApplication", wantMethod: "PATCH", wantURI: "/applications/app1", wantBody: `{"status":"offer"}`,
			call: func(c *client.Client) error {
				_, err := c.MoveApplication(ctx, "app1", hiregate.StageOffer)
				return err
			},
		},
		{
			name: "AddNote", wantMethod: "POST", wantURI: "/applications/app%201/notes", wantBody: `{"body":"strong \"go\""}`,
			call: func(c *client.Client) error { _, err := c.AddNote(ctx, "app 1", `strong "go"`); return err },
		},
		{
			name: "Notes", wantMethod: "GET", wantURI: "/applications/app1/notes?cursor=n20&limit=20",
			call: func(c *client.Client) error {
				_, err := c.Notes(ctx, "app1", hiregate.NoteFilter{Limit: 20, Cursor: "n20"})
				return err
			},
		},
		{
			name: "NotesFirstPage", wantMethod: "GET", wantURI: "/applications/app1/notes",
			call: func(c *client.Client) error { _, err := c.Notes(ctx, "app1", hiregate.NoteFilter{}); return err },
		},
		{
			name: "Me", wantMethod: "GET", wantURI: "/users/me",
			call: func(c *client.Client) error { _, err := c.Me(ctx); return err },
		},
		{
			name: "ChangePassword", wantMethod: "POST", wantURI: "/users/me/password",
			wantBody: `{"current_password":"old password","new_password":"new password"}`,
			call: func(c *client.Client) error {
				return c.ChangePassword(ctx, hiregate.ChangePasswordRequest{CurrentPassword: "old password", NewPassword: "new password"})
			},
		},
		{
			name: "RevokeSession", wantMethod: "DELETE", wantURI: "/users/me/sessions/s%2F1",
			call: func(c *client.Client) error { return c.RevokeSession(ctx, "s/1") },
		},
		{
			name: "CreateUser", wantMethod: "POST", wantURI: "/admin/users",
			wantBody: `{"email":"r@example.com","password":"long enough","full_name":"R","role":"recruiter"}`,
			call: func(c *client.Client) error {
				_, err := c.CreateUser(ctx, hiregate.CreateUserRequest{Email: "r@example.com", Password: "long enough", FullName: "R", Role: hiregate.RoleRecruiter})
				return err
			},
		},
		{
			name: "ListUsers", wantMethod: "GET", wantURI: "/admin/users?limit=100&q=ana+b&role=recruiter",
			call: func(c *client.Client) error {
				_, err := c.ListUsers(ctx, hiregate.UserFilter{Q: "ana b", Role: hiregate.RoleRecruiter, Limit: 100})
				return err
			},
		},
		{
			name: "UpdateUser", wantMethod: "PATCH", wantURI: "/admin/users/u1", wantBody: `{"active":false}`,
			call: func(c *client.Client) error {
				_, err := c.UpdateUser(ctx, "u1", hiregate.UpdateUserRequest{Active: ptr(false)})
				return err
			},
		},
		{
			name: "Audit", wantMethod: "GET", wantURI: "/admin/audit?cursor=x&type=login_failed&user=u+1",
			call: func(c *client.Client) error {
				_, err := c.Audit(ctx, hiregate.AuditFilter{UserID: "u 1", Type: hiregate.AuditLoginFailed, Cursor: "x"})
				return err
			},
		},
		{
			name: "Register", wantMethod: "POST", wantURI: "/auth/register", noAuth: true,
			wantBody: `{"email":"c@example.com","password":"long enough","full_name":"C"}`,
			call: func(c *client.Client) error {
				_, err := c.Register(ctx, hiregate.RegisterRequest{Email: "c@example.com", Password: "long enough", FullName: "C"})
				return err
			},
		},
		{
			name: "Health", wantMethod: "GET", wantURI: "/healthz", noAuth: true,
			call: func(c *client.Client) error { return c.Health(ctx) },
		},
		{
			name: "ServerHealth", wantMethod: "GET", wantURI: "/healthz", noAuth: true,
			call: func(c *client.Client) error { _, err := c.ServerHealth(ctx); return err },
		},
		{
			name: "Ready", wantMethod: "GET", wantURI: "/readyz", noAuth: true,
			call: func(c *client.Client) error { return c.Ready(ctx) },
		},
		{
			name: "StartTOTP", wantMethod: "POST", wantURI: "/users/me/mfa/totp",
			call: func(c *client.Client) error { _, err := c.StartTOTP(ctx); return err },
		},
		{
			name: "ConfirmTOTP", wantMethod: "POST", wantURI: "/users/me/mfa/totp/confirm", wantBody: `{"code":"123456"}`,
			call: func(c *client.Client) error { _, err := c.ConfirmTOTP(ctx, "123456"); return err },
		},
		{
			name: "DisableTOTP", wantMethod: "DELETE", wantURI: "/users/me/mfa/totp", wantBody: `{"code":"abcd-efgh-ijkl-mnop"}`,
			call: func(c *client.Client) error { return c.DisableTOTP(ctx, "abcd-efgh-ijkl-mnop") },
		},
		{
			name: "ResetMFA", wantMethod: "DELETE", wantURI: "/admin/users/u%2F1/mfa",
			call: func(c *client.Client) error { return c.ResetMFA(ctx, "u/1") },
		},
		{
			name: "DoMalformedBody", wantMethod: "POST", wantURI: "/jobs?x=1", wantBody: `{"title":`,
			call: func(c *client.Client) error { return c.Do(ctx, "POST", "/jobs?x=1", []byte(`{"title":`), nil) },
		},
		{
			name: "DoTokenEndpoint", wantMethod: "POST", wantURI: "/auth/login", wantBody: `{}`, noAuth: true,
			call: func(c *client.Client) error { return c.Do(ctx, "POST", "/auth/login", map[string]string{}, nil) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, c := newRecorder(t, http.StatusOK, `{}`)
			if err := tt.call(c); err != nil {
				t.Fatalf("call error = %v", err)
			}
			reqs := rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("requests = %d, want 1", len(reqs))
			}
			r := reqs[0]
			if r.method != tt.wantMethod || r.uri != tt.wantURI {
				t.Errorf("request = %s %s, want %s %s", r.method, r.uri, tt.wantMethod, tt.wantURI)
			}
			if r.body != tt.wantBody {
				t.Errorf("body = %s, want %s", r.body, tt.wantBody)
			}
			wantCT := ""
			if tt.wantBody != "" {
				wantCT = "application/json"
			}
			if r.contentType != wantCT {
				t.Errorf("Content-Type = %q, want %q", r.contentType, wantCT)
			}
			wantAuth := "Bearer tok"
			if tt.noAuth {
				wantAuth = ""
			}
			if r.auth != wantAuth {
				t.Errorf("Authorization = %q, want %q", r.auth, wantAuth)
			}
			if r.userAgent != "hiregate-test/1" {
				t.Errorf("User-Agent = %q, want %q", r.userAgent, "hiregate-test/1")
			}
		})
	}
}

func TestLoginForm(t *testing.T) {
	rec, c := newRecorder(t, http.StatusOK, `{"access_token":"a2","token_type":"bearer","expires_in":900,"refresh_token":"r2"}`)
	if _, err := c.Login(context.Background(), "ana+x@example.com", "p&ss=word"); err != nil {
		t.Fatalf("Login() error = %v", err)
	}
	r := rec.requests()[0]
	want := recorded{
		method: "POST", uri: "/auth/login", contentType: "application/x-www-form-urlencoded",
		userAgent: "hiregate-test/1", body: "grant_type=password&password=p%26ss%3Dword&username=ana%2Bx%40example.com",
	}
	if r != want {
		t.Errorf("request = %+v, want %+v", r, want)
	}
	if a, rt := c.Tokens(); a != "a2" || rt != "r2" {
		t.Errorf("Tokens() = %q, %q, want a2, r2", a, rt)
	}
}

func TestTokenResponseChecked(t *testing.T) {
	tests := []struct {
		name, body string
	}{
		{"NoAccessToken", `{"token_type":"bearer","expires_in":900,"refresh_token":"r"}`},
		{"NotBearer", `{"access_token":"a","token_type":"mac","refresh_token":"r"}`},
		{"NotJSON", `<html>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := newRecorder(t, http.StatusOK, tt.body)
			c.Forget()
			if _, err := c.Login(context.Background(), testEmail, testPassword); err == nil {
				t.Fatal("Login() error = nil, want an error")
			}
			if c.LoggedIn() {
				t.Error("LoggedIn() = true after a bad token response")
			}
		})
	}
}

func TestNoContent(t *testing.T) {
	rec, c := newRecorder(t, http.StatusNoContent, "")
	if err := c.RevokeSession(context.Background(), "s1"); err != nil {
		t.Fatalf("RevokeSession() error = %v", err)
	}
	if n := len(rec.requests()); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

func TestEmptyIDRefused(t *testing.T) {
	rec, c := newRecorder(t, http.StatusOK, `{}`)
	ctx := context.Background()
	calls := map[string]func() error{
		"Job":             func() error { _, err := c.Job(ctx, ""); return err },
		"UpdateJob":       func() error { _, err := c.UpdateJob(ctx, "", hiregate.UpdateJobRequest{}); return err },
		"Apply":           func() error { _, err := c.Apply(ctx, "", hiregate.CreateApplicationRequest{}); return err },
		"JobApplications": func() error { _, err := c.JobApplications(ctx, "", hiregate.ApplicationFilter{}); return err },
		"Application":     func() error { _, err := c.Application(ctx, ""); return err },
		"MoveApplication": func() error { _, err := c.MoveApplication(ctx, "", hiregate.StageOffer); return err },
		"AddNote":         func() error { _, err := c.AddNote(ctx, "", "x"); return err },
		"Notes":           func() error { _, err := c.Notes(ctx, "", hiregate.NoteFilter{}); return err },
		"UpdateUser":      func() error { _, err := c.UpdateUser(ctx, "", hiregate.UpdateUserRequest{}); return err },
		"RevokeSession":   func() error { return c.RevokeSession(ctx, "") },
		"ResetMFA":        func() error { return c.ResetMFA(ctx, "") },
	}
	for name, call := range calls {
		err := call()
		if e := asError(t, err); e.Code != hiregate.EINVALID || len(e.Fields) != 1 {
			t.Errorf("%s(\"\") error = %+v, want invalid with one field", name, *e)
		}
	}
	if n := len(rec.requests()); n != 0 {
		t.Errorf("requests = %d, want 0", n)
	}
}

func TestSessionsEnvelope(t *testing.T) {
	const item = `{"id":"s1","created_at":"2030-01-02T03:04:05Z","last_used_at":"2030-01-02T03:04:05Z","ip":"10.0.0.1","user_agent":"ua","current":true}`
	tests := []struct {
		name, body string
		wantErr    bool
	}{
		{"BareArray", "[" + item + "]", false},
		{"ListObject", `{"items":[` + item + `],"next_cursor":null}`, false},
		{"LeadingSpace", " \n[" + item + "]", false},
		{"Garbage", `"nope"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := newRecorder(t, http.StatusOK, tt.body)
			got, err := c.Sessions(context.Background())
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Sessions() = %+v, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Sessions() error = %v", err)
			}
			if len(got) != 1 || got[0].ID != "s1" || !got[0].Current || got[0].IP != "10.0.0.1" {
				t.Errorf("Sessions() = %+v, want the one session s1", got)
			}
		})
	}
}

func TestDoRawResponse(t *testing.T) {
	_, c := newRecorder(t, http.StatusOK, `{"openapi":"3.0.3"}`)
	var raw []byte
	if err := c.Do(context.Background(), "GET", "/openapi.json", nil, &raw); err != nil {
		t.Fatalf("Do() error = %v", err)
	}
	if string(raw) != `{"openapi":"3.0.3"}` {
		t.Errorf("Do() raw = %s, want the body verbatim", raw)
	}
	if err := c.Do(context.Background(), "GET", "openapi.json", nil, nil); err == nil {
		t.Error("Do(relative path) error = nil, want an error")
	}
}

func TestReadyUnavailable(t *testing.T) {
	_, c := newRecorder(t, http.StatusServiceUnavailable, `{"detail":"Database unavailable"}`)
	if err := c.Ready(context.Background()); hiregate.ErrorCode(err) != hiregate.EUNAVAILABLE {
		t.Errorf("Ready() error = %v, want code %q", err, hiregate.EUNAVAILABLE)
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{in: "http://localhost:8080", want: "http://localhost:8080"},
		{in: " https://api.example.com/v1/ ", want: "https://api.example.com/v1"},
		{in: "HTTP://Example.com", want: "http://Example.com"},
		{in: "", wantErr: true},
		{in: "localhost:8080", wantErr: true},
		{in: "ftp://example.com", wantErr: true},
		{in: "http://", wantErr: true},
		{in: "/relative", wantErr: true},
		{in: "http://user:hunter2secret@example.com", wantErr: true},
		{in: "http://example.com/?x=1", wantErr: true},
		{in: "http://example.com/#frag", wantErr: true},
		{in: "http://exa mple.com:hunter2secret", wantErr: true},
	}
	for _, tt := range tests {
		c, err := client.New(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("New(%q) = %q, want an error", tt.in, c.BaseURL())
			} else if strings.Contains(err.Error(), "hunter2secret") {
				t.Errorf("New(%q) error %q repeats the password", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("New(%q) error = %v", tt.in, err)
			continue
		}
		if got := c.BaseURL(); got != tt.want {
			t.Errorf("New(%q).BaseURL() = %q, want %q", tt.in, got, tt.want)
		}
	}
}
