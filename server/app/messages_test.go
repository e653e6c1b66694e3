package app_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/mail"
	"github.com/hiregate/hiregate/server/mail/smtptest"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"

	"github.com/hiregate/hiregate/server/app"
)

// mailServer is a live server that mails through a test SMTP server.
type mailServer struct {
	*liveServer
	smtp *smtptest.Server
}

func openMailing(t *testing.T) *mailServer {
	t.Helper()
	smtp := smtptest.Start(t, smtptest.Options{})
	srv := openLive(t, func(c *config.Config) {
		u, err := config.ParseSMTPURL(smtp.URL())
		if err != nil {
			t.Fatal(err)
		}
		c.SMTPURL, c.MailFrom = u, "hiregate <noreply@example.com>"
	}, app.WithMail(func(c *mail.Config) { c.IdleInterval, c.BusyInterval = 5*time.Millisecond, time.Millisecond }))
	return &mailServer{liveServer: srv, smtp: smtp}
}

// candidate creates a candidate with the given mail settings.
func (s *mailServer) candidate(email string, verified, notify bool) *client.Client {
	s.t.Helper()
	c := s.user(hiregate.RoleCandidate, email)
	_, err := s.app.Store().UpdateUser(context.Background(), s.ids[email],
		store.UserChange{EmailVerified: &verified, NotifyEmail: &notify}, false, "")
	if err != nil {
		s.t.Fatalf("UpdateUser(%s): %v", email, err)
	}
	return c
}

// mailsUntil waits for the mail with this subject, which the sender
// sends after everything queued before it, and returns every mail as
// "to: subject" with the last one's text.
func (s *mailServer) mailsUntil(subject string) (all []string, text string) {
	s.t.Helper()
	for n := 1; ; n++ {
		msgs := s.smtp.Wait(s.t, n)
		if msgs[n-1].Subject() != subject {
			continue
		}
		for _, m := range msgs {
			all = append(all, strings.Join(m.To, ",")+": "+m.Subject())
		}
		return all, msgs[n-1].Text()
	}
}

func must[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

// TestNotifications: the verified candidate who takes notifications gets
// one mail per committed change (received, each move, the rejection with
// its reason's text); notify:false, notify_email off, an unverified
// address and a refused move mail nothing.
func TestNotifications(t *testing.T) {
	srv := openMailing(t)
	ctx := context.Background()
	rec := srv.user(hiregate.RoleRecruiter, "rita@example.com")
	verified := srv.candidate("vera@example.com", true, true)
	off := srv.candidate("otto@example.com", true, false)
	unverified := srv.candidate("una@example.com", false, true)

	job := must[*hiregate.Job](t, "CreateJob")(rec.CreateJob(ctx, hiregate.CreateJobRequest{Title: "Go developer"}))
	apply := func(c *client.Client) *hiregate.Application {
		return must[*hiregate.Application](t, "Apply")(c.Apply(ctx, job.ID, hiregate.CreateApplicationRequest{CoverLetter: "hi"}))
	}
	av, ao, au := apply(verified), apply(off), apply(unverified)
	move := func(id string, r hiregate.UpdateApplicationRequest) {
		t.Helper()
		if _, err := rec.UpdateApplication(ctx, id, r); err != nil {
			t.Fatalf("UpdateApplication(%s, %+v): %v", id, r, err)
		}
	}
	no := false
	move(av.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageScreening})
	move(av.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageInterview, Notify: &no})
	move(ao.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageScreening})
	move(au.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageScreening})
	// A refused move (backwards) commits nothing and mails nothing.
	if _, err := rec.UpdateApplication(ctx, av.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageApplied}); hiregate.ErrorCode(err) != hiregate.ECONFLICT {
		t.Fatalf("move back = %v, want a conflict", err)
	}
	move(av.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageRejected, Reason: hiregate.RejectPositionFilled})

	got, text := srv.mailsUntil("Your application for Go developer")
	want := []string{
		"vera@example.com: We received your application: Go developer",
		"vera@example.com: Your application for Go developer moved",
		"vera@example.com: Your application for Go developer",
	}
	if !slices.Equal(got, want) {
		t.Errorf("mails =\n%q\nwant\n%q", got, want)
	}
	if !strings.Contains(text, "The position has been filled") {
		t.Errorf("rejection mail does not say the reason's text:\n%s", text)
	}
	a := must[*hiregate.Application](t, "Application")(rec.Application(ctx, av.ID))
	if h := a.History[len(a.History)-1]; h.Reason != hiregate.RejectPositionFilled || h.ByName != "rita@example.com" {
		t.Errorf("last history entry = %+v, want the reason and who rejected", h)
	}
}

