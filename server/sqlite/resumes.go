package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
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

// ResumeFile returns an application's file and its metadata.
func (db *DB) ResumeFile(ctx context.Context, applicationID string) (*hiregate.Resume, []byte, error) {
	var data []byte
	r, err := sqlstore.ScanResume(db.read.QueryRowContext(ctx, `SELECT `+sqlstore.ResumeColumns+`, data FROM resumes WHERE application_id = ?`,
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
	in, args := inList(applicationIDs)
	rows, err := db.read.QueryContext(ctx, `SELECT `+sqlstore.ResumeColumns+`, application_id FROM resumes
		WHERE application_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: resume meta: %w", err)
	}
	defer rows.Close()
	if err := sqlstore.CollectResumes(rows, out); err != nil {
		return nil, fmt.Errorf("sqlite: resume meta: %w", err)
	}
	return out, nil
}

// SetProfile stores an application's screening profile.
func (db *DB) SetProfile(ctx context.Context, applicationID string, profile []byte) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return setProfile(ctx, tx, applicationID, profile) })
}

func setProfile(ctx context.Context, tx *sql.Tx, applicationID string, profile []byte) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO application_profiles (application_id, job_id, version, profile)
		SELECT id, job_id, ?, ? FROM applications WHERE id = ?
		ON CONFLICT (application_id) DO UPDATE SET version = excluded.version, profile = excluded.profile`,
		profileVersion(), profile, applicationID)
	if err != nil {
		return fmt.Errorf("sqlite: set profile: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("Application")
	}
	return nil
}

// profileVersion is a fresh random version: never 0, and never the same
// twice in practice, even for a profile deleted and written again.
func profileVersion() int64 {
	var b [8]byte
	rand.Read(b[:])
	return int64(binary.BigEndian.Uint64(b[:])>>1) | 1
}

// MatchDocs returns a job's applications, oldest first, with the profiles
// the caller does not hold, or their text where no profile was stored.
// Ids and versions come from the covering index; only missing profiles
// are read, in batches.
func (db *DB) MatchDocs(ctx context.Context, jobID string, status hiregate.Stage,
	cached func(applicationID string, version int64) bool) ([]store.MatchDoc, error) {
	tx := db.tx
	if tx == nil {
		var err error
		if tx, err = db.readPool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
			return nil, fmt.Errorf("sqlite: match docs: %w", err)
		}
		defer tx.Rollback()
	}
	q, args := `SELECT id, created_at FROM applications WHERE job_id = ?`, []any{jobID}
	if status != "" {
		q += ` AND status = ?`
		args = append(args, status)
	}
	var out []store.MatchDoc
	index := map[string]int{}
	err := eachRow(ctx, tx, q+` ORDER BY created_at, id`, args, func(rows *sql.Rows) error {
		var d store.MatchDoc
		var at int64
		if err := rows.Scan(&d.ApplicationID, &at); err != nil {
			return err
		}
		d.CreatedAt = fromTS(at)
		index[d.ApplicationID] = len(out)
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var load []any
	err = eachRow(ctx, tx, `SELECT application_id, version FROM application_profiles WHERE job_id = ?`, []any{jobID},
		func(rows *sql.Rows) error {
			var id string
			var v int64
			if err := rows.Scan(&id, &v); err != nil {
				return err
			}
			if i, ok := index[id]; ok {
				out[i].Version = v
				if cached == nil || !cached(id, v) {
					load = append(load, id)
				}
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	const batch = 500
	for len(load) > 0 {
		n := min(batch, len(load))
		err := eachRow(ctx, tx, `SELECT application_id, version, profile FROM application_profiles
			WHERE application_id IN (`+placeholders(n)+`)`, load[:n], func(rows *sql.Rows) error {
			var id string
			var v int64
			var p []byte
			if err := rows.Scan(&id, &v, &p); err != nil {
				return err
			}
			if i, ok := index[id]; ok && out[i].Version == v {
				out[i].Profile = p
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		load = load[n:]
	}
	for i := range out {
		if out[i].Version != 0 {
			continue
		}
		var resume, cover string
		if err := tx.QueryRowContext(ctx, `SELECT resume_text, cover_letter FROM applications WHERE id = ?`,
			out[i].ApplicationID).Scan(&resume, &cover); err != nil {
			return nil, fmt.Errorf("sqlite: match docs: %w", err)
		}
		out[i].Text = []string{resume, cover}
	}
	return out, nil
}
