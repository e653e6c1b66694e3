package sqlstore

import (
	"context"
	"sort"
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
// stage; or scored above its job's median), counted per candidate (the
// index on applications (candidate_id, ...) gives them in that order, so
// no sort), then per combination of the candidates' three answers (a few
// hundred rows at most), which are summed per category here. Counting
// per category in SQL sorted every application three times: 36 s for a
// report over a million applications, against 7 s.
func (db *DB) ImpactCounts(ctx context.Context, f hiregate.ImpactFilter) ([]store.ImpactCount, error) {
	var conds []string
	var args []any
	from := `applications a`
	if f.JobID != "" {
		conds, args = append(conds, `a.job_id = ?`), append(args, f.JobID)
	}
	if f.RecruiterID != "" {
		from += ` JOIN jobs j ON j.id = a.job_id`
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
	var per string
	if f.By == hiregate.ImpactByScore {
		// A job's median: the middle score, or the mean of the two middle
		// ones, of every application of the job with a score.
		per = `WITH scope AS (SELECT a.id, a.candidate_id, a.job_id FROM ` + from + where + `),
		ranked AS (SELECT s.job_id, s.score,
			row_number() OVER (PARTITION BY s.job_id ORDER BY s.score) AS rn,
			count(*) OVER (PARTITION BY s.job_id) AS n
			FROM application_scores s WHERE s.job_id IN (SELECT DISTINCT job_id FROM scope)),
		medians AS (SELECT job_id, avg(score) AS median FROM ranked
			WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2 GROUP BY job_id),
		per AS (SELECT sc.candidate_id AS cid, count(*) AS n, sum(CASE WHEN s.score > m.median THEN 1 ELSE 0 END) AS sel
			FROM scope sc
			JOIN application_scores s ON s.application_id = sc.id
			JOIN medians m ON m.job_id = sc.job_id
			GROUP BY sc.candidate_id)`
	} else {
		per = `WITH per AS (SELECT a.candidate_id AS cid, count(*) AS n,
			sum(CASE WHEN EXISTS (SELECT 1 FROM application_history h JOIN pipeline_ranks r ON r.stage = h.status
				WHERE h.application_id = a.id AND r.rank >= (SELECT rank FROM pipeline_ranks WHERE stage = ?)) THEN 1 ELSE 0 END) AS sel
			FROM ` + from + where + ` GROUP BY a.candidate_id)`
		args = append([]any{f.Stage}, args...)
	}
	query := per + `
		SELECT ` + impactGroup("gender") + `, ` + impactGroup("ethnicity") + `, ` + impactGroup("age_band") + `,
			CAST(sum(per.n) AS BIGINT), CAST(sum(per.sel) AS BIGINT)
		FROM per LEFT JOIN demographics d ON d.user_id = per.cid
		GROUP BY 1, 2, 3`
	type combo struct {
		groups      [3]string
		n, selected int
	}
	rows, err := readAll(ctx, db, "impact report", func(row Scanner) (combo, error) {
		var c combo
		err := row.Scan(&c.groups[0], &c.groups[1], &c.groups[2], &c.n, &c.selected)
		return c, err
	}, query, args...)
	if err != nil {
		return []store.ImpactCount{}, err
	}
	cats := [3]string{hiregate.CategoryGender, hiregate.CategoryEthnicity, hiregate.CategoryAgeBand}
	at := map[[2]string]int{} // index in out
	out := []store.ImpactCount{}
	for _, c := range rows {
		for i, cat := range cats {
			k := [2]string{cat, c.groups[i]}
			j, ok := at[k]
			if !ok {
				j = len(out)
				out = append(out, store.ImpactCount{Category: cat, Group: c.groups[i]})
				at[k] = j
			}
			out[j].Applicants += c.n
			out[j].Selected += c.selected
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Category != out[j].Category {
			return out[i].Category < out[j].Category
		}
		return out[i].Group < out[j].Group
	})
	return out, nil
}
