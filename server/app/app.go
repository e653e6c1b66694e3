// Package app wires the server together: the data directory, the database,
// the auth service, the optional demo data and the HTTP server. main and the
// end-to-end tests start the server the same way, through Open.
package app

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/hiregate/hiregate/server/accounts"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/dirlock"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/hashworker"
	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/server/httpapi"
	"github.com/hiregate/hiregate/server/mail"
	"github.com/hiregate/hiregate/server/secretfile"
	"github.com/hiregate/hiregate/server/seed"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// DBFile is the database's file name inside the data directory.
const DBFile = "hiregate.db"

// HTTP server limits. The write timeout is generous because a login spends
// a bcrypt hash, which may queue behind others under load.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 60 * time.Second
	IdleTimeout       = 120 * time.Second
	MaxHeaderBytes    = 64 << 10
)

// pruneEvery is how often login attempts older than the throttling window
// are deleted; they no longer count, they only take space.
const pruneEvery = 10 * time.Minute

// App is a running server.
type App struct {
	cfg  config.Config
	opts options
	log  *slog.Logger
	st   store.Store
	auth *auth.Service
	// accounts is account administration, over the same store and auth.
	accounts *accounts.Service
	// events carries live events from the services to GET /events; bus,
	// on PostgreSQL, between the replicas.
	events *events.Broker
	bus    Bus
	srv    *http.Server
	reqs   *inflight
	ln     net.Listener
	url    string
	file   string // the SQLite file; "" on PostgreSQL
	// demoSeeded: this start wrote the demo data (demo mode on an empty
	// database), so the demo accounts exist as seeded.
	demoSeeded bool

	errc       chan error    // receives the error that stopped Serve early
	served     chan struct{} // closed when Serve has returned
	stopPrune  context.CancelFunc
	pruned     chan struct{} // closed when the pruning loop has returned
	keysSynced chan struct{} // closed when the key sync loop has returned

	hashes *hashworker.Pool // nil: passwords are hashed in-process

	lock        *dirlock.Lock // keeps restores off the data directory
	stopBackups func()        // stops the scheduled backups and waits
	stopMail    func()        // stops the mail sender and waits
	stopHiring  func()        // stops hiring's background work (rescoring, view audits) and waits

	closeOnce sync.Once
	closeErr  error
}

// TestConfig is the configuration the end-to-end tests start the server
// with: a free port on loopback, dataDir, and the cheapest bcrypt cost.
func TestConfig(dataDir string) config.Config {
	c := config.Default()
	c.Addr = "127.0.0.1:0"
	c.DataDir = dataDir
	c.BcryptCost = 4
	return c
}

