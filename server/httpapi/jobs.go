package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var errJobNotFound = hiregate.Errorf(hiregate.ENOTFOUND, "Job not found")

func (h *handler) listJobs(c *gin.Context) {
	p := principal(c)
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
	status := hiregate.JobStatus(c.Query("status"))
	if status != "" && !status.Valid() {
		h.fail(c, hiregate.ValidationError(map[string]string{"status": "must be one of open, closed"}))
		return
	}
	f := hiregate.JobFilter{Q: q, Status: status, Limit: limit, Cursor: cursor}
	switch p.Role {
	case hiregate.RoleCandidate:
		if mine {
			h.fail(c, hiregate.ValidationError(map[string]string{"mine": "only recruiters and admins post jobs"}))
			return
		}
		if status == hiregate.JobClosed {
			list(c, []hiregate.Job{}, "")
			return
		}
		f.Status = hiregate.JobOpen
	case hiregate.RoleRecruiter:
		f.RecruiterID = p.UserID
	case hiregate.RoleAdmin:
		if mine {
			f.RecruiterID = p.UserID
		}
	}
	jobs, next, err := h.store.ListJobs(c.Request.Context(), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	if err := h.addCounts(c, p, jobs); err != nil {
		h.fail(c, err)
		return
	}
	list(c, jobs, next)
}

// addCounts fills application counts on the jobs the caller manages.
func (h *handler) addCounts(c *gin.Context, p *auth.Principal, jobs []hiregate.Job) error {
	var ids []string
	for _, j := range jobs {
		if hiregate.CanManageJob(p.UserID, p.Role, j.Recruiter.ID) {
			ids = append(ids, j.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	counts, err := h.store.ApplicationCounts(c.Request.Context(), ids)
	if err != nil {
		return err
	}
	for i := range jobs {
		if hiregate.CanManageJob(p.UserID, p.Role, jobs[i].Recruiter.ID) {
			jobs[i].ApplicationCounts = allStages(counts[jobs[i].ID])
		}
	}
	return nil
}

// visibleJob loads a job the caller may see, or ENOTFOUND.
func (h *handler) visibleJob(c *gin.Context, p *auth.Principal, id string) (*hiregate.Job, error) {
	j, err := h.store.JobByID(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	applied := false
	if p.Role == hiregate.RoleCandidate && j.Status != hiregate.JobOpen {
		apps, _, err := h.store.ListApplications(c.Request.Context(), hiregate.ApplicationFilter{JobID: j.ID, CandidateID: p.UserID, Limit: 1})
		if err != nil {
			return nil, err
		}
		applied = len(apps) > 0
	}
	if !hiregate.CanViewJob(p.UserID, p.Role, j, applied) {
		return nil, errJobNotFound
	}
	return j, nil
}

func (h *handler) getJob(c *gin.Context) {
	p := principal(c)
	j, err := h.visibleJob(c, p, c.Param("id"))
	if err != nil {
		h.fail(c, err)
		return
	}
	jobs := []hiregate.Job{*j}
	if err := h.addCounts(c, p, jobs); err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, jobs[0])
}

func (h *handler) createJob(c *gin.Context) {
	p := principal(c)
	var req hiregate.CreateJobRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	j := &hiregate.Job{
		Title: req.Title, Description: req.Description, Location: req.Location,
		EmploymentType: req.EmploymentType, SalaryMin: req.SalaryMin, SalaryMax: req.SalaryMax,
		Status: hiregate.JobOpen, Recruiter: hiregate.UserRef{ID: p.UserID},
	}
	if err := h.store.CreateJob(c.Request.Context(), j, h.now().UTC()); err != nil {
		h.fail(c, err)
		return
	}
	j.ApplicationCounts = allStages(nil)
	c.Header("Location", "/jobs/"+j.ID)
	c.JSON(http.StatusCreated, j)
}

func (h *handler) updateJob(c *gin.Context) {
	p := principal(c)
	var req hiregate.UpdateJobRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	j, err := h.store.UpdateJob(c.Request.Context(), c.Param("id"), h.now().UTC(), func(j *hiregate.Job) error {
		if !hiregate.CanManageJob(p.UserID, p.Role, j.Recruiter.ID) {
			return errJobNotFound
		}
		return req.Apply(j)
	})
	if err != nil {
		h.fail(c, err)
		return
	}
	jobs := []hiregate.Job{*j}
	if err := h.addCounts(c, p, jobs); err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, jobs[0])
}

// allStages lists a count for every stage, zeros included, so an owner's
// job always carries the whole pipeline.
func allStages(counts map[hiregate.Stage]int) map[hiregate.Stage]int {
	out := make(map[hiregate.Stage]int, len(hiregate.Stages))
	for _, s := range hiregate.Stages {
		out[s] = counts[s]
	}
	return out
}
