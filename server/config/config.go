// Package config turns the server's flags and environment into one
// validated Config. Every setting has a flag and a HIREGATE_* environment
// variable; a flag wins over the environment, which wins over the default.
// The JWT secret is read from the environment only, because flags are
// visible to every user of the machine in ps.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Environment variables for the HS256 secret, in order of precedence.
// SECRET_KEY is the original design's name, kept so its deployments work.
const (
	EnvJWTSecret    = "HIREGATE_JWT_SECRET"
	EnvJWTSecretOld = "SECRET_KEY"
)

// EnvMFAKey holds the key TOTP secrets are encrypted with (32 bytes, base64
// or hex). Environment only, like the JWT secret; when unset the key is
// the file mfa.key in the data directory, created on first start.
const EnvMFAKey = "HIREGATE_MFA_KEY"

// MFAKeyFile is the file in the data directory that holds the MFA key
// when the environment does not.
const MFAKeyFile = "mfa.key"

// Signing algorithms of access tokens (--jwt-alg).
const (
	AlgEdDSA = "EdDSA"
	AlgHS256 = "HS256"
)

// Defaults of the settings the services also default to when built
// without a Config; a test checks that the two agree.
const (
	DefaultIssuer          = "hiregate"
	DefaultAudience        = "hiregate-api"
	DefaultBcryptCost      = 12
	DefaultIPLimit         = 100
	DefaultMaxEventStreams = 10_000
	// MinJWTSecretLen is the shortest HS256 secret accepted: 256 bits, the
	// size of the HMAC output.
	MinJWTSecretLen = 32
	// bcrypt's own bounds of the cost.
	MinBcryptCost = 4
	MaxBcryptCost = 31
)

// Bounds of the numeric settings.
const (
	MinAccessTTL  = time.Minute
	MaxAccessTTL  = 24 * time.Hour
	MaxRefreshTTL = 365 * 24 * time.Hour
	// MinAuditRetention is the shortest time audit events are kept: six
	// months (183 days), what the EU AI Act asks of the logs of a
	// high-risk system such as the screening of applications.
	MinAuditRetention     = 183 * 24 * time.Hour
	DefaultAuditRetention = 366 * 24 * time.Hour
	MaxAuditRetention     = 100 * 366 * 24 * time.Hour
	MaxHashConcurrency    = 256
	MaxSQLiteMmapMB       = 1 << 16
	MaxPageCacheMB        = 1 << 14
	// DefaultPageCacheMB holds a few thousand pages.
	DefaultPageCacheMB = 32
	// DefaultSQLiteMmapMB: docs/PERFORMANCE.md has the measurements.
	DefaultSQLiteMmapMB = 256
	MaxAccountLimit     = 1000
	MaxIPLimit          = 1_000_000
	MinShutdownTimeout  = time.Second
	MaxShutdownTimeout  = 10 * time.Minute
	MinBackupEvery      = time.Minute
	MaxBackupEvery      = 31 * 24 * time.Hour
	MaxBackupKeep       = 1000
	MaxEventStreams     = 1_000_000
	maxClaimLen         = 200
)

