// Package hiring owns the hiring use cases: jobs, applications and their
// pipeline, and recruiters' notes. It holds every ownership rule of API.md's
// "Roles" and "Pipeline" sections, built on the domain's functions
// (hiregate.CanViewJob, CanManageJob, CanWorkOnJob, ApplicationAccess, CheckTransition,
// CheckOpenForApplications). Which role may call a route at all is the
// route table's job (server/httpapi); what a caller may see and change once
// there is decided here, and only here.
//
// Requests and filters are normalised and validated here, once: the HTTP
// layer only decodes them.
package hiring

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/resume"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Store is the storage hiring needs.
type Store interface {
	store.Jobs
	store.Applications
	store.Resumes
	store.Scoring
	store.Reports
	store.Messages
	store.Teams
	store.Users
	// RecordAudit keeps who viewed a ranking.
	RecordAudit(ctx context.Context, e *hiregate.AuditEvent) error
	// Atomic makes a change and the mails it causes one transaction: a
	// move with its checks and notification, an interview with its
	// invites, applying with a file and its score.
	Atomic(ctx context.Context, fn func(tx store.Store) error) error
}

// Service runs the hiring use cases. It is safe for concurrent use.
type Service struct {
	st      Store
	now     func() time.Time
	resumes *resume.Extractor
	rescore rescorer
	views   viewAudit
	pub     events.Publisher
	// calendarHost is the host part of interview invites' UIDs.
	calendarHost string
}

// Option configures a Service.
type Option func(*Service)

// WithEvents publishes every committed change (job.created, job.updated,
// application.created, application.moved, application.note_added) through
// pub, for the live streams of those who may see it.
func WithEvents(pub events.Publisher) Option {
	return func(s *Service) { s.pub = pub }
}

// New returns a Service over st; now is its clock (time.Now when nil).
func New(st Store, now func() time.Time, opts ...Option) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{st: st, now: func() time.Time { return now().UTC() }, resumes: resume.New(resume.DefaultLimits()),
		pub: events.Discard{}, rescore: rescorer{wake: make(chan struct{}, 1)}}
	for _, o := range opts {
		o(s)
	}
	return s
}

var (
	errJobNotFound         = hiregate.Errorf(hiregate.ENOTFOUND, "Job not found")
	errApplicationNotFound = hiregate.Errorf(hiregate.ENOTFOUND, "Application not found")
)
