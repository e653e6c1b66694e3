package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func (h *handler) listJobs(c *gin.Context) {
	limit, cursor, q, err := searchPage(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	mine, err := boolQuery(c, "mine")
	if err != nil {
		h.fail(c, err)
		return
	}
	f := hiregate.JobFilter{Q: q, Status: hiregate.JobStatus(c.Query("status")), Mine: mine, Limit: limit, Cursor: cursor}
	jobs, next, err := h.hiring.ListJobs(c.Request.Context(), principal(c), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, jobs, next)
}

func (h *handler) getJob(c *gin.Context) {
	j, err := h.hiring.Job(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, j)
}

func (h *handler) createJob(c *gin.Context) {
	var req hiregate.CreateJobRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	j, err := h.hiring.CreateJob(c.Request.Context(), principal(c), req)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Location", "/jobs/"+j.ID)
	c.JSON(http.StatusCreated, j)
}

func (h *handler) updateJob(c *gin.Context) {
	var req hiregate.UpdateJobRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	j, err := h.hiring.UpdateJob(c.Request.Context(), principal(c), c.Param("id"), req)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, j)
}
