package apidoc

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// obj is one JSON object of the document. The document is built from plain
// maps rather than kin-openapi's types so that what is served is exactly
// what is written here; the tests load it back with kin-openapi to check it.
type obj = map[string]any

// SecurityScheme is the name of the OAuth2 password flow in the document.
const SecurityScheme = "OAuth2PasswordBearer"

// anyRole marks a protected route every signed-in user may call.
var anyRole = []hiregate.Role{hiregate.RoleCandidate, hiregate.RoleRecruiter, hiregate.RoleAdmin}

// operation is one row of the route table, the single source of truth from
// which both the OpenAPI document and Operations are derived.
type operation struct {
	method  string
	path    string // OpenAPI syntax: /jobs/{id}
	id      string // operationId
	tag     string
	summary string
	desc    string
	// roles is nil for a public route; otherwise the roles that may call
	// it (ownership rules, when any, are in desc).
	roles  []hiregate.Role
	params []obj
	body   obj // the requestBody object, nil when none
	// ok is the success status and its response object.
	okCode int
	ok     obj
	// errs lists the error statuses the route may answer besides 401/403,
	// which follow from roles, and 500.
	errs []int
}

// jsonErrs are the failures of every route that takes a JSON body.
var jsonErrs = []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity}

// listErrs are the failures of a list route's query parameters: 400 for a
// value of the wrong type, 422 for a well-typed but invalid one.
var listErrs = []int{http.StatusBadRequest, http.StatusUnprocessableEntity}

