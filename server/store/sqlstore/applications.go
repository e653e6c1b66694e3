package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Applications = (*DB)(nil)

const (
	// applicationInsert inserts nothing when the candidate does not
	// exist, and returns the candidate's name and email. Args: id, job_id,
	// cover_letter, resume_text, status, created_at, updated_at,
	// candidate_id.
	applicationInsert = `INSERT INTO applications (id, job_id, candidate_id, cover_letter, resume_text,
	status, created_at, updated_at)
	SELECT ?, ?, u.id, ?, ?, ?, ?, ? FROM users u WHERE u.id = ?
	RETURNING (SELECT full_name FROM users WHERE id = applications.candidate_id),
	(SELECT email FROM users WHERE id = applications.candidate_id)`
	// historyAppend records the application's status and updated_at as
	// it stands, after the statement that set them, as its next history
	// entry. Only callers holding the application (its first entry, or
	// its row locked) run it, so seqs stay contiguous. Args: by_id,
	// by_name (NULL for the user's current name), by_id, reason,
	// application id.
	historyAppend = `INSERT INTO application_history (application_id, seq, status, at, by_id, by_name, reason)
	SELECT a.id, (SELECT coalesce(max(h.seq), 0) + 1 FROM application_history h WHERE h.application_id = a.id),
	a.status, a.updated_at, ?, coalesce(?, (SELECT full_name FROM users WHERE id = ?)), ?
	FROM applications a WHERE a.id = ?`
	applicationMove = `UPDATE applications SET status = ?, updated_at = ? WHERE id = ?`
	historyOf       = `SELECT ` + HistoryColumns + ` FROM application_history WHERE application_id = ? ORDER BY seq`
	// noteInsert inserts nothing unless both the application and the
	// author exist. Args: id, body, created_at, application id, author id.
	noteInsert = `INSERT INTO notes (id, application_id, author_id, body, created_at)
	SELECT ?, a.id, u.id, ?, ? FROM applications a, users u WHERE a.id = ? AND u.id = ?
	RETURNING (SELECT full_name FROM users WHERE id = notes.author_id)`
)

