package hiring_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/server/screening"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func skilledEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	if err := e.svc.EnsureBuiltinSkills(ctx); err != nil {
		t.Fatalf("EnsureBuiltinSkills = %v", err)
	}
	return e
}

func TestJobSkills(t *testing.T) {
	t.Parallel()
	e := skilledEnv(t)
	_, err := e.svc.CreateJob(ctx, as(e.owner), hiregate.CreateJobRequest{Title: "Dev",
		Skills: &hiregate.JobSkills{Required: []string{"golang", "Basket weaving"}}})
	checkErr(t, err, hiregate.EINVALID, "")
	var he *hiregate.Error
	if !errors.As(err, &he) || he.Fields["skills.required"] == "" {
		t.Errorf("CreateJob(unknown skill) = %v, want skills.required named", err)
	}
	j, err := e.svc.CreateJob(ctx, as(e.owner), hiregate.CreateJobRequest{Title: "Dev",
		Skills: &hiregate.JobSkills{Required: []string{"golang", " GO "}, Nice: []string{"k8s"}}})
	checkErr(t, err, "", "")
	want := hiregate.JobSkills{Required: []string{"Go"}, Nice: []string{"Kubernetes"}}
	if !reflect.DeepEqual(j.Skills, want) {
		t.Errorf("CreateJob skills = %+v, want %+v (names as the list spells them, once)", j.Skills, want)
	}
	got, err := e.svc.Job(ctx, as(e.cand), j.ID)
	checkErr(t, err, "", "")
	if !reflect.DeepEqual(got.Skills, want) {
		t.Errorf("Job skills = %+v, want %+v", got.Skills, want)
	}
	// A PATCH without skills keeps them; with skills replaces them.
	title := "Senior dev"
	u, err := e.svc.UpdateJob(ctx, as(e.owner), j.ID, hiregate.UpdateJobRequest{Title: &title})
	checkErr(t, err, "", "")
	if !reflect.DeepEqual(u.Skills, want) {
		t.Errorf("UpdateJob(title) skills = %+v, want them kept", u.Skills)
	}
	u, err = e.svc.UpdateJob(ctx, as(e.owner), j.ID, hiregate.UpdateJobRequest{Skills: &hiregate.JobSkills{Nice: []string{"C++"}}})
	checkErr(t, err, "", "")
	if want := (hiregate.JobSkills{Required: []string{}, Nice: []string{"C++"}}); !reflect.DeepEqual(u.Skills, want) {
		t.Errorf("UpdateJob(skills) = %+v, want %+v", u.Skills, want)
	}
}

// rankAll reads the whole ranking of j with f, page by page, as score
// and explanation per application.
func rankAll(t *testing.T, e *env, j *hiregate.Job, f hiregate.ApplicationFilter) map[string]hiregate.Match {
	t.Helper()
	out := map[string]hiregate.Match{}
	f.Sort = hiregate.SortMatch
	last := 101
	for {
		apps, next, err := e.svc.JobApplications(ctx, as(e.owner), j.ID, f)
		checkErr(t, err, "", "")
		for _, a := range apps {
			if a.Match.Score > last {
				t.Errorf("ranking not best first: %d after %d", a.Match.Score, last)
			}
			last = a.Match.Score
			out[a.ID] = *a.Match
		}
		if next == "" {
			return out
		}
		f.Cursor = next
	}
}

