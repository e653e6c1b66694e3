package hiring_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestApply checks POST /jobs/{id}/applications: the limits, a closed job
// and a second application are 409, a job nobody may see is 404, and a
// filed application is published to the job's owner.
func TestApply(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	open := e.job(t, e.owner, "Open", hiregate.JobOpen)
	closed := e.job(t, e.owner, "Closed", hiregate.JobClosed)
	taken := e.job(t, e.owner, "Taken", hiregate.JobOpen)
	e.apply(t, e.cand, taken)

	tests := []struct {
		name   string
		who    *hiregate.User
		job    string
		req    hiregate.CreateApplicationRequest
		code   string
		detail string
	}{
		{"open job", e.stranger, open.ID, hiregate.CreateApplicationRequest{CoverLetter: "Hi", ResumeText: "Go"}, "", ""},
		{"closed job", e.stranger, closed.ID, hiregate.CreateApplicationRequest{}, hiregate.ECONFLICT, "Job is closed"},
		{"second application", e.cand, taken.ID, hiregate.CreateApplicationRequest{}, hiregate.ECONFLICT, "Already applied to this job"},
		{"no such job", e.stranger, "no-such-job", hiregate.CreateApplicationRequest{}, hiregate.ENOTFOUND, "Job not found"},
		{"cover letter too long", e.stranger, open.ID, hiregate.CreateApplicationRequest{CoverLetter: strings.Repeat("c", hiregate.MaxCoverLetterLen+1)}, hiregate.EINVALID, "cover_letter"},
		{"resume too long", e.stranger, open.ID, hiregate.CreateApplicationRequest{ResumeText: strings.Repeat("r", hiregate.MaxResumeLen+1)}, hiregate.EINVALID, "resume_text"},
		{"cover letter not UTF-8", e.stranger, open.ID, hiregate.CreateApplicationRequest{CoverLetter: "\xff"}, hiregate.EINVALID, "cover_letter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.pub.Take()
			a, err := e.svc.Apply(ctx, as(tt.who), tt.job, tt.req)
			checkErr(t, err, tt.code, tt.detail)
			published := e.pub.Take()
			if tt.code != "" {
				if len(published) != 0 {
					t.Errorf("published %v for a refused application", published)
				}
				return
			}
			if a.Status != hiregate.StageApplied || a.Candidate.ID != tt.who.ID || a.Job.ID != tt.job || len(a.History) != 1 {
				t.Errorf("Apply() = %+v, want an applied application of %s to %s with one history entry", a, tt.who.ID, tt.job)
			}
			if len(published) != 1 || published[0].Type != hiregate.EventApplicationCreated ||
				published[0].Audience.JobOwnerID != e.owner.ID || published[0].Audience.CandidateID != tt.who.ID {
				t.Errorf("published %+v, want application.created for the owner and the candidate", published)
			}
		})
	}
}

// TestApplicationVisibility checks GET /applications/{id}: its candidate,
// the job's owner and admins see it; anyone else gets the same ENOTFOUND
// as for an id that does not exist.
func TestApplicationVisibility(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.applicationAt(t, hiregate.StageApplied)

	tests := []struct {
		name string
		who  *hiregate.User
		id   string
		code string
	}{
		{"its candidate", e.cand, a.ID, ""},
		{"the job's owner", e.owner, a.ID, ""},
		{"an admin", e.admin, a.ID, ""},
		{"another candidate", e.stranger, a.ID, hiregate.ENOTFOUND},
		{"another recruiter", e.recruiter, a.ID, hiregate.ENOTFOUND},
		{"no such application", e.admin, "no-such-application", hiregate.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.svc.Application(ctx, as(tt.who), tt.id)
			checkErr(t, err, tt.code, msgIf(tt.code, "Application not found"))
			if tt.code == "" && got.ID != a.ID {
				t.Errorf("Application() id = %s, want %s", got.ID, a.ID)
			}
		})
	}
}

