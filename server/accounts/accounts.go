// Package accounts owns user accounts and their administration: self
// registration, accounts created by an admin (or the CLI and demo seeding),
// the admin's user list and changes, and the audit log an admin reads.
//
// Which role may call an admin operation is decided by the route table
// (server/httpapi); the rules about the account itself (an admin cannot
// demote or deactivate themselves, any change ends the user's sessions)
// are here. Every request is normalised and validated here, once.
package accounts

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Store is the storage accounts need.
type Store interface {
	CreateUser(ctx context.Context, u *hiregate.User, passwordHash string) error
	UserByID(ctx context.Context, id string) (*store.UserRecord, error)
	UserByEmail(ctx context.Context, email string) (*store.UserRecord, error)
	// The routes that mail codes are throttled like logins.
	store.Throttle
	ListUsers(ctx context.Context, f hiregate.UserFilter) ([]hiregate.User, string, error)
	UpdateUser(ctx context.Context, id string, c store.UserChange, revoke bool, keepSession string) (*store.UserRecord, error)
	ListAudit(ctx context.Context, f hiregate.AuditFilter) ([]hiregate.AuditEvent, string, error)
	PrivacyStore
	// Atomic writes an account and its audit entry together.
	Atomic(ctx context.Context, fn func(tx store.Store) error) error
}

// Auth is what accounts need from authentication: one way to hash a
// password and one audit log. *auth.Service is one.
type Auth interface {
	HashPassword(ctx context.Context, field, password string) (string, error)
	Audit(ctx context.Context, typ hiregate.AuditType, userID, email string, ci caller.ClientInfo, detail string)
	// ByAdmin names an admin in an audit entry.
	ByAdmin(ctx context.Context, actor *caller.Principal) string
	// Sessions and VerifyPassword serve export and erasure.
	Sessions(ctx context.Context, p *caller.Principal) ([]hiregate.Session, error)
	VerifyPassword(ctx context.Context, p *caller.Principal, password string, ci caller.ClientInfo) error
}

// Service runs the account use cases. It is safe for concurrent use.
type Service struct {
	st   Store
	auth Auth
	pub  events.Publisher

	codeKey         []byte
	requireVerified bool
	// mailOff: the server sends no mail, so no code can reach anyone.
	mailOff bool
	clock   func() time.Time
}

// Option configures a Service.
type Option func(*Service)

// WithEvents publishes session.revoked through pub when an admin's change
// ends a user's sessions, so their live streams close at once.
func WithEvents(pub events.Publisher) Option {
	return func(s *Service) { s.pub = pub }
}

// WithCodeKey hashes one-time codes under key (HMAC-SHA-256): see
// codeHash.
func WithCodeKey(key []byte) Option {
	return func(s *Service) { s.codeKey = key }
}

// WithRequireVerifiedEmail refuses applications from callers whose address
// is not verified (--require-verified-email).
func WithRequireVerifiedEmail(on bool) Option {
	return func(s *Service) { s.requireVerified = on }
}

// WithoutMail is for a server that sends no mail (no SMTP server): an
// admin's invitation, whose code could never arrive, is refused.
func WithoutMail() Option {
	return func(s *Service) { s.mailOff = true }
}

// WithClock sets the clock of codes, their expiry and audit entries.
func WithClock(now func() time.Time) Option {
	return func(s *Service) { s.clock = now }
}

func (s *Service) now() time.Time {
	if s.clock != nil {
		return s.clock().UTC()
	}
	return time.Now().UTC()
}

