// Package store defines the storage the server needs, in the domain's terms.
// Adapters (sqlite today, PostgreSQL later) implement it; nothing in here
// knows about SQL or HTTP.
//
// Every method returns *hiregate.Error for conditions a client caused
// (ENOTFOUND, ECONFLICT) and plain errors for everything else. Methods that
// write several rows do so in one transaction: they either all happen or
// none does.
package store

import (
	"context"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Store is everything the server persists. All state that several server
// processes on one database must share (sessions, revocation, throttling)
// lives here, not in process memory.
type Store interface {
	Users
	Sessions
	Throttle
	Audit
	Jobs
	Applications
	MFA
	Resumes
	Scoring
	Reports
	Privacy
	Teams
	Outbox
	Codes
	Messages
	Demographics
	SSHKeys
	// Atomic runs fn with a Store whose writes all commit when fn returns
	// nil and are all undone when it returns an error, so that a crash
	// part-way through a multi-step job (demo seeding) leaves nothing
	// behind. fn must do all its work through tx, which it must not keep;
	// a failed call on tx leaves nothing behind in the transaction either.
	// Atomic on tx joins the transaction.
	Atomic(ctx context.Context, fn func(tx Store) error) error
	// Ping reports whether the database answers and can be written
	// (readiness): an adapter that has seen writes fail for want of
	// storage reports that until a write succeeds again.
	Ping(ctx context.Context) error
	Close() error
}

// Versioned is implemented by stores that can tell cheaply whether
// anything was committed to the database, by this process or any other,
// since an earlier call. In-memory caches of data derived from the store
// (session states, encoded pages) tag entries with the version read
// before they read the store and serve them only while Version still
// returns the same number, so a write anywhere is seen by the very next
// request. Versions are compared for equality only.
//
// An adapter for several processes must notice the others' commits on
// its own (SQLite: PRAGMA data_version; PostgreSQL: LISTEN/NOTIFY from a
// trigger or from every writing method), or not implement Versioned.
type Versioned interface {
	Version(ctx context.Context) (uint64, error)
}

// UserRecord is a user with the fields only the server may see.
type UserRecord struct {
	hiregate.User
	PasswordHash string
}

// UserChange is an update to a user; nil fields are left alone.
type UserChange struct {
	Role         *hiregate.Role
	Active       *bool
	PasswordHash *string
	FullName     *string
	// EmailVerified and NotifyEmail decide whether notifications are
	// mailed (Outbox.QueueMail).
	EmailVerified *bool
	NotifyEmail   *bool
}

// Apply sets on u the fields c names, for a store that changes a record
// it has read rather than in SQL.
func (c UserChange) Apply(u *UserRecord) {
	if c.Role != nil {
		u.Role = *c.Role
	}
	if c.Active != nil {
		u.Active = *c.Active
	}
	if c.PasswordHash != nil {
		u.PasswordHash = *c.PasswordHash
	}
	if c.FullName != nil {
		u.FullName = *c.FullName
	}
	if c.EmailVerified != nil {
		u.EmailVerified = *c.EmailVerified
	}
	if c.NotifyEmail != nil {
		u.NotifyEmail = *c.NotifyEmail
	}
}

// Users stores accounts. Emails are stored and looked up normalised
// (hiregate.NormalizeEmail); callers normalise before calling.
type Users interface {
	// CreateUser inserts u, setting u.ID and u.CreatedAt. ECONFLICT
	// "Email already registered" when the email is taken.
	CreateUser(ctx context.Context, u *hiregate.User, passwordHash string) error
	// UserByID returns ENOTFOUND when there is no such user.
	UserByID(ctx context.Context, id string) (*UserRecord, error)
	// UserByEmail returns ENOTFOUND when there is no such user.
	UserByEmail(ctx context.Context, email string) (*UserRecord, error)
	// ListUsers returns users ordered by (created_at, id), matching Q
	// against email and full name (substring, case-insensitive) and Role
	// exactly; next is "" on the last page. Cursor is opaque.
	ListUsers(ctx context.Context, f hiregate.UserFilter) (users []hiregate.User, next string, err error)
	// UpdateUser applies c and, in the same transaction, revokes every
	// session of the user except keepSession (may be ""), when revoke is
	// true. ENOTFOUND when there is no such user.
	UpdateUser(ctx context.Context, id string, c UserChange, revoke bool, keepSession string) (*UserRecord, error)
	// CountUsers returns how many users exist (used for demo seeding).
	CountUsers(ctx context.Context) (int, error)
}

// SessionRecord is one login: the chain of refresh tokens it issued and the
// access tokens that carry its id in their sid claim.
type SessionRecord struct {
	ID         string
	UserID     string
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time // refresh expiry of the current refresh token
	IP         string
	UserAgent  string
	RevokedAt  *time.Time
}

// SessionState is what the per-request revocation check needs.
type SessionState struct {
	UserID  string
	Role    hiregate.Role
	Active  bool // the user's account is active
	Revoked bool // the session is revoked or expired
	MFA     bool // the user has a second factor on
	// ExpiresAt is the session's expiry (its current refresh token's), so
	// that a cache of live states can re-check expiry on every request.
	ExpiresAt time.Time
}

// ErrRefreshReuse is returned (wrapped in nothing) by RotateRefresh when a
// spent refresh token is presented: the session has been revoked.
var ErrRefreshReuse = &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgInvalidCredentials, OAuth: hiregate.OAuthInvalidGrant}

