package hiring_test

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestListJobs checks who sees which jobs (API.md "Roles", GET /jobs):
// candidates the open jobs only, recruiters their own, admins all (their
// own with mine), and the filters each may use.
func TestListJobs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ownOpen := e.job(t, e.owner, "Own open", hiregate.JobOpen)
	ownClosed := e.job(t, e.owner, "Own closed", hiregate.JobClosed)
	otherOpen := e.job(t, e.recruiter, "Other open", hiregate.JobOpen)
	otherClosed := e.job(t, e.recruiter, "Other closed", hiregate.JobClosed)
	adminOpen := e.job(t, e.admin, "Admin open", hiregate.JobOpen)

	tests := []struct {
		name   string
		who    *hiregate.User
		f      hiregate.JobFilter
		want   []*hiregate.Job // in any order
		code   string
		detail string
	}{
		{"candidate sees every open job", e.cand, hiregate.JobFilter{}, []*hiregate.Job{ownOpen, otherOpen, adminOpen}, "", ""},
		{"candidate asking for open", e.cand, hiregate.JobFilter{Status: hiregate.JobOpen}, []*hiregate.Job{ownOpen, otherOpen, adminOpen}, "", ""},
		{"candidate asking for closed sees none", e.cand, hiregate.JobFilter{Status: hiregate.JobClosed}, nil, "", ""},
		{"candidate may not ask for mine", e.cand, hiregate.JobFilter{Mine: true}, nil, hiregate.EINVALID, "mine"},
		{"recruiter sees own only", e.owner, hiregate.JobFilter{}, []*hiregate.Job{ownOpen, ownClosed}, "", ""},
		{"recruiter with mine", e.owner, hiregate.JobFilter{Mine: true}, []*hiregate.Job{ownOpen, ownClosed}, "", ""},
		{"recruiter's closed", e.owner, hiregate.JobFilter{Status: hiregate.JobClosed}, []*hiregate.Job{ownClosed}, "", ""},
		{"other recruiter sees their own", e.recruiter, hiregate.JobFilter{}, []*hiregate.Job{otherOpen, otherClosed}, "", ""},
		{"admin sees all", e.admin, hiregate.JobFilter{}, []*hiregate.Job{ownOpen, ownClosed, otherOpen, otherClosed, adminOpen}, "", ""},
		{"admin's closed", e.admin, hiregate.JobFilter{Status: hiregate.JobClosed}, []*hiregate.Job{ownClosed, otherClosed}, "", ""},
		{"admin with mine", e.admin, hiregate.JobFilter{Mine: true}, []*hiregate.Job{adminOpen}, "", ""},
		{"search stays within what one sees", e.cand, hiregate.JobFilter{Q: "closed"}, nil, "", ""},
		{"unknown status", e.owner, hiregate.JobFilter{Status: "draft"}, nil, hiregate.EINVALID, "status"},
		{"unknown status for a candidate", e.cand, hiregate.JobFilter{Status: "draft"}, nil, hiregate.EINVALID, "status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jobs, _, err := e.svc.ListJobs(ctx, as(tt.who), tt.f)
			checkErr(t, err, tt.code, tt.detail)
			got := ids(jobs, jobID)
			var want []string
			for _, j := range tt.want {
				want = append(want, j.ID)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("ListJobs() = %v, want %v", got, want)
			}
		})
	}
}

