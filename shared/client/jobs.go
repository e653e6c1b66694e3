package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// ListJobs lists jobs (GET /jobs?q=&status=&mine=true&limit=&cursor=).
// Candidates see open jobs only. f.RecruiterID is not part of the contract
// and is not sent; Mine asks for the caller's own jobs.
func (c *Client) ListJobs(ctx context.Context, f hiregate.JobFilter) (*hiregate.List[hiregate.Job], error) {
	q := url.Values{}
	if f.Q != "" {
		q.Set("q", f.Q)
	}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	if f.Mine {
		q.Set("mine", "true")
	}
	pageQuery(q, f.Limit, f.Cursor)
	var l hiregate.List[hiregate.Job]
	if err := c.call(ctx, http.MethodGet, withQuery("/jobs", q), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// Job returns one job (GET /jobs/{id}).
func (c *Client) Job(ctx context.Context, id string) (*hiregate.Job, error) {
	s, err := seg("id", id)
	if err != nil {
		return nil, err
	}
	var j hiregate.Job
	if err := c.call(ctx, http.MethodGet, "/jobs/"+s, nil, &j); err != nil {
		return nil, err
	}
	return &j, nil
}

// CreateJob posts a job (POST /jobs, recruiter or admin).
func (c *Client) CreateJob(ctx context.Context, r hiregate.CreateJobRequest) (*hiregate.Job, error) {
	var j hiregate.Job
	if err := c.call(ctx, http.MethodPost, "/jobs", r, &j); err != nil {
		return nil, err
	}
	return &j, nil
}

// UpdateJob changes a job; Status closed closes it (PATCH /jobs/{id},
// owner or admin).
func (c *Client) UpdateJob(ctx context.Context, id string, r hiregate.UpdateJobRequest) (*hiregate.Job, error) {
	s, err := seg("id", id)
	if err != nil {
		return nil, err
	}
	var j hiregate.Job
	if err := c.call(ctx, http.MethodPatch, "/jobs/"+s, r, &j); err != nil {
		return nil, err
	}
	return &j, nil
}

// Apply applies to a job (POST /jobs/{id}/applications, candidate).
func (c *Client) Apply(ctx context.Context, jobID string, r hiregate.CreateApplicationRequest) (*hiregate.Application, error) {
	s, err := seg("job_id", jobID)
	if err != nil {
		return nil, err
	}
	var a hiregate.Application
	if err := c.call(ctx, http.MethodPost, "/jobs/"+s+"/applications", r, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// applicationQuery encodes the filter fields the list routes accept; the
// job and candidate come from the route and the caller.
func applicationQuery(f hiregate.ApplicationFilter) url.Values {
	q := url.Values{}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	if f.Sort != "" {
		q.Set("sort", string(f.Sort))
	}
	pageQuery(q, f.Limit, f.Cursor)
	return q
}

// MyApplications lists the caller's own applications
// (GET /applications/my?status=&limit=&cursor=, candidate).
func (c *Client) MyApplications(ctx context.Context, f hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error) {
	var l hiregate.List[hiregate.Application]
	if err := c.call(ctx, http.MethodGet, withQuery("/applications/my", applicationQuery(f)), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// JobApplications lists the applications to a job
// (GET /jobs/{id}/applications?status=&sort=&limit=&cursor=, owner or
// admin). With f.Sort = SortMatch every item carries its Match.
func (c *Client) JobApplications(ctx context.Context, jobID string, f hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error) {
	s, err := seg("job_id", jobID)
	if err != nil {
		return nil, err
	}
	var l hiregate.List[hiregate.Application]
	if err := c.call(ctx, http.MethodGet, withQuery("/jobs/"+s+"/applications", applicationQuery(f)), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// Application returns one application (GET /applications/{id}).
func (c *Client) Application(ctx context.Context, id string) (*hiregate.Application, error) {
	s, err := seg("id", id)
	if err != nil {
		return nil, err
	}
	var a hiregate.Application
	if err := c.call(ctx, http.MethodGet, "/applications/"+s, nil, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// MoveApplication changes an application's stage (PATCH /applications/{id}).
// An illegal move is a 409 (ECONFLICT).
func (c *Client) MoveApplication(ctx context.Context, id string, to hiregate.Stage) (*hiregate.Application, error) {
	s, err := seg("id", id)
	if err != nil {
		return nil, err
	}
	var a hiregate.Application
	if err := c.call(ctx, http.MethodPatch, "/applications/"+s, hiregate.UpdateApplicationRequest{Status: to}, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// AddNote adds a private note to an application
// (POST /applications/{id}/notes, job owner or admin).
func (c *Client) AddNote(ctx context.Context, applicationID, body string) (*hiregate.Note, error) {
	s, err := seg("application_id", applicationID)
	if err != nil {
		return nil, err
	}
	var n hiregate.Note
	if err := c.call(ctx, http.MethodPost, "/applications/"+s+"/notes", hiregate.CreateNoteRequest{Body: body}, &n); err != nil {
		return nil, err
	}
	return &n, nil
}

// Notes lists one page of an application's notes, oldest first
// (GET /applications/{id}/notes?limit=&cursor=, job owner or admin). The
// server pages notes like every list: follow NextCursor for the rest.
func (c *Client) Notes(ctx context.Context, applicationID string, f hiregate.NoteFilter) (*hiregate.List[hiregate.Note], error) {
	s, err := seg("application_id", applicationID)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	pageQuery(q, f.Limit, f.Cursor)
	var l hiregate.List[hiregate.Note]
	if err := c.call(ctx, http.MethodGet, withQuery("/applications/"+s+"/notes", q), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// Health checks that the server process serves (GET /healthz).
func (c *Client) Health(ctx context.Context) error {
	return c.send(ctx, request{method: http.MethodGet, path: "/healthz"}, nil)
}

// ServerHealth is GET /healthz with its body: the server's build and the
// major version of the API it speaks.
func (c *Client) ServerHealth(ctx context.Context) (*hiregate.Health, error) {
	var h hiregate.Health
	if err := c.send(ctx, request{method: http.MethodGet, path: "/healthz"}, &h); err != nil {
		return nil, err
	}
	return &h, nil
}

// Ready checks that the server and its database answer (GET /readyz); a
// 503 is returned as EUNAVAILABLE.
func (c *Client) Ready(ctx context.Context) error {
	return c.send(ctx, request{method: http.MethodGet, path: "/readyz"}, nil)
}
