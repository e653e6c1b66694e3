package httpapi_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// The ranking fixture's right order is obvious: the resume naming every
// skill of the job, then the one naming two, then the one naming none.
func TestSortByMatch(t *testing.T) {
	e := newEnv(t)
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	_, rec2 := e.user(hiregate.RoleRecruiter, "rec2@example.com")
	_, admin := e.user(hiregate.RoleAdmin, "admin@example.com")
	req := validJob("Senior Go Engineer")
	req.Description = "Go services on PostgreSQL and Kubernetes, talking gRPC."
	job, err := rec.CreateJob(bg, req)
	wantOK(t, "CreateJob", err)
	resumes := []struct{ email, text string }{
		{"java@example.com", "Java and Spring, Oracle."},
		{"full@example.com", "Senior Go engineer: Kubernetes operators, gRPC services, PostgreSQL."},
		{"half@example.com", "Go developer who knows PostgreSQL."},
	}
	ids := map[string]string{}
	for _, r := range resumes {
		_, c := e.user(hiregate.RoleCandidate, r.email)
		e.clock.Advance(time.Minute)
		a, err := c.ApplyWithResume(bg, job.ID, "", "cv.txt", hiregate.ResumeText, []byte(r.text))
		wantOK(t, "ApplyWithResume", err)
		ids[a.ID] = r.email
	}
	for name, c := range map[string]clientT{"owner": rec, "admin": admin} {
		l, err := c.JobApplications(bg, job.ID, hiregate.ApplicationFilter{Sort: hiregate.SortMatch})
		wantOK(t, name+" JobApplications(match)", err)
		var order []string
		for _, a := range l.Items {
			order = append(order, ids[a.ID])
			if a.Match == nil {
				t.Fatalf("%s: item %s has no match", name, a.ID)
			}
		}
		if want := []string{"full@example.com", "half@example.com", "java@example.com"}; !reflect.DeepEqual(order, want) {
			t.Errorf("%s: sort=match order = %v, want %v", name, order, want)
		}
		top, mid, last := l.Items[0].Match, l.Items[1].Match, l.Items[2].Match
		if !(top.Score > mid.Score && mid.Score > last.Score && last.Score == 0) || top.Terms[0] == "" || len(last.Terms) != 0 {
			t.Errorf("%s: matches = %+v %+v %+v, want falling scores, terms on the matching ones", name, top, mid, last)
		}
	}
	t.Run("Paged", func(t *testing.T) {
		p1, err := rec.JobApplications(bg, job.ID, hiregate.ApplicationFilter{Sort: hiregate.SortMatch, Limit: 2})
		wantOK(t, "page 1", err)
		p2, err := rec.JobApplications(bg, job.ID, hiregate.ApplicationFilter{Sort: hiregate.SortMatch, Limit: 2, Cursor: *p1.NextCursor})
		wantOK(t, "page 2", err)
		if len(p1.Items) != 2 || len(p2.Items) != 1 || ids[p2.Items[0].ID] != "java@example.com" || p2.NextCursor != nil {
			t.Errorf("pages = %d + %d items, want 2 + the last one", len(p1.Items), len(p2.Items))
		}
	})
	t.Run("ArrivalHasNoMatch", func(t *testing.T) {
		l, err := rec.JobApplications(bg, job.ID, hiregate.ApplicationFilter{})
		wantOK(t, "JobApplications", err)
		for _, a := range l.Items {
			if a.Match != nil {
				t.Errorf("arrival order item has a match %+v", a.Match)
			}
		}
	})
	t.Run("Refusals", func(t *testing.T) {
		_, err := rec2.JobApplications(bg, job.ID, hiregate.ApplicationFilter{Sort: hiregate.SortMatch})
		wantCode(t, "other recruiter", err, hiregate.ENOTFOUND)
		_, err = rec.JobApplications(bg, job.ID, hiregate.ApplicationFilter{Sort: "best"})
		wantCode(t, "unknown sort", err, hiregate.EINVALID)
	})
	t.Run("CandidatesNeverSeeScores", func(t *testing.T) {
		c := e.login("full@example.com")
		l, err := c.MyApplications(bg, hiregate.ApplicationFilter{})
		wantOK(t, "MyApplications", err)
		a, err := c.Application(bg, l.Items[0].ID)
		wantOK(t, "Application", err)
		if l.Items[0].Match != nil || a.Match != nil {
			t.Errorf("candidate sees a match: %+v / %+v", l.Items[0].Match, a.Match)
		}
		_, err = c.JobApplications(bg, job.ID, hiregate.ApplicationFilter{Sort: hiregate.SortMatch})
		wantCode(t, "candidate ranking", err, hiregate.EFORBIDDEN)
		_, err = c.MyApplications(bg, hiregate.ApplicationFilter{Sort: hiregate.SortMatch})
		wantCode(t, "candidate sort=match", err, hiregate.EINVALID)
	})
}