// Config is every setting of the server process.
type Config struct {
	Addr    string // listen address, host:port; port 0 picks a free one
	DataDir string // holds hiregate.db (without DatabaseURL) and the signing keys
	// DatabaseURL selects PostgreSQL instead of SQLite in DataDir; several
	// servers (replicas) may share it.
	DatabaseURL DatabaseURL
	Demo        bool // seed demo users and jobs into an empty database

	SQLiteSynchronous string // "FULL" or "NORMAL"
	SQLiteMmapMB      int    // 0: no memory map
	PageCacheMB       int    // 0: no page cache
	PprofAddr         string // loopback host:port for net/http/pprof; "": none

	AccessTTL, RefreshTTL time.Duration
	// AuditRetention is how long audit events are kept before pruning.
	AuditRetention time.Duration
	BcryptCost     int
	JWTAlgorithm   string // AlgEdDSA or AlgHS256
	JWTSecret      Secret // HS256 only
	JWTSecretEnv   string // which variable JWTSecret came from, "" when unset
	MFAKey         Secret // key of TOTP secrets at rest; empty: DataDir/mfa.key
	RequireMFA     []hiregate.Role
	// RequireVerifiedEmail refuses applications from unverified addresses.
	RequireVerifiedEmail bool
	Issuer, Audience     string

	TLSCert, TLSKey string   // both or neither
	TrustedProxies  []string // IPs and CIDRs whose X-Forwarded-For is believed

	// SSHGatewayAddr is announced in /healthz ("" for none); GatewaySecret
	// (environment only) lets SSH gateways use the ssh-key grant.
	SSHGatewayAddr string
	GatewaySecret  Secret

	LogFormat string // "text" or "json"
	LogLevel  slog.Level

	HashConcurrency   int // bcrypt computations at once
	LoginAccountLimit int // login attempts per account per window
	LoginIPLimit      int // login attempts per client address per window
	ShutdownTimeout   time.Duration
	MaxEventStreams   int // GET /events streams open at once on this process

	BackupEvery time.Duration // scheduled backups into <data>/backups; 0: none
	BackupKeep  int           // scheduled backups kept

	// Mail: off without SMTPURL.
	SMTPURL   SMTPURL
	MailFrom  string // the From of every mail; required with SMTPURL
	PublicURL string // base of links in mails; "": BaseURL derives it

	sources map[string]string // setting name -> "flag", "env NAME" or "default"
}

// setting describes one flag and its environment variable.
type setting struct {
	name   string // flag name, also the key in Config.sources
	usage  string
	def    func() string
	isBool bool
	// apply parses v into c; its error is the problem only, without the
	// setting's name, which the caller adds.
	apply func(c *Config, v string) error
	show  func(c *Config) string
}

func (s setting) env() string {
	return "HIREGATE_" + strings.ToUpper(strings.ReplaceAll(s.name, "-", "_"))
}

func constant(s string) func() string { return func() string { return s } }

