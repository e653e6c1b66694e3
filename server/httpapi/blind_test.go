package httpapi_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// The candidate of the blind-review and self-identification tests: a
// name with a part that only whole-word matching finds (Zoë) and contact
// details of every kind the masking knows.
const (
	blindName  = "Zoë Ruby Quintana-Marsh"
	blindEmail = "zqm@example.com"
	blindPhone = "+44 20 7946 0958"
	blindURL   = "https://github.com/zquintana"
)

var blindResume = "Zoë Ruby Quintana-Marsh\n" + blindEmail + " · " + blindPhone + " · " + blindURL +
	"\nTen years of Go and PostgreSQL at Marsh & Co (2015-2025), some Ruby. Quintana led the team."

// blindSecrets are what no masked response may hold, in any case.
var blindSecrets = []string{"Zoë", "Quintana", "Marsh", blindEmail, blindPhone, "github.com/zquintana", "0958"}

// The place and link of the blind candidate's interview: a recruiter
// may well write the name and a number into them.
const (
	blindLocation = "Zoë's flat, call +44 20 7946 0958"
	blindMeetURL  = "https://meet.example.com/zquintana"
)

// fairnessWorld is a job in blind review until interview, an application
// to it at screening by the candidate above with a resume file, an
// interview of it (by the job's recruiter and a team interviewer, ivy),
// and the clients of the cast.
type fairnessWorld struct {
	p                 people
	cand, ivy         clientT
	candID            string
	job, app          string
	sessionID, noteID string
	interviewID       string
}

func newFairnessWorld(t *testing.T, e *env) *fairnessWorld {
	t.Helper()
	w := &fairnessWorld{p: e.people()}
	u, err := e.acc.CreateUser(bg, hiregate.CreateUserRequest{Email: blindEmail, Password: testPassword, FullName: blindName, Role: hiregate.RoleCandidate})
	wantOK(t, "create candidate", err)
	w.candID = u.ID
	w.cand = e.login(blindEmail)
	_, err = w.p.admin.ImportSkills(bg, []byte("name,aliases\nGo,golang\nRuby,\nPostgreSQL,postgres|psql\n"))
	wantOK(t, "import skills", err)
	until := hiregate.StageInterview
	// Ruby is a skill and a part of the candidate's name.
	j, err := w.p.rec.CreateJob(bg, hiregate.CreateJobRequest{Title: "Go engineer", Description: "Go and PostgreSQL", BlindUntil: &until,
		Skills: &hiregate.JobSkills{Required: []string{"Go", "Ruby"}, Nice: []string{"PostgreSQL"}}})
	wantOK(t, "create blind job", err)
	w.job = j.ID
	a, err := w.cand.Apply(bg, j.ID, hiregate.CreateApplicationRequest{CoverLetter: "Hello, I am Zoë (zoe.qm@example.org, www.zoe.dev).", ResumeText: blindResume})
	wantOK(t, "apply", err)
	w.app = a.ID
	_, err = w.cand.UploadResume(bg, a.ID, "zoe-quintana-marsh.txt", hiregate.ResumeText, []byte(blindResume))
	wantOK(t, "upload resume", err)
	_, err = w.p.rec.MoveApplication(bg, a.ID, hiregate.StageScreening)
	wantOK(t, "move to screening", err)
	n, err := w.p.rec.AddNote(bg, a.ID, "strong on Go")
	wantOK(t, "note", err)
	w.noteID = n.ID
	sessions, err := w.p.rec.Sessions(bg)
	wantOK(t, "sessions", err)
	w.sessionID = sessions[0].ID
	ivyUser, ivy := e.user(hiregate.RoleInterviewer, "ivy@example.com")
	w.ivy = ivy
	_, err = w.p.rec.SetTeam(bg, j.ID, hiregate.PutTeamRequest{Members: []hiregate.TeamMemberInput{{UserID: ivyUser.ID, Role: hiregate.TeamInterviewer}}})
	wantOK(t, "team", err)
	iv, err := w.p.rec.ScheduleInterview(bg, a.ID, hiregate.CreateInterviewRequest{StartsAt: e.clock.Now().Add(time.Hour), DurationMinutes: 30,
		Location: blindLocation, URL: blindMeetURL, InterviewerIDs: []string{userByEmail(t, e, "rec@example.com").ID, ivyUser.ID}})
	wantOK(t, "schedule interview", err)
	w.interviewID = iv.ID
	return w
}

