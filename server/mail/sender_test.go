package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/mail"
	"github.com/hiregate/hiregate/server/mail/smtptest"
	"github.com/hiregate/hiregate/server/seal"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/testclock"
)

var ctx = context.Background()

// env is a store, a test SMTP server and a sender between them.
type env struct {
	db     store.Store
	srv    *smtptest.Server
	sender *mail.Sender
	clock  *testclock.Clock
	logs   *bytes.Buffer
}

func openStore(t *testing.T, now func() time.Time) store.Store {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "hiregate.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Now = now
	t.Cleanup(func() { db.Close() })
	return db
}

func newEnv(t *testing.T, opts smtptest.Options, adjust ...func(*mail.Config)) *env {
	t.Helper()
	clock := testclock.New(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	e := &env{db: openStore(t, clock.Now), srv: smtptest.Start(t, opts), clock: clock, logs: &bytes.Buffer{}}
	u, err := config.ParseSMTPURL(e.srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	cfg := mail.Config{SMTP: u, From: "Hiring Team <jobs@hiregate.example>", PublicURL: "https://jobs.example",
		TLS: e.srv.ClientTLS(), Now: clock.Now, Jitter: func() float64 { return 0 },
		Logger: slog.New(slog.NewTextHandler(e.logs, nil))}
	for _, fn := range adjust {
		fn(&cfg)
	}
	if e.sender, err = mail.NewSender(cfg, e.db); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) queue(t *testing.T, m store.MailRequest) {
	t.Helper()
	if err := e.db.QueueMail(ctx, m); err != nil {
		t.Fatal(err)
	}
}

func (e *env) tick(t *testing.T) mail.Result {
	t.Helper()
	res, err := e.sender.Tick(ctx)
	if err != nil {
		t.Fatalf("Tick = %v", err)
	}
	return res
}

func (e *env) log(t *testing.T, status hiregate.MailStatus) []hiregate.MailItem {
	t.Helper()
	items, _, err := e.db.ListMail(ctx, hiregate.MailFilter{Status: status, Limit: hiregate.MaxPageLimit})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func message(to, name, title string) store.MailRequest {
	return store.MailRequest{To: to, ToName: name, Template: hiregate.MailTemplateMessage,
		Data: map[string]string{"JobTitle": title, "ApplicationID": "app1", "From": "Rita Recruiter", "Message": "Can you start in May?"}}
}

func TestDelivery(t *testing.T) {
	tests := []struct {
		name    string
		opts    smtptest.Options
		tls     bool
		as      string
		subject string
	}{
		{"Plain", smtptest.Options{}, false, "", "Go developer"},
		{"STARTTLSWithAuth", smtptest.Options{STARTTLS: true, User: "mailer", Password: "pw-1"}, true, "mailer", "Ingénieur·e Go — Zürich 🚀"},
		{"ImplicitTLSWithAuth", smtptest.Options{ImplicitTLS: true, User: "mailer", Password: "pw-2"}, true, "mailer", "Разработчик Go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.opts)
			e.queue(t, message("zoe@example.com", "Zoë Ünal", tt.subject))
			if res := e.tick(t); res.Sent != 1 {
				t.Fatalf("Tick = %+v, want 1 sent", res)
			}
			msgs := e.srv.Messages()
			if len(msgs) != 1 {
				t.Fatalf("server got %d messages, want 1", len(msgs))
			}
			m := msgs[0]
			if m.TLS != tt.tls || m.AuthUser != tt.as {
				t.Errorf("TLS %v as %q, want %v as %q", m.TLS, m.AuthUser, tt.tls, tt.as)
			}
			if m.From != "jobs@hiregate.example" || len(m.To) != 1 || m.To[0] != "zoe@example.com" {
				t.Errorf("envelope %s -> %v", m.From, m.To)
			}
			want := "New message about " + tt.subject
			if got := m.Subject(); got != want {
				t.Errorf("Subject = %q, want %q", got, want)
			}
			for _, line := range strings.Split(string(m.Raw[:bytes.Index(m.Raw, []byte("\r\n\r\n"))]), "\r\n") {
				for _, r := range line {
					if r > 127 {
						t.Fatalf("header line %q is not ASCII: UTF-8 must be encoded", line)
					}
				}
			}
			if to := m.Header().Get("To"); !strings.Contains(to, "zoe@example.com") || strings.Contains(to, "Zoë") {
				t.Errorf("To = %q, want the address and the name encoded", to)
			}
			text := m.Text()
			for _, s := range []string{"Hello Zoë Ünal,", "Rita Recruiter wrote about your application for " + tt.subject, "Can you start in May?", "hiregate --server https://jobs.example"} {
				if !strings.Contains(text, s) {
					t.Errorf("body lacks %q:\n%s", s, text)
				}
			}
			sent := e.log(t, hiregate.MailSent)
			if len(sent) != 1 || sent[0].Subject != want || sent[0].Attempts != 1 || sent[0].SentAt == nil {
				t.Fatalf("mail log = %+v", sent)
			}
			if got, want := m.MessageID(), "<"+sent[0].ID+"@hiregate.example>"; got != want {
				t.Errorf("Message-ID = %q, want %q", got, want)
			}
		})
	}
}

func TestTemporaryFailureThenRecovery(t *testing.T) {
	e := newEnv(t, smtptest.Options{})
	e.srv.FailData(451, 1)
	for _, to := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		e.queue(t, message(to, "", "Go developer"))
	}
	if res := e.tick(t); res.Sent != 2 || res.Retried != 1 {
		t.Fatalf("first tick = %+v, want 2 sent and 1 retried", res)
	}
	queued := e.log(t, hiregate.MailQueued)
	if len(queued) != 1 || !strings.Contains(queued[0].LastError, "451") || queued[0].Attempts != 1 {
		t.Fatalf("queued = %+v, want the 451 one", queued)
	}
	// Not due before its backoff (30s halved by the zero jitter).
	if res := e.tick(t); res.Claimed != 0 {
		t.Fatalf("tick before the retry time = %+v", res)
	}
	e.clock.Advance(15 * time.Second)
	if res := e.tick(t); res.Sent != 1 {
		t.Fatalf("retry tick = %+v, want 1 sent", res)
	}
	msgs := e.srv.Messages()
	seen := map[string]int{}
	ids := map[string]bool{}
	for _, m := range msgs {
		seen[m.To[0]]++
		ids[m.MessageID()] = true
	}
	if len(msgs) != 3 || len(seen) != 3 || len(ids) != 3 {
		t.Fatalf("delivered %v (ids %v), want each of 3 once", seen, ids)
	}
	if n := e.srv.DataCommands(); n != 4 {
		t.Errorf("DATA commands = %d, want 4 (one refused)", n)
	}
	if q := e.log(t, hiregate.MailQueued); len(q) != 0 {
		t.Errorf("still queued: %+v", q)
	}
}

func TestPermanentFailure(t *testing.T) {
	for _, stage := range []string{"data", "rcpt"} {
		t.Run(stage, func(t *testing.T) {
			e := newEnv(t, smtptest.Options{})
			if stage == "data" {
				e.srv.FailData(550, 1)
			} else {
				e.srv.FailRcpt(550, 1)
			}
			e.queue(t, message("gone@example.com", "", "Go developer"))
			if res := e.tick(t); res.Failed != 1 {
				t.Fatalf("tick = %+v, want 1 failed", res)
			}
			e.clock.Advance(48 * time.Hour)
			if res := e.tick(t); res.Claimed != 0 {
				t.Fatalf("a failed mail was tried again: %+v", res)
			}
			failed := e.log(t, hiregate.MailFailed)
			if len(failed) != 1 || !strings.Contains(failed[0].LastError, "550") || len(e.srv.Messages()) != 0 {
				t.Fatalf("failed = %+v, messages %d", failed, len(e.srv.Messages()))
			}
		})
	}
}

func TestServerDownRetriesThenGivesUp(t *testing.T) {
	e := newEnv(t, smtptest.Options{}, func(c *mail.Config) { c.GiveUpAfter = 24 * time.Hour })
	e.srv.Close()
	e.queue(t, message("a@example.com", "", "Go developer"))
	attempts := 0
	for {
		res := e.tick(t)
		if res.Claimed == 0 {
			e.clock.Advance(time.Hour) // the longest backoff
			continue
		}
		attempts++
		if res.Failed == 1 {
			break
		}
		if res.Retried != 1 || attempts > 100 {
			t.Fatalf("tick %d = %+v", attempts, res)
		}
	}
	failed := e.log(t, hiregate.MailFailed)
	if len(failed) != 1 || !strings.Contains(failed[0].LastError, "gave up after") || failed[0].Attempts != attempts {
		t.Fatalf("failed = %+v after %d attempts", failed, attempts)
	}
	if age := e.clock.Now().Sub(failed[0].CreatedAt); age < 24*time.Hour {
		t.Fatalf("gave up after %s, want at least 24h", age)
	}
}

func TestBackoff(t *testing.T) {
	u, _ := config.ParseSMTPURL("smtp://127.0.0.1:1")
	for _, tt := range []struct {
		jitter  float64
		attempt int
		want    time.Duration
	}{
		{0, 1, 15 * time.Second}, {0, 2, 30 * time.Second}, {0, 3, time.Minute}, {0, 20, 30 * time.Minute},
		{0.5, 1, 22500 * time.Millisecond}, {0.5, 8, 45 * time.Minute},
	} {
		s, err := mail.NewSender(mail.Config{SMTP: u, From: "a@b.example", Jitter: func() float64 { return tt.jitter }}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Backoff(tt.attempt); got != tt.want {
			t.Errorf("Backoff(%d) with jitter %v = %s, want %s", tt.attempt, tt.jitter, got, tt.want)
		}
	}
}

func TestHeaderInjection(t *testing.T) {
	e := newEnv(t, smtptest.Options{})
	e.queue(t, message("victim@example.com", "Eve\r\nBcc: name@evil.example", "Go\r\nBcc: title@evil.example"))
	e.queue(t, store.MailRequest{To: "victim@example.com\r\nBcc: to@evil.example", Template: hiregate.MailTemplateMessage})
	res := e.tick(t)
	if res.Sent != 1 || res.Failed != 1 {
		t.Fatalf("tick = %+v, want the bad address failed and the other sent", res)
	}
	msgs := e.srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("messages = %d", len(msgs))
	}
	m := msgs[0]
	if len(m.To) != 1 || m.To[0] != "victim@example.com" {
		t.Fatalf("envelope recipients = %v, want only the victim", m.To)
	}
	h := m.Header()
	head, _, _ := bytes.Cut(m.Raw, []byte("\r\n\r\n"))
	if len(h["Bcc"]) != 0 || len(h["To"]) != 1 || bytes.Contains(head, []byte("\r\nBcc:")) {
		t.Fatalf("headers = %v", h)
	}
}

func TestCalendarPart(t *testing.T) {
	e := newEnv(t, smtptest.Options{})
	ics := "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
	e.queue(t, store.MailRequest{To: "c@example.com", Template: hiregate.MailTemplateInterviewInvite,
		Data:     map[string]string{"JobTitle": "Go developer", "StartsAt": "2026-03-02 10:00 UTC", "DurationMinutes": "45"},
		Calendar: &store.MailCalendar{Method: "REQUEST", ICS: []byte(ics)}})
	e.tick(t)
	m := e.srv.Wait(t, 1)[0]
	body, params := m.Part("text/calendar")
	if params["method"] != "REQUEST" || !strings.Contains(body, "BEGIN:VCALENDAR") {
		t.Fatalf("calendar part = %q %v", body, params)
	}
	if text := m.Text(); !strings.Contains(text, "2026-03-02 10:00 UTC (45 minutes)") || strings.Contains(text, "Where:") {
		t.Fatalf("text = %q", text)
	}
}

func TestPasswordNeverShown(t *testing.T) {
	const secret = "wrong-s3cret-pw"
	e := newEnv(t, smtptest.Options{STARTTLS: true, User: "mailer", Password: "right"}, func(c *mail.Config) {
		c.SMTP, _ = config.ParseSMTPURL(strings.Replace(c.SMTP.String(), "redacted", secret, 1))
	})
	e.queue(t, message("a@example.com", "", "Go developer"))
	if res := e.tick(t); res.Retried != 1 {
		t.Fatalf("tick = %+v, want a retry (authentication refused)", res)
	}
	q := e.log(t, hiregate.MailQueued)
	if len(q) != 1 || q[0].LastError == "" || strings.Contains(q[0].LastError, secret) || strings.Contains(e.logs.String(), secret) {
		t.Fatalf("last error %q / logs %q show the password or nothing", q[0].LastError, e.logs.String())
	}
}

func TestBatchBound(t *testing.T) {
	e := newEnv(t, smtptest.Options{}, func(c *mail.Config) { c.Batch = 3 })
	for range 7 {
		e.queue(t, message("a@example.com", "", "Go developer"))
	}
	var per []int
	for {
		res := e.tick(t)
		if res.Claimed == 0 {
			break
		}
		per = append(per, res.Sent)
	}
	if len(per) != 3 || per[0] != 3 || per[1] != 3 || per[2] != 1 || len(e.srv.Messages()) != 7 {
		t.Fatalf("sent per tick %v, messages %d", per, len(e.srv.Messages()))
	}
}

func TestTemplateOverrideUsed(t *testing.T) {
	e := newEnv(t, smtptest.Options{})
	if err := e.db.PutMailTemplate(ctx, store.MailTemplateRecord{Name: hiregate.MailTemplateMessage,
		Subject: "Nachricht: {{.JobTitle}}", Body: "Hallo {{.Name}}! {{.Message}}", UpdatedAt: e.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	e.queue(t, message("a@example.com", "Änne", "Go"))
	e.tick(t)
	m := e.srv.Wait(t, 1)[0]
	if m.Subject() != "Nachricht: Go" || strings.TrimSpace(m.Text()) != "Hallo Änne! Can you start in May?" {
		t.Fatalf("subject %q text %q", m.Subject(), m.Text())
	}
}

// TestCodesClearedOnceDone: once a mail is sent or failed, the outbox
// row keeps neither its data (which holds the code) nor its calendar.
func TestCodesClearedOnceDone(t *testing.T) {
	e := newEnv(t, smtptest.Options{})
	const code = "K7QX-2M9P"
	for _, to := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		e.queue(t, store.MailRequest{To: to, Template: hiregate.MailTemplatePasswordReset, Data: map[string]string{hiregate.MailKeyCode: code},
			Calendar: &store.MailCalendar{Method: "REQUEST", ICS: []byte("BEGIN:VCALENDAR " + code)}})
	}
	e.srv.FailRcpt(550, 1)
	e.srv.FailRcpt(451, 1)
	e.tick(t)
	rows := map[string][]any{}
	err := e.db.(interface {
		ExportRows(context.Context, func(sqlstore.Table, []any) error) error
	}).ExportRows(ctx, func(tb sqlstore.Table, row []any) error {
		if tb.Name == "mail_outbox" {
			rows[row[2].(string)] = row
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("outbox rows = %d", len(rows))
	}
	statuses := map[string]bool{}
	for to, row := range rows {
		data, cal, status := string(row[5].([]byte)), string(row[7].([]byte)), row[9].(string)
		statuses[status] = true
		held := strings.Contains(data, code) || strings.Contains(cal, code)
		if want := status == string(hiregate.MailQueued); held != want {
			t.Errorf("%s (%s): data %q calendar %q, want the code kept: %v", to, status, data, cal, want)
		}
	}
	if len(statuses) != 3 {
		t.Errorf("statuses %v, want one sent, one failed, one queued", statuses)
	}
}

// TestSealedData: with a seal key, a queued mail's data is ciphertext in
// the database and still renders when sent.
func TestSealedData(t *testing.T) {
	e := newEnv(t, smtptest.Options{})
	box, err := seal.New(bytes.Repeat([]byte{7}, seal.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	e.db.(*sqlite.DB).MailSeal = box
	const code = "K7QX-2M9P"
	e.queue(t, store.MailRequest{To: "a@example.com", Template: hiregate.MailTemplatePasswordReset, Data: map[string]string{hiregate.MailKeyCode: code}})
	var stored []byte
	_ = e.db.(*sqlite.DB).ExportRows(ctx, func(tb sqlstore.Table, row []any) error {
		if tb.Name == "mail_outbox" {
			stored = row[5].([]byte)
		}
		return nil
	})
	if len(stored) == 0 || bytes.Contains(stored, []byte(code)) || stored[0] == '{' {
		t.Fatalf("stored data %q, want it sealed", stored)
	}
	e.tick(t)
	if m := e.srv.Wait(t, 1)[0]; !strings.Contains(m.Text(), code) {
		t.Fatalf("text %q lacks the code", m.Text())
	}
}
