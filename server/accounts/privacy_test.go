package accounts_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// world is a recruiter's job with a candidate's application to it (with a
// resume file and a recruiter's note), for export and erasure.
type world struct {
	hire        *hiring.Service
	recruiter   *hiregate.User
	cand, other *hiregate.User
	job         *hiregate.Job
	app         *hiregate.Application
}

const (
	secretNote  = "note-text-about-the-candidate"
	resumeWords = "resume-text-of-the-candidate"
)

func newWorld(t *testing.T, e *env) *world {
	t.Helper()
	w := &world{hire: hiring.New(e.db, nil)}
	w.recruiter = e.user(t, "rec", hiregate.RoleRecruiter)
	w.cand = e.user(t, "cand", hiregate.RoleCandidate)
	w.other = e.user(t, "other", hiregate.RoleCandidate)
	rec, cand := e.signIn(t, w.recruiter), e.signIn(t, w.cand)
	var err error
	if w.job, err = w.hire.CreateJob(ctx, rec, hiregate.CreateJobRequest{Title: "Go developer"}); err != nil {
		t.Fatal(err)
	}
	file := hiring.ResumeFile{Filename: "cv.txt", ContentType: "text/plain", Data: []byte(resumeWords)}
	if w.app, err = w.hire.ApplyWithResume(ctx, cand, w.job.ID, "cover-letter-of-the-candidate", file); err != nil {
		t.Fatal(err)
	}
	if _, err := w.hire.MoveApplication(ctx, rec, w.app.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageScreening}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.hire.AddNote(ctx, rec, w.app.ID, hiregate.CreateNoteRequest{Body: secretNote}); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestExport checks GET /users/me/export: everything stored about the
// caller (account, sessions, applications with history and resume links,
// jobs posted by staff, audit events) and no hash, token or note.
func TestExport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := newWorld(t, e)

	tests := []struct {
		name       string
		who        *hiregate.User
		apps, jobs int
	}{
		{"candidate", w.cand, 1, 0},
		{"candidate with nothing", w.other, 0, 0},
		{"recruiter", w.recruiter, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := e.signIn(t, tt.who)
			x, err := e.acc.Export(ctx, p)
			checkErr(t, err, "", "")
			if x.User.ID != tt.who.ID || len(x.Applications) != tt.apps || len(x.Jobs) != tt.jobs {
				t.Fatalf("Export() = user %s, %d applications, %d jobs; want %s, %d, %d", x.User.ID, len(x.Applications), len(x.Jobs), tt.who.ID, tt.apps, tt.jobs)
			}
			current := 0
			for _, s := range x.Sessions {
				if s.Current {
					current++
				}
			}
			if len(x.Sessions) < 1 || current != 1 {
				t.Errorf("sessions = %+v, want every live one, this one marked current", x.Sessions)
			}
			if len(x.AuditEvents) == 0 {
				t.Error("no audit events, want at least the sign-in")
			}
			for _, ev := range x.AuditEvents {
				if ev.UserID != tt.who.ID {
					t.Errorf("audit event %+v is about someone else", ev)
				}
			}
			for _, a := range x.Applications {
				if a.Resume == nil || a.Resume.URL != hiregate.ResumeURL(a.ID) || len(a.History) != 2 {
					t.Errorf("application %+v, want its resume linked and its whole history", a)
				}
			}
			raw, err := json.Marshal(x)
			if err != nil {
				t.Fatal(err)
			}
			hash := passwordHash(t, e, tt.who.ID)
			for _, secret := range []string{hash, secretNote, "$2a$"} {
				if strings.Contains(string(raw), secret) {
					t.Errorf("export holds %q", secret)
				}
			}
		})
	}
}

func passwordHash(t *testing.T, e *env, id string) string {
	t.Helper()
	u, err := e.db.UserByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return u.PasswordHash
}

