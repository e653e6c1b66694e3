package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func (h *handler) funnel(c *gin.Context) {
	from, to, err := hiregate.ParseFunnelDates(c.Query("from"), c.Query("to"))
	if err != nil {
		h.fail(c, err)
		return
	}
	f, err := h.hiring.Funnel(c.Request.Context(), principal(c), hiregate.FunnelFilter{JobID: c.Query("job_id"), From: from, To: to})
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, f)
}

func (h *handler) exportMe(c *gin.Context) {
	e, err := h.accounts.Export(c.Request.Context(), principal(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="hiregate-export.json"`)
	c.JSON(http.StatusOK, e)
}

func (h *handler) eraseMe(c *gin.Context) {
	var req hiregate.EraseAccountRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.accounts.Erase(c.Request.Context(), principal(c), req, clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
