package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/postgres/pgtest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestTextInputs: a NUL character or invalid UTF-8 in any text a client
// sends (a JSON string, a path, a query value, a form field, a multipart
// field) is refused at the edge with the contract's error body, the same
// on both engines; PostgreSQL's text type would otherwise fail the
// statement (a 500) and SQLite would store it. A User-Agent that is not
// text is cleaned, not refused.
func TestTextInputs(t *testing.T) {
	engines := []struct {
		name string
		tune func(t *testing.T, c *config.Config)
	}{
		{"SQLite", func(*testing.T, *config.Config) {}},
		{"PostgreSQL", func(t *testing.T, c *config.Config) {
			c.DatabaseURL = config.NewDatabaseURL(pgtest.URL(t))
			c.MFAKey = config.NewSecret([]byte(testMFAKey))
		}},
	}
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			cfg := app.TestConfig(t.TempDir())
			eng.tune(t, &cfg)
			a, err := app.Open(context.Background(), cfg, nil)
			if err != nil {
				t.Fatalf("Open() = %v", err)
			}
			t.Cleanup(func() { a.Close() })
			checkTextInputs(t, a)
		})
	}
}

type textCase struct {
	name        string
	method      string
	path        string
	token       string
	contentType string
	body        string
	userAgent   string
	status      int
	field       string // the 422's field
	oauth       string // the token endpoint's error code
}