var settings = []setting{
	{
		name: "addr", usage: "listen address (host:port; port 0 picks a free port)", def: constant("127.0.0.1:8080"),
		apply: func(c *Config, v string) error {
			if err := checkAddr(v); err != nil {
				return err
			}
			c.Addr = v
			return nil
		},
		show: func(c *Config) string { return c.Addr },
	},
	{
		name: "data", usage: "data directory: the database and the signing keys", def: constant("./data"),
		apply: func(c *Config, v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("must not be empty")
			}
			c.DataDir = v
			return nil
		},
		show: func(c *Config) string { return c.DataDir },
	},
	{
		name: "database-url", usage: "PostgreSQL URL (postgres://user:password@host:5432/dbname) instead of SQLite in the data directory; replicas share it", def: constant(""),
		apply: func(c *Config, v string) (err error) {
			c.DatabaseURL, err = parseDatabaseURL(v)
			return err
		},
		show: func(c *Config) string { return c.DatabaseURL.String() },
	},
	{
		name: "sqlite-synchronous", usage: "SQLite durability: FULL (every commit reaches the disk) or NORMAL (a power loss may drop the last commits)", def: constant("FULL"),
		apply: func(c *Config, v string) error {
			switch u := strings.ToUpper(strings.TrimSpace(v)); u {
			case "FULL", "NORMAL":
				c.SQLiteSynchronous = u
				return nil
			}
			return fmt.Errorf("%q is not FULL or NORMAL", v)
		},
		show: func(c *Config) string { return c.SQLiteSynchronous },
	},
	{
		name: "sqlite-mmap-mb", usage: "SQLite memory map for reads, in MiB (0 turns it off)", def: constant(strconv.Itoa(DefaultSQLiteMmapMB)),
		apply: func(c *Config, v string) (err error) {
			c.SQLiteMmapMB, err = parseInt(v, 0, MaxSQLiteMmapMB)
			return err
		},
		show: func(c *Config) string { return strconv.Itoa(c.SQLiteMmapMB) },
	},
	{
		name: "page-cache-mb", usage: "memory for encoded list pages (the job board, a job's applications), in MiB, kept until the next write (0 turns the cache off)", def: constant(strconv.Itoa(DefaultPageCacheMB)),
		apply: func(c *Config, v string) (err error) {
			c.PageCacheMB, err = parseInt(v, 0, MaxPageCacheMB)
			return err
		},
		show: func(c *Config) string { return strconv.Itoa(c.PageCacheMB) },
	},
	{
		name: "pprof-addr", usage: "serve Go's profiler (net/http/pprof) on this loopback host:port (off when empty; never on other interfaces)", def: constant(""),
		apply: func(c *Config, v string) error {
			if err := checkPprofAddr(v); err != nil {
				return err
			}
			c.PprofAddr = v
			return nil
		},
		show: func(c *Config) string { return orNone(c.PprofAddr) },
	},
	{
		name: "demo", usage: "seed demo users, jobs and applications into an empty database", def: constant("false"), isBool: true,
		apply: func(c *Config, v string) (err error) {
			c.Demo, err = parseBool(v)
			return err
		},
		show: func(c *Config) string { return strconv.FormatBool(c.Demo) },
	},
	{
		name: "access-ttl", usage: "lifetime of access tokens", def: constant(hiregate.DefaultAccessTTL.String()),
		apply: func(c *Config, v string) (err error) {
			c.AccessTTL, err = parseDuration(v, MinAccessTTL, MaxAccessTTL)
			return err
		},
		show: func(c *Config) string { return c.AccessTTL.String() },
	},
	{
		name: "refresh-ttl", usage: "lifetime of refresh tokens (a login lasts this long without use)", def: constant(hiregate.DefaultRefreshTTL.String()),
		apply: func(c *Config, v string) (err error) {
			c.RefreshTTL, err = parseDuration(v, MinAccessTTL, MaxRefreshTTL)
			return err
		},
		show: func(c *Config) string { return c.RefreshTTL.String() },
	},
	{
		name: "audit-retention", usage: "how long audit events are kept (at least 4392h, six months)", def: constant(DefaultAuditRetention.String()),
		apply: func(c *Config, v string) (err error) {
			c.AuditRetention, err = parseDuration(v, MinAuditRetention, MaxAuditRetention)
			return err
		},
		show: func(c *Config) string { return c.AuditRetention.String() },
	},
	{
		name: "bcrypt-cost", usage: "bcrypt cost of password hashes", def: constant(strconv.Itoa(DefaultBcryptCost)),
		apply: func(c *Config, v string) (err error) {
			c.BcryptCost, err = parseInt(v, MinBcryptCost, MaxBcryptCost)
			return err
		},
		show: func(c *Config) string { return strconv.Itoa(c.BcryptCost) },
	},
	{
		name: "jwt-alg", usage: "access token signature: EdDSA (keys in the data dir) or HS256 (secret from " + EnvJWTSecret + ")", def: constant(AlgEdDSA),
		apply: func(c *Config, v string) error {
			switch {
			case strings.EqualFold(v, AlgEdDSA):
				c.JWTAlgorithm = AlgEdDSA
			case strings.EqualFold(v, AlgHS256):
				c.JWTAlgorithm = AlgHS256
			default:
				return fmt.Errorf("%q is not one of %s, %s", v, AlgEdDSA, AlgHS256)
			}
			return nil
		},
		show: func(c *Config) string { return c.JWTAlgorithm },
	},
	{
		name: "issuer", usage: "the iss claim of access tokens", def: constant(DefaultIssuer),
		apply: func(c *Config, v string) (err error) {
			c.Issuer, err = parseClaim(v)
			return err
		},
		show: func(c *Config) string { return c.Issuer },
	},
	{
		name: "audience", usage: "the aud claim of access tokens", def: constant(DefaultAudience),
		apply: func(c *Config, v string) (err error) {
			c.Audience, err = parseClaim(v)
			return err
		},
		show: func(c *Config) string { return c.Audience },
	},
	{
		name: "require-mfa", usage: "comma-separated roles that must enrol a second factor (TOTP) before anything else, e.g. admin,recruiter", def: constant(""),
		apply: func(c *Config, v string) (err error) {
			c.RequireMFA, err = parseRoles(v)
			return err
		},
		show: func(c *Config) string {
			r := make([]string, len(c.RequireMFA))
			for i, role := range c.RequireMFA {
				r[i] = string(role)
			}
			return orNone(strings.Join(r, ","))
		},
	},
	{
		name: "require-verified-email", usage: "candidates must verify their email address (a mailed code) before applying", def: constant("false"), isBool: true,
		apply: func(c *Config, v string) (err error) {
			c.RequireVerifiedEmail, err = parseBool(v)
			return err
		},
		show: func(c *Config) string { return strconv.FormatBool(c.RequireVerifiedEmail) },
	},
	{
		name: "tls-cert", usage: "TLS certificate file (PEM); serve HTTPS with --tls-key", def: constant(""),
		apply: func(c *Config, v string) (err error) {
			c.TLSCert, err = parseFile(v)
			return err
		},
		show: func(c *Config) string { return orNone(c.TLSCert) },
	},
	{
		name: "tls-key", usage: "TLS private key file (PEM); serve HTTPS with --tls-cert", def: constant(""),
		apply: func(c *Config, v string) (err error) {
			c.TLSKey, err = parseFile(v)
			return err
		},
		show: func(c *Config) string { return orNone(c.TLSKey) },
	},
	{
		name: "trusted-proxies", usage: "comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For is trusted", def: constant(""),
		apply: func(c *Config, v string) (err error) {
			c.TrustedProxies, err = parseProxies(v)
			return err
		},
		show: func(c *Config) string { return orNone(strings.Join(c.TrustedProxies, ",")) },
	},
	{
		name: "ssh-gateway-addr", usage: "host:port of the SSH gateway, announced in /healthz so clients show how to connect; the gateway credential is read from $" + hiregate.EnvGatewaySecret, def: constant(""),
		apply: func(c *Config, v string) error {
			c.SSHGatewayAddr = strings.TrimSpace(v)
			return checkGatewayAddr(c.SSHGatewayAddr)
		},
		show: func(c *Config) string { return orNone(c.SSHGatewayAddr) },
	},
	{
		name: "log-format", usage: "log format: text or json", def: constant("text"),
		apply: func(c *Config, v string) error {
			switch f := strings.ToLower(v); f {
			case "text", "json":
				c.LogFormat = f
				return nil
			}
			return fmt.Errorf("%q is not one of text, json", v)
		},
		show: func(c *Config) string { return c.LogFormat },
	},
	{
		name: "log-level", usage: "log level: debug, info, warn or error", def: constant("info"),
		apply: func(c *Config, v string) error {
			switch strings.ToLower(v) {
			case "debug":
				c.LogLevel = slog.LevelDebug
			case "info":
				c.LogLevel = slog.LevelInfo
			case "warn", "warning":
				c.LogLevel = slog.LevelWarn
			case "error":
				c.LogLevel = slog.LevelError
			default:
				return fmt.Errorf("%q is not one of debug, info, warn, error", v)
			}
			return nil
		},
		show: func(c *Config) string { return strings.ToLower(c.LogLevel.String()) },
	},
	{
		name: "hash-concurrency", usage: "password hashes computed at once at most (one per CPU by default)",
		def: func() string { return strconv.Itoa(runtime.NumCPU()) },
		apply: func(c *Config, v string) (err error) {
			c.HashConcurrency, err = parseInt(v, 1, MaxHashConcurrency)
			return err
		},
		show: func(c *Config) string { return strconv.Itoa(c.HashConcurrency) },
	},
	{
		name: "login-account-limit", usage: "login attempts per account per " + hiregate.LoginWindow.String(), def: constant(strconv.Itoa(hiregate.MaxLoginFailures)),
		apply: func(c *Config, v string) (err error) {
			c.LoginAccountLimit, err = parseInt(v, 1, MaxAccountLimit)
			return err
		},
		show: func(c *Config) string { return strconv.Itoa(c.LoginAccountLimit) },
	},
	{
		name: "login-ip-limit", usage: "login attempts per client address per " + hiregate.LoginWindow.String(), def: constant(strconv.Itoa(DefaultIPLimit)),
		apply: func(c *Config, v string) (err error) {
			c.LoginIPLimit, err = parseInt(v, 1, MaxIPLimit)
			return err
		},
		show: func(c *Config) string { return strconv.Itoa(c.LoginIPLimit) },
	},
	{
		name: "max-event-streams", usage: "live event streams (GET /events) open at once on this server, whoever opened them; more are refused with 503", def: constant(strconv.Itoa(DefaultMaxEventStreams)),
		apply: func(c *Config, v string) (err error) {
			c.MaxEventStreams, err = parseInt(v, 1, MaxEventStreams)
			return err
		},
		show: func(c *Config) string { return strconv.Itoa(c.MaxEventStreams) },
	},
	{
		name: "shutdown-timeout", usage: "how long a graceful shutdown waits for in-flight requests", def: constant("15s"),
		apply: func(c *Config, v string) (err error) {
			c.ShutdownTimeout, err = parseDuration(v, MinShutdownTimeout, MaxShutdownTimeout)
			return err
		},
		show: func(c *Config) string { return c.ShutdownTimeout.String() },
	},
	{
		name: "backup-every", usage: "write a verified backup into <data>/backups this often (0: never)", def: constant("0"),
		apply: func(c *Config, v string) (err error) {
			if strings.TrimSpace(v) == "0" {
				c.BackupEvery = 0
				return nil
			}
			c.BackupEvery, err = parseDuration(v, MinBackupEvery, MaxBackupEvery)
			return err
		},
		show: func(c *Config) string { return c.BackupEvery.String() },
	},
	{
		name: "backup-keep", usage: "how many scheduled backups to keep (the oldest are deleted)", def: constant("7"),
		apply: func(c *Config, v string) (err error) {
			c.BackupKeep, err = parseInt(v, 1, MaxBackupKeep)
			return err
		},
		show: func(c *Config) string { return strconv.Itoa(c.BackupKeep) },
	},
	{
		name: "smtp-url", usage: "SMTP server mail is sent through: smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465 (implicit TLS); unset: mail is off", def: constant(""),
		apply: func(c *Config, v string) (err error) {
			c.SMTPURL, err = ParseSMTPURL(v)
			return err
		},
		show: func(c *Config) string { return c.SMTPURL.String() },
	},
	{
		name: "mail-from", usage: "sender of mails, e.g. \"Hiring <jobs@example.com>\" (required with --smtp-url)", def: constant(""),
		apply: func(c *Config, v string) (err error) {
			c.MailFrom, err = parseMailFrom(v)
			return err
		},
		show: func(c *Config) string { return orNone(c.MailFrom) },
	},
	{
		name: "public-url", usage: "public base URL of the server, for links in mails (default: from --addr)", def: constant(""),
		apply: func(c *Config, v string) (err error) {
			c.PublicURL, err = parsePublicURL(v)
			return err
		},
		show: func(c *Config) string { return c.BaseURL() },
	},
}

