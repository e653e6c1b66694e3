package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Scoring = (*DB)(nil)

// aliasSep joins a skill's aliases and a job's skill names in one column:
// no name or alias holds it.
const aliasSep = "|"

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, aliasSep)
}

const skillUpsert = `INSERT INTO skills (id, name, name_key, aliases, updated_at) VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (name_key) DO `

// EnsureSkills adds the skills whose key is missing.
func (db *DB) EnsureSkills(ctx context.Context, skills []hiregate.Skill, keys []string, now time.Time) (int, error) {
	added := 0
	err := db.e.Tx(ctx, func(q Q) error {
		added = 0
		for i, s := range skills {
			n, err := execN(ctx, q, skillUpsert+`NOTHING`, NewID(now), s.Name, keys[i], strings.Join(s.Aliases, aliasSep), TS(now))
			if err != nil {
				return err
			}
			added += n
		}
		return nil
	})
	if err != nil {
		return 0, db.errorf("ensure skills", err)
	}
	return added, nil
}

func execN(ctx context.Context, q Q, query string, args ...any) (int, error) {
	n, err := q.Exec(ctx, query, args...)
	return int(n), err
}

// ImportSkills adds or replaces skills and moves on the version of every
// job that declares skills, whose scores may read the changed aliases.
func (db *DB) ImportSkills(ctx context.Context, skills []hiregate.Skill, keys []string, now time.Time) (*hiregate.SkillImport, error) {
	out := &hiregate.SkillImport{}
	err := db.e.Tx(ctx, func(q Q) error {
		*out = hiregate.SkillImport{}
		for i, s := range skills {
			var exists int
			err := q.QueryRow(ctx, `SELECT count(*) FROM skills WHERE name_key = ?`, keys[i]).Scan(&exists)
			if err != nil {
				return err
			}
			if _, err := q.Exec(ctx, skillUpsert+`UPDATE SET name = excluded.name, aliases = excluded.aliases, updated_at = excluded.updated_at`,
				NewID(now), s.Name, keys[i], strings.Join(s.Aliases, aliasSep), TS(now)); err != nil {
				return err
			}
			if exists > 0 {
				out.Replaced++
			} else {
				out.Added++
			}
		}
		if _, err := q.Exec(ctx, `UPDATE job_scoring SET version = version + 1 WHERE required <> '' OR nice <> ''`); err != nil {
			return err
		}
		return q.QueryRow(ctx, `SELECT count(*) FROM skills`).Scan(&out.Total)
	})
	if err != nil {
		return nil, db.errorf("import skills", err)
	}
	return out, nil
}

const skillSelect = `SELECT id, name, aliases FROM skills`

func scanSkill(row Scanner) (hiregate.Skill, error) {
	var s hiregate.Skill
	var aliases string
	err := row.Scan(&s.ID, &s.Name, &aliases)
	s.Aliases = splitList(aliases)
	return s, err
}

// ListSkills returns skills by name.
func (db *DB) ListSkills(ctx context.Context, q string, limit int) ([]hiregate.Skill, error) {
	query, args := skillSelect, []any{}
	if q = strings.TrimSpace(q); q != "" {
		like := db.e.ILike()
		query += ` WHERE name ` + like + ` ? ESCAPE '\' OR aliases ` + like + ` ? ESCAPE '\'`
		p := "%" + likeEscaper.Replace(q) + "%"
		args = append(args, p, p)
	}
	query += ` ORDER BY name_key LIMIT ?`
	out, err := readAll(ctx, db, "list skills", scanSkill, query, append(args, limit)...)
	if out == nil {
		out = []hiregate.Skill{}
	}
	return out, err
}

// SkillsByKey returns the skills of keys.
func (db *DB) SkillsByKey(ctx context.Context, keys []string) (map[string]hiregate.Skill, error) {
	out := map[string]hiregate.Skill{}
	err := db.queryIn(ctx, db.e.Read(), `SELECT id, name, aliases, name_key FROM skills WHERE %s`, `name_key`, keys,
		func(rows Rows) error {
			return Each(rows, func(row Scanner) error {
				var s hiregate.Skill
				var aliases, key string
				if err := row.Scan(&s.ID, &s.Name, &aliases, &key); err != nil {
					return err
				}
				s.Aliases = splitList(aliases)
				out[key] = s
				return nil
			})
		})
	if err != nil {
		return nil, db.errorf("skills by key", err)
	}
	return out, nil
}

