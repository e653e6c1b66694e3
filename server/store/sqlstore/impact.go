package sqlstore

import (
	"context"
	"strings"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// impactGroup is an answer as the report groups it: declined, unanswered
// and no row at all are one "unknown" group. Arg: none; col is the
// demographics column.
func impactGroup(col string) string {
	return `CASE WHEN d.` + col + ` IS NULL OR d.` + col + ` = '' OR d.` + col + ` = 'decline' THEN '` +
		hiregate.ImpactUnknown + `' ELSE d.` + col + ` END`
}

// ImpactCounts counts applications per category and group in one query:
// the applications in scope, each marked selected or not (reached the
// stage; or scored above its job's median), joined once to the answers
// of their candidates and counted per category.
func (db *DB) ImpactCounts(ctx context.Context, f hiregate.ImpactFilter) ([]store.ImpactCount, error) {
	var conds []string
	var args []any
	if f.JobID != "" {
		conds, args = append(conds, `a.job_id = ?`), append(args, f.JobID)
	}
	if f.RecruiterID != "" {
		conds, args = append(conds, `j.recruiter_id = ?`), append(args, f.RecruiterID)
	}
	if !f.From.IsZero() {
		conds, args = append(conds, `a.created_at >= ?`), append(args, TS(f.From))
	}
	if !f.To.IsZero() {
		conds, args = append(conds, `a.created_at <= ?`), append(args, TS(f.To))
	}
	where := ``
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	scope := `SELECT a.id, a.candidate_id, a.job_id FROM applications a JOIN jobs j ON j.id = a.job_id` + where
	var sel string
	if f.By == hiregate.ImpactByScore {
		// A job's median: the middle score, or the mean of the two middle
		// ones, of every application of the job with a score.
		sel = `WITH scope AS (` + scope + `),
		ranked AS (SELECT s.job_id, s.score,
			row_number() OVER (PARTITION BY s.job_id ORDER BY s.score) AS rn,
			count(*) OVER (PARTITION BY s.job_id) AS n
			FROM application_scores s WHERE s.job_id IN (SELECT DISTINCT job_id FROM scope)),
		medians AS (SELECT job_id, avg(score) AS median FROM ranked
			WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2 GROUP BY job_id),
		sel AS (SELECT sc.candidate_id, CASE WHEN s.score > m.median THEN 1 ELSE 0 END AS selected
			FROM scope sc
			JOIN application_scores s ON s.application_id = sc.id
			JOIN medians m ON m.job_id = sc.job_id)`
	} else {
		sel = `WITH scope AS (` + scope + `),
		sel AS (SELECT sc.candidate_id, CASE WHEN EXISTS (SELECT 1 FROM application_history h
			JOIN pipeline_ranks r ON r.stage = h.status
			WHERE h.application_id = sc.id AND r.rank >= (SELECT rank FROM pipeline_ranks WHERE stage = ?)) THEN 1 ELSE 0 END AS selected
			FROM scope sc)`
		args = append(args, f.Stage)
	}
	query := sel + `
		SELECT c.category, CASE c.category
			WHEN '` + hiregate.CategoryGender + `' THEN ` + impactGroup("gender") + `
			WHEN '` + hiregate.CategoryEthnicity + `' THEN ` + impactGroup("ethnicity") + `
			ELSE ` + impactGroup("age_band") + ` END AS grp,
			count(*), sum(sel.selected)
		FROM sel LEFT JOIN demographics d ON d.user_id = sel.candidate_id
		CROSS JOIN (SELECT '` + hiregate.CategoryGender + `' AS category UNION ALL SELECT '` + hiregate.CategoryEthnicity +
		`' UNION ALL SELECT '` + hiregate.CategoryAgeBand + `') c
		GROUP BY 1, 2 ORDER BY 1, 2`
	out, err := readAll(ctx, db, "impact report", func(row Scanner) (store.ImpactCount, error) {
		var c store.ImpactCount
		err := row.Scan(&c.Category, &c.Group, &c.Applicants, &c.Selected)
		return c, err
	}, query, args...)
	if out == nil {
		out = []store.ImpactCount{}
	}
	return out, err
}