func errsOf(lists ...[]int) []int {
	var out []int
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// table is the API: every route of /work/shared/API.md plus the operational
// ones.
func table() []operation {
	idParam := func(what string) obj {
		return obj{"name": "id", "in": "path", "required": true, "description": "The " + what + "'s id (opaque).", "schema": obj{"type": "string", "minLength": 1}}
	}
	jobStatuses := enumOf(hiregate.JobOpen, hiregate.JobClosed)
	stages := enumOf(hiregate.Stages...)

	return []operation{
		// Auth.
		{
			method: http.MethodPost, path: "/auth/register", id: "register", tag: "auth",
			summary: "Register a candidate account",
			desc:    "Creates a candidate. The email is trimmed and stored lower case; a duplicate is a 409. The password must be 8 characters to 72 bytes (longer is a 422, never truncated).",
			body:    jsonBody("RegisterRequest"),
			okCode:  http.StatusCreated, ok: jsonResponse("The new user.", "User"),
			errs: errsOf(jsonErrs, []int{http.StatusConflict}),
		},
		{
			method: http.MethodPost, path: "/auth/login", id: "login", tag: "auth",
			summary: "OAuth2 token endpoint (password and refresh_token grants)",
			desc: "RFC 6749 §4.3 and §6. `grant_type` defaults to `password`. `scope`, `client_id` and `client_secret` are accepted and ignored, " +
				"and so is an `Authorization: Basic` header carrying client credentials. A refresh rotates the refresh token; presenting a spent one revokes the session. " +
				"Bad email, bad password and deactivated account all answer the same 401. Guessing is throttled per account and per address (429 with `Retry-After`).",
			body:   formBody(),
			okCode: http.StatusOK,
			ok: obj{
				"description": "Tokens. Never cached.",
				"headers":     obj{"Cache-Control": header("`no-store`.", true)},
				"content":     obj{"application/json": obj{"schema": ref("TokenResponse")}},
			},
			errs: []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusTooManyRequests},
		},
		{
			method: http.MethodPost, path: "/auth/logout", id: "logout", tag: "auth",
			summary: "Revoke the caller's session",
			desc:    "Its refresh token and every access token of that login are rejected from then on.",
			roles:   anyRole, okCode: http.StatusNoContent, ok: obj{"description": "Logged out."},
		},
		{
			method: http.MethodPost, path: "/auth/logout-all", id: "logoutAll", tag: "auth",
			summary: "Revoke every session of the caller",
			roles:   anyRole, okCode: http.StatusNoContent, ok: obj{"description": "Every session revoked."},
		},

		// Users.
		{
			method: http.MethodGet, path: "/users/me", id: "getMe", tag: "users",
			summary: "The signed-in user",
			roles:   anyRole, okCode: http.StatusOK, ok: jsonResponse("The caller.", "User"),
		},
		{
			method: http.MethodPost, path: "/users/me/password", id: "changePassword", tag: "users",
			summary: "Change the caller's password",
			desc:    "Every other session of the caller is revoked. A wrong current password is rejected.",
			roles:   anyRole, body: jsonBody("ChangePasswordRequest"),
			okCode: http.StatusNoContent, ok: obj{"description": "Password changed."},
			errs: jsonErrs,
		},
		{
			method: http.MethodGet, path: "/users/me/sessions", id: "listSessions", tag: "users",
			summary: "The caller's live sessions, newest first",
			roles:   anyRole, okCode: http.StatusOK, ok: jsonResponse("Sessions.", "SessionList"),
		},
		{
			method: http.MethodDelete, path: "/users/me/sessions/{id}", id: "revokeSession", tag: "users",
			summary: "Revoke one of the caller's sessions",
			roles:   anyRole, params: []obj{idParam("session")},
			okCode: http.StatusNoContent, ok: obj{"description": "Session revoked."},
			errs: []int{http.StatusNotFound},
		},

		// Admin.
		{
			method: http.MethodPost, path: "/admin/users", id: "createUser", tag: "admin",
			summary: "Create a user of any role",
			roles:   roles(hiregate.RoleAdmin), body: jsonBody("CreateUserRequest"),
			okCode: http.StatusCreated, ok: jsonResponse("The new user.", "User"),
			errs: errsOf(jsonErrs, []int{http.StatusConflict}),
		},
		{
			method: http.MethodGet, path: "/admin/users", id: "listUsers", tag: "admin",
			summary: "List users",
			roles:   roles(hiregate.RoleAdmin),
			params: append(pageParams(),
				query("q", "Substring of the email or full name (case-insensitive).", obj{"type": "string", "maxLength": hiregate.MaxSearchLen}),
				query("role", "Only users of this role.", obj{"type": "string", "enum": enumOf(hiregate.Roles...)}),
			),
			okCode: http.StatusOK, ok: jsonResponse("A page of users.", "UserList"),
			errs: listErrs,
		},
		{
			method: http.MethodPatch, path: "/admin/users/{id}", id: "updateUser", tag: "admin",
			summary: "Change a user's role, active flag, password or name",
			desc:    "Any change revokes that user's sessions. An admin cannot deactivate or demote themselves.",
			roles:   roles(hiregate.RoleAdmin), params: []obj{idParam("user")}, body: jsonBody("UpdateUserRequest"),
			okCode: http.StatusOK, ok: jsonResponse("The updated user.", "User"),
			errs: errsOf(jsonErrs, []int{http.StatusNotFound, http.StatusConflict}),
		},
		{
			method: http.MethodGet, path: "/admin/audit", id: "listAudit", tag: "admin",
			summary: "Auth events, newest first",
			desc:    "Never holds a password or a token.",
			roles:   roles(hiregate.RoleAdmin),
			params: append(pageParams(),
				query("user", "Only events of this user id.", obj{"type": "string"}),
				query("type", "Only events of this type.", obj{"type": "string", "enum": enumOf(hiregate.AuditTypes...)}),
			),
			okCode: http.StatusOK, ok: jsonResponse("A page of events.", "AuditList"),
			errs: listErrs,
		},

		// Jobs.
		{
			method: http.MethodGet, path: "/jobs", id: "listJobs", tag: "jobs",
			summary: "List jobs",
			desc:    "Candidates see open jobs only.",
			roles:   anyRole,
			params: append(pageParams(),
				query("q", "Search in title, description and location.", obj{"type": "string", "maxLength": hiregate.MaxSearchLen}),
				query("status", "Only jobs with this status.", obj{"type": "string", "enum": jobStatuses}),
				query("mine", "Only the caller's own jobs (recruiters).", obj{"type": "boolean"}),
			),
			okCode: http.StatusOK, ok: jsonResponse("A page of jobs.", "JobList"),
			errs: listErrs,
		},
		{
			method: http.MethodPost, path: "/jobs", id: "createJob", tag: "jobs",
			summary: "Post a job",
			roles:   roles(hiregate.RoleRecruiter, hiregate.RoleAdmin), body: jsonBody("CreateJobRequest"),
			okCode: http.StatusCreated,
			ok: obj{
				"description": "The new job.",
				"headers":     obj{"Location": header("The job's URL.", true)},
				"content":     obj{"application/json": obj{"schema": ref("Job")}},
			},
			errs: jsonErrs,
		},
		{
			method: http.MethodGet, path: "/jobs/{id}", id: "getJob", tag: "jobs",
			summary: "One job",
			roles:   anyRole, params: []obj{idParam("job")},
			okCode: http.StatusOK, ok: jsonResponse("The job.", "Job"),
			errs: []int{http.StatusNotFound},
		},
		{
			method: http.MethodPatch, path: "/jobs/{id}", id: "updateJob", tag: "jobs",
			summary: "Edit or close a job",
			desc:    "Only the job's owner or an admin. `\"status\": \"closed\"` closes it.",
			roles:   roles(hiregate.RoleRecruiter, hiregate.RoleAdmin), params: []obj{idParam("job")}, body: jsonBody("UpdateJobRequest"),
			okCode: http.StatusOK, ok: jsonResponse("The updated job.", "Job"),
			errs: errsOf(jsonErrs, []int{http.StatusNotFound, http.StatusConflict}),
		},
		{
			method: http.MethodPost, path: "/jobs/{id}/applications", id: "apply", tag: "applications",
			summary: "Apply to a job",
			desc:    "A second application to the same job is a 409, and so is applying to a closed job.",
			roles:   roles(hiregate.RoleCandidate), params: []obj{idParam("job")}, body: jsonBody("CreateApplicationRequest"),
			okCode: http.StatusCreated,
			ok: obj{
				"description": "The new application.",
				"headers":     obj{"Location": header("The application's URL.", false)},
				"content":     obj{"application/json": obj{"schema": ref("Application")}},
			},
			errs: errsOf(jsonErrs, []int{http.StatusNotFound, http.StatusConflict}),
		},
		{
			method: http.MethodGet, path: "/jobs/{id}/applications", id: "listJobApplications", tag: "applications",
			summary: "Applications to a job",
			desc:    "Only the job's owner or an admin.",
			roles:   roles(hiregate.RoleRecruiter, hiregate.RoleAdmin),
			params: append([]obj{idParam("job")}, append(pageParams(),
				query("status", "Only applications in this stage.", obj{"type": "string", "enum": stages}))...),
			okCode: http.StatusOK, ok: jsonResponse("A page of applications.", "ApplicationList"),
			errs: errsOf(listErrs, []int{http.StatusNotFound}),
		},

		// Applications.
		{
			method: http.MethodGet, path: "/applications/my", id: "listMyApplications", tag: "applications",
			summary: "The caller's own applications",
			roles:   roles(hiregate.RoleCandidate), params: pageParams(),
			okCode: http.StatusOK, ok: jsonResponse("A page of applications.", "ApplicationList"),
			errs: listErrs,
		},
		{
			method: http.MethodGet, path: "/applications/{id}", id: "getApplication", tag: "applications",
			summary: "One application",
			desc:    "Its candidate, the job's owner or an admin.",
			roles:   anyRole, params: []obj{idParam("application")},
			okCode: http.StatusOK, ok: jsonResponse("The application.", "Application"),
			errs: []int{http.StatusNotFound},
		},
		{
			method: http.MethodPatch, path: "/applications/{id}", id: "moveApplication", tag: "applications",
			summary: "Move an application through the pipeline",
			desc: "applied → screening → interview → offer → hired; stages may be skipped forward, never moved back. " +
				"The job's owner (or an admin) moves it forward or rejects it; its candidate may only withdraw it. hired, rejected and withdrawn are final. An illegal move is a 409.",
			roles: anyRole, params: []obj{idParam("application")}, body: jsonBody("UpdateApplicationRequest"),
			okCode: http.StatusOK, ok: jsonResponse("The moved application.", "Application"),
			errs: errsOf(jsonErrs, []int{http.StatusNotFound, http.StatusConflict}),
		},
		{
			method: http.MethodPost, path: "/applications/{id}/notes", id: "addNote", tag: "applications",
			summary: "Add a private note",
			desc:    "Only the job's owner or an admin. Candidates never see notes.",
			roles:   roles(hiregate.RoleRecruiter, hiregate.RoleAdmin), params: []obj{idParam("application")}, body: jsonBody("CreateNoteRequest"),
			okCode: http.StatusCreated, ok: jsonResponse("The new note.", "Note"),
			errs: errsOf(jsonErrs, []int{http.StatusNotFound}),
		},
		{
			method: http.MethodGet, path: "/applications/{id}/notes", id: "listNotes", tag: "applications",
			summary: "An application's notes",
			desc:    "Only the job's owner or an admin.",
			roles:   roles(hiregate.RoleRecruiter, hiregate.RoleAdmin),
			params:  append([]obj{idParam("application")}, pageParams()...),
			okCode:  http.StatusOK, ok: jsonResponse("A page of notes.", "NoteList"),
			errs: errsOf(listErrs, []int{http.StatusNotFound}),
		},

		// Operations.
		{
			method: http.MethodGet, path: "/healthz", id: "healthz", tag: "operations",
			summary: "Liveness: the process serves",
			okCode:  http.StatusOK, ok: jsonResponse("Serving.", "Health"),
		},
		{
			method: http.MethodGet, path: "/readyz", id: "readyz", tag: "operations",
			summary: "Readiness: the database answers",
			okCode:  http.StatusOK, ok: jsonResponse("Ready.", "Health"),
			errs: []int{http.StatusServiceUnavailable},
		},
		{
			method: http.MethodGet, path: "/openapi.json", id: "openapi", tag: "operations",
			summary: "This document",
			okCode:  http.StatusOK,
			ok:      obj{"description": "The OpenAPI document.", "content": obj{"application/json": obj{"schema": obj{"type": "object"}}}},
		},
		{
			method: http.MethodGet, path: "/docs", id: "docs", tag: "operations",
			summary: "Swagger UI",
			okCode:  http.StatusOK,
			ok:      obj{"description": "The Swagger UI page.", "content": obj{"text/html": obj{}}},
		},
		{
			method: http.MethodGet, path: "/docs/{asset}", id: "docsAsset", tag: "operations",
			summary: "Swagger UI's scripts, styles and icons",
			params:  []obj{{"name": "asset", "in": "path", "required": true, "schema": obj{"type": "string"}}},
			okCode:  http.StatusOK,
			ok: obj{"description": "The file.", "content": obj{
				"text/javascript": obj{}, "text/css": obj{}, "text/plain": obj{}, "image/png": obj{},
			}},
			errs: []int{http.StatusNotModified, http.StatusNotFound},
		},
		{
			method: http.MethodGet, path: "/.well-known/jwks.json", id: "jwks", tag: "operations",
			summary: "Public keys of the token signer",
			desc:    "Holds keys only when tokens are signed with an asymmetric algorithm.",
			okCode:  http.StatusOK,
			ok:      jsonResponse("The JSON Web Key Set.", "JWKS"),
			errs:    []int{http.StatusNotFound},
		},
	}
}

