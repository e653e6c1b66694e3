package accounts

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// PrivacyStore is the storage export and erasure read and write.
type PrivacyStore interface {
	ListApplications(ctx context.Context, f hiregate.ApplicationFilter) ([]hiregate.Application, string, error)
	ResumeMeta(ctx context.Context, applicationIDs []string) (map[string]*hiregate.Resume, error)
	ListJobs(ctx context.Context, f hiregate.JobFilter) ([]hiregate.Job, string, error)
	ListInterviews(ctx context.Context, q store.InterviewQuery) ([]store.InterviewRecord, string, error)
	AuthorFeedback(ctx context.Context, authorID string) ([]hiregate.Feedback, error)
	EraseUser(ctx context.Context, userID string, e store.Erasure, now time.Time) error
	UserMessages(ctx context.Context, userID string, limit int, cursor string) ([]hiregate.Message, string, error)
	store.Demographics
}

// exportPage is how many rows an export reads at a time.
const exportPage = hiregate.MaxPageLimit

// Export gathers everything stored about the caller (GET
// /users/me/export): the account, live sessions, applications with their
// history and resume metadata (the file is linked, not inlined), jobs they
// posted, the messages on their applications and those they wrote, their
// interviews and the feedback they wrote, and the audit events about them.
// Password hashes, refresh token
// hashes and recruiters' notes are never part of it.
func (s *Service) Export(ctx context.Context, p *caller.Principal) (*hiregate.Export, error) {
	u, err := s.st.UserByID(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	out := &hiregate.Export{ExportedAt: time.Now().UTC(), User: u.User,
		Applications: []hiregate.Application{}, Jobs: []hiregate.Job{}, AuditEvents: []hiregate.AuditEvent{},
		Messages: []hiregate.Message{}}
	if out.Sessions, err = s.auth.Sessions(ctx, p); err != nil {
		return nil, err
	}
	err = walk(func(cursor string) (string, error) {
		apps, next, err := s.st.ListApplications(ctx, hiregate.ApplicationFilter{CandidateID: p.UserID, Limit: exportPage, Cursor: cursor})
		if err != nil {
			return "", err
		}
		ids := make([]string, len(apps))
		for i := range apps {
			ids[i] = apps[i].ID
		}
		meta, err := s.st.ResumeMeta(ctx, ids)
		if err != nil {
			return "", err
		}
		for _, a := range apps {
			if r := meta[a.ID]; r != nil {
				r.URL = hiregate.ResumeURL(a.ID)
				a.Resume = r
			}
			out.Applications = append(out.Applications, a)
		}
		return next, nil
	})
	if err != nil {
		return nil, err
	}
	if p.Role != hiregate.RoleCandidate {
		err = walk(func(cursor string) (string, error) {
			jobs, next, err := s.st.ListJobs(ctx, hiregate.JobFilter{RecruiterID: p.UserID, Limit: exportPage, Cursor: cursor})
			out.Jobs = append(out.Jobs, jobs...)
			return next, err
		})
		if err != nil {
			return nil, err
		}
	}
	q := store.InterviewQuery{CandidateID: p.UserID, Limit: exportPage}
	if p.Role != hiregate.RoleCandidate {
		q = store.InterviewQuery{InterviewerID: p.UserID, AnyJob: true, Limit: exportPage}
		if out.Feedback, err = s.st.AuthorFeedback(ctx, p.UserID); err != nil {
			return nil, err
		}
	}
	err = walk(func(cursor string) (string, error) {
		q.Cursor = cursor
		recs, next, err := s.st.ListInterviews(ctx, q)
		// An interviewer's copy names a blind candidate no more than
		// the interview does.
		for i := range recs {
			out.Interviews = append(out.Interviews, recs[i].SeenBy(p.UserID, p.Role))
		}
		return next, err
	})
	if err != nil {
		return nil, err
	}
	err = walk(func(cursor string) (string, error) {
		msgs, next, err := s.st.UserMessages(ctx, p.UserID, exportPage, cursor)
		out.Messages = append(out.Messages, msgs...)
		return next, err
	})
	if err != nil {
		return nil, err
	}
	err = walk(func(cursor string) (string, error) {
		events, next, err := s.st.ListAudit(ctx, hiregate.AuditFilter{UserID: p.UserID, Limit: exportPage, Cursor: cursor})
		out.AuditEvents = append(out.AuditEvents, events...)
		return next, err
	})
	if err != nil {
		return nil, err
	}
	d, err := s.st.Demographics(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	if d.UpdatedAt != nil {
		out.Demographics = d
	}
	return out, nil
}

// walk calls page with "" and then each next cursor until there is none.
func walk(page func(cursor string) (string, error)) error {
	cursor := ""
	for {
		next, err := page(cursor)
		if err != nil || next == "" {
			return err
		}
		cursor = next
	}
}

// Erase erases the caller's account (DELETE /users/me) after checking
// their password (wrong guesses count against the login throttle). Only a
// candidate may: recruiters and admins are deactivated by an admin, since
// jobs and decisions hang on them. The applications stay, anonymised, so
// reports keep their counts; every session ends with the account.
func (s *Service) Erase(ctx context.Context, p *caller.Principal, req hiregate.EraseAccountRequest, ci caller.ClientInfo) error {
	if err := req.Validate(); err != nil {
		return err
	}
	if p.Role != hiregate.RoleCandidate {
		return hiregate.Errorf(hiregate.ECONFLICT, "Only candidates erase their own account; an admin deactivates recruiters and admins")
	}
	if err := s.auth.VerifyPassword(ctx, p, req.CurrentPassword, ci); err != nil {
		return err
	}
	e := store.Erasure{Email: hiregate.ErasedEmail(p.UserID), FullName: hiregate.ErasedName}
	if err := s.st.EraseUser(ctx, p.UserID, e, time.Now().UTC()); err != nil {
		return err
	}
	// The account's streams on other devices end now, saying why.
	s.pub.Publish(ctx, events.SessionsRevoked(p.UserID, "", hiregate.ReasonErased))
	s.auth.Audit(ctx, hiregate.AuditAccountErased, p.UserID, "", ci, "by the user")
	return nil
}
