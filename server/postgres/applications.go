package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// CreateApplication reads the job FOR SHARE (so it cannot be closed until
// this commits, and closing waits for it), asks check, and inserts the
// application with its first history entry, in one transaction. The unique
// (candidate_id, job_id) constraint decides between two racing
// applications.
func (db *DB) CreateApplication(ctx context.Context, a *hiregate.Application, now time.Time, check func(*hiregate.Job) error) error {
	now = sqlstore.FromTS(sqlstore.TS(now))
	id := sqlstore.NewID(now)
	var job hiregate.JobRef
	var cand hiregate.CandidateRef
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		j, err := jobByID(ctx, tx, a.Job.ID, "FOR SHARE OF j")
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(j); err != nil {
				return err
			}
		}
		job = hiregate.JobRef{ID: j.ID, Title: j.Title}
		err = tx.QueryRow(ctx, `SELECT id, full_name, email FROM users WHERE id = $1`, a.Candidate.ID).
			Scan(&cand.ID, &cand.FullName, &cand.Email)
		if err != nil {
			return noRows(err, "User", "create application")
		}
		// The unique constraint decides; checking first would only race.
		_, err = tx.Exec(ctx, `INSERT INTO applications (id, job_id, candidate_id, cover_letter, resume_text,
			status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
			id, job.ID, cand.ID, a.CoverLetter, a.ResumeText, hiregate.StageApplied, sqlstore.TS(now))
		if violates(err, codeUniqueViolation, "applications_candidate_job") {
			return hiregate.Errorf(hiregate.ECONFLICT, "Already applied to this job")
		} else if err != nil {
			return fmt.Errorf("postgres: create application: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO application_history (application_id, seq, status, at, by_id, by_name)
			VALUES ($1, 1, $2, $3, $4, $5)`, id, hiregate.StageApplied, sqlstore.TS(now), cand.ID, cand.FullName); err != nil {
			return fmt.Errorf("postgres: create application history: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	a.ID, a.Job, a.Candidate = id, job, cand
	a.Status = hiregate.StageApplied
	a.CreatedAt, a.UpdatedAt = now, now
	a.History = []hiregate.HistoryEntry{{Status: hiregate.StageApplied, At: now, By: cand.ID, ByName: cand.FullName}}
	return nil
}

// ApplicationByID returns the application with its history, oldest first.
func (db *DB) ApplicationByID(ctx context.Context, id string) (*store.ApplicationRecord, error) {
	return applicationByID(ctx, db.q, id, "")
}

// applicationByID reads one application and its history; lock is "" or a
// locking clause on a, such as "FOR UPDATE OF a".
func applicationByID(ctx context.Context, q querier, id, lock string) (*store.ApplicationRecord, error) {
	a, err := sqlstore.ScanApplication(q.QueryRow(ctx, sqlstore.ApplicationSelect+` WHERE a.id = $1 `+lock, id))
	if err != nil {
		return nil, noRows(err, "Application", "application")
	}
	h, err := histories(ctx, q, []string{id})
	if err != nil {
		return nil, err
	}
	a.History = sqlstore.HistoryOf(h, id)
	return a, nil
}

// histories loads the history of several applications in one query.
func histories(ctx context.Context, q querier, ids []string) (map[string][]hiregate.HistoryEntry, error) {
	out := make(map[string][]hiregate.HistoryEntry, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, `SELECT `+sqlstore.HistoryColumns+` FROM application_history
		WHERE application_id = ANY($1) ORDER BY application_id, seq`, ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: application history: %w", err)
	}
	defer rows.Close()
	if err := sqlstore.CollectHistory(rows, out); err != nil {
		return nil, fmt.Errorf("postgres: application history: %w", err)
	}
	return out, nil
}

// ListApplications returns applications newest first, each with its job,
// candidate and history (one extra query for the whole page), read in one
// REPEATABLE READ transaction so the page and its histories are one
// snapshot.
func (db *DB) ListApplications(ctx context.Context, f hiregate.ApplicationFilter) ([]hiregate.Application, string, error) {
	q, err := sqlstore.ApplicationsPage(f)
	if err != nil {
		return nil, "", err
	}
	tx := db.tx
	if tx == nil {
		if tx, err = db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}); err != nil {
			return nil, "", fmt.Errorf("postgres: list applications: %w", err)
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
	}
	apps, next, err := readPage(ctx, tx, q, sqlstore.ScanApplicationItem, sqlstore.ApplicationKey)
	if err != nil {
		return nil, "", err
	}
	ids := make([]string, len(apps))
	for i := range apps {
		ids[i] = apps[i].ID
	}
	h, err := histories(ctx, tx, ids)
	if err != nil {
		return nil, "", err
	}
	for i := range apps {
		apps[i].History = h[apps[i].ID]
	}
	return apps, next, nil
}

