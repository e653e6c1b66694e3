package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/binary"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Screening = (*DB)(nil)

// profilePut stores an application's screening profile under a fresh
// version, and returns a row only when the application exists. Args:
// version, profile, application id.
const profilePut = `INSERT INTO application_profiles (application_id, job_id, version, profile)
	SELECT id, job_id, ?, ? FROM applications WHERE id = ?
	ON CONFLICT (application_id) DO UPDATE SET version = excluded.version, profile = excluded.profile
	RETURNING version`

// SetProfile stores an application's screening profile.
func (db *DB) SetProfile(ctx context.Context, applicationID string, profile []byte) error {
	err := db.e.Step(ctx, func(q Q) error {
		var v int64
		return q.QueryRow(ctx, profilePut, profileVersion(), profile, applicationID).Scan(&v)
	})
	if err != nil {
		return db.notFoundOr(err, "Application", "set profile")
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

// profileBatch bounds the ids of one profile read (SQLite's IN list).
const profileBatch = 500

// MatchDocs returns a job's applications, oldest first, with the profiles
// the caller does not hold, or their text where no profile was stored, on
// one snapshot: one query for the applications and their profiles'
// versions, then the missing profiles in batches.
func (db *DB) MatchDocs(ctx context.Context, jobID string, status hiregate.Stage,
	cached func(applicationID string, version int64) bool) ([]store.MatchDoc, error) {
	query, args := `SELECT a.id, a.created_at, coalesce(p.version, 0),
	CASE WHEN p.version IS NULL THEN a.resume_text ELSE '' END,
	CASE WHEN p.version IS NULL THEN a.cover_letter ELSE '' END
	FROM applications a LEFT JOIN application_profiles p ON p.application_id = a.id
	WHERE a.job_id = ?`, []any{jobID}
	if status != "" {
		query += ` AND a.status = ?`
		args = append(args, status)
	}
	var out []store.MatchDoc
	err := db.e.Snapshot(ctx, func(q Q) error {
		out = nil
		index := map[string]int{}
		var load []string
		rows, err := q.Query(ctx, query+` ORDER BY a.created_at, a.id`, args...)
		if err != nil {
			return err
		}
		err = Each(rows, func(row Scanner) error {
			var d store.MatchDoc
			var at int64
			var resume, cover string
			if err := row.Scan(&d.ApplicationID, &at, &d.Version, &resume, &cover); err != nil {
				return err
			}
			d.CreatedAt = FromTS(at)
			if d.Version == 0 {
				d.Text = []string{resume, cover}
			} else if cached == nil || !cached(d.ApplicationID, d.Version) {
				load = append(load, d.ApplicationID)
			}
			index[d.ApplicationID] = len(out)
			out = append(out, d)
			return nil
		})
		rows.Close()
		if err != nil {
			return err
		}
		for len(load) > 0 {
			n := min(profileBatch, len(load))
			if err := db.loadProfiles(ctx, q, load[:n], out, index); err != nil {
				return err
			}
			load = load[n:]
		}
		return nil
	})
	if err != nil {
		return nil, db.errorf("match docs", err)
	}
	return out, nil
}

// loadProfiles reads the profiles of ids into out (index maps an id to
// its place), where the version is still the one listed.
func (db *DB) loadProfiles(ctx context.Context, q Q, ids []string, out []store.MatchDoc, index map[string]int) error {
	return db.queryIn(ctx, q, `SELECT application_id, version, profile FROM application_profiles WHERE %s`,
		`application_id`, ids, func(rows Rows) error {
			return Each(rows, func(row Scanner) error {
				var id string
				var v int64
				var p []byte
				if err := row.Scan(&id, &v, &p); err != nil {
					return err
				}
				if i, ok := index[id]; ok && out[i].Version == v {
					out[i].Profile = p
				}
				return nil
			})
		})
}