// TestJobCounts checks that application counts, by every stage, go to the
// job's owner and admins only.
func TestJobCounts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	j := e.job(t, e.owner, "Counted", hiregate.JobOpen)
	e.apply(t, e.cand, j)
	wantCounts := map[hiregate.Stage]int{}
	for _, s := range hiregate.Stages {
		wantCounts[s] = 0
	}
	wantCounts[hiregate.StageApplied] = 1

	tests := []struct {
		name   string
		who    *hiregate.User
		counts bool
	}{
		{"owner", e.owner, true},
		{"admin", e.admin, true},
		{"candidate", e.cand, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			one, err := e.svc.Job(ctx, as(tt.who), j.ID)
			checkErr(t, err, "", "")
			list, _, err := e.svc.ListJobs(ctx, as(tt.who), hiregate.JobFilter{Q: "Counted"})
			checkErr(t, err, "", "")
			if len(list) != 1 {
				t.Fatalf("ListJobs(Counted) = %d jobs, want 1", len(list))
			}
			for _, got := range []map[hiregate.Stage]int{one.ApplicationCounts, list[0].ApplicationCounts} {
				switch {
				case tt.counts && !maps.Equal(got, wantCounts):
					t.Errorf("counts = %v, want %v", got, wantCounts)
				case !tt.counts && got != nil:
					t.Errorf("counts = %v, want none", got)
				}
			}
		})
	}
}

// TestJobListKey checks the cache key follows ListJobs's rules: one key
// for every candidate, one per recruiter or admin, one per filter.
func TestJobListKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := hiregate.JobFilter{Q: "go", Limit: 10}
	key := func(u *hiregate.User, f hiregate.JobFilter) string { return e.svc.JobListKey(as(u), f) }

	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"two candidates", key(e.cand, f), key(e.stranger, f), true},
		{"two recruiters", key(e.owner, f), key(e.recruiter, f), false},
		{"candidate and recruiter", key(e.cand, f), key(e.owner, f), false},
		{"recruiter and admin", key(e.owner, f), key(e.admin, f), false},
		{"another query", key(e.cand, f), key(e.cand, hiregate.JobFilter{Q: "rust", Limit: 10}), false},
		{"another status", key(e.owner, f), key(e.owner, hiregate.JobFilter{Q: "go", Limit: 10, Status: hiregate.JobClosed}), false},
		{"mine", key(e.admin, f), key(e.admin, hiregate.JobFilter{Q: "go", Limit: 10, Mine: true}), false},
		{"another limit", key(e.cand, f), key(e.cand, hiregate.JobFilter{Q: "go", Limit: 11}), false},
		{"another cursor", key(e.cand, f), key(e.cand, hiregate.JobFilter{Q: "go", Limit: 10, Cursor: "x"}), false},
		{"a query that looks like two fields", key(e.cand, hiregate.JobFilter{Q: `a"|"b`}), key(e.cand, hiregate.JobFilter{Q: "a", Status: "b"}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if (tt.a == tt.b) != tt.same {
				t.Errorf("keys %q and %q: same = %t, want %t", tt.a, tt.b, tt.a == tt.b, tt.same)
			}
		})
	}
}

// TestJobVisibility checks GET /jobs/{id}: a job the caller may not see is
// the same ENOTFOUND as one that does not exist.
func TestJobVisibility(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	open := e.job(t, e.owner, "Open", hiregate.JobOpen)
	closed := e.job(t, e.owner, "Closed", hiregate.JobClosed)
	appliedThenClosed := e.job(t, e.owner, "Applied then closed", hiregate.JobOpen)
	e.apply(t, e.cand, appliedThenClosed)
	closing := hiregate.JobClosed
	if _, err := e.svc.UpdateJob(ctx, as(e.owner), appliedThenClosed.ID, hiregate.UpdateJobRequest{Status: &closing}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		who  *hiregate.User
		job  string
		code string
	}{
		{"candidate, open job", e.cand, open.ID, ""},
		{"candidate, closed job", e.cand, closed.ID, hiregate.ENOTFOUND},
		{"candidate, closed job they applied to", e.cand, appliedThenClosed.ID, ""},
		{"another candidate, that closed job", e.stranger, appliedThenClosed.ID, hiregate.ENOTFOUND},
		{"owner, open", e.owner, open.ID, ""},
		{"owner, closed", e.owner, closed.ID, ""},
		{"other recruiter, open", e.recruiter, open.ID, hiregate.ENOTFOUND},
		{"other recruiter, closed", e.recruiter, closed.ID, hiregate.ENOTFOUND},
		{"admin, closed", e.admin, closed.ID, ""},
		{"no such job", e.admin, "no-such-job", hiregate.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, err := e.svc.Job(ctx, as(tt.who), tt.job)
			checkErr(t, err, tt.code, msgIf(tt.code, "Job not found"))
			if tt.code == "" && j.ID != tt.job {
				t.Errorf("Job() id = %s, want %s", j.ID, tt.job)
			}
		})
	}
}