func roles(r ...hiregate.Role) []hiregate.Role { return r }

func enumOf[T ~string](vs ...T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func header(desc string, required bool) obj {
	return obj{"description": desc, "required": required, "schema": obj{"type": "string"}}
}

func query(name, desc string, schema obj) obj {
	return obj{"name": name, "in": "query", "description": desc, "schema": schema}
}

func pageParams() []obj {
	return []obj{
		query("limit", "Page size.", obj{"type": "integer", "minimum": 1, "maximum": hiregate.MaxPageLimit, "default": hiregate.DefaultPageLimit}),
		query("cursor", "The `next_cursor` of the previous page.", obj{"type": "string"}),
	}
}

func jsonBody(schema string) obj {
	return obj{"required": true, "content": obj{"application/json": obj{"schema": ref(schema)}}}
}

func jsonResponse(desc, schema string) obj {
	return obj{"description": desc, "content": obj{"application/json": obj{"schema": ref(schema)}}}
}

func formBody() obj {
	return obj{"required": true, "content": obj{"application/x-www-form-urlencoded": obj{"schema": ref("TokenRequest")}}}
}

// errorResponses are the shared error responses, by status.
var errorResponses = map[int]struct{ name, desc string }{
	http.StatusBadRequest:            {"BadRequest", "Malformed JSON or form, or a parameter of the wrong type. The token endpoint adds an OAuth2 `error` (`invalid_request`, `unsupported_grant_type`)."},
	http.StatusUnauthorized:          {"Unauthorized", "No token, or a bad, expired or revoked one; at the token endpoint, bad credentials (`error`: `invalid_grant`)."},
	http.StatusForbidden:             {"Forbidden", "The caller's role may not use this route."},
	http.StatusNotFound:              {"NotFound", "Missing, or not visible to the caller."},
	http.StatusConflict:              {"Conflict", "Duplicate, illegal status change or closed job."},
	http.StatusRequestEntityTooLarge: {"TooLarge", "The body is over 1 MiB."},
	http.StatusUnsupportedMediaType:  {"UnsupportedMediaType", "Wrong content type."},
	http.StatusUnprocessableEntity:   {"Invalid", "Well formed but invalid: missing, too long or unknown fields. `fields` says which."},
	http.StatusTooManyRequests:       {"Throttled", "Too many attempts; retry after `Retry-After` seconds."},
	http.StatusInternalServerError:   {"Internal", "An unexpected failure; the detail is always \"Internal error\"."},
	http.StatusServiceUnavailable:    {"Unavailable", "A dependency (the database) does not answer."},
}

func components() obj {
	responses := obj{}
	for code, r := range errorResponses {
		resp := obj{"description": r.desc, "content": obj{"application/json": obj{"schema": ref("Error")}}}
		switch code {
		case http.StatusUnauthorized:
			resp["headers"] = obj{"WWW-Authenticate": header("`Bearer`, or `Bearer error=\"invalid_token\"` when a token was sent and rejected (RFC 6750).", true)}
		case http.StatusTooManyRequests:
			resp["headers"] = obj{"Retry-After": header("Seconds to wait.", true)}
		}
		responses[r.name] = resp
	}
	responses["NotModified"] = obj{"description": "The cached copy is current."}
	return obj{
		"securitySchemes": obj{
			SecurityScheme: obj{
				"type":        "oauth2",
				"description": "Sign in with the password flow: username is the email. Swagger UI's Authorize button does this for you.",
				"flows": obj{"password": obj{
					"tokenUrl":   "/auth/login",
					"refreshUrl": "/auth/login",
					"scopes":     obj{},
				}},
			},
		},
		"responses": responses,
		"schemas":   schemas(),
	}
}

func build() obj {
	paths := obj{}
	for _, op := range table() {
		item, _ := paths[op.path].(obj)
		if item == nil {
			item = obj{}
			paths[op.path] = item
		}
		item[strings.ToLower(op.method)] = op.toOpenAPI()
	}
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":       "hiregate",
			"version":     "1",
			"description": "hiregate's HTTP API. JSON in and out, except the token endpoint (form). Errors are `{\"detail\": ...}`, with `fields` on a 422. Lists take `limit` and `cursor` and answer `{\"items\", \"next_cursor\"}`.",
		},
		"tags": []obj{
			{"name": "auth"}, {"name": "users"}, {"name": "admin"}, {"name": "jobs"},
			{"name": "applications"}, {"name": "operations"},
		},
		"paths":      paths,
		"components": components(),
	}
}

