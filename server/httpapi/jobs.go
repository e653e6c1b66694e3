package httpapi

import (
	"encoding/json"
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
	p := principal(c)
	var key string
	var version uint64
	cache := h.pages != nil
	if cache {
		key = h.hiring.JobListKey(p, f)
		var err error
		// Read before the store is, so that a page read across a write
		// is tagged with the older version and never served.
		if version, err = h.versions.Version(c.Request.Context()); err != nil {
			cache = false
		} else if body, ok := h.pages.Get(version, key); ok {
			c.Data(http.StatusOK, jsonContentType, body)
			return
		}
	}
	jobs, next, err := h.hiring.ListJobs(c.Request.Context(), p, f)
	if err != nil {
		h.fail(c, err)
		return
	}
	if !cache {
		list(c, jobs, next)
		return
	}
	out := hiregate.List[hiregate.Job]{Items: jobs}
	if out.Items == nil {
		out.Items = []hiregate.Job{}
	}
	if next != "" {
		out.NextCursor = &next
	}
	body, err := json.Marshal(out)
	if err != nil {
		h.fail(c, err)
		return
	}
	h.pages.Put(version, key, body)
	c.Data(http.StatusOK, jsonContentType, body)
}

// jsonContentType is what c.JSON sends.
const jsonContentType = "application/json; charset=utf-8"

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
