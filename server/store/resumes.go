package store

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/server/report"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// ResumeUpload is a checked resume file with its extracted text.
type ResumeUpload struct {
	Meta hiregate.Resume
	Data []byte
	Text string
}

// Resumes stores the original resume files of applications.
type Resumes interface {
	// PutResume loads the application, calls check on it and, if check
	// returns nil, stores the file (replacing any), sets the application's
	// resume_text to the extracted text and updated_at = now, all in one
	// transaction. ENOTFOUND when the
	// application does not exist.
	PutResume(ctx context.Context, applicationID string, u *ResumeUpload, now time.Time,
		check func(*ApplicationRecord) error) (*ApplicationRecord, error)
	// ResumeFile returns the file of an application: ENOTFOUND "Resume not
	// found" when it has none.
	ResumeFile(ctx context.Context, applicationID string) (*hiregate.Resume, []byte, error)
	// ResumeMeta returns the metadata of the files of the given
	// applications, keyed by application id (applications without one are
	// absent).
	ResumeMeta(ctx context.Context, applicationIDs []string) (map[string]*hiregate.Resume, error)
}

// Reports answers the funnel.
type Reports interface {
	// FunnelTally returns the tally of the applications in scope:
	// f.JobID, f.RecruiterID ("" for any) and, when f.Dated(), arrival
	// between f.From and f.To inclusive. Without dates it reads running
	// counts; with dates it counts the histories of the applications in
	// the range.
	FunnelTally(ctx context.Context, f hiregate.FunnelFilter) (*report.Tally, error)
}

// Erasure is what erasing an account replaces its personal data with.
type Erasure struct {
	Email    string // a unique address that cannot receive mail
	FullName string
}

// Privacy erases accounts.
type Privacy interface {
	// EraseUser anonymises a user in one transaction: name and email
	// replaced, password hash cleared, account inactive; on their
	// applications cover letters and resume text blanked, resume files,
	// screening profiles, notes and messages deleted, their name in history replaced;
	// their sessions, refresh tokens and login attempts deleted; the email
	// removed from audit events. Status history stays, so reports keep
	// their counts. Afterwards no copy of the old data may remain in the
	// database's files (freed pages zeroed, the write-ahead log
	// truncated). ENOTFOUND when there is no such user.
	EraseUser(ctx context.Context, userID string, e Erasure, now time.Time) error
}
