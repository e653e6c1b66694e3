package hiregate

import "time"

// EventType names a live event of GET /events (the SSE "event:" field).
type EventType string

const (
	EventJobCreated           EventType = "job.created"
	EventJobUpdated           EventType = "job.updated"
	EventApplicationCreated   EventType = "application.created"
	EventApplicationMoved     EventType = "application.moved"
	EventApplicationNoteAdded EventType = "application.note_added"
	// Interview and feedback events reach the application's candidate
	// (interviews only), its job's team recruiters, owner and admins, and
	// the interviewers of that interview.
	EventInterviewScheduled EventType = "interview.scheduled"
	EventInterviewUpdated   EventType = "interview.updated"
	EventInterviewCancelled EventType = "interview.cancelled"
	EventFeedbackSubmitted  EventType = "feedback.submitted"
	// EventSessionRevoked reaches only the streams of the session that
	// ended; the stream closes right after it.
	EventSessionRevoked EventType = "session.revoked"
	// EventReset says events were lost (the resume point is too old, or
	// the stream fell behind): the client reloads what it shows.
	EventReset EventType = "reset"
)

// EventTypes lists every event type a stream may carry.
var EventTypes = []EventType{
	EventJobCreated, EventJobUpdated, EventApplicationCreated, EventApplicationMoved,
	EventApplicationNoteAdded, EventSessionRevoked, EventReset,
	EventInterviewScheduled, EventInterviewUpdated, EventInterviewCancelled, EventFeedbackSubmitted,
}

// Valid reports whether t is a known event type.
func (t EventType) Valid() bool {
	for _, v := range EventTypes {
		if v == t {
			return true
		}
	}
	return false
}

// EventData is the JSON "data:" of a live event. It names objects by id
// only: the client fetches what it shows, so the stream never carries a
// note's text, a cover letter or anything a filter could leak.
type EventData struct {
	JobID         string `json:"job_id,omitempty"`
	ApplicationID string `json:"application_id,omitempty"`
	// Status is the job's status for job events, the application's stage
	// for application events.
	Status      string `json:"status,omitempty"`
	NoteID      string `json:"note_id,omitempty"`
	InterviewID string `json:"interview_id,omitempty"`
	// Reason says why a session ended (session.revoked), in words fit to
	// show the user.
	Reason string `json:"reason,omitempty"`
}

// Reasons carried by session.revoked, in words for the user whose
// session ended.
const (
	ReasonSignedOut           = "You signed out"
	ReasonSignedOutEverywhere = "You signed out everywhere"
	ReasonSessionRevoked      = "This session was revoked"
	ReasonPasswordChanged     = "Your password was changed"
	ReasonRoleChanged         = "Your role was changed: sign in again"
	ReasonAccountChanged      = "An admin changed your account: sign in again"
	ReasonDeactivated         = "Your account was deactivated"
	ReasonTokenReuse          = "This session was ended: its refresh token was used twice"
	ReasonErased              = "Your account was erased"
)

// Live-event limits shared by the server and the client.
const (
	// EventPingInterval bounds the silence on a stream: the server sends a
	// comment at least this often, so a client that hears nothing for
	// twice as long knows the connection is dead.
	EventPingInterval = 25 * time.Second
	// EventResumeWindow is how far back Last-Event-ID resumes without
	// gaps; an older id gets "reset".
	EventResumeWindow = 5 * time.Minute
	// MaxEventStreamsPerUser caps a user's open streams (429 beyond).
	MaxEventStreamsPerUser = 8
)