func checkTextInputs(t *testing.T, a *app.App) {
	ctx := context.Background()
	srv := &liveServer{t: t, app: a, ids: map[string]string{}}
	tokens := map[hiregate.Role]string{}
	for _, role := range hiregate.Roles {
		email := string(role) + "@example.com"
		if _, err := a.Accounts().CreateUser(ctx, hiregate.CreateUserRequest{Email: email, Password: livePassword, FullName: email, Role: role}); err != nil {
			t.Fatal(err)
		}
		tokens[role], _ = srv.login(email).Tokens()
	}
	rec := srv.login(string(hiregate.RoleRecruiter) + "@example.com")
	job, err := rec.CreateJob(ctx, hiregate.CreateJobRequest{Title: "Go", Description: "d", Location: "Remote", EmploymentType: hiregate.FullTime})
	if err != nil {
		t.Fatal(err)
	}
	form := func(fields map[string]string) (string, string) {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		for k, v := range fields {
			w.WriteField(k, v)
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="resume"; filename="cv.txt"`)
		h.Set("Content-Type", hiregate.ResumeText)
		fw, _ := w.CreatePart(h)
		fw.Write([]byte("Ten years of Go and PostgreSQL."))
		w.Close()
		return w.FormDataContentType(), b.String()
	}
	mpType, mpBody := form(map[string]string{"cover_letter": "Hi\x00there"})
	const js = "application/json"
	const formType = "application/x-www-form-urlencoded"
	cand, recT, adm := tokens[hiregate.RoleCandidate], tokens[hiregate.RoleRecruiter], tokens[hiregate.RoleAdmin]
	register := func(email, name string) string {
		return `{"email":"` + email + `","password":"` + livePassword + `","full_name":"` + name + `"}`
	}
	login := func(username, password string) string {
		return url.Values{"username": {username}, "password": {password}}.Encode()
	}
	candEmail := string(hiregate.RoleCandidate) + "@example.com"

	tests := []textCase{
		{name: "RegisterNUL", method: "POST", path: "/auth/register", contentType: js, body: register("new1@example.com", `a\u0000b`), status: 422, field: "full_name"},
		{name: "RegisterInvalidUTF8", method: "POST", path: "/auth/register", contentType: js, body: register("new2@example.com", "a\xffb"), status: 400},
		{name: "RegisterOK", method: "POST", path: "/auth/register", contentType: js, body: register("new3@example.com", `Ann \u00e9`), status: 201},
		{name: "JobTitleNUL", method: "POST", path: "/jobs", token: recT, contentType: js, body: `{"title":"T\u0000","employment_type":"full_time"}`, status: 422, field: "title"},
		{name: "NestedNUL", method: "PATCH", path: "/jobs/" + job.ID, token: recT, contentType: js, body: `{"description":"ok","location":"x\u0000"}`, status: 422, field: "location"},
		{name: "EscapedBackslashIsNoNUL", method: "PATCH", path: "/jobs/" + job.ID, token: recT, contentType: js, body: `{"description":"C:\\u0000"}`, status: 200},
		{name: "PathNUL", method: "GET", path: "/jobs/abc%00def", token: cand, status: 404},
		{name: "PathInvalidUTF8", method: "GET", path: "/jobs/%FF%FE", token: cand, status: 404},
		{name: "SessionPathNUL", method: "DELETE", path: "/users/me/sessions/%00", token: cand, status: 404},
		{name: "QueryNUL", method: "GET", path: "/jobs?q=a%00b", token: cand, status: 422, field: "q"},
		{name: "QueryInvalidUTF8", method: "GET", path: "/jobs?status=%FF", token: cand, status: 422, field: "status"},
		{name: "AdminQueryNUL", method: "GET", path: "/admin/users?q=%00", token: adm, status: 422, field: "q"},
		{name: "AuditUserNUL", method: "GET", path: "/admin/audit?user=%00", token: adm, status: 422, field: "user"},
		{name: "QueryNameNUL", method: "GET", path: "/jobs?a%00=1", token: cand, status: 400},
		{name: "LoginUsernameNUL", method: "POST", path: "/auth/login", contentType: formType, body: login("a\x00b", livePassword), status: 400, oauth: hiregate.OAuthInvalidRequest},
		{name: "LoginPasswordInvalidUTF8", method: "POST", path: "/auth/login", contentType: formType, body: login(candEmail, "\xff"+livePassword), status: 400, oauth: hiregate.OAuthInvalidRequest},
		{name: "ApplyCoverLetterNUL", method: "POST", path: "/jobs/" + job.ID + "/applications", token: cand, contentType: mpType, body: mpBody, status: 422, field: "cover_letter"},
		{name: "UserAgentInvalidUTF8", method: "POST", path: "/auth/login", contentType: formType, userAgent: "agent\xff/1", body: login(candEmail, livePassword), status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := send(t, a.URL(), tt)
			if status != tt.status {
				t.Fatalf("%s %s = %d %s, want %d", tt.method, tt.path, status, body, tt.status)
			}
			if status < 400 {
				return
			}
			var eb hiregate.ErrorBody
			if err := json.Unmarshal(body, &eb); err != nil || eb.Detail == "" {
				t.Fatalf("error body = %s, want the contract's {\"detail\": ...}", body)
			}
			if tt.field != "" && eb.Fields[tt.field] != hiregate.TextProblem {
				t.Errorf("fields = %v, want %s: %q", eb.Fields, tt.field, hiregate.TextProblem)
			}
			if eb.Error != tt.oauth {
				t.Errorf("error = %q, want %q", eb.Error, tt.oauth)
			}
		})
	}

	// The cleaned User-Agent is what the sessions list shows.
	c := srv.login(candEmail)
	sessions, err := c.Sessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var agents []string
	for _, s := range sessions {
		agents = append(agents, s.UserAgent)
	}
	if !slices.Contains(agents, "agent/1") {
		t.Errorf("session user agents = %q, want the cleaned \"agent/1\" among them", agents)
	}
}

func send(t *testing.T, base string, tt textCase) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(tt.method, base+tt.path, strings.NewReader(tt.body))
	if err != nil {
		t.Fatal(err)
	}
	if tt.contentType != "" {
		req.Header.Set("Content-Type", tt.contentType)
	}
	if tt.token != "" {
		req.Header.Set("Authorization", "Bearer "+tt.token)
	}
	if tt.userAgent != "" {
		req.Header.Set("User-Agent", tt.userAgent)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", tt.method, tt.path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}
