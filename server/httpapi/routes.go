package httpapi

import (
	"net/http"

	"github.com/hiregate/hiregate/server/apidoc"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// routes is the API's route table, every route of the API contract (API.md) plus
// the operational ones: method, path, the roles that may call it, its
// handler, and its documentation. The router (New) and the OpenAPI document
// (Spec) are both built from it, so they cannot disagree; apidoc.Build adds
// the documentation's own routes. Roles are enforced by the router from
// this table and nowhere else; ownership rules live in the services.
func (h *handler) routes() []apidoc.Operation {
	jobStatuses := apidoc.EnumOf(hiregate.JobOpen, hiregate.JobClosed)
	stages := apidoc.EnumOf(hiregate.Stages...)

	return []apidoc.Operation{
		// Auth.
		{
			Method: http.MethodPost, Path: "/auth/register", ID: "register", Handler: h.register, Tag: "auth",
			Summary: "Register a candidate account",
			Desc:    "Creates a candidate. The email is trimmed and stored lower case; a duplicate is a 409. The password must be 8 characters to 72 bytes (longer is a 422, never truncated).",
			Body:    apidoc.JSONBody("RegisterRequest"),
			OKCode:  http.StatusCreated, OK: apidoc.JSONResponse("The new user.", "User"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusConflict}),
		},
		{
			Method: http.MethodPost, Path: "/auth/login", ID: "login", Handler: h.token, Tag: "auth",
			Summary: "OAuth2 token endpoint (password, refresh_token, mfa-otp and ssh-key grants)",
			Desc: "RFC 6749 §4.3 and §6. `grant_type` defaults to `password`. `scope`, `client_id` and `client_secret` are accepted and ignored, " +
				"and so is an `Authorization: Basic` header carrying client credentials. A refresh rotates the refresh token; presenting a spent one revokes the session. " +
				"Bad email, bad password and deactivated account all answer the same 401. Guessing is throttled per account and per address (429 with `Retry-After`). " +
				"The right password of an account with a second factor answers 403 `{\"error\": \"mfa_required\", \"mfa_token\": ...}`; the `" + hiregate.GrantMFAOTP + "` grant " +
				"with that `mfa_token` and `otp` (a TOTP code or a recovery code) then answers the tokens. A wrong code is 401 `invalid_grant` and counts against the account's throttle; " +
				"an expired, spent or other account's `mfa_token` is 401 `invalid_grant` too. " +
				"The `" + hiregate.GrantSSHKey + "` grant (`public_key`: the key an SSH client proved it holds) is for SSH gateways only: without the gateway credential in `" +
				hiregate.GatewayCredentialHeader + "` it is 401 `unauthorized_client`; an unlinked key or a deactivated account is 401 `invalid_grant`; an account with a second factor answers `mfa_required`. " +
				"With the credential, `" + hiregate.GatewayClientHeader + "` names the SSH client's address, and sessions are shown with user agent `ssh`.",
			Body:   apidoc.FormBody(),
			OKCode: http.StatusOK,
			OK: apidoc.Object{
				"description": "Tokens. Never cached.",
				"headers":     apidoc.Object{"Cache-Control": apidoc.Header("`no-store`.", true)},
				"content":     apidoc.Object{"application/json": apidoc.Object{"schema": apidoc.Ref("TokenResponse")}},
			},
			Errs: []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusTooManyRequests, http.StatusServiceUnavailable},
		},
		{
			Method: http.MethodPost, Path: "/auth/logout", ID: "logout", Handler: h.logout, Tag: "auth",
			Summary: "Revoke the caller's session",
			Desc:    "Its refresh token and every access token of that login are rejected from then on.",
			Roles:   apidoc.AnyRole, EnrolmentOpen: true, OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Logged out."},
		},
		{
			Method: http.MethodPost, Path: "/auth/logout-all", ID: "logoutAll", Handler: h.logoutAll, Tag: "auth",
			Summary: "Revoke every session of the caller",
			Roles:   apidoc.AnyRole, EnrolmentOpen: true, OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Every session revoked."},
		},

		// Users.
		{
			Method: http.MethodGet, Path: "/users/me", ID: "getMe", Handler: h.me, Tag: "users",
			Summary: "The signed-in user",
			Roles:   apidoc.AnyRole, EnrolmentOpen: true, OKCode: http.StatusOK, OK: apidoc.JSONResponse("The caller.", "User"),
		},
		{
			Method: http.MethodGet, Path: "/users/me/export", ID: "exportMe", Handler: h.exportMe, Tag: "users",
			Summary: "Everything stored about the caller",
			Desc:    "The account, live sessions, applications with their history and resume metadata (files linked), jobs posted, audit events. Never a password hash or a token.",
			Roles:   apidoc.AnyRole, OKCode: http.StatusOK,
			OK: apidoc.Object{
				"description": "The export, as a download.",
				"headers":     apidoc.Object{"Content-Disposition": apidoc.Header("`attachment; filename=\"hiregate-export.json\"`.", true)},
				"content":     apidoc.Object{"application/json": apidoc.Object{"schema": apidoc.Ref("Export")}},
			},
		},
		{
			Method: http.MethodDelete, Path: "/users/me", ID: "eraseMe", Handler: h.eraseMe, Tag: "users",
			Summary: "Erase the caller's account",
			Desc: "Candidates only (recruiters and admins are deactivated by an admin: 409), after the current password (a wrong one is a 422 " +
				"and counts against the login throttle). Name and email are replaced, cover letters, resume text and files and notes deleted, " +
				"sessions ended; the applications' history stays, anonymised, so reports keep their counts.",
			Roles: apidoc.AnyRole, Body: apidoc.JSONBody("EraseAccountRequest"),
			OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Erased."},
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusConflict, http.StatusTooManyRequests}),
		},
		{
			Method: http.MethodPost, Path: "/users/me/password", ID: "changePassword", Handler: h.changePassword, Tag: "users",
			Summary: "Change the caller's password",
			Desc:    "Every other session of the caller is revoked. A wrong current password is rejected.",
			Roles:   apidoc.AnyRole, Body: apidoc.JSONBody("ChangePasswordRequest"),
			OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Password changed."},
			Errs: apidoc.JSONErrs,
		},
		{
			Method: http.MethodGet, Path: "/users/me/sessions", ID: "listSessions", Handler: h.sessions, Tag: "users",
			Summary: "The caller's live sessions, newest first",
			Roles:   apidoc.AnyRole, EnrolmentOpen: true, OKCode: http.StatusOK, OK: apidoc.JSONResponse("Sessions.", "SessionList"),
		},
		{
			Method: http.MethodDelete, Path: "/users/me/sessions/{id}", ID: "revokeSession", Handler: h.revokeSession, Tag: "users",
			Summary: "Revoke one of the caller's sessions",
			Roles:   apidoc.AnyRole, EnrolmentOpen: true, Params: []apidoc.Object{apidoc.IDParam("session")},
			OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Session revoked."},
			Errs: []int{http.StatusNotFound},
		},

		// Linked SSH keys (the SSH gateway).
		{
			Method: http.MethodGet, Path: "/users/me/ssh-keys", ID: "listSSHKeys", Handler: h.sshKeys, Tag: "users",
			Summary: "The caller's linked SSH public keys, oldest first",
			Desc:    "A session that authenticates to an SSH gateway with one of these keys starts signed in as the caller (still asking for the second factor where enrolled).",
			Roles:   apidoc.AnyRole, OKCode: http.StatusOK, OK: apidoc.JSONResponse("Keys.", "SSHKeyList"),
		},
		{
			Method: http.MethodPost, Path: "/users/me/ssh-keys", ID: "addSSHKey", Handler: h.addSSHKey, Tag: "users",
			Summary: "Link an SSH public key to the caller's account",
			Desc: "One line as OpenSSH writes it (a .pub file): ssh-ed25519, ecdsa-sha2-nistp256/384/521, their -sk forms, or ssh-rsa of 2048 bits or more. " +
				"The name defaults to the key's comment. A key is linked to one account at most: 409 when any account has it. " +
				"At most 20 keys per account. Audited as `ssh_key_added`.",
			Roles: apidoc.AnyRole, Body: apidoc.JSONBody("AddSSHKeyRequest"),
			OKCode: http.StatusCreated, OK: apidoc.JSONResponse("The linked key.", "SSHKey"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusConflict}),
		},
		{
			Method: http.MethodDelete, Path: "/users/me/ssh-keys/{id}", ID: "removeSSHKey", Handler: h.removeSSHKey, Tag: "users",
			Summary: "Unlink one of the caller's SSH keys",
			Desc:    "Audited as `ssh_key_removed`. Sessions the key started go on until they end.",
			Roles:   apidoc.AnyRole, Params: []apidoc.Object{apidoc.IDParam("SSH key")},
			OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Key unlinked."},
			Errs: []int{http.StatusNotFound},
		},

		// Second factor.
		{
			Method: http.MethodPost, Path: "/users/me/mfa/totp", ID: "startTOTP", Handler: h.startTOTP, Tag: "users",
			Summary: "Start enrolling an authenticator app (TOTP)",
			Desc: "A new secret and its otpauth:// URL. Nothing changes until it is confirmed with a code; a new call replaces an unconfirmed one. " +
				"409 while a second factor is on (turn it off first). The secret is stored encrypted with a key kept outside the database.",
			Roles: apidoc.AnyRole, EnrolmentOpen: true,
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The secret to enrol.", "TOTPEnrollment"),
			Errs: []int{http.StatusConflict, http.StatusServiceUnavailable},
		},
		{
			Method: http.MethodPost, Path: "/users/me/mfa/totp/confirm", ID: "confirmTOTP", Handler: h.confirmTOTP, Tag: "users",
			Summary: "Turn the second factor on with a code",
			Desc: "The code the app shows for the enrolment's secret (±30 s). Answers 10 single-use recovery codes, shown only here. " +
				"A wrong code is a 422 and counts against the account's login throttle (429 with `Retry-After`).",
			Roles: apidoc.AnyRole, EnrolmentOpen: true, Body: apidoc.JSONBody("CodeRequest"),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The recovery codes.", "RecoveryCodes"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusConflict, http.StatusTooManyRequests, http.StatusServiceUnavailable}),
		},
		{
			Method: http.MethodDelete, Path: "/users/me/mfa/totp", ID: "disableTOTP", Handler: h.disableTOTP, Tag: "users",
			Summary: "Turn the second factor off",
			Desc: "Needs a current code or a recovery code (each works once). A wrong one is a 422 and counts against the account's login throttle. " +
				"409 when no second factor is on.",
			Roles: apidoc.AnyRole, EnrolmentOpen: true, Body: apidoc.JSONBody("CodeRequest"),
			OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Second factor off."},
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusConflict, http.StatusTooManyRequests, http.StatusServiceUnavailable}),
		},

		// Admin.
		{
			Method: http.MethodPost, Path: "/admin/users", ID: "createUser", Handler: h.createUser, Tag: "admin",
			Summary: "Create a user of any role",
			Roles:   apidoc.Roles(hiregate.RoleAdmin), Body: apidoc.JSONBody("CreateUserRequest"),
			OKCode: http.StatusCreated, OK: apidoc.JSONResponse("The new user.", "User"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusConflict}),
		},
		{
			Method: http.MethodGet, Path: "/admin/users", ID: "listUsers", Handler: h.listUsers, Tag: "admin",
			Summary: "List users",
			Roles:   apidoc.Roles(hiregate.RoleAdmin),
			Params: append(apidoc.PageParams(),
				apidoc.Query("q", "Substring of the email or full name (case-insensitive).", apidoc.Object{"type": "string", "maxLength": hiregate.MaxSearchLen}),
				apidoc.Query("role", "Only users of this role.", apidoc.Object{"type": "string", "enum": apidoc.EnumOf(hiregate.Roles...)}),
			),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("A page of users.", "UserList"),
			Errs: apidoc.ListErrs,
		},
		{
			Method: http.MethodPatch, Path: "/admin/users/{id}", ID: "updateUser", Handler: h.updateUser, Tag: "admin",
			Summary: "Change a user's role, active flag, password or name",
			Desc:    "Any change revokes that user's sessions. An admin cannot deactivate or demote themselves.",
			Roles:   apidoc.Roles(hiregate.RoleAdmin), Params: []apidoc.Object{apidoc.IDParam("user")}, Body: apidoc.JSONBody("UpdateUserRequest"),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The updated user.", "User"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound, http.StatusConflict}),
		},
		{
			Method: http.MethodDelete, Path: "/admin/users/{id}/mfa", ID: "resetMFA", Handler: h.resetMFA, Tag: "admin",
			Summary: "Remove a user's second factor",
			Desc:    "For someone who lost their device and their recovery codes: TOTP, recovery codes and pending logins go; the user signs in with the password and may enrol again. Audited as `mfa_reset`.",
			Roles:   apidoc.Roles(hiregate.RoleAdmin), Params: []apidoc.Object{apidoc.IDParam("user")},
			OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Second factor removed (or there was none)."},
			Errs: []int{http.StatusNotFound},
		},
		{
			Method: http.MethodGet, Path: "/admin/audit", ID: "listAudit", Handler: h.listAudit, Tag: "admin",
			Summary: "Auth events, newest first",
			Desc:    "Never holds a password or a token.",
			Roles:   apidoc.Roles(hiregate.RoleAdmin),
			Params: append(apidoc.PageParams(),
				apidoc.Query("user", "Only events of this user id.", apidoc.Object{"type": "string"}),
				apidoc.Query("type", "Only events of this type.", apidoc.Object{"type": "string", "enum": apidoc.EnumOf(hiregate.AuditTypes...)}),
			),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("A page of events.", "AuditList"),
			Errs: apidoc.ListErrs,
		},

		// Jobs.
		{
			Method: http.MethodGet, Path: "/jobs", ID: "listJobs", Handler: h.listJobs, Tag: "jobs",
			Summary: "List jobs",
			Desc:    "Candidates see open jobs only.",
			Roles:   apidoc.AnyRole,
			Params: append(apidoc.PageParams(),
				apidoc.Query("q", "Search in title, description and location.", apidoc.Object{"type": "string", "maxLength": hiregate.MaxSearchLen}),
				apidoc.Query("status", "Only jobs with this status.", apidoc.Object{"type": "string", "enum": jobStatuses}),
				apidoc.Query("mine", "Only the caller's own jobs (recruiters).", apidoc.Object{"type": "boolean"}),
			),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("A page of jobs.", "JobList"),
			Errs: apidoc.ListErrs,
		},
		{
			Method: http.MethodPost, Path: "/jobs", ID: "createJob", Handler: h.createJob, Tag: "jobs",
			Summary: "Post a job",
			Roles:   apidoc.Roles(hiregate.RoleRecruiter, hiregate.RoleAdmin), Body: apidoc.JSONBody("CreateJobRequest"),
			OKCode: http.StatusCreated,
			OK: apidoc.Object{
				"description": "The new job.",
				"headers":     apidoc.Object{"Location": apidoc.Header("The job's URL.", true)},
				"content":     apidoc.Object{"application/json": apidoc.Object{"schema": apidoc.Ref("Job")}},
			},
			Errs: apidoc.JSONErrs,
		},
		{
			Method: http.MethodGet, Path: "/jobs/{id}", ID: "getJob", Handler: h.getJob, Tag: "jobs",
			Summary: "One job",
			Roles:   apidoc.AnyRole, Params: []apidoc.Object{apidoc.IDParam("job")},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The job.", "Job"),
			Errs: []int{http.StatusNotFound},
		},
		{
			Method: http.MethodPatch, Path: "/jobs/{id}", ID: "updateJob", Handler: h.updateJob, Tag: "jobs",
			Summary: "Edit or close a job",
			Desc:    "Only the job's owner or an admin. `\"status\": \"closed\"` closes it.",
			Roles:   apidoc.Roles(hiregate.RoleRecruiter, hiregate.RoleAdmin), Params: []apidoc.Object{apidoc.IDParam("job")}, Body: apidoc.JSONBody("UpdateJobRequest"),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The updated job.", "Job"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound, http.StatusConflict}),
		},
		{
			Method: http.MethodPost, Path: "/jobs/{id}/applications", ID: "apply", Handler: h.apply, Tag: "applications",
			Summary: "Apply to a job",
			Desc: "A second application to the same job is a 409, and so is applying to a closed job. " +
				"The body is JSON (`resume_text` pasted), or `multipart/form-data` with a `resume` file part (its text becomes `resume_text`; " +
				"a file that is not what its type says, encrypted, malformed or without text is a 422 and nothing is created).",
			Roles: apidoc.Roles(hiregate.RoleCandidate), Params: []apidoc.Object{apidoc.IDParam("job")},
			Body: apidoc.Object{"required": true, "content": apidoc.Object{
				"application/json":    apidoc.Object{"schema": apidoc.Ref("CreateApplicationRequest")},
				"multipart/form-data": apidoc.Object{"schema": apidoc.Ref("ApplyForm")},
			}},
			OKCode: http.StatusCreated,
			OK: apidoc.Object{
				"description": "The new application.",
				"headers":     apidoc.Object{"Location": apidoc.Header("The application's URL.", false)},
				"content":     apidoc.Object{"application/json": apidoc.Object{"schema": apidoc.Ref("Application")}},
			},
			Errs:    apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound, http.StatusConflict, http.StatusServiceUnavailable}),
			MaxBody: maxResumeRequest,
		},
		{
			Method: http.MethodGet, Path: "/jobs/{id}/applications", ID: "listJobApplications", Handler: h.jobApplications, Tag: "applications",
			Summary: "Applications to a job",
			Desc: "Only the job's owner or an admin. Newest first, or with `sort=match` ranked by how well resume and cover letter match " +
				"the job's title and description (BM25; ties in arrival order), each with its `match`; the cursor of a ranking is an offset into it.",
			Roles: apidoc.Roles(hiregate.RoleRecruiter, hiregate.RoleAdmin),
			Params: append([]apidoc.Object{apidoc.IDParam("job")}, append(apidoc.PageParams(),
				apidoc.Query("status", "Only applications in this stage.", apidoc.Object{"type": "string", "enum": stages}),
				apidoc.Query("sort", "`arrival` (default, newest first) or `match`.", apidoc.Object{"type": "string", "enum": []any{"arrival", "match"}}))...),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("A page of applications.", "ApplicationList"),
			Errs: apidoc.Errs(apidoc.ListErrs, []int{http.StatusNotFound}),
		},

		// Applications.
		{
			Method: http.MethodGet, Path: "/applications/my", ID: "listMyApplications", Handler: h.myApplications, Tag: "applications",
			Summary: "The caller's own applications",
			Roles:   apidoc.Roles(hiregate.RoleCandidate), Params: apidoc.PageParams(),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("A page of applications.", "ApplicationList"),
			Errs: apidoc.ListErrs,
		},
		{
			Method: http.MethodGet, Path: "/applications/{id}", ID: "getApplication", Handler: h.getApplication, Tag: "applications",
			Summary: "One application",
			Desc:    "Its candidate, the job's owner or an admin.",
			Roles:   apidoc.AnyRole, Params: []apidoc.Object{apidoc.IDParam("application")},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The application.", "Application"),
			Errs: []int{http.StatusNotFound},
		},
		{
			Method: http.MethodPatch, Path: "/applications/{id}", ID: "moveApplication", Handler: h.moveApplication, Tag: "applications",
			Summary: "Move an application through the pipeline",
			Desc: "applied → screening → interview → offer → hired; stages may be skipped forward, never moved back. " +
				"The job's owner (or an admin) moves it forward or rejects it; its candidate may only withdraw it. hired, rejected and withdrawn are final. An illegal move is a 409.",
			Roles: apidoc.AnyRole, Params: []apidoc.Object{apidoc.IDParam("application")}, Body: apidoc.JSONBody("UpdateApplicationRequest"),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The moved application.", "Application"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound, http.StatusConflict}),
		},
		{
			Method: http.MethodPost, Path: "/applications/{id}/notes", ID: "addNote", Handler: h.addNote, Tag: "applications",
			Summary: "Add a private note",
			Desc:    "Only the job's owner or an admin. Candidates never see notes.",
			Roles:   apidoc.Roles(hiregate.RoleRecruiter, hiregate.RoleAdmin), Params: []apidoc.Object{apidoc.IDParam("application")}, Body: apidoc.JSONBody("CreateNoteRequest"),
			OKCode: http.StatusCreated, OK: apidoc.JSONResponse("The new note.", "Note"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound}),
		},
		{
			Method: http.MethodGet, Path: "/applications/{id}/notes", ID: "listNotes", Handler: h.listNotes, Tag: "applications",
			Summary: "An application's notes",
			Desc:    "Only the job's owner or an admin.",
			Roles:   apidoc.Roles(hiregate.RoleRecruiter, hiregate.RoleAdmin),
			Params:  append([]apidoc.Object{apidoc.IDParam("application")}, apidoc.PageParams()...),
			OKCode:  http.StatusOK, OK: apidoc.JSONResponse("A page of notes.", "NoteList"),
			Errs: apidoc.Errs(apidoc.ListErrs, []int{http.StatusNotFound}),
		},

		{
			Method: http.MethodPut, Path: "/applications/{id}/resume", ID: "uploadResume", Handler: h.uploadResume, Tag: "applications",
			Summary: "Attach a resume file to an application",
			Desc: "Its candidate, while the application is not final; replaces any file. The body is the file, at most 5 MiB, with its " +
				"`Content-Type` (application/pdf, text/plain or text/markdown) and optionally `Content-Disposition: attachment; filename=...`. " +
				"The text is extracted (PDF included) and becomes the application's `resume_text`. A file whose bytes are not what its type says, " +
				"an encrypted or malformed PDF, one that is too large inside (pages, nesting, inflated streams) or too slow to read, " +
				"or one without text is a 422 whose `fields.resume` says why; nothing changes.",
			Roles: apidoc.Roles(hiregate.RoleCandidate), Params: []apidoc.Object{apidoc.IDParam("application"),
				{"name": "Content-Disposition", "in": "header", "required": false, "description": "`attachment; filename=cv.pdf`: the name kept.", "schema": apidoc.Object{"type": "string"}}},
			Body: apidoc.Object{"required": true, "content": apidoc.Object{
				hiregate.ResumePDF:      apidoc.Object{"schema": apidoc.Object{"type": "string", "format": "binary"}},
				hiregate.ResumeText:     apidoc.Object{"schema": apidoc.Object{"type": "string"}},
				hiregate.ResumeMarkdown: apidoc.Object{"schema": apidoc.Object{"type": "string"}},
			}},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The stored file's metadata.", "Resume"),
			Errs: []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge,
				http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
			MaxBody: maxResumeRequest,
		},
		{
			Method: http.MethodGet, Path: "/applications/{id}/resume", ID: "downloadResume", Handler: h.downloadResume, Tag: "applications",
			Summary: "Download an application's resume file",
			Desc:    "Its candidate, the job's owner or an admin. The original bytes, with `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`.",
			Roles:   apidoc.AnyRole, Params: []apidoc.Object{apidoc.IDParam("application")},
			OKCode: http.StatusOK,
			OK: apidoc.Object{
				"description": "The file.",
				"headers": apidoc.Object{
					"Content-Disposition":    apidoc.Header("`attachment; filename=...`.", true),
					"X-Content-Type-Options": apidoc.Header("`nosniff`.", true),
				},
				"content": apidoc.Object{
					hiregate.ResumePDF:      apidoc.Object{"schema": apidoc.Object{"type": "string", "format": "binary"}},
					hiregate.ResumeText:     apidoc.Object{"schema": apidoc.Object{"type": "string"}},
					hiregate.ResumeMarkdown: apidoc.Object{"schema": apidoc.Object{"type": "string"}},
				},
			},
			Errs: []int{http.StatusNotFound},
		},

		// Reports.
		{
			Method: http.MethodGet, Path: "/reports/funnel", ID: "funnel", Handler: h.funnel, Tag: "reports",
			Summary: "The hiring funnel",
			Desc: "A recruiter's own jobs, every job for an admin; one job with `job_id` (another recruiter's job is a 404). " +
				"`from` and `to` (dates, inclusive) select applications by when they arrived.",
			Roles: apidoc.Roles(hiregate.RoleRecruiter, hiregate.RoleAdmin),
			Params: []apidoc.Object{
				apidoc.Query("job_id", "Only this job.", apidoc.Object{"type": "string"}),
				apidoc.Query("from", "First day of arrival (YYYY-MM-DD).", apidoc.Object{"type": "string", "format": "date"}),
				apidoc.Query("to", "Last day of arrival (YYYY-MM-DD).", apidoc.Object{"type": "string", "format": "date"}),
			},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The funnel.", "Funnel"),
			Errs: apidoc.Errs(apidoc.ListErrs, []int{http.StatusNotFound}),
		},

		// Operations.
		// Live events.
		{
			Method: http.MethodGet, Path: "/events", ID: "events", Handler: h.events, Tag: "events",
			Summary: "The caller's live events (Server-Sent Events)",
			Desc: "A `text/event-stream` that stays open. Each event has an `id:` (opaque, increasing), an `event:` (" +
				"`job.created`, `job.updated`, `application.created`, `application.moved`, `application.note_added`, `session.revoked`, " +
				"or `reset`: events were lost, reload) and a one-line JSON `data:` (EventData): ids and a status, never a secret, never a note's text. " +
				"The caller receives only events about what they may see: a candidate their own applications and the jobs they can see, " +
				"a recruiter their jobs and applications to them, an admin everything; `session.revoked` only on the session that ended. " +
				"A `: ping` comment comes at least every 25 s. Send `Last-Event-ID` to resume without gaps (at least 5 minutes back), otherwise the stream starts with `reset`. " +
				"The stream ends within 5 s of the session being revoked or the user deactivated (after a `session.revoked` with the reason), and when the access token expires: reconnect with a fresh one. " +
				"At most 8 open streams per user (429 with `Retry-After`); when the server already holds its maximum of streams for all users (`--max-event-streams`), 503 with `Retry-After`.",
			Roles:  apidoc.AnyRole,
			Params: []apidoc.Object{{"name": "Last-Event-ID", "in": "header", "description": "The id of the last event received, to resume after it.", "schema": apidoc.Object{"type": "string", "maxLength": 64}}},
			OKCode: http.StatusOK,
			OK: apidoc.Object{
				"description": "The stream. Never cached.",
				"content": apidoc.Object{"text/event-stream": apidoc.Object{
					"schema": apidoc.Object{"type": "string", "description": "Events as `id:`, `event:` and `data:` lines (data is an EventData object), separated by blank lines."},
				}},
			},
			Errs: []int{http.StatusTooManyRequests, http.StatusServiceUnavailable},
		},

		{
			Method: http.MethodGet, Path: "/healthz", ID: "healthz", Handler: h.healthz, Tag: "operations",
			Summary: "Liveness: the process serves",
			OKCode:  http.StatusOK, OK: apidoc.JSONResponse("Serving.", "Health"),
		},
		{
			Method: http.MethodGet, Path: "/readyz", ID: "readyz", Handler: h.readyz, Tag: "operations",
			Summary: "Readiness: the database answers",
			OKCode:  http.StatusOK, OK: apidoc.JSONResponse("Ready.", "Health"),
			Errs: []int{http.StatusServiceUnavailable},
		},
		{
			Method: http.MethodGet, Path: "/.well-known/jwks.json", ID: "jwks", Handler: h.jwks, Tag: "operations",
			Summary: "Public keys of the token signer",
			Desc:    "Holds keys only when tokens are signed with an asymmetric algorithm.",
			OKCode:  http.StatusOK,
			OK:      apidoc.JSONResponse("The JSON Web Key Set.", "JWKS"),
			Errs:    []int{http.StatusNotFound},
		},
	}
}
