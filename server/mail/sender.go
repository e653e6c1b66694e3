package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/mail"
	"strings"
	"sync"
	"time"
	"unicode"

	gomail "github.com/wneessen/go-mail"

	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Defaults of the sender's settings (Config's zero values).
const (
	DefaultBatch        = 50
	DefaultLease        = 10 * time.Minute
	DefaultIdleInterval = 2 * time.Second
	DefaultBusyInterval = 50 * time.Millisecond
	DefaultRetryBase    = 30 * time.Second
	DefaultRetryMax     = time.Hour
	DefaultGiveUpAfter  = 72 * time.Hour
	DefaultTimeout      = 30 * time.Second
	// MinGiveUpAfter is the contract's "retries for at least 24 h".
	MinGiveUpAfter = 24 * time.Hour
	maxErrorLen    = 500
)

// Config is how a Sender reaches its SMTP server and paces itself.
type Config struct {
	SMTP      config.SMTPURL
	From      string // "Name <addr>" or addr
	PublicURL string // every mail's PublicURL key
	// TLS is the client configuration for STARTTLS and smtps:// (nil:
	// the system's roots, server name from the URL).
	TLS *tls.Config

	// Batch is how many mails one tick claims and sends, over one
	// connection: the bound of the work a tick does, so that a storm of
	// mails takes database and SMTP time in slices.
	Batch int
	// Lease is how long a claim keeps other senders off a mail; a tick
	// stops sending when half of it has passed and hands the rest back.
	Lease time.Duration
	// IdleInterval is the wait after a tick that found less than a
	// batch; BusyInterval the pause after a full one.
	IdleInterval, BusyInterval time.Duration
	// A temporary failure is retried after RetryBase doubled per attempt
	// up to RetryMax, each wait jittered (between half and all of it),
	// until GiveUpAfter (at least MinGiveUpAfter) from the mail's
	// creation: then the mail fails.
	RetryBase, RetryMax, GiveUpAfter time.Duration
	Timeout                          time.Duration // of each SMTP command

	Now    func() time.Time
	Logger *slog.Logger
	// Jitter returns a number in [0, 1); nil: math/rand.
	Jitter func() float64
}

// Sender drains the outbox into the SMTP server.
type Sender struct {
	cfg    Config
	db     store.Outbox
	from   *mail.Address
	domain string // of Message-IDs

	mu        sync.Mutex
	templates map[string]cachedTemplate
}

type cachedTemplate struct {
	subject, body string
	c             *compiled
}

