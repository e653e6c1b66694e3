package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Mail lists the outbox, newest first
// (GET /admin/mail?status=&limit=&cursor=, admin).
func (c *Client) Mail(ctx context.Context, f hiregate.MailFilter) (*hiregate.List[hiregate.MailItem], error) {
	q := url.Values{}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	pageQuery(q, f.Limit, f.Cursor)
	var l hiregate.List[hiregate.MailItem]
	if err := c.call(ctx, http.MethodGet, withQuery("/admin/mail", q), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// MailTemplates lists every mail template, overridden or default
// (GET /admin/mail-templates, admin).
func (c *Client) MailTemplates(ctx context.Context) ([]hiregate.MailTemplate, error) {
	var ts []hiregate.MailTemplate
	if err := c.call(ctx, http.MethodGet, "/admin/mail-templates", nil, &ts); err != nil {
		return nil, err
	}
	return ts, nil
}

// PutMailTemplate overrides a template (PUT /admin/mail-templates/{name},
// admin). A template that does not parse, uses an unknown field or shows
// a code or link in its subject is EINVALID with the field and line.
func (c *Client) PutMailTemplate(ctx context.Context, name string, in hiregate.MailTemplateInput) (*hiregate.MailTemplate, error) {
	return c.mailTemplate(ctx, http.MethodPut, name, in)
}

// DeleteMailTemplate restores a template's default and returns it
// (DELETE /admin/mail-templates/{name}, admin).
func (c *Client) DeleteMailTemplate(ctx context.Context, name string) (*hiregate.MailTemplate, error) {
	return c.mailTemplate(ctx, http.MethodDelete, name, nil)
}

func (c *Client) mailTemplate(ctx context.Context, method, name string, body any) (*hiregate.MailTemplate, error) {
	s, err := seg("name", name)
	if err != nil {
		return nil, err
	}
	var t hiregate.MailTemplate
	if err := c.call(ctx, method, "/admin/mail-templates/"+s, body, &t); err != nil {
		return nil, err
	}
	return &t, nil
}