// path fills a route's parameters with the world's ids: each kind of path
// names its object by the segment before the parameter.
func (w *fairnessWorld) path(route string, userID string) string {
	segs := strings.Split(route, "/")
	for i, s := range segs {
		if !strings.HasPrefix(s, ":") && !strings.HasPrefix(s, "*") {
			continue
		}
		switch prev := segs[i-1]; prev {
		case "jobs":
			segs[i] = w.job
		case "applications":
			segs[i] = w.app
		case "sessions":
			segs[i] = w.sessionID
		case "users":
			segs[i] = userID
		case "notes":
			segs[i] = w.noteID
		case "interviews":
			segs[i] = w.interviewID
		default:
			// A parameter this test has no object for reads as an id
			// nobody has: the route answers 404, which leaks nothing.
			segs[i] = "no-such-" + prev
		}
	}
	return strings.Join(segs, "/")
}

// get calls a GET route with token and returns the status and body.
func get(t *testing.T, e *env, path, token string) (int, string) {
	t.Helper()
	resp := e.raw(http.MethodGet, path, "", token, nil)
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, string(body)
}

// streamingRoutes stay open; what they carry is checked on the events
// themselves (TestBlindEventsCarryIDsOnly).
var streamingRoutes = map[string]bool{"GET /events": true}

// What a non-GET route's answer carries when it names the candidate: the
// test calls those routes as the job's recruiter and checks the answer
// is masked.
const (
	carriesApplication = "application"
	carriesInterview   = "interview"
)

// nonGetRoutes classifies every route that is not a GET: whether its
// answer carries an application or an interview (then it is called and
// checked below) or not (with why). A route missing here fails the test,
// so a new route is classified when it is added. Routes of work not
// merged yet may be listed: they are checked when they appear.
var nonGetRoutes = map[string]string{
	"PATCH /applications/:id":           carriesApplication, // moving
	"POST /applications/:id/interviews": carriesInterview,
	"PATCH /interviews/:id":             carriesInterview,
	"DELETE /interviews/:id":            carriesInterview,

	"POST /auth/register":                          "the caller's own user",
	"POST /auth/login":                             "tokens",
	"POST /auth/logout":                            "no body",
	"POST /auth/logout-all":                        "no body",
	"DELETE /users/me":                             "no body",
	"POST /users/me/password":                      "no body",
	"DELETE /users/me/sessions/:id":                "no body",
	"POST /users/me/mfa/totp":                      "the caller's own secret",
	"POST /users/me/mfa/totp/confirm":              "the caller's own codes",
	"DELETE /users/me/mfa/totp":                    "no body",
	"PUT /users/me/demographics":                   "candidates only, their own answers",
	"POST /admin/users":                            "admin only, exempt from blind review",
	"PATCH /admin/users/:id":                       "admin only",
	"DELETE /admin/users/:id/mfa":                  "admin only",
	"POST /jobs":                                   "a job",
	"PATCH /jobs/:id":                              "a job",
	"POST /jobs/:id/applications":                  "candidates only, their own application",
	"PUT /applications/:id/resume":                 "candidates only, their own file's metadata",
	"POST /applications/:id/notes":                 "the recruiter's own note",
	"PATCH /users/me":                              "the caller's own user",
	"POST /users/me/email/verify":                  "no body",
	"POST /users/me/email/verify/resend":           "no body",
	"POST /auth/password/forgot":                   "no body",
	"POST /auth/password/reset":                    "no body",
	"POST /auth/invitation/accept":                 "no body",
	"PUT /admin/mail-templates/:name":              "admin only, a template",
	"DELETE /admin/mail-templates/:name":           "admin only",
	"POST /admin/skills":                           "admin only, skills",
	"POST /applications/:id/messages":              "the caller's own message, masked like the list",
	"PUT /applications/:id/messages/read":          "no body",
	"PUT /interviews/:id/feedback":                 "the interviewer's own feedback: ratings and notes",
	"DELETE /admin/users/:id/sessions":             "admin only, no body",
	"DELETE /admin/users/:id/sessions/:session_id": "admin only, no body",
	"POST /users/me/ssh-keys":                      "the caller's own key",
	"DELETE /users/me/ssh-keys/:id":                "no body",
	"PUT /jobs/:id/team":                           "a team: staff names only",
	"PUT /jobs/:id/scorecard":                      "a scorecard: criteria only",
}