// Open starts the server described by cfg. ctx bounds the start-up work
// (migrations, demo seeding), not the server's life: stop it with Close.
// log may be nil.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, opts ...Option) (_ *App, err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := Validate(cfg); err != nil {
		return nil, err
	}
	o := buildOptions(opts)
	for _, w := range cfg.Warnings() {
		log.Warn(w)
	}
	a := &App{cfg: cfg, opts: o, log: log, errc: make(chan error, 1), served: make(chan struct{}), pruned: make(chan struct{}), keysSynced: make(chan struct{})}
	// Undo whatever was opened when a later step fails.
	defer func() {
		if err != nil {
			if a.ln != nil {
				a.ln.Close()
			}
			if a.stopHiring != nil {
				a.stopHiring()
			}
			if a.bus != nil {
				a.bus.Close()
			}
			if a.st != nil {
				a.st.Close()
			}
			if a.hashes != nil {
				a.hashes.Close()
			}
			a.lock.Release()
		}
	}()

	if cfg.DatabaseURL.IsSet() && !cfg.MFAKey.IsSet() {
		// Each replica has its own data directory: a key file there would
		// be a different key on each, and a second factor enrolled through
		// one replica would not work through another.
		return nil, fmt.Errorf("%s is required with --database-url: every replica must encrypt TOTP secrets with the same key, "+
			"which the database must not hold (32 bytes in base64 or hex, e.g. openssl rand -base64 32)", config.EnvMFAKey)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	if fi, err := os.Stat(cfg.DataDir); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("data directory %s is not a directory", cfg.DataDir)
	} else {
		secretfile.Warn(log, "data directory", cfg.DataDir, fi.Mode())
	}

	if a.lock, err = dirlock.Shared(cfg.DataDir); errors.Is(err, dirlock.ErrHeld) {
		return nil, fmt.Errorf("a restore is running on the data directory %s: start the server once it has finished", cfg.DataDir)
	} else if err != nil {
		return nil, err
	}

	db, err := OpenStore(ctx, cfg, opts...)
	if err != nil {
		return nil, err
	}
	a.st, a.file = db.Store, db.File
	// One broker per process: services publish to it, GET /events streams
	// subscribe to it. On PostgreSQL, events travel between the replicas
	// through the database (LISTEN/NOTIFY); on SQLite there is one process.
	bcfg := events.Config{Now: o.now, Logger: log, MaxStreams: cfg.MaxEventStreams}
	if db.StartBus != nil {
		bus, err := db.StartBus(ctx, log)
		if err != nil {
			return nil, err
		}
		a.bus, bcfg.Bus = bus, bus
	}
	if a.events, err = events.NewBroker(bcfg); err != nil {
		return nil, err
	}
	authCfg := AuthConfig(cfg, o.now)
	authCfg.Bcrypt = a.startHashing()
	authCfg.Events = a.events
	if db.SharedKeys != nil && authCfg.Algorithm == auth.AlgEdDSA {
		// Replicas on one database verify each other's tokens.
		authCfg.SharedKeys = db.SharedKeys
	}

	// Both caches (session states, job board pages) ask for the store's
	// version; through the memo one request reads it once.
	var versions store.Versioned
	if db.Versions != nil {
		versions = store.VersionMemo{Src: db.Versions}
		authCfg.Versions = versions
	}
	if a.auth, err = auth.New(authCfg, a.st, log); err != nil {
		return nil, err
	}
	accOpts := []accounts.Option{accounts.WithEvents(a.events), accounts.WithCodeKey(a.auth.CodeKey()),
		accounts.WithRequireVerifiedEmail(cfg.RequireVerifiedEmail), accounts.WithClock(o.now)}
	if !cfg.MailOn() {
		accOpts = append(accOpts, accounts.WithoutMail())
	}
	a.accounts = accounts.New(a.st, a.auth, accOpts...)
	if cfg.Demo {
		seeded, err := seed.Demo(ctx, a.st, a.auth, a.now())
		if err != nil {
			return nil, fmt.Errorf("seed demo data: %w", err)
		}
		a.demoSeeded = seeded
		if seeded {
			log.Info("seeded demo data", "accounts", len(seed.Accounts))
		} else {
			log.Info("database already has users; demo data not seeded")
		}
	}

	stream := o.stream
	if stream.Clock == nil {
		// Token expiry is judged on the server's clock, moved by tests.
		stream.Clock = events.ClockAt(o.now)
	}
	hs := hiring.New(a.st, o.now, hiring.WithEvents(a.events), hiring.WithCalendarHost(calendarHost(cfg.BaseURL())))
	if err := hs.EnsureBuiltinSkills(ctx); err != nil {
		return nil, fmt.Errorf("built-in skills: %w", err)
	}
	hc := httpapi.Config{
		Auth: a.auth, Accounts: a.accounts, Hiring: hs, DB: a.st,
		Mail:   mail.NewAdmin(a.st, o.now),
		Events: a.events, Stream: stream,
		Logger: log, TrustedProxies: cfg.TrustedProxies,
		Gateway: httpapi.Gateway{Secret: string(cfg.GatewaySecret.Reveal()), Address: cfg.SSHGatewayAddr},
	}
	// Only a store that can say "nothing changed since" may back the page
	// cache; without it every page is read from the store.
	if versions != nil {
		hc.Versions, hc.PageCacheBytes = versions, cfg.PageCacheMB<<20
	}
	handler, err := httpapi.New(hc)
	if err != nil {
		return nil, err
	}
	a.stopHiring = hs.Start(log.Warn)
	a.reqs = &inflight{h: handler}
	a.srv = &http.Server{
		Handler:           a.reqs,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		// Lets a live-event stream cap its connection's send buffer.
		ConnContext: events.ConnContext,
	}
	// Live-event streams never finish on their own: end them when shutdown
	// starts so that it waits only for ordinary requests.
	a.srv.RegisterOnShutdown(a.events.Close)
	scheme := "http"
	if cfg.TLS() {
		// Loaded here rather than by ServeTLS so that a bad key fails Open
		// instead of a background goroutine.
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("load TLS certificate: %w", err)
		}
		a.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		scheme = "https"
	}

	var lc net.ListenConfig
	if a.ln, err = lc.Listen(ctx, "tcp", cfg.Addr); err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	a.url = scheme + "://" + dialAddr(a.ln.Addr())
	if !cfg.TLS() && !loopback(a.ln.Addr()) {
		log.Warn("serving plain HTTP on a non-loopback address: passwords and tokens cross the network in clear; set --tls-cert and --tls-key or put a TLS proxy in front", "addr", a.ln.Addr().String())
	}

	// Pruned once before serving, so a restart after a long pause starts
	// clean, then periodically.
	a.prune(ctx)
	go a.serve()
	pruneCtx, cancel := context.WithCancel(context.Background())
	a.stopPrune = cancel
	go a.pruneLoop(pruneCtx)
	go func() {
		defer close(a.keysSynced)
		a.auth.SyncKeys(pruneCtx)
	}()
	a.startBackups()
	if err := a.startMail(); err != nil {
		return nil, err
	}

	log.Info("listening", "url", a.url, "addr", a.ln.Addr().String(), "tls", cfg.TLS(), "data", cfg.DataDir, "database", a.dbName())
	return a, nil
}

