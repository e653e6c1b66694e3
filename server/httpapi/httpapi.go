// Package httpapi is hiregate's HTTP layer: the route table from which the
// Gin router and the OpenAPI document are both built, its middleware, one
// file of handlers per resource, and the single mapping from domain errors
// to HTTP responses. A handler binds its input, calls one service method
// with the caller's principal and writes the result: the rules are the
// services' (server/hiring, server/accounts, server/auth). It never sees
// storage; server/app wires the services to it.
package httpapi

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/server/apidoc"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/pagecache"
	"github.com/hiregate/hiregate/shared/hiregate"
	"golang.org/x/sync/singleflight"
)

// Pinger reports whether the database answers (readiness).
type Pinger interface {
	Ping(ctx context.Context) error
}

// Config is what the HTTP layer needs.
type Config struct {
	Auth     Auth
	Accounts Users
	Hiring   Hiring
	// Mail serves the mail log and templates; nil: those routes answer 503.
	Mail MailAdmin
	// DB is checked by /readyz.
	DB Pinger
	// Events is the live-event broker the services publish to, and Stream
	// configures GET /events. Nil: a broker of the router's own, which
	// nothing publishes to (streams still ping and end with the session).
	Events Subscriber
	Stream events.StreamConfig
	Logger *slog.Logger
	// Versions, when set, is asked before every cacheable read: pages
	// are cached only while it answers the same (store.Versioned).
	Versions interface {
		Version(ctx context.Context) (uint64, error)
	}
	// PageCacheBytes bounds the encoded job board pages kept in memory;
	// 0 (or no Versions) turns the cache off.
	PageCacheBytes int
	// TrustedProxies are the IPs or CIDRs whose X-Forwarded-For and
	// X-Real-IP headers are believed when deciding a client's address.
	// Empty: the TCP peer is the client.
	TrustedProxies []string
	// Gateway recognises the SSH gateways' requests and announces their
	// address.
	Gateway Gateway
}

// handler carries the dependencies of every route.
type handler struct {
	auth     Auth
	accounts Users
	hiring   Hiring
	mail     MailAdmin
	db       Pinger
	broker   Subscriber
	streamer *events.Streamer
	log      *slog.Logger
	versions interface {
		Version(ctx context.Context) (uint64, error)
	}
	pages   *pagecache.Cache   // nil when off
	flight  singleflight.Group // one load per missed page and version
	gateway Gateway
}

// New builds the router with every route of the route table.
func New(cfg Config) (*gin.Engine, error) {
	if cfg.Auth == nil || cfg.Accounts == nil || cfg.Hiring == nil || cfg.DB == nil {
		return nil, errors.New("httpapi: auth, accounts, hiring and db are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	h := &handler{auth: cfg.Auth, accounts: cfg.Accounts, hiring: cfg.Hiring, mail: cfg.Mail, db: cfg.DB, broker: cfg.Events, log: cfg.Logger, versions: cfg.Versions,
		gateway: cfg.Gateway}
	if cfg.Versions != nil && cfg.PageCacheBytes > 0 {
		h.pages = pagecache.New(cfg.PageCacheBytes)
	}
	if h.broker == nil {
		var err error
		if h.broker, err = events.NewBroker(events.Config{Logger: cfg.Logger}); err != nil {
			return nil, err
		}
	}
	if cfg.Stream.Logger == nil {
		cfg.Stream.Logger = cfg.Logger
	}
	streamer, err := events.NewStreamer(cfg.Stream)
	if err != nil {
		return nil, err
	}
	h.streamer = streamer

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.ContextWithFallback = true
	// Without trusted proxies gin would believe X-Forwarded-For from anyone,
	// letting a guesser pick a fresh address for every login attempt.
	if err := r.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	r.Use(h.logRequests, h.recoverPanics, securityHeaders, h.checkText, h.gatewayForward)
	r.NoRoute(func(c *gin.Context) { h.fail(c, hiregate.Errorf(hiregate.ENOTFOUND, "Not found")) })
	r.NoMethod(func(c *gin.Context) {
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, hiregate.ErrorBody{Detail: "Method not allowed"})
	})

	ops, _ := apidoc.Build(h.routes())
	for _, op := range ops {
		r.Handle(op.Method, apidoc.GinPath(op.Path), h.chain(op)...)
	}
	return r, nil
}

// chain is a route's middleware from its Roles and EnrolmentOpen columns:
// public routes have none, protected ones authenticate and (unless open
// to enrolment) refuse a caller who still must enrol a second factor, and
// restricted ones check the role.
func (h *handler) chain(op apidoc.Operation) []gin.HandlerFunc {
	limit := limitBody(cmp.Or(op.MaxBody, hiregate.MaxBodyBytes))
	if op.Roles == nil {
		return []gin.HandlerFunc{limit, op.Handler}
	}
	chain := []gin.HandlerFunc{limit, h.authenticate}
	if !op.EnrolmentOpen {
		chain = append(chain, h.requireEnrolled)
	}
	if len(op.Roles) < len(hiregate.Roles) {
		chain = append(chain, h.requireRole(op.Roles...))
	}
	return append(chain, op.Handler)
}

// Spec is the OpenAPI document served at /openapi.json, built from the same
// route table as the router.
func Spec() []byte {
	_, spec := apidoc.Build((&handler{}).routes())
	return spec
}
