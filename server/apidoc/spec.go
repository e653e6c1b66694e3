package apidoc

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// obj is one JSON object of the document. The document is built from plain
// maps rather than kin-openapi's types so that what is served is exactly
// what is written here; the tests load it back with kin-openapi to check it.
type obj = Object

// Object is one JSON object of the document.
type Object = map[string]any

// SecurityScheme is the name of the OAuth2 password flow in the document.
const SecurityScheme = "OAuth2PasswordBearer"

// AnyRole marks a protected route every signed-in user may call.
var AnyRole = []hiregate.Role{hiregate.RoleCandidate, hiregate.RoleInterviewer, hiregate.RoleRecruiter, hiregate.RoleAdmin}

// Operation is one row of the route table: the single source of truth from
// which both the router (server/httpapi) and the OpenAPI document are built.
type Operation struct {
	Method  string
	Path    string // OpenAPI syntax: /jobs/{id}
	ID      string // operationId
	Tag     string
	Summary string
	Desc    string
	// Roles is nil for a public route; otherwise the roles that may call
	// it. The router enforces them (401, 403); ownership rules, when any,
	// are the service's and are told in Desc.
	Roles []hiregate.Role
	// EnrolmentOpen keeps a protected route open to a user whose role
	// must have a second factor they have not enrolled yet (the server's
	// --require-mfa): their account, its second factor and sessions, and
	// logging out. Every other protected route answers them 403
	// mfa_enrollment_required.
	EnrolmentOpen bool
	Params        []Object
	Body          Object // the requestBody object, nil when none
	// OKCode is the success status and OK its response object.
	OKCode int
	OK     Object
	// Errs lists the error statuses the route may answer besides 401/403,
	// which follow from Roles, and 500.
	Errs    []int
	Handler gin.HandlerFunc
	// MaxBody is the largest request body accepted (413 above it);
	// hiregate.MaxBodyBytes when 0.
	MaxBody int64
}

// JSONErrs are the failures of every route that takes a JSON body.
var JSONErrs = []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity}

// ListErrs are the failures of a list route's query parameters: 400 for a
// value of the wrong type, 422 for a well-typed but invalid one.
var ListErrs = []int{http.StatusBadRequest, http.StatusUnprocessableEntity}