func (a *App) serve() {
	defer close(a.served)
	var err error
	if a.srv.TLSConfig != nil {
		err = a.srv.ServeTLS(a.ln, "", "")
	} else {
		err = a.srv.Serve(a.ln)
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.log.Error("server stopped", "err", err)
		a.errc <- err
	}
}

func (a *App) pruneLoop(ctx context.Context) {
	defer close(a.pruned)
	t := time.NewTicker(pruneEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.prune(ctx)
		}
	}
}

// prune deletes login attempts that have left the throttling window, the
// mfa_tokens of logins that were never finished, and sessions that have
// been dead for a day (kept that long so a stolen
// refresh token presented shortly after still shows up as reuse in the
// audit log rather than as an unknown token).
func (a *App) prune(ctx context.Context) {
	now := a.now()
	if err := a.st.PruneAttempts(ctx, now.Add(-hiregate.LoginWindow)); err != nil && ctx.Err() == nil {
		a.log.Warn("pruning old login attempts failed", "err", err)
	}
	n, err := a.st.PruneSessions(ctx, now.Add(-sessionRetention))
	switch {
	case err != nil && ctx.Err() == nil:
		a.log.Warn("pruning dead sessions failed", "err", err)
	case n > 0:
		a.log.Info("pruned dead sessions", "count", n)
	}
	if n, err := a.st.PruneAudit(ctx, now.Add(-a.cfg.AuditRetention)); err != nil && ctx.Err() == nil {
		a.log.Warn("pruning old audit events failed", "err", err)
	} else if n > 0 {
		a.log.Info("pruned audit events past retention", "count", n, "retention", a.cfg.AuditRetention.String())
	}
	if _, err := a.st.PruneMFATokens(ctx, now); err != nil && ctx.Err() == nil {
		a.log.Warn("pruning expired mfa tokens failed", "err", err)
	}
	if _, err := a.st.PruneCodes(ctx, now); err != nil && ctx.Err() == nil {
		a.log.Warn("pruning expired one-time codes failed", "err", err)
	}
}

