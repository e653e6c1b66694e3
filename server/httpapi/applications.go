package httpapi

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func (h *handler) apply(c *gin.Context) {
	if err := h.accounts.MayApply(c.Request.Context(), principal(c)); err != nil {
		h.fail(c, err)
		return
	}
	if isMultipart(c) {
		h.applyMultipart(c)
		return
	}
	// The route takes a file, so its limit is the file's; JSON keeps the
	// contract's 1 MiB.
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, hiregate.MaxBodyBytes)
	var req hiregate.CreateApplicationRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	a, err := h.hiring.Apply(c.Request.Context(), principal(c), c.Param("id"), req)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Location", "/applications/"+a.ID)
	c.JSON(http.StatusCreated, a)
}

// applicationFilter reads a list of applications' query: the page and
// ?status= (checked by the service).
func applicationFilter(c *gin.Context) (hiregate.ApplicationFilter, error) {
	limit, cursor, err := page(c)
	if err != nil {
		return hiregate.ApplicationFilter{}, err
	}
	return hiregate.ApplicationFilter{Status: hiregate.Stage(c.Query("status")), Sort: hiregate.ApplicationSort(c.Query("sort")),
		Limit: limit, Cursor: cursor}, nil
}

func (h *handler) myApplications(c *gin.Context) {
	f, err := applicationFilter(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	apps, next, err := h.hiring.MyApplications(c.Request.Context(), principal(c), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, apps, next)
}

func (h *handler) jobApplications(c *gin.Context) {
	f, err := applicationFilter(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	p, jobID := principal(c), c.Param("id")
	h.cachedList(c, h.hiring.JobApplicationsKey(p, jobID, f), func() error {
		// A ranking from the cache is a use of the ranking all the same.
		return h.hiring.RankingServed(c.Request.Context(), p, jobID, f)
	}, func() (any, error) {
		apps, next, err := h.hiring.JobApplications(c.Request.Context(), p, jobID, f)
		return listOf(apps, next), err
	})
}

func (h *handler) getApplication(c *gin.Context) {
	a, err := h.hiring.Application(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

func (h *handler) moveApplication(c *gin.Context) {
	var req hiregate.UpdateApplicationRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	a, err := h.hiring.MoveApplication(c.Request.Context(), principal(c), c.Param("id"), req)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

func (h *handler) addNote(c *gin.Context) {
	var req hiregate.CreateNoteRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	n, err := h.hiring.AddNote(c.Request.Context(), principal(c), c.Param("id"), req)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, n)
}

func (h *handler) listNotes(c *gin.Context) {
	limit, cursor, err := page(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	notes, next, err := h.hiring.Notes(c.Request.Context(), principal(c), c.Param("id"), limit, cursor)
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, notes, next)
}

func (h *handler) sendMessage(c *gin.Context) {
	var req hiregate.CreateMessageRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	m, err := h.hiring.SendMessage(c.Request.Context(), principal(c), c.Param("id"), req)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, m)
}

func (h *handler) listMessages(c *gin.Context) {
	limit, cursor, err := page(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	msgs, next, err := h.hiring.Messages(c.Request.Context(), principal(c), c.Param("id"), limit, cursor)
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, msgs, next)
}

func (h *handler) markMessagesRead(c *gin.Context) {
	var req hiregate.MarkReadRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.hiring.MarkMessagesRead(c.Request.Context(), principal(c), c.Param("id"), req); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *handler) unreadMessages(c *gin.Context) {
	var ids []string
	for _, v := range c.QueryArray("application_id") {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, id)
			}
		}
	}
	counts, err := h.hiring.UnreadMessages(c.Request.Context(), principal(c), ids)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, hiregate.UnreadCounts{Items: counts})
}