// msgIf is msg when code is set: the message an error must carry.
func msgIf(code, msg string) string {
	if code == "" {
		return ""
	}
	return msg
}

// TestCreateJob checks POST /jobs: the fields are trimmed, defaulted and
// validated (API.md's limits), the caller owns the job, and it is
// published.
func TestCreateJob(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name  string
		req   hiregate.CreateJobRequest
		field string // the field a 422 names; "" for success
	}{
		{"minimal", hiregate.CreateJobRequest{Title: "Go developer"}, ""},
		{"title of 200 characters", hiregate.CreateJobRequest{Title: strings.Repeat("é", 200)}, ""},
		{"every field", hiregate.CreateJobRequest{Title: "SRE", Description: "On call", Location: "Remote",
			EmploymentType: hiregate.Contract, SalaryMin: ptr[int64](1), SalaryMax: ptr[int64](2)}, ""},
		{"equal salaries", hiregate.CreateJobRequest{Title: "SRE", SalaryMin: ptr[int64](5), SalaryMax: ptr[int64](5)}, ""},
		{"no title", hiregate.CreateJobRequest{}, "title"},
		{"blank title", hiregate.CreateJobRequest{Title: " \t "}, "title"},
		{"title of 201 characters", hiregate.CreateJobRequest{Title: strings.Repeat("a", 201)}, "title"},
		{"title not UTF-8", hiregate.CreateJobRequest{Title: "a\xffb"}, "title"},
		{"description too long", hiregate.CreateJobRequest{Title: "T", Description: strings.Repeat("d", 20001)}, "description"},
		{"location too long", hiregate.CreateJobRequest{Title: "T", Location: strings.Repeat("l", 201)}, "location"},
		{"unknown employment type", hiregate.CreateJobRequest{Title: "T", EmploymentType: "gig"}, "employment_type"},
		{"negative salary", hiregate.CreateJobRequest{Title: "T", SalaryMin: ptr[int64](-1)}, "salary_min"},
		{"salary over the maximum", hiregate.CreateJobRequest{Title: "T", SalaryMax: ptr[int64](hiregate.MaxSalary + 1)}, "salary_max"},
		{"minimum above maximum", hiregate.CreateJobRequest{Title: "T", SalaryMin: ptr[int64](3), SalaryMax: ptr[int64](2)}, "salary_max"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.pub.Take()
			req := tt.req
			req.Title = "  " + req.Title + "  "
			j, err := e.svc.CreateJob(ctx, as(e.owner), req)
			if tt.field != "" {
				checkErr(t, err, hiregate.EINVALID, tt.field)
				if got := e.pub.Take(); len(got) != 0 {
					t.Errorf("published %v for a refused job", got)
				}
				return
			}
			checkErr(t, err, "", "")
			if j.Title != strings.TrimSpace(req.Title) || j.Status != hiregate.JobOpen || j.Recruiter.ID != e.owner.ID {
				t.Errorf("CreateJob() = title %q status %s owner %s, want %q open %s", j.Title, j.Status, j.Recruiter.ID, strings.TrimSpace(req.Title), e.owner.ID)
			}
			if want := tt.req.EmploymentType; want == "" && j.EmploymentType != hiregate.FullTime || want != "" && j.EmploymentType != want {
				t.Errorf("employment type = %s, want %s (full_time when unset)", j.EmploymentType, want)
			}
			if len(j.ApplicationCounts) != len(hiregate.Stages) {
				t.Errorf("counts = %v, want a zero for every stage", j.ApplicationCounts)
			}
			got := e.pub.Take()
			if len(got) != 1 || got[0].Type != hiregate.EventJobCreated || got[0].Data.JobID != j.ID || got[0].Audience.JobOwnerID != e.owner.ID {
				t.Errorf("published %+v, want one job.created for %s", got, j.ID)
			}
		})
	}
}

