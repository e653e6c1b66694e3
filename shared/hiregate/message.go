package hiregate

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MaxMessageLen is the longest message body, in characters.
const MaxMessageLen = 5000

// MaxUnreadIDs caps the applications one unread-count request may name
// (one page of a list).
const MaxUnreadIDs = MaxPageLimit

// Message is one message on an application, between its candidate and the
// job's people. Unlike notes, the candidate sees every message.
type Message struct {
	ID            string        `json:"id"`
	ApplicationID string        `json:"application_id"`
	Author        MessageAuthor `json:"author"`
	Body          string        `json:"body"`
	CreatedAt     time.Time     `json:"created_at"`
}

// MessageAuthor is who wrote a message, with their role, so a client can
// tell the candidate's side from the staff's.
type MessageAuthor struct {
	ID       string `json:"id"`
	FullName string `json:"full_name"`
	Role     Role   `json:"role"`
}

// CreateMessageRequest is the body of POST /applications/{id}/messages.
type CreateMessageRequest struct {
	Body string `json:"body"`
}

// Validate checks the fields. A body of only white space is empty.
func (r *CreateMessageRequest) Validate() error {
	f := map[string]string{}
	switch {
	case strings.TrimSpace(r.Body) == "":
		f["body"] = "required"
	case !utf8.ValidString(r.Body):
		f["body"] = "must be valid UTF-8"
	case utf8.RuneCountInString(r.Body) > MaxMessageLen:
		f["body"] = "must be at most 5000 characters"
	}
	return fieldsErr(f)
}

// MarkReadRequest is the body of PUT /applications/{id}/messages/read:
// the newest message the caller has seen. Marks only move forward.
type MarkReadRequest struct {
	MessageID string `json:"message_id"`
}

// Validate checks the fields.
func (r *MarkReadRequest) Validate() error {
	if r.MessageID == "" {
		return ValidationError(map[string]string{"message_id": "required"})
	}
	return nil
}

// UnreadCount is how many messages written by others the caller has not
// marked read on one application (GET /messages/unread).
type UnreadCount struct {
	ApplicationID string `json:"application_id"`
	Unread        int    `json:"unread"`
}

// UnreadCounts is the body of GET /messages/unread.
type UnreadCounts struct {
	Items []UnreadCount `json:"items"`
}

// MessageActor says how the user takes part in an application's messages:
// as its candidate or as the job's staff, team recruiters included (ok
// false: not at all, and the application is a 404 to them). Interviewers
// never read or write messages. Every message rule (reading, writing,
// live events, unread counts) goes through it.
func MessageActor(userID string, role Role, candidateID, jobOwnerID string, rel JobRelation) (actor Actor, ok bool) {
	actor, ok = ApplicationAccess(userID, role, candidateID, jobOwnerID, rel)
	if !ok || !Messages(actor) {
		return 0, false
	}
	return actor, true
}

// Messages reports whether an application's actor takes part in its
// messages: its candidate and its job's staff, never an interviewer.
func Messages(actor Actor) bool { return actor == ActorCandidate || actor == ActorRecruiter }

// RejectReason is why a recruiter rejected an application; it chooses the
// text of the candidate's rejected mail and is kept in the history.
type RejectReason string

const (
	RejectNotAFit           RejectReason = "not_a_fit"
	RejectPositionFilled    RejectReason = "position_filled"
	RejectWithdrewElsewhere RejectReason = "withdrew_elsewhere"
	RejectOther             RejectReason = "other"
)

// RejectReasons lists every reason, in the order a client offers them.
var RejectReasons = []RejectReason{RejectNotAFit, RejectPositionFilled, RejectWithdrewElsewhere, RejectOther}

// Valid reports whether r is a known reason.
func (r RejectReason) Valid() bool {
	for _, v := range RejectReasons {
		if v == r {
			return true
		}
	}
	return false
}

// Label is the reason in words, for screens.
func (r RejectReason) Label() string {
	switch r {
	case RejectNotAFit:
		return "Not a fit"
	case RejectPositionFilled:
		return "Position filled"
	case RejectWithdrewElsewhere:
		return "Accepted another offer"
	case RejectOther:
		return "Other"
	}
	return string(r)
}
