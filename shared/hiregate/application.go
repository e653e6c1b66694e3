package hiregate

import (
	"time"
	"unicode/utf8"
)

// Stage is where an application stands in the hiring pipeline.
type Stage string

const (
	StageApplied   Stage = "applied"
	StageScreening Stage = "screening"
	StageInterview Stage = "interview"
	StageOffer     Stage = "offer"
	StageHired     Stage = "hired"
	StageRejected  Stage = "rejected"
	StageWithdrawn Stage = "withdrawn"
)

// Pipeline is the forward path of an application, in order.
var Pipeline = []Stage{StageApplied, StageScreening, StageInterview, StageOffer, StageHired}

// Stages lists every stage: the pipeline, then the two exits.
var Stages = []Stage{StageApplied, StageScreening, StageInterview, StageOffer, StageHired, StageRejected, StageWithdrawn}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return s.rank() >= 0 || s == StageRejected || s == StageWithdrawn }

// Final reports whether no move is possible from s.
func (s Stage) Final() bool {
	return s == StageHired || s == StageRejected || s == StageWithdrawn
}

func (s Stage) rank() int {
	for i, p := range Pipeline {
		if p == s {
			return i
		}
	}
	return -1
}

// Actor says on whose behalf an application is moved.
type Actor int

const (
	// ActorCandidate is the application's own candidate.
	ActorCandidate Actor = iota
	// ActorRecruiter is the job's owner, a team recruiter or an admin.
	ActorRecruiter
	// ActorInterviewer interviews the application: it may read it, never
	// move it.
	ActorInterviewer
)

// CheckTransition returns nil when actor may move an application from one
// stage to another, an EINVALID error for an unknown stage and an ECONFLICT
// error for an illegal move.
func CheckTransition(from, to Stage, actor Actor) error {
	if !to.Valid() {
		return ValidationError(map[string]string{"status": "must be one of applied, screening, interview, offer, hired, rejected, withdrawn"})
	}
	if from.Final() {
		return Errorf(ECONFLICT, "Application is %s; its status can no longer change", from)
	}
	switch actor {
	case ActorCandidate:
		if to != StageWithdrawn {
			return Errorf(ECONFLICT, "A candidate may only withdraw an application")
		}
		return nil
	case ActorRecruiter:
		if to == StageWithdrawn {
			return Errorf(ECONFLICT, "Only the candidate may withdraw an application")
		}
		if to == StageRejected {
			return nil
		}
		if to.rank() <= from.rank() {
			return Errorf(ECONFLICT, "Cannot move an application from %s to %s: stages only move forward", from, to)
		}
		return nil
	}
	return Errorf(ECONFLICT, "Illegal status change")
}

// NextStages lists the stages actor may move an application to from s.
func NextStages(s Stage, actor Actor) []Stage {
	var out []Stage
	for _, to := range Stages {
		if CheckTransition(s, to, actor) == nil {
			out = append(out, to)
		}
	}
	return out
}