// MoveApplication locks the application's row, asks check and records the
// move, in one transaction: concurrent moves of one application run one
// after the other, each seeing the previous one's status, so the history
// has neither gaps nor duplicate sequence numbers. by.FullName is looked
// up when empty, so history keeps the name the actor had at the time.
func (db *DB) MoveApplication(ctx context.Context, id string, to hiregate.Stage, by hiregate.UserRef, now time.Time,
	check func(*store.ApplicationRecord) error) (*store.ApplicationRecord, error) {
	var out *store.ApplicationRecord
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		a, err := applicationByID(ctx, tx, id, "FOR UPDATE OF a")
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(a); err != nil {
				return err
			}
		}
		actor := by
		if actor.FullName == "" {
			err := tx.QueryRow(ctx, `SELECT full_name FROM users WHERE id = $1`, actor.ID).Scan(&actor.FullName)
			if err != nil {
				return noRows(err, "User", "move application")
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET status = $1, updated_at = $2 WHERE id = $3`,
			to, sqlstore.TS(now), id); err != nil {
			return fmt.Errorf("postgres: move application: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO application_history (application_id, seq, status, at, by_id, by_name)
			SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5 FROM application_history WHERE application_id = $1`,
			id, to, sqlstore.TS(now), actor.ID, actor.FullName); err != nil {
			return fmt.Errorf("postgres: move application: %w", err)
		}
		out, err = applicationByID(ctx, tx, id, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CreateNote inserts n, setting its id, time and author name. ENOTFOUND
// when the application or the author does not exist.
func (db *DB) CreateNote(ctx context.Context, n *hiregate.Note, now time.Time) error {
	now = sqlstore.FromTS(sqlstore.TS(now))
	id := sqlstore.NewID(now)
	var name string
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM applications WHERE id = $1`, n.ApplicationID).Scan(&one)
		if err != nil {
			return noRows(err, "Application", "create note")
		}
		err = tx.QueryRow(ctx, `SELECT full_name FROM users WHERE id = $1`, n.Author.ID).Scan(&name)
		if err != nil {
			return noRows(err, "User", "create note")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO notes (id, application_id, author_id, body, created_at)
			VALUES ($1, $2, $3, $4, $5)`, id, n.ApplicationID, n.Author.ID, n.Body, sqlstore.TS(now)); err != nil {
			return fmt.Errorf("postgres: create note: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	n.ID, n.CreatedAt, n.Author.FullName = id, now, name
	return nil
}

// ListNotes returns an application's notes oldest first; an unknown
// application has none.
func (db *DB) ListNotes(ctx context.Context, applicationID string, limit int, cursor string) ([]hiregate.Note, string, error) {
	q, err := sqlstore.NotesPage(applicationID, limit, cursor)
	if err != nil {
		return nil, "", err
	}
	return readPage(ctx, db.q, q, sqlstore.ScanNote, sqlstore.NoteKey)
}

// jobByID reads one job through q; lock is "" or a locking clause on j.
func jobByID(ctx context.Context, q querier, id, lock string) (*hiregate.Job, error) {
	j, err := sqlstore.ScanJob(q.QueryRow(ctx, sqlstore.JobSelect+` WHERE j.id = $1 `+lock, id))
	if err != nil {
		return nil, noRows(err, "Job", "job")
	}
	return &j, nil
}
