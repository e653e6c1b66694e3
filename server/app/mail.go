package app

import (
	"context"
	"net/url"

	"github.com/hiregate/hiregate/server/mail"
)

// startMail starts the sender that drains the outbox, when the server
// has an SMTP server; stopMail stops it and waits. Without one, mail is
// off: the store queues nothing (sqlstore.DB.MailOff), so no code waits
// in the database for a sender that never comes, and the log says so
// once.
func (a *App) startMail() error {
	done := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	a.stopMail = func() { cancel(); <-done }
	if !a.cfg.MailOn() {
		close(done)
		a.log.Info("mail off: no --smtp-url; nothing is queued or sent (verification, reset and invitation codes are not mailed)")
		return nil
	}
	cfg := mail.Config{SMTP: a.cfg.SMTPURL, From: a.cfg.MailFrom, PublicURL: a.cfg.BaseURL(), Now: a.now, Logger: a.log}
	if a.opts.mail != nil {
		a.opts.mail(&cfg)
	}
	s, err := mail.NewSender(cfg, a.st)
	if err != nil {
		close(done)
		return err
	}
	go func() {
		defer close(done)
		s.Run(ctx)
	}()
	return nil
}

// calendarHost is the host name in interview invites' UIDs: the public
// URL's, so that two hiregate servers never make the same UID.
func calendarHost(publicURL string) string {
	u, err := url.Parse(publicURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
