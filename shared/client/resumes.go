package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// ResumeFile is a downloaded resume.
type ResumeFile struct {
	Filename    string
	ContentType string
	Data        []byte
}

func disposition(filename string) string {
	return mime.FormatMediaType("attachment", map[string]string{"filename": filename})
}

// UploadResume attaches a file to an application, replacing any
// (PUT /applications/{id}/resume, its candidate while not final).
// contentType is one of hiregate.ResumeTypes.
func (c *Client) UploadResume(ctx context.Context, applicationID, filename, contentType string, data []byte) (*hiregate.Resume, error) {
	s, err := seg("id", applicationID)
	if err != nil {
		return nil, err
	}
	r := request{method: http.MethodPut, path: "/applications/" + s + "/resume", body: data, contentType: contentType,
		auth: true, header: http.Header{"Content-Disposition": {disposition(filename)}}}
	var out hiregate.Resume
	if err := c.send(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ApplyWithResume applies to a job with a resume file
// (POST /jobs/{id}/applications as multipart/form-data: cover_letter and a
// resume file part).
func (c *Client) ApplyWithResume(ctx context.Context, jobID, coverLetter, filename, contentType string, data []byte) (*hiregate.Application, error) {
	s, err := seg("job_id", jobID)
	if err != nil {
		return nil, err
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if err := w.WriteField("cover_letter", coverLetter); err != nil {
		return nil, err
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": "resume", "filename": filename}))
	h.Set("Content-Type", contentType)
	part, err := w.CreatePart(h)
	if err != nil {
		return nil, err
	}
	part.Write(data)
	if err := w.Close(); err != nil {
		return nil, err
	}
	r := request{method: http.MethodPost, path: "/jobs/" + s + "/applications", body: body.Bytes(),
		contentType: w.FormDataContentType(), auth: true}
	var a hiregate.Application
	if err := c.send(ctx, r, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// DownloadResume returns an application's resume file
// (GET /applications/{id}/resume: its candidate, the job's owner, admin).
func (c *Client) DownloadResume(ctx context.Context, applicationID string) (*ResumeFile, error) {
	s, err := seg("id", applicationID)
	if err != nil {
		return nil, err
	}
	f := &ResumeFile{}
	r := request{method: http.MethodGet, path: "/applications/" + s + "/resume", auth: true,
		gotHeader: func(h http.Header) {
			f.ContentType, _, _ = mime.ParseMediaType(h.Get("Content-Type"))
			if _, p, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil {
				f.Filename = p["filename"]
			}
		}}
	if err := c.send(ctx, r, &f.Data); err != nil {
		return nil, err
	}
	return f, nil
}

// Funnel returns the hiring funnel (GET /reports/funnel?job_id=&from=&to=,
// recruiter: own jobs; admin: all). f.RecruiterID is decided by the server
// and not sent.
func (c *Client) Funnel(ctx context.Context, f hiregate.FunnelFilter) (*hiregate.Funnel, error) {
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
	var out hiregate.Funnel
	if err := c.call(ctx, http.MethodGet, withQuery("/reports/funnel", q), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Export returns everything the server stores about the caller
// (GET /users/me/export), as the raw JSON document to save and decoded.
func (c *Client) Export(ctx context.Context) ([]byte, *hiregate.Export, error) {
	var raw []byte
	if err := c.call(ctx, http.MethodGet, "/users/me/export", nil, &raw); err != nil {
		return nil, nil, err
	}
	var e hiregate.Export
	if err := jsonUnmarshal(raw, &e); err != nil {
		return nil, nil, err
	}
	return raw, &e, nil
}

// EraseAccount erases the caller's account (DELETE /users/me, candidates)
// and forgets the tokens: the account no longer exists to sign in to.
func (c *Client) EraseAccount(ctx context.Context, currentPassword string) error {
	if err := c.call(ctx, http.MethodDelete, "/users/me", hiregate.EraseAccountRequest{CurrentPassword: currentPassword}, nil); err != nil {
		return err
	}
	c.Forget()
	return nil
}

func jsonUnmarshal(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode response: %w", err)
	}
	return nil
}