// TestBlindReviewEveryRoute enumerates the route table: every GET route
// is called as the recruiter of a blind job (who interviews the
// application too), a team interviewer of it and a recruiter of none,
// and every other route must be classified (nonGetRoutes); none may
// answer the candidate's name, any part of it, address, phone number or
// URL while the application is before the job's stage. The application
// and interview routes must answer it masked, and the admin and the
// candidate still see it whole.
func TestBlindReviewEveryRoute(t *testing.T) {
	e := newEnv(t)
	w := newFairnessWorld(t, e)
	recTok, rec2Tok := tokenOf(w.p.rec), tokenOf(w.p.rec2)

	checked := 0
	carrying := map[string]bool{}
	for _, r := range e.router.Routes() {
		key := r.Method + " " + r.Path
		if streamingRoutes[key] {
			continue
		}
		if r.Method != http.MethodGet {
			why, ok := nonGetRoutes[key]
			if !ok {
				t.Errorf("route %s is not classified for blind review: add it to nonGetRoutes, and mask its answer if it carries an application", key)
			}
			if why == carriesApplication || why == carriesInterview {
				carrying[key] = true
			}
		}
		for who, tok := range map[string]string{"recruiter": recTok, "other recruiter": rec2Tok, "interviewer": tokenOf(w.ivy)} {
			path := w.path(r.Path, w.candID)
			status, body := get(t, e, path, tok)
			if leaked := leaks(body); leaked != "" {
				t.Errorf("%s GET %s (%d) shows %q of a blind candidate", who, path, status, leaked)
			}
			checked++
		}
	}
	if checked < 20 {
		t.Fatalf("only %d GET calls checked: the route table was not enumerated", checked)
	}

	// The application routes answer it, masked.
	a, err := w.p.rec.Application(bg, w.app)
	wantOK(t, "recruiter reads", err)
	wantMasked(t, "GET /applications/{id}", a)
	list, err := w.p.rec.JobApplications(bg, w.job, hiregate.ApplicationFilter{})
	wantOK(t, "recruiter lists", err)
	wantMasked(t, "GET /jobs/{id}/applications", &list.Items[0])
	ranked, err := w.p.rec.JobApplications(bg, w.job, hiregate.ApplicationFilter{Sort: hiregate.SortMatch})
	wantOK(t, "recruiter ranks", err)
	wantMasked(t, "GET /jobs/{id}/applications?sort=match", &ranked.Items[0])
	if m := ranked.Items[0].Match; m == nil || len(m.Skills) == 0 {
		t.Errorf("ranked without skills: %+v", m)
	} else {
		for _, sk := range m.Skills {
			if strings.EqualFold(sk.FoundAs, "ruby") {
				t.Errorf("match explanation names the skill %s as found as %q, a part of the blind candidate's name", sk.Name, sk.FoundAs)
			}
		}
	}
	_, err = w.p.rec.DownloadResume(bg, w.app)
	wantCode(t, "recruiter downloads the file of a blind application", err, hiregate.ENOTFOUND)
	delete(carrying, "PATCH /applications/:id") // the moves below
	checkInterviewRoutes(t, w, carrying)
	if len(carrying) > 0 {
		t.Errorf("routes classified as carrying an application or interview but not called: %v", carrying)
	}

	// The admin and the candidate see it whole.
	for who, c := range map[string]clientT{"admin": w.p.admin, "candidate": w.cand} {
		a, err := c.Application(bg, w.app)
		wantOK(t, who+" reads", err)
		if a.Blinded || a.Candidate.FullName != blindName || !strings.Contains(a.ResumeText, blindPhone) {
			t.Errorf("%s got a masked application: %+v", who, a.Candidate)
		}
		if _, err := c.DownloadResume(bg, w.app); err != nil {
			t.Errorf("%s downloads the file: %v", who, err)
		}
	}

	// At the job's stage the recruiter sees who it is, the move's answer
	// included.
	moved, err := w.p.rec.MoveApplication(bg, w.app, hiregate.StageInterview)
	wantOK(t, "move to interview", err)
	if moved.Blinded || moved.Candidate.FullName != blindName {
		t.Errorf("at the job's stage the recruiter still gets %q (blinded %v)", moved.Candidate.FullName, moved.Blinded)
	}
	if _, err := w.p.rec.DownloadResume(bg, w.app); err != nil {
		t.Errorf("recruiter downloads the file at the job's stage: %v", err)
	}
	for who, c := range map[string]clientT{"recruiter": w.p.rec, "interviewer": w.ivy} {
		iv, err := c.Interview(bg, w.interviewID)
		wantOK(t, who+" reads the interview at the job's stage", err)
		if iv.Blinded || iv.Candidate.FullName != blindName || iv.Location != blindLocation || iv.URL != blindMeetURL {
			t.Errorf("at the job's stage the %s still gets the interview masked: %+v", who, iv)
		}
	}
	// A rejection after that stage keeps it visible: it was reached.
	rejected, err := w.p.rec.MoveApplication(bg, w.app, hiregate.StageRejected)
	wantOK(t, "reject", err)
	if rejected.Blinded {
		t.Error("an application rejected after reaching the stage is masked again")
	}
}

