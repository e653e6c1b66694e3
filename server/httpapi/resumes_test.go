package httpapi_test

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/resume"
	"github.com/hiregate/hiregate/server/resume/resumetest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func fieldReason(err error) string {
	var he *hiregate.Error
	if errors.As(err, &he) {
		return he.Fields["resume"]
	}
	return ""
}

func TestResumeUploadDownload(t *testing.T) {
	e := newEnv(t)
	p := e.people()
	rec, rec2, cc, cc2, admin := p.rec, p.rec2, p.cc, p.cc2, p.admin
	job, err := rec.CreateJob(bg, validJob("Go Engineer"))
	wantOK(t, "CreateJob", err)
	app, err := cc.Apply(bg, job.ID, hiregate.CreateApplicationRequest{CoverLetter: "Hello", ResumeText: "pasted"})
	wantOK(t, "Apply", err)

	pdf := resumetest.PDF("Jane Doe\nGo, PostgreSQL", "Experience\nAcme 2019-2024")
	meta, err := cc.UploadResume(bg, app.ID, "jane cv.pdf", hiregate.ResumePDF, pdf)
	wantOK(t, "UploadResume", err)
	sum := sha256.Sum256(pdf)
	want := "Jane Doe\nGo, PostgreSQL\n\nExperience\nAcme 2019-2024"
	if meta.Filename != "jane cv.pdf" || meta.ContentType != hiregate.ResumePDF || meta.Size != int64(len(pdf)) ||
		meta.SHA256 != hex.EncodeToString(sum[:]) || meta.Pages != 2 || meta.TextChars != len(want) || meta.URL != hiregate.ResumeURL(app.ID) {
		t.Fatalf("UploadResume = %+v, want the file's name, type, size, hash, 2 pages, %d chars", meta, len(want))
	}
	got, err := cc.Application(bg, app.ID)
	wantOK(t, "Application", err)
	if got.ResumeText != want || got.Resume == nil || got.Resume.SHA256 != meta.SHA256 {
		t.Fatalf("Application after upload = text %q, resume %+v; want the extracted text and the metadata", got.ResumeText, got.Resume)
	}

	t.Run("DownloadByCandidateOwnerAdmin", func(t *testing.T) {
		for name, c := range map[string]clientT{"candidate": cc, "owner": rec, "admin": admin} {
			f, err := c.DownloadResume(bg, app.ID)
			wantOK(t, name+" DownloadResume", err)
			if !bytes.Equal(f.Data, pdf) || f.Filename != "jane cv.pdf" || f.ContentType != hiregate.ResumePDF {
				t.Errorf("%s DownloadResume = %s %q %d bytes, want the original", name, f.ContentType, f.Filename, len(f.Data))
			}
		}
		access, _ := rec.Tokens()
		resp := e.raw(http.MethodGet, "/applications/"+app.ID+"/resume", "", access, nil)
		if d := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(d, "attachment;") {
			t.Errorf("Content-Disposition = %q, want attachment", d)
		}
		if n := resp.Header.Get("X-Content-Type-Options"); n != "nosniff" {
			t.Errorf("X-Content-Type-Options = %q, want nosniff", n)
		}
	})
	t.Run("OthersGet404", func(t *testing.T) {
		_, err := rec2.DownloadResume(bg, app.ID)
		wantCode(t, "other recruiter download", err, hiregate.ENOTFOUND)
		_, err = cc2.DownloadResume(bg, app.ID)
		wantCode(t, "other candidate download", err, hiregate.ENOTFOUND)
		_, err = cc2.UploadResume(bg, app.ID, "x.txt", hiregate.ResumeText, []byte("mine now"))
		wantCode(t, "other candidate upload", err, hiregate.ENOTFOUND)
		_, err = rec.UploadResume(bg, app.ID, "x.txt", hiregate.ResumeText, []byte("recruiter"))
		wantCode(t, "recruiter upload", err, hiregate.EFORBIDDEN)
	})
	t.Run("NoFile404", func(t *testing.T) {
		other, err := cc2.Apply(bg, job.ID, hiregate.CreateApplicationRequest{ResumeText: "pasted"})
		wantOK(t, "Apply", err)
		_, err = rec.DownloadResume(bg, other.ID)
		wantCode(t, "download without a file", err, hiregate.ENOTFOUND)
	})

	// Every bad file is refused with a reason and changes nothing.
	var bomb bytes.Buffer
	zw := zlib.NewWriter(&bomb)
	zw.Write(bytes.Repeat([]byte(" "), 40<<20))
	zw.Close()
	bombPDF := resumetest.Build("",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		resumetest.Stream("/Filter /FlateDecode", bomb.Bytes()),
	)
	encrypted := resumetest.Build("/Encrypt 3 0 R /ID [<00112233445566778899aabbccddeeff> <00>]",
		"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>",
		"<< /Filter /Standard /V 1 /R 2 /O <"+strings.Repeat("ab", 32)+"> /U <"+strings.Repeat("cd", 32)+"> /P -4 >>")
	bad := []struct {
		name, ct string
		data     []byte
		code     string
		reason   string
	}{
		{"TypeMismatch", hiregate.ResumePDF, []byte("I am text"), hiregate.EINVALID, resume.ReasonNotPDF},
		{"PDFAsText", hiregate.ResumeText, pdf, hiregate.EINVALID, resume.ReasonNotText},
		{"Encrypted", hiregate.ResumePDF, encrypted, hiregate.EINVALID, resume.ReasonEncrypted},
		{"Malformed", hiregate.ResumePDF, pdf[:len(pdf)/2], hiregate.EINVALID, resume.ReasonMalformed},
		{"Bomb", hiregate.ResumePDF, bombPDF, hiregate.EINVALID, resume.ReasonInflatesTooBig},
		{"ZeroBytes", hiregate.ResumeMarkdown, []byte{}, hiregate.EINVALID, resume.ReasonEmpty},
		{"MarkdownControl", hiregate.ResumeMarkdown, []byte("# Jane\x1b[2J"), hiregate.EINVALID, resume.ReasonControlChars},
		{"NoText", hiregate.ResumePDF, resumetest.PDF(""), hiregate.EINVALID, resume.ReasonNoText},
		{"OverLimit", hiregate.ResumeText, bytes.Repeat([]byte("a"), hiregate.MaxResumeBytes+1), hiregate.ETOOLARGE, ""},
		{"WrongType", "image/png", []byte("\x89PNG"), hiregate.EUNSUPPORTED, ""},
	}
	for _, b := range bad {
		t.Run("Reject"+b.name, func(t *testing.T) {
			_, err := cc.UploadResume(bg, app.ID, "bad", b.ct, b.data)
			wantCode(t, b.name, err, b.code)
			if r := fieldReason(err); r != b.reason {
				t.Errorf("%s reason = %q, want %q", b.name, r, b.reason)
			}
			a, _ := cc.Application(bg, app.ID)
			f, _ := cc.DownloadResume(bg, app.ID)
			if a.ResumeText != want || f == nil || !bytes.Equal(f.Data, pdf) {
				t.Errorf("after a rejected %s: text %q, file changed %v; want both unchanged", b.name, a.ResumeText, f == nil || !bytes.Equal(f.Data, pdf))
			}
		})
	}
	t.Run("FinalApplication409", func(t *testing.T) {
		_, err := cc.MoveApplication(bg, app.ID, hiregate.StageWithdrawn)
		wantOK(t, "withdraw", err)
		_, err = cc.UploadResume(bg, app.ID, "late.md", hiregate.ResumeMarkdown, []byte("# late"))
		wantCode(t, "upload to a withdrawn application", err, hiregate.ECONFLICT)
	})
}