// sessionRetention is how long a revoked or expired session is kept.
const sessionRetention = 24 * time.Hour

func (a *App) now() time.Time {
	if a.opts.now != nil {
		return a.opts.now()
	}
	return time.Now()
}

// URL is the server's base URL, such as http://127.0.0.1:8080; a server
// listening on every interface is reached through loopback.
func (a *App) URL() string { return a.url }

// DemoSeeded reports whether this start seeded the demo data.
func (a *App) DemoSeeded() bool { return a.demoSeeded }

// Addr is the address the server listens on.
func (a *App) Addr() net.Addr { return a.ln.Addr() }

// Store is the server's database.
func (a *App) Store() store.Store { return a.st }

// Auth is the server's auth service, with CreateUser from account
// administration for callers written before it moved to server/accounts.
func (a *App) Auth() *AuthService { return &AuthService{Service: a.auth, accounts: a.accounts} }

// AuthService is *auth.Service plus the account creation it used to hold.
type AuthService struct {
	*auth.Service
	accounts *accounts.Service
}

// CreateUser creates an account of any role; see accounts.Service.CreateUser.
func (s *AuthService) CreateUser(ctx context.Context, req hiregate.CreateUserRequest) (*hiregate.User, error) {
	return s.accounts.CreateUser(ctx, req)
}

// Events is the server's live-event broker.
func (a *App) Events() *events.Broker { return a.events }

// Accounts is the server's account administration.
func (a *App) Accounts() *accounts.Service { return a.accounts }

// Err receives the error that stopped the server when it stops on its own
// (not through Close).
func (a *App) Err() <-chan error { return a.errc }

// Close stops accepting connections, waits up to the configured shutdown
// timeout for in-flight requests to finish, then closes the database. A
// request still running at the deadline has its connection closed and is
// counted in a warning; that alone is not an error. Close is safe to call
// more than once.
func (a *App) Close() error {
	a.closeOnce.Do(func() { a.closeErr = a.close() })
	return a.closeErr
}

func (a *App) close() error {
	var errs []error
	ctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	start := time.Now()
	if err := a.srv.Shutdown(ctx); err != nil {
		// Running out of time is the operator's chosen bound, not a
		// failure: the requests still running are cut, the rest of the
		// shutdown completes and the process exits 0. The count tells
		// the operator whether the timeout is too short.
		a.log.Warn("graceful shutdown timed out; cutting the requests still running",
			"timeout", a.cfg.ShutdownTimeout.String(), "requests_cut", a.reqs.n.Load())
		if err := a.srv.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close server: %w", err))
		}
	}
	<-a.served
	a.stopPrune()
	<-a.pruned
	<-a.keysSynced
	a.stopBackups()
	a.stopMail()
	a.stopHiring()
	if a.hashes != nil {
		a.hashes.Close()
	}
	if a.bus != nil {
		a.bus.Close()
	}
	// Only now: a request that was still running needed the database.
	if err := a.st.Close(); err != nil {
		errs = append(errs, fmt.Errorf("close database: %w", err))
	}
	a.lock.Release()
	a.log.Info("server stopped", "took", time.Since(start).Round(time.Millisecond).String())
	return errors.Join(errs...)
}

// dialAddr is where a client reaches a listener: an unspecified address
// (0.0.0.0, ::) is reached through loopback.
func dialAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	ip := tcp.IP
	if ip == nil || ip.IsUnspecified() {
		// Go listens dual-stack on "::", so IPv4 loopback reaches it too.
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), strconv.Itoa(tcp.Port))
}

func loopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// dbName says which database the server uses, for the log.
func (a *App) dbName() string {
	if a.file == "" {
		return a.cfg.DatabaseURL.String()
	}
	return a.file
}
