package httpapi_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestApplications(t *testing.T) {
	e := newEnv(t)
	p := e.people()
	cand, rec, rec2, cc, cc2, admin := p.cand, p.rec, p.rec2, p.cc, p.cc2, p.admin
	job, err := rec.CreateJob(bg, validJob("Go Engineer"))
	wantOK(t, "CreateJob", err)

	app, err := cc.Apply(bg, job.ID, hiregate.CreateApplicationRequest{CoverLetter: "Hello", ResumeText: "Go since 2012"})
	wantOK(t, "Apply", err)
	if app.Status != hiregate.StageApplied || app.Candidate.ID != cand.ID || app.Job.Title != "Go Engineer" || len(app.History) != 1 {
		t.Fatalf("Apply = %+v, want applied with one history entry", app)
	}

	t.Run("ApplyErrors", func(t *testing.T) {
		_, err := cc.Apply(bg, job.ID, hiregate.CreateApplicationRequest{})
		wantCode(t, "second application", err, hiregate.ECONFLICT)
		_, err = cc.Apply(bg, "missing", hiregate.CreateApplicationRequest{})
		wantCode(t, "missing job", err, hiregate.ENOTFOUND)
		_, err = rec.Apply(bg, job.ID, hiregate.CreateApplicationRequest{})
		wantCode(t, "recruiter applies", err, hiregate.EFORBIDDEN)
		_, err = cc2.Apply(bg, job.ID, hiregate.CreateApplicationRequest{CoverLetter: strings.Repeat("c", 10001)})
		wantCode(t, "cover letter too long", err, hiregate.EINVALID)
		closed, err := rec.CreateJob(bg, validJob("Closed"))
		wantOK(t, "CreateJob", err)
		_, err = rec.UpdateJob(bg, closed.ID, hiregate.UpdateJobRequest{Status: ptr(hiregate.JobClosed)})
		wantOK(t, "close", err)
		_, err = cc2.Apply(bg, closed.ID, hiregate.CreateApplicationRequest{})
		wantCode(t, "closed job", err, hiregate.ECONFLICT)
		resp := e.raw("POST", "/jobs/"+job.ID+"/applications", "application/json", tokenOf(cc2), strings.NewReader(`{"status":"hired"}`))
		if resp.StatusCode != 422 {
			t.Errorf("status field on apply: %d, want 422", resp.StatusCode)
		}
	})

	t.Run("Visibility", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			c    clientT
			code string
		}{
			{"Candidate", cc, ""}, {"Owner", rec, ""}, {"Admin", admin, ""},
			{"OtherCandidate", cc2, hiregate.ENOTFOUND}, {"OtherRecruiter", rec2, hiregate.ENOTFOUND},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := tt.c.Application(bg, app.ID)
				wantCode(t, "Application", err, tt.code)
			})
		}
		my, err := cc.MyApplications(bg, hiregate.ApplicationFilter{})
		wantOK(t, "MyApplications", err)
		if len(my.Items) != 1 || my.Items[0].ID != app.ID {
			t.Errorf("MyApplications = %d items, want the one", len(my.Items))
		}
		other, err := cc2.MyApplications(bg, hiregate.ApplicationFilter{})
		wantOK(t, "cc2 MyApplications", err)
		if len(other.Items) != 0 {
			t.Errorf("cc2 sees %d applications, want 0", len(other.Items))
		}
		_, err = rec.MyApplications(bg, hiregate.ApplicationFilter{})
		wantCode(t, "recruiter MyApplications", err, hiregate.EFORBIDDEN)
		list, err := rec.JobApplications(bg, job.ID, hiregate.ApplicationFilter{})
		wantOK(t, "JobApplications", err)
		if len(list.Items) != 1 {
			t.Errorf("JobApplications = %d, want 1", len(list.Items))
		}
		_, err = rec2.JobApplications(bg, job.ID, hiregate.ApplicationFilter{})
		wantCode(t, "other recruiter JobApplications", err, hiregate.ENOTFOUND)
		_, err = cc.JobApplications(bg, job.ID, hiregate.ApplicationFilter{})
		wantCode(t, "candidate JobApplications", err, hiregate.EFORBIDDEN)
		j, err := rec.Job(bg, job.ID)
		wantOK(t, "Job", err)
		if j.ApplicationCounts[hiregate.StageApplied] != 1 {
			t.Errorf("counts = %v, want applied: 1", j.ApplicationCounts)
		}
	})

	t.Run("ClosedJobStaysVisibleToApplicants", func(t *testing.T) {
		other, err := rec.CreateJob(bg, validJob("Soon closed"))
		wantOK(t, "CreateJob", err)
		_, err = cc.Apply(bg, other.ID, hiregate.CreateApplicationRequest{})
		wantOK(t, "Apply", err)
		_, err = rec.UpdateJob(bg, other.ID, hiregate.UpdateJobRequest{Status: ptr(hiregate.JobClosed)})
		wantOK(t, "close", err)
		_, err = cc.Job(bg, other.ID)
		wantOK(t, "applicant sees the closed job", err)
		_, err = cc2.Job(bg, other.ID)
		wantCode(t, "non-applicant Job(closed)", err, hiregate.ENOTFOUND)
	})

	t.Run("Notes", func(t *testing.T) {
		n, err := rec.AddNote(bg, app.ID, "Strong Go background")
		wantOK(t, "AddNote", err)
		if n.Author.FullName == "" || n.Body != "Strong Go background" {
			t.Errorf("AddNote = %+v", n)
		}
		_, err = rec.AddNote(bg, app.ID, "")
		wantCode(t, "empty note", err, hiregate.EINVALID)
		_, err = cc.AddNote(bg, app.ID, "let me in")
		wantCode(t, "candidate AddNote", err, hiregate.EFORBIDDEN)
		_, err = cc.Notes(bg, app.ID, hiregate.NoteFilter{})
		wantCode(t, "candidate Notes", err, hiregate.EFORBIDDEN)
		_, err = rec2.Notes(bg, app.ID, hiregate.NoteFilter{})
		wantCode(t, "other recruiter Notes", err, hiregate.ENOTFOUND)
		notes, err := admin.Notes(bg, app.ID, hiregate.NoteFilter{})
		wantOK(t, "admin Notes", err)
		if len(notes.Items) != 1 {
			t.Errorf("Notes = %d, want 1", len(notes.Items))
		}
		// The candidate's view of the application holds no note.
		resp := e.raw("GET", "/applications/"+app.ID, "", tokenOf(cc), nil)
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		if strings.Contains(b.String(), "Strong Go background") {
			t.Error("the candidate's application view contains the recruiter's note")
		}
	})
}