func TestFunnelRoute(t *testing.T) {
	e := newEnv(t)
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	_, rec2 := e.user(hiregate.RoleRecruiter, "rec2@example.com")
	_, admin := e.user(hiregate.RoleAdmin, "admin@example.com")
	_, cc := e.user(hiregate.RoleCandidate, "cand@example.com")
	_, cc2 := e.user(hiregate.RoleCandidate, "cand2@example.com")
	job, err := rec.CreateJob(bg, validJob("Go Engineer"))
	wantOK(t, "CreateJob", err)
	other, err := rec2.CreateJob(bg, validJob("Other"))
	wantOK(t, "CreateJob", err)
	a, err := cc.Apply(bg, job.ID, hiregate.CreateApplicationRequest{ResumeText: "x"})
	wantOK(t, "Apply", err)
	_, err = cc2.Apply(bg, job.ID, hiregate.CreateApplicationRequest{ResumeText: "x"})
	wantOK(t, "Apply", err)
	_, err = cc.Apply(bg, other.ID, hiregate.CreateApplicationRequest{ResumeText: "x"})
	wantOK(t, "Apply", err)
	e.clock.Advance(36 * time.Hour)
	_, err = rec.MoveApplication(bg, a.ID, hiregate.StageInterview)
	wantOK(t, "Move", err)

	f, err := rec.Funnel(bg, hiregate.FunnelFilter{})
	wantOK(t, "recruiter Funnel", err)
	// Two applications to rec's job; one skipped screening to interview
	// after 36 hours.
	if f.Stages[0].Reached != 2 || f.Stages[0].Current != 1 || f.Stages[1].Reached != 1 || f.Stages[2].Current != 1 ||
		f.MedianDaysInStage[hiregate.StageApplied] != 1.5 || f.Conversion[0].Rate != 0.5 {
		t.Errorf("recruiter Funnel = %+v, want 2 applied (1 still), 1 reached screening and interview, 1.5 days in applied", f)
	}
	if len(f.ApplicationsPerWeek) != 1 || f.ApplicationsPerWeek[0] != (hiregate.WeekCount{Week: "2026-W48", Count: 2}) {
		t.Errorf("weeks = %+v, want 2026-W48: 2", f.ApplicationsPerWeek)
	}
	all, err := admin.Funnel(bg, hiregate.FunnelFilter{})
	wantOK(t, "admin Funnel", err)
	if all.Stages[0].Reached != 3 {
		t.Errorf("admin Funnel applied = %d, want all 3", all.Stages[0].Reached)
	}
	one, err := admin.Funnel(bg, hiregate.FunnelFilter{JobID: other.ID})
	wantOK(t, "admin Funnel(job)", err)
	if one.Stages[0].Reached != 1 {
		t.Errorf("admin Funnel(other job) applied = %d, want 1", one.Stages[0].Reached)
	}
	_, err = rec.Funnel(bg, hiregate.FunnelFilter{JobID: other.ID})
	wantCode(t, "recruiter Funnel(another's job)", err, hiregate.ENOTFOUND)
	_, err = cc.Funnel(bg, hiregate.FunnelFilter{})
	wantCode(t, "candidate Funnel", err, hiregate.EFORBIDDEN)
	dated, err := rec.Funnel(bg, hiregate.FunnelFilter{From: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
	wantOK(t, "dated Funnel", err)
	if dated.Stages[0].Reached != 0 {
		t.Errorf("Funnel from the day after = %d applied, want 0", dated.Stages[0].Reached)
	}
	access, _ := rec.Tokens()
	if resp := e.raw("GET", "/reports/funnel?from=yesterday", "", access, nil); resp.StatusCode != 422 {
		t.Errorf("from=yesterday: status %d, want 422", resp.StatusCode)
	}
}

func TestExportAndErase(t *testing.T) {
	e := newEnv(t)
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	cand, cc := e.user(hiregate.RoleCandidate, "zelda@example.com")
	job, err := rec.CreateJob(bg, validJob("Go Engineer"))
	wantOK(t, "CreateJob", err)
	a, err := cc.ApplyWithResume(bg, job.ID, "Zelda here", "cv.md", hiregate.ResumeMarkdown, []byte("# Zelda\nGo"))
	wantOK(t, "ApplyWithResume", err)
	_, err = rec.AddNote(bg, a.ID, "Zelda looks good")
	wantOK(t, "AddNote", err)
	before, err := rec.Funnel(bg, hiregate.FunnelFilter{})
	wantOK(t, "Funnel", err)

	t.Run("Export", func(t *testing.T) {
		raw, ex, err := cc.Export(bg)
		wantOK(t, "Export", err)
		if ex.User.ID != cand.ID || len(ex.Applications) != 1 || ex.Applications[0].Resume == nil ||
			ex.Applications[0].Resume.URL != hiregate.ResumeURL(a.ID) || len(ex.Applications[0].History) != 1 || len(ex.Sessions) == 0 {
			t.Fatalf("Export = %+v, want the user, the application with history and a resume link, sessions", ex)
		}
		access, refresh := cc.Tokens()
		u, _ := e.db.UserByID(bg, cand.ID)
		for _, secret := range []string{access, refresh, u.PasswordHash, testPassword, "password", "hash", "Zelda looks good"} {
			if bytes.Contains(raw, []byte(secret)) {
				t.Errorf("the export contains %q", secret)
			}
		}
		var generic map[string]any
		if err := json.Unmarshal(raw, &generic); err != nil {
			t.Fatalf("export is not JSON: %v", err)
		}
	})
	t.Run("EraseRefusals", func(t *testing.T) {
		err := cc.EraseAccount(bg, "wrong password")
		wantCode(t, "wrong password", err, hiregate.EINVALID)
		err = rec.EraseAccount(bg, testPassword)
		wantCode(t, "recruiter", err, hiregate.ECONFLICT)
		cc = e.login("zelda@example.com") // EraseAccount forgot the tokens
	})
	t.Run("Erase", func(t *testing.T) {
		err := cc.EraseAccount(bg, testPassword)
		wantOK(t, "EraseAccount", err)
		if _, err := e.client().Login(bg, "zelda@example.com", testPassword); hiregate.ErrorCode(err) != hiregate.EUNAUTHORIZED {
			t.Errorf("Login after erasure = %v, want 401", err)
		}
		got, err := rec.Application(bg, a.ID)
		wantOK(t, "Application", err)
		if got.Candidate.FullName != hiregate.ErasedName || strings.Contains(got.Candidate.Email, "zelda") ||
			got.CoverLetter != "" || got.ResumeText != "" || got.Resume != nil || len(got.History) != 1 {
			t.Errorf("application after erasure = %+v, want anonymised, no texts or file, history kept", got)
		}
		_, err = rec.DownloadResume(bg, a.ID)
		wantCode(t, "download after erasure", err, hiregate.ENOTFOUND)
		after, err := rec.Funnel(bg, hiregate.FunnelFilter{})
		wantOK(t, "Funnel", err)
		if !reflect.DeepEqual(after.Stages, before.Stages) {
			t.Errorf("funnel after erasure = %+v, want %+v", after.Stages, before.Stages)
		}
		events, _, err := e.acc.ListAudit(bg, hiregate.AuditFilter{UserID: cand.ID})
		wantOK(t, "ListAudit", err)
		erased := false
		for _, ev := range events {
			erased = erased || ev.Type == hiregate.AuditAccountErased
			if strings.Contains(ev.Email, "zelda") || strings.Contains(ev.Detail, "zelda") {
				t.Errorf("audit event keeps the email: %+v", ev)
			}
		}
		if !erased {
			t.Errorf("audit has no %s event", hiregate.AuditAccountErased)
		}
	})
}
