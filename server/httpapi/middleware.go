package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/shared/hiregate"
)

const (
	ctxPrincipal  = "hiregate.principal"
	ctxTokenSent  = "hiregate.token_sent"
	ctxClientGone = "hiregate.client_gone"
	maxAuthHeader = 8 << 10
)

// logRequests writes one line per request. It logs the route pattern and
// never the query string, headers or body: those may carry tokens,
// passwords or search terms.
func (h *handler) logRequests(c *gin.Context) {
	start := time.Now()
	// Deferred so that a request whose connection is dropped (its client
	// gone, see clientGone) is logged too.
	defer func() {
		route := c.FullPath()
		if route == "" {
			route = "(unmatched)"
		}
		status := c.Writer.Status()
		if c.GetBool(ctxClientGone) {
			status = statusClientClosed
		}
		attrs := []slog.Attr{
			slog.String("method", c.Request.Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Int("bytes", c.Writer.Size()),
			slog.Duration("duration", time.Since(start)),
			slog.String("ip", c.ClientIP()),
		}
		if p := principal(c); p != nil {
			attrs = append(attrs, slog.String("user", p.UserID))
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		h.log.LogAttrs(c.Request.Context(), level, "request", attrs...)
	}()
	c.Next()
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

// limitBody caps a route's request body: the contract's 1 MiB, or the
// resume limit on the routes that take a file. A body declared too large
// is refused before a byte is read; one that turns out too large fails
// its read.
func limitBody(max int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > max {
			c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, hiregate.ErrorBody{Detail: tooLarge(max)})
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max)
		c.Next()
	}
}

func tooLarge(max int64) string {
	if max > hiregate.MaxBodyBytes {
		// The routes that take a file: the file's limit is the one to
		// know, the framing around it is ours.
		return fmt.Sprintf("Request body too large (a resume may be at most %d MiB)", hiregate.MaxResumeBytes>>20)
	}
	return fmt.Sprintf("Request body too large (limit %d MiB)", max>>20)
}

// authenticate is OAuth2PasswordBearer plus get_current_user: it requires a
// bearer token, verifies it, checks its session is still live, and puts the
// principal in the context.
func (h *handler) authenticate(c *gin.Context) {
	token, sent := bearerToken(c.GetHeader("Authorization"))
	if !sent {
		h.fail(c, hiregate.Errorf(hiregate.EUNAUTHORIZED, hiregate.MsgNotAuthenticated))
		return
	}
	c.Set(ctxTokenSent, true)
	if token == "" {
		h.fail(c, hiregate.Errorf(hiregate.EUNAUTHORIZED, hiregate.MsgInvalidToken))
		return
	}
	// One version read serves every cache this request asks.
	c.Request = c.Request.WithContext(auth.RequestContext(c.Request.Context()))
	p, err := h.auth.Authenticate(c.Request.Context(), token)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Set(ctxPrincipal, p)
	c.Next()
}

// bearerToken is the only parser of the Authorization header. RFC 6750
// §2.1: credentials = "Bearer" 1*SP b64token, the scheme in any case
// (RFC 9110 §11.1). sent reports whether bearer credentials were presented
// at all (another scheme, or the scheme alone, is no token: the answer is a
// plain challenge); token is "" when they were presented but are not one
// token68 ("Bearer Bearer x", two tokens, a comma...).
func bearerToken(header string) (token string, sent bool) {
	const scheme = "bearer"
	if len(header) > maxAuthHeader || len(header) <= len(scheme) || header[len(scheme)] != ' ' || !strings.EqualFold(header[:len(scheme)], scheme) {
		return "", false
	}
	token = strings.TrimLeft(header[len(scheme):], " ")
	if !isToken68(token) {
		return "", true
	}
	return token, true
}

// isToken68 reports whether s is an RFC 9110 token68:
// 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isToken68(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		switch b := body[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9',
			b == '-', b == '.', b == '_', b == '~', b == '+', b == '/':
		default:
			return false
		}
	}
	return true
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

func principal(c *gin.Context) *caller.Principal {
	v, ok := c.Get(ctxPrincipal)
	if !ok {
		return nil
	}
	p, _ := v.(*caller.Principal)
	return p
}

// clientInfo is the caller's address and User-Agent. The agent is shown
// back (sessions) and stored, so it is made text: at most 256 bytes,
// invalid UTF-8 dropped (net/http already refuses a NUL in a header).
func clientInfo(c *gin.Context) caller.ClientInfo {
	if ci, ok := fromGateway(c); ok {
		return ci
	}
	ua := c.Request.UserAgent()
	if len(ua) > 256 {
		ua = ua[:256]
	}
	ua = strings.ToValidUTF8(strings.ReplaceAll(ua, "\x00", ""), "")
	return caller.ClientInfo{IP: c.ClientIP(), UserAgent: ua}
}
