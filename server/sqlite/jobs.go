package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// CreateJob inserts j; an empty Status becomes open. ENOTFOUND when the
// recruiter does not exist.
func (db *DB) CreateJob(ctx context.Context, j *hiregate.Job, now time.Time) error {
	now = fromTS(ts(now))
	if j.Status == "" {
		j.Status = hiregate.JobOpen
	}
	id := newID(now)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT full_name FROM users WHERE id = ?`, j.Recruiter.ID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("User")
		} else if err != nil {
			return fmt.Errorf("sqlite: create job: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO jobs (id, title, description, location, employment_type,
			salary_min, salary_max, status, recruiter_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, j.Title, j.Description, j.Location, j.EmploymentType, nullable(j.SalaryMin), nullable(j.SalaryMax),
			j.Status, j.Recruiter.ID, ts(now), ts(now)); err != nil {
			return fmt.Errorf("sqlite: create job: %w", err)
		}
		j.Recruiter.FullName = name
		return nil
	})
	if err != nil {
		return err
	}
	j.ID, j.CreatedAt, j.UpdatedAt = id, now, now
	return nil
}

// JobByID returns ENOTFOUND when there is no such job.
func (db *DB) JobByID(ctx context.Context, id string) (*hiregate.Job, error) {
	return jobByID(ctx, db.read, id)
}

func jobByID(ctx context.Context, q querier, id string) (*hiregate.Job, error) {
	j, err := scanJob(q.QueryRowContext(ctx, jobSelect+` WHERE j.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Job")
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: job: %w", err)
	}
	return &j, nil
}

// ListJobs returns jobs newest first. With Q, only jobs the full-text
// index matches are considered; a Q without any word is no filter.
func (db *DB) ListJobs(ctx context.Context, f hiregate.JobFilter) ([]hiregate.Job, string, error) {
	q, none, err := db.jobsPage(ctx, f)
	if err != nil {
		return nil, "", err
	}
	if none {
		return []hiregate.Job{}, "", nil
	}
	return readPage(ctx, db.read, q, scanJob, func(j hiregate.Job) (time.Time, string) { return j.CreatedAt, j.ID })
}

// jobsPage builds the query for one page of f. none reports that the
// search matches no job, so there is nothing to query.
func (db *DB) jobsPage(ctx context.Context, f hiregate.JobFilter) (q *pageQuery, none bool, err error) {
	q, err = sqlstore.JobsPage(f)
	if err != nil {
		return nil, false, err
	}
	if match := ftsQuery(f.Q); match != "" {
		seqs, few, err := db.fewMatches(ctx, match)
		switch {
		case err != nil:
			return nil, false, err
		case few && len(seqs) == 0:
			return nil, true, nil
		case few:
			// Looking each match up and sorting them is cheapest.
			args := make([]any, len(seqs))
			for i, s := range seqs {
				args[i] = s
			}
			q.Where(`j.seq IN (`+placeholders(len(seqs))+`)`, args...)
		default:
			// Looking up and sorting thousands of matches costs ~100ms
			// at 100k jobs. The unary + stops SQLite from doing so: it
			// walks the (filter, created_at, id) index newest first
			// instead, checks each row against the set of matches and
			// stops once the page is full, which with many matches is
			// soon.
			q.Where(`+j.seq IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)`, match)
		}
	}
	return q, false, nil
}

// fewMatchesMax is where sorting the matches of a search starts to cost
// more than walking the jobs in order and skipping the ones that do not
// match.
const fewMatchesMax = 400

// fewMatches returns the rows the full-text query matches when there are
// at most fewMatchesMax of them, reading no further than that.
func (db *DB) fewMatches(ctx context.Context, match string) ([]int64, bool, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ? LIMIT ?`, match, fewMatchesMax+1)
	if err != nil {
		return nil, false, fmt.Errorf("sqlite: search: %w", err)
	}
	defer rows.Close()
	var seqs []int64
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			return nil, false, fmt.Errorf("sqlite: search: %w", err)
		}
		seqs = append(seqs, seq)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("sqlite: search: %w", err)
	}
	if len(seqs) > fewMatchesMax {
		return nil, false, nil
	}
	return seqs, true, nil
}

// UpdateJob loads the job, lets fn change it and saves it, in one
// transaction. Only the editable fields are saved: fn cannot move a job to
// another recruiter or change its id or creation time. The UPDATE applies
// only to the row fn saw; when another writer changed it in between, fn
// runs again on the fresh row instead of overwriting that change.
func (db *DB) UpdateJob(ctx context.Context, id string, now time.Time, fn func(*hiregate.Job) error) (*hiregate.Job, error) {
	var out *hiregate.Job
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		for range maxRetries {
			old, err := jobByID(ctx, tx, id)
			if err != nil {
				return err
			}
			j := *old
			if err := fn(&j); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `UPDATE jobs SET title = ?, description = ?, location = ?, employment_type = ?,
				salary_min = ?, salary_max = ?, status = ?, updated_at = ?
				WHERE id = ? AND title = ? AND description = ? AND location = ? AND employment_type = ?
				AND salary_min IS ? AND salary_max IS ? AND status = ? AND updated_at = ?`,
				j.Title, j.Description, j.Location, j.EmploymentType, nullable(j.SalaryMin), nullable(j.SalaryMax), j.Status, ts(now),
				id, old.Title, old.Description, old.Location, old.EmploymentType, nullable(old.SalaryMin), nullable(old.SalaryMax),
				old.Status, ts(old.UpdatedAt))
			if err != nil {
				return fmt.Errorf("sqlite: update job: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return fmt.Errorf("sqlite: update job: %w", err)
			} else if n == 0 {
				continue
			}
			out, err = jobByID(ctx, tx, id)
			return err
		}
		return errRetries("update job")
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ApplicationCounts counts applications per job and stage in one grouped
// query over the (job_id, status) index. Every requested job gets a map,
// empty when it has no applications.
func (db *DB) ApplicationCounts(ctx context.Context, jobIDs []string) (map[string]map[hiregate.Stage]int, error) {
	out := sqlstore.NewStageCounts(jobIDs)
	if len(jobIDs) == 0 {
		return out, nil
	}
	in, args := inList(jobIDs)
	rows, err := db.read.QueryContext(ctx, `SELECT job_id, status, count(*) FROM applications
		WHERE job_id IN (`+in+`) GROUP BY job_id, status`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: application counts: %w", err)
	}
	defer rows.Close()
	if err := sqlstore.CollectStageCounts(rows, out); err != nil {
		return nil, fmt.Errorf("sqlite: application counts: %w", err)
	}
	return out, nil
}
