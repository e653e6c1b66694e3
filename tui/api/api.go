// Package api declares the part of the hiregate client the terminal UI
// uses. Screens depend on this interface, not on the HTTP client, so they
// can be tested against a fake; *client.Client satisfies it.
package api

import (
	"context"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// API is every call the terminal client makes.
type API interface {
	// Login signs in. The client keeps the tokens; the UI discards the
	// returned copy at once and never shows, logs or stores it.
	Login(ctx context.Context, email, password string) (*hiregate.TokenResponse, error)
	Logout(ctx context.Context) error
	LogoutAll(ctx context.Context) error
	Register(ctx context.Context, req hiregate.RegisterRequest) (*hiregate.User, error)
	Me(ctx context.Context) (*hiregate.User, error)
	ChangePassword(ctx context.Context, req hiregate.ChangePasswordRequest) error
	Sessions(ctx context.Context) ([]hiregate.Session, error)
	RevokeSession(ctx context.Context, id string) error

	CreateUser(ctx context.Context, req hiregate.CreateUserRequest) (*hiregate.User, error)
	ListUsers(ctx context.Context, f hiregate.UserFilter) (*hiregate.List[hiregate.User], error)
	UpdateUser(ctx context.Context, id string, req hiregate.UpdateUserRequest) (*hiregate.User, error)
	Audit(ctx context.Context, f hiregate.AuditFilter) (*hiregate.List[hiregate.AuditEvent], error)

	ListJobs(ctx context.Context, f hiregate.JobFilter) (*hiregate.List[hiregate.Job], error)
	Job(ctx context.Context, id string) (*hiregate.Job, error)
	CreateJob(ctx context.Context, req hiregate.CreateJobRequest) (*hiregate.Job, error)
	UpdateJob(ctx context.Context, id string, req hiregate.UpdateJobRequest) (*hiregate.Job, error)

	Apply(ctx context.Context, jobID string, req hiregate.CreateApplicationRequest) (*hiregate.Application, error)
	MyApplications(ctx context.Context, f hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error)
	JobApplications(ctx context.Context, jobID string, f hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error)
	Application(ctx context.Context, id string) (*hiregate.Application, error)
	MoveApplication(ctx context.Context, id string, to hiregate.Stage) (*hiregate.Application, error)
	AddNote(ctx context.Context, appID, body string) (*hiregate.Note, error)
	Notes(ctx context.Context, appID string) (*hiregate.List[hiregate.Note], error)
}
