package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// CreateApplication checks the job and the candidate and inserts the
// application with its first history entry, all in one transaction. The
// unique (job, candidate) index decides duplicates, and the insert selects
// the job row only while it is as check saw it: a job closed in between
// is loaded and checked again rather than applied to.
func (db *DB) CreateApplication(ctx context.Context, a *hiregate.Application, now time.Time, check func(*hiregate.Job) error) error {
	now = fromTS(ts(now))
	id := newID(now)
	var job hiregate.JobRef
	var cand hiregate.CandidateRef
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, full_name, email FROM users WHERE id = ?`, a.Candidate.ID).
			Scan(&cand.ID, &cand.FullName, &cand.Email)
		notFoundUser := errors.Is(err, sql.ErrNoRows)
		if err != nil && !notFoundUser {
			return fmt.Errorf("sqlite: create application: %w", err)
		}
		for range maxRetries {
			j, err := jobByID(ctx, tx, a.Job.ID)
			if err != nil {
				return err
			}
			if check != nil {
				if err := check(j); err != nil {
					return err
				}
			}
			if notFoundUser {
				return notFound("User")
			}
			job = hiregate.JobRef{ID: j.ID, Title: j.Title}
			res, err := tx.ExecContext(ctx, `INSERT INTO applications (id, job_id, candidate_id, cover_letter, resume_text,
				status, created_at, updated_at)
				SELECT ?, id, ?, ?, ?, ?, ?, ? FROM jobs WHERE id = ? AND status = ? AND updated_at = ?`,
				id, cand.ID, a.CoverLetter, a.ResumeText, hiregate.StageApplied, ts(now), ts(now), j.ID, j.Status, ts(j.UpdatedAt))
			if constraint(err, "applications.candidate_id") {
				return hiregate.Errorf(hiregate.ECONFLICT, "Already applied to this job")
			} else if err != nil {
				return fmt.Errorf("sqlite: create application: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return fmt.Errorf("sqlite: create application: %w", err)
			} else if n == 0 {
				continue // the job changed since check saw it
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO application_history (application_id, seq, status, at, by_id, by_name)
				VALUES (?, 1, ?, ?, ?, ?)`, id, hiregate.StageApplied, ts(now), cand.ID, cand.FullName); err != nil {
				return fmt.Errorf("sqlite: create application history: %w", err)
			}
			return nil
		}
		return errRetries("create application")
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
	return applicationByID(ctx, db.read, id)
}

func applicationByID(ctx context.Context, q querier, id string) (*store.ApplicationRecord, error) {
	a, err := scanApplication(q.QueryRowContext(ctx, applicationSelect+` WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Application")
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: application: %w", err)
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
	in, args := inList(ids)
	rows, err := q.QueryContext(ctx, `SELECT `+sqlstore.HistoryColumns+` FROM application_history
		WHERE application_id IN (`+in+`) ORDER BY application_id, seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: application history: %w", err)
	}
	defer rows.Close()
	if err := sqlstore.CollectHistory(rows, out); err != nil {
		return nil, fmt.Errorf("sqlite: application history: %w", err)
	}
	return out, nil
}

// ListApplications returns applications newest first, each with its job,
// candidate and history (one extra query for the whole page).
func (db *DB) ListApplications(ctx context.Context, f hiregate.ApplicationFilter) ([]hiregate.Application, string, error) {
	q, err := applicationsPage(f)
	if err != nil {
		return nil, "", err
	}
	// One read transaction, so the page and its histories are one snapshot.
	tx := db.tx
	if tx == nil {
		var err error
		if tx, err = db.readPool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
			return nil, "", fmt.Errorf("sqlite: list applications: %w", err)
		}
		defer tx.Rollback()
	}
	apps, next, err := readPage(ctx, tx, q, scanApplicationItem,
		func(a hiregate.Application) (time.Time, string) { return a.CreatedAt, a.ID })
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

func applicationsPage(f hiregate.ApplicationFilter) (*pageQuery, error) {
	return sqlstore.ApplicationsPage(f)
}

// MoveApplication loads the application, asks check and records the move,
// in one transaction. by.FullName is looked up when empty, so history keeps
// the name the actor had at the time. The status UPDATE applies only while
// the status is the one check saw; when another move landed in between,
// check runs again on the fresh application. The history entry's seq is
// taken after that UPDATE, which every move of the application passes
// through, so seqs stay contiguous.
func (db *DB) MoveApplication(ctx context.Context, id string, to hiregate.Stage, by hiregate.UserRef, now time.Time,
	check func(*store.ApplicationRecord) error) (*store.ApplicationRecord, error) {
	var out *store.ApplicationRecord
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		for range maxRetries {
			a, err := applicationByID(ctx, tx, id)
			if err != nil {
				return err
			}
			if check != nil {
				if err := check(a); err != nil {
					return err
				}
			}
			if by.FullName == "" {
				err := tx.QueryRowContext(ctx, `SELECT full_name FROM users WHERE id = ?`, by.ID).Scan(&by.FullName)
				if errors.Is(err, sql.ErrNoRows) {
					return notFound("User")
				} else if err != nil {
					return fmt.Errorf("sqlite: move application: %w", err)
				}
			}
			res, err := tx.ExecContext(ctx, `UPDATE applications SET status = ?, updated_at = ? WHERE id = ? AND status = ?`,
				to, ts(now), id, a.Status)
			if err != nil {
				return fmt.Errorf("sqlite: move application: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return fmt.Errorf("sqlite: move application: %w", err)
			} else if n == 0 {
				continue // moved by someone else since check saw it
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO application_history (application_id, seq, status, at, by_id, by_name)
				SELECT ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ? FROM application_history WHERE application_id = ?`,
				id, to, ts(now), by.ID, by.FullName, id); err != nil {
				return fmt.Errorf("sqlite: move application: %w", err)
			}
			out, err = applicationByID(ctx, tx, id)
			return err
		}
		return errRetries("move application")
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CreateNote inserts n, setting its id, time and author name. ENOTFOUND
// when the application or the author does not exist.
func (db *DB) CreateNote(ctx context.Context, n *hiregate.Note, now time.Time) error {
	now = fromTS(ts(now))
	id := newID(now)
	var name string
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM applications WHERE id = ?`, n.ApplicationID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Application")
		} else if err != nil {
			return fmt.Errorf("sqlite: create note: %w", err)
		}
		err = tx.QueryRowContext(ctx, `SELECT full_name FROM users WHERE id = ?`, n.Author.ID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("User")
		} else if err != nil {
			return fmt.Errorf("sqlite: create note: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notes (id, application_id, author_id, body, created_at)
			VALUES (?, ?, ?, ?, ?)`, id, n.ApplicationID, n.Author.ID, n.Body, ts(now)); err != nil {
			return fmt.Errorf("sqlite: create note: %w", err)
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
	q, err := notesPage(applicationID, limit, cursor)
	if err != nil {
		return nil, "", err
	}
	return readPage(ctx, db.read, q, scanNote, func(n hiregate.Note) (time.Time, string) { return n.CreatedAt, n.ID })
}

func notesPage(applicationID string, limit int, cursor string) (*pageQuery, error) {
	return sqlstore.NotesPage(applicationID, limit, cursor)
}

// jobByID reads one job in tx.
func jobByID(ctx context.Context, tx *sql.Tx, id string) (*hiregate.Job, error) {
	j, err := scanJob(tx.QueryRowContext(ctx, jobSelect+` WHERE j.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Job")
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: job: %w", err)
	}
	return &j, nil
}
