package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/app"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func withLive(c *ui.Context) { c.Live = true }

// line returns the first line of v holding every one of texts, "" when
// none does.
func line(v string, texts ...string) string {
	for _, l := range strings.Split(v, "\n") {
		ok := true
		for _, t := range texts {
			ok = ok && strings.Contains(l, t)
		}
		if ok {
			return l
		}
	}
	return ""
}

// rowShows waits until a line of the view holds every one of texts.
func rowShows(d *uitest.Driver, texts ...string) string {
	return d.WaitFor(strings.Join(texts, " and ")+" on one line", func(v string) bool { return line(v, texts...) != "" })
}

// A candidate's application list and application screen follow the
// recruiter's moves without a reload.
func TestLiveCandidateSeesMoves(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := start(t, srv.NewClient(), 80, 24, withLive)
	login(d, testserver.Candidate)
	d.Key("2")
	rowShows(d, "Senior Go Engineer", "applied")
	srv.Move(testserver.Recruiter, srv.ApplicationID(testserver.Candidate, "Senior Go Engineer"), hiregate.StageScreening, hiregate.StageInterview)
	rowShows(d, "Senior Go Engineer", "interview")

	// The newest application is the first row: the SRE one, in screening.
	d.Key("enter")
	rowShows(d, "Site Reliability Engineer", "screening")
	srv.Move(testserver.Recruiter, srv.ApplicationID(testserver.Candidate, "Site Reliability Engineer"), hiregate.StageInterview)
	rowShows(d, "Site Reliability Engineer", "interview")
	rowShows(d, "interview", "by Dana Whitfield")
}

// openBoard opens the board of the Senior Go Engineer job from the job
// list.
func openBoard(d *uitest.Driver) {
	d.Key("1")
	d.WaitContains("Senior Go Engineer", "Technical Writer")
	d.Key("/")
	d.Type("Senior")
	d.WaitFor("the search to leave one job", func(v string) bool {
		return strings.Contains(v, "Senior Go Engineer") && !strings.Contains(v, "Technical Writer")
	})
	d.Key("enter", "p")
	d.WaitContains("Senior Go Engineer  2 applications")
}

// counts is the board's line of per-stage counts.
func counts(v string) string {
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		if strings.Contains(l, "applied") && strings.Contains(l, "screening") && i+1 < len(lines) {
			return strings.Join(strings.FieldsFunc(lines[i+1], func(r rune) bool { return r == '│' || r == '┃' || r == ' ' }), " ")
		}
	}
	return ""
}

// Two people on the same board see each other's moves.
func TestLiveSharedBoard(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	rec := start(t, srv.NewClient(), 120, 30, withLive)
	login(rec, testserver.Recruiter)
	openBoard(rec)
	adm := start(t, srv.NewClient(), 120, 30, withLive)
	login(adm, testserver.Admin)
	openBoard(adm)
	if got := counts(rec.Last()); got != "1 0 1 0 0 0 0" {
		t.Fatalf("recruiter's board counts = %q, want 1 0 1 0 0 0 0", got)
	}

	// The admin moves Priya (the card selected in "applied") on.
	adm.Key("m", "y")
	adm.WaitContains("Priya Raman moved to screening")
	rec.WaitFor("Priya in screening on the recruiter's board", func(v string) bool { return counts(v) == "0 1 1 0 0 0 0" })

	// And the recruiter, whose selection stayed in "applied", rejects
	// Grace; the admin sees it.
	rec.Key("right", "right", "x", "y")
	rec.WaitContains("Rejected Grace Liu's application")
	adm.WaitFor("Grace rejected on the admin's board", func(v string) bool { return counts(v) == "0 1 0 0 0 1 0" })
}