// TestApplicationLists checks GET /applications/my and GET
// /jobs/{id}/applications: a candidate lists their own, a job's manager
// the job's, and the filters are validated.
func TestApplicationLists(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	j := e.job(t, e.owner, "Listed", hiregate.JobOpen)
	mine := e.apply(t, e.cand, j)
	theirs := e.apply(t, e.stranger, j)
	elsewhere := e.apply(t, e.cand, e.job(t, e.recruiter, "Elsewhere", hiregate.JobOpen))
	if _, err := e.svc.MoveApplication(ctx, as(e.owner), theirs.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageScreening}); err != nil {
		t.Fatal(err)
	}

	my := func(f hiregate.ApplicationFilter) func(*hiregate.User) ([]hiregate.Application, error) {
		return func(u *hiregate.User) ([]hiregate.Application, error) {
			apps, _, err := e.svc.MyApplications(ctx, as(u), f)
			return apps, err
		}
	}
	ofJob := func(id string, f hiregate.ApplicationFilter) func(*hiregate.User) ([]hiregate.Application, error) {
		return func(u *hiregate.User) ([]hiregate.Application, error) {
			apps, _, err := e.svc.JobApplications(ctx, as(u), id, f)
			return apps, err
		}
	}
	tests := []struct {
		name   string
		who    *hiregate.User
		list   func(*hiregate.User) ([]hiregate.Application, error)
		want   []*hiregate.Application // in any order
		code   string
		detail string
	}{
		{"my applications", e.cand, my(hiregate.ApplicationFilter{}), []*hiregate.Application{mine, elsewhere}, "", ""},
		{"my applications sorted by arrival", e.cand, my(hiregate.ApplicationFilter{Sort: "arrival"}), []*hiregate.Application{mine, elsewhere}, "", ""},
		{"my applications at a stage", e.stranger, my(hiregate.ApplicationFilter{Status: hiregate.StageScreening}), []*hiregate.Application{theirs}, "", ""},
		{"my applications by match", e.cand, my(hiregate.ApplicationFilter{Sort: hiregate.SortMatch}), nil, hiregate.EINVALID, "sort"},
		{"my applications, unknown sort", e.cand, my(hiregate.ApplicationFilter{Sort: "salary"}), nil, hiregate.EINVALID, "sort"},
		{"my applications, unknown stage", e.cand, my(hiregate.ApplicationFilter{Status: "lost"}), nil, hiregate.EINVALID, "status"},
		{"a recruiter has none of their own", e.owner, my(hiregate.ApplicationFilter{}), nil, "", ""},
		{"the owner lists the job's", e.owner, ofJob(j.ID, hiregate.ApplicationFilter{}), []*hiregate.Application{mine, theirs}, "", ""},
		{"the owner lists one stage", e.owner, ofJob(j.ID, hiregate.ApplicationFilter{Status: hiregate.StageApplied}), []*hiregate.Application{mine}, "", ""},
		{"the owner sorts by arrival", e.owner, ofJob(j.ID, hiregate.ApplicationFilter{Sort: "arrival"}), []*hiregate.Application{mine, theirs}, "", ""},
		{"the owner sorts by match", e.owner, ofJob(j.ID, hiregate.ApplicationFilter{Sort: hiregate.SortMatch}), []*hiregate.Application{mine, theirs}, "", ""},
		{"an admin lists the job's", e.admin, ofJob(j.ID, hiregate.ApplicationFilter{}), []*hiregate.Application{mine, theirs}, "", ""},
		{"another recruiter", e.recruiter, ofJob(j.ID, hiregate.ApplicationFilter{}), nil, hiregate.ENOTFOUND, "Job not found"},
		{"a candidate who applied", e.cand, ofJob(j.ID, hiregate.ApplicationFilter{}), nil, hiregate.ENOTFOUND, "Job not found"},
		{"no such job", e.admin, ofJob("no-such-job", hiregate.ApplicationFilter{}), nil, hiregate.ENOTFOUND, "Job not found"},
		{"unknown stage", e.owner, ofJob(j.ID, hiregate.ApplicationFilter{Status: "lost"}), nil, hiregate.EINVALID, "status"},
		{"unknown sort", e.owner, ofJob(j.ID, hiregate.ApplicationFilter{Sort: "salary"}), nil, hiregate.EINVALID, "sort"},
		{"a bad match cursor", e.owner, ofJob(j.ID, hiregate.ApplicationFilter{Sort: hiregate.SortMatch, Cursor: "-1"}), nil, hiregate.EINVALID, "cursor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			apps, err := tt.list(tt.who)
			checkErr(t, err, tt.code, tt.detail)
			got := ids(apps, appID)
			var want []string
			for _, a := range tt.want {
				want = append(want, a.ID)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("list = %v, want %v", got, want)
			}
			for _, a := range apps {
				if (tt.list != nil && strings.Contains(tt.name, "by match")) != (a.Match != nil) {
					t.Errorf("application %s match = %v, want one only when sorted by match", a.ID, a.Match)
				}
			}
		})
	}
}