func (op operation) toOpenAPI() obj {
	desc := op.desc
	o := obj{
		"operationId": op.id,
		"tags":        []string{op.tag},
		"summary":     op.summary,
	}
	responses := obj{strconv.Itoa(op.okCode): op.ok}
	codes := append([]int(nil), op.errs...)
	if op.roles != nil {
		o["security"] = []obj{{SecurityScheme: []string{}}}
		o["x-required-roles"] = enumOf(op.roles...)
		names := make([]string, len(op.roles))
		for i, r := range op.roles {
			names[i] = string(r)
		}
		desc = strings.TrimSpace(fmt.Sprintf("**Roles:** %s.\n\n%s", strings.Join(names, ", "), desc))
		codes = append(codes, http.StatusUnauthorized)
		if len(op.roles) < len(hiregate.Roles) {
			codes = append(codes, http.StatusForbidden)
		}
	}
	codes = append(codes, http.StatusInternalServerError)
	for _, c := range codes {
		if c == http.StatusNotModified {
			responses[strconv.Itoa(c)] = obj{"$ref": "#/components/responses/NotModified"}
			continue
		}
		responses[strconv.Itoa(c)] = obj{"$ref": "#/components/responses/" + errorResponses[c].name}
	}
	o["responses"] = responses
	if desc != "" {
		o["description"] = desc
	}
	if len(op.params) > 0 {
		o["parameters"] = op.params
	}
	if op.body != nil {
		o["requestBody"] = op.body
	}
	return o
}

var spec = func() []byte {
	b, err := json.MarshalIndent(build(), "", "  ")
	if err != nil {
		panic(fmt.Sprintf("apidoc: marshal the document: %v", err))
	}
	return b
}()

// Spec returns the OpenAPI 3.0.3 document as JSON.
func Spec() []byte { return append([]byte(nil), spec...) }

// Route is one method and path, the path in gin syntax (/jobs/:id).
type Route struct{ Method, Path string }

func (r Route) String() string { return r.Method + " " + r.Path }

// Operations lists every documented operation, sorted by path then method.
func Operations() []Route {
	var out []Route
	for _, op := range table() {
		out = append(out, Route{Method: op.method, Path: GinPath(op.path)})
	}
	sortRoutes(out)
	return out
}

// GinPath converts an OpenAPI path template (/jobs/{id}) to gin's syntax
// (/jobs/:id).
func GinPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = ":" + s[1:len(s)-1]
		}
	}
	return strings.Join(segs, "/")
}

func sortRoutes(rs []Route) {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Path != rs[j].Path {
			return rs[i].Path < rs[j].Path
		}
		return rs[i].Method < rs[j].Method
	})
}
