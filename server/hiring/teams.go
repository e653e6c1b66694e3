package hiring

import (
	"context"
	"errors"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var errFeedbackRequired = &hiregate.Error{Code: hiregate.ECONFLICT, OAuth: hiregate.ErrFeedbackRequired,
	Message: "This job's scorecard requires feedback before an offer, and no interviewer has submitted any yet"}

// accessReader is the part of a store (or of a transaction's view) the
// rules read a caller's team facts from.
type accessReader interface {
	JobAccess(ctx context.Context, jobID, applicationID, userID string) (store.Access, error)
}

// relation reads how the caller stands to a job (and an application of
// it, when applicationID is not ""). Candidates and admins have no team
// part, so nothing is read for them.
func (s *Service) relation(ctx context.Context, p *caller.Principal, jobID, applicationID string) (hiregate.JobRelation, error) {
	return relationOn(ctx, s.st, p, jobID, applicationID)
}

func relationOn(ctx context.Context, r accessReader, p *caller.Principal, jobID, applicationID string) (hiregate.JobRelation, error) {
	if p.Role != hiregate.RoleRecruiter && p.Role != hiregate.RoleInterviewer {
		return hiregate.JobRelation{}, nil
	}
	a, err := r.JobAccess(ctx, jobID, applicationID, p.UserID)
	if err != nil {
		return hiregate.JobRelation{}, err
	}
	return hiregate.JobRelation{TeamRole: a.TeamRole, Interviewing: a.Interviewing}, nil
}

// publish sends e with its staff audience read now, so the event reaches
// the team as it is when the change committed. Without the audience the
// event still reaches the owner, admins and the candidate.
func (s *Service) publish(ctx context.Context, e events.Event, q store.AudienceQuery) {
	if r, i, err := s.st.EventAudience(ctx, q); err == nil {
		if len(r) > 0 {
			e.Audience.TeamRecruiters = r
		}
		if len(i) > 0 {
			e.Audience.Interviewers = i
		}
	}
	s.pub.Publish(ctx, e)
}

// jobFor loads a job with how the caller stands to it; a job the caller
// may not see is ENOTFOUND.
func (s *Service) jobFor(ctx context.Context, p *caller.Principal, jobID string) (*hiregate.Job, hiregate.JobRelation, error) {
	j, err := s.st.JobByID(ctx, jobID)
	if err != nil {
		return nil, hiregate.JobRelation{}, err
	}
	rel, err := s.relation(ctx, p, j.ID, "")
	if err != nil {
		return nil, rel, err
	}
	if !hiregate.CanManageJob(p.UserID, p.Role, j.Recruiter.ID) && !rel.OnTeam() {
		return nil, rel, errJobNotFound
	}
	return j, rel, nil
}

// Team returns a job's team: for its owner, its team and admins.
func (s *Service) Team(ctx context.Context, p *caller.Principal, jobID string) (*hiregate.Team, error) {
	j, _, err := s.jobFor(ctx, p, jobID)
	if err != nil {
		return nil, err
	}
	members, err := s.st.TeamMembers(ctx, j.ID)
	if err != nil {
		return nil, err
	}
	return &hiregate.Team{JobID: j.ID, Owner: j.Recruiter, Members: nonNil(members)}, nil
}

// SetTeam replaces a job's team: its owner or an admin. A team member who
// is not the owner may see the job but not change its team (404 as for a
// change to anything they may not touch, the job being visible: 403
// would not hide more). Removal takes effect at the member's next request:
// every rule reads the team from the store.
func (s *Service) SetTeam(ctx context.Context, p *caller.Principal, jobID string, req hiregate.PutTeamRequest) (*hiregate.Team, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var job *hiregate.Job
	members, err := s.st.SetTeam(ctx, jobID, req.Members, s.now(), func(j *hiregate.Job) error {
		if !hiregate.CanManageJob(p.UserID, p.Role, j.Recruiter.ID) {
			return errJobNotFound
		}
		job = j
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.publish(ctx, events.JobUpdated(job.Status, job), store.AudienceQuery{JobID: job.ID})
	return &hiregate.Team{JobID: job.ID, Owner: job.Recruiter, Members: nonNil(members)}, nil
}

// SearchStaff lists the accounts a recruiter may put on a team.
func (s *Service) SearchStaff(ctx context.Context, f hiregate.StaffFilter) ([]hiregate.StaffUser, error) {
	if f.Role != "" && f.Role != hiregate.RoleRecruiter && f.Role != hiregate.RoleInterviewer {
		return nil, hiregate.ValidationError(map[string]string{"role": "must be recruiter or interviewer"})
	}
	if len(f.Q) > hiregate.MaxSearchLen {
		return nil, hiregate.ValidationError(map[string]string{"q": "must be at most 200 characters"})
	}
	out, err := s.st.SearchStaff(ctx, f)
	return nonNil(out), err
}

// Scorecard returns a job's scorecard: for its owner, its team and admins.
func (s *Service) Scorecard(ctx context.Context, p *caller.Principal, jobID string) (*hiregate.Scorecard, error) {
	j, _, err := s.jobFor(ctx, p, jobID)
	if err != nil {
		return nil, err
	}
	return s.st.Scorecard(ctx, j.ID)
}

// PutScorecard replaces a job's scorecard: its owner or an admin.
func (s *Service) PutScorecard(ctx context.Context, p *caller.Principal, jobID string, req hiregate.PutScorecardRequest) (*hiregate.Scorecard, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	j, _, err := s.jobFor(ctx, p, jobID)
	if err != nil {
		return nil, err
	}
	if !hiregate.CanManageJob(p.UserID, p.Role, j.Recruiter.ID) {
		return nil, errJobNotFound
	}
	sc := &hiregate.Scorecard{JobID: j.ID, Criteria: req.Criteria, RequiredBeforeOffer: req.RequiredBeforeOffer, UpdatedAt: s.now()}
	for i := range sc.Criteria {
		sc.Criteria[i].Name = trimmed(sc.Criteria[i].Name)
	}
	if sc.Criteria == nil {
		sc.Criteria = []hiregate.Criterion{}
	}
	if err := s.st.PutScorecard(ctx, sc); err != nil {
		return nil, err
	}
	s.publish(ctx, events.JobUpdated(j.Status, j), store.AudienceQuery{JobID: j.ID})
	return sc, nil
}

// SubmitFeedback writes the caller's feedback on an interview: an
// interviewer of it who may see its application, once it has started,
// until the application is final. Checked in the store's transaction,
// which holds the application against a move meanwhile.
func (s *Service) SubmitFeedback(ctx context.Context, p *caller.Principal, interviewID string, req hiregate.FeedbackRequest) (*hiregate.Feedback, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	now := s.now()
	f := &hiregate.Feedback{InterviewID: interviewID, Author: hiregate.UserRef{ID: p.UserID},
		Ratings: req.Ratings, Recommendation: req.Recommendation, Notes: req.Notes}
	if f.Ratings == nil {
		f.Ratings = map[string]int{}
	}
	var iv *store.InterviewRecord
	err := s.st.PutFeedback(ctx, f, now, func(r *store.InterviewRecord, sc *hiregate.Scorecard) error {
		if _, err := s.interviewAccess(ctx, p, r); err != nil || !assigned(r, p.UserID) {
			return errInterviewNotFound
		}
		iv = r
		switch {
		case r.Status == hiregate.InterviewCancelled:
			return hiregate.Errorf(hiregate.ECONFLICT, "The interview was cancelled")
		case now.Before(r.StartsAt):
			return hiregate.Errorf(hiregate.ECONFLICT, "Feedback opens when the interview starts (%s)", r.StartsAt.Format("2006-01-02 15:04 UTC"))
		case r.ApplicationStatus.Final():
			return hiregate.Errorf(hiregate.ECONFLICT, "The application is %s; feedback can no longer change", r.ApplicationStatus)
		}
		return req.CheckCriteria(sc)
	})
	if err != nil {
		return nil, err
	}
	s.publish(ctx, events.FeedbackSubmitted(iv.ID, iv.Application(), iv.JobOwnerID),
		store.AudienceQuery{JobID: iv.Job.ID, ApplicationID: iv.ApplicationID, Feedback: true})
	return f, nil
}

// MyFeedback returns the caller's own feedback on an interview.
func (s *Service) MyFeedback(ctx context.Context, p *caller.Principal, interviewID string) (*hiregate.Feedback, error) {
	if _, err := s.Interview(ctx, p, interviewID); err != nil {
		return nil, err
	}
	return s.st.Feedback(ctx, interviewID, p.UserID)
}

// ApplicationFeedback returns the scorecard and the feedback of an
// application: for the job's owner, team recruiters and admins; for an
// interviewer of it only once they submitted their own, so that first
// impressions stay their own.
func (s *Service) ApplicationFeedback(ctx context.Context, p *caller.Principal, applicationID string) (*hiregate.ApplicationFeedback, error) {
	a, actor, err := s.visibleApplication(ctx, p, applicationID)
	if err != nil {
		return nil, err
	}
	if actor == hiregate.ActorCandidate {
		return nil, errApplicationNotFound
	}
	items, err := s.st.ApplicationFeedback(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	if actor == hiregate.ActorInterviewer && !authored(items, p.UserID) {
		return nil, hiregate.Errorf(hiregate.ENOTFOUND, "Feedback is shown once you have submitted yours")
	}
	sc, err := s.st.Scorecard(ctx, a.Job.ID)
	if err != nil {
		return nil, err
	}
	return &hiregate.ApplicationFeedback{Scorecard: *sc, Items: items}, nil
}

func authored(items []hiregate.Feedback, userID string) bool {
	for _, f := range items {
		if f.Author.ID == userID {
			return true
		}
	}
	return false
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// isNotFound reports whether err is an ENOTFOUND.
func isNotFound(err error) bool {
	var e *hiregate.Error
	return errors.As(err, &e) && e.Code == hiregate.ENOTFOUND
}
