package hiregate

import "time"

// The names of the mail templates. Each has a default text in the server
// (server/mail/templates), which lists the Data keys it reads; admins may
// override it (PUT /admin/mail-templates/{name}).
const (
	MailTemplateVerifyEmail         = "verify_email"
	MailTemplatePasswordReset       = "password_reset"
	MailTemplateInvitation          = "invitation"
	MailTemplateApplicationReceived = "application_received"
	MailTemplateStageChanged        = "stage_changed"
	MailTemplateRejected            = "rejected"
	MailTemplateMessage             = "message"
	MailTemplateInterviewInvite     = "interview_invite"
	MailTemplateInterviewCancelled  = "interview_cancelled"
)

// MailTemplateNames lists every template, in the order the API lists them.
var MailTemplateNames = []string{
	MailTemplateVerifyEmail, MailTemplatePasswordReset, MailTemplateInvitation,
	MailTemplateApplicationReceived, MailTemplateStageChanged, MailTemplateRejected,
	MailTemplateMessage, MailTemplateInterviewInvite, MailTemplateInterviewCancelled,
}

// IsMailTemplate reports whether name is one of MailTemplateNames.
func IsMailTemplate(name string) bool {
	for _, n := range MailTemplateNames {
		if n == name {
			return true
		}
	}
	return false
}

// The Data keys every mail gets from the sender, whatever the caller
// queued: the recipient's name and the server's public base URL.
const (
	MailKeyName      = "Name"
	MailKeyPublicURL = "PublicURL"
	// MailKeyCode is the key of a one-time code (verification, reset,
	// invitation): never shown by GET /admin/mail, cleared from the
	// outbox once the mail is sent or failed.
	MailKeyCode = "Code"
)

// AuditMailTemplateChanged is an admin's override of a mail template
// stored or removed; its detail names the template, never its text.
const AuditMailTemplateChanged AuditType = "mail_template_changed"

// MailStatus is where an outbox mail is.
type MailStatus string

// Outbox states: queued (waiting, or retrying after a temporary error),
// sent (the SMTP server accepted it), failed (refused for good, or still
// undeliverable when retries ran out).
const (
	MailQueued MailStatus = "queued"
	MailSent   MailStatus = "sent"
	MailFailed MailStatus = "failed"
)

// Valid reports whether s is a known status.
func (s MailStatus) Valid() bool {
	return s == MailQueued || s == MailSent || s == MailFailed
}

// MailItem is one outbox mail as GET /admin/mail lists it: never its
// body, code or links. Subject is "" until the first attempt renders it.
type MailItem struct {
	ID        string     `json:"id"`
	To        string     `json:"to"`
	Template  string     `json:"template"`
	Subject   string     `json:"subject"`
	Status    MailStatus `json:"status"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at"`
}

// MailFilter selects mails for GET /admin/mail (newest first).
type MailFilter struct {
	Status MailStatus // "" for all
	Limit  int
	Cursor string
}

// MailTemplate is one template as GET /admin/mail-templates lists it.
// Default is true while no admin has overridden it; Keys are the Data
// keys it may use.
type MailTemplate struct {
	Name    string   `json:"name"`
	Subject string   `json:"subject"`
	Body    string   `json:"body"`
	Default bool     `json:"default"`
	Keys    []string `json:"keys"`
}

// MailTemplateInput is the body of PUT /admin/mail-templates/{name}.
type MailTemplateInput struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}
