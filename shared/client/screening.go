package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Skills returns the skill list (GET /skills?q=, any role): names and
// aliases matching f.Q, by name.
func (c *Client) Skills(ctx context.Context, f hiregate.SkillFilter) ([]hiregate.Skill, error) {
	q := url.Values{}
	if f.Q != "" {
		q.Set("q", f.Q)
	}
	if f.Limit > 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	var out []hiregate.Skill
	if err := c.call(ctx, http.MethodGet, withQuery("/skills", q), nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ImportSkills adds or replaces skills from a CSV document with columns
// name,aliases (aliases separated by |) (POST /admin/skills, admin). A bad
// line is a 422 naming it.
func (c *Client) ImportSkills(ctx context.Context, csv []byte) (*hiregate.SkillImport, error) {
	r := request{method: http.MethodPost, path: "/admin/skills", body: csv, contentType: hiregate.SkillsCSVType, auth: true}
	var out hiregate.SkillImport
	if err := c.send(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Impact returns the impact report (GET /reports/impact, admin; recruiter
// for own jobs). f.RecruiterID is decided by the server and not sent.
func (c *Client) Impact(ctx context.Context, f hiregate.ImpactFilter) (*hiregate.ImpactReport, error) {
	q := url.Values{}
	if f.JobID != "" {
		q.Set("job_id", f.JobID)
	}
	if !f.From.IsZero() {
		q.Set("from", f.From.UTC().Format("2006-01-02"))
	}
	if !f.To.IsZero() {
		q.Set("to", f.To.UTC().Format("2006-01-02"))
	}
	if f.Stage != "" {
		q.Set("stage", string(f.Stage))
	}
	if f.By != "" && f.By != hiregate.ImpactByStage {
		q.Set("by", string(f.By))
	}
	var out hiregate.ImpactReport
	if err := c.call(ctx, http.MethodGet, withQuery("/reports/impact", q), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
