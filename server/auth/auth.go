// Package auth is hiregate's authentication core: password hashing, JWT
// access tokens and their signing keys, refresh-token sessions, login
// throttling and the use cases built on them (login, refresh, logout,
// sessions, password change). Creating and administering accounts is
// server/accounts, which hashes and audits through this package.
//
// It speaks the domain's types and the store's interfaces only; the HTTP
// layer maps its *hiregate.Error values to statuses.
package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/seal"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Signing algorithms the service can be configured with.
const (
	AlgEdDSA = "EdDSA"
	AlgHS256 = "HS256"
)

// Defaults for Config's zero values.
const (
	DefaultIssuer     = "hiregate"
	DefaultAudience   = "hiregate-api"
	DefaultBcryptCost = 12
	DefaultIPLimit    = 100
	DefaultLeeway     = 30 * time.Second
	// DefaultHashMaxWait bounds how long a password hash may expect to wait
	// for bcrypt before it is refused (503 with Retry-After): long enough
	// for a burst of sign-ups, short enough that a flood is told to come
	// back instead of piling up.
	DefaultHashMaxWait = 10 * time.Second
	// MinSecretLen is the shortest HS256 secret accepted: 256 bits, the
	// size of the HMAC output.
	MinSecretLen = 32
)

// touchEvery bounds how often a session's last_used_at is written: the
// column is informational, so one write a minute per session is plenty.
const touchEvery = time.Minute

// Config configures a Service. Zero values take the documented defaults.
type Config struct {
	Issuer, Audience      string        // defaults "hiregate", "hiregate-api"
	AccessTTL, RefreshTTL time.Duration // defaults hiregate.DefaultAccessTTL / DefaultRefreshTTL
	Algorithm             string        // "EdDSA" (default) or "HS256"
	Secret                []byte        // HS256 only; at least 32 bytes
	KeyDir                string        // EdDSA: directory holding signing keys (the data dir)
	BcryptCost            int           // default 12; bcrypt.MinCost..bcrypt.MaxCost
	HashConcurrency       int           // default runtime.NumCPU(); bcrypt runs this many at once at most
	HashMaxWait           time.Duration // default DefaultHashMaxWait; a hash expected to wait longer for a slot is refused (503)
	Bcrypt                Bcrypt        // where hashes are computed; default hashworker.InProcess
	AccountLimit          int           // default hiregate.MaxLoginFailures per Window
	IPLimit               int           // default 100 per Window
	Window                time.Duration // default hiregate.LoginWindow
	Leeway                time.Duration // default 30s, at most hiregate.MaxClockLeeway
	TokenCacheSize        int           // verified access tokens remembered; default DefaultTokenCacheSize, negative disables
	// MFAKey encrypts TOTP secrets at rest, as text seal.ParseKey reads;
	// when empty, the key file in KeyDir is used (created on first start).
	// It is never stored in the database.
	MFAKey string
	// RequireMFA lists the roles that must have a second factor: until
	// they enrol, their sessions reach only the enrolment routes.
	RequireMFA []hiregate.Role
	// SharedKeys, when set (EdDSA only), is where servers on one database
	// publish their public keys to verify each other's tokens; see
	// keyshare.go. Nil: this server verifies only the keys in KeyDir.
	SharedKeys     store.SigningKeys
	StateCacheSize int // live session states remembered (only with Versions); default DefaultStateCacheSize, negative disables
	// Versions is asked for the store's version: the session states are
	// cached only while it answers the same, and not at all without it
	// (the server passes a store.VersionMemo, so that one request reads
	// it once).
	Versions store.Versioned
	Now      func() time.Time
	// Events receives session.revoked whenever sessions end, so their
	// live streams close at once (nil: events.Discard).
	Events events.Publisher
}