// ErrRefreshInvalid is returned by RotateRefresh for an unknown, expired or
// revoked refresh token.
var ErrRefreshInvalid = &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgInvalidCredentials, OAuth: hiregate.OAuthInvalidGrant}

// Sessions stores logins and their refresh tokens. Refresh tokens are only
// ever stored as hashes.
type Sessions interface {
	// CreateSession inserts s (ID set by the caller) with its first refresh
	// token hash.
	CreateSession(ctx context.Context, s *SessionRecord, refreshHash string) error
	// RotateRefresh spends the refresh token whose hash is oldHash and
	// records newHash as the session's current one, extending ExpiresAt to
	// newExpiry and LastUsedAt to now, atomically. A token that was already
	// spent revokes the whole session and returns ErrRefreshReuse (and the
	// session, so the caller can audit it); an unknown, expired or revoked
	// one returns ErrRefreshInvalid.
	RotateRefresh(ctx context.Context, oldHash, newHash string, now, newExpiry time.Time) (*SessionRecord, error)
	// SessionState is the revocation check run on every authenticated
	// request; it must be a single indexed lookup. ENOTFOUND when unknown.
	SessionState(ctx context.Context, sessionID string, now time.Time) (*SessionState, error)
	// TouchSession sets LastUsedAt (best effort, may be rate limited by
	// the caller).
	TouchSession(ctx context.Context, sessionID string, now time.Time) error
	// ListSessions returns the user's live (not revoked, not expired)
	// sessions, newest first.
	ListSessions(ctx context.Context, userID string, now time.Time) ([]SessionRecord, error)
	// RevokeSession revokes one session of userID; ENOTFOUND when it is not
	// theirs or already gone.
	RevokeSession(ctx context.Context, userID, sessionID string, now time.Time) error
	// RevokeUserSessions revokes every session of userID except keep ("" for
	// none) and returns how many it revoked.
	RevokeUserSessions(ctx context.Context, userID, keep string, now time.Time) (int, error)
	// PruneSessions deletes sessions, and every refresh token they issued,
	// that expired or were revoked before `before`, and returns how many.
	// Spent refresh tokens are kept until then for reuse detection.
	PruneSessions(ctx context.Context, before time.Time) (int, error)
}

// Throttle counts login attempts per key ("acct:<email>", "ip:<addr>") in a
// sliding window, shared by every server process on the database.
//
// The count and the record must be one atomic step in the database, not
// in the process: an adapter whose engine lets two transactions count the
// same key at once (PostgreSQL under READ COMMITTED) must serialise them
// per key, e.g. with a transaction-scoped lock on the key, or a
// conditional INSERT … SELECT … WHERE (SELECT count(*) …) < Max lets both
// through.
type Throttle interface {
	// ReserveAttempts atomically checks, for each limit, that fewer than
	// Max attempts were recorded for its key since now-Window and, only if
	// every limit has room, records one attempt for each key. When a limit
	// is full it records nothing and returns ETHROTTLED with RetryAfter set
	// (seconds until the oldest attempt in the window leaves it, at least
	// 1). The returned ids name the recorded attempts.
	ReserveAttempts(ctx context.Context, limits []Limit, now time.Time) (ids []int64, err error)
	// ReleaseAttempts deletes the given attempts (a successful login does
	// not count as a guess).
	ReleaseAttempts(ctx context.Context, ids []int64) error
	// PruneAttempts deletes attempts older than before.
	PruneAttempts(ctx context.Context, before time.Time) error
}

// Limit is one throttling rule.
type Limit struct {
	Key    string
	Max    int
	Window time.Duration
}

// Validate returns an error for a limit no store can apply: a caller's
// mistake, never a client's, so the error is a plain (internal) one.
func (l Limit) Validate() error {
	if l.Key == "" || l.Max <= 0 || l.Window <= 0 {
		return fmt.Errorf("store: bad throttle limit %q max=%d window=%s", l.Key, l.Max, l.Window)
	}
	return nil
}

// Audit stores auth events.
type Audit interface {
	// RecordAudit inserts e, setting e.ID (and e.At if zero is not allowed:
	// callers always set At).
	RecordAudit(ctx context.Context, e *hiregate.AuditEvent) error
	// ListAudit returns events newest first, filtered by user id and type.
	ListAudit(ctx context.Context, f hiregate.AuditFilter) (events []hiregate.AuditEvent, next string, err error)
}

