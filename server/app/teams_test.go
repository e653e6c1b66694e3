package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/server/mail/smtptest"
	"github.com/hiregate/hiregate/server/store/storetest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// calendarPart returns the text/calendar part of a delivered message and
// its method parameter.
func calendarPart(t *testing.T, raw []byte) (ics, method string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(ct string, body io.Reader)
	walk = func(ct string, body io.Reader) {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			t.Fatalf("content type %q: %v", ct, err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			r := multipart.NewReader(body, params["boundary"])
			for {
				p, err := r.NextPart()
				if err != nil {
					return
				}
				walk(p.Header.Get("Content-Type"), decoded(t, p.Header.Get("Content-Transfer-Encoding"), p))
			}
		}
		if mt == "text/calendar" {
			b, _ := io.ReadAll(body)
			ics, method = string(b), params["method"]
		}
	}
	walk(msg.Header.Get("Content-Type"), decoded(t, msg.Header.Get("Content-Transfer-Encoding"), msg.Body))
	return ics, method
}

func decoded(t *testing.T, enc string, r io.Reader) io.Reader {
	t.Helper()
	switch strings.ToLower(enc) {
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	}
	return r
}

// TestInterviewInviteDelivered: scheduling an interview delivers an
// invite with a text/calendar REQUEST part to the candidate and the
// interviewer, through the outbox and SMTP.
func TestInterviewInviteDelivered(t *testing.T) {
	ctx := context.Background()
	srv := smtptest.Start(t, smtptest.Options{})
	a, err := app.Open(ctx, mailConfig(t, srv), nil, trust(srv))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	st := a.Store()
	rec := storetest.MustUser(t, st, "rita@corp.example", "Rita Recruiter", hiregate.RoleRecruiter)
	iv := storetest.MustUser(t, st, "ivan@corp.example", "Ivan Ïnterviewer", hiregate.RoleInterviewer)
	cand := storetest.MustUser(t, st, "cara@example.com", "Cara, Candidate", hiregate.RoleCandidate)
	svc := hiring.New(st, nil, hiring.WithCalendarHost("jobs.example"))
	recP := &caller.Principal{UserID: rec.ID, Role: hiregate.RoleRecruiter}
	job, err := svc.CreateJob(ctx, recP, hiregate.CreateJobRequest{Title: "Go; SQL, and more", EmploymentType: hiregate.FullTime})
	if err != nil {
		t.Fatal(err)
	}
	app1, err := svc.Apply(ctx, &caller.Principal{UserID: cand.ID, Role: hiregate.RoleCandidate}, job.ID, hiregate.CreateApplicationRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetTeam(ctx, recP, job.ID, hiregate.PutTeamRequest{Members: []hiregate.TeamMemberInput{{UserID: iv.ID, Role: hiregate.TeamInterviewer}}}); err != nil {
		t.Fatal(err)
	}
	interview, err := svc.ScheduleInterview(ctx, recP, app1.ID, hiregate.CreateInterviewRequest{StartsAt: time.Now().Add(24 * time.Hour),
		DurationMinutes: 45, Location: "Room 1", InterviewerIDs: []string{iv.ID}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, m := range srv.Wait(t, 2) {
		ics, method := calendarPart(t, m.Raw)
		if method != "REQUEST" || !strings.Contains(ics, "METHOD:REQUEST") || !strings.Contains(ics, "UID:"+interview.ID+"@jobs.example") {
			t.Errorf("to %v: method %q, calendar:\n%s", m.To, method, ics)
		}
		for _, to := range m.To {
			got[to] = true
		}
	}
	if !got["cara@example.com"] || !got["ivan@corp.example"] {
		t.Errorf("invites went to %v", got)
	}
}
