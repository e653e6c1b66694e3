package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// HashPassword hashes password at the configured cost, at most
// HashConcurrency at a time. A password the domain refuses is an EINVALID
// error on field. Account administration (server/accounts) hashes through
// it so that every hash in the database is made the same way.
func (s *Service) HashPassword(ctx context.Context, field, password string) (string, error) {
	return s.hash.Hash(ctx, field, password)
}

// Login checks an email and password (the OAuth2 password grant) and starts
// a session. Bad email, bad password and deactivated account are the same
// error after the same bcrypt work; guesses are throttled per account and
// per client address before the password is looked at.
func (s *Service) Login(ctx context.Context, email, password string, ci caller.ClientInfo) (*hiregate.TokenResponse, error) {
	email = hiregate.NormalizeEmail(email)
	if email == "" || password == "" {
		return nil, &hiregate.Error{Code: hiregate.EBADREQUEST, Message: "username and password are required", OAuth: hiregate.OAuthInvalidRequest}
	}
	if len(email) > hiregate.MaxEmailLen {
		// No account can have this email; don't spend throttle rows on it,
		// but still spend the bcrypt time.
		_, _ = s.hash.Compare(ctx, s.dummy, password)
		s.audit(ctx, hiregate.AuditLoginFailed, "", truncate(email, hiregate.MaxEmailLen), ci, "email too long")
		return nil, fresh(errInvalidCredentials)
	}
	ids, err := s.reserve(ctx, email, ci)
	if err != nil {
		return nil, err
	}
	u, err := s.st.UserByEmail(ctx, email)
	switch {
	case hiregate.ErrorCode(err) == hiregate.ENOTFOUND:
		if _, err := s.hash.Compare(ctx, s.dummy, password); err != nil {
			s.unreserve(ctx, ids, err)
			return nil, err
		}
		s.audit(ctx, hiregate.AuditLoginFailed, "", email, ci, "unknown email")
		return nil, fresh(errInvalidCredentials)
	case err != nil:
		return nil, err
	}
	ok, err := s.hash.Compare(ctx, []byte(u.PasswordHash), password)
	if err != nil {
		s.unreserve(ctx, ids, err)
		return nil, err
	}
	if !ok {
		s.audit(ctx, hiregate.AuditLoginFailed, u.ID, email, ci, "wrong password")
		return nil, fresh(errInvalidCredentials)
	}
	if !u.Active {
		s.audit(ctx, hiregate.AuditLoginFailed, u.ID, email, ci, "account deactivated")
		return nil, fresh(errInvalidCredentials)
	}
	// A successful login is not a guess.
	if err := s.st.ReleaseAttempts(context.WithoutCancel(ctx), ids); err != nil {
		s.log.ErrorContext(ctx, "releasing login attempts failed", "err", err)
	}
	if s.hash.needsRehash([]byte(u.PasswordHash)) {
		s.rehash(ctx, u.ID, password)
	}
	if u.MFA {
		return nil, s.challenge(ctx, u)
	}
	tr, err := s.startSession(ctx, &u.User, ci)
	if err != nil {
		return nil, err
	}
	s.audit(ctx, hiregate.AuditLoginOK, u.ID, email, ci, "")
	return tr, nil
}

// reserve records one login attempt against the account and the client
// address, or returns ETHROTTLED when either is over its limit.
func (s *Service) reserve(ctx context.Context, email string, ci caller.ClientInfo) ([]int64, error) {
	limits := []store.Limit{{Key: "acct:" + email, Max: s.cfg.AccountLimit, Window: s.cfg.Window}}
	// Logins from inside the process (CLI, tests) have no address; a shared
	// "ip:" key would throttle them all together.
	if ci.IP != "" {
		limits = append(limits, store.Limit{Key: "ip:" + ci.IP, Max: s.cfg.IPLimit, Window: s.cfg.Window})
	}
	ids, err := s.st.ReserveAttempts(ctx, limits, s.now())
	var he *hiregate.Error
	if errors.As(err, &he) && he.Code == hiregate.ETHROTTLED {
		s.audit(ctx, hiregate.AuditThrottled, "", email, ci, "login throttled")
		return nil, &hiregate.Error{Code: hiregate.ETHROTTLED, Message: hiregate.MsgTooManyAttempts, RetryAfter: max(he.RetryAfter, 1)}
	} else if err != nil {
		return nil, err
	}
	return ids, nil
}

