package httpapi_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestMailTemplatesAPI(t *testing.T) {
	e := newEnv(t)
	p := e.people()
	for _, c := range []struct {
		name string
		err  error
	}{
		{"list as recruiter", func() error { _, err := p.rec.MailTemplates(bg); return err }()},
		{"put as candidate", func() error {
			_, err := p.cc.PutMailTemplate(bg, hiregate.MailTemplateMessage, hiregate.MailTemplateInput{Subject: "s", Body: "b"})
			return err
		}()},
		{"mail log as recruiter", func() error { _, err := p.rec.Mail(bg, hiregate.MailFilter{}); return err }()},
	} {
		wantCode(t, c.name, c.err, hiregate.EFORBIDDEN)
	}

	ts, err := p.admin.MailTemplates(bg)
	wantOK(t, "MailTemplates", err)
	if len(ts) != len(hiregate.MailTemplateNames) || ts[0].Name != hiregate.MailTemplateVerifyEmail || !ts[0].Default || len(ts[0].Keys) == 0 {
		t.Fatalf("MailTemplates = %+v", ts)
	}

	in := hiregate.MailTemplateInput{Subject: "Über {{.JobTitle}}", Body: "Hallo {{.Name}},\n\n{{.Message}}\n"}
	got, err := p.admin.PutMailTemplate(bg, hiregate.MailTemplateMessage, in)
	wantOK(t, "PutMailTemplate", err)
	if got.Default || got.Subject != in.Subject || got.Body != in.Body {
		t.Fatalf("PutMailTemplate = %+v", got)
	}
	ts, _ = p.admin.MailTemplates(bg)
	for _, tm := range ts {
		if (tm.Name == hiregate.MailTemplateMessage) == tm.Default {
			t.Errorf("after PUT: %s default = %v", tm.Name, tm.Default)
		}
	}
	audit, err := p.admin.Audit(bg, hiregate.AuditFilter{Type: hiregate.AuditMailTemplateChanged})
	wantOK(t, "Audit", err)
	if len(audit.Items) != 1 || audit.Items[0].Detail != "template=message overridden" || strings.Contains(audit.Items[0].Detail, "Hallo") {
		t.Fatalf("audit = %+v", audit.Items)
	}

	bad := []struct {
		name  string
		in    hiregate.MailTemplateInput
		field string
		msg   string
	}{
		{"UnknownField", hiregate.MailTemplateInput{Subject: "s", Body: "a\nb\n{{.Password}}"}, "body", "line 3: unknown field Password"},
		{"ParseError", hiregate.MailTemplateInput{Subject: "{{.JobTitle", Body: "b"}, "subject", "line 1: unclosed action"},
	}
	for _, tt := range bad {
		_, err := p.admin.PutMailTemplate(bg, hiregate.MailTemplateMessage, tt.in)
		wantCode(t, tt.name, err, hiregate.EINVALID)
		if he, _ := err.(*hiregate.Error); he == nil || he.Fields[tt.field] != tt.msg {
			t.Errorf("%s: fields = %v, want %s: %q", tt.name, he, tt.field, tt.msg)
		}
	}

	adminToken, _ := p.admin.Tokens()
	d, err := p.admin.DeleteMailTemplate(bg, hiregate.MailTemplateMessage)
	wantOK(t, "DeleteMailTemplate", err)
	if !d.Default || d.Subject == in.Subject {
		t.Fatalf("DeleteMailTemplate = %+v, want the default", d)
	}
	if resp := e.raw(http.MethodDelete, "/admin/mail-templates/spam", "", adminToken, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("DELETE unknown template = %d, want 404", resp.StatusCode)
	}
}

func TestMailLogAPI(t *testing.T) {
	e := newEnv(t)
	p := e.people()
	const code = "K7QX-2M9P"
	for _, to := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		if err := e.db.QueueMail(bg, store.MailRequest{To: to, Template: hiregate.MailTemplatePasswordReset,
			Data: map[string]string{hiregate.MailKeyCode: code}}); err != nil {
			t.Fatal(err)
		}
	}
	l, err := p.admin.Mail(bg, hiregate.MailFilter{Status: hiregate.MailQueued, Limit: 2})
	wantOK(t, "Mail", err)
	if len(l.Items) != 2 || l.NextCursor == nil || l.Items[0].Status != hiregate.MailQueued || l.Items[0].Template != hiregate.MailTemplatePasswordReset {
		t.Fatalf("Mail = %+v", l)
	}
	l2, err := p.admin.Mail(bg, hiregate.MailFilter{Status: hiregate.MailQueued, Cursor: *l.NextCursor})
	wantOK(t, "Mail(page 2)", err)
	if len(l2.Items) != 1 || l2.NextCursor != nil {
		t.Fatalf("Mail page 2 = %+v", l2)
	}
	if l, err := p.admin.Mail(bg, hiregate.MailFilter{Status: hiregate.MailSent}); err != nil || len(l.Items) != 0 {
		t.Fatalf("Mail(sent) = %+v, %v", l, err)
	}
	adminToken, _ := p.admin.Tokens()
	resp := e.raw(http.MethodGet, "/admin/mail", "", adminToken, nil)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || strings.Contains(string(body), code) {
		t.Fatalf("GET /admin/mail = %d %s: must list the mails without their code", resp.StatusCode, body)
	}
	if resp := e.raw(http.MethodGet, "/admin/mail?status=lost", "", adminToken, nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("?status=lost = %d, want 422", resp.StatusCode)
	}
}