// TestScoresConsistent: an application's score is the same whatever the
// filter and page, and is the formula applied to the job and it alone.
func TestScoresConsistent(t *testing.T) {
	t.Parallel()
	e := skilledEnv(t)
	j, err := e.svc.CreateJob(ctx, as(e.owner), hiregate.CreateJobRequest{Title: "Go engineer", Description: "Kubernetes and PostgreSQL",
		Skills: &hiregate.JobSkills{Required: []string{"Go", "Kubernetes"}, Nice: []string{"PostgreSQL"}}})
	checkErr(t, err, "", "")
	resumes := []string{"golang, k8s, postgres", "Go only", "", "Java", "Kubernetes operator in Go", "psql and golang engineer", "good goals"}
	var apps []*hiregate.Application
	for i, r := range resumes {
		u := e.user(t, fmt.Sprintf("c%d", i), hiregate.RoleCandidate)
		a, err := e.svc.Apply(ctx, as(u), j.ID, hiregate.CreateApplicationRequest{ResumeText: r})
		checkErr(t, err, "", "")
		apps = append(apps, a)
	}
	for _, a := range apps[:3] {
		_, err := e.svc.MoveApplication(ctx, as(e.owner), a.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageScreening})
		checkErr(t, err, "", "")
	}
	all := rankAll(t, e, j, hiregate.ApplicationFilter{Limit: 100})
	paged := rankAll(t, e, j, hiregate.ApplicationFilter{Limit: 2})
	screened := rankAll(t, e, j, hiregate.ApplicationFilter{Status: hiregate.StageScreening, Limit: 1})
	if len(all) != len(resumes) || !reflect.DeepEqual(all, paged) || len(screened) != 3 {
		t.Fatalf("rankings: all %d, paged equal %v, screening %d", len(all), reflect.DeepEqual(all, paged), len(screened))
	}
	spec := screening.NewSpec(j.Title, j.Description,
		[]hiregate.Skill{{Name: "Go", Aliases: []string{"golang"}}, {Name: "Kubernetes", Aliases: []string{"k8s", "kube"}}},
		[]hiregate.Skill{{Name: "PostgreSQL", Aliases: []string{"postgres", "psql", "pgsql"}}})
	for i, a := range apps {
		if s, ok := screened[a.ID]; ok && !reflect.DeepEqual(s, all[a.ID]) {
			t.Errorf("%q: screening filter %+v, all %+v", resumes[i], s, all[a.ID])
		}
		if want := spec.Score(resumes[i], ""); all[a.ID].Score != want.Score {
			t.Errorf("%q: score %d, want %d", resumes[i], all[a.ID].Score, want.Score)
		}
	}
	if m := all[apps[0].ID]; len(m.Missing) != 0 || len(m.Skills) != 3 {
		t.Errorf("full match = %+v, want all three skills found", m)
	}
	if m := all[apps[6].ID]; len(m.Skills) != 0 {
		t.Errorf("\"good goals\" found %v, want nothing", m.Skills)
	}
	// Every ranking viewed is audited.
	ev, _, err := e.db.ListAudit(ctx, hiregate.AuditFilter{Type: hiregate.AuditScreeningViewed, Limit: 100})
	if err != nil || len(ev) == 0 || ev[0].UserID != e.owner.ID || ev[0].Detail != "job "+j.ID {
		t.Errorf("screening_viewed events = %+v, %v; want the owner and the job", ev, err)
	}
}

// TestScoresFollowChanges: a resume upload and a job edit show in the
// very next ranking.
func TestScoresFollowChanges(t *testing.T) {
	t.Parallel()
	e := skilledEnv(t)
	j, err := e.svc.CreateJob(ctx, as(e.owner), hiregate.CreateJobRequest{Title: "Engineer",
		Skills: &hiregate.JobSkills{Required: []string{"Rust"}}})
	checkErr(t, err, "", "")
	a, err := e.svc.Apply(ctx, as(e.cand), j.ID, hiregate.CreateApplicationRequest{ResumeText: "Go"})
	checkErr(t, err, "", "")
	if m := rankAll(t, e, j, hiregate.ApplicationFilter{})[a.ID]; !reflect.DeepEqual(m.Missing, []string{"Rust"}) {
		t.Fatalf("before: %+v, want Rust missing", m)
	}
	_, err = e.svc.UploadResume(ctx, as(e.cand), a.ID, textFile("cv.txt", "Rust and Go engineer"))
	checkErr(t, err, "", "")
	if m := rankAll(t, e, j, hiregate.ApplicationFilter{})[a.ID]; len(m.Missing) != 0 || len(m.Skills) != 1 {
		t.Errorf("after upload: %+v, want Rust found", m)
	}
	_, err = e.svc.UpdateJob(ctx, as(e.owner), j.ID, hiregate.UpdateJobRequest{Skills: &hiregate.JobSkills{Required: []string{"Rust", "Kubernetes"}}})
	checkErr(t, err, "", "")
	if m := rankAll(t, e, j, hiregate.ApplicationFilter{})[a.ID]; !reflect.DeepEqual(m.Missing, []string{"Kubernetes"}) {
		t.Errorf("after the job's edit: %+v, want Kubernetes missing", m)
	}
}