// unreserve gives back the attempts of a password check that was refused
// before the password was looked at (hashing too busy, or its worker
// died): it guessed nothing, and must not lock the account out.
func (s *Service) unreserve(ctx context.Context, ids []int64, err error) {
	if hiregate.ErrorCode(err) != hiregate.EUNAVAILABLE {
		return
	}
	if rerr := s.st.ReleaseAttempts(context.WithoutCancel(ctx), ids); rerr != nil {
		s.log.ErrorContext(ctx, "releasing login attempts failed", "err", rerr)
	}
}

// rehash stores password's hash at the configured cost. It is best effort:
// the login has already succeeded and the old hash still works.
func (s *Service) rehash(ctx context.Context, userID, password string) {
	hash, err := s.hash.Hash(ctx, "password", password)
	if err != nil {
		s.log.ErrorContext(ctx, "rehashing password failed", "user_id", userID, "err", err)
		return
	}
	if _, err := s.st.UpdateUser(ctx, userID, store.UserChange{PasswordHash: &hash}, false, ""); err != nil {
		s.log.ErrorContext(ctx, "storing rehashed password failed", "user_id", userID, "err", err)
	}
}

func (s *Service) startSession(ctx context.Context, u *hiregate.User, ci caller.ClientInfo) (*hiregate.TokenResponse, error) {
	now := s.now()
	refresh, refreshHash := newRefreshToken()
	sess := &store.SessionRecord{
		ID:         newID(),
		UserID:     u.ID,
		CreatedAt:  now,
		LastUsedAt: now,
		ExpiresAt:  now.Add(s.cfg.RefreshTTL),
		IP:         ci.IP,
		UserAgent:  truncate(ci.UserAgent, 512),
	}
	if err := s.st.CreateSession(ctx, sess, refreshHash); err != nil {
		return nil, err
	}
	return s.tokenResponse(u.ID, u.Role, sess.ID, refresh)
}

func (s *Service) tokenResponse(userID string, role hiregate.Role, sid, refresh string) (*hiregate.TokenResponse, error) {
	at, err := s.issueAccessToken(userID, role, sid)
	if err != nil {
		return nil, err
	}
	return &hiregate.TokenResponse{
		AccessToken:  at,
		TokenType:    "bearer",
		ExpiresIn:    int(s.cfg.AccessTTL.Seconds()),
		RefreshToken: refresh,
	}, nil
}

// Refresh spends a refresh token for a new access and refresh token in the
// same session (the OAuth2 refresh_token grant). A spent token presented
// again revokes the session.
func (s *Service) Refresh(ctx context.Context, refreshToken string, ci caller.ClientInfo) (*hiregate.TokenResponse, error) {
	if refreshToken == "" {
		return nil, &hiregate.Error{Code: hiregate.EBADREQUEST, Message: "refresh_token is required", OAuth: hiregate.OAuthInvalidRequest}
	}
	if len(refreshToken) > maxTokenLen {
		return nil, fresh(errInvalidCredentials)
	}
	now := s.now()
	next, nextHash := newRefreshToken()
	sess, err := s.st.RotateRefresh(ctx, hashRefresh(refreshToken), nextHash, now, now.Add(s.cfg.RefreshTTL))
	switch {
	case errors.Is(err, store.ErrRefreshReuse):
		userID, sid := "", ""
		if sess != nil {
			userID, sid = sess.UserID, sess.ID
			s.forgetTouch(sid)
			s.cfg.Events.Publish(ctx, events.SessionRevoked(userID, sid, hiregate.ReasonTokenReuse))
		}
		s.audit(ctx, hiregate.AuditRefreshReuse, userID, "", ci, "spent refresh token presented again; session "+sid+" revoked")
		return nil, fresh(errInvalidCredentials)
	case errors.Is(err, store.ErrRefreshInvalid), hiregate.ErrorCode(err) == hiregate.EUNAUTHORIZED:
		return nil, fresh(errInvalidCredentials)
	case err != nil:
		return nil, err
	}
	u, err := s.st.UserByID(ctx, sess.UserID)
	switch {
	case hiregate.ErrorCode(err) == hiregate.ENOTFOUND:
		return nil, fresh(errInvalidCredentials)
	case err != nil:
		return nil, err
	}
	if !u.Active {
		// Deactivation revokes sessions; this only closes the gap with a
		// store that was changed behind the service's back.
		if _, err := s.st.RevokeUserSessions(ctx, u.ID, "", now); err != nil {
			s.log.ErrorContext(ctx, "revoking sessions of inactive user failed", "user_id", u.ID, "err", err)
		}
		return nil, fresh(errInvalidCredentials)
	}
	return s.tokenResponse(u.ID, u.Role, sess.ID, next)
}