// TestMessages: the candidate and the job's people write to each other;
// each message reaches, as an event, exactly those who may read the
// application's messages; the candidate is mailed staff's messages only;
// everyone else gets a 404; bad bodies are 4xx.
func TestMessages(t *testing.T) {
	srv := openMailing(t)
	ctx := context.Background()
	r1 := srv.user(hiregate.RoleRecruiter, "r1@example.com")
	r2 := srv.user(hiregate.RoleRecruiter, "r2@example.com")
	admin := srv.user(hiregate.RoleAdmin, "admin@example.com")
	c1 := srv.candidate("c1@example.com", true, true)
	c2 := srv.candidate("c2@example.com", true, true)

	job := must[*hiregate.Job](t, "CreateJob")(r1.CreateJob(ctx, hiregate.CreateJobRequest{Title: "Go developer"}))
	a1 := must[*hiregate.Application](t, "Apply")(c1.Apply(ctx, job.ID, hiregate.CreateApplicationRequest{}))
	streams := map[string]*client.EventStream{}
	for name, c := range map[string]*client.Client{"r1": r1, "r2": r2, "c1": c1, "c2": c2, "admin": admin} {
		streams[name] = stream(t, c, "")
	}

	fromStaff := must[*hiregate.Message](t, "SendMessage r1")(r1.SendMessage(ctx, a1.ID, "When can you start? ✓"))
	fromCand := must[*hiregate.Message](t, "SendMessage c1")(c1.SendMessage(ctx, a1.ID, "Monday!"))
	fromAdmin := must[*hiregate.Message](t, "SendMessage admin")(admin.SendMessage(ctx, a1.ID, "Welcome"))
	if fromStaff.Author.Role != hiregate.RoleRecruiter || fromCand.Author.Role != hiregate.RoleCandidate || fromCand.Author.FullName != "c1@example.com" {
		t.Errorf("authors = %+v, %+v", fromStaff.Author, fromCand.Author)
	}

	// Everyone else is told the application does not exist.
	for name, c := range map[string]*client.Client{"r2": r2, "c2": c2} {
		if _, err := c.Messages(ctx, a1.ID, 0, ""); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
			t.Errorf("%s: Messages = %v, want not found", name, err)
		}
		if _, err := c.SendMessage(ctx, a1.ID, "hello"); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
			t.Errorf("%s: SendMessage = %v, want not found", name, err)
		}
		if err := c.MarkMessagesRead(ctx, a1.ID, fromStaff.ID); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
			t.Errorf("%s: MarkMessagesRead = %v, want not found", name, err)
		}
		if n, err := c.UnreadMessages(ctx, []string{a1.ID}); err != nil || len(n) != 0 {
			t.Errorf("%s: UnreadMessages = %v, %v; want nothing", name, n, err)
		}
	}

	// The end marks: the last event each stream can see.
	end1 := must[*hiregate.Job](t, "CreateJob end1")(r1.CreateJob(ctx, hiregate.CreateJobRequest{Title: "End of r1"}))
	end2 := must[*hiregate.Job](t, "CreateJob end2")(r2.CreateJob(ctx, hiregate.CreateJobRequest{Title: "End of r2"}))
	names := map[string]string{a1.ID: "a1", end1.ID: "end1", end2.ID: "end2",
		fromStaff.ID: "r1's", fromCand.ID: "c1's", fromAdmin.ID: "admin's"}
	msgs := []string{"message.created a1 r1's", "message.created a1 c1's", "message.created a1 admin's"}
	want := map[string][]string{
		"r1":    append(slices.Clone(msgs), "job.created end1"),
		"r2":    {"job.created end2"},
		"c1":    append(slices.Clone(msgs), "job.created end1", "job.created end2"),
		"c2":    {"job.created end1", "job.created end2"},
		"admin": append(slices.Clone(msgs), "job.created end1", "job.created end2"),
	}
	for name, s := range streams {
		last := end2.ID
		if name == "r1" {
			last = end1.ID
		}
		var got []string
		for _, e := range until(t, s, jobCreated(last)) {
			l := string(e.Type) + " " + names[e.Data.ApplicationID] + names[e.Data.JobID]
			if e.Type == hiregate.EventMessageCreated {
				l += " " + names[e.Data.MessageID]
				if e.Data.By == nil || e.Data.By.ID != srv.ids[map[string]string{"r1's": "r1@example.com", "c1's": "c1@example.com", "admin's": "admin@example.com"}[names[e.Data.MessageID]]] {
					t.Errorf("%s: %s names its author %+v", name, l, e.Data.By)
				}
			}
			got = append(got, l)
		}
		if !slices.Equal(got, want[name]) {
			t.Errorf("%s's stream =\n%q\nwant\n%q", name, got, want[name])
		}
	}

	// Oldest first, paged, the same for both sides.
	for name, c := range map[string]*client.Client{"c1": c1, "r1": r1, "admin": admin} {
		var ids []string
		cursor := ""
		for {
			l := must[*hiregate.List[hiregate.Message]](t, "Messages")(c.Messages(ctx, a1.ID, 2, cursor))
			for _, m := range l.Items {
				ids = append(ids, names[m.ID])
			}
			if l.NextCursor == nil {
				break
			}
			cursor = *l.NextCursor
		}
		if want := []string{"r1's", "c1's", "admin's"}; !slices.Equal(ids, want) {
			t.Errorf("%s: messages = %v, want %v", name, ids, want)
		}
	}

	// Unread: others' messages after the reader's mark.
	if n := must[map[string]int](t, "UnreadMessages")(c1.UnreadMessages(ctx, []string{a1.ID})); n[a1.ID] != 2 {
		t.Errorf("c1 unread = %v, want 2", n)
	}
	if err := c1.MarkMessagesRead(ctx, a1.ID, fromAdmin.ID); err != nil {
		t.Fatal(err)
	}
	if n := must[map[string]int](t, "UnreadMessages")(c1.UnreadMessages(ctx, []string{a1.ID})); n[a1.ID] != 0 {
		t.Errorf("c1 unread after reading = %v, want 0", n)
	}
	if n := must[map[string]int](t, "UnreadMessages")(r1.UnreadMessages(ctx, []string{a1.ID})); n[a1.ID] != 2 {
		t.Errorf("r1 unread = %v, want 2 (c1's and admin's)", n)
	}

	// The candidate is mailed staff's messages (the admin's too), never
	// their own; the mark mail orders after them.
	must[*hiregate.Application](t, "move")(r1.UpdateApplication(ctx, a1.ID, hiregate.UpdateApplicationRequest{Status: hiregate.StageScreening}))
	got, _ := srv.mailsUntil("Your application for Go developer moved")
	wantMail := []string{
		"c1@example.com: We received your application: Go developer",
		"c1@example.com: New message about Go developer",
		"c1@example.com: New message about Go developer",
		"c1@example.com: Your application for Go developer moved",
	}
	if !slices.Equal(got, wantMail) {
		t.Errorf("mails =\n%q\nwant\n%q", got, wantMail)
	}
	if text := srv.smtp.Messages()[1].Text(); !strings.Contains(text, "When can you start? ✓") || !strings.Contains(text, "r1@example.com wrote") {
		t.Errorf("message mail =\n%s", text)
	}
}

