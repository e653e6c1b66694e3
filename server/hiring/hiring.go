// Package hiring owns the hiring use cases: jobs, applications and their
// pipeline, and recruiters' notes. It holds every ownership rule of API.md's
// "Roles" and "Pipeline" sections, built on the domain's functions
// (hiregate.CanViewJob, CanManageJob, ApplicationActor, CheckTransition,
// CheckOpenForApplications). Which role may call a route at all is the
// route table's job (server/httpapi); what a caller may see and change once
// there is decided here, and only here.
//
// Requests and filters are normalised and validated here, once: the HTTP
// layer only decodes them.
package hiring

import (
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Store is the storage hiring needs.
type Store interface {
	store.Jobs
	store.Applications
}

// Service runs the hiring use cases. It is safe for concurrent use.
type Service struct {
	st  Store
	now func() time.Time
}

// New returns a Service over st; now is its clock (time.Now when nil).
func New(st Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: func() time.Time { return now().UTC() }}
}

var (
	errJobNotFound         = hiregate.Errorf(hiregate.ENOTFOUND, "Job not found")
	errApplicationNotFound = hiregate.Errorf(hiregate.ENOTFOUND, "Application not found")
)
