package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var errApplicationNotFound = hiregate.Errorf(hiregate.ENOTFOUND, "Application not found")

func (h *handler) apply(c *gin.Context) {
	p := principal(c)
	var req hiregate.CreateApplicationRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	a := &hiregate.Application{
		Job:         hiregate.JobRef{ID: c.Param("id")},
		Candidate:   hiregate.CandidateRef{ID: p.UserID},
		CoverLetter: req.CoverLetter,
		ResumeText:  req.ResumeText,
	}
	if err := h.store.CreateApplication(c.Request.Context(), a, h.now().UTC(), hiregate.CheckOpenForApplications); err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Location", "/applications/"+a.ID)
	c.JSON(http.StatusCreated, a)
}

func applicationFilter(c *gin.Context) (hiregate.ApplicationFilter, error) {
	limit, cursor, err := page(c)
	if err != nil {
		return hiregate.ApplicationFilter{}, err
	}
	status := hiregate.Stage(c.Query("status"))
	if status != "" && !status.Valid() {
		return hiregate.ApplicationFilter{}, hiregate.ValidationError(map[string]string{"status": "unknown application status"})
	}
	return hiregate.ApplicationFilter{Status: status, Limit: limit, Cursor: cursor}, nil
}

func (h *handler) myApplications(c *gin.Context) {
	f, err := applicationFilter(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	f.CandidateID = principal(c).UserID
	apps, next, err := h.store.ListApplications(c.Request.Context(), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, apps, next)
}

func (h *handler) jobApplications(c *gin.Context) {
	p := principal(c)
	f, err := applicationFilter(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	j, err := h.store.JobByID(c.Request.Context(), c.Param("id"))
	if err != nil {
		h.fail(c, err)
		return
	}
	if !hiregate.CanManageJob(p.UserID, p.Role, j.Recruiter.ID) {
		h.fail(c, errJobNotFound)
		return
	}
	f.JobID = j.ID
	apps, next, err := h.store.ListApplications(c.Request.Context(), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, apps, next)
}

// visibleApplication loads an application the caller relates to, or
// ENOTFOUND: another user's application is indistinguishable from none.
func (h *handler) visibleApplication(c *gin.Context, p *auth.Principal, id string) (*store.ApplicationRecord, hiregate.Actor, error) {
	a, err := h.store.ApplicationByID(c.Request.Context(), id)
	if err != nil {
		return nil, 0, err
	}
	actor, ok := hiregate.ApplicationActor(p.UserID, p.Role, a.Candidate.ID, a.JobOwnerID)
	if !ok {
		return nil, 0, errApplicationNotFound
	}
	return a, actor, nil
}

func (h *handler) getApplication(c *gin.Context) {
	a, _, err := h.visibleApplication(c, principal(c), c.Param("id"))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, a.Application)
}

func (h *handler) moveApplication(c *gin.Context) {
	p := principal(c)
	var req hiregate.UpdateApplicationRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	// The store fills in the mover's name inside its transaction.
	by := hiregate.UserRef{ID: p.UserID}
	a, err := h.store.MoveApplication(c.Request.Context(), c.Param("id"), req.Status, by, h.now().UTC(), func(a *store.ApplicationRecord) error {
		actor, ok := hiregate.ApplicationActor(p.UserID, p.Role, a.Candidate.ID, a.JobOwnerID)
		if !ok {
			return errApplicationNotFound
		}
		return hiregate.CheckTransition(a.Status, req.Status, actor)
	})
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, a.Application)
}

// managedApplication loads an application whose job the caller manages.
func (h *handler) managedApplication(c *gin.Context, p *auth.Principal) (*store.ApplicationRecord, error) {
	a, actor, err := h.visibleApplication(c, p, c.Param("id"))
	if err != nil {
		return nil, err
	}
	if actor != hiregate.ActorRecruiter {
		return nil, errApplicationNotFound
	}
	return a, nil
}

func (h *handler) addNote(c *gin.Context) {
	p := principal(c)
	var req hiregate.CreateNoteRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	a, err := h.managedApplication(c, p)
	if err != nil {
		h.fail(c, err)
		return
	}
	n := &hiregate.Note{ApplicationID: a.ID, Body: req.Body, Author: hiregate.UserRef{ID: p.UserID}}
	if err := h.store.CreateNote(c.Request.Context(), n, h.now().UTC()); err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, n)
}

func (h *handler) listNotes(c *gin.Context) {
	p := principal(c)
	limit, cursor, err := page(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	a, err := h.managedApplication(c, p)
	if err != nil {
		h.fail(c, err)
		return
	}
	notes, next, err := h.store.ListNotes(c.Request.Context(), a.ID, limit, cursor)
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, notes, next)
}
