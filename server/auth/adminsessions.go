package auth

import (
	"context"
	"fmt"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// An admin looks at and ends someone else's sessions without deactivating
// them: a lost laptop, a shared terminal left signed in. Both are audited
// on the person's account, since where and from what they sign in is
// theirs.

// UserSessions lists a user's live sessions for an admin.
func (s *Service) UserSessions(ctx context.Context, actor *caller.Principal, userID string, ci caller.ClientInfo) ([]hiregate.Session, error) {
	u, err := s.adminTarget(ctx, actor, userID)
	if err != nil {
		return nil, err
	}
	recs, err := s.st.ListSessions(ctx, u.ID, s.now())
	if err != nil {
		return nil, err
	}
	s.audit(ctx, hiregate.AuditSessionsViewed, u.ID, u.Email, ci, s.ByAdmin(ctx, actor))
	return sessionViews(recs, actor.SessionID), nil
}

// RevokeUserSession ends one session of a user for an admin; ENOTFOUND
// when the session is not that user's or already over.
func (s *Service) RevokeUserSession(ctx context.Context, actor *caller.Principal, userID, sessionID string, ci caller.ClientInfo) error {
	u, err := s.adminTarget(ctx, actor, userID)
	if err != nil {
		return err
	}
	if sessionID == "" || len(sessionID) > 128 {
		return hiregate.Errorf(hiregate.ENOTFOUND, "Session not found")
	}
	if err := s.st.RevokeSession(ctx, u.ID, sessionID, s.now()); err != nil {
		return err
	}
	s.forgetTouch(sessionID)
	s.cfg.Events.Publish(ctx, events.SessionRevoked(u.ID, sessionID, hiregate.ReasonRevokedByAdmin))
	s.audit(ctx, hiregate.AuditSessionRevoked, u.ID, u.Email, ci, "session "+sessionID+" "+s.ByAdmin(ctx, actor))
	return nil
}

// RevokeUserSessions ends every session of a user for an admin. An admin
// ending their own keeps the one they are using, as "sign out everywhere
// else" would.
func (s *Service) RevokeAllUserSessions(ctx context.Context, actor *caller.Principal, userID string, ci caller.ClientInfo) (int, error) {
	u, err := s.adminTarget(ctx, actor, userID)
	if err != nil {
		return 0, err
	}
	keep := ""
	if u.ID == actor.UserID {
		keep = actor.SessionID
	}
	n, err := s.st.RevokeUserSessions(ctx, u.ID, keep, s.now())
	if err != nil {
		return 0, err
	}
	s.cfg.Events.Publish(ctx, events.SessionsRevoked(u.ID, keep, hiregate.ReasonRevokedByAdmin))
	s.audit(ctx, hiregate.AuditSessionRevoked, u.ID, u.Email, ci, fmt.Sprintf("all sessions (%d revoked) %s", n, s.ByAdmin(ctx, actor)))
	return n, nil
}

func (s *Service) adminTarget(ctx context.Context, actor *caller.Principal, userID string) (*hiregate.User, error) {
	if actor == nil {
		return nil, fresh(errNotAuthenticated)
	}
	if actor.Role != hiregate.RoleAdmin {
		return nil, hiregate.ErrAccessDenied(hiregate.RoleAdmin)
	}
	u, err := s.st.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	return &u.User, nil
}
