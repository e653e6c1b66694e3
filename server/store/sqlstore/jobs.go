package sqlstore

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Jobs = (*DB)(nil)

// JobByIDSelect reads one job for ScanJob. Arg: id.
const JobByIDSelect = JobSelect + ` WHERE j.id = ?`

// jobStatements builds the INSERT and UPDATE of a job for e, which may
// keep a search column in the row.
//
// The INSERT is one statement: it takes the recruiter from the row it
// checks exists, inserts nothing when there is none, and returns the
// recruiter's name. Args: id, title, description, location,
// employment_type, salary_min, salary_max, status, blind_until,
// created_at, updated_at, [search], recruiter_id.
//
// The UPDATE saves only the editable fields. Args: title, description,
// location, employment_type, salary_min, salary_max, status,
// blind_until, updated_at, [search], id.
func jobStatements(e Engine) (insert, update string) {
	col, expr := e.JobSearchColumn()
	var insCol, insVal, set string
	if col != "" {
		insCol, insVal, set = `, `+col, `, `+expr, `, `+col+` = `+expr
	}
	insert = `INSERT INTO jobs (id, title, description, location, employment_type, salary_min, salary_max, status,
	blind_until, created_at, updated_at` + insCol + `, recruiter_id)
	SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?` + insVal + `, u.id FROM users u WHERE u.id = ?
	RETURNING (SELECT full_name FROM users WHERE id = jobs.recruiter_id)`
	update = `UPDATE jobs SET title = ?, description = ?, location = ?, employment_type = ?,
	salary_min = ?, salary_max = ?, status = ?, blind_until = ?, updated_at = ?` + set + ` WHERE id = ?`
	return insert, update
}

// jobArgs are the arguments of the job statements from title to
// updated_at, then the search column's when the engine has one.
func (db *DB) jobArgs(j *hiregate.Job, created, updated time.Time, insert bool) []any {
	blind := ""
	if j.BlindUntil != nil {
		blind = string(*j.BlindUntil)
	}
	args := []any{j.Title, j.Description, j.Location, j.EmploymentType, Nullable(j.SalaryMin), Nullable(j.SalaryMax), j.Status, blind}
	if insert {
		args = append(args, TS(created))
	}
	args = append(args, TS(updated))
	if col, _ := db.e.JobSearchColumn(); col != "" {
		args = append(args, db.e.JobSearchArg(j.Title, j.Description, j.Location))
	}
	return args
}

// CreateJob inserts j; an empty Status becomes open. ENOTFOUND when the
// recruiter does not exist.
func (db *DB) CreateJob(ctx context.Context, j *hiregate.Job, now time.Time) error {
	now = FromTS(TS(now))
	if j.Status == "" {
		j.Status = hiregate.JobOpen
	}
	id := NewID(now)
	args := append([]any{id}, db.jobArgs(j, now, now, true)...)
	args = append(args, j.Recruiter.ID)
	var name string
	err := db.e.Step(ctx, func(q Q) error {
		return q.QueryRow(ctx, db.jobInsert, args...).Scan(&name)
	})
	if err != nil {
		return db.notFoundOr(err, "User", "create job")
	}
	j.ID, j.CreatedAt, j.UpdatedAt = id, now, now
	j.Recruiter.FullName = name
	return nil
}

// JobByID returns ENOTFOUND when there is no such job.
func (db *DB) JobByID(ctx context.Context, id string) (*hiregate.Job, error) {
	return db.jobByID(ctx, db.e.Read(), id, "")
}

// jobByID reads one job through q; lock is "" or an Engine.Lock clause
// on j.
func (db *DB) jobByID(ctx context.Context, q Q, id, lock string) (*hiregate.Job, error) {
	j, err := ScanJob(q.QueryRow(ctx, JobByIDSelect+` `+lock, id))
	if err != nil {
		return nil, db.notFoundOr(err, "Job", "job")
	}
	return &j, nil
}

// ListJobs returns jobs newest first. With Q, only jobs the engine's
// search index matches are considered; a Q without any word is no filter.
func (db *DB) ListJobs(ctx context.Context, f hiregate.JobFilter) ([]hiregate.Job, string, error) {
	r := db.e.Read()
	q, none, err := JobsPage(ctx, db.e, r, f)
	if err != nil {
		return nil, "", err
	}
	if none {
		return []hiregate.Job{}, "", nil
	}
	return readPage(ctx, db, r, q, ScanJob, JobKey)
}

// JobsPage is the page query of ListJobs, searching through r. none
// reports that the search matches no job, so there is nothing to query.
func JobsPage(ctx context.Context, e Engine, r Q, f hiregate.JobFilter) (q *PageQuery, none bool, err error) {
	q, err = NewPageQuery("list jobs", JobSelect, JobsNewest, f.Cursor, f.Limit)
	if err != nil {
		return nil, false, err
	}
	if f.Status != "" {
		q.Where(`j.status = ?`, f.Status)
	}
	if f.RecruiterID != "" {
		q.Where(`j.recruiter_id = ?`, f.RecruiterID)
	}
	if f.StaffID != "" {
		q.Where(`(j.recruiter_id = ? OR j.id IN (SELECT job_id FROM job_team WHERE user_id = ?))`, f.StaffID, f.StaffID)
	}
	none, err = e.MatchJobs(ctx, r, q, f.Q)
	if err != nil {
		return nil, false, err
	}
	return q, none, nil
}

// UpdateJob locks the job's row, lets fn change it and saves it, in one
// transaction. Only the editable fields are saved: fn cannot move a job
// to another recruiter or change its id or creation time.
func (db *DB) UpdateJob(ctx context.Context, id string, now time.Time, fn func(*hiregate.Job) error) (*hiregate.Job, error) {
	now = FromTS(TS(now))
	var out *hiregate.Job
	err := db.e.Tx(ctx, func(q Q) error {
		j, err := db.jobByID(ctx, q, id, db.e.Lock(ForUpdate, "j"))
		if err != nil {
			return err
		}
		old := *j
		if err := fn(j); err != nil {
			return err
		}
		// What is stored, and so what a read would return.
		j.ID, j.Recruiter, j.CreatedAt, j.UpdatedAt = old.ID, old.Recruiter, old.CreatedAt, now
		args := append(db.jobArgs(j, old.CreatedAt, now, false), id)
		if _, err := q.Exec(ctx, db.jobUpdate, args...); err != nil {
			return db.errorf("update job", err)
		}
		out = j
		return nil
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
	out := NewStageCounts(jobIDs)
	if len(jobIDs) == 0 {
		return out, nil
	}
	err := db.queryIn(ctx, db.e.Read(), `SELECT job_id, status, count(*) FROM applications
		WHERE %s GROUP BY job_id, status`, `job_id`, jobIDs, func(rows Rows) error { return CollectStageCounts(rows, out) })
	if err != nil {
		return nil, db.errorf("application counts", err)
	}
	return out, nil
}