func (c *Config) setDefaults() error {
	if c.Issuer == "" {
		c.Issuer = DefaultIssuer
	}
	if c.Audience == "" {
		c.Audience = DefaultAudience
	}
	if c.AccessTTL == 0 {
		c.AccessTTL = hiregate.DefaultAccessTTL
	}
	if c.RefreshTTL == 0 {
		c.RefreshTTL = hiregate.DefaultRefreshTTL
	}
	if c.Algorithm == "" {
		c.Algorithm = AlgEdDSA
	}
	if c.BcryptCost == 0 {
		c.BcryptCost = DefaultBcryptCost
	}
	if c.HashConcurrency == 0 {
		c.HashConcurrency = runtime.NumCPU()
	}
	if c.HashMaxWait == 0 {
		c.HashMaxWait = DefaultHashMaxWait
	}
	if c.AccountLimit == 0 {
		c.AccountLimit = hiregate.MaxLoginFailures
	}
	if c.IPLimit == 0 {
		c.IPLimit = DefaultIPLimit
	}
	if c.Window == 0 {
		c.Window = hiregate.LoginWindow
	}
	if c.Leeway == 0 {
		c.Leeway = DefaultLeeway
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Events == nil {
		c.Events = events.Discard{}
	}
	if c.TokenCacheSize == 0 {
		c.TokenCacheSize = DefaultTokenCacheSize
	}
	if c.StateCacheSize == 0 {
		c.StateCacheSize = DefaultStateCacheSize
	}
	switch {
	case c.AccessTTL < 0:
		return errors.New("auth: AccessTTL must be positive")
	case c.RefreshTTL < 0:
		return errors.New("auth: RefreshTTL must be positive")
	case c.RefreshTTL < c.AccessTTL:
		return errors.New("auth: RefreshTTL must not be shorter than AccessTTL")
	case c.BcryptCost < bcrypt.MinCost || c.BcryptCost > bcrypt.MaxCost:
		return fmt.Errorf("auth: BcryptCost must be between %d and %d, got %d", bcrypt.MinCost, bcrypt.MaxCost, c.BcryptCost)
	case c.HashConcurrency < 0:
		return errors.New("auth: HashConcurrency must be positive")
	case c.HashMaxWait < 0:
		return errors.New("auth: HashMaxWait must be positive")
	case c.AccountLimit < 0:
		return errors.New("auth: AccountLimit must be positive")
	case c.IPLimit < 0:
		return errors.New("auth: IPLimit must be positive")
	case c.Window < 0:
		return errors.New("auth: Window must be positive")
	case c.Leeway < 0 || c.Leeway > hiregate.MaxClockLeeway:
		return fmt.Errorf("auth: Leeway must be between 0 and %s, got %s", hiregate.MaxClockLeeway, c.Leeway)
	}
	for _, r := range c.RequireMFA {
		if !r.Valid() {
			return fmt.Errorf("auth: RequireMFA: unknown role %q", r)
		}
	}
	switch c.Algorithm {
	case AlgEdDSA:
		if c.KeyDir == "" {
			return errors.New("auth: KeyDir is required for the EdDSA algorithm")
		}
	case AlgHS256:
		if len(c.Secret) < MinSecretLen {
			return fmt.Errorf("auth: Secret (the HS256 JWT secret) must be at least %d bytes, got %d", MinSecretLen, len(c.Secret))
		}
	default:
		return fmt.Errorf("auth: Algorithm must be %q or %q, got %q", AlgEdDSA, AlgHS256, c.Algorithm)
	}
	return nil
}

// Service runs the auth use cases. It is safe for concurrent use.
type Service struct {
	cfg   Config
	st    store.Store
	log   *slog.Logger
	keys  *keyring
	hash  *hasher
	dummy []byte    // a hash compared against when the email is unknown
	box   *seal.Box // encrypts TOTP secrets

	touchMu sync.Mutex
	touched map[string]time.Time // session id -> last TouchSession

	tokens *tokenCache // nil when disabled
	states *stateCache // nil when disabled or the store has no version
}

// New checks cfg, loads (or, on first start, creates) the signing keys and
// returns a Service. log may be nil.
func New(cfg Config, st store.Store, log *slog.Logger) (*Service, error) {
	if st == nil {
		return nil, errors.New("auth: nil store")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	s := &Service{
		cfg:     cfg,
		st:      st,
		log:     log,
		hash:    newHasher(cfg.BcryptCost, cfg.HashConcurrency, cfg.HashMaxWait, cfg.Bcrypt),
		touched: map[string]time.Time{},
	}
	if cfg.TokenCacheSize > 0 {
		s.tokens = newTokenCache(cfg.TokenCacheSize)
	}
	if cfg.StateCacheSize > 0 {
		if cfg.Versions != nil {
			s.states = newStateCache(cfg.Versions, cfg.StateCacheSize)
		}
	}
	var err error
	switch cfg.Algorithm {
	case AlgHS256:
		s.keys = newHMACKeyring(cfg.Secret)
	default:
		if s.keys, err = loadKeyring(cfg.KeyDir, log, cfg.Now); err != nil {
			return nil, err
		}
		if cfg.SharedKeys != nil {
			if err := s.shareKeys(); err != nil {
				return nil, err
			}
		}
	}
	if s.box, err = loadSeal(cfg, log); err != nil {
		return nil, err
	}
	// The dummy hash is made once at the configured cost so that a login for
	// an unknown email spends as long in bcrypt as a wrong password does;
	// its time is the first estimate of a hash's, for admitting hashes
	// before any has been measured.
	start := time.Now()
	if s.dummy, err = bcrypt.GenerateFromPassword(randomBytes(16), cfg.BcryptCost); err != nil {
		return nil, fmt.Errorf("auth: dummy hash: %w", err)
	}
	s.hash.observe(time.Since(start))
	return s, nil
}

// AccessTTL is the lifetime of access tokens.
func (s *Service) AccessTTL() time.Duration { return s.cfg.AccessTTL }

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

// Errors the HTTP layer recognises by code and message.
var (
	errInvalidCredentials = &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgInvalidCredentials, OAuth: hiregate.OAuthInvalidGrant}
	errInvalidToken       = &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgInvalidToken}
	errSessionRevoked     = &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgSessionRevoked}
	errDeactivated        = &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgAccountDeactivated}
	errNotAuthenticated   = &hiregate.Error{Code: hiregate.EUNAUTHORIZED, Message: hiregate.MsgNotAuthenticated}
)

// fresh returns a copy of e so callers can never mutate the shared values.
func fresh(e *hiregate.Error) *hiregate.Error {
	c := *e
	return &c
}

func (s *Service) audit(ctx context.Context, typ hiregate.AuditType, userID, email string, ci caller.ClientInfo, detail string) {
	// The event must be recorded even if the client has gone away.
	ctx = context.WithoutCancel(ctx)
	if email == "" && userID != "" {
		// Events about a signed-in user know only the id; an admin
		// reading the log wants the address too.
		if u, err := s.st.UserByID(ctx, userID); err == nil {
			email = u.Email
		}
	}
	e := &hiregate.AuditEvent{At: s.now(), Type: typ, UserID: userID, Email: email, IP: ci.IP, Detail: detail}
	if err := s.st.RecordAudit(ctx, e); err != nil {
		s.log.ErrorContext(ctx, "audit write failed", "type", string(typ), "user_id", userID, "err", err)
	}
}
