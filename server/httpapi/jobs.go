package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"

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
	h.cachedList(c, h.hiring.JobListKey(p, f), nil, func() (any, error) {
		jobs, next, err := h.hiring.ListJobs(c.Request.Context(), p, f)
		return listOf(jobs, next), err
	})
}

// cachedList answers a list from the page cache when the store has not
// changed since key's body was made (after hit, which may refuse it),
// and otherwise makes it with load, keeps it and sends it. Requests for
// the same key that miss together wait for one load: after each write
// every request in flight would otherwise make the same page at once.
// Without the cache (or the store's version) it is load and send.
func (h *handler) cachedList(c *gin.Context, key string, hit func() error, load func() (any, error)) {
	var version uint64
	cache := h.pages != nil
	if cache {
		var err error
		// Read before the store is, so that a page read across a write
		// is tagged with the older version and never served.
		if version, err = h.versions.Version(c.Request.Context()); err != nil {
			cache = false
		} else if body, ok := h.pages.Get(version, key); ok {
			h.sendCached(c, body, hit)
			return
		}
	}
	if !cache {
		out, err := load()
		if err != nil {
			h.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, out)
		return
	}
	made := false
	encode := func() (any, error) {
		made = true
		out, err := load()
		if err != nil {
			return nil, err
		}
		body, err := json.Marshal(out)
		if err != nil {
			return nil, err
		}
		h.pages.Put(version, key, body)
		return body, nil
	}
	v, err, _ := h.flight.Do(strconv.FormatUint(version, 10)+"|"+key, encode)
	if err != nil && !made {
		// The load waited for failed, perhaps for its own reason (its
		// request ended): this request makes its own.
		v, err = encode()
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	if made {
		c.Data(http.StatusOK, jsonContentType, v.([]byte))
		return
	}
	h.sendCached(c, v.([]byte), hit)
}

// sendCached sends a body this request did not make, after hit.
func (h *handler) sendCached(c *gin.Context, body []byte, hit func() error) {
	if hit != nil {
		if err := hit(); err != nil {
			h.fail(c, err)
			return
		}
	}
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
