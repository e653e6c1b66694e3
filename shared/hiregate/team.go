package hiregate

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Hiring teams, interviews and scorecards: the types of the routes under
// /jobs/{id}/team, /jobs/{id}/scorecard, /applications/{id}/interviews,
// /interviews and /applications/{id}/feedback.

// Limits of the hiring-team routes.
const (
	MaxTeamMembers          = 50
	MaxInterviewers         = 10
	MinInterviewMinutes     = 5
	MaxInterviewMinutes     = 8 * 60
	MaxInterviewLocationLen = 200
	MaxInterviewURLLen      = 2000
	MaxCriteria             = 20
	MaxCriterionNameLen     = 100
	MaxCriterionDescLen     = 1000
	MaxFeedbackNotesLen     = 10000
	MinRating               = 1
	MaxRating               = 4
)

// ErrFeedbackRequired is the "error" of the 409 that refuses a move to
// offer while the job's scorecard requires feedback that nobody submitted.
const ErrFeedbackRequired = "feedback_required"

// TeamRole is what a member does on a job's team.
type TeamRole string

const (
	// TeamRecruiter has the owner's rights over the job's applications
	// (move, reject, notes, messages, interviews), not over the job.
	TeamRecruiter TeamRole = "recruiter"
	// TeamInterviewer sees the applications it interviews, nothing else.
	TeamInterviewer TeamRole = "interviewer"
)

// Valid reports whether r is a known team role.
func (r TeamRole) Valid() bool { return r == TeamRecruiter || r == TeamInterviewer }

// AccountRole is the account role a member of this team role must have.
func (r TeamRole) AccountRole() Role {
	if r == TeamInterviewer {
		return RoleInterviewer
	}
	return RoleRecruiter
}

// TeamMember is one person on a job's team.
type TeamMember struct {
	UserID   string   `json:"user_id"`
	FullName string   `json:"full_name"`
	Email    string   `json:"email"`
	Role     TeamRole `json:"role"`
	// Active is false for a deactivated account: it keeps its place on
	// the team but has no access until reactivated.
	Active  bool      `json:"active"`
	AddedAt time.Time `json:"added_at"`
}

// Team is a job's hiring team (GET/PUT /jobs/{id}/team). The owner is
// always on it and is not listed among Members.
type Team struct {
	JobID   string       `json:"job_id"`
	Owner   UserRef      `json:"owner"`
	Members []TeamMember `json:"members"`
}

// TeamMemberInput is one member in PUT /jobs/{id}/team.
type TeamMemberInput struct {
	UserID string   `json:"user_id"`
	Role   TeamRole `json:"role"`
}

// PutTeamRequest is the body of PUT /jobs/{id}/team: the whole team,
// replacing the previous one.
type PutTeamRequest struct {
	Members []TeamMemberInput `json:"members"`
}

// Validate checks the shape; whether each user exists and has the right
// account role is the server's to say.
func (r *PutTeamRequest) Validate() error {
	f := map[string]string{}
	if len(r.Members) > MaxTeamMembers {
		f["members"] = "must have at most 50 members"
	}
	seen := map[string]bool{}
	for _, m := range r.Members {
		switch {
		case m.UserID == "":
			f["members"] = "every member needs a user_id"
		case !m.Role.Valid():
			f["members"] = "role must be recruiter or interviewer"
		case seen[m.UserID]:
			f["members"] = "a user may be listed only once"
		}
		seen[m.UserID] = true
	}
	return fieldsErr(f)
}

// StaffUser is an account that may join a team (GET /users/staff).
type StaffUser struct {
	ID       string `json:"id"`
	FullName string `json:"full_name"`
	Email    string `json:"email"`
	Role     Role   `json:"role"`
}

// StaffFilter selects active recruiters and interviewers by name or email.
type StaffFilter struct {
	Q      string
	Role   Role // "", RoleRecruiter or RoleInterviewer
	Limit  int
	Cursor string
}

// InterviewStatus is the state of an interview.
type InterviewStatus string

const (
	InterviewScheduled InterviewStatus = "scheduled"
	InterviewCancelled InterviewStatus = "cancelled"
)