// New returns a Service over st, hashing and auditing through a.
func New(st Store, a Auth, opts ...Option) *Service {
	s := &Service{st: st, auth: a, pub: events.Discard{}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Register creates a candidate account (POST /auth/register), audited
// user_created, and mails it a verification code in the same
// transaction. The code's resend throttle starts with it, so that "send it
// again" waits a little for the first mail.
func (s *Service) Register(ctx context.Context, req hiregate.RegisterRequest, ci caller.ClientInfo) (*hiregate.User, error) {
	req.Normalize()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	hash, err := s.auth.HashPassword(ctx, "password", req.Password)
	if err != nil {
		return nil, err
	}
	var u *hiregate.User
	err = s.st.Atomic(ctx, func(tx store.Store) error {
		u = &hiregate.User{Email: req.Email, FullName: req.FullName, Role: hiregate.RoleCandidate, Active: true}
		if err := s.insertAudited(ctx, tx, u, hash, BySelf, ci); err != nil {
			return err
		}
		c := s.newCode(u.ID, hiregate.CodeVerifyEmail)
		if err := s.putCode(ctx, tx, u, hiregate.CodeVerifyEmail, c, nil); err != nil {
			return err
		}
		_, err := tx.ReserveAttempts(ctx, []store.Limit{resendLimit(u.ID)}, s.now())
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// BySelf is who a registered account is audited as made by.
const BySelf = "by self-registration"

// ByOperator is who an account created by CreateUser is audited as made
// by: whoever runs the server (its command line, tools).
const ByOperator = "by the operator"

// CreateUser creates an account with any role on the operator's behalf
// (the command line's user create, demo seeding, tools), audited
// user_created. The operator vouches for the address: it counts as
// verified. It always needs a password.
func (s *Service) CreateUser(ctx context.Context, req hiregate.CreateUserRequest) (*hiregate.User, error) {
	if req.Invitation() {
		return nil, hiregate.ValidationError(map[string]string{"password": "required"})
	}
	return s.createAudited(ctx, req, ByOperator, caller.ClientInfo{})
}

// CreateUserByAdmin is an admin's CreateUser (POST /admin/users): the
// audit entry names the admin and their address. Without a password the
// account is invited: created inactive, with an invitation code mailed to
// it in the same transaction, and activated by AcceptInvitation.
func (s *Service) CreateUserByAdmin(ctx context.Context, actor *caller.Principal, req hiregate.CreateUserRequest, ci caller.ClientInfo) (*hiregate.User, error) {
	return s.createAudited(ctx, req, s.auth.ByAdmin(ctx, actor), ci)
}

// createAudited writes the account and its user_created entry ("<role>
// by <whom>") in one transaction: no account exists that the log does not
// show being made.
func (s *Service) createAudited(ctx context.Context, req hiregate.CreateUserRequest, by string, ci caller.ClientInfo) (*hiregate.User, error) {
	req.Normalize()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	invite := req.Invitation()
	if invite && s.mailOff {
		return nil, hiregate.ValidationError(map[string]string{"password": "required: this server sends no mail, so an invitation could not reach " + req.Email})
	}
	password := req.Password
	if invite {
		// No password works until the invitation is accepted; a hash of
		// a random one keeps every stored hash a real bcrypt hash.
		password = rand.Text()
	}
	hash, err := s.auth.HashPassword(ctx, "password", password)
	if err != nil {
		return nil, err
	}
	var u *hiregate.User
	err = s.st.Atomic(ctx, func(tx store.Store) error {
		u = &hiregate.User{Email: req.Email, FullName: req.FullName, Role: req.Role, Active: !invite, EmailVerified: by == ByOperator}
		if !invite {
			return s.insertAudited(ctx, tx, u, hash, by, ci)
		}
		if err := s.insertAudited(ctx, tx, u, hash, by+" (invited)", ci); err != nil {
			return err
		}
		c := s.newCode(u.ID, hiregate.CodeInvitation)
		return s.putCode(ctx, tx, u, hiregate.CodeInvitation, c, map[string]string{
			MailKeyInvitedBy: strings.TrimPrefix(by, "by admin "), MailKeyRole: string(u.Role)})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// insertAudited writes u and its user_created entry ("<role> <by>").
func (s *Service) insertAudited(ctx context.Context, tx store.Store, u *hiregate.User, hash, by string, ci caller.ClientInfo) error {
	if err := tx.CreateUser(ctx, u, hash); err != nil {
		return err
	}
	return tx.RecordAudit(ctx, &hiregate.AuditEvent{At: u.CreatedAt, Type: hiregate.AuditUserCreated,
		UserID: u.ID, Email: u.Email, IP: ci.IP, Detail: string(u.Role) + " " + by})
}

// Me is the signed-in user's own account.
func (s *Service) Me(ctx context.Context, p *caller.Principal) (*hiregate.User, error) {
	u, err := s.st.UserByID(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	return &u.User, nil
}

// ListUsers lists accounts (GET /admin/users).
func (s *Service) ListUsers(ctx context.Context, f hiregate.UserFilter) ([]hiregate.User, string, error) {
	if f.Role != "" && !f.Role.Valid() {
		return nil, "", hiregate.ValidationError(map[string]string{"role": "must be one of candidate, recruiter, admin"})
	}
	return s.st.ListUsers(ctx, f)
}

// ListAudit lists auth events, newest first (GET /admin/audit).
func (s *Service) ListAudit(ctx context.Context, f hiregate.AuditFilter) ([]hiregate.AuditEvent, string, error) {
	if f.Type != "" && !f.Type.Valid() {
		return nil, "", hiregate.ValidationError(map[string]string{"type": "unknown audit event type"})
	}
	return s.st.ListAudit(ctx, f)
}

// UpdateUser is an admin's change to a user (PATCH /admin/users/{id}). Any
// change revokes the user's sessions (but not the acting admin's own current
// one when they change themselves), so a new role or a deactivation takes
// effect at once. An admin cannot deactivate or demote themselves: the last
// admin could otherwise lock everyone out.
func (s *Service) UpdateUser(ctx context.Context, actor *caller.Principal, id string, req hiregate.UpdateUserRequest, ci caller.ClientInfo) (*hiregate.User, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	self := actor.UserID == id
	if self && req.Active != nil && !*req.Active {
		return nil, hiregate.Errorf(hiregate.ECONFLICT, "You cannot deactivate your own account")
	}
	if self && req.Role != nil && *req.Role != hiregate.RoleAdmin {
		return nil, hiregate.Errorf(hiregate.ECONFLICT, "You cannot change your own role")
	}
	before, err := s.st.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	c := store.UserChange{Role: req.Role, Active: req.Active, FullName: req.FullName}
	if req.Password != nil {
		hash, err := s.auth.HashPassword(ctx, "password", *req.Password)
		if err != nil {
			return nil, err
		}
		c.PasswordHash = &hash
	}
	keep := ""
	if self {
		keep = actor.SessionID
	}
	after, err := s.st.UpdateUser(ctx, id, c, true, keep)
	if err != nil {
		return nil, err
	}
	s.pub.Publish(ctx, events.SessionsRevoked(id, keep, revokeReason(before, req)))
	by := s.auth.ByAdmin(ctx, actor)
	if req.Role != nil && *req.Role != before.Role {
		s.auth.Audit(ctx, hiregate.AuditRoleChanged, id, after.Email, ci, fmt.Sprintf("%s -> %s %s", before.Role, *req.Role, by))
	}
	if req.Active != nil && *req.Active != before.Active {
		// Both directions are audited: giving an account back its access
		// matters as much to a reviewer as taking it away.
		typ := hiregate.AuditDeactivated
		if *req.Active {
			typ = hiregate.AuditReactivated
		}
		s.auth.Audit(ctx, typ, id, after.Email, ci, by)
	}
	if req.Password != nil {
		s.auth.Audit(ctx, hiregate.AuditPasswordChanged, id, after.Email, ci, by)
	}
	u := after.User
	return &u, nil
}

// revokeReason tells a user whose sessions an admin's change ended what
// happened, the weightiest change first.
func revokeReason(before *store.UserRecord, req hiregate.UpdateUserRequest) string {
	switch {
	case req.Active != nil && !*req.Active:
		return hiregate.ReasonDeactivated
	case req.Role != nil && *req.Role != before.Role:
		return hiregate.ReasonRoleChanged
	case req.Password != nil:
		return hiregate.ReasonPasswordChanged
	}
	return hiregate.ReasonAccountChanged
}
