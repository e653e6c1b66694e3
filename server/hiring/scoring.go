package hiring

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/screening"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// rescoreBatch is how many applications one rescoring transaction reads
// and scores: small enough that SQLite's writer is held for a few
// milliseconds per core (about 0.2 ms of scoring each).
const rescoreBatch = 100

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

// rescorer recomputes jobs' scores: at most one recomputation per job at
// a time in this process, so thirty-two requests for a stale ranking wait
// for one, and in the background after a change (Start), so that a
// ranking rarely has to wait at all.
type rescorer struct {
	mu      sync.Mutex
	running map[string]*rescoreCall
	// base is the context recomputations run under: the background
	// work's (Start), so that stopping it stops them. A
	// recomputation never runs under a request's context, whose end
	// would fail every other request waiting for it.
	base context.Context
	// wake tells the background rescorer that a job went stale.
	wake chan struct{}
	// wg counts the recomputations running, for Start's stop.
	wg sync.WaitGroup
	// rescored, when set (tests), hears of every recomputation done.
	rescored func(jobID string)
}

type rescoreCall struct {
	done chan struct{}
	err  error
}

// rescoreInterval is how often the background rescorer looks for stale
// jobs without being told: the changes another replica made, a
// recomputation that failed.
const rescoreInterval = time.Minute

// Start starts the service's background work until stop: recomputing
// stale scores (rescoreLoop) and committing ranking views' audit events
// (auditLoop). stop ends both, waits for the recomputations running (the
// rankings' included) and commits the audit events still held. Failures
// go to logf.
func (s *Service) Start(logf func(msg string, args ...any)) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	s.rescore.mu.Lock()
	s.rescore.base = ctx
	s.rescore.mu.Unlock()
	s.views.start()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		s.rescoreLoop(ctx, logf)
	}()
	go func() {
		defer wg.Done()
		s.auditLoop(ctx, logf)
	}()
	return func() {
		cancel()
		wg.Wait()
		s.rescore.wg.Wait()
		// The rankings answered until now are recorded before the
		// store closes.
		fctx, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		if err := s.flushViews(fctx, true); err != nil {
			logf("audit: screening views not recorded at shutdown", "err", err)
		}
	}
}

// rescoreLoop recomputes, until ctx ends, the scores of every job whose
// stored scores are behind its last change: at once when this process
// made the change (a job edit, a skill import), and every minute for the
// changes of other processes.
func (s *Service) rescoreLoop(ctx context.Context, logf func(msg string, args ...any)) {
	t := time.NewTicker(rescoreInterval)
	defer t.Stop()
	for {
		s.rescoreStale(ctx, logf)
		select {
		case <-ctx.Done():
			return
		case <-s.rescore.wake:
		case <-t.C:
		}
	}
}

// rescoreStale recomputes the stale jobs one after the other, logging
// the failures: the rankings asked for meanwhile join the one running or
// start their own.
func (s *Service) rescoreStale(ctx context.Context, logf func(string, ...any)) {
	err := s.freshenStale(ctx, "", func(id string, err error) bool {
		if ctx.Err() == nil {
			logf("rescoring a job failed; the next ranking of it retries", "job", id, "err", err)
		}
		return true
	})
	if err != nil && ctx.Err() == nil {
		logf("rescoring stale jobs", "err", err)
	}
}

// freshenStale brings the scores of every stale job (of recruiterID, when
// set) up to date, joining the recomputations already running. A job
// whose recomputation fails is passed to failed: true goes on without
// it, false stops with its error. A job that keeps going stale again is
// chased maxRescoreTries times.
func (s *Service) freshenStale(ctx context.Context, recruiterID string, failed func(jobID string, err error) bool) error {
	skip := map[string]bool{}
	for round := 0; round < maxRescoreTries; round++ {
		ids, err := s.st.StaleJobs(ctx, staleJobsAtOnce)
		if err != nil {
			return err
		}
		done := 0
		for _, id := range ids {
			if skip[id] {
				continue
			}
			if recruiterID != "" {
				j, err := s.st.JobByID(ctx, id)
				if hiregate.ErrorCode(err) == hiregate.ENOTFOUND || err == nil && j.Recruiter.ID != recruiterID {
					skip[id] = true
					continue
				}
				if err != nil {
					return err
				}
			}
			if err := s.freshen(ctx, id); hiregate.ErrorCode(err) == hiregate.ENOTFOUND {
				skip[id] = true
				continue
			} else if err != nil {
				if !failed(id, err) {
					return err
				}
				skip[id] = true
				continue
			}
			done++
		}
		if done == 0 {
			return nil
		}
	}
	return hiregate.Errorf(hiregate.ECONFLICT, "Jobs keep changing; try again")
}