// A session ended elsewhere lands on the sign-in screen with the reason,
// with no key pressed. It does not run in parallel: the session can end
// before the stream has connected, and then the client says the session
// expired instead of why it ended; running alone keeps that window small.
func TestLiveSessionEnds(t *testing.T) {
	tests := []struct {
		name   string
		end    func(srv *testserver.Server)
		reason string
	}{
		{"Deactivated", func(srv *testserver.Server) {
			off := false
			if _, err := srv.As(testserver.Admin).UpdateUser(context.Background(), srv.User(testserver.Candidate).ID, hiregate.UpdateUserRequest{Active: &off}); err != nil {
				t.Fatal(err)
			}
		}, hiregate.ReasonDeactivated},
		{"RevokedFromAnotherDevice", func(srv *testserver.Server) {
			other := srv.Login(testserver.Candidate)
			sessions, err := other.Sessions(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range sessions {
				if !s.Current {
					if err := other.RevokeSession(context.Background(), s.ID); err != nil {
						t.Fatal(err)
					}
				}
			}
		}, hiregate.ReasonSessionRevoked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testserver.Demo(t)
			d := start(t, srv.NewClient(), 80, 24, withLive)
			login(d, testserver.Candidate)
			d.Key("2")
			rowShows(d, "Senior Go Engineer", "applied")
			tt.end(srv)
			v := d.WaitContains("Sign in to hiregate", tt.reason)
			if strings.Contains(v, "candidate@example.com (candidate)") {
				t.Errorf("the header still shows the signed-out user:\n%s", v)
			}
			// The email stays, the password is next.
			if line(v, "Email", testserver.Candidate) == "" {
				t.Errorf("the sign-in form lost the email:\n%s", v)
			}
		})
	}
}

// A stream that drops says so, quietly, in the header.
func TestLiveReconnectingInHeader(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := start(t, srv.NewClient(), 80, 24, withLive)
	login(d, testserver.Candidate)
	// The server stops taking streams (as while it shuts down): the client
	// keeps trying.
	srv.Events().Close()
	v := d.WaitContains("reconnecting…")
	if head := strings.Split(v, "\n")[0]; !strings.Contains(head, "reconnecting…") || !strings.Contains(head, "candidate@example.com") {
		t.Errorf("header = %q, want reconnecting… beside the user", head)
	}
	// The screens still work.
	d.Key("2")
	rowShows(d, "Senior Go Engineer", "applied")
}

// At 80 columns "reconnecting…" never pushes the unencrypted warning off
// the header.
func TestLiveReconnectingKeepsWarning(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := start(t, srv.NewClient(), 80, 24, withLive)
	login(d, testserver.Candidate)
	d.Key("2")
	srv.Events().Close()
	v := d.WaitFor("a reconnect sign in the header", func(v string) bool {
		head := strings.Split(v, "\n")[0]
		return strings.Contains(head, "reconnecting…") || strings.Contains(head, "↻")
	})
	if head := strings.Split(v, "\n")[0]; !strings.Contains(head, "NOT ENCRYPTED") || !strings.Contains(head, "candidate@example.com") {
		t.Errorf("header = %q, want the user and NOT ENCRYPTED still there", head)
	}
}

// lateEvents holds GET /events until released, as a slow network would.
type lateEvents struct{ release chan struct{} }

func (l lateEvents) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/events" {
		select {
		case <-l.release:
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

// A change made between a screen's load and the stream's first
// connection is not lost: the first connection reloads the screen.
func TestLiveFirstConnectionReloads(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	late := lateEvents{make(chan struct{})}
	d := start(t, srv.NewClient(client.WithHTTPClient(&http.Client{Transport: late})), 80, 24, withLive)
	login(d, testserver.Candidate)
	d.Key("2")
	rowShows(d, "Senior Go Engineer", "applied")
	srv.Move(testserver.Recruiter, srv.ApplicationID(testserver.Candidate, "Senior Go Engineer"), hiregate.StageScreening)
	close(late.release)
	rowShows(d, "Senior Go Engineer", "screening")
}

// Without the live stream, the next action of a user whose
// session the server ended says what the server said (revoked elsewhere,
// or the account deactivated), not that the session expired, and keeps
// the email.
func TestSessionEndSaysWhy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		end  func(t *testing.T, srv *testserver.Server)
		want string
	}{
		{"Revoked", func(t *testing.T, srv *testserver.Server) {
			if err := srv.As(testserver.Candidate).LogoutAll(context.Background()); err != nil {
				t.Fatal(err)
			}
		}, app.MsgSessionRevoked},
		{"Deactivated", func(t *testing.T, srv *testserver.Server) {
			off := false
			if _, err := srv.As(testserver.Admin).UpdateUser(context.Background(), srv.User(testserver.Candidate).ID, hiregate.UpdateUserRequest{Active: &off}); err != nil {
				t.Fatal(err)
			}
		}, app.MsgAccountDeactivated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testserver.Demo(t)
			d := start(t, srv.NewClient(), 80, 24, func(c *ui.Context) { c.EndReason = client.SessionEndReason })
			login(d, testserver.Candidate)
			tt.end(t, srv)
			d.Key("2")
			v := d.WaitContains("Sign in to hiregate", tt.want)
			if line(v, "Email", testserver.Candidate) == "" {
				t.Errorf("the sign-in form lost the email:\n%s", v)
			}
		})
	}
}
