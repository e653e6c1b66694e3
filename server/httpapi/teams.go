package httpapi

import (
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func (h *handler) getTeam(c *gin.Context) {
	t, err := h.hiring.Team(c.Request.Context(), principal(c), c.Param("id"))
	h.reply(c, http.StatusOK, t, err)
}

func (h *handler) putTeam(c *gin.Context) {
	var req hiregate.PutTeamRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	t, err := h.hiring.SetTeam(c.Request.Context(), principal(c), c.Param("id"), req)
	h.reply(c, http.StatusOK, t, err)
}

func (h *handler) searchStaff(c *gin.Context) {
	limit, _, err := page(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	users, err := h.hiring.SearchStaff(c.Request.Context(), hiregate.StaffFilter{
		Q: c.Query("q"), Role: hiregate.Role(c.Query("role")), Limit: limit})
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, users, "")
}

func (h *handler) getScorecard(c *gin.Context) {
	sc, err := h.hiring.Scorecard(c.Request.Context(), principal(c), c.Param("id"))
	h.reply(c, http.StatusOK, sc, err)
}

func (h *handler) putScorecard(c *gin.Context) {
	var req hiregate.PutScorecardRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	sc, err := h.hiring.PutScorecard(c.Request.Context(), principal(c), c.Param("id"), req)
	h.reply(c, http.StatusOK, sc, err)
}

func (h *handler) scheduleInterview(c *gin.Context) {
	var req hiregate.CreateInterviewRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	iv, err := h.hiring.ScheduleInterview(c.Request.Context(), principal(c), c.Param("id"), req)
	if err == nil {
		c.Header("Location", "/interviews/"+iv.ID)
	}
	h.reply(c, http.StatusCreated, iv, err)
}

func (h *handler) updateInterview(c *gin.Context) {
	var req hiregate.UpdateInterviewRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	iv, err := h.hiring.UpdateInterview(c.Request.Context(), principal(c), c.Param("id"), req)
	h.reply(c, http.StatusOK, iv, err)
}

func (h *handler) cancelInterview(c *gin.Context) {
	iv, err := h.hiring.CancelInterview(c.Request.Context(), principal(c), c.Param("id"))
	h.reply(c, http.StatusOK, iv, err)
}

func (h *handler) getInterview(c *gin.Context) {
	iv, err := h.hiring.Interview(c.Request.Context(), principal(c), c.Param("id"))
	h.reply(c, http.StatusOK, iv, err)
}

func (h *handler) applicationInterviews(c *gin.Context) {
	limit, cursor, err := page(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	items, next, err := h.hiring.ApplicationInterviews(c.Request.Context(), principal(c), c.Param("id"), limit, cursor)
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, items, next)
}

func (h *handler) myInterviews(c *gin.Context) {
	limit, cursor, err := page(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	f := hiregate.InterviewFilter{Limit: limit, Cursor: cursor}
	if from := c.Query("from"); from != "" {
		f.From, err = time.Parse(time.RFC3339, from)
		if err != nil {
			h.fail(c, hiregate.ValidationError(map[string]string{"from": "must be an RFC 3339 time"}))
			return
		}
	}
	items, next, err := h.hiring.MyInterviews(c.Request.Context(), principal(c), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, items, next)
}

func (h *handler) interviewCalendar(c *gin.Context) {
	ics, method, err := h.hiring.InterviewCalendar(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "interview.ics"}))
	c.Header("Content-Length", strconv.Itoa(len(ics)))
	c.Data(http.StatusOK, "text/calendar; charset=utf-8; method="+method, ics)
}

func (h *handler) putFeedback(c *gin.Context) {
	var req hiregate.FeedbackRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	f, err := h.hiring.SubmitFeedback(c.Request.Context(), principal(c), c.Param("id"), req)
	h.reply(c, http.StatusOK, f, err)
}

func (h *handler) myFeedback(c *gin.Context) {
	f, err := h.hiring.MyFeedback(c.Request.Context(), principal(c), c.Param("id"))
	h.reply(c, http.StatusOK, f, err)
}

func (h *handler) applicationFeedback(c *gin.Context) {
	f, err := h.hiring.ApplicationFeedback(c.Request.Context(), principal(c), c.Param("id"))
	h.reply(c, http.StatusOK, f, err)
}

// reply answers v with code, or the error.
func (h *handler) reply(c *gin.Context, code int, v any, err error) {
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(code, v)
}
