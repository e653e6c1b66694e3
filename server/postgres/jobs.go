package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// CreateJob inserts j; an empty Status becomes open. ENOTFOUND when the
// recruiter does not exist.
func (db *DB) CreateJob(ctx context.Context, j *hiregate.Job, now time.Time) error {
	now = sqlstore.FromTS(sqlstore.TS(now))
	if j.Status == "" {
		j.Status = hiregate.JobOpen
	}
	id := sqlstore.NewID(now)
	// One statement: the insert takes the recruiter's name from the row it
	// checks exists, and inserts nothing when there is none.
	var name string
	err := db.step(ctx, func(q querier) error {
		return q.QueryRow(ctx, `INSERT INTO jobs (id, title, description, location, employment_type,
		salary_min, salary_max, status, recruiter_id, created_at, updated_at, search)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, u.id, $9, $9, array_to_tsvector($10::text[])
		FROM users u WHERE u.id = $11
		RETURNING (SELECT full_name FROM users WHERE id = $11)`,
			id, j.Title, j.Description, j.Location, j.EmploymentType, sqlstore.Nullable(j.SalaryMin), sqlstore.Nullable(j.SalaryMax),
			j.Status, sqlstore.TS(now), searchLexemes(j.Title, j.Description, j.Location), j.Recruiter.ID).Scan(&name)
	})
	if err != nil {
		return noRows(err, "User", "create job")
	}
	j.ID, j.CreatedAt, j.UpdatedAt = id, now, now
	j.Recruiter.FullName = name
	return nil
}

// JobByID returns ENOTFOUND when there is no such job.
func (db *DB) JobByID(ctx context.Context, id string) (*hiregate.Job, error) {
	return jobByID(ctx, db.q, id, "")
}

// jobByID reads one job; lock is "" or a locking clause on j, such as
// "FOR UPDATE OF j".
func jobByID(ctx context.Context, q querier, id, lock string) (*hiregate.Job, error) {
	j, err := sqlstore.ScanJob(q.QueryRow(ctx, sqlstore.JobSelect+` WHERE j.id = $1 `+lock, id))
	if err != nil {
		return nil, noRows(err, "Job", "job")
	}
	return &j, nil
}

// ListJobs returns jobs newest first. With Q, only jobs whose search
// vector matches are considered (GIN index); a Q without any word is no
// filter.
//
// Left to itself the planner walks the created_at index newest first and
// tests each job against the query, betting that matches come soon: with
// many matches they do, but a query matching nothing read all 100k jobs
// (60 ms). So, as on SQLite, the GIN index is asked first for at most
// fewMatchesMax matches: when it has no more, the page is picked from
// those ids; otherwise the walk is right.
func (db *DB) ListJobs(ctx context.Context, f hiregate.JobFilter) ([]hiregate.Job, string, error) {
	q, err := sqlstore.JobsPage(f)
	if err != nil {
		return nil, "", err
	}
	if match := searchQuery(f.Q); match != "" {
		ids, few, err := db.fewMatches(ctx, match)
		switch {
		case err != nil:
			return nil, "", err
		case few && len(ids) == 0:
			return []hiregate.Job{}, "", nil
		case few:
			q.Where(`j.id = ANY(?::text[])`, ids)
		default:
			q.Where(`j.search @@ ?::tsquery`, match)
		}
	}
	return readPage(ctx, db.q, q, sqlstore.ScanJob, sqlstore.JobKey)
}

// fewMatchesMax is where sorting a search's matches starts to cost more
// than walking the jobs newest first and skipping the ones that do not
// match (the same bound as SQLite's).
const fewMatchesMax = 400

// fewMatches returns the ids of the jobs match matches when there are at
// most fewMatchesMax, reading no further than one more.
func (db *DB) fewMatches(ctx context.Context, match string) ([]string, bool, error) {
	rows, err := db.q.Query(ctx, `SELECT id FROM jobs WHERE search @@ $1::tsquery LIMIT $2`, match, fewMatchesMax+1)
	if err != nil {
		return nil, false, fmt.Errorf("postgres: search jobs: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, false, fmt.Errorf("postgres: search jobs: %w", err)
	}
	if len(ids) > fewMatchesMax {
		return nil, false, nil
	}
	return ids, true, nil
}

// UpdateJob locks the job's row, lets fn change it and saves it, in one
// transaction. Only the editable fields are saved: fn cannot move a job to
// another recruiter or change its id or creation time.
func (db *DB) UpdateJob(ctx context.Context, id string, now time.Time, fn func(*hiregate.Job) error) (*hiregate.Job, error) {
	var out *hiregate.Job
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		j, err := jobByID(ctx, tx, id, "FOR UPDATE OF j")
		if err != nil {
			return err
		}
		if err := fn(j); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE jobs SET title = $1, description = $2, location = $3, employment_type = $4,
			salary_min = $5, salary_max = $6, status = $7, updated_at = $8, search = array_to_tsvector($9::text[])
			WHERE id = $10`,
			j.Title, j.Description, j.Location, j.EmploymentType, sqlstore.Nullable(j.SalaryMin), sqlstore.Nullable(j.SalaryMax),
			j.Status, sqlstore.TS(now), searchLexemes(j.Title, j.Description, j.Location), id); err != nil {
			return fmt.Errorf("postgres: update job: %w", err)
		}
		out, err = jobByID(ctx, tx, id, "")
		return err
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
	rows, err := db.q.Query(ctx, `SELECT job_id, status, count(*) FROM applications
		WHERE job_id = ANY($1) GROUP BY job_id, status`, jobIDs)
	if err != nil {
		return nil, fmt.Errorf("postgres: application counts: %w", err)
	}
	defer rows.Close()
	if err := sqlstore.CollectStageCounts(rows, out); err != nil {
		return nil, fmt.Errorf("postgres: application counts: %w", err)
	}
	return out, nil
}
