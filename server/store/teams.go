package store

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Access is how one user stands to one job and (optionally) one of its
// applications, beyond owning it: the facts hiregate.ApplicationAccess
// needs, read in one statement.
type Access struct {
	// TeamRole is the user's place on the job's team ("" for none).
	TeamRole hiregate.TeamRole
	// Interviewing is true when the user is an interviewer of a scheduled
	// interview of the application.
	Interviewing bool
}

// InterviewRecord is an interview with the facts the rules need.
type InterviewRecord struct {
	hiregate.Interview
	JobOwnerID        string
	CandidateEmail    string
	ApplicationStatus hiregate.Stage
	// InterviewerEmails are the interviewers' addresses, in the order of
	// Interviewers.
	InterviewerEmails []string
	// BlindUntil is the job's blind review stage ("" for none).
	// ApplicationHistory is the application's history, read only when
	// its status alone does not tell whether it reached that stage (a
	// rejection or withdrawal).
	BlindUntil         hiregate.Stage
	ApplicationHistory []hiregate.HistoryEntry
}

// Application is the interview's application as far as blind review
// needs it.
func (r *InterviewRecord) Application() *hiregate.Application {
	return &hiregate.Application{ID: r.ApplicationID, Job: r.Job, Candidate: hiregate.CandidateRef{ID: r.Candidate.ID},
		Status: r.ApplicationStatus, History: r.ApplicationHistory}
}

// Blind reports whether blind review hides the interview's candidate from
// userID (hiregate.MustBlind, decided on the application).
func (r *InterviewRecord) Blind(userID string, role hiregate.Role) bool {
	return hiregate.MustBlind(userID, role, r.BlindUntil, r.Application())
}

// SeenBy is the interview as userID may see it: masked
// (hiregate.MaskInterview) while blind review hides its candidate from
// them.
func (r *InterviewRecord) SeenBy(userID string, role hiregate.Role) hiregate.Interview {
	iv := r.Interview
	if r.Blind(userID, role) {
		hiregate.MaskInterview(&iv)
	}
	return iv
}

// InterviewQuery selects interviews, earliest first, by ApplicationID,
// InterviewerID (on jobs they own or are on the team of) and CandidateID,
// at least one of them set.
type InterviewQuery struct {
	ApplicationID string
	InterviewerID string
	// AnyJob lists an interviewer's interviews on jobs they no longer
	// work on too (exports).
	AnyJob      bool
	CandidateID string
	From        time.Time
	Limit       int
	Cursor      string
}

// AudienceQuery names the object of a live event whose staff audience
// EventAudience reads: a job (only JobID), an application, one of its
// interviews, or its feedback.
type AudienceQuery struct {
	JobID         string
	ApplicationID string
	InterviewID   string
	Feedback      bool
}

// Teams stores hiring teams, interviews, scorecards and feedback.
type Teams interface {
	// TeamMembers lists a job's team (its owner aside), oldest member
	// first.
	TeamMembers(ctx context.Context, jobID string) ([]hiregate.TeamMember, error)
	// SetTeam replaces a job's team in one transaction that locks the
	// job's row and calls check on it first (an error aborts). A member
	// whose account is missing or has another role than their team role
	// asks is a 422 naming them.
	SetTeam(ctx context.Context, jobID string, members []hiregate.TeamMemberInput, now time.Time,
		check func(*hiregate.Job) error) ([]hiregate.TeamMember, error)
	// JobAccess reads how userID stands to jobID and, when applicationID
	// is not "", to that application's interviews.
	JobAccess(ctx context.Context, jobID, applicationID, userID string) (Access, error)
	// EventAudience lists the job's team recruiters and the team
	// interviewers who may see q's object: the whole team's for a job, the
	// interviewers of a scheduled interview of an application, of one
	// interview, or those who submitted feedback on an application.
	EventAudience(ctx context.Context, q AudienceQuery) (recruiters, interviewers []string, err error)
	// SearchStaff lists active recruiters and interviewers matching f.Q
	// (name or email), by name, at most f.Limit.
	SearchStaff(ctx context.Context, f hiregate.StaffFilter) ([]hiregate.StaffUser, error)

	// CreateInterview inserts iv (ApplicationID, Organizer.ID, times,
	// place and Interviewers' ids set), setting its id, status, sequence,
	// times and names. Every interviewer must be the job's owner or on
	// its team, with an active account: else a 422. check runs on the
	// locked application first.
	CreateInterview(ctx context.Context, iv *hiregate.Interview, now time.Time,
		check func(*ApplicationRecord) error) (*InterviewRecord, error)
	// UpdateInterview locks the interview, calls fn to change it, raises
	// its sequence and saves it (interviewers too, checked as in
	// CreateInterview). ENOTFOUND when missing.
	UpdateInterview(ctx context.Context, id string, now time.Time, fn func(*InterviewRecord) error) (*InterviewRecord, error)
	// InterviewByID returns ENOTFOUND when there is no such interview.
	InterviewByID(ctx context.Context, id string) (*InterviewRecord, error)
	// ListInterviews returns a page of interviews, earliest first, with
	// the facts blind review needs (a caller sees each through SeenBy).
	ListInterviews(ctx context.Context, q InterviewQuery) (items []InterviewRecord, next string, err error)
	// InterviewConflicts lists the scheduled interviews other than iv of
	// iv's interviewers that overlap it.
	InterviewConflicts(ctx context.Context, iv *hiregate.Interview) ([]hiregate.InterviewConflict, error)

	// Scorecard returns a job's scorecard; a job without one has an empty
	// one (no criteria, no gate).
	Scorecard(ctx context.Context, jobID string) (*hiregate.Scorecard, error)
	// PutScorecard replaces a job's scorecard.
	PutScorecard(ctx context.Context, sc *hiregate.Scorecard) error
	// PutFeedback writes f (InterviewID, Author.ID and the fields set) in
	// one transaction that locks the interview's application against
	// moves and calls check on the interview first. It sets the ids,
	// times and names.
	PutFeedback(ctx context.Context, f *hiregate.Feedback, now time.Time, check func(*InterviewRecord, *hiregate.Scorecard) error) error
	// Feedback returns one author's feedback on an interview (ENOTFOUND
	// when not submitted).
	Feedback(ctx context.Context, interviewID, authorID string) (*hiregate.Feedback, error)
	// AuthorFeedback lists what one user wrote, oldest first (exports).
	AuthorFeedback(ctx context.Context, authorID string) ([]hiregate.Feedback, error)
	// ApplicationFeedback lists an application's feedback, oldest first.
	ApplicationFeedback(ctx context.Context, applicationID string) ([]hiregate.Feedback, error)
	// OfferGate says whether moving the application to offer must wait
	// for feedback: the job's scorecard requires it and none was
	// submitted. Called inside a move's transaction, it reads that
	// transaction's view.
	OfferGate(ctx context.Context, applicationID string) (blocked bool, err error)
}
