package postgres

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// PutResume locks the application, asks check, and replaces its file,
// resume text and profile, in one transaction.
func (db *DB) PutResume(ctx context.Context, applicationID string, u *store.ResumeUpload, now time.Time,
	check func(*store.ApplicationRecord) error) (*store.ApplicationRecord, error) {
	now = sqlstore.FromTS(sqlstore.TS(now))
	var out *store.ApplicationRecord
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		a, err := applicationByID(ctx, tx, applicationID, "FOR UPDATE OF a")
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(a); err != nil {
				return err
			}
		}
		m := u.Meta
		if _, err := tx.Exec(ctx, `INSERT INTO resumes (application_id, filename, content_type, size, sha256,
			text_chars, pages, uploaded_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (application_id) DO UPDATE SET filename = excluded.filename, content_type = excluded.content_type,
			size = excluded.size, sha256 = excluded.sha256, text_chars = excluded.text_chars, pages = excluded.pages,
			uploaded_at = excluded.uploaded_at, data = excluded.data`,
			applicationID, m.Filename, m.ContentType, m.Size, m.SHA256, m.TextChars, m.Pages, sqlstore.TS(now), u.Data); err != nil {
			return fmt.Errorf("postgres: put resume: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET resume_text = $1, updated_at = $2 WHERE id = $3`,
			u.Text, sqlstore.TS(now), applicationID); err != nil {
			return fmt.Errorf("postgres: put resume: %w", err)
		}
		if err := setProfile(ctx, tx, applicationID, u.Profile); err != nil {
			return err
		}
		out, err = applicationByID(ctx, tx, applicationID, "")
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
	r, err := sqlstore.ScanResume(db.q.QueryRow(ctx, `SELECT `+sqlstore.ResumeColumns+`, data FROM resumes WHERE application_id = $1`,
		applicationID), &data)
	if err != nil {
		return nil, nil, noRows(err, "Resume", "resume")
	}
	return r, data, nil
}

// ResumeMeta returns the metadata of several applications' files.
func (db *DB) ResumeMeta(ctx context.Context, applicationIDs []string) (map[string]*hiregate.Resume, error) {
	out := make(map[string]*hiregate.Resume, len(applicationIDs))
	if len(applicationIDs) == 0 {
		return out, nil
	}
	rows, err := db.q.Query(ctx, `SELECT `+sqlstore.ResumeColumns+`, application_id FROM resumes WHERE application_id = ANY($1)`, applicationIDs)
	if err != nil {
		return nil, fmt.Errorf("postgres: resume meta: %w", err)
	}
	defer rows.Close()
	if err := sqlstore.CollectResumes(rows, out); err != nil {
		return nil, fmt.Errorf("postgres: resume meta: %w", err)
	}
	return out, nil
}

// SetProfile stores an application's screening profile.
func (db *DB) SetProfile(ctx context.Context, applicationID string, profile []byte) error {
	return db.step(ctx, func(q querier) error { return setProfile(ctx, q, applicationID, profile) })
}

func setProfile(ctx context.Context, q querier, applicationID string, profile []byte) error {
	tag, err := q.Exec(ctx, `INSERT INTO application_profiles (application_id, job_id, version, profile)
		SELECT id, job_id, $1, $2 FROM applications WHERE id = $3
		ON CONFLICT (application_id) DO UPDATE SET version = excluded.version, profile = excluded.profile`,
		profileVersion(), profile, applicationID)
	if err != nil {
		return fmt.Errorf("postgres: set profile: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return sqlstore.NotFound("Application")
	}
	return nil
}

// profileVersion is a fresh random version, never 0.
func profileVersion() int64 {
	var b [8]byte
	rand.Read(b[:])
	return int64(binary.BigEndian.Uint64(b[:])>>1) | 1
}

// readTx is a read-only snapshot for reads of several statements, or the
// transaction of an Atomic view.
func (db *DB) readTx(ctx context.Context) (pgx.Tx, func(), error) {
	if db.tx != nil {
		return db.tx, func() {}, nil
	}
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, nil, err
	}
	return tx, func() { tx.Rollback(context.WithoutCancel(ctx)) }, nil
}

// MatchDocs returns a job's applications, oldest first, with the profiles
// the caller does not hold, or their text where no profile was stored.
func (db *DB) MatchDocs(ctx context.Context, jobID string, status hiregate.Stage,
	cached func(applicationID string, version int64) bool) ([]store.MatchDoc, error) {
	tx, done, err := db.readTx(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: match docs: %w", err)
	}
	defer done()
	rows, err := tx.Query(ctx, `SELECT a.id, a.created_at, coalesce(p.version, 0),
		CASE WHEN p.version IS NULL THEN a.resume_text ELSE '' END,
		CASE WHEN p.version IS NULL THEN a.cover_letter ELSE '' END
		FROM applications a LEFT JOIN application_profiles p ON p.application_id = a.id
		WHERE a.job_id = $1 AND ($2 = '' OR a.status = $2) ORDER BY a.created_at, a.id`, jobID, string(status))
	if err != nil {
		return nil, fmt.Errorf("postgres: match docs: %w", err)
	}
	var out []store.MatchDoc
	index := map[string]int{}
	var load []string
	for rows.Next() {
		var d store.MatchDoc
		var at int64
		var resume, cover string
		if err := rows.Scan(&d.ApplicationID, &at, &d.Version, &resume, &cover); err != nil {
			rows.Close()
			return nil, fmt.Errorf("postgres: match docs: %w", err)
		}
		d.CreatedAt = sqlstore.FromTS(at)
		if d.Version == 0 {
			d.Text = []string{resume, cover}
		} else if cached == nil || !cached(d.ApplicationID, d.Version) {
			load = append(load, d.ApplicationID)
		}
		index[d.ApplicationID] = len(out)
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: match docs: %w", err)
	}
	if len(load) == 0 {
		return out, nil
	}
	rows, err = tx.Query(ctx, `SELECT application_id, version, profile FROM application_profiles WHERE application_id = ANY($1)`, load)
	if err != nil {
		return nil, fmt.Errorf("postgres: match docs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var v int64
		var p []byte
		if err := rows.Scan(&id, &v, &p); err != nil {
			return nil, fmt.Errorf("postgres: match docs: %w", err)
		}
		if i, ok := index[id]; ok && out[i].Version == v {
			out[i].Profile = p
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: match docs: %w", err)
	}
	return out, nil
}
