package apply_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/server/resume/resumetest"
	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/apply"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func run(t *testing.T, srv *testserver.Server) *uitest.Driver {
	t.Helper()
	id := srv.JobID("Technical Writer")
	d := srv.Screen(testserver.Candidate, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return apply.New(c, api, id) })
	d.WaitContains("Applying to Technical Writer")
	return d
}

func TestApply(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := run(t, srv)
	d.Type("Dear team,")
	d.Key("enter")
	d.Type("I write docs.")
	d.Key("tab")
	d.Type("Ten years of writing.")
	d.WaitContains("I write docs.", "Ten years of writing.")
	golden.RequireEqual(t, []byte(d.Last()))
	d.Key("ctrl+s")
	d.WaitContains("back: Application sent")
	app, err := srv.As(testserver.Candidate).Application(context.Background(), srv.ApplicationID(testserver.Candidate, "Technical Writer"))
	if err != nil {
		t.Fatal(err)
	}
	if app.CoverLetter != "Dear team,\nI write docs." || app.ResumeText != "Ten years of writing." {
		t.Fatalf("application = %q / %q", app.CoverLetter, app.ResumeText)
	}
}

func TestApplyResumeFromFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "resume.txt")
	if err := os.WriteFile(good, []byte("Robin\n\nExperience\n- writing"), 0o600); err != nil {
		t.Fatal(err)
	}
	binary := filepath.Join(dir, "photo.bin")
	if err := os.WriteFile(binary, []byte{0xff, 0xfe, 0x00}, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		keys       []string
		want       string
	}{
		{"Load", good, []string{"ctrl+o"}, "- writing"},
		{"LoadOnSubmit", good, []string{"ctrl+s"}, "back: Application sent"},
		{"ErrMissing", filepath.Join(dir, "nope.txt"), []string{"ctrl+o"}, "↑ no such file"},
		{"ErrBinary", binary, []string{"ctrl+s"}, "↑ choose a .pdf, .txt or .md file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Paths under ~ keep the golden files free of the temp dir.
			t.Setenv("HOME", dir)
			d := run(t, testserver.Demo(t))
			d.Key("tab", "tab")
			d.Type("~/" + filepath.Base(tt.path))
			d.Key(tt.keys...)
			d.WaitContains(tt.want)
			if strings.HasPrefix(tt.name, "Err") {
				golden.RequireEqual(t, []byte(d.Quit()))
			}
		})
	}
}

// TestApplyConflict sends an application while the same candidate's
// other session has already sent one to the job.
func TestApplyConflict(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := run(t, srv)
	srv.Apply(testserver.Candidate, srv.Job("Technical Writer"))
	d.Key("ctrl+s")
	d.WaitContains("Already applied to this job")
}

// No form for a job the candidate already applied to.
func TestApplyAlreadyApplied(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	id := srv.JobID("Senior Go Engineer")
	d := srv.Screen(testserver.Candidate, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return apply.New(c, api, id) })
	v := d.WaitContains("You applied to this job on", "status applied", "One application per job")
	if strings.Contains(v, "Cover letter") {
		t.Errorf("the form is shown for a job already applied to:\n%s", v)
	}
}

// TestApplyWithPDF attaches a PDF found with tab completion: it is sent as
// the file, and the server's extracted text becomes the resume.
func TestApplyWithPDF(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	files := map[string][]byte{
		"resume.pdf": resumetest.PDF("Robin Writer", "Docs for APIs"),
		"resume.txt": []byte("old text"),
		"fake.pdf":   []byte("I am not a PDF"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("CompleteAndSend", func(t *testing.T) {
		srv := testserver.Demo(t)
		d := run(t, srv)
		d.Key("tab", "tab")
		d.Type("~/res")
		d.Key("tab")
		d.WaitContains("~/resume.", "resume.pdf  resume.txt")
		golden.RequireEqual(t, []byte(d.Last()))
		d.Type("p")
		d.Key("tab")
		d.WaitContains("~/resume.pdf")
		d.Key("ctrl+s")
		d.WaitContains("back: Application sent")
		app, err := srv.As(testserver.Candidate).Application(context.Background(), srv.ApplicationID(testserver.Candidate, "Technical Writer"))
		if err != nil {
			t.Fatal(err)
		}
		if app.Resume == nil || app.Resume.Filename != "resume.pdf" || app.Resume.Pages != 2 || app.ResumeText != "Robin Writer\n\nDocs for APIs" {
			t.Fatalf("application = resume %+v, text %q; want the PDF and its text", app.Resume, app.ResumeText)
		}
	})
	t.Run("ServerRejects", func(t *testing.T) {
		srv := testserver.Demo(t)
		d := run(t, srv)
		d.Key("tab", "tab")
		d.Type("~/fake.pdf")
		d.Key("ctrl+s")
		d.WaitContains("↑ the file is not a PDF")
		golden.RequireEqual(t, []byte(d.Quit()))
	})
}
