// Package httpapi is hiregate's HTTP layer: the Gin router, its middleware,
// one file per resource, and the single mapping from domain errors to HTTP
// responses. It speaks to storage only through server/store and to
// authentication only through server/auth.
package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/server/apidoc"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Config is what the HTTP layer needs.
type Config struct {
	Store  store.Store
	Auth   *auth.Service
	Logger *slog.Logger
	// TrustedProxies are the IPs or CIDRs whose X-Forwarded-For and
	// X-Real-IP headers are believed when deciding a client's address.
	// Empty: the TCP peer is the client.
	TrustedProxies []string
	// Now is the clock for timestamps (default time.Now).
	Now func() time.Time
}

// handler carries the dependencies of every route.
type handler struct {
	store store.Store
	auth  *auth.Service
	log   *slog.Logger
	now   func() time.Time
}

// New builds the router with every route of the API contract.
func New(cfg Config) (*gin.Engine, error) {
	if cfg.Store == nil || cfg.Auth == nil {
		return nil, errors.New("httpapi: store and auth are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	h := &handler{store: cfg.Store, auth: cfg.Auth, log: cfg.Logger, now: cfg.Now}

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
	r.Use(h.logRequests, h.recoverPanics, securityHeaders, limitBody)
	r.NoRoute(func(c *gin.Context) { h.fail(c, hiregate.Errorf(hiregate.ENOTFOUND, "Not found")) })
	r.NoMethod(func(c *gin.Context) {
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, hiregate.ErrorBody{Detail: "Method not allowed"})
	})

	r.GET("/healthz", h.healthz)
	r.GET("/readyz", h.readyz)
	r.GET("/.well-known/jwks.json", h.jwks)
	apidoc.Register(r)

	r.POST("/auth/register", h.register)
	r.POST("/auth/login", h.token)

	authed := r.Group("/", h.authenticate)
	authed.POST("/auth/logout", h.logout)
	authed.POST("/auth/logout-all", h.logoutAll)
	authed.GET("/users/me", h.me)
	authed.POST("/users/me/password", h.changePassword)
	authed.GET("/users/me/sessions", h.sessions)
	authed.DELETE("/users/me/sessions/:id", h.revokeSession)

	admin := authed.Group("/admin", h.requireRole(hiregate.RoleAdmin))
	admin.POST("/users", h.createUser)
	admin.GET("/users", h.listUsers)
	admin.PATCH("/users/:id", h.updateUser)
	admin.GET("/audit", h.listAudit)

	staff := h.requireRole(hiregate.RoleRecruiter, hiregate.RoleAdmin)
	candidate := h.requireRole(hiregate.RoleCandidate)
	authed.GET("/jobs", h.listJobs)
	authed.GET("/jobs/:id", h.getJob)
	authed.POST("/jobs", staff, h.createJob)
	authed.PATCH("/jobs/:id", staff, h.updateJob)
	authed.POST("/jobs/:id/applications", candidate, h.apply)
	authed.GET("/jobs/:id/applications", staff, h.jobApplications)
	authed.GET("/applications/my", candidate, h.myApplications)
	authed.GET("/applications/:id", h.getApplication)
	authed.PATCH("/applications/:id", h.moveApplication)
	authed.POST("/applications/:id/notes", staff, h.addNote)
	authed.GET("/applications/:id/notes", staff, h.listNotes)
	return r, nil
}
