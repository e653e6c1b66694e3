package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// RunScoring runs the cases of store.Scoring.
func RunScoring(t *testing.T, open Opener) { runCases(t, open, scoringCases) }

var scoringCases = []testCase{
	{"Skills", testSkills},
	{"Ranking", testRanking},
	{"Rescore", testRescore},
	{"ImpactCounts", testImpactCounts},
	{"PruneAudit", testPruneAudit},
}

func testSkills(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	skills := []hiregate.Skill{{Name: "Go", Aliases: []string{"golang"}}, {Name: "Kubernetes", Aliases: []string{"k8s", "kube"}}}
	keys := []string{"go", "kubernetes"}
	if n, err := db.EnsureSkills(ctx, skills, keys, c.now()); err != nil || n != 2 {
		t.Fatalf("EnsureSkills = %d, %v; want 2", n, err)
	}
	if n, err := db.EnsureSkills(ctx, skills, keys, c.now()); err != nil || n != 0 {
		t.Errorf("EnsureSkills again = %d, %v; want 0", n, err)
	}
	got, err := db.ListSkills(ctx, "K8S", 10)
	if err != nil || len(got) != 1 || got[0].Name != "Kubernetes" || !reflect.DeepEqual(got[0].Aliases, []string{"k8s", "kube"}) {
		t.Errorf("ListSkills(K8S) = %+v, %v; want Kubernetes with its aliases", got, err)
	}
	if got, _ := db.ListSkills(ctx, "%", 10); len(got) != 0 {
		t.Errorf("ListSkills(%%) = %+v, want none: the pattern is literal", got)
	}
	if got, _ := db.ListSkills(ctx, "", 1); len(got) != 1 || got[0].Name != "Go" {
		t.Errorf("ListSkills(limit 1) = %+v, want Go", got)
	}
	// An edited skill's job must be rescored: import moves its version.
	r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	job := mustJob(t, db, c, r.ID, "Go dev", "Go", "Remote")
	if err := db.SetJobScoring(ctx, job.ID, hiregate.JobSkills{Required: []string{"Go"}, Nice: []string{}}); err != nil {
		t.Fatalf("SetJobScoring = %v", err)
	}
	before, _ := db.JobScorings(ctx, []string{job.ID})
	imp, err := db.ImportSkills(ctx, []hiregate.Skill{{Name: "GO", Aliases: []string{"golang", "go lang"}}, {Name: "Rust", Aliases: []string{}}},
		[]string{"go", "rust"}, c.now())
	if err != nil || *imp != (hiregate.SkillImport{Added: 1, Replaced: 1, Total: 3}) {
		t.Errorf("ImportSkills = %+v, %v; want 1 added, 1 replaced, 3 in all", imp, err)
	}
	after, _ := db.JobScorings(ctx, []string{job.ID})
	if after[job.ID].Version <= before[job.ID].Version {
		t.Errorf("job version after import = %d, want past %d", after[job.ID].Version, before[job.ID].Version)
	}
	m, err := db.SkillsByKey(ctx, []string{"go", "nope"})
	if err != nil || len(m) != 1 || m["go"].Name != "GO" || len(m["go"].Aliases) != 2 {
		t.Errorf("SkillsByKey = %+v, %v; want the replaced GO only", m, err)
	}
}

// scoredJob makes a job with n applications scored 10, 20, ... at
// version 0, marked scored.
func scoredJob(t *testing.T, db store.Store, c *clock, n int) (*hiregate.Job, []*hiregate.Application) {
	t.Helper()
	ctx := context.Background()
	r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	job := mustJob(t, db, c, r.ID, "Go dev", "Go", "Remote")
	var apps []*hiregate.Application
	for i := range n {
		u := mustUser(t, db, c, fmt.Sprintf("c%d@example.com", i), fmt.Sprintf("C%d", i), hiregate.RoleCandidate)
		a := mustApplication(t, db, c, job.ID, u.ID)
		apps = append(apps, a)
		score := 10 * (i + 1)
		if i == n-1 {
			score = 10 // a tie with the first
		}
		err := db.PutScore(ctx, job.ID, store.StoredScore{ApplicationID: a.ID, Score: score,
			Explain: []byte(`{"terms":["go"],"skills":[{"name":"Go","found_as":"golang"}],"missing":[]}`)})
		if err != nil {
			t.Fatalf("PutScore = %v", err)
		}
	}
	return job, apps
}