// TestBlindReviewMoveAnswersMasked: a move that stays before the stage
// answers the application masked.
func TestBlindReviewMoveAnswersMasked(t *testing.T) {
	e := newEnv(t)
	w := newFairnessWorld(t, e)
	_, err := w.p.rec.UpdateJob(bg, w.job, hiregate.UpdateJobRequest{BlindUntil: hiregate.SetBlindUntil(hiregate.StageOffer)})
	wantCode(t, "blind until offer", err, hiregate.EINVALID)
	moved, err := w.p.rec.MoveApplication(bg, w.app, hiregate.StageRejected)
	wantOK(t, "reject at screening", err)
	wantMasked(t, "PATCH /applications/{id}", moved)
	// Turning blind review off (null) shows everything at once.
	j, err := w.p.rec.UpdateJob(bg, w.job, hiregate.UpdateJobRequest{BlindUntil: hiregate.SetBlindUntil("")})
	wantOK(t, "blind review off", err)
	if j.BlindUntil != nil {
		t.Fatalf("blind_until = %v after null", *j.BlindUntil)
	}
	a, err := w.p.rec.Application(bg, w.app)
	wantOK(t, "read", err)
	if a.Blinded || a.Candidate.Email != blindEmail {
		t.Errorf("blind review off, still masked: %+v", a.Candidate)
	}
}

// checkInterviewRoutes checks the interview routes' answers as the job's
// recruiter, masked, and the interview as its admin and candidate see it,
// whole; it takes the non-GET routes it called off carrying.
func checkInterviewRoutes(t *testing.T, w *fairnessWorld, carrying map[string]bool) {
	t.Helper()
	got, err := w.p.rec.Interview(bg, w.interviewID)
	wantOK(t, "GET /interviews/{id}", err)
	wantInterviewMasked(t, "GET /interviews/{id}", w, got)
	list, err := w.p.rec.ApplicationInterviews(bg, w.app)
	wantOK(t, "GET /applications/{id}/interviews", err)
	wantInterviewMasked(t, "GET /applications/{id}/interviews", w, &list.Items[0])
	for who, c := range map[string]clientT{"recruiter": w.p.rec, "interviewer": w.ivy} {
		mine, err := c.MyInterviews(bg, hiregate.InterviewFilter{})
		wantOK(t, who+" GET /interviews/my", err)
		if len(mine.Items) != 1 {
			t.Fatalf("%s GET /interviews/my = %d interviews, want 1", who, len(mine.Items))
		}
		wantInterviewMasked(t, who+" GET /interviews/my", w, &mine.Items[0])
		ics := string(mustICS(t, c, w.interviewID))
		if summary := icsValue(ics, "SUMMARY"); !strings.Contains(summary, hiregate.BlindAlias(w.app)) {
			t.Errorf("%s calendar.ics SUMMARY %q, want the alias", who, summary)
		}
		if strings.Contains(ics, blindEmail) {
			t.Errorf("%s calendar.ics invites the blind candidate's address:\n%s", who, ics)
		}
	}

	calls := []struct {
		route string
		call  func() (*hiregate.Interview, error)
	}{
		{"PATCH /interviews/:id", func() (*hiregate.Interview, error) {
			return w.p.rec.UpdateInterview(bg, w.interviewID, hiregate.UpdateInterviewRequest{DurationMinutes: ptr(45)})
		}},
		{"POST /applications/:id/interviews", func() (*hiregate.Interview, error) {
			return w.p.rec.ScheduleInterview(bg, w.app, hiregate.CreateInterviewRequest{StartsAt: got.StartsAt.Add(24 * time.Hour),
				DurationMinutes: 30, Location: blindLocation, URL: blindMeetURL, InterviewerIDs: []string{got.Interviewers[0].ID}})
		}},
		{"DELETE /interviews/:id", func() (*hiregate.Interview, error) {
			list, err := w.p.rec.ApplicationInterviews(bg, w.app)
			if err != nil {
				return nil, err
			}
			return w.p.rec.CancelInterview(bg, list.Items[1].ID)
		}},
	}
	for _, c := range calls {
		iv, err := c.call()
		wantOK(t, c.route, err)
		wantInterviewMasked(t, c.route, w, iv)
		delete(carrying, c.route)
	}

	for who, c := range map[string]clientT{"admin": w.p.admin, "candidate": w.cand} {
		iv, err := c.Interview(bg, w.interviewID)
		wantOK(t, who+" reads the interview", err)
		if iv.Blinded || iv.Candidate.FullName != blindName || iv.Location != blindLocation || iv.URL != blindMeetURL {
			t.Errorf("%s got a masked interview: %+v", who, iv)
		}
		if ics := string(mustICS(t, c, w.interviewID)); !strings.Contains(icsValue(ics, "SUMMARY"), blindName) {
			t.Errorf("%s calendar.ics without the name:\n%s", who, ics)
		}
	}
}