// TestRescoredInBackground: with the background work started, a job edit
// brings the stored scores up to date without any ranking asking, so the
// store itself answers the ranking fresh.
func TestRescoredInBackground(t *testing.T) {
	t.Parallel()
	e := skilledEnv(t)
	done := make(chan string, 10)
	hiring.OnRescored(e.svc, func(id string) { done <- id })
	stop := e.svc.Start(t.Logf)
	defer stop()
	j, err := e.svc.CreateJob(ctx, as(e.owner), hiregate.CreateJobRequest{Title: "Engineer",
		Skills: &hiregate.JobSkills{Required: []string{"Rust"}}})
	checkErr(t, err, "", "")
	a, err := e.svc.Apply(ctx, as(e.cand), j.ID, hiregate.CreateApplicationRequest{ResumeText: "Rust and Go"})
	checkErr(t, err, "", "")
	_, err = e.svc.UpdateJob(ctx, as(e.owner), j.ID, hiregate.UpdateJobRequest{Skills: &hiregate.JobSkills{Required: []string{"Rust", "Kubernetes"}}})
	checkErr(t, err, "", "")
	// The job's creation with skills may have been recomputed in the
	// background too, before the edit: wait for the one that makes the
	// store's ranking fresh.
	deadline := time.After(time.Minute)
	var apps []hiregate.Application
	for fresh := false; !fresh; {
		select {
		case id := <-done:
			if id != j.ID {
				t.Fatalf("rescored %s, want %s", id, j.ID)
			}
		case <-deadline:
			t.Fatal("the job's scores are not fresh a minute after the edit")
		}
		apps, _, err = e.db.RankedApplications(ctx, hiregate.ApplicationFilter{JobID: j.ID, Limit: 10})
		fresh = !errors.Is(err, store.ErrStaleScores)
	}
	if err != nil || len(apps) != 1 || apps[0].ID != a.ID {
		t.Fatalf("store ranking after the background recomputation = %v, %v; want the one application", apps, err)
	}
	if m := apps[0].Match; !reflect.DeepEqual(m.Missing, []string{"Kubernetes"}) {
		t.Errorf("stored match = %+v, want Kubernetes missing (the edit's skills)", m)
	}
}

// TestRankingViewsAudited: with the background work started, ranking
// views are committed together, and stop commits the ones still held:
// none is lost. After stop a ranking writes its own.
func TestRankingViewsAudited(t *testing.T) {
	t.Parallel()
	e := skilledEnv(t)
	stop := e.svc.Start(t.Logf)
	j, err := e.svc.CreateJob(ctx, as(e.owner), hiregate.CreateJobRequest{Title: "Engineer"})
	checkErr(t, err, "", "")
	for range 5 {
		_, _, err := e.svc.JobApplications(ctx, as(e.owner), j.ID, hiregate.ApplicationFilter{Sort: hiregate.SortMatch})
		checkErr(t, err, "", "")
	}
	// An unranked list is not a use of the ranking.
	_, _, err = e.svc.JobApplications(ctx, as(e.owner), j.ID, hiregate.ApplicationFilter{})
	checkErr(t, err, "", "")
	stop()
	count := func() int {
		ev, _, err := e.db.ListAudit(ctx, hiregate.AuditFilter{Type: hiregate.AuditScreeningViewed, Limit: 100})
		if err != nil {
			t.Fatalf("ListAudit = %v", err)
		}
		for _, x := range ev {
			if x.UserID != e.owner.ID || x.Detail != "job "+j.ID {
				t.Errorf("screening_viewed = %+v, want the owner and the job", x)
			}
		}
		return len(ev)
	}
	if n := count(); n != 5 {
		t.Errorf("screening_viewed after stop = %d, want 5", n)
	}
	_, _, err = e.svc.JobApplications(ctx, as(e.owner), j.ID, hiregate.ApplicationFilter{Sort: hiregate.SortMatch})
	checkErr(t, err, "", "")
	if n := count(); n != 6 {
		t.Errorf("screening_viewed after a ranking after stop = %d, want 6", n)
	}
}
