package apidoc

import "github.com/hiregate/hiregate/shared/hiregate"

// Request bodies say additionalProperties: false because the server rejects
// unknown fields; responses leave it open because the contract lets the
// server add fields. The tests check each schema against its Go type in
// shared/hiregate, both ways.

func str() obj              { return obj{"type": "string"} }
func strMax(n int) obj      { return obj{"type": "string", "maxLength": n} }
func strLen(lo, hi int) obj { return obj{"type": "string", "minLength": lo, "maxLength": hi} }
func dateTime() obj         { return obj{"type": "string", "format": "date-time"} }
func boolean() obj          { return obj{"type": "boolean"} }
func describe(s obj, d string) obj {
	s["description"] = d
	return s
}

func enumStr[T ~string](vs ...T) obj { return obj{"type": "string", "enum": EnumOf(vs...)} }

func salary() obj {
	return obj{"type": "integer", "format": "int64", "minimum": 0, "maximum": hiregate.MaxSalary}
}

func password() obj {
	return describe(strLen(hiregate.MinPasswordLen, hiregate.MaxPasswordBytes),
		"8 characters to 72 bytes (bcrypt's limit); longer is rejected, never truncated.")
}

// response is an open object: the server may add fields.
func response(required []string, props obj) obj {
	return object(required, props)
}

// request is a closed object: unknown fields are a 422.
func request(required []string, props obj) obj {
	o := object(required, props)
	o["additionalProperties"] = false
	return o
}