// Application is a candidate's application to a job.
type Application struct {
	ID          string         `json:"id"`
	Job         JobRef         `json:"job"`
	Candidate   CandidateRef   `json:"candidate"`
	CoverLetter string         `json:"cover_letter"`
	ResumeText  string         `json:"resume_text"`
	Status      Stage          `json:"status"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
	History     []HistoryEntry `json:"history"`
	// Resume describes the attached file, if any.
	Resume *Resume `json:"resume,omitempty"`
	// Match is set on GET /jobs/{id}/applications?sort=match, for the
	// job's owner and admins only.
	Match *Match `json:"match,omitempty"`
	// Blinded says the job's blind review hides who the candidate is from
	// the caller (see MaskApplication).
	Blinded bool `json:"blinded,omitempty"`
}

// CandidateRef is the candidate as shown on an application.
type CandidateRef struct {
	ID       string `json:"id"`
	FullName string `json:"full_name"`
	Email    string `json:"email"`
}

// HistoryEntry is one status change. By is the id of the user who made it;
// ByName their name at the time. Reason is kept for rejections.
type HistoryEntry struct {
	Status Stage        `json:"status"`
	At     time.Time    `json:"at"`
	By     string       `json:"by"`
	ByName string       `json:"by_name"`
	Reason RejectReason `json:"reason,omitempty"`
}

// CreateApplicationRequest is the body of POST /jobs/{id}/applications.
type CreateApplicationRequest struct {
	CoverLetter string `json:"cover_letter"`
	ResumeText  string `json:"resume_text"`
}

// Validate checks the fields.
func (r *CreateApplicationRequest) Validate() error {
	f := map[string]string{}
	switch {
	case !utf8.ValidString(r.CoverLetter):
		f["cover_letter"] = "must be valid UTF-8"
	case utf8.RuneCountInString(r.CoverLetter) > MaxCoverLetterLen:
		f["cover_letter"] = "must be at most 10000 characters"
	}
	switch {
	case !utf8.ValidString(r.ResumeText):
		f["resume_text"] = "must be valid UTF-8"
	case utf8.RuneCountInString(r.ResumeText) > MaxResumeLen:
		f["resume_text"] = "must be at most 100000 characters"
	}
	return fieldsErr(f)
}

// UpdateApplicationRequest is the body of PATCH /applications/{id}.
// Reason goes with a rejection only (RejectOther when left out); Notify
// (true when left out) false sends the candidate no mail about the move.
type UpdateApplicationRequest struct {
	Status Stage        `json:"status"`
	Reason RejectReason `json:"reason,omitempty"`
	Notify *bool        `json:"notify,omitempty"`
}

// Validate checks the fields and fills in the reason of a rejection.
func (r *UpdateApplicationRequest) Validate() error {
	if r.Status == "" {
		return ValidationError(map[string]string{"status": "required"})
	}
	if !r.Status.Valid() {
		return ValidationError(map[string]string{"status": "must be one of applied, screening, interview, offer, hired, rejected, withdrawn"})
	}
	switch {
	case r.Reason != "" && r.Status != StageRejected:
		return ValidationError(map[string]string{"reason": "only a rejection has a reason"})
	case r.Reason != "" && !r.Reason.Valid():
		return ValidationError(map[string]string{"reason": "must be one of not_a_fit, position_filled, withdrew_elsewhere, other"})
	case r.Status == StageRejected && r.Reason == "":
		r.Reason = RejectOther
	}
	return nil
}

// Notifies reports whether the candidate is to hear about the move.
func (r *UpdateApplicationRequest) Notifies() bool { return r.Notify == nil || *r.Notify }

// ApplicationFilter selects applications for the list routes.
type ApplicationFilter struct {
	JobID       string
	CandidateID string
	Status      Stage
	// Sort is "" (newest first, paged) or SortMatch.
	Sort   ApplicationSort
	Limit  int
	Cursor string
}

// NoteFilter pages through an application's notes, oldest first.
type NoteFilter struct {
	Limit  int
	Cursor string
}

// Note is a recruiter's private note on an application. Candidates never see
// notes.
type Note struct {
	ID            string    `json:"id"`
	ApplicationID string    `json:"application_id"`
	Body          string    `json:"body"`
	Author        UserRef   `json:"author"`
	CreatedAt     time.Time `json:"created_at"`
}

// CreateNoteRequest is the body of POST /applications/{id}/notes.
type CreateNoteRequest struct {
	Body string `json:"body"`
}

// Validate checks the fields.
func (r *CreateNoteRequest) Validate() error {
	f := map[string]string{}
	switch {
	case r.Body == "":
		f["body"] = "required"
	case !utf8.ValidString(r.Body):
		f["body"] = "must be valid UTF-8"
	case utf8.RuneCountInString(r.Body) > MaxNoteLen:
		f["body"] = "must be at most 10000 characters"
	}
	return fieldsErr(f)
}