// TestUpdateJob checks PATCH /jobs/{id}: only the owner and admins change
// a job, others get the same ENOTFOUND as for no job, and an invalid
// change leaves the job as it was.
func TestUpdateJob(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	j := e.job(t, e.owner, "Original", hiregate.JobOpen)
	closed, open := hiregate.JobClosed, hiregate.JobOpen

	tests := []struct {
		name   string
		who    *hiregate.User
		id     string
		req    hiregate.UpdateJobRequest
		code   string
		detail string
	}{
		{"candidate", e.cand, j.ID, hiregate.UpdateJobRequest{Title: ptr("Mine now")}, hiregate.ENOTFOUND, "Job not found"},
		{"other recruiter", e.recruiter, j.ID, hiregate.UpdateJobRequest{Title: ptr("Mine now")}, hiregate.ENOTFOUND, "Job not found"},
		{"no such job", e.admin, "no-such-job", hiregate.UpdateJobRequest{Title: ptr("x")}, hiregate.ENOTFOUND, "Job not found"},
		{"blank title", e.owner, j.ID, hiregate.UpdateJobRequest{Title: ptr("  ")}, hiregate.EINVALID, "title"},
		{"valid title with a bad salary", e.owner, j.ID, hiregate.UpdateJobRequest{Title: ptr("Half"), SalaryMin: ptr[int64](-5)}, hiregate.EINVALID, "salary_min"},
		{"unknown status", e.owner, j.ID, hiregate.UpdateJobRequest{Status: ptr[hiregate.JobStatus]("paused")}, hiregate.EINVALID, "status"},
		{"unknown employment type", e.owner, j.ID, hiregate.UpdateJobRequest{EmploymentType: ptr[hiregate.EmploymentType]("gig")}, hiregate.EINVALID, "employment_type"},
		{"owner renames", e.owner, j.ID, hiregate.UpdateJobRequest{Title: ptr(" Renamed ")}, "", ""},
		{"admin closes", e.admin, j.ID, hiregate.UpdateJobRequest{Status: &closed}, "", ""},
		{"owner reopens", e.owner, j.ID, hiregate.UpdateJobRequest{Status: &open}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, err := e.svc.Job(ctx, as(e.admin), j.ID)
			checkErr(t, err, "", "")
			e.pub.Take()
			got, err := e.svc.UpdateJob(ctx, as(tt.who), tt.id, tt.req)
			checkErr(t, err, tt.code, tt.detail)
			after, err := e.svc.Job(ctx, as(e.admin), j.ID)
			checkErr(t, err, "", "")
			published := e.pub.Take()
			if tt.code != "" {
				if after.Title != before.Title || after.Status != before.Status || !after.UpdatedAt.Equal(before.UpdatedAt) {
					t.Errorf("refused update changed the job: %+v -> %+v", before, after)
				}
				if len(published) != 0 {
					t.Errorf("published %v for a refused update", published)
				}
				return
			}
			if tt.req.Title != nil && got.Title != strings.TrimSpace(*tt.req.Title) {
				t.Errorf("title = %q, want it trimmed", got.Title)
			}
			if got.ApplicationCounts == nil {
				t.Error("updated job has no counts for its manager")
			}
			want := events.JobUpdated(before.Status, got)
			if len(published) != 1 || published[0].Type != want.Type || !reflect.DeepEqual(published[0].Audience, want.Audience) {
				t.Errorf("published %+v, want %+v", published, want)
			}
		})
	}
}
