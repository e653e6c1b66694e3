package hiring

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/screening"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// rescoreBatch is how many applications one rescoring transaction reads:
// small enough that SQLite's writer is held for a few milliseconds.
const rescoreBatch = 250

// maxRescoreTries bounds how often a ranking chases a job that keeps
// changing while its scores are recomputed.
const maxRescoreTries = 5

// resolveSkills checks a job's skill names against the list (422 naming
// the unknown ones) and returns them as the list spells them.
func (s *Service) resolveSkills(ctx context.Context, js *hiregate.JobSkills) error {
	if js == nil {
		return nil
	}
	var keys []string
	for _, n := range append(append([]string{}, js.Required...), js.Nice...) {
		keys = append(keys, screening.SkillKey(n))
	}
	known, err := s.st.SkillsByKey(ctx, keys)
	if err != nil {
		return err
	}
	if len(known) < len(keys) {
		// Some are aliases ("k8s"): they name their skill too.
		all, err := s.st.ListSkills(ctx, "", math.MaxInt32)
		if err != nil {
			return err
		}
		for _, sk := range all {
			for _, a := range sk.Aliases {
				if k := screening.SkillKey(a); known[k].Name == "" {
					known[k] = sk
				}
			}
		}
	}
	f := map[string]string{}
	canon := func(field string, names []string) []string {
		out := make([]string, 0, len(names))
		for _, n := range names {
			sk, ok := known[screening.SkillKey(n)]
			if !ok {
				if f[field] == "" {
					f[field] = fmt.Sprintf("unknown skill %q (see GET /skills)", n)
				}
				continue
			}
			out = append(out, sk.Name)
		}
		return out
	}
	*js = hiregate.JobSkills{Required: canon("skills.required", js.Required), Nice: canon("skills.nice", js.Nice)}.Normalized()
	if len(f) > 0 {
		return hiregate.ValidationError(f)
	}
	return nil
}

// spec is the scoring spec of j under sc, read through st.
func spec(ctx context.Context, st store.Scoring, j *hiregate.Job, sc store.JobScoring) (*screening.Spec, error) {
	var keys []string
	for _, n := range append(append([]string{}, sc.Skills.Required...), sc.Skills.Nice...) {
		keys = append(keys, screening.SkillKey(n))
	}
	known, err := st.SkillsByKey(ctx, keys)
	if err != nil {
		return nil, err
	}
	pick := func(names []string) []hiregate.Skill {
		var out []hiregate.Skill
		for _, n := range names {
			if sk, ok := known[screening.SkillKey(n)]; ok {
				out = append(out, sk)
			} else {
				// Not in the list (any more): matched by its name alone.
				out = append(out, hiregate.Skill{Name: n})
			}
		}
		return out
	}
	return screening.NewSpec(j.Title, j.Description, pick(sc.Skills.Required), pick(sc.Skills.Nice)), nil
}

// stored is an application's score as the store keeps it.
func stored(sp *screening.Spec, version int64, in store.ScoreInput) store.StoredScore {
	r := sp.Score(in.ResumeText, in.CoverLetter)
	explain, _ := json.Marshal(r)
	return store.StoredScore{ApplicationID: in.ApplicationID, Version: version, Score: r.Score, Explain: explain}
}

// scoreApplication stores the score of one application of j, through tx:
// called in the transaction that writes the application's text, so the
// score is never behind the text, and at the job's version read in it.
func scoreApplication(ctx context.Context, tx store.Store, j *hiregate.Job, in store.ScoreInput) error {
	scs, err := tx.JobScorings(ctx, []string{j.ID})
	if err != nil {
		return err
	}
	sc := scs[j.ID]
	sp, err := spec(ctx, tx, j, sc)
	if err != nil {
		return err
	}
	return tx.PutScore(ctx, j.ID, stored(sp, sc.Version, in))
}

// rescorer runs one recomputation per job at a time in this process, so
// thirty-two requests for a stale ranking wait for one.
type rescorer struct {
	mu      sync.Mutex
	running map[string]*rescoreCall
}

type rescoreCall struct {
	done chan struct{}
	err  error
}

// freshen brings every stored score of a job up to its current version.
func (s *Service) freshen(ctx context.Context, jobID string) error {
	s.rescore.mu.Lock()
	if c, ok := s.rescore.running[jobID]; ok {
		s.rescore.mu.Unlock()
		select {
		case <-c.done:
			return c.err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	c := &rescoreCall{done: make(chan struct{})}
	if s.rescore.running == nil {
		s.rescore.running = map[string]*rescoreCall{}
	}
	s.rescore.running[jobID] = c
	s.rescore.mu.Unlock()
	c.err = s.rescoreJob(ctx, jobID)
	s.rescore.mu.Lock()
	delete(s.rescore.running, jobID)
	s.rescore.mu.Unlock()
	close(c.done)
	return c.err
}

// rescoreJob recomputes the scores of a job behind its version, in
// batches, and marks the job scored. The version is read before the job,
// so a change landing in between shows as a newer version and the
// batches refuse to write (ErrStaleScores): then it starts again.
func (s *Service) rescoreJob(ctx context.Context, jobID string) error {
	for try := 0; try < maxRescoreTries; try++ {
		scs, err := s.st.JobScorings(ctx, []string{jobID})
		if err != nil {
			return err
		}
		sc := scs[jobID]
		j, err := s.st.JobByID(ctx, jobID)
		if err != nil {
			return err
		}
		sp, err := spec(ctx, s.st, j, sc)
		if err != nil {
			return err
		}
		after := ""
		for {
			last, err := s.st.RescoreBatch(ctx, jobID, sc.Version, after, rescoreBatch, func(in store.ScoreInput) store.StoredScore {
				return stored(sp, sc.Version, in)
			})
			if errors.Is(err, store.ErrStaleScores) {
				break
			}
			if err != nil {
				return err
			}
			if last == "" {
				return s.st.MarkScored(ctx, jobID, sc.Version)
			}
			after = last
		}
	}
	return hiregate.Errorf(hiregate.ECONFLICT, "The job keeps changing; try the ranking again")
}

// rankedApplications is JobApplications with sort=match: a page of the
// stored ranking, best first, recomputing the job's scores first when
// they are behind its last change. Every view is audited.
func (s *Service) rankedApplications(ctx context.Context, p *caller.Principal, j *hiregate.Job, f hiregate.ApplicationFilter) ([]hiregate.Application, string, error) {
	for try := 0; ; try++ {
		apps, next, err := s.st.RankedApplications(ctx, f)
		if errors.Is(err, store.ErrStaleScores) && try < maxRescoreTries {
			if err := s.freshen(ctx, j.ID); err != nil {
				return nil, "", err
			}
			continue
		}
		if err != nil {
			return nil, "", err
		}
		err = s.st.RecordAudit(ctx, &hiregate.AuditEvent{At: s.now(), Type: hiregate.AuditScreeningViewed,
			UserID: p.UserID, Detail: "job " + j.ID})
		return apps, next, err
	}
}

// addSkills fills in the skills of jobs.
func (s *Service) addSkills(ctx context.Context, jobs []hiregate.Job) error {
	if len(jobs) == 0 {
		return nil
	}
	ids := make([]string, len(jobs))
	for i := range jobs {
		ids[i] = jobs[i].ID
	}
	scs, err := s.st.JobScorings(ctx, ids)
	if err != nil {
		return err
	}
	for i := range jobs {
		jobs[i].Skills = scs[jobs[i].ID].Skills
	}
	return nil
}
