package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/version"
)

// serverVersion is read once: the build information does not change.
var serverVersion = version.Get().String()

func (h *handler) healthz(c *gin.Context) {
	hl := hiregate.Health{Status: "ok", Version: serverVersion, APIMajor: hiregate.APIMajor}
	if h.gateway.Address != "" {
		hl.SSHGateway = &hiregate.SSHGatewayHealth{Address: h.gateway.Address}
	}
	c.JSON(http.StatusOK, hl)
}

func (h *handler) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := h.db.Ping(ctx); err != nil {
		h.log.WarnContext(c.Request.Context(), "readiness check failed", "err", err)
		h.fail(c, hiregate.Errorf(hiregate.EUNAVAILABLE, "Database unavailable"))
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

func (h *handler) jwks(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=300")
	c.JSON(http.StatusOK, h.auth.JWKS())
}