// object is an object schema. OpenAPI 3.0 forbids an empty `required`
// (it must hold at least one name, or be absent), so none is written.
func object(required []string, props obj) obj {
	o := obj{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func list(item string) obj {
	return response([]string{"items", "next_cursor"}, obj{
		"items":       obj{"type": "array", "items": Ref(item)},
		"next_cursor": describe(obj{"type": "string", "nullable": true}, "Pass as `cursor` for the next page; null on the last page."),
	})
}

func schemas() obj {
	stage := enumStr(hiregate.Stages...)
	role := enumStr(hiregate.Roles...)
	employment := enumStr(hiregate.EmploymentTypes...)
	jobStatus := enumStr(hiregate.JobOpen, hiregate.JobClosed)
	userRef := Ref("UserRef")

	counts := obj{}
	for _, s := range hiregate.Stages {
		counts[string(s)] = obj{"type": "integer", "minimum": 0}
	}

	return obj{
		"Error": response([]string{"detail"}, obj{
			"detail":    describe(str(), "A message for people."),
			"error":     describe(str(), "A machine-readable code: at the token endpoint the OAuth2 error (invalid_request, invalid_grant, unsupported_grant_type, mfa_required); elsewhere mfa_enrollment_required."),
			"fields":    describe(obj{"type": "object", "additionalProperties": str()}, "Per-field problems (422)."),
			"mfa_token": describe(str(), "With `error: mfa_required`: pass it to the mfa-otp grant with the code."),
		}),

		"TokenRequest": request(nil, obj{
			"grant_type": describe(obj{"type": "string", "enum": []any{hiregate.GrantPassword, hiregate.GrantRefreshToken, hiregate.GrantMFAOTP}, "default": hiregate.GrantPassword},
				"`password` when absent. `"+hiregate.GrantMFAOTP+"` finishes a login that the password grant answered with 403 `mfa_required`."),
			"username":      describe(strMax(hiregate.MaxEmailLen), "The email (password grant; optional with the mfa-otp grant, where it must be the mfa_token's account)."),
			"mfa_token":     describe(str(), "mfa-otp grant: the `mfa_token` of the `mfa_required` answer. Single use, valid 5 minutes, bound to that account."),
			"otp":           describe(strMax(hiregate.MaxCodeInputLen), "mfa-otp grant: the 6-digit code of the authenticator app, or a recovery code. Each works once."),
			"password":      describe(str(), "Password grant."),
			"refresh_token": describe(str(), "Refresh grant."),
			"scope":         describe(str(), "Accepted, ignored."),
			"client_id":     describe(str(), "Accepted, ignored."),
			"client_secret": describe(str(), "Accepted, ignored."),
		}),
		"TOTPEnrollment": response([]string{"secret", "otpauth_url"}, obj{
			"secret":      describe(str(), "The shared secret in base32, to type into an authenticator app."),
			"otpauth_url": describe(str(), "The otpauth:// URL (Key URI format) to show as a QR code."),
		}),
		"CodeRequest": request([]string{"code"}, obj{
			"code": describe(strMax(hiregate.MaxCodeInputLen), "A 6-digit code of the authenticator app; to disable, a recovery code works too. Spaces and hyphens are ignored."),
		}),
		"RecoveryCodes": response([]string{"recovery_codes"}, obj{
			"recovery_codes": describe(obj{"type": "array", "items": str(), "minItems": hiregate.RecoveryCodeCount, "maxItems": hiregate.RecoveryCodeCount},
				"Single-use codes that replace a TOTP code; shown only in this answer."),
		}),
		"TokenResponse": response([]string{"access_token", "token_type", "expires_in", "refresh_token"}, obj{
			"access_token":  str(),
			"token_type":    obj{"type": "string", "enum": []any{"bearer"}},
			"expires_in":    describe(obj{"type": "integer", "minimum": 1}, "Seconds until the access token expires."),
			"refresh_token": str(),
			"recovery_codes_left": describe(obj{"type": "integer", "minimum": 0},
				"Only when a recovery code finished a two-step sign-in (grant mfa-otp): how many unused recovery codes the account has left."),
		}),

		"User": response([]string{"id", "email", "full_name", "role", "active", "mfa", "created_at"}, obj{
			"id":         str(),
			"email":      str(),
			"full_name":  str(),
			"role":       role,
			"active":     boolean(),
			"mfa":        describe(boolean(), "A second factor (TOTP) is enabled."),
			"created_at": dateTime(),
		}),
		"UserRef": response([]string{"id", "full_name"}, obj{
			"id":        str(),
			"full_name": str(),
		}),
		"UserList": list("User"),
		"RegisterRequest": request([]string{"email", "password", "full_name"}, obj{
			"email":     describe(strLen(1, hiregate.MaxEmailLen), "Trimmed and stored lower case."),
			"password":  password(),
			"full_name": strLen(1, hiregate.MaxFullNameLen),
		}),
		"CreateUserRequest": request([]string{"email", "password", "full_name", "role"}, obj{
			"email":     describe(strLen(1, hiregate.MaxEmailLen), "Trimmed and stored lower case."),
			"password":  password(),
			"full_name": strLen(1, hiregate.MaxFullNameLen),
			"role":      role,
		}),
		"UpdateUserRequest": func() obj {
			o := request(nil, obj{
				"role":      role,
				"active":    boolean(),
				"password":  password(),
				"full_name": strLen(1, hiregate.MaxFullNameLen),
			})
			o["minProperties"] = 1
			return o
		}(),
		"ChangePasswordRequest": request([]string{"current_password", "new_password"}, obj{
			"current_password": obj{"type": "string", "minLength": 1},
			"new_password":     password(),
		}),

		"Session": response([]string{"id", "created_at", "last_used_at", "ip", "user_agent", "current"}, obj{
			"id":           str(),
			"created_at":   dateTime(),
			"last_used_at": dateTime(),
			"ip":           str(),
			"user_agent":   str(),
			"current":      describe(boolean(), "This is the session of the request."),
		}),
		"SessionList": list("Session"),

		"AuditEvent": response([]string{"id", "at", "type", "ip", "detail"}, obj{
			"id":      str(),
			"at":      dateTime(),
			"type":    enumStr(hiregate.AuditTypes...),
			"user_id": str(),
			"email":   str(),
			"ip":      str(),
			"detail":  str(),
		}),
		"AuditList": list("AuditEvent"),

		"Job": response([]string{"id", "title", "description", "location", "employment_type", "status", "recruiter", "created_at", "updated_at"}, obj{
			"id":                 str(),
			"title":              str(),
			"description":        str(),
			"location":           str(),
			"employment_type":    employment,
			"salary_min":         salary(),
			"salary_max":         salary(),
			"status":             jobStatus,
			"recruiter":          userRef,
			"created_at":         dateTime(),
			"updated_at":         dateTime(),
			"application_counts": describe(obj{"type": "object", "properties": counts, "additionalProperties": obj{"type": "integer"}}, "Applications by status; the job's owner and admins only."),
		}),
		"JobRef": response([]string{"id", "title"}, obj{
			"id":    str(),
			"title": str(),
		}),
		"JobList": list("Job"),
		"CreateJobRequest": withExample(request([]string{"title"}, obj{
			"title":           strLen(1, hiregate.MaxJobTitleLen),
			"description":     strMax(hiregate.MaxJobDescriptionLen),
			"location":        strMax(hiregate.MaxJobLocationLen),
			"employment_type": withDefault(enumStr(hiregate.EmploymentTypes...), string(hiregate.FullTime)),
			"salary_min":      salary(),
			"salary_max":      describe(salary(), "Not less than salary_min."),
		}), obj{
			"title": "Backend engineer", "description": "Go, SQL and a taste for small, well-tested packages.",
			"location": "Remote", "employment_type": string(hiregate.FullTime), "salary_min": 60000, "salary_max": 90000,
		}),
		"UpdateJobRequest": request(nil, obj{
			"title":           strLen(1, hiregate.MaxJobTitleLen),
			"description":     strMax(hiregate.MaxJobDescriptionLen),
			"location":        strMax(hiregate.MaxJobLocationLen),
			"employment_type": employment,
			"salary_min":      salary(),
			"salary_max":      salary(),
			"status":          describe(enumStr(hiregate.JobOpen, hiregate.JobClosed), "`closed` closes the job."),
		}),

		"Application": response([]string{"id", "job", "candidate", "cover_letter", "resume_text", "status", "created_at", "updated_at", "history"}, obj{
			"id":           str(),
			"job":          Ref("JobRef"),
			"candidate":    Ref("CandidateRef"),
			"cover_letter": str(),
			"resume_text":  str(),
			"status":       stage,
			"created_at":   dateTime(),
			"updated_at":   dateTime(),
			"history":      obj{"type": "array", "items": Ref("HistoryEntry")},
			"resume":       Ref("Resume"),
			"match":        Ref("Match"),
		}),
		"Resume": response([]string{"filename", "content_type", "size", "sha256", "text_chars", "uploaded_at", "url"}, obj{
			"filename":     strMax(hiregate.MaxResumeFilenameLen),
			"content_type": enumStr(hiregate.ResumeTypes...),
			"size":         obj{"type": "integer", "format": "int64", "minimum": 1, "maximum": hiregate.MaxResumeBytes},
			"sha256":       describe(str(), "Hex SHA-256 of the file's bytes."),
			"text_chars":   describe(obj{"type": "integer", "minimum": 1, "maximum": hiregate.MaxResumeLen}, "Characters of extracted text (the application's `resume_text`)."),
			"pages":        describe(obj{"type": "integer", "minimum": 1, "maximum": hiregate.MaxResumePages}, "PDFs only."),
			"uploaded_at":  dateTime(),
			"url":          describe(str(), "Where the file is downloaded."),
		}),
		"Match": response([]string{"score", "terms"}, obj{
			"score": describe(obj{"type": "integer", "minimum": 0, "maximum": 100}, "BM25 over the resume and cover letter against the job's title and description, as a share of the best this job's terms allow."),
			"terms": describe(obj{"type": "array", "items": str()}, "The job's terms found, the one adding most to the score first."),
		}),
		"ApplyForm": obj{"type": "object", "required": []string{"resume"}, "properties": obj{
			"cover_letter": strMax(hiregate.MaxCoverLetterLen),
			"resume":       describe(obj{"type": "string", "format": "binary"}, "The file, with its Content-Type (application/pdf, text/plain or text/markdown) and filename; at most 5 MiB. Its text becomes `resume_text`."),
		}},
		"CandidateRef": response([]string{"id", "full_name", "email"}, obj{
			"id":        str(),
			"full_name": str(),
			"email":     str(),
		}),
		"HistoryEntry": response([]string{"status", "at", "by", "by_name"}, obj{
			"status":  stage,
			"at":      dateTime(),
			"by":      describe(str(), "The id of the user who made the change."),
			"by_name": describe(str(), "Their name at the time."),
		}),
		"ApplicationList": list("Application"),
		"CreateApplicationRequest": withExample(request(nil, obj{
			"cover_letter": strMax(hiregate.MaxCoverLetterLen),
			"resume_text":  strMax(hiregate.MaxResumeLen),
		}), obj{"cover_letter": "I would love to work on hiregate.", "resume_text": "Ten years of Go."}),
		"UpdateApplicationRequest": withExample(request([]string{"status"}, obj{
			"status": stage,
		}), obj{"status": string(hiregate.StageScreening)}),

		"Note": response([]string{"id", "application_id", "body", "author", "created_at"}, obj{
			"id":             str(),
			"application_id": str(),
			"body":           str(),
			"author":         userRef,
			"created_at":     dateTime(),
		}),
		"NoteList": list("Note"),
		"CreateNoteRequest": request([]string{"body"}, obj{
			"body": strLen(1, hiregate.MaxNoteLen),
		}),

		"EventData": describe(response(nil, obj{
			"job_id":         str(),
			"application_id": str(),
			"status":         describe(str(), "The job's status (job events) or the application's stage (application events)."),
			"note_id":        str(),
			"reason":         describe(str(), "Why the session ended (session.revoked), in words for the user."),
		}), "The `data:` of a live event (GET /events): ids only, never a note's text."),
		"Funnel": response([]string{"stages", "conversion", "median_days_in_stage", "applications_per_week"}, obj{
			"stages":               obj{"type": "array", "items": Ref("FunnelStage")},
			"conversion":           obj{"type": "array", "items": Ref("Conversion")},
			"median_days_in_stage": describe(obj{"type": "object", "additionalProperties": obj{"type": "number"}}, "Per stage that applications have left, the median days spent in it (to the hour)."),
			"applications_per_week": describe(obj{"type": "array", "items": Ref("WeekCount")},
				"ISO weeks from the first with an application to the last, empty weeks included."),
		}),
		"FunnelStage": response([]string{"status", "reached", "current"}, obj{
			"status":  stage,
			"reached": describe(obj{"type": "integer", "minimum": 0}, "Applications that reached the stage (skipping past it counts)."),
			"current": describe(obj{"type": "integer", "minimum": 0}, "Applications in it now."),
		}),
		"Conversion": response([]string{"from", "to", "rate"}, obj{
			"from": stage,
			"to":   stage,
			"rate": describe(obj{"type": "number", "minimum": 0, "maximum": 1}, "Share of those that reached `from` which reached `to`."),
		}),
		"WeekCount": response([]string{"week", "count"}, obj{
			"week":  describe(obj{"type": "string", "pattern": "^[0-9]{4}-W[0-9]{2}$"}, "ISO 8601 week, e.g. 2026-W47."),
			"count": obj{"type": "integer", "minimum": 0},
		}),
		"Export": response([]string{"exported_at", "user", "sessions", "applications", "jobs", "audit_events"}, obj{
			"exported_at":  dateTime(),
			"user":         Ref("User"),
			"sessions":     obj{"type": "array", "items": Ref("Session")},
			"applications": describe(obj{"type": "array", "items": Ref("Application")}, "With history; resume files as metadata and a link."),
			"jobs":         describe(obj{"type": "array", "items": Ref("Job")}, "Jobs the caller posted (recruiters and admins)."),
			"audit_events": obj{"type": "array", "items": Ref("AuditEvent")},
		}),
		"EraseAccountRequest": request([]string{"current_password"}, obj{
			"current_password": strLen(1, hiregate.MaxPasswordBytes),
		}),

		"Health": obj{"type": "object", "properties": obj{"status": str(), "version": describe(str(), "The server's build (/healthz only)."), "api_version": describe(obj{"type": "integer"}, "Major version of the API (/healthz only).")}},
		"JWKS": response([]string{"keys"}, obj{
			"keys": obj{"type": "array", "items": obj{"type": "object", "required": []string{"kty"}, "properties": obj{
				"kty": str(), "kid": str(), "alg": str(), "use": str(),
			}}},
		}),
	}
}

func withExample(s obj, v obj) obj {
	s["example"] = v
	return s
}

func withDefault(s obj, v any) obj {
	s["default"] = v
	return s
}
