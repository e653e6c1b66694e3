package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// fail writes err as the contract's error body and aborts the chain. Only
// internal errors are logged; their text never reaches the client.
func (h *handler) fail(c *gin.Context, err error) {
	var e *hiregate.Error
	if !errors.As(err, &e) && errors.Is(c.Request.Context().Err(), context.Canceled) {
		h.clientGone(c, err)
	}
	if e == nil {
		h.log.ErrorContext(c.Request.Context(), "internal error", slog.String("method", c.Request.Method),
			slog.String("route", c.FullPath()), slog.Any("err", err))
		e = &hiregate.Error{Code: hiregate.EINTERNAL, Message: "Internal error"}
	}
	status := hiregate.StatusCode(e.Code)
	switch status {
	case http.StatusUnauthorized:
		if c.GetBool(ctxTokenSent) {
			c.Header("WWW-Authenticate", `Bearer error="invalid_token"`)
		} else {
			c.Header("WWW-Authenticate", "Bearer")
		}
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		after := e.RetryAfter
		if after < 1 {
			after = 1
		}
		c.Header("Retry-After", strconv.Itoa(after))
	}
	c.AbortWithStatusJSON(status, hiregate.ErrorBody{Detail: e.Message, Error: e.OAuth, Fields: e.Fields, MFAToken: e.MFAToken})
}

// statusClientClosed is the status the request log shows for a request whose
// client hung up before it was answered (nginx's 499). It never goes on the
// wire: there is no one to read it.
const statusClientClosed = 499

// clientGone ends a request whose client hung up while it waited (its
// context is cancelled, so the work failed with it). That is not a server
// error: it is logged at debug, the request line says 499, and the
// connection is dropped without an answer, as net/http does for
// http.ErrAbortHandler.
func (h *handler) clientGone(c *gin.Context, err error) {
	h.log.DebugContext(c.Request.Context(), "client closed request", slog.String("method", c.Request.Method),
		slog.String("route", c.FullPath()), slog.Any("err", err))
	c.Set(ctxClientGone, true)
	c.Abort()
	panic(http.ErrAbortHandler)
}