func testRanking(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	job, apps := scoredJob(t, db, c, 5)
	sc, err := db.JobScorings(ctx, []string{job.ID})
	if err != nil || sc[job.ID].Version != 0 || sc[job.ID].Scored != -1 || sc[job.ID].Skills.Required == nil {
		t.Fatalf("JobScorings(new job) = %+v, %v; want version 0, scored -1, empty skills", sc, err)
	}
	if _, _, err := db.RankedApplications(ctx, hiregate.ApplicationFilter{JobID: job.ID}); !errors.Is(err, store.ErrStaleScores) {
		t.Fatalf("RankedApplications(never scored) = %v, want ErrStaleScores", err)
	}
	if err := db.MarkScored(ctx, job.ID, 0); err != nil {
		t.Fatalf("MarkScored = %v", err)
	}
	// Best first; the two 10s newest first.
	want := []string{apps[3].ID, apps[2].ID, apps[1].ID, apps[4].ID, apps[0].ID}
	var got []string
	f := hiregate.ApplicationFilter{JobID: job.ID, Limit: 2}
	for page := 0; ; page++ {
		items, next, err := db.RankedApplications(ctx, f)
		if err != nil {
			t.Fatalf("RankedApplications page %d = %v", page, err)
		}
		for _, a := range items {
			got = append(got, a.ID)
			if a.Match == nil || len(a.Match.Skills) != 1 || a.Match.Skills[0].FoundAs != "golang" || len(a.History) != 1 {
				t.Errorf("item %s = match %+v, history %d; want the stored explanation and the history", a.ID, a.Match, len(a.History))
			}
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ranking = %v, want %v", got, want)
	}
	// A filter selects rows; it never changes a score.
	if _, err := db.MoveApplication(ctx, apps[2].ID, hiregate.StageScreening, hiregate.UserRef{ID: job.Recruiter.ID}, c.now(), nil); err != nil {
		t.Fatalf("MoveApplication = %v", err)
	}
	items, _, err := db.RankedApplications(ctx, hiregate.ApplicationFilter{JobID: job.ID, Status: hiregate.StageScreening})
	if err != nil || len(items) != 1 || items[0].ID != apps[2].ID || items[0].Match.Score != 30 {
		t.Errorf("RankedApplications(screening) = %+v, %v; want %s with 30", items, err, apps[2].ID)
	}
	// A change to the job makes the scores stale until rescored.
	if err := db.SetJobScoring(ctx, job.ID, hiregate.JobSkills{Required: []string{"Go"}}); err != nil {
		t.Fatalf("SetJobScoring = %v", err)
	}
	if _, _, err := db.RankedApplications(ctx, hiregate.ApplicationFilter{JobID: job.ID}); !errors.Is(err, store.ErrStaleScores) {
		t.Errorf("RankedApplications(after a change) = %v, want ErrStaleScores", err)
	}
}

func testRescore(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	job, apps := scoredJob(t, db, c, 5)
	if err := db.SetJobScoring(ctx, job.ID, hiregate.JobSkills{Required: []string{"Go"}}); err != nil {
		t.Fatalf("SetJobScoring = %v", err)
	}
	sc, _ := db.JobScorings(ctx, []string{job.ID})
	v := sc[job.ID].Version
	score := func(in []store.ScoreInput) []store.StoredScore {
		out := make([]store.StoredScore, len(in))
		for i, a := range in {
			out[i] = store.StoredScore{ApplicationID: a.ApplicationID, Score: 50, Explain: []byte(`{"terms":[],"skills":[],"missing":["Go"]}`)}
		}
		return out
	}
	if stale, err := db.StaleJobs(ctx, 10); err != nil || !slices.Contains(stale, job.ID) {
		t.Errorf("StaleJobs(after a change) = %v, %v; want %s in it", stale, err, job.ID)
	}
	if _, err := db.RescoreBatch(ctx, job.ID, v-1, "", 10, score); !errors.Is(err, store.ErrStaleScores) {
		t.Errorf("RescoreBatch(old version) = %v, want ErrStaleScores", err)
	}
	seen := 0
	for after := ""; ; {
		last, err := db.RescoreBatch(ctx, job.ID, v, after, 2, score)
		if err != nil {
			t.Fatalf("RescoreBatch = %v", err)
		}
		if last == "" {
			break
		}
		seen++
		after = last
	}
	if seen != 3 {
		t.Errorf("batches = %d, want 3 (5 applications, 2 a batch)", seen)
	}
	// Everything is at v: a new pass finds nothing.
	if last, err := db.RescoreBatch(ctx, job.ID, v, "", 10, score); err != nil || last != "" {
		t.Errorf("RescoreBatch(done) = %q, %v; want nothing left", last, err)
	}
	if err := db.MarkScored(ctx, job.ID, v-1); err != nil {
		t.Fatalf("MarkScored(old) = %v", err)
	}
	if sc, _ := db.JobScorings(ctx, []string{job.ID}); sc[job.ID].Fresh() {
		t.Errorf("MarkScored(old version) made the job fresh")
	}
	if stale, _ := db.StaleJobs(ctx, 10); !slices.Contains(stale, job.ID) {
		t.Errorf("StaleJobs(after MarkScored(old)) = %v, want %s in it", stale, job.ID)
	}
	if err := db.MarkScored(ctx, job.ID, v); err != nil {
		t.Fatalf("MarkScored = %v", err)
	}
	if stale, err := db.StaleJobs(ctx, 10); err != nil || slices.Contains(stale, job.ID) {
		t.Errorf("StaleJobs(scored) = %v, %v; want %s not in it", stale, err, job.ID)
	}
	items, _, err := db.RankedApplications(ctx, hiregate.ApplicationFilter{JobID: job.ID, Limit: 10})
	if err != nil || len(items) != len(apps) {
		t.Fatalf("RankedApplications = %d items, %v", len(items), err)
	}
	for _, a := range items {
		if a.Match.Score != 50 || !reflect.DeepEqual(a.Match.Missing, []string{"Go"}) {
			t.Errorf("rescored %s = %+v, want 50 missing Go", a.ID, a.Match)
		}
	}
}

// testImpactCounts: without answers everyone is "unknown" in every
// category; two of four reached interview; scores 10, 20, 30, 40 have
// the median 25, so two are above it.
func testImpactCounts(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	job, apps := scoredJob(t, db, c, 4)
	if err := db.PutScore(ctx, job.ID, store.StoredScore{ApplicationID: apps[3].ID, Score: 40, Explain: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	for _, a := range apps[2:] {
		if _, err := db.MoveApplication(ctx, a.ID, hiregate.StageInterview, hiregate.UserRef{ID: job.Recruiter.ID}, c.now(), nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.MoveApplication(ctx, apps[3].ID, hiregate.StageRejected, hiregate.UserRef{ID: job.Recruiter.ID}, c.now(), nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		f    hiregate.ImpactFilter
		want int
	}{
		{hiregate.ImpactFilter{JobID: job.ID, Stage: hiregate.StageInterview, By: hiregate.ImpactByStage}, 2},
		{hiregate.ImpactFilter{Stage: hiregate.StageOffer, By: hiregate.ImpactByStage}, 0},
		{hiregate.ImpactFilter{JobID: job.ID, By: hiregate.ImpactByScore}, 2},
		{hiregate.ImpactFilter{RecruiterID: job.Recruiter.ID, Stage: hiregate.StageScreening, By: hiregate.ImpactByStage}, 2},
	}
	for _, tt := range tests {
		got, err := db.ImpactCounts(ctx, tt.f)
		if err != nil {
			t.Fatalf("ImpactCounts(%+v) = %v", tt.f, err)
		}
		want := []store.ImpactCount{
			{Category: hiregate.CategoryAgeBand, Group: hiregate.ImpactUnknown, Applicants: 4, Selected: tt.want},
			{Category: hiregate.CategoryEthnicity, Group: hiregate.ImpactUnknown, Applicants: 4, Selected: tt.want},
			{Category: hiregate.CategoryGender, Group: hiregate.ImpactUnknown, Applicants: 4, Selected: tt.want},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ImpactCounts(%+v) = %+v, want %+v", tt.f, got, want)
		}
	}
	got, err := db.ImpactCounts(ctx, hiregate.ImpactFilter{JobID: job.ID, From: T0.Add(100 * 24 * time.Hour), Stage: hiregate.StageInterview})
	if err != nil || len(got) != 0 {
		t.Errorf("ImpactCounts(after every arrival) = %+v, %v; want no rows", got, err)
	}

	// With answers: each category counts every application once, in the
	// group of its own answer. apps[2] and apps[3] reached interview.
	str := func(s string) *string { return &s }
	answers := []hiregate.DemographicsRequest{
		{Gender: str("female"), Ethnicity: str("asian"), AgeBand: str("25_34")},
		{Gender: str("male"), Ethnicity: str("decline")},
		{Gender: str("female"), Ethnicity: str("white"), AgeBand: str("25_34")},
		{}, // answered nothing
	}
	for i, d := range answers {
		if _, err := db.PutDemographics(ctx, apps[i].Candidate.ID, d, c.now()); err != nil {
			t.Fatalf("PutDemographics = %v", err)
		}
	}
	got, err = db.ImpactCounts(ctx, hiregate.ImpactFilter{JobID: job.ID, Stage: hiregate.StageInterview, By: hiregate.ImpactByStage})
	want := []store.ImpactCount{
		{Category: hiregate.CategoryAgeBand, Group: "25_34", Applicants: 2, Selected: 1},
		{Category: hiregate.CategoryAgeBand, Group: hiregate.ImpactUnknown, Applicants: 2, Selected: 1},
		{Category: hiregate.CategoryEthnicity, Group: "asian", Applicants: 1, Selected: 0},
		{Category: hiregate.CategoryEthnicity, Group: hiregate.ImpactUnknown, Applicants: 2, Selected: 1},
		{Category: hiregate.CategoryEthnicity, Group: "white", Applicants: 1, Selected: 1},
		{Category: hiregate.CategoryGender, Group: "female", Applicants: 2, Selected: 1},
		{Category: hiregate.CategoryGender, Group: "male", Applicants: 1, Selected: 0},
		{Category: hiregate.CategoryGender, Group: hiregate.ImpactUnknown, Applicants: 1, Selected: 1},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ImpactCounts(with answers) = %+v, %v;\nwant %+v", got, err, want)
	}
}

func testPruneAudit(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	for _, at := range []time.Time{T0, T0.Add(time.Hour), T0.Add(2 * time.Hour)} {
		if err := db.RecordAudit(ctx, &hiregate.AuditEvent{At: at, Type: hiregate.AuditScreeningViewed, Detail: "job x"}); err != nil {
			t.Fatal(err)
		}
	}
	_ = c
	n, err := db.PruneAudit(ctx, T0.Add(time.Hour))
	if err != nil || n != 1 {
		t.Errorf("PruneAudit = %d, %v; want 1", n, err)
	}
	left, _, _ := db.ListAudit(ctx, hiregate.AuditFilter{})
	if len(left) != 2 {
		t.Errorf("after PruneAudit %d events, want 2", len(left))
	}
}
