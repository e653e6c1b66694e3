package client

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// callOn sends in to prefix+id+suffix and decodes the answer: the one shape
// of every hiring-team route, whose path names one object by id.
func callOn[T any](ctx context.Context, c *Client, method, prefix, id, suffix string, in any) (*T, error) {
	s, err := seg("id", id)
	if err != nil {
		return nil, err
	}
	var out T
	if err := c.call(ctx, method, prefix+s+suffix, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Team returns a job's hiring team (GET /jobs/{id}/team: the owner, team
// members, admins).
func (c *Client) Team(ctx context.Context, jobID string) (*hiregate.Team, error) {
	return callOn[hiregate.Team](ctx, c, http.MethodGet, "/jobs/", jobID, "/team", nil)
}

// SetTeam replaces a job's hiring team (PUT /jobs/{id}/team: the owner or
// an admin).
func (c *Client) SetTeam(ctx context.Context, jobID string, r hiregate.PutTeamRequest) (*hiregate.Team, error) {
	if r.Members == nil {
		r.Members = []hiregate.TeamMemberInput{}
	}
	return callOn[hiregate.Team](ctx, c, http.MethodPut, "/jobs/", jobID, "/team", r)
}

// SearchStaff lists active recruiters and interviewers who may join a team
// (GET /users/staff?q=&role=&limit=&cursor=, recruiter or admin).
func (c *Client) SearchStaff(ctx context.Context, f hiregate.StaffFilter) (*hiregate.List[hiregate.StaffUser], error) {
	q := url.Values{}
	if f.Q != "" {
		q.Set("q", f.Q)
	}
	if f.Role != "" {
		q.Set("role", string(f.Role))
	}
	pageQuery(q, f.Limit, f.Cursor)
	var l hiregate.List[hiregate.StaffUser]
	if err := c.call(ctx, http.MethodGet, withQuery("/users/staff", q), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// Scorecard returns a job's scorecard (GET /jobs/{id}/scorecard: the job's
// team and admins); a job without one has no criteria.
func (c *Client) Scorecard(ctx context.Context, jobID string) (*hiregate.Scorecard, error) {
	return callOn[hiregate.Scorecard](ctx, c, http.MethodGet, "/jobs/", jobID, "/scorecard", nil)
}

// SetScorecard replaces a job's scorecard (PUT /jobs/{id}/scorecard: the
// owner or an admin).
func (c *Client) SetScorecard(ctx context.Context, jobID string, r hiregate.PutScorecardRequest) (*hiregate.Scorecard, error) {
	if r.Criteria == nil {
		r.Criteria = []hiregate.Criterion{}
	}
	return callOn[hiregate.Scorecard](ctx, c, http.MethodPut, "/jobs/", jobID, "/scorecard", r)
}

// ScheduleInterview schedules an interview and mails the invites
// (POST /applications/{id}/interviews: team recruiter, owner, admin). The
// answer's Conflicts flags overlapping interviews of the interviewers.
func (c *Client) ScheduleInterview(ctx context.Context, applicationID string, r hiregate.CreateInterviewRequest) (*hiregate.Interview, error) {
	r.StartsAt = r.StartsAt.UTC()
	return callOn[hiregate.Interview](ctx, c, http.MethodPost, "/applications/", applicationID, "/interviews", r)
}

// UpdateInterview moves or changes an interview and mails the updated
// invites (PATCH /interviews/{id}).
func (c *Client) UpdateInterview(ctx context.Context, id string, r hiregate.UpdateInterviewRequest) (*hiregate.Interview, error) {
	if r.StartsAt != nil {
		t := r.StartsAt.UTC()
		r.StartsAt = &t
	}
	return callOn[hiregate.Interview](ctx, c, http.MethodPatch, "/interviews/", id, "", r)
}

// CancelInterview cancels an interview and mails the cancellations
// (DELETE /interviews/{id}); the answer is the cancelled interview.
func (c *Client) CancelInterview(ctx context.Context, id string) (*hiregate.Interview, error) {
	return callOn[hiregate.Interview](ctx, c, http.MethodDelete, "/interviews/", id, "", nil)
}

// Interview returns one interview (GET /interviews/{id}: whoever may see
// its application, an interviewer only when assigned to it).
func (c *Client) Interview(ctx context.Context, id string) (*hiregate.Interview, error) {
	return callOn[hiregate.Interview](ctx, c, http.MethodGet, "/interviews/", id, "", nil)
}

// ApplicationInterviews lists an application's interviews, earliest first
// (GET /applications/{id}/interviews). An interviewer sees the ones it is
// assigned to.
func (c *Client) ApplicationInterviews(ctx context.Context, applicationID string) (*hiregate.List[hiregate.Interview], error) {
	return callOn[hiregate.List[hiregate.Interview]](ctx, c, http.MethodGet, "/applications/", applicationID, "/interviews", nil)
}

// MyInterviews lists the caller's interviews, earliest first
// (GET /interviews/my?from=&limit=&cursor=: an interviewer's assigned
// ones, a candidate's own).
func (c *Client) MyInterviews(ctx context.Context, f hiregate.InterviewFilter) (*hiregate.List[hiregate.Interview], error) {
	q := url.Values{}
	if !f.From.IsZero() {
		q.Set("from", f.From.UTC().Format(time.RFC3339))
	}
	pageQuery(q, f.Limit, f.Cursor)
	var l hiregate.List[hiregate.Interview]
	if err := c.call(ctx, http.MethodGet, withQuery("/interviews/my", q), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// InterviewCalendar returns the interview's iCalendar file
// (GET /interviews/{id}/calendar.ics), ready to save as a .ics file.
func (c *Client) InterviewCalendar(ctx context.Context, id string) ([]byte, error) {
	s, err := seg("id", id)
	if err != nil {
		return nil, err
	}
	var b []byte
	if err := c.call(ctx, http.MethodGet, "/interviews/"+s+"/calendar.ics", nil, &b); err != nil {
		return nil, err
	}
	return b, nil
}

// SubmitFeedback writes or changes the caller's feedback on an interview
// (PUT /interviews/{id}/feedback: an interviewer of it, once it started,
// until the application is final).
func (c *Client) SubmitFeedback(ctx context.Context, interviewID string, r hiregate.FeedbackRequest) (*hiregate.Feedback, error) {
	if r.Ratings == nil {
		r.Ratings = map[string]int{}
	}
	return callOn[hiregate.Feedback](ctx, c, http.MethodPut, "/interviews/", interviewID, "/feedback", r)
}

// MyFeedback returns the caller's own feedback on an interview
// (GET /interviews/{id}/feedback); 404 until submitted.
func (c *Client) MyFeedback(ctx context.Context, interviewID string) (*hiregate.Feedback, error) {
	return callOn[hiregate.Feedback](ctx, c, http.MethodGet, "/interviews/", interviewID, "/feedback", nil)
}

// ApplicationFeedback returns the scorecard and every submitted feedback
// of an application (GET /applications/{id}/feedback: team recruiters,
// the owner, admins; an interviewer only after submitting its own).
func (c *Client) ApplicationFeedback(ctx context.Context, applicationID string) (*hiregate.ApplicationFeedback, error) {
	return callOn[hiregate.ApplicationFeedback](ctx, c, http.MethodGet, "/applications/", applicationID, "/feedback", nil)
}
