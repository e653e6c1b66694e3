package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/mail"
	"github.com/hiregate/hiregate/server/mail/smtptest"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// mailConfig is TestConfig sending to srv.
func mailConfig(t testing.TB, srv *smtptest.Server) config.Config {
	t.Helper()
	cfg := app.TestConfig(t.TempDir())
	var err error
	if cfg.SMTPURL, err = config.ParseSMTPURL(srv.URL()); err != nil {
		t.Fatal(err)
	}
	cfg.MailFrom = "Hiring <jobs@hiregate.example>"
	cfg.PublicURL = "https://jobs.example"
	return cfg
}

// trust makes the server's sender trust srv's certificate and look for
// mail often.
func trust(srv *smtptest.Server) app.Option {
	return app.WithMail(func(c *mail.Config) { c.TLS, c.IdleInterval = srv.ClientTLS(), 10*time.Millisecond })
}

func TestMailOn(t *testing.T) {
	ctx := context.Background()
	srv := smtptest.Start(t, smtptest.Options{STARTTLS: true, User: "hiregate", Password: "s3cret-smtp"})
	log, logs := logger()
	a, err := app.Open(ctx, mailConfig(t, srv), log, trust(srv))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.Store().Atomic(ctx, func(tx store.Store) error {
		return tx.QueueMail(ctx, store.MailRequest{To: "zoe@example.com", ToName: "Zoë", Template: hiregate.MailTemplatePasswordReset,
			Data: map[string]string{hiregate.MailKeyCode: "K7QX-2M9P"}})
	}); err != nil {
		t.Fatal(err)
	}
	m := srv.Wait(t, 1)[0]
	if !m.TLS || m.AuthUser != "hiregate" || !strings.Contains(m.Text(), "K7QX-2M9P") || !strings.Contains(m.Text(), "https://jobs.example") {
		t.Fatalf("message: TLS %v as %q, text %q", m.TLS, m.AuthUser, m.Text())
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "mail on") || strings.Contains(out, "s3cret-smtp") || strings.Contains(out, "mail off") {
		t.Fatalf("logs: %s", out)
	}
}

func TestMailOff(t *testing.T) {
	ctx := context.Background()
	log, logs := logger()
	a, err := app.Open(ctx, app.TestConfig(t.TempDir()), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	err = a.Store().QueueMail(ctx, store.MailRequest{To: "zoe@example.com", Template: hiregate.MailTemplatePasswordReset,
		Data: map[string]string{hiregate.MailKeyCode: "K7QX-2M9P"}})
	if err != nil {
		t.Fatalf("QueueMail with mail off = %v, want nil (the flows answer as documented)", err)
	}
	wantCodeApp(t, a.Store().QueueMail(ctx, store.MailRequest{To: "zoe@example.com", Template: "nope"}), hiregate.EINVALID)
	items, _, err := a.Store().ListMail(ctx, hiregate.MailFilter{})
	if err != nil || len(items) != 0 {
		t.Fatalf("mail off queued %+v (%v), want nothing", items, err)
	}
	if n := strings.Count(logs.String(), "mail off"); n != 1 {
		t.Fatalf("\"mail off\" logged %d times, want once:\n%s", n, logs.String())
	}
}

func wantCodeApp(t *testing.T, err error, code string) {
	t.Helper()
	if got := hiregate.ErrorCode(err); got != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
}
