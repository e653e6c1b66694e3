package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/hiregate/hiregate/server/report"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// funnelScope returns the running-count scope of f and its condition:
// a job's own, a recruiter's, or everything. A job asked for by another
// recruiter matches nothing.
func funnelScope(f hiregate.FunnelFilter) (string, []any) {
	switch {
	case f.JobID != "" && f.RecruiterID != "":
		return `scope = ? AND EXISTS (SELECT 1 FROM jobs WHERE id = ? AND recruiter_id = ?)`,
			[]any{"job:" + f.JobID, f.JobID, f.RecruiterID}
	case f.JobID != "":
		return `scope = ?`, []any{"job:" + f.JobID}
	case f.RecruiterID != "":
		return `scope = ?`, []any{"rec:" + f.RecruiterID}
	}
	return `scope = 'all'`, nil
}

// jobScope is the condition selecting f's applications (a) by their job.
func jobScope(f hiregate.FunnelFilter) (string, []any) {
	cond, args := "1", []any{}
	if f.JobID != "" {
		cond += " AND a.job_id = ?"
		args = append(args, f.JobID)
	}
	if f.RecruiterID != "" {
		cond += " AND a.job_id IN (SELECT id FROM jobs WHERE recruiter_id = ?)"
		args = append(args, f.RecruiterID)
	}
	return cond, args
}

// FunnelTally reads the running counts, or counts the histories of the
// applications that arrived in f's date range.
func (db *DB) FunnelTally(ctx context.Context, f hiregate.FunnelFilter) (*report.Tally, error) {
	// One read transaction, so the three tables are one snapshot.
	tx := db.tx
	if tx == nil {
		var err error
		if tx, err = db.readPool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
			return nil, fmt.Errorf("sqlite: funnel: %w", err)
		}
		defer tx.Rollback()
	}
	if f.Dated() {
		return datedTally(ctx, tx, f)
	}
	t := report.NewTally()
	cond, args := funnelScope(f)
	err := eachRow(ctx, tx, `SELECT stage, sum(reached), sum(current) FROM funnel_counts WHERE `+cond+` GROUP BY stage`, args,
		func(rows *sql.Rows) error {
			var s hiregate.Stage
			var reached, current int
			if err := rows.Scan(&s, &reached, &current); err != nil {
				return err
			}
			t.Reached[s], t.Current[s] = reached, current
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, `SELECT stage, hours, sum(n) FROM funnel_dwell WHERE `+cond+` GROUP BY stage, hours`, args,
		func(rows *sql.Rows) error {
			var s hiregate.Stage
			var hours, n int
			if err := rows.Scan(&s, &hours, &n); err != nil {
				return err
			}
			if t.DwellHours[s] == nil {
				t.DwellHours[s] = map[int]int{}
			}
			t.DwellHours[s][hours] = n
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, `SELECT week, sum(n) FROM funnel_weeks WHERE `+cond+` GROUP BY week`, args,
		func(rows *sql.Rows) error {
			var w string
			var n int
			if err := rows.Scan(&w, &n); err != nil {
				return err
			}
			t.Weeks[w] = n
			return nil
		})
	if err != nil {
		return nil, err
	}
	return t, nil
}

func datedTally(ctx context.Context, tx *sql.Tx, f hiregate.FunnelFilter) (*report.Tally, error) {
	cond, args := jobScope(f)
	if !f.From.IsZero() {
		cond += " AND a.created_at >= ?"
		args = append(args, ts(f.From))
	}
	if !f.To.IsZero() {
		cond += " AND a.created_at <= ?"
		args = append(args, ts(f.To))
	}
	t := report.NewTally()
	var id string
	var h []hiregate.HistoryEntry
	err := eachRow(ctx, tx, `SELECT h.application_id, h.status, h.at FROM applications a
		JOIN application_history h ON h.application_id = a.id
		WHERE `+cond+` ORDER BY h.application_id, h.seq`, args,
		func(rows *sql.Rows) error {
			var app string
			var e hiregate.HistoryEntry
			var at int64
			if err := rows.Scan(&app, &e.Status, &at); err != nil {
				return err
			}
			e.At = fromTS(at)
			if app != id {
				t.Add(h)
				id, h = app, h[:0]
			}
			h = append(h, e)
			return nil
		})
	if err != nil {
		return nil, err
	}
	t.Add(h)
	return t, nil
}

// eachRow runs a query and calls fn for each row.
func eachRow(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}