func TestPipeline(t *testing.T) {
	e := newEnv(t)
	p := e.people()
	rec, rec2, cc, cc2, admin := p.rec, p.rec2, p.cc, p.cc2, p.admin

	newApp := func(t *testing.T) string {
		job, err := rec.CreateJob(bg, validJob("Role"))
		wantOK(t, "CreateJob", err)
		a, err := cc.Apply(bg, job.ID, hiregate.CreateApplicationRequest{})
		wantOK(t, "Apply", err)
		return a.ID
	}
	type step struct {
		c    clientT
		to   hiregate.Stage
		code string
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"ForwardToHired", []step{{rec, "screening", ""}, {rec, "interview", ""}, {rec, "offer", ""}, {rec, "hired", ""}, {rec, "rejected", hiregate.ECONFLICT}}},
		{"SkipForward", []step{{rec, "offer", ""}, {rec, "interview", hiregate.ECONFLICT}}},
		{"NoBackward", []step{{rec, "interview", ""}, {rec, "screening", hiregate.ECONFLICT}, {rec, "interview", hiregate.ECONFLICT}}},
		{"RejectIsFinal", []step{{rec, "rejected", ""}, {rec, "offer", hiregate.ECONFLICT}, {cc, "withdrawn", hiregate.ECONFLICT}}},
		{"CandidateWithdraws", []step{{cc, "screening", hiregate.ECONFLICT}, {rec, "screening", ""}, {cc, "withdrawn", ""}, {rec, "interview", hiregate.ECONFLICT}}},
		{"RecruiterCannotWithdraw", []step{{rec, "withdrawn", hiregate.ECONFLICT}}},
		{"CandidateCannotReject", []step{{cc, "rejected", hiregate.ECONFLICT}}},
		{"AdminMoves", []step{{admin, "interview", ""}}},
		{"StrangersSeeNothing", []step{{rec2, "screening", hiregate.ENOTFOUND}, {cc2, "withdrawn", hiregate.ENOTFOUND}}},
		{"UnknownStage", []step{{rec, "promoted", hiregate.EINVALID}}},
		{"SameStage", []step{{rec, "applied", hiregate.ECONFLICT}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := newApp(t)
			want := hiregate.StageApplied
			for i, s := range tt.steps {
				a, err := s.c.MoveApplication(bg, id, s.to)
				wantCode(t, "step "+string(rune('1'+i))+" to "+string(s.to), err, s.code)
				if s.code == "" {
					want = s.to
					if a.Status != want || a.History[len(a.History)-1].Status != want {
						t.Fatalf("status = %s, history %+v, want %s", a.Status, a.History, want)
					}
					if last := a.History[len(a.History)-1]; last.By == "" || last.ByName == "" {
						t.Errorf("history entry %+v does not say who moved it", last)
					}
				}
			}
			a, err := cc.Application(bg, id)
			wantOK(t, "Application", err)
			if a.Status != want || len(a.History) == 0 {
				t.Errorf("final status = %s, want %s", a.Status, want)
			}
		})
	}
	_, err := rec.MoveApplication(bg, "missing", "screening")
	wantCode(t, "missing application", err, hiregate.ENOTFOUND)
}
