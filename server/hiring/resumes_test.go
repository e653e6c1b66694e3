package hiring_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func textFile(name, text string) hiring.ResumeFile {
	return hiring.ResumeFile{Filename: name, ContentType: "text/plain; charset=utf-8", Data: []byte(text)}
}

// TestUploadResume checks PUT /applications/{id}/resume: only the
// application's candidate, while it is not final; ownership is decided
// before the file, so a stranger learns nothing from how a file fails.
func TestUploadResume(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.applicationAt(t, hiregate.StageApplied)
	withdrawn := e.applicationAt(t, hiregate.StageWithdrawn)
	good := textFile("cv.txt", "Go, SQLite and PostgreSQL")

	tests := []struct {
		name   string
		who    *hiregate.User
		app    string
		file   hiring.ResumeFile
		code   string
		detail string
	}{
		{"its candidate", e.cand, a.ID, good, "", ""},
		{"no file name", e.cand, a.ID, textFile("", "Go"), "", ""},
		{"a Windows path", e.cand, a.ID, textFile(`C:\Users\me\cv.txt`, "Go"), "", ""},
		{"markdown", e.cand, a.ID, hiring.ResumeFile{ContentType: "text/markdown", Data: []byte("# Me")}, "", ""},
		{"the job's owner", e.owner, a.ID, good, hiregate.ENOTFOUND, "Application not found"},
		{"an admin", e.admin, a.ID, good, hiregate.ENOTFOUND, "Application not found"},
		{"another candidate", e.stranger, a.ID, good, hiregate.ENOTFOUND, "Application not found"},
		{"another candidate with a bad type", e.stranger, a.ID, hiring.ResumeFile{ContentType: "image/png", Data: []byte("x")}, hiregate.ENOTFOUND, "Application not found"},
		{"no such application", e.cand, "no-such-application", good, hiregate.ENOTFOUND, "Application not found"},
		{"a final application", e.cand, withdrawn.ID, good, hiregate.ECONFLICT, "Application is withdrawn; its resume can no longer change"},
		{"unsupported type", e.cand, a.ID, hiring.ResumeFile{ContentType: "image/png", Data: []byte("x")}, hiregate.EUNSUPPORTED, ""},
		{"text not UTF-8", e.cand, a.ID, hiring.ResumeFile{ContentType: "text/plain; charset=latin1", Data: []byte("x")}, hiregate.EUNSUPPORTED, "Resume text must be UTF-8"},
		{"empty file", e.cand, a.ID, textFile("cv.txt", ""), hiregate.EINVALID, ""},
		{"a PDF that is not one", e.cand, a.ID, hiring.ResumeFile{ContentType: "application/pdf", Data: []byte("hello")}, hiregate.EINVALID, ""},
		{"a name with a quote", e.cand, a.ID, textFile(`c"v.txt`, "Go"), hiregate.EINVALID, "filename"},
		{"a name too long", e.cand, a.ID, textFile(strings.Repeat("n", 256), "Go"), hiregate.EINVALID, "filename"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _, beforeErr := e.svc.ResumeFile(ctx, as(e.admin), a.ID)
			r, err := e.svc.UploadResume(ctx, as(tt.who), tt.app, tt.file)
			checkErr(t, err, tt.code, tt.detail)
			meta, data, fileErr := e.svc.ResumeFile(ctx, as(e.admin), a.ID)
			if tt.code != "" {
				if tt.app == a.ID && (hiregate.ErrorCode(fileErr) != hiregate.ErrorCode(beforeErr) || meta != nil && *meta != *before) {
					t.Errorf("a refused upload changed the stored file: %+v -> %+v", before, meta)
				}
				return
			}
			checkErr(t, fileErr, "", "")
			if !bytes.Equal(data, tt.file.Data) || r.SHA256 != meta.SHA256 || r.URL != hiregate.ResumeURL(a.ID) || r.Filename == "" || strings.ContainsAny(r.Filename, `/\`) {
				t.Errorf("UploadResume() = %+v, stored %+v; want the file, named without a path, at %s", r, meta, hiregate.ResumeURL(a.ID))
			}
			stored, err := e.svc.Application(ctx, as(e.cand), a.ID)
			checkErr(t, err, "", "")
			if stored.ResumeText == "" || !strings.Contains(string(tt.file.Data), stored.ResumeText) {
				t.Errorf("resume text = %q, want the file's text", stored.ResumeText)
			}
		})
	}
}

// TestApplyWithResume checks that applying with a file is one step: a bad
// file leaves no application and a refused application no file.
func TestApplyWithResume(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	closed := e.job(t, e.owner, "Closed", hiregate.JobClosed)
	taken := e.job(t, e.owner, "Taken", hiregate.JobOpen)
	e.apply(t, e.cand, taken)
	good := textFile("cv.txt", "Go and SQL")

	tests := []struct {
		name   string
		job    string
		cover  string
		file   hiring.ResumeFile
		code   string
		detail string
	}{
		{"open job", "", "Hello", good, "", ""},
		{"bad file", "", "Hello", hiring.ResumeFile{ContentType: "application/pdf", Data: []byte("no")}, hiregate.EINVALID, ""},
		{"unsupported type", "", "Hello", hiring.ResumeFile{ContentType: "image/gif", Data: []byte("GIF89a")}, hiregate.EUNSUPPORTED, ""},
		{"cover letter too long", "", strings.Repeat("c", hiregate.MaxCoverLetterLen+1), good, hiregate.EINVALID, "cover_letter"},
		{"closed job", closed.ID, "Hello", good, hiregate.ECONFLICT, "Job is closed"},
		{"second application", taken.ID, "Hello", good, hiregate.ECONFLICT, "Already applied to this job"},
		{"no such job", "no-such-job", "Hello", good, hiregate.ENOTFOUND, "Job not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := tt.job
			if id == "" {
				id = e.job(t, e.owner, tt.name, hiregate.JobOpen).ID
			}
			before, _, err := e.svc.MyApplications(ctx, as(e.cand), hiregate.ApplicationFilter{})
			checkErr(t, err, "", "")
			e.pub.Take()
			a, err := e.svc.ApplyWithResume(ctx, as(e.cand), id, tt.cover, tt.file)
			checkErr(t, err, tt.code, tt.detail)
			after, _, listErr := e.svc.MyApplications(ctx, as(e.cand), hiregate.ApplicationFilter{})
			checkErr(t, listErr, "", "")
			published := e.pub.Take()
			if tt.code != "" {
				if len(after) != len(before) || len(published) != 0 {
					t.Errorf("refused: applications %d -> %d, published %v; want nothing new", len(before), len(after), published)
				}
				return
			}
			if len(after) != len(before)+1 || a.Resume == nil || a.Resume.URL != hiregate.ResumeURL(a.ID) || a.ResumeText != string(tt.file.Data) {
				t.Errorf("ApplyWithResume() = %+v; want one more application carrying the file", a)
			}
			_, data, err := e.svc.ResumeFile(ctx, as(e.owner), a.ID)
			checkErr(t, err, "", "")
			if !bytes.Equal(data, tt.file.Data) {
				t.Errorf("stored file = %q, want %q", data, tt.file.Data)
			}
			if len(published) != 1 || published[0].Type != hiregate.EventApplicationCreated || published[0].Audience.JobOwnerID != e.owner.ID {
				t.Errorf("published %+v, want application.created for the owner", published)
			}
		})
	}
}

// TestResumeFile checks GET /applications/{id}/resume: its candidate, the
// job's owner and admins; ENOTFOUND for others and when there is none.
func TestResumeFile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	with := e.applicationAt(t, hiregate.StageApplied)
	if _, err := e.svc.UploadResume(ctx, as(e.cand), with.ID, textFile("cv.txt", "Go")); err != nil {
		t.Fatal(err)
	}
	without := e.applicationAt(t, hiregate.StageApplied)

	tests := []struct {
		name   string
		who    *hiregate.User
		app    string
		code   string
		detail string
	}{
		{"its candidate", e.cand, with.ID, "", ""},
		{"the job's owner", e.owner, with.ID, "", ""},
		{"an admin", e.admin, with.ID, "", ""},
		{"another candidate", e.stranger, with.ID, hiregate.ENOTFOUND, "Application not found"},
		{"another recruiter", e.recruiter, with.ID, hiregate.ENOTFOUND, "Application not found"},
		{"no file", e.owner, without.ID, hiregate.ENOTFOUND, "Resume not found"},
		{"no such application", e.admin, "no-such-application", hiregate.ENOTFOUND, "Application not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meta, data, err := e.svc.ResumeFile(ctx, as(tt.who), tt.app)
			checkErr(t, err, tt.code, tt.detail)
			if tt.code == "" && (string(data) != "Go" || meta.Filename != "cv.txt") {
				t.Errorf("ResumeFile() = %+v %q, want cv.txt with Go", meta, data)
			}
		})
	}
}
