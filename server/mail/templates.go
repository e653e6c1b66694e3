// Package mail renders and delivers hiregate's mails: the default
// templates (embedded, overridable by admins), the sender that drains the
// outbox (store.Outbox) into an SMTP server, and the admin service behind
// GET /admin/mail and /admin/mail-templates.
package mail

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Bounds of an admin's template (as typed) and of a rendered mail.
const (
	MaxSubjectLen  = 500
	MaxBodyLen     = 20_000
	maxRenderedLen = 256 << 10
)

//go:embed templates/*.tmpl
var defaultFiles embed.FS

// Template is a mail template: a subject and a body, each Go
// text/template text, and the Data keys it may use.
type Template struct {
	Name, Subject, Body string
	Keys                []string
}

// defaults holds one Template per hiregate.MailTemplateNames, read from
// templates/<name>.tmpl: a first line "{{/* Keys: A, B (what B is) */}}",
// a line "Subject: …", then the body.
var defaults = mustLoadDefaults()

func mustLoadDefaults() map[string]Template {
	out := map[string]Template{}
	for _, name := range hiregate.MailTemplateNames {
		b, err := defaultFiles.ReadFile("templates/" + name + ".tmpl")
		if err != nil {
			panic("mail: no default template " + name)
		}
		t, err := parseDefault(name, string(b))
		if err != nil {
			panic(err)
		}
		out[name] = t
	}
	return out
}

var parenthesised = regexp.MustCompile(`\s*\([^)]*\)`)

func parseDefault(name, text string) (Template, error) {
	keysLine, rest, _ := strings.Cut(text, "\n")
	subjectLine, body, _ := strings.Cut(rest, "\n")
	keys, ok := strings.CutPrefix(keysLine, "{{/* Keys: ")
	keys, ok2 := strings.CutSuffix(keys, " */}}")
	subject, ok3 := strings.CutPrefix(subjectLine, "Subject: ")
	if !ok || !ok2 || !ok3 {
		return Template{}, fmt.Errorf("mail: default template %s: want a Keys comment line, then a Subject: line", name)
	}
	t := Template{Name: name, Subject: subject, Body: body}
	for _, k := range strings.Split(parenthesised.ReplaceAllString(keys, ""), ",") {
		t.Keys = append(t.Keys, strings.TrimSpace(k))
	}
	if err := validate(t.Keys, t.Subject, t.Body); err != nil {
		return Template{}, fmt.Errorf("mail: default template %s: %v", name, err)
	}
	return t, nil
}

// Default returns the built-in template of name.
func Default(name string) (Template, bool) {
	t, ok := defaults[name]
	return t, ok
}

// Keys returns the Data keys the template name may use.
func Keys(name string) []string { return slices.Clone(defaults[name].Keys) }

// compiled is a template ready to execute.
type compiled struct {
	subject, body *template.Template
}

// compile parses subject and body; strict makes a key the data lacks an
// error rather than an empty text.
func compile(subject, body string, strict bool) (*compiled, error) {
	missing := "missingkey=zero"
	if strict {
		missing = "missingkey=error"
	}
	s, err := template.New("subject").Option(missing).Parse(subject)
	if err != nil {
		return nil, err
	}
	b, err := template.New("body").Option(missing).Parse(body)
	if err != nil {
		return nil, err
	}
	return &compiled{subject: s, body: b}, nil
}

// render executes c on data. The subject becomes one line: a value with
// line breaks (a job title, say) cannot start a header of its own.
func (c *compiled) render(data map[string]string) (subject, body string, err error) {
	var sb, bb limitedBuffer
	if err := c.subject.Execute(&sb, data); err != nil {
		return "", "", err
	}
	if err := c.body.Execute(&bb, data); err != nil {
		return "", "", err
	}
	return strings.Join(strings.Fields(sb.String()), " "), bb.String(), nil
}

// limitedBuffer fails a template that writes more than maxRenderedLen.
type limitedBuffer struct{ bytes.Buffer }

