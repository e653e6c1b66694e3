package mail_test

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/mail"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestDefaults(t *testing.T) {
	for _, name := range hiregate.MailTemplateNames {
		d, ok := mail.Default(name)
		if !ok || d.Subject == "" || d.Body == "" {
			t.Fatalf("Default(%s) = %+v, %v", name, d, ok)
		}
		keys := mail.Keys(name)
		for _, k := range []string{hiregate.MailKeyName, hiregate.MailKeyPublicURL} {
			if !slices.Contains(keys, k) {
				t.Errorf("%s keys %v lack %s, which every mail gets", name, keys, k)
			}
		}
		if err := mail.Validate(name, d.Subject, d.Body); err != nil {
			t.Errorf("the default %s does not validate: %v", name, err)
		}
	}
	if k := mail.Keys(hiregate.MailTemplateRejected); !slices.Equal(k, []string{"Name", "PublicURL", "JobTitle", "ApplicationID", "Reason"}) {
		t.Errorf("rejected keys = %v", k)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, tmpl, subject, body string
		code                      string
		fields                    map[string]string
	}{
		{"OK", hiregate.MailTemplateMessage, "Re: {{.JobTitle}}", "Hi {{.Name}},\n{{.Message}}\n", "", nil},
		{"UnknownTemplate", "spam", "x", "y", hiregate.ENOTFOUND, nil},
		{"ParseErrorLine", hiregate.MailTemplateMessage, "x", "one\ntwo\n{{if .Name}}three", hiregate.EINVALID,
			map[string]string{"body": "line 3: unexpected EOF"}},
		{"UnknownFieldLine", hiregate.MailTemplateMessage, "x", "one\n\n  {{.Salary}}\n", hiregate.EINVALID,
			map[string]string{"body": "line 3: unknown field Salary"}},
		{"UnknownFieldInSubject", hiregate.MailTemplateStageChanged, "{{.Code}}", "b", hiregate.EINVALID,
			map[string]string{"subject": "line 1: unknown field Code"}},
		{"CodeInSubject", hiregate.MailTemplatePasswordReset, "Your code {{.Code}}", "b", hiregate.EINVALID,
			map[string]string{"subject": "must not show the code or a link: the mail log lists subjects"}},
		{"LinkInSubject", hiregate.MailTemplateVerifyEmail, "Go to {{.PublicURL}}", "b", hiregate.EINVALID,
			map[string]string{"subject": "must not show the code or a link: the mail log lists subjects"}},
		{"Empty", hiregate.MailTemplateMessage, " ", "", hiregate.EINVALID, map[string]string{"subject": "required", "body": "required"}},
		{"TwoLineSubject", hiregate.MailTemplateMessage, "a\nb", "b", hiregate.EINVALID, map[string]string{"subject": "line 1: must be one line"}},
		{"TooLong", hiregate.MailTemplateMessage, "s", strings.Repeat("x", mail.MaxBodyLen+1), hiregate.EINVALID,
			map[string]string{"body": "at most 20000 bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := mail.Validate(tt.tmpl, tt.subject, tt.body)
			if got := hiregate.ErrorCode(err); got != tt.code {
				t.Fatalf("Validate = %v, want code %q", err, tt.code)
			}
			if tt.fields == nil {
				return
			}
			var he *hiregate.Error
			if !errors.As(err, &he) || !maps.Equal(he.Fields, tt.fields) {
				t.Fatalf("fields = %v, want %v", he.Fields, tt.fields)
			}
		})
	}
}
