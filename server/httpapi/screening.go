package httpapi

import (
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// maxSkillsLimit is the most skills one GET /skills returns.
const maxSkillsLimit = 1000

func (h *handler) listSkills(c *gin.Context) {
	limit := 100
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			h.fail(c, hiregate.Errorf(hiregate.EBADREQUEST, "limit must be a number"))
			return
		}
		if n < 1 || n > maxSkillsLimit {
			h.fail(c, hiregate.ValidationError(map[string]string{"limit": "must be between 1 and 1000"}))
			return
		}
		limit = n
	}
	s, err := h.hiring.Skills(c.Request.Context(), hiregate.SkillFilter{Q: c.Query("q"), Limit: limit})
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s)
}

func (h *handler) importSkills(c *gin.Context) {
	if ct := c.ContentType(); ct != hiregate.SkillsCSVType {
		h.fail(c, hiregate.Errorf(hiregate.EUNSUPPORTED, "Content-Type must be text/csv"))
		return
	}
	data, err := io.ReadAll(c.Request.Body)
	if err != nil {
		h.fail(c, readErr(err))
		return
	}
	out, err := h.hiring.ImportSkills(c.Request.Context(), principal(c), data)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (h *handler) impact(c *gin.Context) {
	from, to, err := hiregate.ParseFunnelDates(c.Query("from"), c.Query("to"))
	if err != nil {
		h.fail(c, err)
		return
	}
	f := hiregate.ImpactFilter{JobID: c.Query("job_id"), From: from, To: to,
		Stage: hiregate.Stage(c.Query("stage")), By: hiregate.ImpactBy(c.Query("by"))}
	r, err := h.hiring.Impact(c.Request.Context(), principal(c), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}