// CreateApplication reads the job locked for share (so that it cannot be
// closed until this commits), asks check, and inserts the application
// with its first history entry, in one transaction. The unique
// (candidate, job) constraint decides between two racing applications.
// On PostgreSQL: BEGIN, the job, one batch of both inserts, COMMIT.
func (db *DB) CreateApplication(ctx context.Context, a *hiregate.Application, now time.Time, check func(*hiregate.Job) error) error {
	now = FromTS(TS(now))
	id := NewID(now)
	var job hiregate.JobRef
	var cand hiregate.CandidateRef
	err := db.e.Tx(ctx, func(q Q) error {
		j, err := db.jobByID(ctx, q, a.Job.ID, db.e.Lock(ForShare, "j"))
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(j); err != nil {
				return err
			}
		}
		job = hiregate.JobRef{ID: j.ID, Title: j.Title}
		cand = hiregate.CandidateRef{ID: a.Candidate.ID}
		err = db.e.Batch(ctx, q, []Stmt{
			{applicationInsert, []any{id, j.ID, a.CoverLetter, a.ResumeText, hiregate.StageApplied, TS(now), TS(now), cand.ID}},
			{historyAppend, []any{cand.ID, nil, cand.ID, "", id}},
		}, func(i int, rows Rows) error {
			if i == 0 {
				return scanOne(rows, NotFound("User"), &cand.FullName, &cand.Email)
			}
			return nil
		})
		if db.e.Unique(err, "applications") {
			return hiregate.Errorf(hiregate.ECONFLICT, "Already applied to this job")
		}
		return db.wrapf("create application", err)
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

// ApplicationByID returns the application with its history, oldest
// first: one batch.
func (db *DB) ApplicationByID(ctx context.Context, id string) (*store.ApplicationRecord, error) {
	a, err := db.applicationByID(ctx, db.e.Read(), id, "")
	if errors.Is(err, sql.ErrNoRows) { // an id no row can have (CheckArgs)
		return nil, NotFound("Application")
	}
	if err != nil {
		return nil, db.wrapf("application", err)
	}
	return a, nil
}

// applicationByID reads one application and its history in one batch;
// lock is "" or an Engine.Lock clause on a. extra statements run in the
// same batch after the two reads, their rows handed to scan.
func (db *DB) applicationByID(ctx context.Context, q Q, id, lock string, extra ...Stmt) (*store.ApplicationRecord, error) {
	return db.applicationAnd(ctx, q, id, lock, extra, nil)
}

func (db *DB) applicationAnd(ctx context.Context, q Q, id, lock string, extra []Stmt,
	scan func(i int, rows Rows) error) (*store.ApplicationRecord, error) {
	var a *store.ApplicationRecord
	stmts := append([]Stmt{{ApplicationSelect + ` WHERE a.id = ? ` + lock, []any{id}}, {historyOf, []any{id}}}, extra...)
	err := db.e.Batch(ctx, q, stmts, func(i int, rows Rows) error {
		switch {
		case i == 0:
			if !rows.Next() {
				if err := rows.Err(); err != nil {
					return err
				}
				return NotFound("Application")
			}
			var err error
			a, err = ScanApplication(rows)
			return err
		case i == 1:
			h := map[string][]hiregate.HistoryEntry{}
			if err := CollectHistory(rows, h); err != nil {
				return err
			}
			a.History = HistoryOf(h, id)
			return nil
		case scan != nil:
			return scan(i-2, rows)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// ListApplications returns applications newest first, each with its job,
// candidate and history (one extra query for the whole page), on one
// snapshot.
func (db *DB) ListApplications(ctx context.Context, f hiregate.ApplicationFilter) ([]hiregate.Application, string, error) {
	pq, err := ApplicationsPage(f)
	if err != nil {
		return nil, "", err
	}
	var apps []hiregate.Application
	var next string
	err = db.e.Snapshot(ctx, func(q Q) error {
		if apps, next, err = readPage(ctx, db, q, pq, ScanApplicationItem, ApplicationKey); err != nil {
			return err
		}
		ids := make([]string, len(apps))
		for i := range apps {
			ids[i] = apps[i].ID
		}
		h, err := db.histories(ctx, q, ids)
		if err != nil {
			return err
		}
		for i := range apps {
			apps[i].History = h[apps[i].ID]
		}
		return nil
	})
	if err != nil {
		return nil, "", db.wrapf("list applications", err)
	}
	return apps, next, nil
}

// histories loads the history of several applications in one query.
func (db *DB) histories(ctx context.Context, q Q, ids []string) (map[string][]hiregate.HistoryEntry, error) {
	out := make(map[string][]hiregate.HistoryEntry, len(ids))
	err := db.queryIn(ctx, q, `SELECT `+HistoryColumns+` FROM application_history
		WHERE %s ORDER BY application_id, seq`, `application_id`, ids, func(rows Rows) error { return CollectHistory(rows, out) })
	if err != nil {
		return nil, db.errorf("application history", err)
	}
	return out, nil
}

// MoveApplication locks the application's row, asks check and records
// the move, in one transaction: concurrent moves of one application run
// one after the other, each seeing the previous one's status, so the
// history has neither gaps nor duplicate seqs. by.FullName is looked up
// (in the batch that reads the application) when empty, so history keeps
// the name the actor had at the time. On PostgreSQL: BEGIN, one batch of
// reads, one of writes, COMMIT.
func (db *DB) MoveApplication(ctx context.Context, id string, to hiregate.Stage, by hiregate.UserRef, now time.Time,
	check func(*store.ApplicationRecord) error) (*store.ApplicationRecord, error) {
	return db.MoveApplicationWith(ctx, id, store.Move{To: to, By: by}, now, check)
}

// MoveApplicationWith is MoveApplication keeping m.Reason in the history
// entry.
func (db *DB) MoveApplicationWith(ctx context.Context, id string, m store.Move, now time.Time,
	check func(*store.ApplicationRecord) error) (*store.ApplicationRecord, error) {
	to, by := m.To, m.By
	now = FromTS(TS(now))
	var out *store.ApplicationRecord
	err := db.e.Tx(ctx, func(q Q) error {
		actor := by
		var lookup []Stmt
		if actor.FullName == "" {
			lookup = []Stmt{{`SELECT full_name FROM users WHERE id = ?`, []any{actor.ID}}}
		}
		var noActor bool
		a, err := db.applicationAnd(ctx, q, id, db.e.Lock(ForUpdate, "a"), lookup, func(_ int, rows Rows) error {
			err := scanOne(rows, nil, &actor.FullName)
			noActor = errors.Is(err, sql.ErrNoRows)
			if noActor {
				return nil
			}
			return err
		})
		if err != nil {
			return db.wrapf("move application", err)
		}
		if check != nil {
			if err := check(a); err != nil {
				return err
			}
		}
		if noActor {
			return NotFound("User")
		}
		err = db.e.Batch(ctx, q, []Stmt{
			{applicationMove, []any{to, TS(now), id}},
			{historyAppend, []any{actor.ID, actor.FullName, actor.ID, m.Reason, id}},
		}, func(int, Rows) error { return nil })
		if err != nil {
			return db.wrapf("move application", err)
		}
		a.Status, a.UpdatedAt = to, now
		a.History = append(a.History, hiregate.HistoryEntry{Status: to, At: now, By: actor.ID, ByName: actor.FullName, Reason: m.Reason})
		out = a
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CreateNote inserts n, setting its id, time and author name: one
// statement, which inserts nothing when the application or the author is
// missing (ENOTFOUND, the application named first).
func (db *DB) CreateNote(ctx context.Context, n *hiregate.Note, now time.Time) error {
	now = FromTS(TS(now))
	id := NewID(now)
	var name string
	err := db.e.Step(ctx, func(q Q) error {
		return q.QueryRow(ctx, noteInsert, id, n.Body, TS(now), n.ApplicationID, n.Author.ID).Scan(&name)
	})
	if errors.Is(err, sql.ErrNoRows) {
		var app bool
		err = db.e.Read().QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM applications WHERE id = ?)`, n.ApplicationID).Scan(&app)
		if err == nil && !app {
			return NotFound("Application")
		} else if err == nil {
			return NotFound("User")
		}
	}
	if err != nil {
		return db.errorf("create note", err)
	}
	n.ID, n.CreatedAt, n.Author.FullName = id, now, name
	return nil
}

// ListNotes returns an application's notes oldest first; an unknown
// application has none.
func (db *DB) ListNotes(ctx context.Context, applicationID string, limit int, cursor string) ([]hiregate.Note, string, error) {
	q, err := NotesPage(applicationID, limit, cursor)
	if err != nil {
		return nil, "", err
	}
	return readPage(ctx, db, db.e.Read(), q, ScanNote, NoteKey)
}

// queryIn runs query on q with its %s replaced by the condition that
// col is one of vals (In), and hands the rows to collect; it runs nothing
// when vals is empty.
func (db *DB) queryIn(ctx context.Context, q Q, query, col string, vals []string, collect func(Rows) error) error {
	if len(vals) == 0 {
		return nil
	}
	in, args := In(db.e, col, vals)
	rows, err := q.Query(ctx, fmt.Sprintf(query, in), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return collect(rows)
}

// scanOne scans the first of rows into dest; none (or sql.ErrNoRows when
// nil) when there is no row.
func scanOne(rows Rows, none error, dest ...any) error {
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		if none == nil {
			return sql.ErrNoRows
		}
		return none
	}
	return rows.Scan(dest...)
}

// wrapf wraps an engine's error for op; nil and the store's own errors
// (a *hiregate.Error, such as NotFound) pass as they are.
func (db *DB) wrapf(op string, err error) error {
	var e *hiregate.Error
	if err == nil || errors.As(err, &e) {
		return err
	}
	return db.errorf(op, err)
}