func lookup(name string) setting {
	for _, s := range settings {
		if s.name == name {
			return s
		}
	}
	panic("config: unknown setting " + name)
}

// settingError names the flag and the variable, so the operator finds the
// setting whichever way they set it.
func settingError(name string, err error) error {
	return fmt.Errorf("invalid --%s (%s): %w", name, lookup(name).env(), err)
}

// flagValue records whether a flag was given at all, so that an explicit
// empty value still wins over the environment.
type flagValue struct {
	v      string
	set    bool
	isBool bool
}

func (f *flagValue) String() string     { return f.v }
func (f *flagValue) Set(v string) error { f.v, f.set = v, true; return nil }
func (f *flagValue) IsBoolFlag() bool   { return f.isBool }

// Default returns the configuration with no flags and no environment.
func Default() Config {
	c, err := Load(nil, func(string) string { return "" })
	if err != nil {
		panic("config: defaults do not validate: " + err.Error())
	}
	return c
}

// Load parses args (without the program name) and the environment read
// through getenv. It returns flag.ErrHelp for -h/--help, and otherwise an
// error naming every invalid setting.
func Load(args []string, getenv func(string) string) (Config, error) {
	fs := flag.NewFlagSet("hiregate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	values := make(map[string]*flagValue, len(settings))
	for _, s := range settings {
		v := &flagValue{isBool: s.isBool}
		values[s.name] = v
		fs.Var(v, s.name, s.usage)
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err // flag.ErrHelp included, for the caller to test
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}

	c := Config{sources: make(map[string]string, len(settings)+1)}
	var errs []error
	for _, s := range settings {
		v, src := s.def(), "default"
		if e := getenv(s.env()); e != "" {
			v, src = e, "env "+s.env()
		}
		if fv := values[s.name]; fv.set {
			v, src = fv.v, "flag"
		}
		c.sources[s.name] = src
		if err := s.apply(&c, v); err != nil {
			errs = append(errs, settingError(s.name, err))
		}
	}
	if v := getenv(hiregate.EnvGatewaySecret); v != "" {
		c.GatewaySecret = NewSecret([]byte(v))
		c.sources["gateway-secret"] = "env " + hiregate.EnvGatewaySecret
	}
	if v := getenv(EnvMFAKey); v != "" {
		c.MFAKey = NewSecret([]byte(v))
		c.sources["mfa-key"] = "env " + EnvMFAKey
	}
	for _, name := range []string{EnvJWTSecret, EnvJWTSecretOld} {
		if v := getenv(name); v != "" {
			c.JWTSecret, c.JWTSecretEnv = NewSecret([]byte(v)), name
			c.sources["jwt-secret"] = "env " + name
			break
		}
	}
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate checks the rules that span several settings, and the bounds of
// each, for a Config built in code (tests) rather than by Load.
func (c Config) Validate() error {
	var errs []error
	add := func(name string, err error) {
		if err != nil {
			errs = append(errs, settingError(name, err))
		}
	}
	add("addr", checkAddr(c.Addr))
	add("pprof-addr", checkPprofAddr(c.PprofAddr))
	if strings.TrimSpace(c.DataDir) == "" {
		add("data", errors.New("must not be empty"))
	}
	add("access-ttl", checkRange(c.AccessTTL, MinAccessTTL, MaxAccessTTL))
	add("refresh-ttl", checkRange(c.RefreshTTL, MinAccessTTL, MaxRefreshTTL))
	if c.RefreshTTL > 0 && c.AccessTTL > 0 && c.RefreshTTL < c.AccessTTL {
		add("refresh-ttl", fmt.Errorf("%s is shorter than --access-ttl (%s)", c.RefreshTTL, c.AccessTTL))
	}
	add("audit-retention", checkRange(c.AuditRetention, MinAuditRetention, MaxAuditRetention))
	add("bcrypt-cost", checkRange(c.BcryptCost, MinBcryptCost, MaxBcryptCost))
	switch c.JWTAlgorithm {
	case AlgEdDSA:
	case AlgHS256:
		if n := len(c.JWTSecret.Reveal()); n == 0 {
			add("jwt-alg", fmt.Errorf("HS256 needs a secret of at least %d bytes in %s (or %s)", MinJWTSecretLen, EnvJWTSecret, EnvJWTSecretOld))
		} else if n < MinJWTSecretLen {
			errs = append(errs, fmt.Errorf("invalid %s: the secret is %d bytes; HS256 needs at least %d", c.jwtSecretEnv(), n, MinJWTSecretLen))
		}
	default:
		add("jwt-alg", fmt.Errorf("%q is not one of %s, %s", c.JWTAlgorithm, AlgEdDSA, AlgHS256))
	}
	if _, err := parseClaim(c.Issuer); err != nil {
		add("issuer", err)
	}
	if _, err := parseClaim(c.Audience); err != nil {
		add("audience", err)
	}
	switch {
	case c.TLSCert != "" && c.TLSKey == "":
		add("tls-key", errors.New("required when --tls-cert is set"))
	case c.TLSCert == "" && c.TLSKey != "":
		add("tls-cert", errors.New("required when --tls-key is set"))
	}
	add("ssh-gateway-addr", checkGatewayAddr(c.SSHGatewayAddr))
	if n := len(c.GatewaySecret.Reveal()); n > 0 && n < hiregate.MinGatewaySecretLen {
		errs = append(errs, fmt.Errorf("invalid %s: the credential is %d bytes; at least %d are needed", hiregate.EnvGatewaySecret, n, hiregate.MinGatewaySecretLen))
	}
	for _, p := range c.TrustedProxies {
		if _, err := parseProxy(p); err != nil {
			add("trusted-proxies", err)
		}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		add("log-format", fmt.Errorf("%q is not one of text, json", c.LogFormat))
	}
	add("hash-concurrency", checkRange(c.HashConcurrency, 1, MaxHashConcurrency))
	add("login-account-limit", checkRange(c.LoginAccountLimit, 1, MaxAccountLimit))
	add("login-ip-limit", checkRange(c.LoginIPLimit, 1, MaxIPLimit))
	add("max-event-streams", checkRange(c.MaxEventStreams, 1, MaxEventStreams))
	add("shutdown-timeout", checkRange(c.ShutdownTimeout, MinShutdownTimeout, MaxShutdownTimeout))
	for _, r := range c.RequireMFA {
		if !r.Valid() {
			add("require-mfa", fmt.Errorf("%q is not one of candidate, recruiter, admin", r))
		}
	}
	if c.BackupEvery != 0 {
		add("backup-every", checkRange(c.BackupEvery, MinBackupEvery, MaxBackupEvery))
	}
	add("backup-keep", checkRange(c.BackupKeep, 1, MaxBackupKeep))
	if c.SMTPURL.IsSet() && c.MailFrom == "" {
		add("mail-from", errors.New("required when --smtp-url is set"))
	}
	return errors.Join(errs...)
}

func (c Config) jwtSecretEnv() string {
	if c.JWTSecretEnv != "" {
		return c.JWTSecretEnv
	}
	return EnvJWTSecret
}

// Warnings lists settings that are valid but probably not what was meant.
func (c Config) Warnings() []string {
	var w []string
	if c.DatabaseURL.HasPassword() && c.source("database-url") == "flag" {
		w = append(w, "--database-url holds a password, which every user of this machine can read in the process list; set HIREGATE_DATABASE_URL or PGPASSWORD instead")
	}
	if c.SMTPURL.hasPassword() && c.source("smtp-url") == "flag" {
		w = append(w, "--smtp-url holds a password, which every user of this machine can read in the process list; set HIREGATE_SMTP_URL instead")
	}
	if c.RequireVerifiedEmail && !c.MailOn() {
		w = append(w, "--require-verified-email is on but mail is off (no --smtp-url): no verification code can be sent, so new candidates can never apply; set --smtp-url")
	}
	if c.JWTSecret.IsSet() && c.JWTAlgorithm != AlgHS256 {
		w = append(w, fmt.Sprintf("%s is set but --jwt-alg is %s: the secret is ignored; set --jwt-alg HS256 to use it", c.jwtSecretEnv(), c.JWTAlgorithm))
	}
	return w
}

// TLS reports whether the server serves HTTPS.
func (c Config) TLS() bool { return c.TLSCert != "" && c.TLSKey != "" }

// entry is one line of the effective configuration.
type entry struct{ name, value, source string }

func (c Config) entries() []entry {
	out := make([]entry, 0, len(settings)+1)
	for _, s := range settings {
		out = append(out, entry{s.name, s.show(&c), c.source(s.name)})
		if s.name == "jwt-alg" {
			out = append(out, entry{"jwt-secret", c.JWTSecret.String(), c.source("jwt-secret")})
		}
		if s.name == "require-mfa" {
			key := c.MFAKey.String()
			if !c.MFAKey.IsSet() {
				key = "file " + filepath.Join(c.DataDir, MFAKeyFile)
			}
			out = append(out, entry{"mfa-key", key, c.source("mfa-key")})
		}
	}
	return out
}

func (c Config) source(name string) string {
	if s, ok := c.sources[name]; ok {
		return s
	}
	if name == "jwt-secret" && !c.JWTSecret.IsSet() {
		return "unset"
	}
	if c.sources == nil {
		return "code"
	}
	return "default"
}

// LogValue shows the effective configuration, the secret redacted.
func (c Config) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, len(settings)+1)
	for _, e := range c.entries() {
		attrs = append(attrs, slog.String(e.name, e.value))
	}
	return slog.GroupValue(attrs...)
}

