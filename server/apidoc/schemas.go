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

// nullableEnum is an answer from a fixed list, or null for none.
func nullableEnum(vs []string) obj {
	enum := EnumOf(vs...)
	return obj{"type": "string", "nullable": true, "enum": append(enum, nil)}
}

func blindUntil() obj {
	return describe(obj{"type": "string", "nullable": true, "enum": append(EnumOf(hiregate.BlindStages...), nil)},
		"Blind review: until an application reaches this stage, everyone but its candidate and admins gets it masked (`blinded`). null: off.")
}

func salary() obj {
	return obj{"type": "integer", "format": "int64", "minimum": 0, "maximum": hiregate.MaxSalary}
}

func password() obj {
	return describe(strLen(hiregate.MinPasswordLen, hiregate.MaxPasswordBytes),
		"8 characters to 72 bytes (bcrypt's limit); longer is rejected, never truncated.")
}

func oneTimeCode() obj {
	return describe(strMax(hiregate.MaxCodeInputLen), "The code from the mail, `XXXX-XXXX` (Crockford base32): any case, the dash optional, I and L read as 1, O as 0.")
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
	teamRole := enumStr(hiregate.TeamRecruiter, hiregate.TeamInterviewer)
	minutes := obj{"type": "integer", "minimum": hiregate.MinInterviewMinutes, "maximum": hiregate.MaxInterviewMinutes}
	interviewerIDs := obj{"type": "array", "minItems": 1, "maxItems": hiregate.MaxInterviewers, "items": str()}
	ratings := describe(obj{"type": "object", "additionalProperties": obj{"type": "integer", "minimum": hiregate.MinRating, "maximum": hiregate.MaxRating}},
		"Criterion name → rating 1..4.")
	recommendation := enumStr(hiregate.Recommendations...)

	counts := obj{}
	for _, s := range hiregate.Stages {
		counts[string(s)] = obj{"type": "integer", "minimum": 0}
	}

	return obj{
		"Error": response([]string{"detail"}, obj{
			"detail":    describe(str(), "A message for people."),
			"error":     describe(str(), "A machine-readable code: at the token endpoint the OAuth2 error (invalid_request, invalid_grant, unsupported_grant_type, mfa_required, unauthorized_client); elsewhere mfa_enrollment_required."),
			"fields":    describe(obj{"type": "object", "additionalProperties": str()}, "Per-field problems (422)."),
			"mfa_token": describe(str(), "With `error: mfa_required`: pass it to the mfa-otp grant with the code."),
		}),

		"TokenRequest": request(nil, obj{
			"grant_type": describe(obj{"type": "string", "enum": []any{hiregate.GrantPassword, hiregate.GrantRefreshToken, hiregate.GrantMFAOTP, hiregate.GrantSSHKey}, "default": hiregate.GrantPassword},
				"`password` when absent. `"+hiregate.GrantMFAOTP+"` finishes a login that the password grant answered with 403 `mfa_required`."),
			"username":      describe(strMax(hiregate.MaxEmailLen), "The email (password grant; optional with the mfa-otp grant, where it must be the mfa_token's account)."),
			"mfa_token":     describe(str(), "mfa-otp grant: the `mfa_token` of the `mfa_required` answer. Single use, valid 5 minutes, bound to that account."),
			"otp":           describe(strMax(hiregate.MaxCodeInputLen), "mfa-otp grant: the 6-digit code of the authenticator app, or a recovery code. Each works once."),
			"public_key":    describe(str(), "ssh-key grant (SSH gateways only): the public key the SSH client proved it holds, as a .pub line."),
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

		"User": response([]string{"id", "email", "full_name", "role", "active", "mfa", "email_verified", "notify_email", "created_at"}, obj{
			"id":             str(),
			"email":          str(),
			"full_name":      str(),
			"role":           role,
			"active":         boolean(),
			"mfa":            describe(boolean(), "A second factor (TOTP) is enabled."),
			"email_verified": describe(boolean(), "The user typed the code mailed to their address. Only verified addresses get notifications."),
			"notify_email":   describe(boolean(), "The user wants notifications by mail (`PATCH /users/me`)."),
			"created_at":     dateTime(),
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
		"CreateUserRequest": request([]string{"email", "full_name", "role"}, obj{
			"email":     describe(strLen(1, hiregate.MaxEmailLen), "Trimmed and stored lower case."),
			"password":  describe(password(), "Leave it out to invite the user: the account is created inactive and an `invitation` code is mailed to it (7 days)."),
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

		"SSHKey": response([]string{"id", "name", "type", "fingerprint", "public_key", "created_at", "last_used_at"}, obj{
			"id":           str(),
			"name":         describe(str(), "The user's label; the key's comment when none was given."),
			"type":         describe(str(), "The algorithm as OpenSSH names it."),
			"fingerprint":  describe(str(), "As `ssh-keygen -l` prints it: `SHA256:` and unpadded base64."),
			"public_key":   describe(str(), "`type base64`, without comment."),
			"created_at":   dateTime(),
			"last_used_at": describe(obj{"type": "string", "format": "date-time", "nullable": true}, "When a gateway last signed in with it; null if never."),
		}),
		"SSHKeyList": list("SSHKey"),
		"AddSSHKeyRequest": request([]string{"public_key"}, obj{
			"public_key": describe(strLen(1, hiregate.MaxSSHPublicKeyLen), "One line of a .pub file."),
			"name":       strMax(hiregate.MaxSSHKeyNameLen),
		}),

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

		"Job": response([]string{"id", "title", "description", "location", "employment_type", "status", "recruiter", "created_at", "updated_at", "skills", "blind_until"}, obj{
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
			"blind_until":        blindUntil(),
			"skills":             describe(Ref("JobSkills"), "The skills the job declares (empty lists when none)."),
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
			"blind_until":     blindUntil(),
			"skills":          Ref("JobSkills"),
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
			"blind_until":     blindUntil(),
			"skills":          describe(Ref("JobSkills"), "Replaces the job's skills."),
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
			"blinded": describe(boolean(), "The job's blind review hides who the candidate is from the caller: `candidate.full_name` is an alias, "+
				"`email` empty, e-mail addresses, phone numbers, URLs and the name replaced by `[hidden]` in the texts, and the file is 404."),
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
		"Match": response([]string{"score", "terms", "skills", "missing"}, obj{
			"score": describe(obj{"type": "integer", "minimum": 0, "maximum": 100},
				"Required skills found (weight 60), nice-to-have skills found (20) and the job's words in the resume and cover letter (20), "+
					"over the parts the job has (docs/SCREENING.md). Depends on the job and this application only."),
			"terms":   describe(obj{"type": "array", "items": str()}, "The job's terms found, the one adding most to the score first."),
			"skills":  describe(obj{"type": "array", "items": Ref("SkillFound")}, "The job's skills found, with the words that matched."),
			"missing": describe(obj{"type": "array", "items": str()}, "The job's required skills not found."),
		}),
		"SkillFound": response([]string{"name", "found_as"}, obj{
			"name":     str(),
			"found_as": describe(str(), "The words of the resume or cover letter that matched (an alias such as `k8s`)."),
		}),
		"JobSkills": request(nil, obj{
			"required": describe(obj{"type": "array", "maxItems": hiregate.MaxJobSkills, "items": str()}, "Skill names from GET /skills."),
			"nice":     describe(obj{"type": "array", "maxItems": hiregate.MaxJobSkills, "items": str()}, "Skill names from GET /skills."),
		}),
		"Skill": response([]string{"id", "name", "aliases"}, obj{
			"id":      str(),
			"name":    str(),
			"aliases": obj{"type": "array", "items": str()},
		}),
		"SkillList":   obj{"type": "array", "items": Ref("Skill")},
		"SkillImport": response([]string{"added", "replaced", "total"}, obj{"added": obj{"type": "integer"}, "replaced": obj{"type": "integer"}, "total": obj{"type": "integer"}}),
		"ImpactReport": response([]string{"by", "applicants", "categories"}, obj{
			"stage":      stage,
			"by":         enumStr(hiregate.ImpactByStage, hiregate.ImpactByScore),
			"applicants": describe(obj{"type": "integer"}, "Applications in scope."),
			"categories": obj{"type": "array", "items": Ref("ImpactCategory")},
		}),
		"ImpactCategory": response([]string{"category", "groups"}, obj{
			"category": enumStr(hiregate.ImpactCategories...),
			"groups":   obj{"type": "array", "items": Ref("ImpactGroup")},
		}),
		"ImpactGroup": response([]string{"group", "applicants", "selected", "rate", "impact_ratio", "flag"}, obj{
			"group":        describe(str(), "An answer, or `unknown` (declined or not answered: never the reference, never flagged)."),
			"applicants":   describe(obj{"oneOf": []obj{{"type": "integer"}, {"type": "string", "enum": []string{"<5"}}}}, "`\"<5\"` for a group under 5, whose counts are withheld."),
			"selected":     obj{"type": "integer", "nullable": true},
			"rate":         obj{"type": "number", "nullable": true},
			"impact_ratio": describe(obj{"type": "number", "nullable": true}, "rate ÷ the highest rate of a reported group."),
			"flag":         describe(obj{"type": "boolean"}, "impact_ratio below 0.8 (the four-fifths rule)."),
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
			"reason":  describe(enumStr(hiregate.RejectReasons...), "Why it was rejected (rejections only)."),
		}),
		"ApplicationList": list("Application"),
		"CreateApplicationRequest": withExample(request(nil, obj{
			"cover_letter": strMax(hiregate.MaxCoverLetterLen),
			"resume_text":  strMax(hiregate.MaxResumeLen),
		}), obj{"cover_letter": "I would love to work on hiregate.", "resume_text": "Ten years of Go."}),
		"UpdateApplicationRequest": withExample(request([]string{"status"}, obj{
			"status": stage,
			"reason": describe(enumStr(hiregate.RejectReasons...),
				"With `status: rejected` only (a 422 otherwise); `other` when left out. Kept in the history; chooses the text of the candidate's `rejected` mail."),
			"notify": describe(boolean(), "`false` mails the candidate nothing about this move. Default `true`."),
		}), obj{"status": string(hiregate.StageRejected), "reason": string(hiregate.RejectNotAFit), "notify": true}),

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

		"Message": response([]string{"id", "application_id", "author", "body", "created_at"}, obj{
			"id":             str(),
			"application_id": str(),
			"author":         Ref("MessageAuthor"),
			"body":           str(),
			"created_at":     dateTime(),
		}),
		"MessageAuthor": response([]string{"id", "full_name", "role"}, obj{
			"id":        str(),
			"full_name": str(),
			"role":      enumStr(hiregate.Roles...),
		}),
		"MessageList": list("Message"),
		"CreateMessageRequest": request([]string{"body"}, obj{
			"body": describe(strLen(1, hiregate.MaxMessageLen), "Not only white space."),
		}),
		"MarkReadRequest": request([]string{"message_id"}, obj{
			"message_id": describe(str(), "The newest message the caller has seen; a mark never moves back."),
		}),
		"UnreadCounts": response([]string{"items"}, obj{
			"items": obj{"type": "array", "items": Ref("UnreadCount")},
		}),
		"UnreadCount": response([]string{"application_id", "unread"}, obj{
			"application_id": str(),
			"unread":         describe(obj{"type": "integer", "minimum": 0}, "Messages by others after the caller's read mark."),
		}),
		"Team": response([]string{"job_id", "owner", "members"}, obj{
			"job_id":  str(),
			"owner":   userRef,
			"members": obj{"type": "array", "items": Ref("TeamMember")},
		}),
		"TeamMember": response([]string{"user_id", "full_name", "email", "role", "active", "added_at"}, obj{
			"user_id":   str(),
			"full_name": str(),
			"email":     str(),
			"role":      teamRole,
			"active":    describe(boolean(), "False for a deactivated account, which keeps its place but has no access."),
			"added_at":  dateTime(),
		}),
		"TeamMemberInput": request([]string{"user_id", "role"}, obj{
			"user_id": str(),
			"role":    teamRole,
		}),
		"PutTeamRequest": request([]string{"members"}, obj{
			"members": obj{"type": "array", "maxItems": hiregate.MaxTeamMembers, "items": Ref("TeamMemberInput")},
		}),
		"StaffUser": response([]string{"id", "full_name", "email", "role"}, obj{
			"id":        str(),
			"full_name": str(),
			"email":     str(),
			"role":      enumStr(hiregate.RoleRecruiter, hiregate.RoleInterviewer),
		}),
		"StaffUserList": list("StaffUser"),
		"Interview": response([]string{"id", "application_id", "job", "candidate", "organizer", "starts_at", "duration_minutes",
			"location", "url", "interviewers", "status", "sequence", "created_at", "updated_at"}, obj{
			"id":               str(),
			"application_id":   str(),
			"job":              Ref("JobRef"),
			"candidate":        userRef,
			"organizer":        userRef,
			"starts_at":        dateTime(),
			"duration_minutes": minutes,
			"location":         str(),
			"url":              str(),
			"interviewers":     obj{"type": "array", "items": userRef},
			"status":           enumStr(hiregate.InterviewScheduled, hiregate.InterviewCancelled),
			"sequence":         describe(obj{"type": "integer", "minimum": 0}, "The invite's SEQUENCE, raised on every change."),
			"created_at":       dateTime(),
			"updated_at":       dateTime(),
			"conflicts": describe(obj{"type": "array", "items": Ref("InterviewConflict")},
				"Other scheduled interviews of the same interviewers that overlap this one (POST and PATCH answers)."),
			"blinded": describe(boolean(), "The job's blind review hides who the candidate is from the caller, as on the application: "+
				"`candidate.full_name` is the application's alias, addresses, phone numbers, links and the name in `location` are `[hidden]`, "+
				"and `url` is empty when it held the name. The calendar file and the interviewers' invites are masked the same way."),
		}),
		"InterviewConflict": response([]string{"interview_id", "interviewer", "starts_at", "duration_minutes"}, obj{
			"interview_id":     str(),
			"interviewer":      userRef,
			"starts_at":        dateTime(),
			"duration_minutes": minutes,
		}),
		"InterviewList": list("Interview"),
		"CreateInterviewRequest": withExample(request([]string{"starts_at", "duration_minutes", "interviewer_ids"}, obj{
			"starts_at":        dateTime(),
			"duration_minutes": minutes,
			"location":         strMax(hiregate.MaxInterviewLocationLen),
			"url":              strMax(hiregate.MaxInterviewURLLen),
			"interviewer_ids":  interviewerIDs,
		}), obj{"starts_at": "2026-12-08T09:30:00Z", "duration_minutes": 45, "location": "Room 1", "interviewer_ids": []string{"<user id>"}}),
		"UpdateInterviewRequest": request(nil, obj{
			"starts_at":        dateTime(),
			"duration_minutes": minutes,
			"location":         strMax(hiregate.MaxInterviewLocationLen),
			"url":              strMax(hiregate.MaxInterviewURLLen),
			"interviewer_ids":  interviewerIDs,
		}),
		"Criterion": response([]string{"name"}, obj{
			"name":        strLen(1, hiregate.MaxCriterionNameLen),
			"description": strMax(hiregate.MaxCriterionDescLen),
		}),
		"Scorecard": response([]string{"job_id", "criteria", "required_before_offer", "updated_at"}, obj{
			"job_id":                str(),
			"criteria":              obj{"type": "array", "items": Ref("Criterion")},
			"required_before_offer": boolean(),
			"updated_at":            dateTime(),
		}),
		"PutScorecardRequest": request([]string{"criteria", "required_before_offer"}, obj{
			"criteria":              obj{"type": "array", "maxItems": hiregate.MaxCriteria, "items": Ref("Criterion")},
			"required_before_offer": boolean(),
		}),
		"Feedback": response([]string{"interview_id", "application_id", "author", "ratings", "recommendation", "notes", "submitted_at", "updated_at"}, obj{
			"interview_id":   str(),
			"application_id": str(),
			"author":         userRef,
			"ratings":        ratings,
			"recommendation": recommendation,
			"notes":          str(),
			"submitted_at":   dateTime(),
			"updated_at":     dateTime(),
		}),
		"FeedbackRequest": request([]string{"ratings", "recommendation"}, obj{
			"ratings":        ratings,
			"recommendation": recommendation,
			"notes":          strMax(hiregate.MaxFeedbackNotesLen),
		}),
		"ApplicationFeedback": response([]string{"scorecard", "items"}, obj{
			"scorecard": Ref("Scorecard"),
			"items":     obj{"type": "array", "items": Ref("Feedback")},
		}),

		"EventData": describe(response(nil, obj{
			"job_id":         str(),
			"application_id": str(),
			"status":         describe(str(), "The job's status (job events) or the application's stage (application events)."),
			"note_id":        str(),
			"message_id":     describe(str(), "The new message (message.created)."),
			"by":             describe(Ref("UserRef"), "Who moved the application (application.moved) or wrote the message (message.created)."),
			"interview_id":   str(),
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
		"Export": response([]string{"exported_at", "user", "sessions", "applications", "jobs", "audit_events", "messages"}, obj{
			"exported_at":  dateTime(),
			"user":         Ref("User"),
			"sessions":     obj{"type": "array", "items": Ref("Session")},
			"applications": describe(obj{"type": "array", "items": Ref("Application")}, "With history; resume files as metadata and a link."),
			"jobs":         describe(obj{"type": "array", "items": Ref("Job")}, "Jobs the caller posted (recruiters and admins)."),
			"audit_events": obj{"type": "array", "items": Ref("AuditEvent")},
			"messages":     describe(obj{"type": "array", "items": Ref("Message")}, "Messages on the caller's applications and those the caller wrote."),
			"interviews":   describe(obj{"type": "array", "items": Ref("Interview")}, "A candidate's interviews, or those a staff member interviews."),
			"feedback":     describe(obj{"type": "array", "items": Ref("Feedback")}, "Feedback the caller wrote."),
			"demographics": Ref("Demographics"),
		}),
		"VerifyEmailRequest": request([]string{"code"}, obj{
			"code": oneTimeCode(),
		}),
		"ForgotPasswordRequest": request([]string{"email"}, obj{
			"email": strLen(1, hiregate.MaxEmailLen),
		}),
		"ResetPasswordRequest": request([]string{"email", "code", "new_password"}, obj{
			"email":        strLen(1, hiregate.MaxEmailLen),
			"code":         oneTimeCode(),
			"new_password": password(),
		}),
		"AcceptInvitationRequest": request([]string{"email", "code", "password"}, obj{
			"email":    strLen(1, hiregate.MaxEmailLen),
			"code":     oneTimeCode(),
			"password": password(),
		}),
		"UpdateMeRequest": request([]string{"notify_email"}, obj{
			"notify_email": describe(boolean(), "false stops notifications by mail (never the verification, reset or invitation mails)."),
		}),
		"Accepted": response([]string{"detail"}, obj{
			"detail": describe(str(), "The same words whatever happened."),
		}),
		"Demographics": response([]string{"gender", "ethnicity", "age_band"}, obj{
			"gender":     nullableEnum(hiregate.Genders),
			"ethnicity":  describe(nullableEnum(hiregate.Ethnicities), "The EEO-1 categories."),
			"age_band":   nullableEnum(hiregate.AgeBands),
			"updated_at": dateTime(),
		}),
		"DemographicsRequest": request(nil, obj{
			"gender":    nullableEnum(hiregate.Genders),
			"ethnicity": describe(nullableEnum(hiregate.Ethnicities), "The EEO-1 categories."),
			"age_band":  nullableEnum(hiregate.AgeBands),
		}),
		"EraseAccountRequest": request([]string{"current_password"}, obj{
			"current_password": strLen(1, hiregate.MaxPasswordBytes),
		}),

		// Mail.
		"MailItem": response([]string{"id", "to", "template", "subject", "status", "attempts", "last_error", "created_at", "sent_at"}, obj{
			"id":         str(),
			"to":         str(),
			"template":   enumStr(hiregate.MailTemplateNames...),
			"subject":    describe(str(), "As rendered at the first attempt; \"\" before it. Never a code or a link."),
			"status":     enumStr(hiregate.MailQueued, hiregate.MailSent, hiregate.MailFailed),
			"attempts":   obj{"type": "integer"},
			"last_error": describe(str(), "The SMTP server's last answer or why it could not be reached; \"\" once sent."),
			"created_at": dateTime(),
			"sent_at":    obj{"type": "string", "format": "date-time", "nullable": true},
		}),
		"MailList": list("MailItem"),
		"MailTemplate": response([]string{"name", "subject", "body", "default", "keys"}, obj{
			"name":    enumStr(hiregate.MailTemplateNames...),
			"subject": describe(str(), "Go text/template, one line."),
			"body":    describe(str(), "Go text/template, plain text."),
			"default": describe(boolean(), "No admin has overridden it."),
			"keys":    describe(obj{"type": "array", "items": str()}, "The fields the template may use, as {{.Key}}."),
		}),
		"MailTemplateList": list("MailTemplate"),
		"MailTemplateInput": request([]string{"subject", "body"}, obj{
			"subject": strLen(1, 500),
			"body":    strLen(1, 20000),
		}),

		"Health": obj{"type": "object", "properties": obj{"status": str(), "version": describe(str(), "The server's build (/healthz only)."), "api_version": describe(obj{"type": "integer"}, "Major version of the API (/healthz only)."),
			"ssh_gateway": describe(obj{"type": "object", "properties": obj{"address": str()}}, "Where the terminal client is reached over SSH, when the operator configured it (/healthz only).")}},
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