// Interview is a meeting of a candidate with interviewers. Times are UTC.
type Interview struct {
	ID              string          `json:"id"`
	ApplicationID   string          `json:"application_id"`
	Job             JobRef          `json:"job"`
	Candidate       UserRef         `json:"candidate"`
	Organizer       UserRef         `json:"organizer"`
	StartsAt        time.Time       `json:"starts_at"`
	DurationMinutes int             `json:"duration_minutes"`
	Location        string          `json:"location"`
	URL             string          `json:"url"`
	Interviewers    []UserRef       `json:"interviewers"`
	Status          InterviewStatus `json:"status"`
	// Sequence is the RFC 5545 SEQUENCE of the calendar invite: raised on
	// every change, so calendars replace the older copy.
	Sequence  int       `json:"sequence"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Conflicts lists the other scheduled interviews of the same
	// interviewers that overlap this one (allowed, but flagged). Only
	// on the answers of POST and PATCH.
	Conflicts []InterviewConflict `json:"conflicts,omitempty"`
	// Blinded says the job's blind review hides who the candidate is
	// from the caller (MaskInterview), as on the application.
	Blinded bool `json:"blinded,omitempty"`
}

// EndsAt is when the interview ends.
func (i *Interview) EndsAt() time.Time {
	return i.StartsAt.Add(time.Duration(i.DurationMinutes) * time.Minute)
}

// InterviewConflict is another interview of an interviewer that overlaps.
// It names no application: the caller may not be allowed to see it.
type InterviewConflict struct {
	InterviewID     string    `json:"interview_id"`
	Interviewer     UserRef   `json:"interviewer"`
	StartsAt        time.Time `json:"starts_at"`
	DurationMinutes int       `json:"duration_minutes"`
}

// CreateInterviewRequest is the body of POST /applications/{id}/interviews.
type CreateInterviewRequest struct {
	StartsAt        time.Time `json:"starts_at"`
	DurationMinutes int       `json:"duration_minutes"`
	Location        string    `json:"location,omitempty"`
	URL             string    `json:"url,omitempty"`
	InterviewerIDs  []string  `json:"interviewer_ids"`
}

// Validate checks the fields.
func (r *CreateInterviewRequest) Validate() error {
	f := map[string]string{}
	if r.StartsAt.IsZero() {
		f["starts_at"] = "required (RFC 3339)"
	}
	validateDuration(f, r.DurationMinutes)
	validatePlace(f, r.Location, r.URL)
	validateInterviewers(f, r.InterviewerIDs)
	return fieldsErr(f)
}

// UpdateInterviewRequest is the body of PATCH /interviews/{id}: absent
// fields keep their value.
type UpdateInterviewRequest struct {
	StartsAt        *time.Time `json:"starts_at,omitempty"`
	DurationMinutes *int       `json:"duration_minutes,omitempty"`
	Location        *string    `json:"location,omitempty"`
	URL             *string    `json:"url,omitempty"`
	InterviewerIDs  []string   `json:"interviewer_ids,omitempty"`
}

// Validate checks the fields that are present.
func (r *UpdateInterviewRequest) Validate() error {
	f := map[string]string{}
	if r.StartsAt != nil && r.StartsAt.IsZero() {
		f["starts_at"] = "must be a time (RFC 3339)"
	}
	if r.DurationMinutes != nil {
		validateDuration(f, *r.DurationMinutes)
	}
	var loc, u string
	if r.Location != nil {
		loc = *r.Location
	}
	if r.URL != nil {
		u = *r.URL
	}
	validatePlace(f, loc, u)
	if r.InterviewerIDs != nil {
		validateInterviewers(f, r.InterviewerIDs)
	}
	return fieldsErr(f)
}

func validateDuration(f map[string]string, d int) {
	if d < MinInterviewMinutes || d > MaxInterviewMinutes {
		f["duration_minutes"] = "must be between 5 and 480"
	}
}

func validatePlace(f map[string]string, location, link string) {
	switch {
	case !utf8.ValidString(location):
		f["location"] = "must be valid UTF-8"
	case utf8.RuneCountInString(location) > MaxInterviewLocationLen:
		f["location"] = "must be at most 200 characters"
	case strings.ContainsAny(location, "\r\n"):
		f["location"] = "must be one line"
	}
	if link == "" {
		return
	}
	u, err := url.Parse(link)
	switch {
	case len(link) > MaxInterviewURLLen:
		f["url"] = "must be at most 2000 characters"
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		f["url"] = "must be an http or https URL"
	}
}

func validateInterviewers(f map[string]string, ids []string) {
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] {
			f["interviewer_ids"] = "must be distinct user ids"
		}
		seen[id] = true
	}
	switch {
	case len(ids) == 0:
		f["interviewer_ids"] = "at least one interviewer"
	case len(ids) > MaxInterviewers:
		f["interviewer_ids"] = "at most 10 interviewers"
	}
}

// InterviewFilter pages through GET /interviews/my, earliest first.
// From, when set, leaves out interviews that ended before it.
type InterviewFilter struct {
	From   time.Time
	Limit  int
	Cursor string
}

// Criterion is one thing a scorecard rates.
type Criterion struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// Scorecard is what a job's interviewers rate (GET/PUT /jobs/{id}/scorecard).
type Scorecard struct {
	JobID               string      `json:"job_id"`
	Criteria            []Criterion `json:"criteria"`
	RequiredBeforeOffer bool        `json:"required_before_offer"`
	UpdatedAt           time.Time   `json:"updated_at"`
}

// PutScorecardRequest is the body of PUT /jobs/{id}/scorecard.
type PutScorecardRequest struct {
	Criteria            []Criterion `json:"criteria"`
	RequiredBeforeOffer bool        `json:"required_before_offer"`
}

// Validate checks the fields.
func (r *PutScorecardRequest) Validate() error {
	f := map[string]string{}
	if len(r.Criteria) > MaxCriteria {
		f["criteria"] = "at most 20 criteria"
	}
	seen := map[string]bool{}
	for _, c := range r.Criteria {
		name := strings.TrimSpace(c.Name)
		switch {
		case name == "" || !utf8.ValidString(c.Name):
			f["criteria"] = "every criterion needs a name"
		case utf8.RuneCountInString(c.Name) > MaxCriterionNameLen:
			f["criteria"] = "names must be at most 100 characters"
		case !utf8.ValidString(c.Description) || utf8.RuneCountInString(c.Description) > MaxCriterionDescLen:
			f["criteria"] = "descriptions must be at most 1000 characters"
		case seen[name]:
			f["criteria"] = "names must be distinct"
		}
		seen[name] = true
	}
	return fieldsErr(f)
}

// Recommendation is an interviewer's overall verdict.
type Recommendation string

const (
	StrongNo  Recommendation = "strong_no"
	No        Recommendation = "no"
	Yes       Recommendation = "yes"
	StrongYes Recommendation = "strong_yes"
)

// Recommendations lists every recommendation, from worst to best.
var Recommendations = []Recommendation{StrongNo, No, Yes, StrongYes}

// Valid reports whether r is a known recommendation.
func (r Recommendation) Valid() bool {
	for _, v := range Recommendations {
		if v == r {
			return true
		}
	}
	return false
}

// Feedback is one interviewer's scorecard for one interview.
type Feedback struct {
	InterviewID    string         `json:"interview_id"`
	ApplicationID  string         `json:"application_id"`
	Author         UserRef        `json:"author"`
	Ratings        map[string]int `json:"ratings"`
	Recommendation Recommendation `json:"recommendation"`
	Notes          string         `json:"notes"`
	SubmittedAt    time.Time      `json:"submitted_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// FeedbackRequest is the body of PUT /interviews/{id}/feedback.
type FeedbackRequest struct {
	Ratings        map[string]int `json:"ratings"`
	Recommendation Recommendation `json:"recommendation"`
	Notes          string         `json:"notes"`
}

// Validate checks the fields; whether each rated criterion is on the
// job's scorecard is the server's to say (CheckCriteria).
func (r *FeedbackRequest) Validate() error {
	f := map[string]string{}
	for name, v := range r.Ratings {
		if v < MinRating || v > MaxRating {
			f["ratings"] = "ratings must be between 1 and 4 (" + name + ")"
		}
	}
	if !r.Recommendation.Valid() {
		f["recommendation"] = "must be one of strong_no, no, yes, strong_yes"
	}
	switch {
	case !utf8.ValidString(r.Notes):
		f["notes"] = "must be valid UTF-8"
	case utf8.RuneCountInString(r.Notes) > MaxFeedbackNotesLen:
		f["notes"] = "must be at most 10000 characters"
	}
	return fieldsErr(f)
}

// CheckCriteria returns a 422 when r rates a criterion the scorecard does
// not have.
func (r *FeedbackRequest) CheckCriteria(sc *Scorecard) error {
	known := map[string]bool{}
	for _, c := range sc.Criteria {
		known[c.Name] = true
	}
	for name := range r.Ratings {
		if !known[name] {
			return ValidationError(map[string]string{"ratings": "unknown criterion " + name})
		}
	}
	return nil
}

// ApplicationFeedback is GET /applications/{id}/feedback: the job's
// scorecard and every submitted feedback, oldest first.
type ApplicationFeedback struct {
	Scorecard Scorecard  `json:"scorecard"`
	Items     []Feedback `json:"items"`
}

// Average is the mean rating of a criterion over the feedback that rates
// it, and how many did (0 when none).
func (a *ApplicationFeedback) Average(criterion string) (avg float64, n int) {
	sum := 0
	for _, f := range a.Items {
		if v, ok := f.Ratings[criterion]; ok {
			sum += v
			n++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(sum) / float64(n), n
}
