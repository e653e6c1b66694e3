package sqlstore

import (
	"database/sql"
	"errors"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Scanner is what the scan functions read from: a row of database/sql or
// of pgx.
type Scanner interface{ Scan(...any) error }

// The column lists and SELECTs the scan functions below read. Both engines
// run them as they are.
const (
	UserColumns = `id, email, full_name, role, active, password_hash, created_at, email_verified, notify_email`
	// UserReturned is what ScanUser reads, in a SELECT or a RETURNING:
	// the stored columns and whether a second factor is on, derived from
	// mfa_totp so that the two can never disagree.
	UserReturned = UserColumns + `,
	EXISTS (SELECT 1 FROM mfa_totp m WHERE m.user_id = users.id AND m.enabled_at IS NOT NULL)`
	UserSelect     = `SELECT ` + UserReturned + ` FROM users`
	SessionColumns = `id, user_id, created_at, last_used_at, expires_at, ip, user_agent, revoked_at`

	JobSelect = `SELECT j.id, j.title, j.description, j.location, j.employment_type, j.salary_min, j.salary_max,
	j.status, j.recruiter_id, u.full_name, j.created_at, j.updated_at, j.blind_until
	FROM jobs j JOIN users u ON u.id = j.recruiter_id`

	ApplicationSelect = `SELECT a.id, a.job_id, j.title, j.recruiter_id, a.candidate_id, c.full_name, c.email,
	a.cover_letter, a.resume_text, a.status, a.created_at, a.updated_at
	FROM applications a
	JOIN jobs j ON j.id = a.job_id
	JOIN users c ON c.id = a.candidate_id`

	NoteSelect = `SELECT n.id, n.application_id, n.body, n.author_id, u.full_name, n.created_at
	FROM notes n JOIN users u ON u.id = n.author_id`

	AuditSelect = `SELECT id, at, type, user_id, email, ip, detail FROM audit_events`

	HistoryColumns = `application_id, status, at, by_id, by_name, reason`
)

// ScanUser reads UserReturned.
func ScanUser(row Scanner) (*store.UserRecord, error) {
	var u store.UserRecord
	var created int64
	if err := row.Scan(&u.ID, &u.Email, &u.FullName, &u.Role, &u.Active, &u.PasswordHash, &created, &u.EmailVerified, &u.NotifyEmail, &u.MFA); err != nil {
		return nil, err
	}
	u.CreatedAt = FromTS(created)
	return &u, nil
}

// ScanUserItem reads UserReturned into a list item.
func ScanUserItem(row Scanner) (hiregate.User, error) {
	u, err := ScanUser(row)
	if err != nil {
		return hiregate.User{}, err
	}
	return u.User, nil
}

// ScanSession reads SessionColumns.
func ScanSession(row Scanner) (*store.SessionRecord, error) {
	var s store.SessionRecord
	var created, used, expires int64
	var revoked sql.NullInt64
	if err := row.Scan(&s.ID, &s.UserID, &created, &used, &expires, &s.IP, &s.UserAgent, &revoked); err != nil {
		return nil, err
	}
	s.CreatedAt, s.LastUsedAt, s.ExpiresAt = FromTS(created), FromTS(used), FromTS(expires)
	if revoked.Valid {
		t := FromTS(revoked.Int64)
		s.RevokedAt = &t
	}
	return &s, nil
}

// ScanJob reads JobSelect.
func ScanJob(row Scanner) (hiregate.Job, error) {
	var j hiregate.Job
	var lo, hi sql.NullInt64
	var created, updated int64
	var blind string
	if err := row.Scan(&j.ID, &j.Title, &j.Description, &j.Location, &j.EmploymentType, &lo, &hi,
		&j.Status, &j.Recruiter.ID, &j.Recruiter.FullName, &created, &updated, &blind); err != nil {
		return j, err
	}
	if blind != "" {
		b := hiregate.Stage(blind)
		j.BlindUntil = &b
	}
	if lo.Valid {
		j.SalaryMin = &lo.Int64
	}
	if hi.Valid {
		j.SalaryMax = &hi.Int64
	}
	j.CreatedAt, j.UpdatedAt = FromTS(created), FromTS(updated)
	return j, nil
}

// Nullable is the argument for a nullable column: *p, or NULL for nil.
func Nullable[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// ScanApplication reads ApplicationSelect.
func ScanApplication(row Scanner) (*store.ApplicationRecord, error) {
	var a store.ApplicationRecord
	var created, updated int64
	if err := row.Scan(&a.ID, &a.Job.ID, &a.Job.Title, &a.JobOwnerID, &a.Candidate.ID, &a.Candidate.FullName,
		&a.Candidate.Email, &a.CoverLetter, &a.ResumeText, &a.Status, &created, &updated); err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt = FromTS(created), FromTS(updated)
	return &a, nil
}

// ScanApplicationItem reads ApplicationSelect into a list item.
func ScanApplicationItem(row Scanner) (hiregate.Application, error) {
	a, err := ScanApplication(row)
	if err != nil {
		return hiregate.Application{}, err
	}
	return a.Application, nil
}

// ScanHistory reads HistoryColumns and returns the application id with
// the entry.
func ScanHistory(row Scanner) (string, hiregate.HistoryEntry, error) {
	var id string
	var h hiregate.HistoryEntry
	var at int64
	if err := row.Scan(&id, &h.Status, &at, &h.By, &h.ByName, &h.Reason); err != nil {
		return "", h, err
	}
	h.At = FromTS(at)
	return id, h, nil
}

// ScanNote reads NoteSelect.
func ScanNote(row Scanner) (hiregate.Note, error) {
	var n hiregate.Note
	var at int64
	if err := row.Scan(&n.ID, &n.ApplicationID, &n.Body, &n.Author.ID, &n.Author.FullName, &at); err != nil {
		return n, err
	}
	n.CreatedAt = FromTS(at)
	return n, nil
}

// ScanAuditEvent reads AuditSelect.
func ScanAuditEvent(row Scanner) (hiregate.AuditEvent, error) {
	var e hiregate.AuditEvent
	var at int64
	if err := row.Scan(&e.ID, &at, &e.Type, &e.UserID, &e.Email, &e.IP, &e.Detail); err != nil {
		return e, err
	}
	e.At = FromTS(at)
	return e, nil
}

// The sort keys of list items, for Trim.
func UserKey(u hiregate.User) (t time.Time, id string)               { return u.CreatedAt, u.ID }
func JobKey(j hiregate.Job) (t time.Time, id string)                 { return j.CreatedAt, j.ID }
func ApplicationKey(a hiregate.Application) (t time.Time, id string) { return a.CreatedAt, a.ID }
func NoteKey(n hiregate.Note) (t time.Time, id string)               { return n.CreatedAt, n.ID }
func AuditKey(e hiregate.AuditEvent) (t time.Time, id string)        { return e.At, e.ID }

// ApplicationsPage is the page query of ListApplications.
func ApplicationsPage(f hiregate.ApplicationFilter) (*PageQuery, error) {
	q, err := NewPageQuery("list applications", ApplicationSelect, ApplicationsNewest, f.Cursor, f.Limit)
	if err != nil {
		return nil, err
	}
	if f.JobID != "" {
		q.Where(`a.job_id = ?`, f.JobID)
	}
	if f.CandidateID != "" {
		q.Where(`a.candidate_id = ?`, f.CandidateID)
	}
	if f.Status != "" {
		q.Where(`a.status = ?`, f.Status)
	}
	return q, nil
}

// NotesPage is the page query of ListNotes.
func NotesPage(applicationID string, limit int, cursor string) (*PageQuery, error) {
	q, err := NewPageQuery("list notes", NoteSelect, NotesOldest, cursor, limit)
	if err != nil {
		return nil, err
	}
	q.Where(`n.application_id = ?`, applicationID)
	return q, nil
}

// ScanSessionItem reads SessionColumns into a list item.
func ScanSessionItem(row Scanner) (store.SessionRecord, error) {
	s, err := ScanSession(row)
	if err != nil {
		return store.SessionRecord{}, err
	}
	return *s, nil
}

// ResumeColumns is the metadata of a stored resume file, as ScanResume
// reads it.
const ResumeColumns = `filename, content_type, size, sha256, text_chars, pages, uploaded_at`

// ScanResume reads ResumeColumns, then the columns after them into extra.
func ScanResume(row Scanner, extra ...any) (*hiregate.Resume, error) {
	var r hiregate.Resume
	var at int64
	dest := append([]any{&r.Filename, &r.ContentType, &r.Size, &r.SHA256, &r.TextChars, &r.Pages, &at}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	r.UploadedAt = FromTS(at)
	return &r, nil
}

// SessionRow gives s its defaults (a zero CreatedAt becomes now(), a zero
// LastUsedAt becomes CreatedAt) and returns its values in SessionColumns'
// order, for the INSERT that creates it.
func SessionRow(s *store.SessionRecord, refreshHash string, now func() time.Time) ([]any, error) {
	if s.ID == "" || refreshHash == "" {
		return nil, errors.New("create session: empty id or refresh hash")
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = now()
	}
	if s.LastUsedAt.IsZero() {
		s.LastUsedAt = s.CreatedAt
	}
	var revoked any
	if s.RevokedAt != nil {
		revoked = TS(*s.RevokedAt)
	}
	return []any{s.ID, s.UserID, TS(s.CreatedAt), TS(s.LastUsedAt), TS(s.ExpiresAt), s.IP, s.UserAgent, revoked}, nil
}
