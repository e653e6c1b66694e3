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
	recAdmin := apidoc.Roles(hiregate.RoleRecruiter, hiregate.RoleAdmin)
	staff := apidoc.Roles(hiregate.RoleInterviewer, hiregate.RoleRecruiter, hiregate.RoleAdmin)

	return []apidoc.Operation{
		// Auth.
		{
			Method: http.MethodPost, Path: "/auth/register", ID: "register", Handler: h.register, Tag: "auth",
			Summary: "Register a candidate account",
			Desc: "Creates a candidate, audited `user_created`, and mails it a `verify_email` code (24 h) in the same transaction. The email is trimmed and stored lower case; " +
				"a duplicate is a 409. The password must be 8 characters to 72 bytes (longer is a 422, never truncated).",
			Body:   apidoc.JSONBody("RegisterRequest"),
			OKCode: http.StatusCreated, OK: apidoc.JSONResponse("The new user.", "User"),
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

		// Accounts by mail.
		{
			Method: http.MethodPost, Path: "/auth/password/forgot", ID: "forgotPassword", Handler: h.forgotPassword, Tag: "auth",
			Summary: "Mail a password reset code",
			Desc: "202 with the same body whatever the address, after the same work (no enumeration). For an active account, mails a `password_reset` code " +
				"(40 bits, 15 minutes, single use, stored hashed) that replaces any earlier one; audited `password_reset_requested`. " +
				"Throttled per address asked for and per client address (429 with `Retry-After`).",
			Body:   apidoc.JSONBody("ForgotPasswordRequest"),
			OKCode: http.StatusAccepted, OK: apidoc.JSONResponse("Whatever happened.", "Accepted"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusTooManyRequests}),
		},
		{
			Method: http.MethodPost, Path: "/auth/password/reset", ID: "resetPassword", Handler: h.resetPassword, Tag: "auth",
			Summary: "Set a new password with a mailed code",
			Desc: "Ends every session of the account; a second factor stays. Audited `password_reset`. A wrong, spent or expired code, " +
				"or an address without an active account, is 400 `{\"error\": \"invalid_code\"}`; 5 wrong codes burn the code. " +
				"Throttled per account and per client address (429 with `Retry-After`).",
			Body:   apidoc.JSONBody("ResetPasswordRequest"),
			OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Password set; sign in with it."},
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusTooManyRequests}),
		},
		{
			Method: http.MethodPost, Path: "/auth/invitation/accept", ID: "acceptInvitation", Handler: h.acceptInvitation, Tag: "auth",
			Summary: "Accept an invitation: choose a password with the mailed code",
			Desc: "Activates an account an admin created without a password, with the `invitation` code mailed to it (7 days). Audited `invitation_accepted`. " +
				"A wrong, spent or expired code is 400 `{\"error\": \"invalid_code\"}`; 5 wrong codes burn it. Throttled like a reset.",
			Body:   apidoc.JSONBody("AcceptInvitationRequest"),
			OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Account active; sign in with the password."},
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusTooManyRequests}),
		},
		{
			Method: http.MethodPatch, Path: "/users/me", ID: "updateMe", Handler: h.updateMe, Tag: "users",
			Summary: "Change the caller's own settings",
			Desc:    "`notify_email: false` stops notifications by mail (never the verification, reset or invitation mails).",
			Roles:   apidoc.AnyRole, Body: apidoc.JSONBody("UpdateMeRequest"),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The caller.", "User"),
			Errs: apidoc.JSONErrs,
		},
		{
			Method: http.MethodPost, Path: "/users/me/email/verify", ID: "verifyEmail", Handler: h.verifyEmail, Tag: "users",
			Summary: "Verify the caller's address with the mailed code",
			Desc: "Audited `email_verified`; 204 at once when the address is already verified. A wrong, spent or expired code is 400 `{\"error\": \"invalid_code\"}`; " +
				"5 wrong codes burn it. Throttled (429 with `Retry-After`).",
			Roles: apidoc.AnyRole, Body: apidoc.JSONBody("VerifyEmailRequest"),
			OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Address verified."},
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusTooManyRequests}),
		},
		{
			Method: http.MethodPost, Path: "/users/me/email/verify/resend", ID: "resendVerification", Handler: h.resendVerification, Tag: "users",
			Summary: "Mail the caller a new verification code",
			Desc:    "Replaces the earlier code. At most one a minute, counting the one registration sent (429 with `Retry-After`); 409 when the address is already verified.",
			Roles:   apidoc.AnyRole,
			OKCode:  http.StatusAccepted, OK: apidoc.JSONResponse("Queued.", "Accepted"),
			Errs: []int{http.StatusConflict, http.StatusTooManyRequests},
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

		// Voluntary self-identification (fair screening).
		{
			Method: http.MethodGet, Path: "/users/me/demographics", ID: "getDemographics", Handler: h.getDemographics, Tag: "users",
			Summary: "The caller's voluntary self-identification",
			Desc: "Each answer is null until given. No other route returns one person's answers; " +
				"they count only in the aggregate impact report, where groups under 5 are suppressed.",
			Roles: apidoc.Roles(hiregate.RoleCandidate), OKCode: http.StatusOK, OK: apidoc.JSONResponse("The caller's answers.", "Demographics"),
			Errs: []int{http.StatusForbidden},
		},
		{
			Method: http.MethodPut, Path: "/users/me/demographics", ID: "putDemographics", Handler: h.putDemographics, Tag: "users",
			Summary: "Answer (or change) the voluntary self-identification",
			Desc: "Replaces every answer: a field left out or null is not answered, `decline` declines. " +
				"A value outside the lists is a 422. Declining or not answering changes nothing about any application.",
			Roles: apidoc.Roles(hiregate.RoleCandidate), Body: apidoc.JSONBody("DemographicsRequest"),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The stored answers.", "Demographics"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusForbidden}),
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
			Summary: "Create a user of any role, or invite one",
			Desc: "Audited `user_created` (role, by whom). Without `password` the account is invited: created inactive, with an `invitation` code " +
				"mailed to it (7 days), activated by `POST /auth/invitation/accept`.",
			Roles: apidoc.Roles(hiregate.RoleAdmin), Body: apidoc.JSONBody("CreateUserRequest"),
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
			Method: http.MethodGet, Path: "/admin/users/{id}/sessions", ID: "listUserSessions", Handler: h.userSessions, Tag: "admin",
			Summary: "A user's live sessions, newest first",
			Desc:    "Where and from what the person is signed in. Audited as `sessions_viewed`.",
			Roles:   apidoc.Roles(hiregate.RoleAdmin), Params: []apidoc.Object{apidoc.IDParam("user")},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("Sessions.", "SessionList"),
			Errs: []int{http.StatusNotFound},
		},
		{
			Method: http.MethodDelete, Path: "/admin/users/{id}/sessions", ID: "revokeUserSessions", Handler: h.revokeUserSessions, Tag: "admin",
			Summary: "End every session of a user",
			Desc:    "The account stays active: the person signs in again. An admin ending their own keeps the session they use. Audited as `session_revoked`.",
			Roles:   apidoc.Roles(hiregate.RoleAdmin), Params: []apidoc.Object{apidoc.IDParam("user")},
			OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Sessions ended."},
			Errs: []int{http.StatusNotFound},
		},
		{
			Method: http.MethodDelete, Path: "/admin/users/{id}/sessions/{session_id}", ID: "revokeUserSession", Handler: h.revokeUserSession, Tag: "admin",
			Summary: "End one session of a user",
			Desc:    "Audited as `session_revoked`.",
			Roles:   apidoc.Roles(hiregate.RoleAdmin), Params: []apidoc.Object{apidoc.IDParam("user"), apidoc.PathParam("session_id", "The session's id.")},
			OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Session ended."},
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

		// Mail (admin): the outbox log and the template editor.
		{
			Method: http.MethodGet, Path: "/admin/mail", ID: "listMail", Handler: h.listMail, Tag: "admin",
			Summary: "The mail log, newest first",
			Desc:    "Recipient, template, subject and outcome of every mail; never a body, code or link.",
			Roles:   apidoc.Roles(hiregate.RoleAdmin),
			Params: append(apidoc.PageParams(),
				apidoc.Query("status", "Only mails in this state.", apidoc.Object{"type": "string", "enum": apidoc.EnumOf(hiregate.MailQueued, hiregate.MailSent, hiregate.MailFailed)}),
			),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("A page of mails.", "MailList"),
			Errs: apidoc.ListErrs,
		},
		{
			Method: http.MethodGet, Path: "/admin/mail-templates", ID: "listMailTemplates", Handler: h.listMailTemplates, Tag: "admin",
			Summary: "Every mail template, overridden or default",
			Roles:   apidoc.Roles(hiregate.RoleAdmin),
			OKCode:  http.StatusOK, OK: apidoc.JSONResponse("The templates, all on one page (next_cursor null).", "MailTemplateList"),
		},
		{
			Method: http.MethodPut, Path: "/admin/mail-templates/{name}", ID: "putMailTemplate", Handler: h.putMailTemplate, Tag: "admin",
			Summary: "Override a mail template",
			Desc: "Go text/template. A parse error, a field the template may not use, or a subject showing the code or a link is a 422 " +
				"whose fields name the line (\"line 3: unknown field Foo\"). Audited as `mail_template_changed`.",
			Roles: apidoc.Roles(hiregate.RoleAdmin), Params: []apidoc.Object{mailTemplateParam}, Body: apidoc.JSONBody("MailTemplateInput"),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The template now in force.", "MailTemplate"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound}),
		},
		{
			Method: http.MethodDelete, Path: "/admin/mail-templates/{name}", ID: "deleteMailTemplate", Handler: h.deleteMailTemplate, Tag: "admin",
			Summary: "Restore a mail template's default",
			Roles:   apidoc.Roles(hiregate.RoleAdmin), Params: []apidoc.Object{mailTemplateParam},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The default template, now in force.", "MailTemplate"),
			Errs: []int{http.StatusNotFound},
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
				"a file that is not what its type says, encrypted, malformed or without text is a 422 and nothing is created). " +
				"With `--require-verified-email`, an unverified address is 403 `{\"error\": \"email_unverified\"}`.",
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
			Errs:    apidoc.Errs(apidoc.JSONErrs, []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusServiceUnavailable}),
			MaxBody: maxResumeRequest,
		},
		{
			Method: http.MethodGet, Path: "/jobs/{id}/applications", ID: "listJobApplications", Handler: h.jobApplications, Tag: "applications",
			Summary: "Applications to a job",
			Desc: "Only the job's owner or an admin. Newest first, or with `sort=match` ranked by their stored match score " +
				"(skills and words of the job found in resume and cover letter; ties newest first), each with its `match`, paged by keyset like every list. " +
				"A score depends on the job and that application only, never on the filter or page. Every ranking viewed is audited (`screening_viewed`).",
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
				"The job's owner, a team recruiter (or an admin) moves it forward or rejects it; its candidate may only withdraw it; interviewers never move it. " +
				"hired, rejected and withdrawn are final. An illegal move is a 409, and so is a move to offer while the job's scorecard requires feedback none has given " +
				"(`\"error\": \"feedback_required\"`).",
			Roles: apidoc.Roles(hiregate.RoleCandidate, hiregate.RoleRecruiter, hiregate.RoleAdmin), Params: []apidoc.Object{apidoc.IDParam("application")}, Body: apidoc.JSONBody("UpdateApplicationRequest"),
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

		// Messages.
		{
			Method: http.MethodGet, Path: "/applications/{id}/messages", ID: "listMessages", Handler: h.listMessages, Tag: "applications",
			Summary: "An application's messages, oldest first",
			Desc:    "Its candidate, the job's staff or an admin; a 404 for everyone else.",
			Roles:   apidoc.AnyRole,
			Params:  append([]apidoc.Object{apidoc.IDParam("application")}, apidoc.PageParams()...),
			OKCode:  http.StatusOK, OK: apidoc.JSONResponse("A page of messages.", "MessageList"),
			Errs: apidoc.Errs(apidoc.ListErrs, []int{http.StatusNotFound}),
		},
		{
			Method: http.MethodPost, Path: "/applications/{id}/messages", ID: "sendMessage", Handler: h.sendMessage, Tag: "applications",
			Summary: "Write a message on an application",
			Desc: "Its candidate, the job's staff or an admin. Everyone who may read the messages gets a `message.created` event; " +
				"when staff write, the candidate also gets a `message` mail (verified address, notifications on).",
			Roles: apidoc.AnyRole, Params: []apidoc.Object{apidoc.IDParam("application")}, Body: apidoc.JSONBody("CreateMessageRequest"),
			OKCode: http.StatusCreated, OK: apidoc.JSONResponse("The new message.", "Message"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound}),
		},
		{
			Method: http.MethodPut, Path: "/applications/{id}/messages/read", ID: "markMessagesRead", Handler: h.markMessagesRead, Tag: "applications",
			Summary: "Mark an application's messages read up to one of them",
			Desc:    "The mark is the caller's own and never moves back; unread counts are the messages by others after it.",
			Roles:   apidoc.AnyRole, Params: []apidoc.Object{apidoc.IDParam("application")}, Body: apidoc.JSONBody("MarkReadRequest"),
			OKCode: http.StatusNoContent, OK: apidoc.Object{"description": "Marked."},
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound}),
		},
		{
			Method: http.MethodGet, Path: "/messages/unread", ID: "unreadMessages", Handler: h.unreadMessages, Tag: "applications",
			Summary: "Unread message counts of some applications",
			Desc:    "For each named application whose messages the caller may read (others are left out), the messages by others after the caller's read mark.",
			Roles:   apidoc.AnyRole,
			Params: []apidoc.Object{apidoc.Query("application_id", "Application ids, comma separated (at most 100).",
				apidoc.Object{"type": "string"})},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The counts.", "UnreadCounts"),
			Errs: []int{http.StatusUnprocessableEntity},
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

		// Hiring team and interviews.
		{
			Method: http.MethodGet, Path: "/jobs/{id}/team", ID: "getTeam", Handler: h.getTeam, Tag: "teams",
			Summary: "A job's hiring team",
			Desc:    "The job's owner, its team members and admins; anyone else gets a 404.",
			Roles:   staff, Params: []apidoc.Object{apidoc.IDParam("job")},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The team.", "Team"),
			Errs: []int{http.StatusNotFound},
		},
		{
			Method: http.MethodPut, Path: "/jobs/{id}/team", ID: "putTeam", Handler: h.putTeam, Tag: "teams",
			Summary: "Replace a job's hiring team",
			Desc: "The job's owner or an admin. Team recruiters have the owner's rights over the job's applications; interviewers see " +
				"only the applications they interview. Each member's account must have the role asked (recruiter or interviewer); a candidate " +
				"can never be a member. Someone removed loses access at their next request.",
			Roles: recAdmin, Params: []apidoc.Object{apidoc.IDParam("job")}, Body: apidoc.JSONBody("PutTeamRequest"),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The team.", "Team"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound}),
		},
		{
			Method: http.MethodGet, Path: "/users/staff", ID: "searchStaff", Handler: h.searchStaff, Tag: "teams",
			Summary: "Accounts that may join a team",
			Desc:    "Active recruiters and interviewers whose name or email holds `q`, by name.",
			Roles:   recAdmin,
			Params: []apidoc.Object{
				apidoc.Query("q", "Part of a name or email.", apidoc.Object{"type": "string", "maxLength": hiregate.MaxSearchLen}),
				apidoc.Query("role", "Only this role.", apidoc.Object{"type": "string", "enum": apidoc.EnumOf(hiregate.RoleRecruiter, hiregate.RoleInterviewer)}),
				apidoc.PageParams()[0],
			},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("Matching accounts (one page).", "StaffUserList"),
			Errs: apidoc.ListErrs,
		},
		{
			Method: http.MethodGet, Path: "/jobs/{id}/scorecard", ID: "getScorecard", Handler: h.getScorecard, Tag: "teams",
			Summary: "A job's scorecard",
			Desc:    "The job's owner, its team members and admins. A job without one has no criteria.",
			Roles:   staff, Params: []apidoc.Object{apidoc.IDParam("job")},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The scorecard.", "Scorecard"),
			Errs: []int{http.StatusNotFound},
		},
		{
			Method: http.MethodPut, Path: "/jobs/{id}/scorecard", ID: "putScorecard", Handler: h.putScorecard, Tag: "teams",
			Summary: "Replace a job's scorecard",
			Desc:    "The job's owner or an admin. With `required_before_offer`, moving an application to offer without submitted feedback is a 409.",
			Roles:   recAdmin, Params: []apidoc.Object{apidoc.IDParam("job")}, Body: apidoc.JSONBody("PutScorecardRequest"),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The scorecard.", "Scorecard"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound}),
		},
		{
			Method: http.MethodPost, Path: "/applications/{id}/interviews", ID: "scheduleInterview", Handler: h.scheduleInterview, Tag: "teams",
			Summary: "Schedule an interview",
			Desc: "The job's owner, a team recruiter or an admin, on an application that is not final. Interviewers must be on the job's team (or its owner). " +
				"Mails an `interview_invite` with a `text/calendar; method=REQUEST` part to the candidate and each interviewer, in the same transaction. " +
				"Overlaps with the interviewers' other interviews are allowed and listed in `conflicts`.",
			Roles: recAdmin, Params: []apidoc.Object{apidoc.IDParam("application")}, Body: apidoc.JSONBody("CreateInterviewRequest"),
			OKCode: http.StatusCreated, OK: apidoc.JSONResponse("The interview.", "Interview"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound, http.StatusConflict}),
		},
		{
			Method: http.MethodGet, Path: "/applications/{id}/interviews", ID: "listApplicationInterviews", Handler: h.applicationInterviews, Tag: "teams",
			Summary: "An application's interviews",
			Desc:    "Earliest first: all of them for its candidate, the job's recruiters and admins; an interviewer sees the ones it is on.",
			Roles:   apidoc.AnyRole, Params: append([]apidoc.Object{apidoc.IDParam("application")}, apidoc.PageParams()...),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("A page of interviews.", "InterviewList"),
			Errs: apidoc.Errs(apidoc.ListErrs, []int{http.StatusNotFound}),
		},
		{
			Method: http.MethodGet, Path: "/interviews/my", ID: "listMyInterviews", Handler: h.myInterviews, Tag: "teams",
			Summary: "The caller's interviews",
			Desc:    "Earliest first: a candidate's own; for staff, those they are an interviewer of on jobs they still work on.",
			Roles:   apidoc.AnyRole,
			Params: append([]apidoc.Object{apidoc.Query("from", "Leave out interviews that ended before this time (RFC 3339).",
				apidoc.Object{"type": "string", "format": "date-time"})}, apidoc.PageParams()...),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("A page of interviews.", "InterviewList"),
			Errs: apidoc.ListErrs,
		},
		{
			Method: http.MethodGet, Path: "/interviews/{id}", ID: "getInterview", Handler: h.getInterview, Tag: "teams",
			Summary: "One interview",
			Desc:    "Whoever may see its application; an interviewer only one it is on.",
			Roles:   apidoc.AnyRole, Params: []apidoc.Object{apidoc.IDParam("interview")},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The interview.", "Interview"),
			Errs: []int{http.StatusNotFound},
		},
		{
			Method: http.MethodPatch, Path: "/interviews/{id}", ID: "updateInterview", Handler: h.updateInterview, Tag: "teams",
			Summary: "Move or change an interview",
			Desc:    "As for scheduling. Raises the invite's SEQUENCE and mails a new REQUEST with the same UID; interviewers taken off it get a CANCEL.",
			Roles:   recAdmin, Params: []apidoc.Object{apidoc.IDParam("interview")}, Body: apidoc.JSONBody("UpdateInterviewRequest"),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The interview.", "Interview"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound, http.StatusConflict}),
		},
		{
			Method: http.MethodDelete, Path: "/interviews/{id}", ID: "cancelInterview", Handler: h.cancelInterview, Tag: "teams",
			Summary: "Cancel an interview",
			Desc:    "As for scheduling. Mails an `interview_cancelled` with a `method=CANCEL` calendar to everyone invited.",
			Roles:   recAdmin, Params: []apidoc.Object{apidoc.IDParam("interview")},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The cancelled interview.", "Interview"),
			Errs: []int{http.StatusNotFound, http.StatusConflict},
		},
		{
			Method: http.MethodGet, Path: "/interviews/{id}/calendar.ics", ID: "interviewCalendar", Handler: h.interviewCalendar, Tag: "teams",
			Summary: "An interview's calendar file",
			Desc:    "The same calendar as the last invite: `METHOD:REQUEST` while scheduled, `METHOD:CANCEL` once cancelled.",
			Roles:   apidoc.AnyRole, Params: []apidoc.Object{apidoc.IDParam("interview")},
			OKCode: http.StatusOK, OK: apidoc.Object{"description": "RFC 5545 iCalendar.",
				"content": apidoc.Object{"text/calendar": apidoc.Object{"schema": apidoc.Object{"type": "string"}}}},
			Errs: []int{http.StatusNotFound},
		},
		{
			Method: http.MethodPut, Path: "/interviews/{id}/feedback", ID: "putFeedback", Handler: h.putFeedback, Tag: "teams",
			Summary: "Write the caller's feedback on an interview",
			Desc: "An interviewer of it, once it has started, until the application is final (409 otherwise). Ratings 1-4 per criterion of " +
				"the job's scorecard.",
			Roles: staff, Params: []apidoc.Object{apidoc.IDParam("interview")}, Body: apidoc.JSONBody("FeedbackRequest"),
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The feedback.", "Feedback"),
			Errs: apidoc.Errs(apidoc.JSONErrs, []int{http.StatusNotFound, http.StatusConflict}),
		},
		{
			Method: http.MethodGet, Path: "/interviews/{id}/feedback", ID: "getMyFeedback", Handler: h.myFeedback, Tag: "teams",
			Summary: "The caller's own feedback on an interview",
			Desc:    "404 until submitted.",
			Roles:   staff, Params: []apidoc.Object{apidoc.IDParam("interview")},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The feedback.", "Feedback"),
			Errs: []int{http.StatusNotFound},
		},
		{
			Method: http.MethodGet, Path: "/applications/{id}/feedback", ID: "getApplicationFeedback", Handler: h.applicationFeedback, Tag: "teams",
			Summary: "An application's scorecard and feedback",
			Desc:    "The job's owner, team recruiters and admins; an interviewer of it only after submitting its own (404 before), then everyone's.",
			Roles:   staff, Params: []apidoc.Object{apidoc.IDParam("application")},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The feedback.", "ApplicationFeedback"),
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

		// Fair screening: skills, the impact report.
		{
			Method: http.MethodGet, Path: "/skills", ID: "listSkills", Handler: h.listSkills, Tag: "screening",
			Summary: "The skill list",
			Desc:    "Skills by name, with their aliases; `q` matches names and aliases (substring, case-insensitive).",
			Roles:   apidoc.AnyRole,
			Params: []apidoc.Object{
				apidoc.Query("q", "Part of a name or alias.", apidoc.Object{"type": "string", "maxLength": hiregate.MaxSearchLen}),
				apidoc.Query("limit", "At most this many (default 100, max 1000).", apidoc.Object{"type": "integer", "minimum": 1, "maximum": maxSkillsLimit}),
			},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The skills.", "SkillList"),
			Errs: apidoc.ListErrs,
		},
		{
			Method: http.MethodPost, Path: "/admin/skills", ID: "importSkills", Handler: h.importSkills, Tag: "screening",
			Summary: "Add or replace skills from CSV",
			Desc: "`text/csv` with columns `name,aliases` (aliases separated by `|`), an optional header row and `#` comment lines. " +
				"A skill whose name is already listed (case and spacing aside) is replaced. All or nothing: a bad line is a 422 naming it. " +
				"Jobs declaring skills have their scores recomputed at their next ranking.",
			Roles:  apidoc.Roles(hiregate.RoleAdmin),
			Body:   apidoc.Object{"required": true, "content": apidoc.Object{hiregate.SkillsCSVType: apidoc.Object{"schema": apidoc.Object{"type": "string"}}}},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("What changed.", "SkillImport"),
			Errs: apidoc.JSONErrs,
		},
		{
			Method: http.MethodGet, Path: "/reports/impact", ID: "impact", Handler: h.impact, Tag: "reports",
			Summary: "Selection rates and impact ratios by self-identified group",
			Desc: "A recruiter's own jobs, every job for an admin; one job with `job_id`. Per category (gender, ethnicity, age band) and group: " +
				"applicants, selected (reached `stage`, default interview; with `by=score`, scored above the job's median), rate, impact ratio " +
				"(rate ÷ the highest group's) and `flag` below 0.8. Groups under 5 show `\"applicants\": \"<5\"` and no counts.",
			Roles: apidoc.Roles(hiregate.RoleRecruiter, hiregate.RoleAdmin),
			Params: []apidoc.Object{
				apidoc.Query("job_id", "Only this job.", apidoc.Object{"type": "string"}),
				apidoc.Query("from", "First day of arrival (YYYY-MM-DD).", apidoc.Object{"type": "string", "format": "date"}),
				apidoc.Query("to", "Last day of arrival (YYYY-MM-DD).", apidoc.Object{"type": "string", "format": "date"}),
				apidoc.Query("stage", "The stage that counts as selected.", apidoc.Object{"type": "string", "enum": apidoc.EnumOf(hiregate.Pipeline[1:]...)}),
				apidoc.Query("by", "`score`: the scoring-rate variant.", apidoc.Object{"type": "string", "enum": apidoc.EnumOf(hiregate.ImpactByStage, hiregate.ImpactByScore)}),
			},
			OKCode: http.StatusOK, OK: apidoc.JSONResponse("The impact report.", "ImpactReport"),
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
