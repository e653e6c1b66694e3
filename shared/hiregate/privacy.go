package hiregate

import "time"

// Export is the body of GET /users/me/export: everything stored about the
// caller. Never a password hash or a token. Resume files are linked from
// their applications (resume.url), not inlined.
type Export struct {
	ExportedAt   time.Time     `json:"exported_at"`
	User         User          `json:"user"`
	Sessions     []Session     `json:"sessions"`
	Applications []Application `json:"applications"`
	// Jobs are the jobs a recruiter or admin posted.
	Jobs        []Job        `json:"jobs"`
	AuditEvents []AuditEvent `json:"audit_events"`
	// Messages are those on the caller's applications and those the
	// caller wrote, oldest first.
	Messages []Message `json:"messages"`
	// Interviews are a candidate's own, or those a staff member was an
	// interviewer of; Feedback is what the caller wrote on interviews.
	Interviews []Interview `json:"interviews,omitempty"`
	Feedback   []Feedback  `json:"feedback,omitempty"`
	// Demographics is the caller's voluntary self-identification, when
	// they gave any.
	Demographics *Demographics `json:"demographics,omitempty"`
}

// EraseAccountRequest is the body of DELETE /users/me.
type EraseAccountRequest struct {
	CurrentPassword string `json:"current_password"`
}

// Validate checks the fields.
func (r *EraseAccountRequest) Validate() error {
	if r.CurrentPassword == "" {
		return ValidationError(map[string]string{"current_password": "required"})
	}
	return nil
}

// ErasedName is the name an erased account's records carry.
const ErasedName = "Erased user"

// ErasedEmail is the address an erased account keeps: unique, and in the
// .invalid domain (RFC 2606) so that it can never receive mail.
func ErasedEmail(userID string) string { return "erased-" + userID + "@erased.invalid" }