// staleJobsAtOnce is how many stale jobs one look lists.
const staleJobsAtOnce = 1000

// kickRescorer tells the background rescorer that a job went stale.
func (s *Service) kickRescorer() {
	select {
	case s.rescore.wake <- struct{}{}:
	default:
	}
}

// freshen brings every stored score of a job up to its current version,
// joining the recomputation of the job already running. The
// recomputation itself runs on the rescorer's context: ctx only bounds
// the wait.
func (s *Service) freshen(ctx context.Context, jobID string) error {
	s.rescore.mu.Lock()
	c, ok := s.rescore.running[jobID]
	if !ok {
		c = &rescoreCall{done: make(chan struct{})}
		if s.rescore.running == nil {
			s.rescore.running = map[string]*rescoreCall{}
		}
		s.rescore.running[jobID] = c
		base := s.rescore.base
		if base == nil {
			base = context.WithoutCancel(ctx)
		}
		s.rescore.wg.Add(1)
		go func() {
			defer s.rescore.wg.Done()
			c.err = s.rescoreJob(base, jobID)
			s.rescore.mu.Lock()
			delete(s.rescore.running, jobID)
			s.rescore.mu.Unlock()
			close(c.done)
			if c.err == nil && s.rescore.rescored != nil {
				s.rescore.rescored(jobID)
			}
		}()
	}
	s.rescore.mu.Unlock()
	select {
	case <-c.done:
		return c.err
	case <-ctx.Done():
		return ctx.Err()
	}
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
			last, err := s.st.RescoreBatch(ctx, jobID, sc.Version, after, rescoreBatch, func(in []store.ScoreInput) []store.StoredScore {
				return scoreAll(sp, sc.Version, in)
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

// scoreAll scores a batch on every core: scoring is CPU-bound (tokenising
// each text), and the batch's transaction waits for it.
func scoreAll(sp *screening.Spec, version int64, in []store.ScoreInput) []store.StoredScore {
	out := make([]store.StoredScore, len(in))
	workers := min(runtime.GOMAXPROCS(0), len(in))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(in); i += workers {
				out[i] = stored(sp, version, in[i])
			}
		}()
	}
	wg.Wait()
	return out
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
		return apps, next, s.rankingViewed(ctx, p, j.ID)
	}
}

// JobApplicationsKey is the page cache's key of a JobApplications
// answer: the caller (what they may see, and blind review, depend on who
// they are), the job and the whole filter. An answer under this key is
// served again only while the store has not changed.
func (s *Service) JobApplicationsKey(p *caller.Principal, jobID string, f hiregate.ApplicationFilter) string {
	return fmt.Sprintf("job-apps|%s:%s|%q|%q|%q|%d|%q", p.Role, p.UserID, jobID, f.Status, f.Sort, f.Limit, f.Cursor)
}

// RankingServed audits a ranking answered from the page cache, as
// rankedApplications does for one read from the store: only an answer
// made for this caller is in the cache under its key.
func (s *Service) RankingServed(ctx context.Context, p *caller.Principal, jobID string, f hiregate.ApplicationFilter) error {
	if f.Sort != hiregate.SortMatch {
		return nil
	}
	return s.rankingViewed(ctx, p, jobID)
}

// rankingViewed audits one view of a job's ranking (screening_viewed).
func (s *Service) rankingViewed(ctx context.Context, p *caller.Principal, jobID string) error {
	return s.recordView(ctx, hiregate.AuditEvent{At: s.now(), Type: hiregate.AuditScreeningViewed,
		UserID: p.UserID, Detail: "job " + jobID})
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
