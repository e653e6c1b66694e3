package hiring

import (
	"context"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Funnel reports how the applications to the caller's jobs (a recruiter's
// own, every job for an admin) move through the pipeline, for one job
// when f.JobID is set and for those that arrived between f.From and f.To.
// A job the caller does not work on is ENOTFOUND, as if it did not exist.
func (s *Service) Funnel(ctx context.Context, p *caller.Principal, f hiregate.FunnelFilter) (*hiregate.Funnel, error) {
	f.RecruiterID = ""
	if p.Role != hiregate.RoleAdmin {
		f.RecruiterID = p.UserID
	}
	if f.JobID != "" {
		j, err := s.st.JobByID(ctx, f.JobID)
		if err != nil {
			return nil, err
		}
		rel, err := s.relation(ctx, p, j.ID, "")
		if err != nil {
			return nil, err
		}
		if !hiregate.CanWorkOnJob(p.UserID, p.Role, j.Recruiter.ID, rel) {
			return nil, errJobNotFound
		}
		// The job decides the scope: a team recruiter's report of it
		// counts its applications, not only those of jobs they own.
		f.RecruiterID = ""
	}
	t, err := s.st.FunnelTally(ctx, f)
	if err != nil {
		return nil, err
	}
	out := t.Funnel()
	return &out, nil
}