// String keeps fmt's %v from printing the fields one by one.
func (c Config) String() string {
	var b strings.Builder
	for i, e := range c.entries() {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(e.name + "=" + e.value)
	}
	return b.String()
}

// Print writes the effective configuration, one setting a line with where
// its value came from; the secret is shown as [redacted] or [unset].
func (c Config) Print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "setting\tvalue\tsource")
	for _, e := range c.entries() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.name, e.value, e.source)
	}
	return tw.Flush()
}

// Usage writes the flags with their variables and defaults.
func Usage(w io.Writer) {
	fmt.Fprintln(w, "Flags (each also read from its environment variable; a flag wins):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range settings {
		def := s.def()
		if def == "" {
			def = "none"
		}
		fmt.Fprintf(tw, "  --%s\t%s\t%s (default %s)\n", s.name, s.env(), s.usage, def)
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\nThe HS256 secret is read from %s (or %s) only, never from a flag.\n", EnvJWTSecret, EnvJWTSecretOld)
	fmt.Fprintf(w, "The key TOTP secrets are encrypted with is read from %s (32 bytes, base64 or hex) only;\nwithout it, from the file %s in the data directory, created on first start.\n", EnvMFAKey, MFAKeyFile)
}

// parseRoles reads a comma-separated list of roles, without repeats.
func parseRoles(v string) ([]hiregate.Role, error) {
	var out []hiregate.Role
	for _, f := range strings.Split(v, ",") {
		r := hiregate.Role(strings.ToLower(strings.TrimSpace(f)))
		switch {
		case r == "":
			continue
		case !r.Valid():
			return nil, fmt.Errorf("%q is not one of candidate, recruiter, admin", strings.TrimSpace(f))
		case !slices.Contains(out, r):
			out = append(out, r)
		}
	}
	return out, nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func parseBool(v string) (bool, error) {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%q is not a boolean (true or false)", v)
	}
	return b, nil
}

type ordered interface{ ~int | ~int64 }

func checkRange[T ordered](v, lo, hi T) error {
	if v < lo || v > hi {
		if d, ok := any(v).(time.Duration); ok {
			return fmt.Errorf("%s is outside %s..%s", d, time.Duration(lo), time.Duration(hi))
		}
		return fmt.Errorf("%d is outside %d..%d", v, lo, hi)
	}
	return nil
}

func parseInt(v string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", v)
	}
	return n, checkRange(n, lo, hi)
}