// NewSender checks cfg and applies its defaults.
func NewSender(cfg Config, db store.Outbox) (*Sender, error) {
	if !cfg.SMTP.IsSet() {
		return nil, errors.New("mail: no SMTP server")
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("mail: the sender %q is not an address", cfg.From)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if cfg.Batch <= 0 {
		cfg.Batch = DefaultBatch
	}
	def(&cfg.Lease, DefaultLease)
	def(&cfg.IdleInterval, DefaultIdleInterval)
	def(&cfg.BusyInterval, DefaultBusyInterval)
	def(&cfg.RetryBase, DefaultRetryBase)
	def(&cfg.RetryMax, DefaultRetryMax)
	def(&cfg.GiveUpAfter, DefaultGiveUpAfter)
	def(&cfg.Timeout, DefaultTimeout)
	if cfg.GiveUpAfter < MinGiveUpAfter {
		return nil, fmt.Errorf("mail: retries must go on for at least %s", MinGiveUpAfter)
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return time.Now().UTC() }
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Jitter == nil {
		cfg.Jitter = rand.Float64
	}
	_, domain, _ := strings.Cut(from.Address, "@")
	return &Sender{cfg: cfg, db: db, from: from, domain: domain, templates: map[string]cachedTemplate{}}, nil
}

// Run ticks until ctx ends: at once after a full batch (after
// BusyInterval), otherwise every IdleInterval.
func (s *Sender) Run(ctx context.Context) {
	s.cfg.Logger.Info("mail on", "smtp", s.cfg.SMTP.String(), "from", s.from.String(), "batch", s.cfg.Batch)
	for {
		res, err := s.Tick(ctx)
		if err != nil && ctx.Err() == nil {
			s.cfg.Logger.Error("mail: sending", "err", err)
		}
		wait := s.cfg.IdleInterval
		if err == nil && res.Claimed == s.cfg.Batch {
			wait = s.cfg.BusyInterval
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// Result counts what one tick did.
type Result struct {
	Claimed, Sent, Retried, Failed int
}

// Tick claims one batch of due mails, delivers it over one SMTP
// connection, and records the outcomes in one transaction. A crash
// before that commit sends the batch's delivered mails again once their
// claims lapse, each with its Message-ID, so the duplicates are
// recognisable; one commit per batch rather than per mail is what lets
// a storm drain at SMTP speed.
func (s *Sender) Tick(ctx context.Context) (Result, error) {
	now := s.cfg.Now()
	recs, err := s.db.ClaimMail(ctx, now, s.cfg.Lease, s.cfg.Batch)
	if err != nil || len(recs) == 0 {
		return Result{}, err
	}
	res := Result{Claimed: len(recs)}
	templates, err := s.compiled(ctx)
	if err != nil {
		// The claims lapse with their lease; nothing is lost.
		return res, err
	}
	deadline := now.Add(s.cfg.Lease / 2)
	var client *gomail.Client
	defer func() {
		if client != nil {
			_ = client.Close()
		}
	}()
	outcomes := make([]store.MailOutcome, 0, len(recs))
	for i, rec := range recs {
		if ctx.Err() != nil || s.cfg.Now().After(deadline) {
			// Not tried: hand back what is left at once.
			for _, r := range recs[i:] {
				outcomes = append(outcomes, store.MailOutcome{ID: r.ID, Claim: r.Claim, Status: hiregate.MailQueued,
					Error: "not tried: the batch ran out of time", Retry: s.cfg.Now(), At: s.cfg.Now()})
			}
			break
		}
		o := store.MailOutcome{ID: rec.ID, Claim: rec.Claim, Status: hiregate.MailSent}
		msg, subject, err := s.message(rec, templates[rec.Template])
		o.Subject = subject
		if err != nil {
			o.Status, o.Error = hiregate.MailFailed, err.Error()
		} else {
			if client == nil {
				client, err = s.dial(ctx)
			}
			if err == nil {
				err = client.Send(msg)
			}
			if err != nil {
				o = s.failure(rec, o, err)
				if !isSMTPReply(err) && client != nil {
					// The connection is gone: dial again for the next.
					_ = client.Close()
					client = nil
				}
			}
		}
		if o.Status != hiregate.MailSent {
			s.cfg.Logger.Warn("mail: not delivered", "id", rec.ID, "template", rec.Template, "attempt", rec.Attempts,
				"status", o.Status, "err", o.Error)
		}
		o.At = s.cfg.Now()
		outcomes = append(outcomes, o)
	}
	// Recorded even when ctx ended mid-batch: a mail the server accepted
	// must not wait for its lease to be sent again.
	if err := s.db.FinishMail(context.WithoutCancel(ctx), outcomes...); err != nil {
		return res, fmt.Errorf("mail: recording outcomes: %w", err)
	}
	for _, o := range outcomes {
		switch o.Status {
		case hiregate.MailSent:
			res.Sent++
		case hiregate.MailFailed:
			res.Failed++
		default:
			res.Retried++
		}
	}
	return res, ctx.Err()
}

// failure decides what an error means for rec: a 5xx reply fails it;
// a 4xx reply or any trouble reaching the server retries it, with
// backoff, until GiveUpAfter.
func (s *Sender) failure(rec store.MailRecord, o store.MailOutcome, err error) store.MailOutcome {
	o.Error = s.redact(err.Error())
	var se *gomail.SendError
	permanent := errors.As(err, &se) && (se.ErrorCode() >= 500 ||
		se.Reason == gomail.ErrGetSender || se.Reason == gomail.ErrGetRcpts || se.Reason == gomail.ErrNoUnencoded)
	now := s.cfg.Now()
	switch {
	case permanent:
		o.Status = hiregate.MailFailed
	case now.Sub(rec.CreatedAt) >= s.cfg.GiveUpAfter:
		o.Status = hiregate.MailFailed
		o.Error = fmt.Sprintf("gave up after %d attempts: %s", rec.Attempts, o.Error)
	default:
		o.Status, o.Retry = hiregate.MailQueued, now.Add(s.Backoff(rec.Attempts))
	}
	if len(o.Error) > maxErrorLen {
		o.Error = o.Error[:maxErrorLen]
	}
	return o
}

// isSMTPReply reports an error that is the server's answer to a
// command, after which the connection is still usable.
func isSMTPReply(err error) bool {
	var se *gomail.SendError
	return errors.As(err, &se) && se.ErrorCode() > 0
}

// Backoff is the wait before the retry that follows attempt (1, 2, ...):
// RetryBase doubled per attempt, at most RetryMax, jittered.
func (s *Sender) Backoff(attempt int) time.Duration {
	d := s.cfg.RetryBase
	for i := 1; i < attempt && d < s.cfg.RetryMax; i++ {
		d *= 2
	}
	d = min(d, s.cfg.RetryMax)
	return d/2 + time.Duration(s.cfg.Jitter()*float64(d/2))
}

// redact removes the SMTP password from a text bound for a log or the
// mail log.
func (s *Sender) redact(msg string) string {
	if p := s.cfg.SMTP.RevealPassword(); p != "" {
		msg = strings.ReplaceAll(msg, p, "[redacted]")
	}
	return msg
}

func (s *Sender) dial(ctx context.Context) (*gomail.Client, error) {
	u := s.cfg.SMTP
	tlsCfg := s.cfg.TLS
	if tlsCfg == nil {
		tlsCfg = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	tlsCfg = tlsCfg.Clone()
	if tlsCfg.ServerName == "" {
		tlsCfg.ServerName = u.Host()
	}
	opts := []gomail.Option{
		gomail.WithPort(u.Port()), gomail.WithTimeout(s.cfg.Timeout), gomail.WithTLSConfig(tlsCfg),
		gomail.WithTLSPolicy(gomail.TLSOpportunistic),
	}
	if u.ImplicitTLS() {
		opts = append(opts, gomail.WithSSL())
	}
	if u.Username() != "" {
		// PLAIN or LOGIN, whichever the server offers; both refuse to
		// send the password unencrypted except to localhost.
		opts = append(opts, gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(u.Username()), gomail.WithPassword(u.RevealPassword()))
	}
	c, err := gomail.NewClient(u.Host(), opts...)
	if err != nil {
		return nil, errors.New(s.redact(err.Error()))
	}
	if err := c.DialWithContext(ctx); err != nil {
		return nil, fmt.Errorf("connect to %s: %s", u, s.redact(err.Error()))
	}
	return c, nil
}

// message renders rec with t and builds the mail. Its headers are
// built by go-mail from values, never by joining strings: a name or a
// subject cannot add a header or a recipient.
func (s *Sender) message(rec store.MailRecord, t *compiled) (*gomail.Msg, string, error) {
	if t == nil {
		return nil, "", fmt.Errorf("unknown template %q", rec.Template)
	}
	data := make(map[string]string, len(rec.Data)+2)
	for k, v := range rec.Data {
		data[k] = v
	}
	data[hiregate.MailKeyPublicURL] = s.cfg.PublicURL
	if _, ok := data[hiregate.MailKeyName]; !ok {
		data[hiregate.MailKeyName] = rec.ToName
	}
	subject, body, err := t.render(data)
	if err != nil {
		return nil, "", fmt.Errorf("template %s: %v", rec.Template, err)
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	m.FromMailAddress(s.from)
	if err := m.AddToFormat(oneLine(rec.ToName), rec.To); err != nil {
		return nil, subject, fmt.Errorf("invalid recipient address: %v", err)
	}
	m.Subject(subject)
	m.SetMessageIDWithValue(rec.ID + "@" + s.domain)
	m.SetDateWithValue(s.cfg.Now())
	m.SetBodyString(gomail.TypeTextPlain, body)
	if cal := rec.Calendar; cal != nil {
		m.AddAlternativeString(gomail.ContentType("text/calendar; method="+cal.Method), string(cal.ICS))
	}
	return m, subject, nil
}

// oneLine replaces control characters (line breaks) with spaces.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsControl), " ")
}

// compiled returns every template, the admins' overrides over the
// defaults, compiling only those that changed since the last tick.
func (s *Sender) compiled(ctx context.Context) (map[string]*compiled, error) {
	overrides, err := s.db.MailTemplateOverrides(ctx)
	if err != nil {
		return nil, err
	}
	texts := map[string][2]string{}
	for name, t := range defaults {
		texts[name] = [2]string{t.Subject, t.Body}
	}
	for _, o := range overrides {
		if _, ok := texts[o.Name]; ok {
			texts[o.Name] = [2]string{o.Subject, o.Body}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]*compiled, len(texts))
	for name, t := range texts {
		if c, ok := s.templates[name]; ok && c.subject == t[0] && c.body == t[1] {
			out[name] = c.c
			continue
		}
		c, err := compile(t[0], t[1], false)
		if err != nil {
			// Stored overrides were validated; fall back to the default.
			s.cfg.Logger.Error("mail: template does not compile, using the default", "template", name, "err", err)
			d := defaults[name]
			if c, err = compile(d.Subject, d.Body, false); err != nil {
				return nil, err
			}
		}
		s.templates[name] = cachedTemplate{subject: t[0], body: t[1], c: c}
		out[name] = c
	}
	return out, nil
}