// TestErase checks DELETE /users/me: only a candidate, with their
// password; then the account and its applications are anonymised (the
// applications stay for reports), every session ends, the streams are
// told why and the erasure is audited.
func TestErase(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := newWorld(t, e)
	admin := e.user(t, "boss", hiregate.RoleAdmin)

	tests := []struct {
		name     string
		who      *hiregate.User
		password string
		code     string
		detail   string
	}{
		{"no password", w.cand, "", hiregate.EINVALID, "current_password"},
		{"wrong password", w.cand, "not the password", hiregate.EINVALID, "current_password"},
		{"a recruiter", w.recruiter, pw, hiregate.ECONFLICT, "Only candidates erase their own account; an admin deactivates recruiters and admins"},
		{"an admin", admin, pw, hiregate.ECONFLICT, "Only candidates erase their own account; an admin deactivates recruiters and admins"},
		{"the candidate", w.cand, pw, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := e.signIn(t, tt.who)
			e.pub.Take()
			err := e.acc.Erase(ctx, p, hiregate.EraseAccountRequest{CurrentPassword: tt.password}, from)
			checkErr(t, err, tt.code, tt.detail)
			published := e.pub.Take()
			if tt.code != "" {
				if !e.live(p) || len(published) != 0 || len(e.audit(t, hiregate.AuditAccountErased, tt.who.ID)) != 0 {
					t.Errorf("a refused erasure: session live %t, published %v; want the account untouched", e.live(p), published)
				}
				return
			}
			checkErased(t, e, w, p)
			if len(published) != 1 || published[0].Type != hiregate.EventSessionRevoked || published[0].Data.Reason != hiregate.ReasonErased ||
				published[0].Audience.UserID != tt.who.ID || published[0].Audience.KeepSessionID != "" {
				t.Errorf("published %+v, want session.revoked for every session, saying the account was erased", published)
			}
			got := e.audit(t, hiregate.AuditAccountErased, tt.who.ID)
			if len(got) != 1 || got[0].Detail != "by the user" || got[0].Email == tt.who.Email {
				t.Errorf("audited %+v, want one account_erased by the user, without their email", got)
			}
		})
	}
}

// checkErased checks what is left of w.cand once erased.
func checkErased(t *testing.T, e *env, w *world, p *caller) {
	t.Helper()
	if e.live(p) {
		t.Error("a session outlived the erasure")
	}
	if _, err := e.auth.Login(ctx, w.cand.Email, pw, from); err == nil {
		t.Error("the erased account still signs in")
	}
	u, err := e.db.UserByID(ctx, w.cand.ID)
	checkErr(t, err, "", "")
	if u.Email != hiregate.ErasedEmail(w.cand.ID) || u.FullName != hiregate.ErasedName || u.Active || u.PasswordHash != "" {
		t.Errorf("erased account = %+v, want anonymised, inactive, without a password", u.User)
	}
	rec := e.signIn(t, w.recruiter)
	a, err := w.hire.Application(ctx, rec, w.app.ID)
	checkErr(t, err, "", "")
	if a.Candidate.FullName != hiregate.ErasedName || a.CoverLetter != "" || a.ResumeText != "" || a.Resume != nil || len(a.History) != 2 {
		t.Errorf("application after erasure = %+v, want it kept, anonymised, without resume, with its history", a)
	}
	notes, _, err := w.hire.Notes(ctx, rec, w.app.ID, 0, "")
	checkErr(t, err, "", "")
	if len(notes) != 0 {
		t.Errorf("notes after erasure = %+v, want none", notes)
	}
	f, err := w.hire.Funnel(ctx, rec, hiregate.FunnelFilter{JobID: w.job.ID})
	checkErr(t, err, "", "")
	if f.Stages[0].Reached != 1 {
		t.Errorf("funnel after erasure = %+v, want the application still counted", f.Stages)
	}
	raw := fmt.Sprintf("%+v", a)
	for _, gone := range []string{w.cand.Email, resumeWords, w.cand.FullName} {
		if strings.Contains(raw, gone) {
			t.Errorf("application after erasure still holds %q", gone)
		}
	}
}
