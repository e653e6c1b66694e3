package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var (
	_ store.Resumes   = (*DB)(nil)
	_ store.Screening = (*DB)(nil)
	_ store.Reports   = (*DB)(nil)
	_ store.Privacy   = (*DB)(nil)
)

// PutResume replaces the application's resume, its text and its profile
// in one transaction, after check.
func (db *DB) PutResume(ctx context.Context, applicationID string, u *store.ResumeUpload, now time.Time,
	check func(*store.ApplicationRecord) error) (*store.ApplicationRecord, error) {
	now = fromTS(ts(now))
	var out *store.ApplicationRecord
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		a, err := applicationByID(ctx, tx, applicationID)
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(a); err != nil {
				return err
			}
		}
		m := u.Meta
		if _, err := tx.ExecContext(ctx, `INSERT INTO resumes (application_id, filename, content_type, size, sha256,
			text_chars, pages, uploaded_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (application_id) DO UPDATE SET filename = excluded.filename, content_type = excluded.content_type,
			size = excluded.size, sha256 = excluded.sha256, text_chars = excluded.text_chars, pages = excluded.pages,
			uploaded_at = excluded.uploaded_at, data = excluded.data`,
			applicationID, m.Filename, m.ContentType, m.Size, m.SHA256, m.TextChars, m.Pages, ts(now), u.Data); err != nil {
			return fmt.Errorf("sqlite: put resume: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE applications SET resume_text = ?, updated_at = ? WHERE id = ?`,
			u.Text, ts(now), applicationID); err != nil {
			return fmt.Errorf("sqlite: put resume: %w", err)
		}
		if err := setProfile(ctx, tx, applicationID, u.Profile); err != nil {
			return err
		}
		out, err = applicationByID(ctx, tx, applicationID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

const resumeColumns = `filename, content_type, size, sha256, text_chars, pages, uploaded_at`

func scanResume(row rowScanner, extra ...any) (*hiregate.Resume, error) {
	var r hiregate.Resume
	var at int64
	dest := append([]any{&r.Filename, &r.ContentType, &r.Size, &r.SHA256, &r.TextChars, &r.Pages, &at}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	r.UploadedAt = fromTS(at)
	return &r, nil
}

// ResumeFile returns an application's file and its metadata.
func (db *DB) ResumeFile(ctx context.Context, applicationID string) (*hiregate.Resume, []byte, error) {
	var data []byte
	r, err := scanResume(db.read.QueryRowContext(ctx, `SELECT `+resumeColumns+`, data FROM resumes WHERE application_id = ?`,
		applicationID), &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, notFound("Resume")
	} else if err != nil {
		return nil, nil, fmt.Errorf("sqlite: resume: %w", err)
	}
	return r, data, nil
}

// ResumeMeta returns the metadata of several applications' files in one
// query.
func (db *DB) ResumeMeta(ctx context.Context, applicationIDs []string) (map[string]*hiregate.Resume, error) {
	out := make(map[string]*hiregate.Resume, len(applicationIDs))
	if len(applicationIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(applicationIDs))
	for i, id := range applicationIDs {
		args[i] = id
	}
	rows, err := db.read.QueryContext(ctx, `SELECT application_id, `+resumeColumns+` FROM resumes
		WHERE application_id IN (`+placeholders(len(args))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: resume meta: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r hiregate.Resume
		var at int64
		if err := rows.Scan(&id, &r.Filename, &r.ContentType, &r.Size, &r.SHA256, &r.TextChars, &r.Pages, &at); err != nil {
			return nil, fmt.Errorf("sqlite: resume meta: %w", err)
		}
		r.UploadedAt = fromTS(at)
		out[id] = &r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: resume meta: %w", err)
	}
	return out, nil
}

// SetProfile stores an application's screening profile.
func (db *DB) SetProfile(ctx context.Context, applicationID string, profile []byte) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return setProfile(ctx, tx, applicationID, profile) })
}

func setProfile(ctx context.Context, tx *sql.Tx, applicationID string, profile []byte) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO application_profiles (application_id, job_id, profile)
		SELECT id, job_id, ? FROM applications WHERE id = ?
		ON CONFLICT (application_id) DO UPDATE SET profile = excluded.profile`, profile, applicationID)
	if err != nil {
		return fmt.Errorf("sqlite: set profile: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("Application")
	}
	return nil
}

// MatchDocs returns a job's applications, oldest first, with their
// profiles, or their text where no profile was stored.
func (db *DB) MatchDocs(ctx context.Context, jobID string, status hiregate.Stage) ([]store.MatchDoc, error) {
	q := `SELECT a.id, a.created_at, p.profile,
		CASE WHEN p.profile IS NULL THEN a.resume_text END,
		CASE WHEN p.profile IS NULL THEN a.cover_letter END
		FROM applications a LEFT JOIN application_profiles p ON p.application_id = a.id
		WHERE a.job_id = ?`
	args := []any{jobID}
	if status != "" {
		q += ` AND a.status = ?`
		args = append(args, status)
	}
	q += ` ORDER BY a.created_at, a.id`
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: match docs: %w", err)
	}
	defer rows.Close()
	var out []store.MatchDoc
	for rows.Next() {
		var d store.MatchDoc
		var at int64
		var resume, cover sql.NullString
		if err := rows.Scan(&d.ApplicationID, &at, &d.Profile, &resume, &cover); err != nil {
			return nil, fmt.Errorf("sqlite: match docs: %w", err)
		}
		d.CreatedAt = fromTS(at)
		if d.Profile == nil {
			d.Text = []string{resume.String, cover.String}
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: match docs: %w", err)
	}
	return out, nil
}
