package httpapi

import (
	"context"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// The services the handlers call, as the handlers call them: one small
// interface per resource, so a handler's dependencies are plain to see and
// a test may stand in for any one of them. server/app passes the concrete
// services (*auth.Service, *accounts.Service, *hiring.Service).

// Authenticator turns a bearer token into its principal and re-checks the
// session of a long-lived request (middleware, GET /events).
type Authenticator interface {
	Authenticate(ctx context.Context, raw string) (*caller.Principal, error)
	CheckSession(ctx context.Context, p *caller.Principal) error
	// RecordForbidden audits a request refused for its role.
	RecordForbidden(ctx context.Context, p *caller.Principal, detail string, ci caller.ClientInfo)
}

// Sessions serves the token endpoint, logout and the caller's sessions.
type Sessions interface {
	Login(ctx context.Context, email, password string, ci caller.ClientInfo) (*hiregate.TokenResponse, error)
	LoginMFA(ctx context.Context, mfaToken, otp, username string, ci caller.ClientInfo) (*hiregate.TokenResponse, error)
	Refresh(ctx context.Context, refreshToken string, ci caller.ClientInfo) (*hiregate.TokenResponse, error)
	Logout(ctx context.Context, p *caller.Principal, ci caller.ClientInfo) error
	LogoutAll(ctx context.Context, p *caller.Principal, ci caller.ClientInfo) error
	ChangePassword(ctx context.Context, p *caller.Principal, req hiregate.ChangePasswordRequest, ci caller.ClientInfo) error
	Sessions(ctx context.Context, p *caller.Principal) ([]hiregate.Session, error)
	RevokeSession(ctx context.Context, p *caller.Principal, id string, ci caller.ClientInfo) error
}

// SecondFactor serves TOTP enrolment and its reset by an admin.
type SecondFactor interface {
	StartTOTP(ctx context.Context, p *caller.Principal) (*hiregate.TOTPEnrollment, error)
	ConfirmTOTP(ctx context.Context, p *caller.Principal, req hiregate.CodeRequest, ci caller.ClientInfo) (*hiregate.RecoveryCodes, error)
	DisableTOTP(ctx context.Context, p *caller.Principal, req hiregate.CodeRequest, ci caller.ClientInfo) error
	ResetMFA(ctx context.Context, actor *caller.Principal, userID string, ci caller.ClientInfo) (bool, error)
	UserSessions(ctx context.Context, actor *caller.Principal, userID string, ci caller.ClientInfo) ([]hiregate.Session, error)
	RevokeUserSession(ctx context.Context, actor *caller.Principal, userID, sessionID string, ci caller.ClientInfo) error
	RevokeAllUserSessions(ctx context.Context, actor *caller.Principal, userID string, ci caller.ClientInfo) (int, error)
}

// SSHKeyAccess serves the caller's linked SSH keys and the gateways'
// ssh-key grant.
type SSHKeyAccess interface {
	SSHKeys(ctx context.Context, p *caller.Principal) ([]hiregate.SSHKey, error)
	AddSSHKey(ctx context.Context, p *caller.Principal, req hiregate.AddSSHKeyRequest, ci caller.ClientInfo) (*hiregate.SSHKey, error)
	RemoveSSHKey(ctx context.Context, p *caller.Principal, id string, ci caller.ClientInfo) error
	LoginSSHKey(ctx context.Context, publicKey string, ci caller.ClientInfo) (*hiregate.TokenResponse, error)
}

// KeySet publishes the public keys access tokens are verified with.
type KeySet interface {
	JWKS() auth.JWKS
}

// Auth is everything the handlers ask of authentication.
type Auth interface {
	Authenticator
	Sessions
	SecondFactor
	KeySet
	SSHKeyAccess
}

// Users serves registration, the caller's account and its export and
// erasure, and account administration.
type Users interface {
	Register(ctx context.Context, req hiregate.RegisterRequest, ci caller.ClientInfo) (*hiregate.User, error)
	Me(ctx context.Context, p *caller.Principal) (*hiregate.User, error)
	MailCodes
	Export(ctx context.Context, p *caller.Principal) (*hiregate.Export, error)
	Erase(ctx context.Context, p *caller.Principal, req hiregate.EraseAccountRequest, ci caller.ClientInfo) error
	CreateUserByAdmin(ctx context.Context, actor *caller.Principal, req hiregate.CreateUserRequest, ci caller.ClientInfo) (*hiregate.User, error)
	ListUsers(ctx context.Context, f hiregate.UserFilter) ([]hiregate.User, string, error)
	UpdateUser(ctx context.Context, actor *caller.Principal, id string, req hiregate.UpdateUserRequest, ci caller.ClientInfo) (*hiregate.User, error)
	ListAudit(ctx context.Context, f hiregate.AuditFilter) ([]hiregate.AuditEvent, string, error)
	SelfIdentification
}

// SelfIdentification serves a candidate's own voluntary answers.
type SelfIdentification interface {
	Demographics(ctx context.Context, p *caller.Principal) (*hiregate.Demographics, error)
	PutDemographics(ctx context.Context, p *caller.Principal, req hiregate.DemographicsRequest) (*hiregate.Demographics, error)
}

// MailCodes serves the accounts by mail: verification, password reset
// and invitations by one-time code, and the caller's mail settings.
type MailCodes interface {
	VerifyEmail(ctx context.Context, p *caller.Principal, req hiregate.VerifyEmailRequest, ci caller.ClientInfo) error
	ResendVerification(ctx context.Context, p *caller.Principal) error
	ForgotPassword(ctx context.Context, req hiregate.ForgotPasswordRequest, ci caller.ClientInfo) error
	ResetPassword(ctx context.Context, req hiregate.ResetPasswordRequest, ci caller.ClientInfo) error
	AcceptInvitation(ctx context.Context, req hiregate.AcceptInvitationRequest, ci caller.ClientInfo) error
	UpdateMe(ctx context.Context, p *caller.Principal, req hiregate.UpdateMeRequest) (*hiregate.User, error)
	MayApply(ctx context.Context, p *caller.Principal) error
}

// Jobs serves the job board.
type Jobs interface {
	ListJobs(ctx context.Context, p *caller.Principal, f hiregate.JobFilter) ([]hiregate.Job, string, error)
	// JobListKey is the page cache's key of a listing: callers who would
	// see the same page share it.
	JobListKey(p *caller.Principal, f hiregate.JobFilter) string
	Job(ctx context.Context, p *caller.Principal, id string) (*hiregate.Job, error)
	CreateJob(ctx context.Context, p *caller.Principal, req hiregate.CreateJobRequest) (*hiregate.Job, error)
	UpdateJob(ctx context.Context, p *caller.Principal, id string, req hiregate.UpdateJobRequest) (*hiregate.Job, error)
}

// Applications serves applications and their notes.
type Applications interface {
	Apply(ctx context.Context, p *caller.Principal, jobID string, req hiregate.CreateApplicationRequest) (*hiregate.Application, error)
	Application(ctx context.Context, p *caller.Principal, id string) (*hiregate.Application, error)
	MyApplications(ctx context.Context, p *caller.Principal, f hiregate.ApplicationFilter) ([]hiregate.Application, string, error)
	JobApplications(ctx context.Context, p *caller.Principal, jobID string, f hiregate.ApplicationFilter) ([]hiregate.Application, string, error)
	// JobApplicationsKey is the page cache's key of a JobApplications
	// answer, and RankingServed records a ranking answered from the cache.
	JobApplicationsKey(p *caller.Principal, jobID string, f hiregate.ApplicationFilter) string
	RankingServed(ctx context.Context, p *caller.Principal, jobID string, f hiregate.ApplicationFilter) error
	MoveApplication(ctx context.Context, p *caller.Principal, id string, req hiregate.UpdateApplicationRequest) (*hiregate.Application, error)
	AddNote(ctx context.Context, p *caller.Principal, applicationID string, req hiregate.CreateNoteRequest) (*hiregate.Note, error)
	Notes(ctx context.Context, p *caller.Principal, applicationID string, limit int, cursor string) ([]hiregate.Note, string, error)
}

// Resumes serves resume files.
type Resumes interface {
	ApplyWithResume(ctx context.Context, p *caller.Principal, jobID string, coverLetter string, f hiring.ResumeFile) (*hiregate.Application, error)
	UploadResume(ctx context.Context, p *caller.Principal, applicationID string, f hiring.ResumeFile) (*hiregate.Resume, error)
	ResumeFile(ctx context.Context, p *caller.Principal, applicationID string) (*hiregate.Resume, []byte, error)
}

// Reports serves the hiring funnel.
type Reports interface {
	Funnel(ctx context.Context, p *caller.Principal, f hiregate.FunnelFilter) (*hiregate.Funnel, error)
}

// Messages serves the messages on applications.
type Messages interface {
	SendMessage(ctx context.Context, p *caller.Principal, applicationID string, req hiregate.CreateMessageRequest) (*hiregate.Message, error)
	Messages(ctx context.Context, p *caller.Principal, applicationID string, limit int, cursor string) ([]hiregate.Message, string, error)
	MarkMessagesRead(ctx context.Context, p *caller.Principal, applicationID string, req hiregate.MarkReadRequest) error
	UnreadMessages(ctx context.Context, p *caller.Principal, applicationIDs []string) ([]hiregate.UnreadCount, error)
}

// Viewers says what a caller may see of the live events.
type Viewers interface {
	Viewer(ctx context.Context, p *caller.Principal) (events.Viewer, error)
}

// Hiring is everything the handlers ask of the hiring rules.
type Hiring interface {
	Jobs
	Applications
	Resumes
	Reports
	Viewers
	Messages
	Teams
	Screening
}

// Teams is hiring teams, interviews, scorecards and feedback.
type Teams interface {
	Team(ctx context.Context, p *caller.Principal, jobID string) (*hiregate.Team, error)
	SetTeam(ctx context.Context, p *caller.Principal, jobID string, req hiregate.PutTeamRequest) (*hiregate.Team, error)
	SearchStaff(ctx context.Context, f hiregate.StaffFilter) ([]hiregate.StaffUser, error)
	Scorecard(ctx context.Context, p *caller.Principal, jobID string) (*hiregate.Scorecard, error)
	PutScorecard(ctx context.Context, p *caller.Principal, jobID string, req hiregate.PutScorecardRequest) (*hiregate.Scorecard, error)
	ScheduleInterview(ctx context.Context, p *caller.Principal, applicationID string, req hiregate.CreateInterviewRequest) (*hiregate.Interview, error)
	UpdateInterview(ctx context.Context, p *caller.Principal, id string, req hiregate.UpdateInterviewRequest) (*hiregate.Interview, error)
	CancelInterview(ctx context.Context, p *caller.Principal, id string) (*hiregate.Interview, error)
	Interview(ctx context.Context, p *caller.Principal, id string) (*hiregate.Interview, error)
	ApplicationInterviews(ctx context.Context, p *caller.Principal, applicationID string, limit int, cursor string) ([]hiregate.Interview, string, error)
	MyInterviews(ctx context.Context, p *caller.Principal, f hiregate.InterviewFilter) ([]hiregate.Interview, string, error)
	InterviewCalendar(ctx context.Context, p *caller.Principal, id string) (ics []byte, method string, err error)
	SubmitFeedback(ctx context.Context, p *caller.Principal, interviewID string, req hiregate.FeedbackRequest) (*hiregate.Feedback, error)
	MyFeedback(ctx context.Context, p *caller.Principal, interviewID string) (*hiregate.Feedback, error)
	ApplicationFeedback(ctx context.Context, p *caller.Principal, applicationID string) (*hiregate.ApplicationFeedback, error)
}

// Screening is the skill list and the impact report.
type Screening interface {
	Skills(ctx context.Context, f hiregate.SkillFilter) ([]hiregate.Skill, error)
	ImportSkills(ctx context.Context, p *caller.Principal, csv []byte) (*hiregate.SkillImport, error)
	Impact(ctx context.Context, p *caller.Principal, f hiregate.ImpactFilter) (*hiregate.ImpactReport, error)
}

// Subscriber opens a caller's live-event subscription (GET /events).
type Subscriber interface {
	Subscribe(v events.Viewer, lastEventID string) (*events.Subscription, error)
}
