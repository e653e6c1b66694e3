package hiring

import (
	"context"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Apply files the caller's application to a job. A closed job is refused
// inside the store's transaction (hiregate.CheckOpenForApplications), a
// second application by its unique constraint.
func (s *Service) Apply(ctx context.Context, p *caller.Principal, jobID string, req hiregate.CreateApplicationRequest) (*hiregate.Application, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	a := &hiregate.Application{
		Job:         hiregate.JobRef{ID: jobID},
		Candidate:   hiregate.CandidateRef{ID: p.UserID},
		CoverLetter: req.CoverLetter,
		ResumeText:  req.ResumeText,
	}
	var owner string
	err := s.st.Atomic(ctx, func(tx store.Store) error {
		var job *hiregate.Job
		err := tx.CreateApplication(ctx, a, s.now(), func(j *hiregate.Job) error {
			owner, job = j.Recruiter.ID, j
			return hiregate.CheckOpenForApplications(j)
		})
		if err != nil {
			return err
		}
		if err := scoreApplication(ctx, tx, job, store.ScoreInput{ApplicationID: a.ID, ResumeText: a.ResumeText, CoverLetter: a.CoverLetter}); err != nil {
			return err
		}
		return s.notify(ctx, tx, receivedMail(a))
	})
	if err != nil {
		return nil, err
	}
	s.publish(ctx, events.ApplicationCreated(a, owner), store.AudienceQuery{JobID: a.Job.ID, ApplicationID: a.ID})
	return a, nil
}

// checkStageFilter validates f and spells its sort the one way the rules
// below compare it ("arrival" is SortArrival).
func checkStageFilter(f *hiregate.ApplicationFilter) error {
	if f.Status != "" && !f.Status.Valid() {
		return hiregate.ValidationError(map[string]string{"status": "unknown application status"})
	}
	sort, err := hiregate.ParseApplicationSort(string(f.Sort))
	if err != nil {
		return err
	}
	f.Sort = sort
	return nil
}

// MyApplications lists the caller's own applications.
func (s *Service) MyApplications(ctx context.Context, p *caller.Principal, f hiregate.ApplicationFilter) ([]hiregate.Application, string, error) {
	if err := checkStageFilter(&f); err != nil {
		return nil, "", err
	}
	if f.Sort != hiregate.SortArrival {
		return nil, "", hiregate.ValidationError(map[string]string{"sort": "only a job's applications can be sorted by match"})
	}
	f.JobID, f.CandidateID = "", p.UserID
	apps, next, err := s.st.ListApplications(ctx, f)
	if err != nil {
		return nil, "", err
	}
	if err := s.withResumes(ctx, apps); err != nil {
		return nil, "", err
	}
	// A candidate's own applications are never masked for them; blind
	// runs anyway so no list of applications leaves without it.
	if err := s.blind(ctx, p, nil, apps); err != nil {
		return nil, "", err
	}
	return apps, next, nil
}

// JobApplications lists the applications to a job the caller manages.
func (s *Service) JobApplications(ctx context.Context, p *caller.Principal, jobID string, f hiregate.ApplicationFilter) ([]hiregate.Application, string, error) {
	if err := checkStageFilter(&f); err != nil {
		return nil, "", err
	}
	j, err := s.st.JobByID(ctx, jobID)
	if err != nil {
		return nil, "", err
	}
	rel, err := s.relation(ctx, p, j.ID, "")
	if err != nil {
		return nil, "", err
	}
	if !hiregate.CanWorkOnJob(p.UserID, p.Role, j.Recruiter.ID, rel) {
		return nil, "", errJobNotFound
	}
	f.JobID, f.CandidateID = j.ID, ""
	var apps []hiregate.Application
	var next string
	if f.Sort == hiregate.SortMatch {
		apps, next, err = s.rankedApplications(ctx, p, j, f)
	} else {
		apps, next, err = s.st.ListApplications(ctx, f)
	}
	if err != nil {
		return nil, "", err
	}
	if err := s.withResumes(ctx, apps); err != nil {
		return nil, "", err
	}
	if err := s.blind(ctx, p, j, apps); err != nil {
		return nil, "", err
	}
	return apps, next, nil
}

// Application returns an application the caller relates to (its candidate,
// the job's owner, an admin), or ENOTFOUND: another user's application is
// indistinguishable from none.
func (s *Service) Application(ctx context.Context, p *caller.Principal, id string) (*hiregate.Application, error) {
	a, _, err := s.visibleApplication(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return s.withResume(ctx, p, &a.Application)
}

// withResume fills in a's resume metadata and applies blind review for p:
// how one application is handed to a caller.
func (s *Service) withResume(ctx context.Context, p *caller.Principal, a *hiregate.Application) (*hiregate.Application, error) {
	apps := []hiregate.Application{*a}
	if err := s.withResumes(ctx, apps); err != nil {
		return nil, err
	}
	if err := s.blind(ctx, p, nil, apps); err != nil {
		return nil, err
	}
	return &apps[0], nil
}

func (s *Service) visibleApplication(ctx context.Context, p *caller.Principal, id string) (*store.ApplicationRecord, hiregate.Actor, error) {
	a, err := s.st.ApplicationByID(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	rel, err := s.relation(ctx, p, a.Job.ID, a.ID)
	if err != nil {
		return nil, 0, err
	}
	actor, ok := hiregate.ApplicationAccess(p.UserID, p.Role, a.Candidate.ID, a.JobOwnerID, rel)
	if !ok {
		return nil, 0, errApplicationNotFound
	}
	return a, actor, nil
}

// MoveApplication moves an application through the pipeline: the job's
// owner forward or to rejected, its candidate to withdrawn only. The rule is
// checked inside the store's transaction, against the current status.
func (s *Service) MoveApplication(ctx context.Context, p *caller.Principal, id string, req hiregate.UpdateApplicationRequest) (*hiregate.Application, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	// The store fills in the mover's name inside its transaction. The
	// rules are checked in that transaction, against the current status,
	// team and feedback: a submission racing a move to offer is either
	// seen or not yet committed, never half way.
	m := store.Move{To: req.Status, By: hiregate.UserRef{ID: p.UserID}, Reason: req.Reason}
	var a *store.ApplicationRecord
	err := s.st.Atomic(ctx, func(tx store.Store) error {
		var actor hiregate.Actor
		var err error
		a, err = tx.MoveApplicationWith(ctx, id, m, s.now(), func(a *store.ApplicationRecord) error {
			rel, err := relationOn(ctx, tx, p, a.Job.ID, a.ID)
			if err != nil {
				return err
			}
			var ok bool
			actor, ok = hiregate.ApplicationAccess(p.UserID, p.Role, a.Candidate.ID, a.JobOwnerID, rel)
			if !ok {
				return errApplicationNotFound
			}
			if err := hiregate.CheckTransition(a.Status, req.Status, actor); err != nil {
				return err
			}
			if req.Status != hiregate.StageOffer {
				return nil
			}
			blocked, err := tx.OfferGate(ctx, a.ID)
			if err != nil {
				return err
			}
			if blocked {
				return errFeedbackRequired
			}
			return nil
		})
		// The candidate hears about what the job's people did, unless
		// they chose to send nothing; never about their own withdrawal.
		if err != nil || actor != hiregate.ActorRecruiter || !req.Notifies() {
			return err
		}
		return s.notify(ctx, tx, moveMail(&a.Application, req.Reason))
	})
	if err != nil {
		return nil, err
	}
	ev := events.ApplicationMoved(&a.Application, a.JobOwnerID)
	s.blindEvent(ctx, &ev, &a.Application)
	s.publish(ctx, ev, store.AudienceQuery{JobID: a.Job.ID, ApplicationID: a.ID})
	return s.withResume(ctx, p, &a.Application)
}

// managedApplication loads an application whose job the caller works on:
// notes are for the job's owner, team recruiters and admins, never for the
// candidate or an interviewer.
func (s *Service) managedApplication(ctx context.Context, p *caller.Principal, id string) (*store.ApplicationRecord, error) {
	a, actor, err := s.visibleApplication(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if actor != hiregate.ActorRecruiter {
		return nil, errApplicationNotFound
	}
	return a, nil
}

// AddNote adds a private note to an application the caller manages.
func (s *Service) AddNote(ctx context.Context, p *caller.Principal, applicationID string, req hiregate.CreateNoteRequest) (*hiregate.Note, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	a, err := s.managedApplication(ctx, p, applicationID)
	if err != nil {
		return nil, err
	}
	n := &hiregate.Note{ApplicationID: a.ID, Body: req.Body, Author: hiregate.UserRef{ID: p.UserID}}
	if err := s.st.CreateNote(ctx, n, s.now()); err != nil {
		return nil, err
	}
	s.publish(ctx, events.NoteAdded(n, &a.Application, a.JobOwnerID), store.AudienceQuery{JobID: a.Job.ID, ApplicationID: a.ID})
	return n, nil
}

// Notes lists the notes of an application the caller manages, oldest first.
func (s *Service) Notes(ctx context.Context, p *caller.Principal, applicationID string, limit int, cursor string) ([]hiregate.Note, string, error) {
	a, err := s.managedApplication(ctx, p, applicationID)
	if err != nil {
		return nil, "", err
	}
	return s.st.ListNotes(ctx, a.ID, limit, cursor)
}

// Viewer is who a live-event stream opened by p is for: a candidate's
// applied-to jobs stay visible to them after they close, so the stream
// keeps telling them about those jobs.
func (s *Service) Viewer(ctx context.Context, p *caller.Principal) (events.Viewer, error) {
	v := events.Viewer{UserID: p.UserID, Role: p.Role, SessionID: p.SessionID}
	if p.Role != hiregate.RoleCandidate {
		return v, nil
	}
	f := hiregate.ApplicationFilter{CandidateID: p.UserID, Limit: hiregate.MaxPageLimit}
	for {
		apps, next, err := s.st.ListApplications(ctx, f)
		if err != nil {
			return v, err
		}
		for _, a := range apps {
			v.AppliedJobs = append(v.AppliedJobs, a.Job.ID)
		}
		if next == "" {
			return v, nil
		}
		f.Cursor = next
	}
}