// Errs joins lists of statuses.
func Errs(lists ...[]int) []int {
	var out []int
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// IDParam is the {id} path parameter of a route about one what.
func IDParam(what string) Object {
	return Object{"name": "id", "in": "path", "required": true, "description": "The " + what + "'s id (opaque).", "schema": Object{"type": "string", "minLength": 1}}
}

// Roles lists the roles of a restricted route.
func Roles(r ...hiregate.Role) []hiregate.Role { return r }

// EnumOf is an enum's values as the document holds them.
func EnumOf[T ~string](vs ...T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// Ref points at a component schema.
func Ref(name string) Object { return Object{"$ref": "#/components/schemas/" + name} }

// Header is a response header of type string.
func Header(desc string, required bool) Object {
	return Object{"description": desc, "required": required, "schema": Object{"type": "string"}}
}

// Query is a query parameter.
func Query(name, desc string, schema Object) Object {
	return Object{"name": name, "in": "query", "description": desc, "schema": schema}
}

// PageParams are ?limit= and ?cursor= of every list.
func PageParams() []Object {
	return []Object{
		Query("limit", "Page size.", Object{"type": "integer", "minimum": 1, "maximum": hiregate.MaxPageLimit, "default": hiregate.DefaultPageLimit}),
		Query("cursor", "The `next_cursor` of the previous page.", Object{"type": "string"}),
	}
}

// JSONBody is a required JSON request body of a component schema.
func JSONBody(schema string) Object {
	return Object{"required": true, "content": Object{"application/json": Object{"schema": Ref(schema)}}}
}

// JSONResponse is a JSON response of a component schema.
func JSONResponse(desc, schema string) Object {
	return Object{"description": desc, "content": Object{"application/json": Object{"schema": Ref(schema)}}}
}

// FormBody is the token endpoint's form body.
func FormBody() Object {
	return Object{"required": true, "content": Object{"application/x-www-form-urlencoded": Object{"schema": Ref("TokenRequest")}}}
}

// errorResponses are the shared error responses, by status.
var errorResponses = map[int]struct{ name, desc string }{
	http.StatusBadRequest:            {"BadRequest", "Malformed JSON or form, or a parameter of the wrong type. The token endpoint adds an OAuth2 `error` (`invalid_request`, `unsupported_grant_type`)."},
	http.StatusUnauthorized:          {"Unauthorized", "No token, or a bad, expired or revoked one; at the token endpoint, bad credentials (`error`: `invalid_grant`)."},
	http.StatusForbidden:             {"Forbidden", "The caller's role may not use this route; or (`error`: `mfa_enrollment_required`) the server requires the caller's role to have a second factor and the caller has not enrolled one yet. At the token endpoint, `error`: `mfa_required`: the password was right and the account has a second factor: finish with the mfa-otp grant and the `mfa_token`."},
	http.StatusNotFound:              {"NotFound", "Missing, or not visible to the caller."},
	http.StatusConflict:              {"Conflict", "Duplicate, illegal status change or closed job."},
	http.StatusRequestEntityTooLarge: {"TooLarge", "The body is over the limit: 1 MiB, or 5 MiB for a resume file."},
	http.StatusUnsupportedMediaType:  {"UnsupportedMediaType", "Wrong content type."},
	http.StatusUnprocessableEntity:   {"Invalid", "Well formed but invalid: missing, too long or unknown fields. `fields` says which."},
	http.StatusTooManyRequests:       {"Throttled", "Too many attempts; retry after `Retry-After` seconds."},
	http.StatusInternalServerError:   {"Internal", "An unexpected failure; the detail is always \"Internal error\"."},
	http.StatusServiceUnavailable:    {"Unavailable", "A dependency (the database) does not answer."},
}

func components() obj {
	responses := obj{}
	for code, r := range errorResponses {
		resp := obj{"description": r.desc, "content": obj{"application/json": obj{"schema": Ref("Error")}}}
		switch code {
		case http.StatusUnauthorized:
			resp["headers"] = obj{"WWW-Authenticate": Header("`Bearer`, or `Bearer error=\"invalid_token\"` when a token was sent and rejected (RFC 6750).", true)}
		case http.StatusTooManyRequests:
			resp["headers"] = obj{"Retry-After": Header("Seconds to wait.", true)}
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

// document is the OpenAPI document of ops.
func document(ops []Operation) obj {
	paths := obj{}
	for _, op := range ops {
		item, _ := paths[op.Path].(obj)
		if item == nil {
			item = obj{}
			paths[op.Path] = item
		}
		item[strings.ToLower(op.Method)] = op.toOpenAPI()
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
			{"name": "applications"}, {"name": "events"}, {"name": "reports"}, {"name": "operations"},
		},
		"paths":      paths,
		"components": components(),
	}
}

func (op Operation) toOpenAPI() obj {
	desc := op.Desc
	o := obj{
		"operationId": op.ID,
		"tags":        []string{op.Tag},
		"summary":     op.Summary,
	}
	responses := obj{strconv.Itoa(op.OKCode): op.OK}
	codes := append([]int(nil), op.Errs...)
	if op.Roles != nil {
		o["security"] = []obj{{SecurityScheme: []string{}}}
		o["x-required-roles"] = EnumOf(op.Roles...)
		names := make([]string, len(op.Roles))
		for i, r := range op.Roles {
			names[i] = string(r)
		}
		desc = strings.TrimSpace(fmt.Sprintf("**Roles:** %s.\n\n%s", strings.Join(names, ", "), desc))
		codes = append(codes, http.StatusUnauthorized)
		if len(op.Roles) < len(hiregate.Roles) || !op.EnrolmentOpen {
			codes = append(codes, http.StatusForbidden)
		}
		if op.EnrolmentOpen {
			o["x-mfa-enrollment-open"] = true
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
	if len(op.Params) > 0 {
		o["parameters"] = op.Params
	}
	if op.Body != nil {
		o["requestBody"] = op.Body
	}
	return o
}

// Build completes an API's route table with the documentation's own routes
// (GET /openapi.json, /docs and /docs/{asset}) and returns the whole table,
// those routes' handlers serving the returned document, and the document.
func Build(api []Operation) (all []Operation, spec []byte) {
	d := &docs{}
	all = append(append([]Operation(nil), api...), d.operations()...)
	spec, err := json.MarshalIndent(document(all), "", "  ")
	if err != nil {
		// Every value in the document is a map, slice, string or number.
		panic(fmt.Sprintf("apidoc: marshal the document: %v", err))
	}
	d.spec = newAsset("openapi.json", "application/json; charset=utf-8", cacheRevalidate, spec)
	return all, append([]byte(nil), spec...)
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
