package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func strp(s string) *string { return &s }

func TestDemographicsOwnOnly(t *testing.T) {
	e := newEnv(t)
	w := newFairnessWorld(t, e)

	d, err := w.cand.Demographics(bg)
	wantOK(t, "read before answering", err)
	if d.Gender != nil || d.Ethnicity != nil || d.AgeBand != nil {
		t.Fatalf("before answering: %+v", d)
	}
	tests := []struct {
		name string
		req  hiregate.DemographicsRequest
		code string
	}{
		{"unknown gender", hiregate.DemographicsRequest{Gender: strp("woman")}, hiregate.EINVALID},
		{"unknown ethnicity", hiregate.DemographicsRequest{Ethnicity: strp("other")}, hiregate.EINVALID},
		{"unknown age band", hiregate.DemographicsRequest{AgeBand: strp("30")}, hiregate.EINVALID},
		{"decline all", hiregate.DemographicsRequest{Gender: strp("decline"), Ethnicity: strp("decline"), AgeBand: strp("decline")}, ""},
	}
	for _, tt := range tests {
		_, err := w.cand.PutDemographics(bg, tt.req)
		wantCode(t, tt.name, err, tt.code)
	}
	for who, c := range map[string]clientT{"recruiter": w.p.rec, "admin": w.p.admin} {
		_, err := c.PutDemographics(bg, hiregate.DemographicsRequest{Gender: strp("male")})
		wantCode(t, who+" answers", err, hiregate.EFORBIDDEN)
		_, err = c.Demographics(bg)
		wantCode(t, who+" reads", err, hiregate.EFORBIDDEN)
	}
	resp := e.raw(http.MethodPut, "/users/me/demographics", "application/json", tokenOf(w.cand), strings.NewReader(`{"gender":"female","shoe_size":"44"}`))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown field: %d, want 422", resp.StatusCode)
	}

	// Answers only a few would give, so that finding them in a response
	// can only mean this person's answers leaked.
	want := hiregate.DemographicsRequest{Gender: strp("non_binary"), Ethnicity: strp("native_hawaiian_or_pacific_islander"), AgeBand: strp("65_plus")}
	_, err = w.cand.PutDemographics(bg, want)
	wantOK(t, "answer", err)
	got, err := w.cand.Demographics(bg)
	wantOK(t, "read", err)
	if *got.Gender != "non_binary" || *got.Ethnicity != "native_hawaiian_or_pacific_islander" || *got.AgeBand != "65_plus" || got.UpdatedAt == nil {
		t.Fatalf("read back %+v", got)
	}
	_, exp, err := w.cand.Export(bg)
	wantOK(t, "export", err)
	if exp.Demographics == nil || *exp.Demographics.Ethnicity != "native_hawaiian_or_pacific_islander" {
		t.Errorf("the candidate's export lacks their answers: %+v", exp.Demographics)
	}

	// Every GET route, as every role (the candidate too, but for the two
	// routes that are theirs to read), is grepped for the answers.
	answers := []string{"non_binary", "native_hawaiian", "65_plus"}
	own := map[string]bool{"/users/me/demographics": true, "/users/me/export": true}
	docs := map[string]bool{"/openapi.json": true, "/docs": true, "/docs/:asset": true}
	// The impact report names every group whoever answered; it is read
	// for its counts instead: with one person answering, every group
	// must be suppressed.
	aggregate := map[string]bool{"/reports/impact": true}
	callers := map[string]clientT{"candidate": w.cand, "other candidate": w.p.cc2, "recruiter": w.p.rec, "other recruiter": w.p.rec2, "admin": w.p.admin}
	checked := 0
	for _, r := range e.router.Routes() {
		if r.Method != http.MethodGet || streamingRoutes[r.Method+" "+r.Path] || docs[r.Path] {
			continue
		}
		for who, c := range callers {
			if who == "candidate" && own[r.Path] {
				continue
			}
			path := w.path(r.Path, w.candID)
			status, body := get(t, e, path, tokenOf(c))
			if aggregate[r.Path] {
				wantSuppressed(t, who+" GET "+path, status, body)
				checked++
				continue
			}
			for _, a := range answers {
				if strings.Contains(body, a) {
					t.Errorf("%s GET %s (%d) shows the answer %q", who, path, status, a)
				}
			}
			checked++
		}
	}
	if checked < 50 {
		t.Fatalf("only %d calls checked: the route table was not enumerated", checked)
	}

	// Erasing the account erases the answers.
	wantOK(t, "erase", w.cand.EraseAccount(bg, testPassword))
	if d, err := e.db.Demographics(bg, w.candID); err != nil || d.UpdatedAt != nil {
		t.Errorf("after erasure the store still has %+v (%v)", d, err)
	}
}

// wantSuppressed fails unless an impact report (or a refusal) shows no
// group's counts.
func wantSuppressed(t *testing.T, what string, status int, body string) {
	t.Helper()
	if status != http.StatusOK {
		return
	}
	var rep hiregate.ImpactReport
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for _, c := range rep.Categories {
		for _, g := range c.Groups {
			if !g.Applicants.Suppressed || g.Selected != nil || g.Rate != nil {
				t.Errorf("%s: group %s/%s shows counts of fewer than %d people: %+v", what, c.Category, g.Group, hiregate.ImpactSuppressBelow, g)
			}
		}
	}
}
