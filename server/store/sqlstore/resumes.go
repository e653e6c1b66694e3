package sqlstore

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Resumes = (*DB)(nil)

const (
	// resumePut replaces an application's file. Args: application_id,
	// then ResumeColumns' values, then data.
	resumePut = `INSERT INTO resumes (application_id, ` + ResumeColumns + `, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (application_id) DO UPDATE SET filename = excluded.filename, content_type = excluded.content_type,
	size = excluded.size, sha256 = excluded.sha256, text_chars = excluded.text_chars, pages = excluded.pages,
	uploaded_at = excluded.uploaded_at, data = excluded.data`
	resumeText = `UPDATE applications SET resume_text = ?, updated_at = ? WHERE id = ?`
)

// PutResume locks the application, asks check, and replaces its file,
// resume text and profile, in one transaction. On PostgreSQL: BEGIN, one
// batch of reads, one of writes, COMMIT.
func (db *DB) PutResume(ctx context.Context, applicationID string, u *store.ResumeUpload, now time.Time,
	check func(*store.ApplicationRecord) error) (*store.ApplicationRecord, error) {
	now = FromTS(TS(now))
	var out *store.ApplicationRecord
	err := db.e.Tx(ctx, func(q Q) error {
		a, err := db.applicationByID(ctx, q, applicationID, db.e.Lock(ForUpdate, "a"))
		if err != nil {
			return db.wrapf("put resume", err)
		}
		if check != nil {
			if err := check(a); err != nil {
				return err
			}
		}
		m := u.Meta
		err = db.e.Batch(ctx, q, []Stmt{
			{resumePut, []any{applicationID, m.Filename, m.ContentType, m.Size, m.SHA256, m.TextChars, m.Pages, TS(now), u.Data}},
			{resumeText, []any{u.Text, TS(now), applicationID}},
		}, func(int, Rows) error { return nil })
		if err != nil {
			return db.wrapf("put resume", err)
		}
		a.ResumeText, a.UpdatedAt = u.Text, now
		out = a
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ResumeFile returns an application's file and its metadata.
func (db *DB) ResumeFile(ctx context.Context, applicationID string) (*hiregate.Resume, []byte, error) {
	var data []byte
	r, err := ScanResume(db.e.Read().QueryRow(ctx, `SELECT `+ResumeColumns+`, data FROM resumes WHERE application_id = ?`,
		applicationID), &data)
	if err != nil {
		return nil, nil, db.notFoundOr(err, "Resume", "resume")
	}
	return r, data, nil
}

// ResumeMeta returns the metadata of several applications' files in one
// query.
func (db *DB) ResumeMeta(ctx context.Context, applicationIDs []string) (map[string]*hiregate.Resume, error) {
	out := make(map[string]*hiregate.Resume, len(applicationIDs))
	err := db.queryIn(ctx, db.e.Read(), `SELECT `+ResumeColumns+`, application_id FROM resumes WHERE %s`,
		`application_id`, applicationIDs, func(rows Rows) error { return CollectResumes(rows, out) })
	if err != nil {
		return nil, db.errorf("resume meta", err)
	}
	return out, nil
}
