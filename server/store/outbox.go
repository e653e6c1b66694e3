package store

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Outbox is the transactional outbox of mails: a mail is queued in the
// transaction of the change that causes it and delivered later by the
// sender (server/mail), which claims due rows, so that with several
// servers on one database each mail is claimed by one of them at a time.
type Outbox interface {
	// QueueMail adds a mail to the outbox. Called on the tx Store given by
	// Atomic, it commits or rolls back with the change that caused it.
	// EINVALID for an unknown template, a request naming no recipient or
	// a calendar whose method is not REQUEST or CANCEL;
	// ENOTFOUND when UserID names no user (unless Notification is set:
	// then nothing is queued, as for an unverified address). A store
	// opened with mail off validates the request and queues nothing.
	QueueMail(ctx context.Context, m MailRequest) error
	// ClaimMail claims up to limit queued mails due at now (oldest due
	// first), for lease: each comes back with a new Claim and one more
	// Attempt, and no other ClaimMail returns it until the lease ends,
	// when it is due again (a sender that died mid-send).
	ClaimMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]MailRecord, error)
	// FinishMail records what became of claimed mails, all in one
	// transaction. Sent and failed are final and clear the mail's data
	// and calendar (they may hold codes); queued (a retry) makes it due
	// again at Retry. A retry or failure whose claim was taken over (the
	// lease ended) changes nothing; a sent mail is recorded whoever holds
	// the claim.
	FinishMail(ctx context.Context, outcomes ...MailOutcome) error
	// ListMail lists mails newest first (created_at, id), keyset paged.
	ListMail(ctx context.Context, f hiregate.MailFilter) ([]hiregate.MailItem, string, error)
	// MailTemplateOverrides returns the templates admins have overridden.
	MailTemplateOverrides(ctx context.Context) ([]MailTemplateRecord, error)
	// PutMailTemplate stores an override (replacing one of that name).
	PutMailTemplate(ctx context.Context, t MailTemplateRecord) error
	// DeleteMailTemplate removes an override; false when there was none.
	DeleteMailTemplate(ctx context.Context, name string) (bool, error)
}

// MailRequest is a mail to queue.
type MailRequest struct {
	// UserID, when set, names the recipient account; To is then taken
	// from it if empty. With Notification set, the mail is queued only
	// if that user's address is verified and notify_email is on (decided
	// in the same statement, so no read-then-write race).
	UserID       string
	To, ToName   string
	Template     string            // hiregate.MailTemplate... names
	Data         map[string]string // fields the template may use
	Notification bool
	Calendar     *MailCalendar // optional text/calendar part (interviews)
}

// MailCalendar is a text/calendar part sent with a mail.
type MailCalendar struct {
	Method string // "REQUEST" or "CANCEL"
	ICS    []byte
}

// MailRecord is a claimed mail, as the sender needs it.
type MailRecord struct {
	ID       string
	UserID   string
	To       string
	ToName   string
	Template string
	Data     map[string]string
	Calendar *MailCalendar
	// Attempts counts this one.
	Attempts  int
	CreatedAt time.Time
	// Claim identifies this claim, for FinishMail.
	Claim string
}

// MailOutcome is what became of one delivery attempt.
type MailOutcome struct {
	ID, Claim string
	Status    hiregate.MailStatus // sent, failed, or queued for a retry
	Subject   string              // as rendered, kept for the mail log
	Error     string              // the last error ("" when sent)
	At        time.Time           // when it happened
	Retry     time.Time           // with Status queued: due again then
}

// MailTemplateRecord is an admin's override of a default template.
type MailTemplateRecord struct {
	Name, Subject, Body string
	UpdatedAt           time.Time
}
