package appdetail_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/appdetail"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// hired seeds Priya Raman's Go application with an interview that took
// place (Sam Lee and Alex Kim, feedback from both) and one to come.
func hired(t *testing.T) (*testserver.Server, string) {
	t.Helper()
	srv := testserver.Teams(t)
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	done := srv.Schedule(testserver.Recruiter, id, testserver.Epoch.Add(time.Hour), 45, testserver.Interviewer, testserver.Interviewer2)
	srv.Schedule(testserver.Recruiter2, id, testserver.Epoch.Add(49*time.Hour), 60, testserver.Interviewer)
	srv.Advance(2 * time.Hour)
	srv.Feedback(testserver.Interviewer, done.ID, map[string]int{"Go": 4, "System design": 3, "Communication": 3}, hiregate.StrongYes, "Strong on concurrency.")
	srv.Feedback(testserver.Interviewer2, done.ID, map[string]int{"Go": 3, "System design": 2}, hiregate.No, "")
	srv.SignOutSeeders()
	return srv, id
}

func open(t *testing.T, srv *testserver.Server, email, id string, w, h int) *uitest.Driver {
	t.Helper()
	d := srv.Screen(email, w, h, func(c *ui.Context, api *client.Client) ui.Component {
		testserver.InBerlin(c)
		return appdetail.New(c, api, id)
	})
	d.WaitContains("Interviews (")
	return d
}

// The recruiter sees both interviews in Berlin time and, per criterion,
// each interviewer's rating and the average, and the recommendations as
// symbols.
func TestInterviewsRecruiter(t *testing.T) {
	t.Parallel()
	srv, id := hired(t)
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			d := open(t, srv.For(t), testserver.Recruiter, id, size.w, size.h)
			d.WaitContains("Interviews (2)", "i interview")
			d.Key("end")
			v := d.WaitContains("Recommendation", "Strong on concurrency.")
			for _, want := range []string{"Go", "3.5", "System design", "2.5", "Communication", "3.0", "✓✓", "✗"} {
				if !strings.Contains(v, want) {
					t.Errorf("summary lacks %q", want)
				}
			}
			golden.RequireEqual(t, []byte(srv.Scrub(d.Quit())))
		})
	}
}

func TestInterviewsShown(t *testing.T) {
	t.Parallel()
	srv, id := hired(t)
	d := open(t, srv, testserver.Recruiter, id, 120, 40)
	d.WaitContains("Mon 2026-03-02 11:30–12:15 CET (today)", "Wed 2026-03-04 11:30–12:30 CET", "Room 4", "with Alex Kim, Sam Lee", "Feedback (2)")
}

// The interviewer reads the application, with no notes and no moves; it
// sees the feedback because it sent its own.
func TestInterviewsInterviewer(t *testing.T) {
	t.Parallel()
	srv, id := hired(t)
	d := open(t, srv, testserver.Interviewer, id, 80, 24)
	v := d.WaitContains("f feedback", "Priya Raman")
	for _, no := range []string{"m move", "x reject", "Notes", "n add note", "i interview"} {
		if strings.Contains(v, no) {
			t.Fatalf("the interviewer is shown %q:\n%s", no, v)
		}
	}
	d.Key("end")
	d.WaitContains("Feedback (2)")
	golden.RequireEqual(t, []byte(srv.Scrub(d.Quit())))
	if n := srv.Requests("GET", "/applications/"+id+"/notes"); n != 0 {
		t.Errorf("the interviewer's screen asked for notes %d times", n)
	}
}

// Before sending its own, an interviewer is told how to see the others'.
func TestInterviewsInterviewerBeforeOwn(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	iv := srv.Schedule(testserver.Recruiter, id, testserver.Epoch.Add(time.Hour), 45, testserver.Interviewer, testserver.Interviewer2)
	srv.Advance(2 * time.Hour)
	srv.Feedback(testserver.Interviewer2, iv.ID, map[string]int{"Go": 1}, hiregate.StrongNo, "Alex's secret verdict")
	d := open(t, srv, testserver.Interviewer, id, 80, 24)
	d.Key("end")
	v := d.WaitContains("You see the others' feedback once you have sent yours: press f.")
	if strings.Contains(v, "secret verdict") {
		t.Fatalf("an interviewer sees another's feedback before sending its own:\n%s", v)
	}
	d.Key("f")
	d.WaitContains("open feedback " + iv.ID)
}

// The candidate sees when and where, and saves the calendar file.
func TestInterviewsCandidate(t *testing.T) {
	t.Parallel()
	srv, id := hired(t)
	dir := t.TempDir()
	d := open(t, srv, testserver.Candidate, id, 80, 24)
	v := d.WaitContains("Interviews (2)", "Room 4", "c save .ics")
	if strings.Contains(v, "Feedback") || strings.Contains(v, "Strong on concurrency") {
		t.Fatalf("the candidate sees feedback:\n%s", v)
	}
	golden.RequireEqual(t, []byte(srv.Scrub(v)))
	d.Key("c")
	// Two interviews: which one? The one not over yet comes first.
	d.WaitContains("Which interview:", "[Mon 03-02 11:30]")
	d.Key("right")
	d.WaitContains("[Wed 03-04 11:30]")
	d.Key("enter")
	d.WaitContains("Save to", "interview-senior-go-engineer-2026-03-04.ics")
	d.Key("ctrl+u")
	path := filepath.Join(dir, "interview.ics")
	d.Type(path)
	d.Key("enter")
	d.WaitContains("flash: Saved " + path)
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "BEGIN:VCALENDAR") || !strings.Contains(string(b), "METHOD:REQUEST") {
		t.Fatalf("saved %q, %v; want a calendar with METHOD:REQUEST", b, err)
	}
}

// A recruiter cancels an interview after answering y.
func TestInterviewCancel(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	srv.Schedule(testserver.Recruiter, id, testserver.Epoch.Add(24*time.Hour), 45, testserver.Interviewer)
	d := open(t, srv, testserver.Recruiter, id, 80, 24)
	d.Key("C")
	d.WaitContains("Cancel the interview of Tue 03-03 10:30? Everyone invited is told. (y/n)")
	d.Key("y")
	d.WaitContains("flash: Interview cancelled", "cancelled")
}

// Two interviews of one interviewer that overlap are flagged on the list,
// not only when the second was scheduled.
func TestInterviewsOverlapFlagged(t *testing.T) {
	t.Parallel()
	srv := testserver.Teams(t)
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	srv.Schedule(testserver.Recruiter, id, testserver.Epoch.Add(24*time.Hour), 60, testserver.Interviewer)
	srv.Schedule(testserver.Recruiter, id, testserver.Epoch.Add(24*time.Hour+30*time.Minute), 60, testserver.Interviewer, testserver.Interviewer2)
	d := open(t, srv, testserver.Recruiter, id, 120, 40)
	v := d.WaitContains("⚠ overlaps another interview of Sam Lee: Tue 2026-03-03 11:00–12:00 CET", "⚠ overlaps another interview of Sam Lee: Tue 2026-03-03 10:30–11:30 CET")
	if strings.Contains(v, "of Alex Kim") {
		t.Fatalf("Alex Kim is flagged, with one interview:\n%s", v)
	}
	d = open(t, srv, testserver.Candidate, id, 120, 40)
	if v := d.WaitContains("Interviews (2)"); strings.Contains(v, "overlaps") {
		t.Fatalf("the candidate is shown the interviewers' overlaps:\n%s", v)
	}
}
