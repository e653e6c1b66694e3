package hiring_test

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestBuildImpact: known answers. Women 20 of 50 selected (0.4), men 30 of
// 60 (0.5): ratios 0.8 and 1, no flag at exactly four-fifths. Non-binary
// 3 applicants: suppressed. Ethnicity: asian 10/20 (0.5), white 6/30
// (0.2): ratio 0.4, flagged; unknown is reported but never compared.
func TestBuildImpact(t *testing.T) {
	counts := []store.ImpactCount{
		{Category: "gender", Group: "female", Applicants: 50, Selected: 20},
		{Category: "gender", Group: "male", Applicants: 60, Selected: 30},
		{Category: "gender", Group: "non_binary", Applicants: 3, Selected: 3},
		{Category: "ethnicity", Group: "asian", Applicants: 20, Selected: 10},
		{Category: "ethnicity", Group: "white", Applicants: 30, Selected: 6},
		{Category: "ethnicity", Group: "unknown", Applicants: 63, Selected: 40},
	}
	r := hiring.BuildImpact(counts)
	if r.Applicants != 113 {
		t.Errorf("Applicants = %d, want 113", r.Applicants)
	}
	type row struct {
		rate, ratio float64
		flag, supp  bool
		hasRatio    bool
	}
	want := map[string]row{
		"gender/female":     {0.4, 0.8, false, false, true},
		"gender/male":       {0.5, 1, false, false, true},
		"gender/non_binary": {0, 0, false, true, false},
		"ethnicity/asian":   {0.5, 1, false, false, true},
		"ethnicity/white":   {0.2, 0.4, true, false, true},
		"ethnicity/unknown": {40.0 / 63, 0, false, false, false},
	}
	seen := 0
	for _, c := range r.Categories {
		for _, g := range c.Groups {
			w, ok := want[c.Category+"/"+g.Group]
			if !ok {
				t.Errorf("unexpected group %s/%s", c.Category, g.Group)
				continue
			}
			seen++
			if g.Applicants.Suppressed != w.supp {
				t.Errorf("%s/%s suppressed = %v, want %v", c.Category, g.Group, g.Applicants.Suppressed, w.supp)
			}
			if w.supp {
				if g.Rate != nil || g.Selected != nil || g.ImpactRatio != nil || g.Flag {
					t.Errorf("%s/%s suppressed but shows %+v", c.Category, g.Group, g)
				}
				continue
			}
			if g.Rate == nil || math.Abs(*g.Rate-w.rate) > 1e-9 {
				t.Errorf("%s/%s rate = %v, want %v", c.Category, g.Group, g.Rate, w.rate)
			}
			if (g.ImpactRatio != nil) != w.hasRatio || w.hasRatio && math.Abs(*g.ImpactRatio-w.ratio) > 1e-9 {
				t.Errorf("%s/%s impact ratio = %v, want %v", c.Category, g.Group, g.ImpactRatio, w.ratio)
			}
			if g.Flag != w.flag {
				t.Errorf("%s/%s flag = %v, want %v", c.Category, g.Group, g.Flag, w.flag)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("saw %d groups, want %d", seen, len(want))
	}
	b, _ := json.Marshal(r.Categories[0].Groups[2])
	var back map[string]any
	json.Unmarshal(b, &back)
	if back["applicants"] != "<5" || back["rate"] != nil || back["selected"] != nil {
		t.Errorf("suppressed group JSON = %s, want applicants \"<5\" and null counts", b)
	}
}

// TestImpactByScoreIsCurrent: the scoring-rate report over every job
// compares current scores, even right after a job edit that nothing has
// recomputed yet. Resumes Rust, Go, Go: with Rust required the median is
// a Go score and one application is above it; with Go required the
// median is a Go score and none is.
func TestImpactByScoreIsCurrent(t *testing.T) {
	t.Parallel()
	e := skilledEnv(t)
	j, err := e.svc.CreateJob(ctx, as(e.owner), hiregate.CreateJobRequest{Title: "Engineer",
		Skills: &hiregate.JobSkills{Required: []string{"Rust"}}})
	checkErr(t, err, "", "")
	for i, r := range []string{"Rust", "Go", "Go"} {
		u := e.user(t, fmt.Sprintf("c%d", i), hiregate.RoleCandidate)
		_, err := e.svc.Apply(ctx, as(u), j.ID, hiregate.CreateApplicationRequest{ResumeText: r})
		checkErr(t, err, "", "")
	}
	counts := func() (int, int) {
		t.Helper()
		c, err := e.db.ImpactCounts(ctx, hiregate.ImpactFilter{By: hiregate.ImpactByScore})
		if err != nil || len(c) == 0 {
			t.Fatalf("ImpactCounts = %v, %v", c, err)
		}
		return c[0].Applicants, c[0].Selected
	}
	if _, err := e.svc.Impact(ctx, as(e.admin), hiregate.ImpactFilter{By: hiregate.ImpactByScore}); err != nil {
		t.Fatal(err)
	}
	if n, sel := counts(); n != 3 || sel != 1 {
		t.Fatalf("before the edit: %d applicants, %d above the median; want 3 and 1", n, sel)
	}
	_, err = e.svc.UpdateJob(ctx, as(e.owner), j.ID, hiregate.UpdateJobRequest{Skills: &hiregate.JobSkills{Required: []string{"Go"}}})
	checkErr(t, err, "", "")
	if _, err := e.svc.Impact(ctx, as(e.owner), hiregate.ImpactFilter{By: hiregate.ImpactByScore}); err != nil {
		t.Fatal(err)
	}
	if n, sel := counts(); n != 3 || sel != 0 {
		t.Errorf("after the edit: %d applicants, %d above the median; want 3 and 0 (the report recomputed the job first)", n, sel)
	}
}
