// Package events is hiregate's live-event hub: services publish what
// changed, the broker numbers each event, keeps a window of recent ones for
// resumption and fans them out to the open streams of the users who may see
// them, and the SSE writer turns a subscription into a text/event-stream
// response. Events reach other server processes through a Bus; the
// in-process one is enough for a single server.
package events

import (
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Event is one change as published by a service. Type and Data are what
// clients see; Audience decides who sees it and never leaves the server.
type Event struct {
	Type     hiregate.EventType `json:"type"`
	Data     hiregate.EventData `json:"data"`
	Audience Audience           `json:"audience"`
	// Seq and At are set by the bus when the event is published.
	Seq uint64    `json:"seq"`
	At  time.Time `json:"at"`
}

// Audience holds the facts the ownership rules need to decide who may
// receive an event. JSON tags let a Bus carry it between processes.
type Audience struct {
	// JobOwnerID is the recruiter who owns the job (job and application
	// events).
	JobOwnerID string `json:"job_owner_id,omitempty"`
	// JobOpen and JobWasOpen are the job's state after and before the
	// change (job events): a candidate who could see the job before it
	// closed learns that it did.
	JobOpen    bool `json:"job_open,omitempty"`
	JobWasOpen bool `json:"job_was_open,omitempty"`
	// CandidateID is the application's candidate (application events).
	CandidateID string `json:"candidate_id,omitempty"`
	// TeamRecruiters are the recruiters on the job's team when the event
	// was raised; Interviewers the interviewers who may see its object
	// then (job events: the team's; application events: those who
	// interview it; interview events: that interview's; feedback: those
	// who submitted theirs). Read from the store at publish time, so a
	// member removed from the team stops receiving at once, on every
	// replica.
	TeamRecruiters []string `json:"team_recruiters,omitempty"`
	Interviewers   []string `json:"interviewers,omitempty"`
	// StaffOnly keeps the candidate out (feedback).
	StaffOnly bool `json:"staff_only,omitempty"`
	// BlindAlias, set while the job's blind review hides the candidate,
	// names them in Data.By (their own move or message) for everyone but
	// them and admins.
	BlindAlias string `json:"blind_alias,omitempty"`
	// UserID owns the session(s) that ended (session.revoked); SessionID
	// names one of them, or is "" for every session of the user except
	// KeepSessionID.
	UserID        string `json:"user_id,omitempty"`
	SessionID     string `json:"session_id,omitempty"`
	KeepSessionID string `json:"keep_session_id,omitempty"`
}

// JobCreated is the event for a newly posted job.
func JobCreated(j *hiregate.Job) Event {
	return Event{
		Type:     hiregate.EventJobCreated,
		Data:     hiregate.EventData{JobID: j.ID, Status: string(j.Status)},
		Audience: Audience{JobOwnerID: j.Recruiter.ID, JobOpen: j.Status == hiregate.JobOpen, JobWasOpen: j.Status == hiregate.JobOpen},
	}
}

// JobUpdated is the event for a change to job j, whose status was before.
func JobUpdated(before hiregate.JobStatus, j *hiregate.Job) Event {
	return Event{
		Type:     hiregate.EventJobUpdated,
		Data:     hiregate.EventData{JobID: j.ID, Status: string(j.Status)},
		Audience: Audience{JobOwnerID: j.Recruiter.ID, JobOpen: j.Status == hiregate.JobOpen, JobWasOpen: before == hiregate.JobOpen},
	}
}

// ApplicationCreated is the event for a new application to a job owned by
// jobOwnerID.
func ApplicationCreated(a *hiregate.Application, jobOwnerID string) Event {
	return applicationEvent(hiregate.EventApplicationCreated, a, jobOwnerID)
}

// ApplicationMoved is the event for a stage change of a, naming who
// made it (its last history entry).
func ApplicationMoved(a *hiregate.Application, jobOwnerID string) Event {
	e := applicationEvent(hiregate.EventApplicationMoved, a, jobOwnerID)
	if n := len(a.History); n > 0 {
		h := a.History[n-1]
		e.Data.By = &hiregate.UserRef{ID: h.By, FullName: h.ByName}
	}
	return e
}

func applicationEvent(t hiregate.EventType, a *hiregate.Application, jobOwnerID string) Event {
	return Event{
		Type:     t,
		Data:     hiregate.EventData{ApplicationID: a.ID, JobID: a.Job.ID, Status: string(a.Status)},
		Audience: Audience{JobOwnerID: jobOwnerID, CandidateID: a.Candidate.ID},
	}
}

// NoteAdded is the event for note n on application a. It carries ids only:
// a note's text never travels on a stream.
func NoteAdded(n *hiregate.Note, a *hiregate.Application, jobOwnerID string) Event {
	return Event{
		Type:     hiregate.EventApplicationNoteAdded,
		Data:     hiregate.EventData{ApplicationID: a.ID, JobID: a.Job.ID, NoteID: n.ID},
		Audience: Audience{JobOwnerID: jobOwnerID, CandidateID: a.Candidate.ID},
	}
}

// MessageCreated is the event for message m on application a. It carries
// ids and the author only: the client fetches the text.
func MessageCreated(m *hiregate.Message, a *hiregate.Application, jobOwnerID string) Event {
	return Event{
		Type: hiregate.EventMessageCreated,
		Data: hiregate.EventData{ApplicationID: a.ID, JobID: a.Job.ID, MessageID: m.ID,
			By: &hiregate.UserRef{ID: m.Author.ID, FullName: m.Author.FullName}},
		Audience: Audience{JobOwnerID: jobOwnerID, CandidateID: a.Candidate.ID},
	}
}

// MessagesRead is the event for userID's read mark moving on application
// a: for that user's streams only.
func MessagesRead(userID string, a *hiregate.Application) Event {
	return Event{
		Type:     hiregate.EventMessageRead,
		Data:     hiregate.EventData{ApplicationID: a.ID, JobID: a.Job.ID},
		Audience: Audience{UserID: userID},
	}
}

// SessionRevoked is the event for the end of one session of userID.
func SessionRevoked(userID, sessionID, reason string) Event {
	return Event{
		Type:     hiregate.EventSessionRevoked,
		Data:     hiregate.EventData{Reason: reason},
		Audience: Audience{UserID: userID, SessionID: sessionID},
	}
}

// SessionsRevoked is the event for the end of every session of userID but
// keep ("" for none).
func SessionsRevoked(userID, keep, reason string) Event {
	return Event{
		Type:     hiregate.EventSessionRevoked,
		Data:     hiregate.EventData{Reason: reason},
		Audience: Audience{UserID: userID, KeepSessionID: keep},
	}
}

// Viewer is the caller a stream is opened for.
type Viewer struct {
	UserID    string
	Role      hiregate.Role
	SessionID string
	// AppliedJobs are the jobs a candidate applied to: they stay visible
	// to them after they close. The broker adds jobs applied to while the
	// stream is open.
	AppliedJobs []string
}

// relation is how user stands to the event's job and object.
func (a *Audience) relation(user string) hiregate.JobRelation {
	var r hiregate.JobRelation
	for _, id := range a.TeamRecruiters {
		if id == user {
			r.TeamRole = hiregate.TeamRecruiter
		}
	}
	for _, id := range a.Interviewers {
		if id == user {
			r.TeamRole, r.Interviewing = hiregate.TeamInterviewer, true
		}
	}
	return r
}

// Interview is the event for a change to interview iv of application a.
func Interview(t hiregate.EventType, interviewID string, a *hiregate.Application, jobOwnerID string) Event {
	return Event{
		Type:     t,
		Data:     hiregate.EventData{ApplicationID: a.ID, JobID: a.Job.ID, InterviewID: interviewID},
		Audience: Audience{JobOwnerID: jobOwnerID, CandidateID: a.Candidate.ID},
	}
}

// FeedbackSubmitted is the event for feedback on interview interviewID of
// application a: for the job's staff, never the candidate.
func FeedbackSubmitted(interviewID string, a *hiregate.Application, jobOwnerID string) Event {
	e := Interview(hiregate.EventFeedbackSubmitted, interviewID, a, jobOwnerID)
	e.Audience.StaffOnly = true
	return e
}

// viewer is a Viewer as the broker keeps it.
type viewer struct {
	userID, sessionID string
	role              hiregate.Role
	applied           map[string]struct{}
}

func newViewer(v Viewer) *viewer {
	w := &viewer{userID: v.UserID, sessionID: v.SessionID, role: v.Role}
	if len(v.AppliedJobs) > 0 {
		w.applied = make(map[string]struct{}, len(v.AppliedJobs))
		for _, id := range v.AppliedJobs {
			w.applied[id] = struct{}{}
		}
	}
	return w
}

// sees applies the domain's ownership rules: the stream carries only
// events about objects the viewer could fetch.
func (v *viewer) sees(e *Event) bool {
	a := &e.Audience
	rel := a.relation(v.userID)
	switch e.Type {
	case hiregate.EventJobCreated, hiregate.EventJobUpdated:
		_, applied := v.applied[e.Data.JobID]
		applied = applied || rel.OnTeam()
		after := hiregate.Job{Recruiter: hiregate.UserRef{ID: a.JobOwnerID}, Status: jobStatus(a.JobOpen)}
		before := hiregate.Job{Recruiter: hiregate.UserRef{ID: a.JobOwnerID}, Status: jobStatus(a.JobWasOpen)}
		return hiregate.CanViewJob(v.userID, v.role, &after, applied) ||
			hiregate.CanViewJob(v.userID, v.role, &before, applied)
	case hiregate.EventApplicationCreated, hiregate.EventApplicationMoved,
		hiregate.EventInterviewScheduled, hiregate.EventInterviewUpdated, hiregate.EventInterviewCancelled,
		hiregate.EventFeedbackSubmitted:
		actor, ok := hiregate.ApplicationAccess(v.userID, v.role, a.CandidateID, a.JobOwnerID, rel)
		return ok && !(a.StaffOnly && actor == hiregate.ActorCandidate)
	case hiregate.EventMessageCreated:
		_, ok := hiregate.MessageActor(v.userID, v.role, a.CandidateID, a.JobOwnerID, rel)
		return ok
	case hiregate.EventMessageRead:
		return a.UserID == v.userID
	case hiregate.EventApplicationNoteAdded:
		// Notes are for the job's recruiters only, never for the
		// candidate or an interviewer.
		return hiregate.CanWorkOnJob(v.userID, v.role, a.JobOwnerID, rel)
	case hiregate.EventSessionRevoked:
		return v.endedBy(e)
	}
	return false
}

// endedBy reports whether e (a session.revoked) ends the viewer's session.
func (v *viewer) endedBy(e *Event) bool {
	a := &e.Audience
	if e.Type != hiregate.EventSessionRevoked || a.UserID != v.userID {
		return false
	}
	if a.SessionID != "" {
		return a.SessionID == v.sessionID
	}
	return a.KeepSessionID == "" || a.KeepSessionID != v.sessionID
}

// learn updates what the viewer may see after it received e: a candidate's
// new application keeps its job visible once the job closes.
func (v *viewer) learn(e *Event) {
	if e.Type == hiregate.EventApplicationCreated && v.role == hiregate.RoleCandidate && e.Audience.CandidateID == v.userID {
		if v.applied == nil {
			v.applied = map[string]struct{}{}
		}
		v.applied[e.Data.JobID] = struct{}{}
	}
}

func jobStatus(open bool) hiregate.JobStatus {
	if open {
		return hiregate.JobOpen
	}
	return hiregate.JobClosed
}
