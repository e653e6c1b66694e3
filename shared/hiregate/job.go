package hiregate

import (
	"strings"
	"time"
	"unicode/utf8"
)

// JobStatus is whether a job takes applications.
type JobStatus string

const (
	JobOpen   JobStatus = "open"
	JobClosed JobStatus = "closed"
)

// Valid reports whether s is a known job status.
func (s JobStatus) Valid() bool { return s == JobOpen || s == JobClosed }

// EmploymentType is the kind of contract a job offers.
type EmploymentType string

const (
	FullTime   EmploymentType = "full_time"
	PartTime   EmploymentType = "part_time"
	Contract   EmploymentType = "contract"
	Internship EmploymentType = "internship"
)

// EmploymentTypes lists every employment type.
var EmploymentTypes = []EmploymentType{FullTime, PartTime, Contract, Internship}

// Label is how people read t: "full-time", "part-time", "contract",
// "internship".
func (t EmploymentType) Label() string { return strings.ReplaceAll(string(t), "_", "-") }

// Valid reports whether t is a known employment type.
func (t EmploymentType) Valid() bool {
	switch t {
	case FullTime, PartTime, Contract, Internship:
		return true
	}
	return false
}

// Job is a posted position.
type Job struct {
	ID             string         `json:"id"`
	Title          string         `json:"title"`
	Description    string         `json:"description"`
	Location       string         `json:"location"`
	EmploymentType EmploymentType `json:"employment_type"`
	SalaryMin      *int64         `json:"salary_min,omitempty"`
	SalaryMax      *int64         `json:"salary_max,omitempty"`
	Status         JobStatus      `json:"status"`
	Recruiter      UserRef        `json:"recruiter"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
	// Skills are the skills the job declares (names from GET /skills).
	Skills JobSkills `json:"skills"`
	// ApplicationCounts is shown to the job's owner and to admins only.
	ApplicationCounts map[Stage]int `json:"application_counts,omitempty"`
	// BlindUntil, when set, hides who applied from everyone but the
	// candidate and admins until an application reaches that stage.
	BlindUntil *Stage `json:"blind_until"`
}

// JobRef is the short form of a job embedded in an application.
type JobRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// CreateJobRequest is the body of POST /jobs.
type CreateJobRequest struct {
	Title          string         `json:"title"`
	Description    string         `json:"description"`
	Location       string         `json:"location"`
	EmploymentType EmploymentType `json:"employment_type"`
	SalaryMin      *int64         `json:"salary_min,omitempty"`
	SalaryMax      *int64         `json:"salary_max,omitempty"`
	BlindUntil     *Stage         `json:"blind_until,omitempty"`
	Skills         *JobSkills     `json:"skills,omitempty"`
}

// Normalize trims the text fields and defaults the employment type.
func (r *CreateJobRequest) Normalize() {
	r.Title = strings.TrimSpace(r.Title)
	r.Location = strings.TrimSpace(r.Location)
	if r.EmploymentType == "" {
		r.EmploymentType = FullTime
	}
	if r.Skills != nil {
		n := r.Skills.Normalized()
		r.Skills = &n
	}
}

// Validate checks the fields; call Normalize first.
func (r *CreateJobRequest) Validate() error {
	f := map[string]string{}
	validateJobText(f, r.Title, r.Description, r.Location)
	if !r.EmploymentType.Valid() {
		f["employment_type"] = "must be one of full_time, part_time, contract, internship"
	}
	validateSalary(f, r.SalaryMin, r.SalaryMax)
	if r.BlindUntil != nil && !validBlindUntil(*r.BlindUntil) {
		f["blind_until"] = blindUntilMsg
	}
	if r.Skills != nil {
		r.Skills.check(f)
	}
	return fieldsErr(f)
}

// UpdateJobRequest is the body of PATCH /jobs/{id}. Nil fields are left
// unchanged.
type UpdateJobRequest struct {
	Title          *string          `json:"title,omitempty"`
	Description    *string          `json:"description,omitempty"`
	Location       *string          `json:"location,omitempty"`
	EmploymentType *EmploymentType  `json:"employment_type,omitempty"`
	SalaryMin      *int64           `json:"salary_min,omitempty"`
	SalaryMax      *int64           `json:"salary_max,omitempty"`
	Status         *JobStatus       `json:"status,omitempty"`
	Skills         *JobSkills       `json:"skills,omitempty"`
	BlindUntil     BlindUntilChange `json:"blind_until,omitzero"`
}

// Apply validates the update against j and, when valid, changes j.
func (r *UpdateJobRequest) Apply(j *Job) error {
	next := *j
	if r.Title != nil {
		next.Title = strings.TrimSpace(*r.Title)
	}
	if r.Description != nil {
		next.Description = *r.Description
	}
	if r.Location != nil {
		next.Location = strings.TrimSpace(*r.Location)
	}
	f := map[string]string{}
	if r.EmploymentType != nil {
		if !r.EmploymentType.Valid() {
			f["employment_type"] = "must be one of full_time, part_time, contract, internship"
		}
		next.EmploymentType = *r.EmploymentType
	}
	if r.SalaryMin != nil {
		next.SalaryMin = r.SalaryMin
	}
	if r.SalaryMax != nil {
		next.SalaryMax = r.SalaryMax
	}
	if r.Status != nil {
		if !r.Status.Valid() {
			f["status"] = "must be one of open, closed"
		}
		next.Status = *r.Status
	}
	if r.BlindUntil.Set {
		if !validBlindUntil(r.BlindUntil.Stage) {
			f["blind_until"] = blindUntilMsg
		}
		next.BlindUntil = nil
		if r.BlindUntil.Stage != "" {
			s := r.BlindUntil.Stage
			next.BlindUntil = &s
		}
	}
	if r.Skills != nil {
		next.Skills = r.Skills.Normalized()
		next.Skills.check(f)
	}
	validateJobText(f, next.Title, next.Description, next.Location)
	validateSalary(f, next.SalaryMin, next.SalaryMax)
	if err := fieldsErr(f); err != nil {
		return err
	}
	*j = next
	return nil
}

// JobFilter selects jobs for GET /jobs.
type JobFilter struct {
	Q           string
	Status      JobStatus
	RecruiterID string
	// StaffID, set by the server, selects the jobs a user works on: owns
	// or is on the team of.
	StaffID string
	// Mine asks for the caller's own jobs (recruiters); the server turns
	// it into RecruiterID.
	Mine   bool
	Limit  int
	Cursor string
}

func validateJobText(f map[string]string, title, description, location string) {
	switch {
	case title == "":
		f["title"] = "required"
	case !utf8.ValidString(title):
		f["title"] = "must be valid UTF-8"
	case utf8.RuneCountInString(title) > MaxJobTitleLen:
		f["title"] = "must be at most 200 characters"
	}
	switch {
	case !utf8.ValidString(description):
		f["description"] = "must be valid UTF-8"
	case utf8.RuneCountInString(description) > MaxJobDescriptionLen:
		f["description"] = "must be at most 20000 characters"
	}
	switch {
	case !utf8.ValidString(location):
		f["location"] = "must be valid UTF-8"
	case utf8.RuneCountInString(location) > MaxJobLocationLen:
		f["location"] = "must be at most 200 characters"
	}
}

func validateSalary(f map[string]string, lo, hi *int64) {
	if lo != nil && (*lo < 0 || *lo > MaxSalary) {
		f["salary_min"] = "must be between 0 and 1000000000"
	}
	if hi != nil && (*hi < 0 || *hi > MaxSalary) {
		f["salary_max"] = "must be between 0 and 1000000000"
	}
	if lo != nil && hi != nil && *lo > *hi && f["salary_max"] == "" {
		f["salary_max"] = "must not be less than the minimum salary"
	}
}

// CheckOpenForApplications is the pipeline's first rule: only an open job
// takes applications.
func CheckOpenForApplications(j *Job) error {
	if j.Status != JobOpen {
		return Errorf(ECONFLICT, "Job is closed")
	}
	return nil
}