var errTooLong = errors.New("the rendered text is too long")

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if l.Len()+len(p) > maxRenderedLen {
		return 0, errTooLong
	}
	return l.Buffer.Write(p)
}

// SampleCode and the sample links are what Validate renders a subject
// with, to find one that would put a code or a link in the mail log.
const (
	SampleCode = "SMPL-C0DE"
	sampleLink = "https://sample.invalid/link"
)

// sample is data holding every one of keys.
func sample(keys []string) map[string]string {
	data := map[string]string{}
	for _, k := range keys {
		switch {
		case k == hiregate.MailKeyCode:
			data[k] = SampleCode
		case strings.HasSuffix(k, "URL"):
			data[k] = sampleLink + "/" + k
		case k == "Reason":
			data[k] = "other"
		default:
			data[k] = "sample " + k
		}
	}
	return data
}

var (
	tmplErr   = regexp.MustCompile(`^template: (?:subject|body):(\d+)(?::\d+)?: (.*)$`)
	noKeyErr  = regexp.MustCompile(`map has no entry for key "([^"]*)"`)
	execAtErr = regexp.MustCompile(`^executing "(?:subject|body)" at <[^>]*>: `)
)

// Validate checks an admin's template: it must parse, and execute on
// data holding exactly the template's keys (an unknown field is an
// error), and its subject must show neither the code nor a link (the
// mail log lists subjects). The error is EINVALID with the field
// (subject, body) and the line: "line 3: unknown field Foo".
func Validate(name, subject, body string) error {
	t, ok := defaults[name]
	if !ok {
		return hiregate.Errorf(hiregate.ENOTFOUND, "Mail template not found")
	}
	return validate(t.Keys, subject, body)
}

func validate(keys []string, subject, body string) error {
	fields := map[string]string{}
	switch {
	case strings.TrimSpace(subject) == "":
		fields["subject"] = "required"
	case len(subject) > MaxSubjectLen:
		fields["subject"] = "at most " + strconv.Itoa(MaxSubjectLen) + " bytes"
	case !utf8.ValidString(subject):
		fields["subject"] = "not UTF-8"
	case strings.ContainsAny(subject, "\r\n"):
		fields["subject"] = "line 1: must be one line"
	}
	switch {
	case strings.TrimSpace(body) == "":
		fields["body"] = "required"
	case len(body) > MaxBodyLen:
		fields["body"] = "at most " + strconv.Itoa(MaxBodyLen) + " bytes"
	case !utf8.ValidString(body):
		fields["body"] = "not UTF-8"
	}
	if len(fields) > 0 {
		return hiregate.ValidationError(fields)
	}
	for _, part := range []struct{ field, text string }{{"subject", subject}, {"body", body}} {
		if _, err := template.New(part.field).Parse(part.text); err != nil {
			fields[part.field] = lineError(err)
		}
	}
	if len(fields) > 0 {
		return hiregate.ValidationError(fields)
	}
	c, err := compile(subject, body, true)
	if err != nil {
		return hiregate.ValidationError(map[string]string{"body": lineError(err)})
	}
	data := sample(keys)
	var sb, bb limitedBuffer
	if err := c.subject.Execute(&sb, data); err != nil {
		fields["subject"] = lineError(err)
	} else if s := sb.String(); strings.Contains(s, SampleCode) || strings.Contains(s, sampleLink) {
		fields["subject"] = "must not show the code or a link: the mail log lists subjects"
	}
	if err := c.body.Execute(&bb, data); err != nil {
		fields["body"] = lineError(err)
	}
	if len(fields) > 0 {
		return hiregate.ValidationError(fields)
	}
	return nil
}

// lineError turns text/template's "template: body:3:5: executing … map
// has no entry for key "Foo"" into "line 3: unknown field Foo".
func lineError(err error) string {
	msg := err.Error()
	m := tmplErr.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	line, detail := m[1], m[2]
	if k := noKeyErr.FindStringSubmatch(detail); k != nil {
		return "line " + line + ": unknown field " + k[1]
	}
	return "line " + line + ": " + execAtErr.ReplaceAllString(detail, "")
}