// JobScorings returns the scoring state of jobs.
func (db *DB) JobScorings(ctx context.Context, jobIDs []string) (map[string]store.JobScoring, error) {
	out := make(map[string]store.JobScoring, len(jobIDs))
	for _, id := range jobIDs {
		out[id] = store.JobScoring{JobID: id, Skills: hiregate.JobSkills{Required: []string{}, Nice: []string{}}, Scored: -1}
	}
	err := db.queryIn(ctx, db.e.Read(), `SELECT job_id, required, nice, version, scored FROM job_scoring WHERE %s`, `job_id`, jobIDs,
		func(rows Rows) error {
			return Each(rows, func(row Scanner) error {
				s, err := scanJobScoring(row)
				out[s.JobID] = s
				return err
			})
		})
	if err != nil {
		return nil, db.errorf("job scorings", err)
	}
	return out, nil
}

func scanJobScoring(row Scanner) (store.JobScoring, error) {
	var s store.JobScoring
	var req, nice string
	err := row.Scan(&s.JobID, &req, &nice, &s.Version, &s.Scored)
	s.Skills = hiregate.JobSkills{Required: splitList(req), Nice: splitList(nice)}
	return s, err
}

// SetJobScoring records a job's skills under a new version.
func (db *DB) SetJobScoring(ctx context.Context, jobID string, skills hiregate.JobSkills) error {
	err := db.e.Step(ctx, func(q Q) error {
		_, err := q.Exec(ctx, `INSERT INTO job_scoring (job_id, required, nice, version, scored) VALUES (?, ?, ?, 1, -1)
			ON CONFLICT (job_id) DO UPDATE SET required = excluded.required, nice = excluded.nice,
			version = job_scoring.version + 1`,
			jobID, strings.Join(skills.Required, aliasSep), strings.Join(skills.Nice, aliasSep))
		return err
	})
	return db.wrapf("set job scoring", err)
}

const scorePut = `INSERT INTO application_scores (application_id, job_id, version, score, explain) VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (application_id) DO UPDATE SET version = excluded.version, score = excluded.score, explain = excluded.explain`

// PutScore stores one application's score.
func (db *DB) PutScore(ctx context.Context, jobID string, s store.StoredScore) error {
	err := db.e.Step(ctx, func(q Q) error {
		_, err := q.Exec(ctx, scorePut, s.ApplicationID, jobID, s.Version, s.Score, string(s.Explain))
		return err
	})
	return db.wrapf("put score", err)
}

// RescoreBatch scores a batch of the job's applications whose score is
// behind version. The applications' rows are read locked for share, so
// no text changes between the read and the score's write.
func (db *DB) RescoreBatch(ctx context.Context, jobID string, version int64, after string, n int,
	score func([]store.ScoreInput) []store.StoredScore) (string, error) {
	var last string
	err := db.e.Tx(ctx, func(q Q) error {
		last = ""
		var v int64
		err := q.QueryRow(ctx, `SELECT coalesce((SELECT version FROM job_scoring WHERE job_id = ? `+db.e.Lock(ForShare, "")+`), 0)`, jobID).Scan(&v)
		if err != nil {
			return err
		}
		if v != version {
			return store.ErrStaleScores
		}
		// Walk the job's (job_id, created_at, id) index, so each batch
		// reads only its own rows.
		at, id := int64(-1), ""
		if c, err := DecodeCursor(after); err != nil {
			return err
		} else if c != nil {
			at, id = c.At, c.ID
		}
		rows, err := q.Query(ctx, `SELECT a.id, a.created_at, a.resume_text, a.cover_letter FROM applications a
			LEFT JOIN application_scores s ON s.application_id = a.id
			WHERE a.job_id = ? AND (a.created_at, a.id) > (?, ?) AND (s.version IS NULL OR s.version <> ?)
			ORDER BY a.created_at, a.id LIMIT ? `+db.e.Lock(ForShare, "a"), jobID, at, id, version, n)
		if err != nil {
			return err
		}
		var in []store.ScoreInput
		var lastAt int64
		err = Each(rows, func(row Scanner) error {
			var s store.ScoreInput
			err := row.Scan(&s.ApplicationID, &lastAt, &s.ResumeText, &s.CoverLetter)
			in = append(in, s)
			return err
		})
		rows.Close()
		if err != nil {
			return err
		}
		if len(in) == 0 {
			return nil
		}
		out := score(in)
		if len(out) != len(in) {
			return fmt.Errorf("rescore: %d scores for %d applications", len(out), len(in))
		}
		for i, s := range out {
			if _, err := q.Exec(ctx, scorePut, in[i].ApplicationID, jobID, version, s.Score, string(s.Explain)); err != nil {
				return err
			}
		}
		last = EncodeCursor(FromTS(lastAt), in[len(in)-1].ApplicationID)
		return nil
	})
	if errors.Is(err, store.ErrStaleScores) {
		return "", err
	}
	return last, db.wrapf("rescore", err)
}

