package sqlstore

import (
	"context"
	"strings"

	"github.com/hiregate/hiregate/server/report"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Reports = (*DB)(nil)

// FunnelTally reads the running counts, which each engine's triggers keep
// in the transaction that writes a history entry, or counts the histories
// of the applications that arrived in f's date range; either in one
// snapshot, so that the tables read agree.
func (db *DB) FunnelTally(ctx context.Context, f hiregate.FunnelFilter) (*report.Tally, error) {
	var t *report.Tally
	err := db.e.Snapshot(ctx, func(q Q) error {
		t = report.NewTally()
		if f.Dated() {
			return db.datedTally(ctx, q, f, t)
		}
		return db.runningTally(ctx, q, f, t)
	})
	if err != nil {
		return nil, db.errorf("funnel", err)
	}
	return t, nil
}

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

func (db *DB) runningTally(ctx context.Context, q Q, f hiregate.FunnelFilter, t *report.Tally) error {
	cond, args := funnelScope(f)
	err := eachRow(ctx, q, `SELECT stage, sum(reached), sum(current) FROM funnel_counts WHERE `+cond+` GROUP BY stage`, args,
		func(row Scanner) error {
			var s hiregate.Stage
			var reached, current int64
			if err := row.Scan(&s, &reached, &current); err != nil {
				return err
			}
			t.Reached[s], t.Current[s] = int(reached), int(current)
			return nil
		})
	if err != nil {
		return err
	}
	err = eachRow(ctx, q, `SELECT stage, hours, sum(n) FROM funnel_dwell WHERE `+cond+` GROUP BY stage, hours`, args,
		func(row Scanner) error {
			var s hiregate.Stage
			var hours, n int64
			if err := row.Scan(&s, &hours, &n); err != nil {
				return err
			}
			if t.DwellHours[s] == nil {
				t.DwellHours[s] = map[int]int{}
			}
			t.DwellHours[s][int(hours)] = int(n)
			return nil
		})
	if err != nil {
		return err
	}
	return eachRow(ctx, q, `SELECT week, sum(n) FROM funnel_weeks WHERE `+cond+` GROUP BY week`, args,
		func(row Scanner) error {
			var w string
			var n int64
			if err := row.Scan(&w, &n); err != nil {
				return err
			}
			t.Weeks[w] = int(n)
			return nil
		})
}

// datedTally adds to t the history of every application of f's scope
// that arrived in its date range. Only the filters f sets become
// conditions, so each engine plans the query it is actually asked.
func (db *DB) datedTally(ctx context.Context, q Q, f hiregate.FunnelFilter, t *report.Tally) error {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if f.JobID != "" {
		add(`a.job_id = ?`, f.JobID)
	}
	if f.RecruiterID != "" {
		add(`a.job_id IN (SELECT id FROM jobs WHERE recruiter_id = ?)`, f.RecruiterID)
	}
	if !f.From.IsZero() {
		add(`a.created_at >= ?`, TS(f.From))
	}
	if !f.To.IsZero() {
		add(`a.created_at <= ?`, TS(f.To))
	}
	where := ""
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	var id string
	var h []hiregate.HistoryEntry
	err := eachRow(ctx, q, `SELECT h.application_id, h.status, h.at FROM applications a
		JOIN application_history h ON h.application_id = a.id`+where+` ORDER BY h.application_id, h.seq`, args,
		func(row Scanner) error {
			var app string
			var e hiregate.HistoryEntry
			var at int64
			if err := row.Scan(&app, &e.Status, &at); err != nil {
				return err
			}
			e.At = FromTS(at)
			if app != id {
				t.Add(h)
				id, h = app, h[:0]
			}
			h = append(h, e)
			return nil
		})
	if err != nil {
		return err
	}
	t.Add(h)
	return nil
}

// eachRow runs a query on q and calls fn for each row (see Each).
func eachRow(ctx context.Context, q Q, query string, args []any, fn func(Scanner) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return Each(rows, fn)
}