// TestMessageBadInput: every bad body or request is a clear 4xx that
// writes nothing.
func TestMessageBadInput(t *testing.T) {
	srv := openLive(t, nil)
	ctx := context.Background()
	r1 := srv.user(hiregate.RoleRecruiter, "r1@example.com")
	c1 := srv.user(hiregate.RoleCandidate, "c1@example.com")
	job := must[*hiregate.Job](t, "CreateJob")(r1.CreateJob(ctx, hiregate.CreateJobRequest{Title: "Go developer"}))
	a1 := must[*hiregate.Application](t, "Apply")(c1.Apply(ctx, job.ID, hiregate.CreateApplicationRequest{}))
	access, _ := c1.Tokens()
	raw := func(method, path, body string) int {
		t.Helper()
		req, _ := http.NewRequest(method, srv.app.URL()+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+access)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	base := "/applications/" + a1.ID
	long := strings.Repeat("é", hiregate.MaxMessageLen)
	tests := []struct {
		name, method, path, body string
		want                     int
	}{
		{"Empty", "POST", base + "/messages", `{"body": ""}`, 422},
		{"Blank", "POST", base + "/messages", `{"body": " \n\t"}`, 422},
		{"TooLong", "POST", base + "/messages", `{"body": "` + long + `x"}`, 422},
		{"LongestOK", "POST", base + "/messages", `{"body": "` + long + `"}`, 201},
		{"UnknownField", "POST", base + "/messages", `{"body": "hi", "author_id": "x"}`, 422},
		{"Malformed", "POST", base + "/messages", `{"body": `, 400},
		{"WrongType", "POST", base + "/messages", `{"body": 5}`, 400},
		{"NoApplication", "POST", "/applications/nope/messages", `{"body": "hi"}`, 404},
		{"BadCursor", "GET", base + "/messages?cursor=zz", ``, 422},
		{"MarkUnknown", "PUT", base + "/messages/read", `{"message_id": "nope"}`, 404},
		{"MarkMissing", "PUT", base + "/messages/read", `{}`, 422},
		{"TooManyIDs", "GET", "/messages/unread?application_id=" + strings.Repeat("a,", hiregate.MaxUnreadIDs+1), ``, 422},
	}
	for _, tt := range tests {
		if got := raw(tt.method, tt.path, tt.body); got != tt.want {
			t.Errorf("%s: %s %s = %d, want %d", tt.name, tt.method, tt.path, got, tt.want)
		}
	}
	l := must[*hiregate.List[hiregate.Message]](t, "Messages")(c1.Messages(ctx, a1.ID, 0, ""))
	if len(l.Items) != 1 {
		t.Errorf("messages after bad input = %d, want only the longest", len(l.Items))
	}

	// A move's reason: known reasons, with a rejection only.
	rtok, _ := r1.Tokens()
	access = rtok
	moves := []struct {
		name, body string
		want       int
	}{
		{"UnknownReason", `{"status": "rejected", "reason": "too_tall"}`, 422},
		{"ReasonWithoutRejection", `{"status": "screening", "reason": "other"}`, 422},
		{"NotifyNotBool", `{"status": "screening", "notify": "no"}`, 400},
		{"RejectDefaultsToOther", `{"status": "rejected", "notify": false}`, 200},
	}
	for _, tt := range moves {
		if got := raw("PATCH", base, tt.body); got != tt.want {
			t.Errorf("%s: PATCH %s = %d, want %d", tt.name, tt.body, got, tt.want)
		}
	}
	a := must[*hiregate.Application](t, "Application")(r1.Application(ctx, a1.ID))
	if len(a.History) != 2 || a.History[1].Reason != hiregate.RejectOther {
		t.Errorf("history = %+v, want one rejection with reason other", a.History)
	}
}
