package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// The second factor's routes. The rules (who may, which code, throttling,
// audit) are auth.Service's.

func (h *handler) startTOTP(c *gin.Context) {
	e, err := h.auth.StartTOTP(c.Request.Context(), principal(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, e)
}

func (h *handler) confirmTOTP(c *gin.Context) {
	var req hiregate.CodeRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	rc, err := h.auth.ConfirmTOTP(c.Request.Context(), principal(c), req, clientInfo(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, rc)
}

func (h *handler) disableTOTP(c *gin.Context) {
	var req hiregate.CodeRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.auth.DisableTOTP(c.Request.Context(), principal(c), req, clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *handler) resetMFA(c *gin.Context) {
	if _, err := h.auth.ResetMFA(c.Request.Context(), principal(c), c.Param("id"), clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// requireEnrolled refuses a caller whose role must have a second factor
// they have not enrolled (auth decides: Principal.NeedsMFA); the route
// table opens the few routes that enrolling needs.
func (h *handler) requireEnrolled(c *gin.Context) {
	p := principal(c)
	if p == nil || !p.NeedsMFA {
		c.Next()
		return
	}
	h.auth.RecordForbidden(c.Request.Context(), p, "second factor not enrolled: "+c.Request.Method+" "+c.FullPath(), clientInfo(c))
	h.fail(c, hiregate.ErrMFAEnrollmentRequired())
}
