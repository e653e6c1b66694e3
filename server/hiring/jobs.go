package hiring

import (
	"context"
	"fmt"
	"slices"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// ListJobs lists the jobs the caller may see: candidates open jobs only,
// recruiters their own, admins all (their own with Mine).
func (s *Service) ListJobs(ctx context.Context, p *caller.Principal, f hiregate.JobFilter) ([]hiregate.Job, string, error) {
	if f.Status != "" && !f.Status.Valid() {
		return nil, "", hiregate.ValidationError(map[string]string{"status": "must be one of open, closed"})
	}
	switch p.Role {
	case hiregate.RoleCandidate:
		if f.Mine {
			return nil, "", hiregate.ValidationError(map[string]string{"mine": "only recruiters and admins post jobs"})
		}
		if f.Status == hiregate.JobClosed {
			return nil, "", nil
		}
		f.Status = hiregate.JobOpen
	case hiregate.RoleRecruiter, hiregate.RoleInterviewer:
		// Their own jobs and their teams' (with Mine too).
		f.StaffID = p.UserID
	case hiregate.RoleAdmin:
		if f.Mine {
			f.RecruiterID = p.UserID
		}
	}
	jobs, next, err := s.st.ListJobs(ctx, f)
	if err != nil {
		return nil, "", err
	}
	if err := s.addSkills(ctx, jobs); err != nil {
		return nil, "", err
	}
	// A recruiter is on a team only as a recruiter, so every job listed to
	// one is a job they work on.
	err = s.addCounts(ctx, jobs, func(j *hiregate.Job) bool {
		return p.Role == hiregate.RoleRecruiter || hiregate.CanManageJob(p.UserID, p.Role, j.Recruiter.ID)
	})
	if err != nil {
		return nil, "", err
	}
	return jobs, next, nil
}

// JobListKey names the answer ListJobs gives p for f, for caches of it:
// two calls with the same key get the same jobs, counts and cursor while
// the store is unchanged. It follows ListJobs's rules and must change with
// them: candidates all see the open jobs and no counts, so one key serves
// them all; what a recruiter or an admin sees (their jobs, their counts)
// is keyed by who they are.
func (s *Service) JobListKey(p *caller.Principal, f hiregate.JobFilter) string {
	who := string(p.Role)
	if p.Role != hiregate.RoleCandidate {
		who += ":" + p.UserID
	}
	return fmt.Sprintf("jobs|%s|%q|%q|%t|%d|%q", who, f.Q, f.Status, f.Mine, f.Limit, f.Cursor)
}

// Job returns a job the caller may see, or ENOTFOUND.
func (s *Service) Job(ctx context.Context, p *caller.Principal, id string) (*hiregate.Job, error) {
	j, err := s.st.JobByID(ctx, id)
	if err != nil {
		return nil, err
	}
	rel, err := s.relation(ctx, p, j.ID, "")
	if err != nil {
		return nil, err
	}
	applied := rel.OnTeam()
	if p.Role == hiregate.RoleCandidate && j.Status != hiregate.JobOpen {
		apps, _, err := s.st.ListApplications(ctx, hiregate.ApplicationFilter{JobID: j.ID, CandidateID: p.UserID, Limit: 1})
		if err != nil {
			return nil, err
		}
		applied = len(apps) > 0
	}
	if !hiregate.CanViewJob(p.UserID, p.Role, j, applied) {
		return nil, errJobNotFound
	}
	return s.withCounts(ctx, j, hiregate.CanWorkOnJob(p.UserID, p.Role, j.Recruiter.ID, rel))
}

// CreateJob posts a job owned by the caller.
func (s *Service) CreateJob(ctx context.Context, p *caller.Principal, req hiregate.CreateJobRequest) (*hiregate.Job, error) {
	req.Normalize()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if err := s.resolveSkills(ctx, req.Skills); err != nil {
		return nil, err
	}
	j := &hiregate.Job{
		Title: req.Title, Description: req.Description, Location: req.Location,
		EmploymentType: req.EmploymentType, SalaryMin: req.SalaryMin, SalaryMax: req.SalaryMax,
		Status: hiregate.JobOpen, Recruiter: hiregate.UserRef{ID: p.UserID}, BlindUntil: req.BlindUntil,
	}
	if req.Skills != nil {
		j.Skills = *req.Skills
	}
	j.Skills = j.Skills.Normalized()
	err := s.st.Atomic(ctx, func(tx store.Store) error {
		if err := tx.CreateJob(ctx, j, s.now()); err != nil {
			return err
		}
		if j.Skills.Empty() {
			return nil
		}
		return tx.SetJobScoring(ctx, j.ID, j.Skills)
	})
	if err != nil {
		return nil, err
	}
	s.publish(ctx, events.JobCreated(j), store.AudienceQuery{JobID: j.ID})
	j.ApplicationCounts = allStages(nil)
	return j, nil
}

// UpdateJob changes (or closes) a job the caller manages. The update is
// validated against the job inside the store's transaction.
func (s *Service) UpdateJob(ctx context.Context, p *caller.Principal, id string, req hiregate.UpdateJobRequest) (*hiregate.Job, error) {
	if err := s.resolveSkills(ctx, req.Skills); err != nil {
		return nil, err
	}
	var before hiregate.JobStatus
	var j *hiregate.Job
	var rescore bool
	err := s.st.Atomic(ctx, func(tx store.Store) error {
		scs, err := tx.JobScorings(ctx, []string{id})
		if err != nil {
			return err
		}
		var old hiregate.Job
		j, err = tx.UpdateJob(ctx, id, s.now(), func(j *hiregate.Job) error {
			if !hiregate.CanManageJob(p.UserID, p.Role, j.Recruiter.ID) {
				return errJobNotFound
			}
			j.Skills = scs[id].Skills
			before, old = j.Status, *j
			return req.Apply(j)
		})
		if err != nil {
			return err
		}
		// What scores are computed from changed: the stored ones are
		// now behind, and recomputed in the background once this
		// commits (a ranking asked for before that waits for it).
		rescore = j.Title != old.Title || j.Description != old.Description || !slices.Equal(j.Skills.Required, old.Skills.Required) ||
			!slices.Equal(j.Skills.Nice, old.Skills.Nice)
		if rescore {
			return tx.SetJobScoring(ctx, id, j.Skills)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if rescore {
		s.kickRescorer()
	}
	s.publish(ctx, events.JobUpdated(before, j), store.AudienceQuery{JobID: j.ID})
	return s.withCounts(ctx, j, true)
}

func (s *Service) withCounts(ctx context.Context, j *hiregate.Job, counted bool) (*hiregate.Job, error) {
	jobs := []hiregate.Job{*j}
	if err := s.addSkills(ctx, jobs); err != nil {
		return nil, err
	}
	if err := s.addCounts(ctx, jobs, func(*hiregate.Job) bool { return counted }); err != nil {
		return nil, err
	}
	return &jobs[0], nil
}

// addCounts fills application counts on the jobs for which counted says
// the caller works on them.
func (s *Service) addCounts(ctx context.Context, jobs []hiregate.Job, counted func(*hiregate.Job) bool) error {
	var ids []string
	for i := range jobs {
		if counted(&jobs[i]) {
			ids = append(ids, jobs[i].ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	counts, err := s.st.ApplicationCounts(ctx, ids)
	if err != nil {
		return err
	}
	for i := range jobs {
		if counted(&jobs[i]) {
			jobs[i].ApplicationCounts = allStages(counts[jobs[i].ID])
		}
	}
	return nil
}

// allStages lists a count for every stage, zeros included, so an owner's
// job always carries the whole pipeline.
func allStages(counts map[hiregate.Stage]int) map[hiregate.Stage]int {
	out := make(map[hiregate.Stage]int, len(hiregate.Stages))
	for _, s := range hiregate.Stages {
		out[s] = counts[s]
	}
	return out
}