// wantInterviewMasked checks iv names the blind candidate by the alias of
// their application, with its id, and holds nothing else of them.
func wantInterviewMasked(t *testing.T, what string, w *fairnessWorld, iv *hiregate.Interview) {
	t.Helper()
	if !iv.Blinded || iv.Candidate != (hiregate.UserRef{ID: w.candID, FullName: hiregate.BlindAlias(w.app)}) {
		t.Errorf("%s: candidate %+v blinded %v, want the alias %q", what, iv.Candidate, iv.Blinded, hiregate.BlindAlias(w.app))
	}
	if iv.Location != "[hidden]'s flat, call [hidden]" || iv.URL != "" {
		t.Errorf("%s: location %q, url %q: want the name and number hidden and the link gone", what, iv.Location, iv.URL)
	}
	if leaked := leaks(iv.Candidate.FullName + iv.Location + iv.URL); leaked != "" {
		t.Errorf("%s: shows %q", what, leaked)
	}
}

func wantMasked(t *testing.T, what string, a *hiregate.Application) {
	t.Helper()
	if !a.Blinded || a.Candidate.Email != "" || a.Candidate.FullName != hiregate.BlindAlias(a.ID) {
		t.Errorf("%s: candidate %+v blinded %v, want the alias %q and no email", what, a.Candidate, a.Blinded, hiregate.BlindAlias(a.ID))
	}
	if !regexp.MustCompile(`^Candidate [A-Z]{4}$`).MatchString(a.Candidate.FullName) {
		t.Errorf("%s: alias %q is not Candidate and four letters", what, a.Candidate.FullName)
	}
	if !strings.Contains(a.ResumeText, "Ten years of Go and PostgreSQL") || !strings.Contains(a.ResumeText, hiregate.Hidden) {
		t.Errorf("%s: resume text %q: want it masked, not emptied", what, a.ResumeText)
	}
	if a.Resume == nil || a.Resume.URL != "" || strings.Contains(strings.ToLower(a.Resume.Filename), "zoe") {
		t.Errorf("%s: resume meta %+v: want the file's name hidden and no link", what, a.Resume)
	}
	body := a.CoverLetter + a.ResumeText + a.Candidate.FullName
	for _, h := range a.History {
		body += h.ByName
	}
	if leaked := leaks(body); leaked != "" {
		t.Errorf("%s: shows %q", what, leaked)
	}
}

// leaks returns the first secret of the blind candidate in body, or "".
func leaks(body string) string {
	low := strings.ToLower(body)
	for _, s := range blindSecrets {
		if strings.Contains(low, strings.ToLower(s)) {
			return s
		}
	}
	return ""
}