// Authenticate verifies a bare access token (the HTTP layer has taken it
// out of the Authorization header, the one place that parses it) and checks
// that its session is still live, its user active and its role current.
func (s *Service) Authenticate(ctx context.Context, raw string) (*caller.Principal, error) {
	if raw == "" {
		return nil, fresh(errNotAuthenticated)
	}
	c, err := s.verifyAccessToken(raw)
	if err != nil {
		return nil, err
	}
	now := s.now()
	st, err := s.sessionState(ctx, c.SID, now)
	switch {
	case hiregate.ErrorCode(err) == hiregate.ENOTFOUND:
		return nil, fresh(errInvalidToken)
	case err != nil:
		return nil, fmt.Errorf("session state: %w", err)
	case st.UserID != c.Subject:
		return nil, fresh(errInvalidToken)
	case !st.Active:
		// The token's signature is good, so its holder signed in as this
		// user: saying why does not reveal the account to a stranger.
		s.forgetTouch(c.SID)
		return nil, fresh(errDeactivated)
	case st.Revoked, st.Role != c.Role:
		s.forgetTouch(c.SID)
		return nil, fresh(errSessionRevoked)
	}
	s.touch(ctx, c.SID, now)
	p := &caller.Principal{
		UserID: c.Subject, Role: c.Role, SessionID: c.SID, TokenID: c.ID,
		MFA: st.MFA, NeedsMFA: !st.MFA && s.requiresMFA(c.Role),
	}
	if c.ExpiresAt != nil {
		p.ExpiresAt = c.ExpiresAt.Time
	}
	return p, nil
}

// sessionState is the revocation check, through the state cache when
// there is one.
func (s *Service) sessionState(ctx context.Context, sid string, now time.Time) (*store.SessionState, error) {
	read := func() (*store.SessionState, error) { return s.st.SessionState(ctx, sid, now) }
	if s.states == nil {
		return read()
	}
	return s.states.lookup(ctx, sid, now, read)
}

// CheckSession re-checks an authenticated principal's session, as a
// long-lived request (a live-event stream) must: nil while it is live, an
// EUNAUTHORIZED error whose message says what happened in words for the
// user (hiregate.ReasonDeactivated, ReasonRoleChanged, ReasonErased,
// ReasonSessionRevoked) once it is not, any other error when the store
// cannot tell.
func (s *Service) CheckSession(ctx context.Context, p *caller.Principal) error {
	if p == nil {
		return fresh(errNotAuthenticated)
	}
	// Each check is a new moment of a long request: it must read the
	// store's version afresh, not the one its request began with.
	ctx = RequestContext(ctx)
	st, err := s.sessionState(ctx, p.SessionID, s.now())
	switch {
	case hiregate.ErrorCode(err) == hiregate.ENOTFOUND:
		return s.sessionOver(ctx, p, hiregate.ReasonSessionRevoked)
	case err != nil:
		return fmt.Errorf("session state: %w", err)
	case st.UserID != p.UserID:
		return hiregate.Errorf(hiregate.EUNAUTHORIZED, hiregate.ReasonSessionRevoked)
	case !st.Active:
		return s.sessionOver(ctx, p, hiregate.ReasonDeactivated)
	case st.Role != p.Role:
		return hiregate.Errorf(hiregate.EUNAUTHORIZED, hiregate.ReasonRoleChanged)
	case st.Revoked:
		return hiregate.Errorf(hiregate.EUNAUTHORIZED, hiregate.ReasonSessionRevoked)
	}
	return nil
}