// Jobs stores job postings.
type Jobs interface {
	// CreateJob inserts j, setting ID, CreatedAt, UpdatedAt (to now) and
	// filling j.Recruiter.FullName from j.Recruiter.ID.
	CreateJob(ctx context.Context, j *hiregate.Job, now time.Time) error
	// JobByID returns ENOTFOUND when there is no such job.
	JobByID(ctx context.Context, id string) (*hiregate.Job, error)
	// ListJobs returns jobs newest first (created_at desc, id desc),
	// filtered by Status and RecruiterID, with Q matched by full-text
	// search over title, description and location.
	ListJobs(ctx context.Context, f hiregate.JobFilter) (jobs []hiregate.Job, next string, err error)
	// UpdateJob loads the job, calls fn on it and saves the result with
	// UpdatedAt = now, in one transaction. An error from fn aborts.
	UpdateJob(ctx context.Context, id string, now time.Time, fn func(*hiregate.Job) error) (*hiregate.Job, error)
	// ApplicationCounts returns, per job id, the number of applications in
	// each stage (stages with none are omitted).
	ApplicationCounts(ctx context.Context, jobIDs []string) (map[string]map[hiregate.Stage]int, error)
}

// ApplicationRecord is an application with its job's owner, which the
// ownership rules need.
type ApplicationRecord struct {
	hiregate.Application
	JobOwnerID string
}

// Applications stores applications, their status history and notes.
type Applications interface {
	// CreateApplication inserts a (Job.ID and Candidate.ID set by the
	// caller) with status applied and a first history entry, setting ID,
	// timestamps and the Job/Candidate names. It loads the job in the same
	// transaction, locked against concurrent changes, and calls check on it
	// (the caller's rules, such as "Job is closed"); an error from check
	// aborts. ENOTFOUND for a missing job and ECONFLICT "Already applied to
	// this job" for a second application (decided by a unique constraint).
	CreateApplication(ctx context.Context, a *hiregate.Application, now time.Time, check func(*hiregate.Job) error) error
	// ApplicationByID returns the application with its history (oldest
	// first); ENOTFOUND when missing.
	ApplicationByID(ctx context.Context, id string) (*ApplicationRecord, error)
	// ListApplications returns applications newest first (without history
	// unless cheap; History may be nil in lists), filtered by JobID,
	// CandidateID and Status.
	ListApplications(ctx context.Context, f hiregate.ApplicationFilter) (apps []hiregate.Application, next string, err error)
	// MoveApplication loads the application, calls check(current status),
	// and if it returns nil sets the status to `to` and appends a history
	// entry by `by` at now, in one transaction.
	MoveApplication(ctx context.Context, id string, to hiregate.Stage, by hiregate.UserRef, now time.Time, check func(*ApplicationRecord) error) (*ApplicationRecord, error)
	// MoveApplicationWith is MoveApplication with the move's reason kept
	// in its history entry.
	MoveApplicationWith(ctx context.Context, id string, m Move, now time.Time, check func(*ApplicationRecord) error) (*ApplicationRecord, error)
	// CreateNote inserts n (ApplicationID, Author.ID and Body set by the
	// caller), setting ID, CreatedAt and Author.FullName.
	CreateNote(ctx context.Context, n *hiregate.Note, now time.Time) error
	// ListNotes returns an application's notes oldest first.
	ListNotes(ctx context.Context, applicationID string, limit int, cursor string) (notes []hiregate.Note, next string, err error)
}

// PublicKey is the public half of one server's JWT signing key, as
// published for the other servers on the database.
type PublicKey struct {
	Kid       string
	Alg       string // "EdDSA"
	Key       []byte // the raw public key
	CreatedAt time.Time
	RetireAt  *time.Time // nil while the key is current
}

// SigningKeys is where servers sharing a database (replicas) publish the
// public halves of their signing keys, so that each verifies the tokens
// the others sign. Private keys never go there. Optional: a store used by
// one server only need not implement it.
type SigningKeys interface {
	// PublishSigningKey records k unless its kid is known, and returns the
	// stored record (whose RetireAt tells whether a rotation retired it).
	PublishSigningKey(ctx context.Context, k PublicKey) (*PublicKey, error)
	// SigningKeys returns the keys not retired at now, oldest first.
	SigningKeys(ctx context.Context, now time.Time) ([]PublicKey, error)
	// RetireSigningKeys sets the retire time of every current key to at
	// (a key rotation: each server then makes itself a new key) and
	// returns how many it retired.
	RetireSigningKeys(ctx context.Context, at time.Time) (int, error)
	// WatchSigningKeys calls changed whenever any server changes the keys,
	// and after each reconnection (a change may have been missed), until
	// ctx ends.
	WatchSigningKeys(ctx context.Context, changed func())
}
