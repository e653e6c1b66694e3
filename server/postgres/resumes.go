package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/report"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

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

// funnelScope is the running-count scope condition of f ($1...).
func funnelScope(f hiregate.FunnelFilter) (string, []any) {
	switch {
	case f.JobID != "" && f.RecruiterID != "":
		return `scope = $1 AND EXISTS (SELECT 1 FROM jobs WHERE id = $2 AND recruiter_id = $3)`,
			[]any{"job:" + f.JobID, f.JobID, f.RecruiterID}
	case f.JobID != "":
		return `scope = $1`, []any{"job:" + f.JobID}
	case f.RecruiterID != "":
		return `scope = $1`, []any{"rec:" + f.RecruiterID}
	}
	return `scope = 'all'`, nil
}

// FunnelTally reads the running counts, or counts the histories of the
// applications that arrived in f's date range, in one snapshot.
func (db *DB) FunnelTally(ctx context.Context, f hiregate.FunnelFilter) (*report.Tally, error) {
	tx, done, err := db.readTx(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: funnel: %w", err)
	}
	defer done()
	t := report.NewTally()
	if f.Dated() {
		return t, datedTally(ctx, tx, f, t)
	}
	cond, args := funnelScope(f)
	each := func(query string, scan func(pgx.Rows) error) error {
		rows, err := tx.Query(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("postgres: funnel: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("postgres: funnel: %w", err)
			}
		}
		return rows.Err()
	}
	err = each(`SELECT stage, sum(reached), sum(current) FROM funnel_counts WHERE `+cond+` GROUP BY stage`, func(r pgx.Rows) error {
		var s hiregate.Stage
		var reached, current int64
		if err := r.Scan(&s, &reached, &current); err != nil {
			return err
		}
		t.Reached[s], t.Current[s] = int(reached), int(current)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT stage, hours, sum(n) FROM funnel_dwell WHERE `+cond+` GROUP BY stage, hours`, func(r pgx.Rows) error {
		var s hiregate.Stage
		var hours int
		var n int64
		if err := r.Scan(&s, &hours, &n); err != nil {
			return err
		}
		if t.DwellHours[s] == nil {
			t.DwellHours[s] = map[int]int{}
		}
		t.DwellHours[s][hours] = int(n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT week, sum(n) FROM funnel_weeks WHERE `+cond+` GROUP BY week`, func(r pgx.Rows) error {
		var w string
		var n int64
		if err := r.Scan(&w, &n); err != nil {
			return err
		}
		t.Weeks[w] = int(n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

func datedTally(ctx context.Context, q querier, f hiregate.FunnelFilter, t *report.Tally) error {
	var from, to *int64
	if !f.From.IsZero() {
		v := sqlstore.TS(f.From)
		from = &v
	}
	if !f.To.IsZero() {
		v := sqlstore.TS(f.To)
		to = &v
	}
	rows, err := q.Query(ctx, `SELECT h.application_id, h.status, h.at FROM applications a
		JOIN application_history h ON h.application_id = a.id
		WHERE ($1 = '' OR a.job_id = $1)
		  AND ($2 = '' OR a.job_id IN (SELECT id FROM jobs WHERE recruiter_id = $2))
		  AND ($3::BIGINT IS NULL OR a.created_at >= $3) AND ($4::BIGINT IS NULL OR a.created_at <= $4)
		ORDER BY h.application_id, h.seq`, f.JobID, f.RecruiterID, from, to)
	if err != nil {
		return fmt.Errorf("postgres: funnel: %w", err)
	}
	defer rows.Close()
	var id string
	var h []hiregate.HistoryEntry
	for rows.Next() {
		var app string
		var e hiregate.HistoryEntry
		var at int64
		if err := rows.Scan(&app, &e.Status, &at); err != nil {
			return fmt.Errorf("postgres: funnel: %w", err)
		}
		e.At = sqlstore.FromTS(at)
		if app != id {
			t.Add(h)
			id, h = app, h[:0]
		}
		h = append(h, e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: funnel: %w", err)
	}
	t.Add(h)
	return nil
}

// EraseUser anonymises a user (see store.Privacy) in one transaction.
// PostgreSQL keeps old row versions until (auto)vacuum reclaims their
// space; README's PostgreSQL section says how to reclaim at once.
func (db *DB) EraseUser(ctx context.Context, userID string, e store.Erasure, now time.Time) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		var email string
		if err := tx.QueryRow(ctx, `SELECT email FROM users WHERE id = $1 FOR UPDATE`, userID).Scan(&email); err != nil {
			return noRows(err, "User", "erase user")
		}
		apps := `(SELECT id FROM applications WHERE candidate_id = $1)`
		steps := []struct {
			query string
			args  []any
		}{
			{`UPDATE users SET email = $1, full_name = $2, password_hash = '', active = false WHERE id = $3`,
				[]any{e.Email, e.FullName, userID}},
			{`UPDATE applications SET cover_letter = '', resume_text = '', updated_at = $1 WHERE candidate_id = $2`,
				[]any{sqlstore.TS(now), userID}},
			{`DELETE FROM resumes WHERE application_id IN ` + apps, []any{userID}},
			{`DELETE FROM application_profiles WHERE application_id IN ` + apps, []any{userID}},
			{`DELETE FROM notes WHERE application_id IN ` + apps, []any{userID}},
			{`UPDATE application_history SET by_name = $1 WHERE by_id = $2`, []any{e.FullName, userID}},
			{`DELETE FROM sessions WHERE user_id = $1`, []any{userID}},
			// An erased account can never sign in again: its second factor goes.
			{`DELETE FROM mfa_totp WHERE user_id = $1`, []any{userID}},
			{`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, []any{userID}},
			{`DELETE FROM mfa_tokens WHERE user_id = $1`, []any{userID}},
			{`DELETE FROM login_attempts WHERE key = $1`, []any{"acct:" + email}},
			{`UPDATE audit_events SET email = '', detail = replace(detail, $1, '') WHERE user_id = $2 OR email = $1`,
				[]any{email, userID}},
		}
		for _, s := range steps {
			if _, err := tx.Exec(ctx, s.query, s.args...); err != nil {
				return fmt.Errorf("postgres: erase user: %w", err)
			}
		}
		return nil
	})
}
