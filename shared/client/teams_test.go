package client_test

import (
	"context"
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestTeamRoutes(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 12, 8, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name                string
		call                func(c *client.Client) error
		wantMethod, wantURI string
		wantBody            string
	}{
		{"Team", func(c *client.Client) error { _, err := c.Team(ctx, "j/1"); return err }, "GET", "/jobs/j%2F1/team", ""},
		{"SetTeamEmpty", func(c *client.Client) error { _, err := c.SetTeam(ctx, "j1", hiregate.PutTeamRequest{}); return err },
			"PUT", "/jobs/j1/team", `{"members":[]}`},
		{"SetTeam", func(c *client.Client) error {
			_, err := c.SetTeam(ctx, "j1", hiregate.PutTeamRequest{Members: []hiregate.TeamMemberInput{{UserID: "u1", Role: hiregate.TeamInterviewer}}})
			return err
		}, "PUT", "/jobs/j1/team", `{"members":[{"user_id":"u1","role":"interviewer"}]}`},
		{"SearchStaff", func(c *client.Client) error {
			_, err := c.SearchStaff(ctx, hiregate.StaffFilter{Q: "ann", Role: hiregate.RoleInterviewer, Limit: 5})
			return err
		}, "GET", "/users/staff?limit=5&q=ann&role=interviewer", ""},
		{"Scorecard", func(c *client.Client) error { _, err := c.Scorecard(ctx, "j1"); return err }, "GET", "/jobs/j1/scorecard", ""},
		{"SetScorecard", func(c *client.Client) error {
			_, err := c.SetScorecard(ctx, "j1", hiregate.PutScorecardRequest{RequiredBeforeOffer: true})
			return err
		}, "PUT", "/jobs/j1/scorecard", `{"criteria":[],"required_before_offer":true}`},
		{"ScheduleInterviewSendsUTC", func(c *client.Client) error {
			_, err := c.ScheduleInterview(ctx, "a1", hiregate.CreateInterviewRequest{StartsAt: at, DurationMinutes: 45, InterviewerIDs: []string{"u1"}})
			return err
		}, "POST", "/applications/a1/interviews", `{"starts_at":"2026-12-08T08:30:00Z","duration_minutes":45,"interviewer_ids":["u1"]}`},
		{"UpdateInterview", func(c *client.Client) error {
			_, err := c.UpdateInterview(ctx, "i1", hiregate.UpdateInterviewRequest{StartsAt: &at})
			return err
		}, "PATCH", "/interviews/i1", `{"starts_at":"2026-12-08T08:30:00Z"}`},
		{"CancelInterview", func(c *client.Client) error { _, err := c.CancelInterview(ctx, "i1"); return err }, "DELETE", "/interviews/i1", ""},
		{"Interview", func(c *client.Client) error { _, err := c.Interview(ctx, "i1"); return err }, "GET", "/interviews/i1", ""},
		{"ApplicationInterviews", func(c *client.Client) error { _, err := c.ApplicationInterviews(ctx, "a1"); return err }, "GET", "/applications/a1/interviews", ""},
		{"MyInterviews", func(c *client.Client) error {
			_, err := c.MyInterviews(ctx, hiregate.InterviewFilter{From: at, Limit: 3})
			return err
		}, "GET", "/interviews/my?from=2026-12-08T08%3A30%3A00Z&limit=3", ""},
		{"InterviewCalendar", func(c *client.Client) error { _, err := c.InterviewCalendar(ctx, "i1"); return err }, "GET", "/interviews/i1/calendar.ics", ""},
		{"SubmitFeedback", func(c *client.Client) error {
			_, err := c.SubmitFeedback(ctx, "i1", hiregate.FeedbackRequest{Recommendation: hiregate.Yes})
			return err
		}, "PUT", "/interviews/i1/feedback", `{"ratings":{},"recommendation":"yes","notes":""}`},
		{"MyFeedback", func(c *client.Client) error { _, err := c.MyFeedback(ctx, "i1"); return err }, "GET", "/interviews/i1/feedback", ""},
		{"ApplicationFeedback", func(c *client.Client) error { _, err := c.ApplicationFeedback(ctx, "a1"); return err }, "GET", "/applications/a1/feedback", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, c := newRecorder(t, 200, `{}`)
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
			r := rec.requests()
			if len(r) != 1 {
				t.Fatalf("%d requests, want 1", len(r))
			}
			if r[0].method != tt.wantMethod || r[0].uri != tt.wantURI || r[0].body != tt.wantBody {
				t.Errorf("got %s %s %q, want %s %s %q", r[0].method, r[0].uri, r[0].body, tt.wantMethod, tt.wantURI, tt.wantBody)
			}
		})
	}
}
