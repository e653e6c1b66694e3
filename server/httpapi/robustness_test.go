package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestNoServerErrorForClientInput sends every documented operation a set of
// hostile requests, as every role and as nobody, and requires a client
// error or success: nothing a client can send may answer 500.
func TestNoServerErrorForClientInput(t *testing.T) {
	e := newEnv(t)
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	_, cand := e.user(hiregate.RoleCandidate, "cand@example.com")
	_, admin := e.user(hiregate.RoleAdmin, "admin@example.com")
	job, err := rec.CreateJob(bg, validJob("Target"))
	wantOK(t, "CreateJob", err)
	app, err := cand.Apply(bg, job.ID, hiregate.CreateApplicationRequest{})
	wantOK(t, "Apply", err)

	tokens := map[string]string{"anonymous": "", "candidate": tokenOf(cand), "recruiter": tokenOf(rec), "admin": tokenOf(admin)}
	ids := []string{job.ID, app.ID, strings.Repeat("x", 600), "%00", "'; DROP TABLE jobs; --"}
	bodies := []struct{ contentType, body string }{
		{"application/json", `{}`},
		{"application/json", `{"title":null,"status":"hired","role":"admin","active":"yes"}`},
		{"application/json", `{"salary_min":-1e308,"salary_max":1e308}`},
		{"application/json", `{"status":"` + strings.Repeat("z", 5000) + `"}`},
		{"application/json", `[{"a":1}]`},
		{"application/json", `{"body":"\u0000\ud800"}`},
		{"application/json", "\xff\xfe"},
		{"application/x-www-form-urlencoded", "grant_type=password&username=%ff&password=%zz"},
		{"multipart/form-data; boundary=x", "--x\r\nbroken"},
		{"text/plain", "hello"},
		{"", ""},
	}
	queries := []string{"", "?limit=99999999999999999999&cursor=%ff%fe", "?q=%22*%28&status=%00&role=x&type=y&user=z&mine=1"}

	for _, op := range e.router.Routes() {
		if op.Path == "/docs/:asset" {
			continue
		}
		for _, id := range ids {
			path := strings.ReplaceAll(op.Path, ":id", id)
			for role, tok := range tokens {
				for _, q := range queries {
					for _, b := range bodies {
						if op.Method == "GET" && b.body != "" {
							continue
						}
						req, err := http.NewRequest(op.Method, e.srv.URL+path+q, strings.NewReader(b.body))
						if err != nil {
							continue // not a URL any client can send
						}
						if b.contentType != "" {
							req.Header.Set("Content-Type", b.contentType)
						}
						if tok != "" {
							req.Header.Set("Authorization", "Bearer "+tok)
						}
						resp, err := http.DefaultClient.Do(req)
						if err != nil {
							t.Fatalf("%s %s: %v", op.Method, path+q, err)
						}
						resp.Body.Close()
						if resp.StatusCode >= 500 {
							t.Errorf("%s %s%s as %s with %q: status %d", op.Method, path, q, role, b.body, resp.StatusCode)
						}
					}
				}
			}
		}
	}
	// The barrage logged everyone out (it includes /auth/logout), but must
	// not have damaged any data.
	if _, err := e.login("cand@example.com").Application(bg, app.ID); err != nil {
		t.Errorf("the candidate's application after the barrage: %v", err)
	}
}