func TestApplyWithResume(t *testing.T) {
	e := newEnv(t)
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	_, cc := e.user(hiregate.RoleCandidate, "cand@example.com")
	job, err := rec.CreateJob(bg, validJob("Go Engineer"))
	wantOK(t, "CreateJob", err)

	t.Run("BadFileCreatesNothing", func(t *testing.T) {
		_, err := cc.ApplyWithResume(bg, job.ID, "Hi", "cv.pdf", hiregate.ResumePDF, []byte("not a pdf"))
		wantCode(t, "ApplyWithResume(bad file)", err, hiregate.EINVALID)
		l, err := cc.MyApplications(bg, hiregate.ApplicationFilter{})
		wantOK(t, "MyApplications", err)
		if len(l.Items) != 0 {
			t.Fatalf("MyApplications after a rejected file = %d, want none", len(l.Items))
		}
	})
	t.Run("OK", func(t *testing.T) {
		a, err := cc.ApplyWithResume(bg, job.ID, "Dear team", "cv.md", hiregate.ResumeMarkdown, []byte("# Jane\n\nGo and SQL"))
		wantOK(t, "ApplyWithResume", err)
		if a.ResumeText != "# Jane\n\nGo and SQL" || a.CoverLetter != "Dear team" || a.Resume == nil || a.Resume.Filename != "cv.md" {
			t.Fatalf("ApplyWithResume = %+v, want the file's text and metadata", a)
		}
		f, err := rec.DownloadResume(bg, a.ID)
		wantOK(t, "DownloadResume", err)
		if string(f.Data) != "# Jane\n\nGo and SQL" {
			t.Errorf("DownloadResume = %q, want the uploaded bytes", f.Data)
		}
		_, err = cc.ApplyWithResume(bg, job.ID, "again", "cv.md", hiregate.ResumeMarkdown, []byte("# Jane"))
		wantCode(t, "second application with a file", err, hiregate.ECONFLICT)
	})
	t.Run("MalformedMultipart", func(t *testing.T) {
		access, _ := cc.Tokens()
		for name, tc := range map[string]struct {
			body string
			want int
		}{
			"UnknownPart": {"--b\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nadmin\r\n--b--\r\n", http.StatusUnprocessableEntity},
			"NoFile":      {"--b\r\nContent-Disposition: form-data; name=\"cover_letter\"\r\n\r\nhi\r\n--b--\r\n", http.StatusUnprocessableEntity},
			"NoParts":     {"this is not multipart", http.StatusUnprocessableEntity},
			"Truncated":   {"--b\r\nContent-Disposition: form-data; name=\"resume\"; filename=\"a.md\"\r\n\r\nabc", http.StatusBadRequest},
		} {
			resp := e.raw(http.MethodPost, "/jobs/"+job.ID+"/applications", "multipart/form-data; boundary=b", access, strings.NewReader(tc.body))
			if resp.StatusCode != tc.want {
				b, _ := io.ReadAll(resp.Body)
				t.Errorf("%s: status %d %s, want %d", name, resp.StatusCode, b, tc.want)
			}
		}
	})
}
