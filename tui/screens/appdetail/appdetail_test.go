package appdetail_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/server/resume/resumetest"
	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/appdetail"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// run shows candidate@example.com's application to the Go job.
func run(t *testing.T, srv *testserver.Server, email string) *uitest.Driver {
	t.Helper()
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	d := srv.Screen(email, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return appdetail.New(c, api, id) })
	d.WaitContains("Senior Go Engineer", "History")
	return d
}

func TestRecruiter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys []string
		want []string
	}{
		{"View", nil, []string{"Priya Raman <candidate@example.com>", "applied", "Cover letter", "m move"}},
		{"Choose", []string{"m", "right"}, []string{"Move Priya Raman to:", "[interview]", "y move"}},
		// m y moves to the next stage, as on the board: asked once.
		{"MoveNext", []string{"m", "y"}, []string{"flash: Priya Raman moved to screening", "screening   by Dana Whitfield"}},
		{"Move", []string{"m", "right", "enter"}, []string{"flash: Priya Raman moved to interview", "interview   by Dana Whitfield"}},
		{"CancelMove", []string{"m", "right", "esc"}, []string{"m move"}},
		{"Reject", []string{"x", "y"}, []string{"flash: Rejected Priya Raman's application"}},
		{"NoteForm", []string{"n", "Strong Go background."}, []string{"Add a note", "Strong Go background.", "ctrl+s save note"}},
		{"Note", []string{"n", "Strong Go background.", "ctrl+s"}, []string{"flash: Note added", "Notes (1)", "Strong Go background."}},
		{"NoteEmpty", []string{"n", "ctrl+s"}, []string{"← required"}},
		// A typed note is not thrown away without asking.
		{"NoteCancel", []string{"n", "abc", "esc", "y"}, []string{"Notes (0)"}},
		{"NoteCancelAsks", []string{"n", "abc", "esc"}, []string{"Discard this note? (y/n)"}},
		{"NoteCancelKeeps", []string{"n", "abc", "esc", "n"}, []string{"Add a note", "abc"}},
		{"NoteEmptyCancel", []string{"n", "esc"}, []string{"Notes (0)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := run(t, testserver.Demo(t), testserver.Recruiter)
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

// TestMoveConflict moves an application the screen shows as applied after
// someone else moved it to offer: the server refuses, and the screen says
// why.
func TestMoveConflict(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := run(t, srv, testserver.Recruiter)
	srv.Move(testserver.Admin, srv.ApplicationID(testserver.Candidate, "Senior Go Engineer"), hiregate.StageOffer)
	d.Key("m", "right", "enter")
	d.WaitContains("Cannot move an application from offer to interview: stages only move forward")
}

// TestNotesPaged shows every note of an application with more notes than
// the server puts on one page.
func TestNotesPaged(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	const n = hiregate.MaxPageLimit + 5
	for i := range n {
		if _, err := srv.As(testserver.Recruiter).AddNote(context.Background(), id, fmt.Sprintf("Note number %03d.", i)); err != nil {
			t.Fatal(err)
		}
	}
	d := run(t, srv, testserver.Recruiter)
	d.WaitContains(fmt.Sprintf("Notes (%d)", n))
	d.Key("end")
	d.WaitContains(fmt.Sprintf("Note number %03d.", n-1))
	if got := srv.Requests("GET", "/applications/"+id+"/notes"); got != 2 {
		t.Errorf("note pages fetched = %d, want 2", got)
	}
}

func TestCandidate(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	if _, err := srv.As(testserver.Recruiter).AddNote(context.Background(), id, "Secret recruiter note"); err != nil {
		t.Fatal(err)
	}
	d := run(t, srv, testserver.Candidate)
	v := d.WaitContains("w withdraw")
	if strings.Contains(v, "Secret recruiter note") || strings.Contains(v, "Notes") {
		t.Fatalf("the candidate sees notes:\n%s", v)
	}
	if n := srv.Requests("GET", "/applications/"+id+"/notes"); n != 0 {
		t.Errorf("the candidate's screen asked for notes %d times", n)
	}
	golden.RequireEqual(t, []byte(v))
	d.Key("w")
	d.WaitContains(`Withdraw your application to "Senior Go Engineer"? (y/n)`)
	d.Key("y")
	d.WaitContains(`flash: You withdrew your application to "Senior Go Engineer"`)
}

// TestResumeFile attaches a real PDF to the application: the recruiter
// sees "resume.pdf · 2 pages · 943 B", reads the extracted text in its own
// view, and saves the file where they choose (tab completes the path).
func TestResumeFile(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	pdf := resumetest.PDF("Priya Raman\nGo, Kubernetes", "Experience\nAcme 2019-2024")
	if _, err := srv.As(testserver.Candidate).UploadResume(context.Background(), id, "resume.pdf", hiregate.ResumePDF, pdf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tests := []struct {
		name string
		keys []string
		want []string
	}{
		{"Line", nil, []string{"resume.pdf · 2 pages · 943 B", "d save · v read", "Go, Kubernetes"}},
		{"Read", []string{"v"}, []string{"Resume text of resume.pdf", "Experience", "Acme 2019-2024", "esc close"}},
		{"ReadClose", []string{"v", "esc"}, []string{"History", "m move"}},
		{"SaveForm", []string{"d"}, []string{"Save resume.pdf", "Save to", "tab complete path"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := run(t, srv, testserver.Recruiter)
			d.Key(tt.keys...)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
	t.Run("Save", func(t *testing.T) {
		d := run(t, srv, testserver.Recruiter)
		d.Key("d")
		d.WaitContains("Save to")
		// Replace the suggested name with a path in the test's directory,
		// completed with tab from its first letters.
		for range "resume.pdf" {
			d.Key("backspace")
		}
		if err := os.Mkdir(filepath.Join(dir, "cvs"), 0o755); err != nil {
			t.Fatal(err)
		}
		d.Type(dir + "/c")
		d.Key("tab")
		d.WaitContains("cvs/")
		d.Type("priya.pdf")
		d.Key("enter")
		d.WaitContains("flash: Resume saved to " + filepath.Join(dir, "cvs", "priya.pdf"))
		got, err := os.ReadFile(filepath.Join(dir, "cvs", "priya.pdf"))
		if err != nil || !bytes.Equal(got, pdf) {
			t.Fatalf("saved file = %d bytes, %v; want the uploaded %d bytes", len(got), err, len(pdf))
		}
		// Saving again over it is refused, and the file stays.
		d.Key("d")
		d.WaitContains("Save to")
		for range "resume.pdf" {
			d.Key("backspace")
		}
		d.Type(filepath.Join(dir, "cvs", "priya.pdf"))
		d.Key("enter")
		d.WaitContains("already exists")
	})
}

func TestMatchFromRanking(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component {
		return appdetail.New(c, api, id).WithMatch(&hiregate.Match{Score: 72, Terms: []string{"go", "kubernetes"}})
	})
	d.WaitContains("Why ███████░░░  72  go kubernetes")
	golden.RequireEqual(t, []byte(d.Quit()))
}

// TestBlindApplication: a recruiter of a job in blind review sees the
// alias, the notice and [hidden] instead of the name, and no file to save.
func TestBlindApplication(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	job := srv.AddJob(testserver.Recruiter, "Blind Role", "Remote")
	srv.Blind(testserver.Recruiter, job.ID, hiregate.StageInterview)
	a := srv.Apply(testserver.Candidate, job)
	name := srv.User(testserver.Candidate).FullName
	d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return appdetail.New(c, api, a.ID) })
	v := d.WaitContains(hiregate.BlindAlias(a.ID), "Blind review:", hiregate.Hidden)
	if strings.Contains(v, name) || strings.Contains(v, testserver.Candidate) {
		t.Errorf("the blind screen shows the candidate:\n%s", v)
	}
}
