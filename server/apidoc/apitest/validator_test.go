package apitest_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hiregate/hiregate/server/apidoc/apitest"
	"github.com/hiregate/hiregate/server/httpapi"
)

const (
	jobJSON = `{"id":"j1","title":"Go dev","description":"","location":"Remote","employment_type":"full_time",` +
		`"status":"open","recruiter":{"id":"u1","full_name":"Rita"},"created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:05Z","skills":{"required":[],"nice":[]},"blind_until":null}`
	appJSON = `{"id":"a1","job":{"id":"j1","title":"Go dev"},"candidate":{"id":"u2","full_name":"Cal","email":"c@example.com"},` +
		`"cover_letter":"","resume_text":"","status":"applied","created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:05Z",` +
		`"history":[{"status":"applied","at":"2026-01-02T03:04:05Z","by":"u2","by_name":"Cal"}]}`
	errJSON = `{"detail":"Not authenticated"}`
)

type canned struct {
	status int
	header map[string]string
	body   string
}

type reqSpec struct {
	method, path, contentType, body string
}

func TestValidatorTransport(t *testing.T) {
	jsonCT := map[string]string{"Content-Type": "application/json; charset=utf-8"}
	with := func(h map[string]string, k, v string) map[string]string {
		out := map[string]string{k: v}
		for kk, vv := range h {
			out[kk] = vv
		}
		return out
	}
	validJob := `{"title":"Go dev","employment_type":"contract","salary_min":1,"salary_max":2}`
	tests := []struct {
		name  string
		req   reqSpec
		resp  canned
		sides []string // the Mismatch.Side of each report, in order
	}{
		{
			name: "OK",
			req:  reqSpec{"POST", "/jobs", "application/json", validJob},
			resp: canned{201, with(jsonCT, "Location", "/jobs/j1"), jobJSON},
		},
		{
			name:  "ErrMissingLocation",
			req:   reqSpec{"POST", "/jobs", "application/json", validJob},
			resp:  canned{201, jsonCT, jobJSON},
			sides: []string{"response"},
		},
		{
			name:  "ErrResponseMissingField",
			req:   reqSpec{"GET", "/jobs/j1", "", ""},
			resp:  canned{200, jsonCT, strings.Replace(jobJSON, `"status":"open",`, "", 1)},
			sides: []string{"response"},
		},
		{
			name:  "ErrResponseBadEnum",
			req:   reqSpec{"GET", "/jobs/j1", "", ""},
			resp:  canned{200, jsonCT, strings.Replace(jobJSON, `"full_time"`, `"fulltime"`, 1)},
			sides: []string{"response"},
		},
		{
			name: "ResponseExtraFieldAllowed",
			req:  reqSpec{"GET", "/jobs/j1", "", ""},
			resp: canned{200, jsonCT, strings.Replace(jobJSON, `{`, `{"shiny":true,`, 1)},
		},
		{
			name:  "ErrUndocumentedStatus",
			req:   reqSpec{"GET", "/jobs/j1", "", ""},
			resp:  canned{418, jsonCT, `{"detail":"teapot"}`},
			sides: []string{"response"},
		},
		{
			name: "ErrorBody",
			req:  reqSpec{"GET", "/jobs/j1", "", ""},
			resp: canned{404, jsonCT, `{"detail":"Not found"}`},
		},
		{
			name:  "ErrErrorBodyWithoutDetail",
			req:   reqSpec{"GET", "/jobs/j1", "", ""},
			resp:  canned{404, jsonCT, `{"message":"Not found"}`},
			sides: []string{"response"},
		},
		{
			name: "Unauthorized",
			req:  reqSpec{"GET", "/users/me", "", ""},
			resp: canned{401, with(jsonCT, "WWW-Authenticate", "Bearer"), errJSON},
		},
		{
			name:  "ErrUnauthorizedWithoutChallenge",
			req:   reqSpec{"GET", "/users/me", "", ""},
			resp:  canned{401, jsonCT, errJSON},
			sides: []string{"response"},
		},
		{
			name:  "ErrNullItems",
			req:   reqSpec{"GET", "/jobs?limit=5", "", ""},
			resp:  canned{200, jsonCT, `{"items":null,"next_cursor":null}`},
			sides: []string{"response"},
		},
		{
			// /applications/my must route to the list, not to /applications/{id}.
			name: "StaticPathBeatsParam",
			req:  reqSpec{"GET", "/applications/my", "", ""},
			resp: canned{200, jsonCT, `{"items":[` + appJSON + `],"next_cursor":"abc"}`},
		},
		{
			name:  "ErrRequestUnknownField",
			req:   reqSpec{"POST", "/jobs", "application/json", `{"title":"x","role":"admin"}`},
			resp:  canned{422, jsonCT, `{"detail":"Validation failed","fields":{"role":"unknown field"}}`},
			sides: []string{"request"},
		},
		{
			name:  "ErrRequestTooLong",
			req:   reqSpec{"POST", "/jobs", "application/json", `{"title":"` + strings.Repeat("x", 201) + `"}`},
			resp:  canned{422, jsonCT, `{"detail":"Validation failed","fields":{"title":"must be at most 200 characters"}}`},
			sides: []string{"request"},
		},
		{
			name:  "ErrRequestBadQuery",
			req:   reqSpec{"GET", "/jobs?limit=1000&status=gone", "", ""},
			resp:  canned{422, jsonCT, `{"detail":"Validation failed"}`},
			sides: []string{"request"},
		},
		{
			name:  "ErrUndocumentedRoute",
			req:   reqSpec{"DELETE", "/jobs/j1", "", ""},
			resp:  canned{204, nil, ""},
			sides: []string{"request"},
		},
		{
			name: "LoginForm",
			req: reqSpec{"POST", "/auth/login", "application/x-www-form-urlencoded",
				url.Values{"grant_type": {"password"}, "username": {"r@example.com"}, "password": {"pw-123456"}, "scope": {""}}.Encode()},
			resp: canned{200, with(jsonCT, "Cache-Control", "no-store"), `{"access_token":"a","token_type":"bearer","expires_in":900,"refresh_token":"r"}`},
		},
		{
			name: "LoginInvalidGrant",
			req: reqSpec{"POST", "/auth/login", "application/x-www-form-urlencoded",
				url.Values{"username": {"r@example.com"}, "password": {"wrong"}}.Encode()},
			resp: canned{401, with(jsonCT, "WWW-Authenticate", "Bearer"), `{"detail":"Invalid credentials","error":"invalid_grant"}`},
		},
		{
			name: "NoContent",
			req:  reqSpec{"POST", "/auth/logout", "", ""},
			resp: canned{204, nil, ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotBody string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				gotBody = string(b)
				for k, v := range tt.resp.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.resp.status)
				io.WriteString(w, tt.resp.body)
			}))
			t.Cleanup(srv.Close)

			v, err := apitest.NewValidator(httpapi.Spec())
			if err != nil {
				t.Fatalf("NewValidator() error = %v", err)
			}
			var mu sync.Mutex
			var reports []error
			client := &http.Client{Transport: v.Transport(nil, func(err error) {
				mu.Lock()
				defer mu.Unlock()
				reports = append(reports, err)
			})}

			var body io.Reader
			if tt.req.body != "" {
				body = strings.NewReader(tt.req.body)
			}
			req, err := http.NewRequest(tt.req.method, srv.URL+tt.req.path, body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.req.contentType != "" {
				req.Header.Set("Content-Type", tt.req.contentType)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("Do() error = %v", err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)

			// The transport is transparent: both ends see the bytes sent.
			if gotBody != tt.req.body {
				t.Errorf("server got body %q, want %q", gotBody, tt.req.body)
			}
			if string(b) != tt.resp.body || resp.StatusCode != tt.resp.status {
				t.Errorf("client got %d %q, want %d %q", resp.StatusCode, b, tt.resp.status, tt.resp.body)
			}

			t.Logf("reports: %v", reports)
			var sides []string
			for _, r := range reports {
				var m *apitest.Mismatch
				if !errors.As(r, &m) {
					t.Fatalf("report %v is not a *Mismatch", r)
				}
				sides = append(sides, m.Side)
				if apitest.IsRequestMismatch(r) != (m.Side == "request") {
					t.Errorf("IsRequestMismatch(%v) disagrees with Side %q", r, m.Side)
				}
			}
			if !slices.Equal(sides, tt.sides) {
				t.Errorf("reports = %v, want sides %v", reports, tt.sides)
			}
		})
	}
}

// The transport must pass transport errors through and never report them
// as mismatches.
func TestValidatorTransportError(t *testing.T) {
	v, err := apitest.NewValidator(httpapi.Spec())
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	var reports []error
	rt := v.Transport(roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, boom }), func(err error) { reports = append(reports, err) })
	req := httptest.NewRequest(http.MethodGet, "http://x/jobs", nil)
	if _, err := rt.RoundTrip(req); !errors.Is(err, boom) {
		t.Errorf("RoundTrip() error = %v, want %v", err, boom)
	}
	if len(reports) != 0 {
		t.Errorf("reports = %v, want none", reports)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