// sessionOver is the end of p's session for reason, unless its account
// was erased: an erasure deletes the sessions and deactivates the account,
// and the check must say so in the same words as the erasure's own
// session.revoked event. A check can come first: the erasure scrubs the
// database log after its commit and publishes only then (on another
// replica, the event arrives later still).
func (s *Service) sessionOver(ctx context.Context, p *caller.Principal, reason string) error {
	if u, err := s.st.UserByID(ctx, p.UserID); err == nil && u.Email == hiregate.ErasedEmail(p.UserID) {
		reason = hiregate.ReasonErased
	}
	return hiregate.Errorf(hiregate.EUNAUTHORIZED, "%s", reason)
}

// touch records the session's use at most once per touchEvery. The map only
// saves writes; the store holds the truth.
func (s *Service) touch(ctx context.Context, sid string, now time.Time) {
	s.touchMu.Lock()
	last, ok := s.touched[sid]
	due := !ok || now.Sub(last) >= touchEvery || now.Before(last)
	if due {
		s.touched[sid] = now
		if len(s.touched) > 10000 {
			for id, t := range s.touched {
				if now.Sub(t) >= touchEvery {
					delete(s.touched, id)
				}
			}
		}
	}
	s.touchMu.Unlock()
	if !due {
		return
	}
	if err := s.st.TouchSession(ctx, sid, now); err != nil {
		s.log.WarnContext(ctx, "touching session failed", "err", err)
	}
}

func (s *Service) forgetTouch(sids ...string) {
	s.touchMu.Lock()
	for _, sid := range sids {
		delete(s.touched, sid)
	}
	s.touchMu.Unlock()
}

// Logout revokes the caller's session: its refresh token and every access
// token carrying its id.
func (s *Service) Logout(ctx context.Context, p *caller.Principal, ci caller.ClientInfo) error {
	if p == nil {
		return fresh(errNotAuthenticated)
	}
	err := s.st.RevokeSession(ctx, p.UserID, p.SessionID, s.now())
	// Already gone is what the caller wanted.
	if err != nil && hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		return err
	}
	s.forgetTouch(p.SessionID)
	s.cfg.Events.Publish(ctx, events.SessionRevoked(p.UserID, p.SessionID, hiregate.ReasonSignedOut))
	s.audit(ctx, hiregate.AuditLogout, p.UserID, p.Email, ci, "session "+p.SessionID)
	return nil
}

// LogoutAll revokes every session of the caller, this one included.
func (s *Service) LogoutAll(ctx context.Context, p *caller.Principal, ci caller.ClientInfo) error {
	if p == nil {
		return fresh(errNotAuthenticated)
	}
	n, err := s.st.RevokeUserSessions(ctx, p.UserID, "", s.now())
	if err != nil {
		return err
	}
	s.forgetTouch(p.SessionID)
	s.cfg.Events.Publish(ctx, events.SessionsRevoked(p.UserID, "", hiregate.ReasonSignedOutEverywhere))
	s.audit(ctx, hiregate.AuditLogout, p.UserID, p.Email, ci, fmt.Sprintf("all sessions (%d revoked)", n))
	return nil
}

// ChangePassword sets the caller's password after checking the current one,
// and revokes every other session of theirs. A wrong current password is a
// 422 on current_password, not a 401: the caller's session is fine. Guesses
// at the current password count against the account's login throttle.
func (s *Service) ChangePassword(ctx context.Context, p *caller.Principal, req hiregate.ChangePasswordRequest, ci caller.ClientInfo) error {
	if p == nil {
		return fresh(errNotAuthenticated)
	}
	if err := req.Validate(); err != nil {
		return err
	}
	u, err := s.verifyPassword(ctx, p, req.CurrentPassword, ci)
	if err != nil {
		return err
	}
	hash, err := s.hash.Hash(ctx, "new_password", req.NewPassword)
	if err != nil {
		return err
	}
	if _, err := s.st.UpdateUser(ctx, u.ID, store.UserChange{PasswordHash: &hash}, true, p.SessionID); err != nil {
		return err
	}
	s.cfg.Events.Publish(ctx, events.SessionsRevoked(u.ID, p.SessionID, hiregate.ReasonPasswordChanged))
	s.audit(ctx, hiregate.AuditPasswordChanged, u.ID, u.Email, ci, "by the user; other sessions revoked")
	return nil
}

