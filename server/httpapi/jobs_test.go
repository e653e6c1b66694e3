package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func ptr[T any](v T) *T { return &v }

func validJob(title string) hiregate.CreateJobRequest {
	return hiregate.CreateJobRequest{Title: title, Description: "Build things.", Location: "Remote",
		EmploymentType: hiregate.FullTime, SalaryMin: ptr(int64(50000)), SalaryMax: ptr(int64(90000))}
}

func TestJobs(t *testing.T) {
	e := newEnv(t)
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	_, rec2 := e.user(hiregate.RoleRecruiter, "rec2@example.com")
	_, cand := e.user(hiregate.RoleCandidate, "cand@example.com")
	_, admin := e.user(hiregate.RoleAdmin, "admin@example.com")

	job, err := rec.CreateJob(bg, validJob("Go Engineer"))
	wantOK(t, "CreateJob", err)
	if job.Status != hiregate.JobOpen || job.Recruiter.FullName == "" || job.ApplicationCounts == nil {
		t.Errorf("CreateJob = %+v, want open, with recruiter name and counts", job)
	}

	t.Run("CreateErrors", func(t *testing.T) {
		tests := []struct {
			name  string
			c     clientT
			req   hiregate.CreateJobRequest
			code  string
			field string
		}{
			{"ErrCandidate", cand, validJob("x"), hiregate.EFORBIDDEN, ""},
			{"ErrTitleRequired", rec, validJob("  "), hiregate.EINVALID, "title"},
			{"ErrTitleTooLong", rec, validJob(strings.Repeat("t", 201)), hiregate.EINVALID, "title"},
			{"ErrDescriptionTooLong", rec, func() hiregate.CreateJobRequest {
				r := validJob("x")
				r.Description = strings.Repeat("d", 20001)
				return r
			}(), hiregate.EINVALID, "description"},
			{"ErrEmploymentType", rec, func() hiregate.CreateJobRequest {
				r := validJob("x")
				r.EmploymentType = "gig"
				return r
			}(), hiregate.EINVALID, "employment_type"},
			{"ErrSalaryOrder", rec, func() hiregate.CreateJobRequest {
				r := validJob("x")
				r.SalaryMin, r.SalaryMax = ptr(int64(10)), ptr(int64(5))
				return r
			}(), hiregate.EINVALID, "salary_max"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := tt.c.CreateJob(bg, tt.req)
				wantCode(t, "CreateJob", err, tt.code)
				if tt.field != "" {
					if he := err.(*hiregate.Error); he.Fields[tt.field] == "" {
						t.Errorf("fields = %v, want a message for %s", he.Fields, tt.field)
					}
				}
			})
		}
		resp := e.raw("POST", "/jobs", "application/json", tokenOf(rec), strings.NewReader(`{"title":"x","status":"closed"}`))
		if resp.StatusCode != 422 {
			t.Errorf("status field on create: %d, want 422", resp.StatusCode)
		}
		resp = e.raw("POST", "/jobs", "application/json", tokenOf(rec), strings.NewReader(`{"title":"x","salary_min":"lots"}`))
		if resp.StatusCode != 400 {
			t.Errorf("wrong type: %d, want 400", resp.StatusCode)
		}
	})

	t.Run("Visibility", func(t *testing.T) {
		if _, err := cand.Job(bg, job.ID); err != nil {
			t.Errorf("candidate Job(open): %v", err)
		}
		got, err := cand.Job(bg, job.ID)
		if err == nil && got.ApplicationCounts != nil {
			t.Errorf("candidate sees application counts %v", got.ApplicationCounts)
		}
		_, err = rec2.Job(bg, job.ID)
		wantCode(t, "other recruiter Job", err, hiregate.ENOTFOUND)
		_, err = rec2.UpdateJob(bg, job.ID, hiregate.UpdateJobRequest{Title: ptr("mine now")})
		wantCode(t, "other recruiter UpdateJob", err, hiregate.ENOTFOUND)
		_, err = cand.UpdateJob(bg, job.ID, hiregate.UpdateJobRequest{Title: ptr("x")})
		wantCode(t, "candidate UpdateJob", err, hiregate.EFORBIDDEN)
		_, err = admin.Job(bg, job.ID)
		wantOK(t, "admin Job", err)
		_, err = rec.Job(bg, "no-such-job")
		wantCode(t, "missing Job", err, hiregate.ENOTFOUND)
		l, err := rec2.ListJobs(bg, hiregate.JobFilter{})
		wantOK(t, "rec2 ListJobs", err)
		if len(l.Items) != 0 {
			t.Errorf("rec2 lists %d jobs of another recruiter, want 0", len(l.Items))
		}
	})

	t.Run("UpdateAndClose", func(t *testing.T) {
		j, err := rec.UpdateJob(bg, job.ID, hiregate.UpdateJobRequest{Title: ptr("Senior Go Engineer")})
		wantOK(t, "UpdateJob", err)
		if j.Title != "Senior Go Engineer" || j.Description != "Build things." {
			t.Errorf("UpdateJob = %+v, want new title and old description", j)
		}
		_, err = rec.UpdateJob(bg, job.ID, hiregate.UpdateJobRequest{Title: ptr("")})
		wantCode(t, "UpdateJob empty title", err, hiregate.EINVALID)
		_, err = rec.UpdateJob(bg, job.ID, hiregate.UpdateJobRequest{Status: ptr(hiregate.JobStatus("paused"))})
		wantCode(t, "UpdateJob bad status", err, hiregate.EINVALID)
		closed, err := rec.CreateJob(bg, validJob("Closed role"))
		wantOK(t, "CreateJob", err)
		_, err = admin.UpdateJob(bg, closed.ID, hiregate.UpdateJobRequest{Status: ptr(hiregate.JobClosed)})
		wantOK(t, "admin closes", err)
		_, err = cand.Job(bg, closed.ID)
		wantCode(t, "candidate Job(closed)", err, hiregate.ENOTFOUND)
		l, err := cand.ListJobs(bg, hiregate.JobFilter{})
		wantOK(t, "cand ListJobs", err)
		for _, j := range l.Items {
			if j.Status != hiregate.JobOpen {
				t.Errorf("candidate sees %s job %s", j.Status, j.ID)
			}
		}
		l, err = rec.ListJobs(bg, hiregate.JobFilter{Status: hiregate.JobClosed})
		wantOK(t, "rec ListJobs closed", err)
		if len(l.Items) != 1 || l.Items[0].ID != closed.ID {
			t.Errorf("rec closed jobs = %d, want the one closed", len(l.Items))
		}
	})

	t.Run("SearchAndPages", func(t *testing.T) {
		for i := range 25 {
			_, err := rec2.CreateJob(bg, validJob(fmt.Sprintf("Data Analyst %02d", i)))
			wantOK(t, "CreateJob", err)
		}
		l, err := cand.ListJobs(bg, hiregate.JobFilter{Q: "analyst"})
		wantOK(t, "search", err)
		if len(l.Items) != hiregate.DefaultPageLimit || l.NextCursor == nil {
			t.Fatalf("search page 1 = %d items (next %v), want %d and a cursor", len(l.Items), l.NextCursor, hiregate.DefaultPageLimit)
		}
		seen := map[string]bool{}
		for _, j := range l.Items {
			seen[j.ID] = true
		}
		l2, err := cand.ListJobs(bg, hiregate.JobFilter{Q: "analyst", Cursor: *l.NextCursor})
		wantOK(t, "search page 2", err)
		for _, j := range l2.Items {
			if seen[j.ID] {
				t.Errorf("job %s on both pages", j.ID)
			}
			seen[j.ID] = true
		}
		if len(seen) != 25 || l2.NextCursor != nil {
			t.Errorf("search found %d jobs over two pages (next %v), want 25 and no cursor", len(seen), l2.NextCursor)
		}
		for _, q := range []string{`"`, `*`, `AND OR NOT`, `title:`, `(`, `日本`, `-`} {
			if _, err := cand.ListJobs(bg, hiregate.JobFilter{Q: q}); err != nil {
				t.Errorf("search %q: %v", q, err)
			}
		}
		for _, bad := range []string{"?limit=0", "?limit=101", "?limit=x", "?status=paused", "?cursor=not-a-cursor", "?mine=maybe"} {
			if s := e.raw("GET", "/jobs"+bad, "", tokenOf(cand), nil).StatusCode; s != 400 && s != 422 {
				t.Errorf("GET /jobs%s = %d, want 400 or 422", bad, s)
			}
		}
		mine, err := admin.ListJobs(bg, hiregate.JobFilter{Mine: true})
		wantOK(t, "admin mine", err)
		if len(mine.Items) != 0 {
			t.Errorf("admin mine = %d jobs, want 0", len(mine.Items))
		}
	})
}

func tokenOf(c clientT) string {
	a, _ := c.Tokens()
	return a
}