// TestMatchPages checks that sort=match pages through the whole ranking
// with an offset cursor, each application once.
func TestMatchPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	j := e.job(t, e.owner, "Ranked", hiregate.JobOpen)
	var want []string
	for i := range 5 {
		u := e.user(t, fmt.Sprintf("ranked%d", i), hiregate.RoleCandidate)
		want = append(want, e.apply(t, u, j).ID)
	}
	var got []string
	f := hiregate.ApplicationFilter{Sort: hiregate.SortMatch, Limit: 2}
	for page := 0; ; page++ {
		apps, next, err := e.svc.JobApplications(ctx, as(e.owner), j.ID, f)
		checkErr(t, err, "", "")
		got = append(got, ids(apps, appID)...)
		if next == "" {
			break
		}
		if page > len(want) {
			t.Fatalf("still paging after %d pages", page)
		}
		f.Cursor = next
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("pages = %v, want each of %v once", got, want)
	}
	// The cursor is a keyset, not an offset: anything else is refused.
	_, _, err := e.svc.JobApplications(ctx, as(e.owner), j.ID, hiregate.ApplicationFilter{Sort: hiregate.SortMatch, Cursor: "99"})
	checkErr(t, err, hiregate.EINVALID, "")
}

// TestMoveApplication checks the pipeline (API.md "Pipeline"): the job's
// owner and admins move forward (skipping stages) or reject, the candidate
// only withdraws, final stages never change, and anyone else gets
// ENOTFOUND. Every case starts from a fresh application at from.
func TestMoveApplication(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const (
		applied   = hiregate.StageApplied
		screening = hiregate.StageScreening
		interview = hiregate.StageInterview
		offer     = hiregate.StageOffer
		hired     = hiregate.StageHired
		rejected  = hiregate.StageRejected
		withdrawn = hiregate.StageWithdrawn
	)
	tests := []struct {
		who    *hiregate.User
		from   hiregate.Stage
		to     hiregate.Stage
		code   string
		detail string
	}{
		{e.owner, applied, screening, "", ""},
		{e.owner, applied, offer, "", ""},
		{e.owner, screening, hired, "", ""},
		{e.owner, offer, hired, "", ""},
		{e.owner, applied, rejected, "", ""},
		{e.owner, offer, rejected, "", ""},
		{e.admin, interview, offer, "", ""},
		{e.admin, screening, rejected, "", ""},
		{e.cand, applied, withdrawn, "", ""},
		{e.cand, offer, withdrawn, "", ""},
		{e.owner, interview, screening, hiregate.ECONFLICT, "Cannot move an application from interview to screening: stages only move forward"},
		{e.owner, screening, screening, hiregate.ECONFLICT, "Cannot move an application from screening to screening: stages only move forward"},
		{e.owner, screening, applied, hiregate.ECONFLICT, "Cannot move an application from screening to applied: stages only move forward"},
		{e.owner, applied, withdrawn, hiregate.ECONFLICT, "Only the candidate may withdraw an application"},
		{e.admin, applied, withdrawn, hiregate.ECONFLICT, "Only the candidate may withdraw an application"},
		{e.cand, applied, screening, hiregate.ECONFLICT, "A candidate may only withdraw an application"},
		{e.cand, applied, rejected, hiregate.ECONFLICT, "A candidate may only withdraw an application"},
		{e.owner, hired, rejected, hiregate.ECONFLICT, "Application is hired; its status can no longer change"},
		{e.owner, rejected, screening, hiregate.ECONFLICT, "Application is rejected; its status can no longer change"},
		{e.cand, rejected, withdrawn, hiregate.ECONFLICT, "Application is rejected; its status can no longer change"},
		{e.cand, withdrawn, withdrawn, hiregate.ECONFLICT, "Application is withdrawn; its status can no longer change"},
		{e.admin, withdrawn, screening, hiregate.ECONFLICT, "Application is withdrawn; its status can no longer change"},
		{e.recruiter, applied, screening, hiregate.ENOTFOUND, "Application not found"},
		{e.recruiter, applied, rejected, hiregate.ENOTFOUND, "Application not found"},
		{e.stranger, applied, withdrawn, hiregate.ENOTFOUND, "Application not found"},
		{e.owner, applied, "", hiregate.EINVALID, "status"},
		{e.owner, applied, "lost", hiregate.EINVALID, "status"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %s to %s", tt.who.FullName, tt.from, tt.to), func(t *testing.T) {
			a := e.applicationAt(t, tt.from)
			e.pub.Take()
			got, err := e.svc.MoveApplication(ctx, as(tt.who), a.ID, hiregate.UpdateApplicationRequest{Status: tt.to})
			checkErr(t, err, tt.code, tt.detail)
			published := e.pub.Take()
			stored, err2 := e.svc.Application(ctx, as(e.admin), a.ID)
			checkErr(t, err2, "", "")
			if tt.code != "" {
				if stored.Status != tt.from || len(stored.History) != len(a.History) {
					t.Errorf("refused move left %s with %d history entries, want %s with %d", stored.Status, len(stored.History), tt.from, len(a.History))
				}
				if len(published) != 0 {
					t.Errorf("published %v for a refused move", published)
				}
				return
			}
			last := got.History[len(got.History)-1]
			if got.Status != tt.to || stored.Status != tt.to || last.Status != tt.to || last.By != tt.who.ID || last.ByName != tt.who.FullName {
				t.Errorf("moved to %s (stored %s), last history %+v; want %s by %s", got.Status, stored.Status, last, tt.to, tt.who.FullName)
			}
			if len(published) != 1 || published[0].Type != hiregate.EventApplicationMoved || published[0].Data.Status != string(tt.to) ||
				published[0].Audience.JobOwnerID != e.owner.ID || published[0].Audience.CandidateID != e.cand.ID {
				t.Errorf("published %+v, want one application.moved to %s", published, tt.to)
			}
		})
	}
}