// VerifyPassword checks the caller's password before a sensitive change
// (erasing the account). A wrong one is a 422 on current_password and
// counts against the login throttle like a wrong login.
func (s *Service) VerifyPassword(ctx context.Context, p *caller.Principal, password string, ci caller.ClientInfo) error {
	_, err := s.verifyPassword(ctx, p, password, ci)
	return err
}

func (s *Service) verifyPassword(ctx context.Context, p *caller.Principal, password string, ci caller.ClientInfo) (*store.UserRecord, error) {
	if p == nil {
		return nil, fresh(errNotAuthenticated)
	}
	u, err := s.st.UserByID(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	ids, err := s.reserve(ctx, u.Email, ci)
	if err != nil {
		return nil, err
	}
	ok, err := s.hash.Compare(ctx, []byte(u.PasswordHash), password)
	if err != nil {
		s.unreserve(ctx, ids, err)
		return nil, err
	}
	if !ok {
		return nil, hiregate.ValidationError(map[string]string{"current_password": "incorrect"})
	}
	if err := s.st.ReleaseAttempts(context.WithoutCancel(ctx), ids); err != nil {
		s.log.ErrorContext(ctx, "releasing attempts failed", "err", err)
	}
	return u, nil
}

// Sessions lists the caller's live sessions, marking the current one.
func (s *Service) Sessions(ctx context.Context, p *caller.Principal) ([]hiregate.Session, error) {
	if p == nil {
		return nil, fresh(errNotAuthenticated)
	}
	recs, err := s.st.ListSessions(ctx, p.UserID, s.now())
	if err != nil {
		return nil, err
	}
	return sessionViews(recs, p.SessionID), nil
}

// sessionViews is how sessions are shown: current marks the one the
// caller is using.
func sessionViews(recs []store.SessionRecord, current string) []hiregate.Session {
	out := make([]hiregate.Session, 0, len(recs))
	for _, r := range recs {
		out = append(out, hiregate.Session{
			ID: r.ID, CreatedAt: r.CreatedAt, LastUsedAt: r.LastUsedAt,
			IP: r.IP, UserAgent: r.UserAgent, Current: r.ID == current,
		})
	}
	return out
}

// RevokeSession revokes one of the caller's sessions; ENOTFOUND when it is
// not theirs or already gone.
func (s *Service) RevokeSession(ctx context.Context, p *caller.Principal, id string, ci caller.ClientInfo) error {
	if p == nil {
		return fresh(errNotAuthenticated)
	}
	if id == "" || len(id) > 128 {
		return hiregate.Errorf(hiregate.ENOTFOUND, "Session not found")
	}
	if err := s.st.RevokeSession(ctx, p.UserID, id, s.now()); err != nil {
		return err
	}
	s.forgetTouch(id)
	s.cfg.Events.Publish(ctx, events.SessionRevoked(p.UserID, id, hiregate.ReasonSessionRevoked))
	s.audit(ctx, hiregate.AuditLogout, p.UserID, p.Email, ci, "session "+id+" revoked by the user")
	return nil
}

// ByAdmin names the admin actor for an audit entry about a change they
// made to someone: "by admin <email>", which the person reading the log
// recognises, not the id (the id stands in when the email cannot be read).
func (s *Service) ByAdmin(ctx context.Context, actor *caller.Principal) string {
	who := actor.Email
	if who == "" {
		who = actor.UserID
		if u, err := s.st.UserByID(context.WithoutCancel(ctx), actor.UserID); err == nil {
			who = u.Email
		}
	}
	return "by admin " + who
}

// Audit records an auth event. It never fails its caller: a failed write is
// logged.
func (s *Service) Audit(ctx context.Context, typ hiregate.AuditType, userID, email string, ci caller.ClientInfo, detail string) {
	s.audit(ctx, typ, userID, email, ci, detail)
}

// RecordForbidden audits a request refused for the caller's role. It never
// fails the request it is called from.
func (s *Service) RecordForbidden(ctx context.Context, p *caller.Principal, detail string, ci caller.ClientInfo) {
	userID, email := "", ""
	if p != nil {
		userID, email = p.UserID, p.Email
	}
	s.audit(ctx, hiregate.AuditForbidden, userID, email, ci, truncate(detail, 500))
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
