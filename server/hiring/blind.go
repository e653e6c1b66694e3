package hiring

import (
	"context"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// blind applies blind review for p to apps, in place: every application
// on a job in blind review that has not reached the job's stage is
// masked (hiregate.MaskApplication) unless p is its candidate or an
// admin. It is the one place masking happens: every use case that hands
// applications to a caller ends with it. known is a job the caller
// already read (or nil), saving its second read.
func (s *Service) blind(ctx context.Context, p *caller.Principal, known *hiregate.Job, apps []hiregate.Application) error {
	if p.Role == hiregate.RoleAdmin {
		return nil
	}
	stages := map[string]hiregate.Stage{}
	if known != nil {
		stages[known.ID] = blindStage(known)
	}
	for i := range apps {
		a := &apps[i]
		if a.Candidate.ID == p.UserID {
			continue
		}
		stage, ok := stages[a.Job.ID]
		if !ok {
			j, err := s.st.JobByID(ctx, a.Job.ID)
			if err != nil {
				return err
			}
			stage = blindStage(j)
			stages[j.ID] = stage
		}
		if hiregate.MustBlind(p.UserID, p.Role, stage, a) {
			hiregate.MaskApplication(a)
		}
	}
	return nil
}

// blindOne is blind for one application.
func (s *Service) blindOne(ctx context.Context, p *caller.Principal, a *hiregate.Application) (*hiregate.Application, error) {
	apps := []hiregate.Application{*a}
	if err := s.blind(ctx, p, nil, apps); err != nil {
		return nil, err
	}
	return &apps[0], nil
}

// blindEvent has the broker name the candidate by the alias in e's By
// (their own move or message) for the job's staff while its blind review
// hides them (events.Audience.BlindAlias): a stream is shared by viewers
// the service does not see. A failed read of the job masks, since the
// event goes out whatever happens.
func (s *Service) blindEvent(ctx context.Context, e *events.Event, a *hiregate.Application) {
	if e.Data.By == nil || e.Data.By.ID != a.Candidate.ID {
		return
	}
	j, err := s.st.JobByID(ctx, a.Job.ID)
	if err != nil || hiregate.HidesCandidate(blindStage(j), a) {
		e.Audience.BlindAlias = hiregate.BlindAlias(a.ID)
	}
}

func blindStage(j *hiregate.Job) hiregate.Stage {
	if j.BlindUntil == nil {
		return ""
	}
	return *j.BlindUntil
}

// blindInterviews is blind for interviews: each as p may see it
// (store.InterviewRecord.SeenBy, the same rule on the interview's
// application), so an interview never names a candidate its application
// hides.
func blindInterviews(p *caller.Principal, recs []store.InterviewRecord) []hiregate.Interview {
	out := make([]hiregate.Interview, len(recs))
	for i := range recs {
		out[i] = recs[i].SeenBy(p.UserID, p.Role)
	}
	return out
}