// StaleJobs returns jobs whose scores are behind their version.
func (db *DB) StaleJobs(ctx context.Context, limit int) ([]string, error) {
	return readAll(ctx, db, "stale jobs", func(row Scanner) (string, error) {
		var id string
		return id, row.Scan(&id)
	}, `SELECT job_id FROM job_scoring WHERE scored <> version ORDER BY job_id LIMIT ?`, limit)
}

// MarkScored records the job scored at version.
func (db *DB) MarkScored(ctx context.Context, jobID string, version int64) error {
	err := db.e.Step(ctx, func(q Q) error {
		_, err := q.Exec(ctx, `INSERT INTO job_scoring (job_id, required, nice, version, scored) VALUES (?, '', '', ?, ?)
			ON CONFLICT (job_id) DO UPDATE SET scored = excluded.scored WHERE job_scoring.version = excluded.version`,
			jobID, version, version)
		return err
	})
	return db.wrapf("mark scored", err)
}

// ScoresNewest orders a ranking: best score first, then newest.
var ScoresNewest = SortKey{At: "s.score", ID: "s.application_id", Desc: true}

// rankedSelect is ApplicationSelect over a job's stored scores, with the
// score and its explanation.
const rankedSelect = `SELECT a.id, a.job_id, j.title, j.recruiter_id, a.candidate_id, c.full_name, c.email,
	a.cover_letter, a.resume_text, a.status, a.created_at, a.updated_at, s.score, s.explain
	FROM application_scores s
	JOIN applications a ON a.id = s.application_id
	JOIN jobs j ON j.id = a.job_id
	JOIN users c ON c.id = a.candidate_id`

func scanRanked(row Scanner) (hiregate.Application, error) {
	var a hiregate.Application
	var owner, explain string
	var created, updated int64
	m := &hiregate.Match{}
	if err := row.Scan(&a.ID, &a.Job.ID, &a.Job.Title, &owner, &a.Candidate.ID, &a.Candidate.FullName,
		&a.Candidate.Email, &a.CoverLetter, &a.ResumeText, &a.Status, &created, &updated, &m.Score, &explain); err != nil {
		return a, err
	}
	a.CreatedAt, a.UpdatedAt = FromTS(created), FromTS(updated)
	if err := json.Unmarshal([]byte(explain), m); err != nil {
		return a, err
	}
	a.Match = m
	return a, nil
}

// rankKey is a ranked row's keyset key. The cursor holds a time and an
// id; a score is stored in the time's place as its TS (FromTS and TS are
// inverses for every n >= 0).
func rankKey(a hiregate.Application) (time.Time, string) { return FromTS(int64(a.Match.Score)), a.ID }

// RankedApplications reads one page of the ranking, with the freshness
// check, on one snapshot.
func (db *DB) RankedApplications(ctx context.Context, f hiregate.ApplicationFilter) ([]hiregate.Application, string, error) {
	pq, err := NewPageQuery("ranked applications", rankedSelect, ScoresNewest, f.Cursor, f.Limit)
	if err != nil {
		return nil, "", err
	}
	pq.Where(`s.job_id = ?`, f.JobID)
	if f.Status != "" {
		pq.Where(`a.status = ?`, f.Status)
	}
	var apps []hiregate.Application
	var next string
	err = db.e.Snapshot(ctx, func(q Q) error {
		s, err := scanJobScoring(q.QueryRow(ctx, `SELECT job_id, required, nice, version, scored FROM job_scoring WHERE job_id = ?`, f.JobID))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err != nil || !s.Fresh() {
			return store.ErrStaleScores
		}
		if apps, next, err = readPage(ctx, db, q, pq, scanRanked, rankKey); err != nil {
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
	if errors.Is(err, store.ErrStaleScores) {
		return nil, "", err
	}
	if err != nil {
		return nil, "", db.wrapf("ranked applications", err)
	}
	return apps, next, nil
}

// PruneAudit deletes audit events older than before.
func (db *DB) PruneAudit(ctx context.Context, before time.Time) (int, error) {
	n, err := db.exec(ctx, "prune audit", `DELETE FROM audit_events WHERE at < ?`, TS(before))
	return n, err
}
