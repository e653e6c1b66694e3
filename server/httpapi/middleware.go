package httpapi

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/shared/hiregate"
)

const (
	ctxPrincipal  = "hiregate.principal"
	ctxTokenSent  = "hiregate.token_sent"
	bearerPrefix  = "bearer "
	maxAuthHeader = 8 << 10
)

// logRequests writes one line per request. It logs the route pattern and
// never the query string, headers or body: those may carry tokens,
// passwords or search terms.
func (h *handler) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "(unmatched)"
	}
	attrs := []slog.Attr{
		slog.String("method", c.Request.Method),
		slog.String("route", route),
		slog.Int("status", c.Writer.Status()),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("duration", time.Since(start)),
		slog.String("ip", c.ClientIP()),
	}
	if p := principal(c); p != nil {
		attrs = append(attrs, slog.String("user", p.UserID))
	}
	level := slog.LevelInfo
	if c.Writer.Status() >= 500 {
		level = slog.LevelError
	}
	h.log.LogAttrs(c.Request.Context(), level, "request", attrs...)
}

// recoverPanics turns a panic into a 500 with the contract's body.
func (h *handler) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.log.ErrorContext(c.Request.Context(), "panic", slog.Any("panic", v), slog.String("route", c.FullPath()))
			if !c.Writer.Written() {
				c.AbortWithStatusJSON(http.StatusInternalServerError, hiregate.ErrorBody{Detail: "Internal error"})
			}
		}
	}()
	c.Next()
}

// securityHeaders marks API responses as not cacheable and not sniffable:
// they carry personal data and tokens.
func securityHeaders(c *gin.Context) {
	c.Header("X-Content-Type-Options", "nosniff")
	if !strings.HasPrefix(c.Request.URL.Path, "/docs") {
		c.Header("Cache-Control", "no-store")
		c.Header("X-Frame-Options", "DENY")
	}
	c.Next()
}

// limitBody caps every request body at the contract's 1 MiB.
func limitBody(c *gin.Context) {
	if c.Request.ContentLength > hiregate.MaxBodyBytes {
		c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, hiregate.ErrorBody{Detail: "Request body too large (limit 1 MiB)"})
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, hiregate.MaxBodyBytes)
	c.Next()
}

// authenticate is OAuth2PasswordBearer plus get_current_user: it requires a
// bearer token, verifies it, checks its session is still live, and puts the
// principal in the context.
func (h *handler) authenticate(c *gin.Context) {
	header := c.GetHeader("Authorization")
	if header == "" {
		h.fail(c, hiregate.Errorf(hiregate.EUNAUTHORIZED, hiregate.MsgNotAuthenticated))
		return
	}
	if len(header) > maxAuthHeader || len(header) <= len(bearerPrefix) || !strings.EqualFold(header[:len(bearerPrefix)], bearerPrefix) {
		h.fail(c, hiregate.Errorf(hiregate.EUNAUTHORIZED, hiregate.MsgNotAuthenticated))
		return
	}
	c.Set(ctxTokenSent, true)
	p, err := h.auth.Authenticate(c.Request.Context(), strings.TrimSpace(header[len(bearerPrefix):]))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Set(ctxPrincipal, p)
	c.Next()
}

// requireRole is require_role: the caller's role must be one of roles, or
// the request is a 403 that is audited.
func (h *handler) requireRole(roles ...hiregate.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := principal(c)
		for _, r := range roles {
			if p.Role == r {
				c.Next()
				return
			}
		}
		h.auth.RecordForbidden(c.Request.Context(), p, c.Request.Method+" "+c.FullPath(), clientInfo(c))
		h.fail(c, hiregate.ErrAccessDenied(roles...))
	}
}

func principal(c *gin.Context) *auth.Principal {
	v, ok := c.Get(ctxPrincipal)
	if !ok {
		return nil
	}
	p, _ := v.(*auth.Principal)
	return p
}

func clientInfo(c *gin.Context) auth.ClientInfo {
	ua := c.Request.UserAgent()
	if len(ua) > 256 {
		ua = strings.ToValidUTF8(ua[:256], "")
	}
	return auth.ClientInfo{IP: c.ClientIP(), UserAgent: ua}
}
