package httpapi_test

import (
	"context"
	"testing"

	"github.com/hiregate/hiregate/server/httpapi"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// frozen is a store version that never changes: with it the page cache
// must serve what it holds, which shows the cache is in the path at all.
type frozen struct{}

func (frozen) Version(context.Context) (uint64, error) { return 7, nil }

func titles(l *hiregate.List[hiregate.Job]) map[string]bool {
	m := map[string]bool{}
	for _, j := range l.Items {
		m[j.Title] = true
	}
	return m
}

func TestPageCacheServesFromMemory(t *testing.T) {
	e := newEnvWith(t, func(c *httpapi.Config) { c.Versions = frozen{} })
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	_, cand := e.user(hiregate.RoleCandidate, "cand@example.com")
	if _, err := rec.CreateJob(bg, validJob("First")); err != nil {
		t.Fatal(err)
	}
	first, err := cand.ListJobs(bg, hiregate.JobFilter{})
	wantOK(t, "ListJobs", err)
	if _, err := rec.CreateJob(bg, validJob("Second")); err != nil {
		t.Fatal(err)
	}
	again, err := cand.ListJobs(bg, hiregate.JobFilter{})
	wantOK(t, "ListJobs", err)
	if len(again.Items) != len(first.Items) || titles(again)["Second"] {
		t.Fatalf("ListJobs with a frozen version = %v, want the cached %v", titles(again), titles(first))
	}
}

// With the real version, nobody sees another caller's page and nobody
// sees a page older than a write (their own or anyone's).
func TestPageCacheVisibilityAndFreshness(t *testing.T) {
	e := newEnv(t)
	p := e.people()
	rec, rec2, cand, cand2, admin := p.rec, p.rec2, p.cc, p.cc2, p.admin
	open, err := rec.CreateJob(bg, validJob("Open job"))
	wantOK(t, "CreateJob", err)
	closed, err := rec.CreateJob(bg, validJob("Closed job"))
	wantOK(t, "CreateJob", err)
	if _, err := rec.UpdateJob(bg, closed.ID, hiregate.UpdateJobRequest{Status: ptr(hiregate.JobClosed)}); err != nil {
		t.Fatal(err)
	}
	other, err := rec2.CreateJob(bg, validJob("Other recruiter's job"))
	wantOK(t, "CreateJob", err)

	type view struct {
		name   string
		c      clientT
		f      hiregate.JobFilter
		want   []string
		counts bool
	}
	views := []view{
		{"candidate", cand, hiregate.JobFilter{}, []string{open.Title, other.Title}, false},
		{"recruiter", rec, hiregate.JobFilter{}, []string{open.Title, closed.Title}, true},
		{"other recruiter", rec2, hiregate.JobFilter{}, []string{other.Title}, true},
		{"second candidate", cand2, hiregate.JobFilter{}, []string{open.Title, other.Title}, false},
		{"candidate asking for closed", cand, hiregate.JobFilter{Status: hiregate.JobClosed}, nil, false},
		{"admin", admin, hiregate.JobFilter{}, []string{open.Title, closed.Title, other.Title}, true},
		{"admin, mine", admin, hiregate.JobFilter{Mine: true}, nil, true},
	}
	check := func(t *testing.T, when string, vs []view) {
		t.Helper()
		for _, v := range vs {
			// Twice: the second answer comes from the cache.
			for range 2 {
				l, err := v.c.ListJobs(bg, v.f)
				wantOK(t, "ListJobs "+v.name, err)
				got := titles(l)
				if len(got) != len(v.want) {
					t.Fatalf("%s: ListJobs as %s = %v, want %v", when, v.name, got, v.want)
				}
				for _, w := range v.want {
					if !got[w] {
						t.Fatalf("%s: ListJobs as %s = %v, want %v", when, v.name, got, v.want)
					}
				}
				for _, j := range l.Items {
					if (j.ApplicationCounts != nil) != v.counts {
						t.Fatalf("%s: ListJobs as %s: job %q counts = %v, want counts=%v", when, v.name, j.Title, j.ApplicationCounts, v.counts)
					}
				}
			}
		}
	}
	check(t, "start", views)

	// The recruiter closes the open job: candidates stop seeing it at once.
	if _, err := rec.UpdateJob(bg, open.ID, hiregate.UpdateJobRequest{Status: ptr(hiregate.JobClosed)}); err != nil {
		t.Fatal(err)
	}
	views[0].want, views[3].want = []string{other.Title}, []string{other.Title}
	check(t, "after closing", views[:4])

	// The recruiter's own new job is on their very next page.
	fresh, err := rec.CreateJob(bg, validJob("Fresh job"))
	wantOK(t, "CreateJob", err)
	views[1].want = append(views[1].want, fresh.Title)
	views[0].want = append(views[0].want, fresh.Title)
	check(t, "after posting", views[:2])

	// An application changes the owner's counts on the next page.
	if _, err := cand.Apply(bg, fresh.ID, hiregate.CreateApplicationRequest{CoverLetter: "Hello", ResumeText: "Experience."}); err != nil {
		t.Fatal(err)
	}
	l, err := rec.ListJobs(bg, hiregate.JobFilter{})
	wantOK(t, "ListJobs", err)
	for _, j := range l.Items {
		if j.ID == fresh.ID && j.ApplicationCounts[hiregate.StageApplied] != 1 {
			t.Fatalf("after an application: counts = %v, want applied 1", j.ApplicationCounts)
		}
	}
}

// A job's applications are served from the cache too, per caller: a
// ranking served from memory is still audited, and another recruiter
// never gets the owner's cached page.
func TestPageCacheJobApplications(t *testing.T) {
	e := newEnvWith(t, func(c *httpapi.Config) { c.Versions = frozen{} })
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	_, rec2 := e.user(hiregate.RoleRecruiter, "rec2@example.com")
	_, cand := e.user(hiregate.RoleCandidate, "cand@example.com")
	_, cand2 := e.user(hiregate.RoleCandidate, "cand2@example.com")
	_, cand3 := e.user(hiregate.RoleCandidate, "cand3@example.com")
	job, err := rec.CreateJob(bg, validJob("Go engineer"))
	wantOK(t, "CreateJob", err)
	_, err = cand.Apply(bg, job.ID, hiregate.CreateApplicationRequest{ResumeText: "Go"})
	wantOK(t, "Apply", err)
	for _, tt := range []struct {
		sort     hiregate.ApplicationSort
		applies  clientT
		existing int
	}{{"", cand2, 1}, {hiregate.SortMatch, cand3, 2}} {
		f := hiregate.ApplicationFilter{Sort: tt.sort}
		first, err := rec.JobApplications(bg, job.ID, f)
		wantOK(t, "JobApplications", err)
		_, err = tt.applies.Apply(bg, job.ID, hiregate.CreateApplicationRequest{ResumeText: "Go"})
		wantOK(t, "Apply", err)
		again, err := rec.JobApplications(bg, job.ID, f)
		wantOK(t, "JobApplications", err)
		if len(first.Items) != tt.existing || len(again.Items) != tt.existing {
			t.Fatalf("sort %q with a frozen version: %d then %d items, want the cached %d", tt.sort, len(first.Items), len(again.Items), tt.existing)
		}
		_, err = rec2.JobApplications(bg, job.ID, f)
		wantCode(t, "another recruiter's JobApplications", err, hiregate.ENOTFOUND)
	}
	me, err := rec.Me(bg)
	wantOK(t, "Me", err)
	events, _, err := e.acc.ListAudit(bg, hiregate.AuditFilter{UserID: me.ID, Type: hiregate.AuditScreeningViewed})
	wantOK(t, "ListAudit", err)
	if len(events) != 2 {
		t.Errorf("screening_viewed = %d events, want 2: one ranking from the store, one from the cache", len(events))
	}
}