func parseDuration(v string, lo, hi time.Duration) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (such as 15m or 336h)", v)
	}
	return d, checkRange(d, lo, hi)
}

func parseClaim(v string) (string, error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return "", errors.New("must not be empty")
	case len(v) > maxClaimLen:
		return "", fmt.Errorf("is %d bytes; at most %d", len(v), maxClaimLen)
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f {
			return "", errors.New("must not contain control characters")
		}
	}
	return v, nil
}

func checkAddr(v string) error {
	host, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("%q is not host:port", v)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q has an invalid port; want 0..65535", v)
	}
	if strings.ContainsAny(host, " /") {
		return fmt.Errorf("%q has an invalid host", v)
	}
	return nil
}

// parseFile accepts "" (not set) or an existing regular file.
func parseFile(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	fi, err := os.Stat(v)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", fmt.Errorf("%s does not exist", v)
	case err != nil:
		return "", fmt.Errorf("%s cannot be read: %v", v, errors.Unwrap(err))
	case !fi.Mode().IsRegular():
		return "", fmt.Errorf("%s is not a regular file", v)
	}
	return v, nil
}

func parseProxies(v string) ([]string, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	var out []string
	for _, p := range strings.Split(v, ",") {
		q, err := parseProxy(strings.TrimSpace(p))
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// parseProxy accepts an IP or a CIDR and returns it in canonical form.
func parseProxy(p string) (string, error) {
	if p == "" {
		return "", errors.New("empty entry in the list")
	}
	if strings.Contains(p, "/") {
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			return "", fmt.Errorf("%q is not an IP address or CIDR", p)
		}
		return pfx.Masked().String(), nil
	}
	a, err := netip.ParseAddr(p)
	if err != nil || a.Zone() != "" {
		return "", fmt.Errorf("%q is not an IP address or CIDR", p)
	}
	return a.String(), nil
}

// checkPprofAddr accepts "" (no profiler) or a host:port on a loopback
// address: profiles show the program's internals and the endpoint can
// burn CPU on demand, so it is for an operator on the machine only.
func checkPprofAddr(v string) error {
	if v == "" {
		return nil
	}
	if err := checkAddr(v); err != nil {
		return err
	}
	host, _, _ := net.SplitHostPort(v)
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("%q is not a loopback address (use 127.0.0.1:PORT)", v)
	}
	return nil
}

// checkGatewayAddr accepts "" or host:port.
func checkGatewayAddr(v string) error {
	if v == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(v)
	if err != nil || host == "" || port == "" || strings.ContainsAny(v, " /") {
		return fmt.Errorf("%q is not host:port", v)
	}
	return nil
}