// TestNotes checks recruiters' notes: the job's owner and admins add and
// read them; the candidate and strangers get ENOTFOUND, and a note's text
// never travels in an event.
func TestNotes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.applicationAt(t, hiregate.StageApplied)

	tests := []struct {
		name   string
		who    *hiregate.User
		app    string
		body   string
		code   string
		detail string
	}{
		{"the job's owner", e.owner, a.ID, "Strong Go", "", ""},
		{"an admin", e.admin, a.ID, "Agreed", "", ""},
		{"the candidate", e.cand, a.ID, "Hire me", hiregate.ENOTFOUND, "Application not found"},
		{"another candidate", e.stranger, a.ID, "x", hiregate.ENOTFOUND, "Application not found"},
		{"another recruiter", e.recruiter, a.ID, "x", hiregate.ENOTFOUND, "Application not found"},
		{"no such application", e.admin, "no-such-application", "x", hiregate.ENOTFOUND, "Application not found"},
		{"empty body", e.owner, a.ID, "", hiregate.EINVALID, "body"},
		{"body too long", e.owner, a.ID, strings.Repeat("n", hiregate.MaxNoteLen+1), hiregate.EINVALID, "body"},
	}
	var want []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.pub.Take()
			n, err := e.svc.AddNote(ctx, as(tt.who), tt.app, hiregate.CreateNoteRequest{Body: tt.body})
			checkErr(t, err, tt.code, tt.detail)
			published := e.pub.Take()
			_, _, listErr := e.svc.Notes(ctx, as(tt.who), tt.app, 0, "")
			if tt.code != "" {
				if len(published) != 0 {
					t.Errorf("published %v for a refused note", published)
				}
				if tt.code == hiregate.ENOTFOUND {
					checkErr(t, listErr, tt.code, tt.detail)
				}
				return
			}
			checkErr(t, listErr, "", "")
			want = append(want, n.ID)
			if n.Author.ID != tt.who.ID || n.Body != tt.body {
				t.Errorf("AddNote() = %+v, want %q by %s", n, tt.body, tt.who.ID)
			}
			if len(published) != 1 || published[0].Type != hiregate.EventApplicationNoteAdded || published[0].Data.NoteID != n.ID ||
				strings.Contains(fmt.Sprintf("%+v", published[0]), tt.body) {
				t.Errorf("published %+v, want one application.note_added without the text", published)
			}
		})
	}
	notes, _, err := e.svc.Notes(ctx, as(e.owner), a.ID, 0, "")
	checkErr(t, err, "", "")
	if got := ids(notes, func(n hiregate.Note) string { return n.ID }); !slices.Equal(got, want) {
		t.Errorf("Notes() = %v, want %v oldest first", got, want)
	}
}

// TestViewer checks who a live stream is for: a candidate's stream keeps
// the jobs they applied to (closed ones too); other roles need none.
func TestViewer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	j := e.job(t, e.owner, "Applied", hiregate.JobOpen)
	e.apply(t, e.cand, j)
	closing := hiregate.JobClosed
	if _, err := e.svc.UpdateJob(ctx, as(e.owner), j.ID, hiregate.UpdateJobRequest{Status: &closing}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		who  *hiregate.User
		jobs []string
	}{
		{"candidate who applied", e.cand, []string{j.ID}},
		{"candidate who did not", e.stranger, nil},
		{"recruiter", e.owner, nil},
		{"admin", e.admin, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := as(tt.who)
			v, err := e.svc.Viewer(ctx, p)
			checkErr(t, err, "", "")
			if v.UserID != p.UserID || v.Role != p.Role || v.SessionID != p.SessionID || !slices.Equal(v.AppliedJobs, tt.jobs) {
				t.Errorf("Viewer() = %+v, want %s's with applied jobs %v", v, tt.who.FullName, tt.jobs)
			}
		})
	}
}
