package store

import (
	"context"
	"errors"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// JobScoring is what a job's stored scores are computed from beyond its
// text, and how current they are: Version changes with every change to
// what scores are computed from; Scored is the version every
// application of the job has a score at (-1 when not known).
type JobScoring struct {
	JobID   string
	Skills  hiregate.JobSkills
	Version int64
	Scored  int64
}

// Fresh reports whether every stored score of the job is current.
func (s JobScoring) Fresh() bool { return s.Scored == s.Version }

// StoredScore is one application's score at a JobScoring version.
type StoredScore struct {
	ApplicationID string
	Version       int64
	Score         int
	// Explain is the match's explanation as JSON (terms, skills,
	// missing).
	Explain []byte
}

// ScoreInput is the text of an application that scores read.
type ScoreInput struct {
	ApplicationID string
	ResumeText    string
	CoverLetter   string
}

// ErrStaleScores is returned by ranked reads when the job's stored scores
// are behind its last change: the caller rescores and asks again.
var ErrStaleScores = errors.New("store: the job's scores are stale")

// ImpactCount is how many applications of one group of a category are in
// the report's scope, and how many of them were selected.
type ImpactCount struct {
	Category   string
	Group      string
	Applicants int
	Selected   int
}

// Scoring stores the skill list, the skills jobs declare, applications'
// scores, and answers the impact report and audit retention.
type Scoring interface {
	// EnsureSkills adds the skills whose name key is not in the list and
	// returns how many it added (the built-in list at start).
	EnsureSkills(ctx context.Context, skills []hiregate.Skill, keys []string, now time.Time) (int, error)
	// ImportSkills adds or replaces skills by name key, in one
	// transaction, and marks every job declaring skills as changed.
	ImportSkills(ctx context.Context, skills []hiregate.Skill, keys []string, now time.Time) (*hiregate.SkillImport, error)
	// ListSkills returns skills by name, those whose name or aliases
	// contain q (case-insensitive) when q is set, at most limit.
	ListSkills(ctx context.Context, q string, limit int) ([]hiregate.Skill, error)
	// SkillsByKey returns the skills of the given name keys, keyed by them.
	SkillsByKey(ctx context.Context, keys []string) (map[string]hiregate.Skill, error)
	// JobScorings returns the scoring state of jobs; a job without one
	// gets Version 0, Scored -1 and no skills.
	JobScorings(ctx context.Context, jobIDs []string) (map[string]JobScoring, error)
	// SetJobScoring records a job's skills and moves its version on; call
	// it in the transaction that changes the job.
	SetJobScoring(ctx context.Context, jobID string, skills hiregate.JobSkills) error
	// PutScore stores one application's score.
	PutScore(ctx context.Context, jobID string, s StoredScore) error
	// RescoreBatch scores, in one write transaction, up to n applications
	// of the job after the cursor `after` ("" for the first) whose score
	// is not at version, with score (called once, with the whole batch,
	// and answering one score per input in order), and returns the
	// cursor of the last it scored ("" when none were left).
	// ErrStaleScores when the job's version is no longer version.
	RescoreBatch(ctx context.Context, jobID string, version int64, after string, n int,
		score func([]ScoreInput) []StoredScore) (last string, err error)
	// StaleJobs returns up to limit jobs whose stored scores are behind
	// their version (Fresh is false), for the background rescorer.
	StaleJobs(ctx context.Context, limit int) ([]string, error)
	// MarkScored records that every application of the job has a score
	// at version, unless the version moved on meanwhile.
	MarkScored(ctx context.Context, jobID string, version int64) error
	// RankedApplications is one page of a job's applications by stored
	// score, best first (keyset on score, id), each with its Match, read
	// on one snapshot with the check that the scores are fresh
	// (ErrStaleScores otherwise).
	RankedApplications(ctx context.Context, f hiregate.ApplicationFilter) ([]hiregate.Application, string, error)
	// ImpactCounts counts, per category and group, the applications in
	// scope and those selected.
	ImpactCounts(ctx context.Context, f hiregate.ImpactFilter) ([]ImpactCount, error)
	// PruneAudit deletes audit events older than before and returns how
	// many.
	PruneAudit(ctx context.Context, before time.Time) (int, error)
}
