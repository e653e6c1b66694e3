package httpapi

import (
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
	if !errors.As(err, &e) {
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
	case http.StatusTooManyRequests:
		after := e.RetryAfter
		if after < 1 {
			after = 1
		}
		c.Header("Retry-After", strconv.Itoa(after))
	}
	c.AbortWithStatusJSON(status, hiregate.ErrorBody{Detail: e.Message, Error: e.OAuth, Fields: e.Fields})
}
