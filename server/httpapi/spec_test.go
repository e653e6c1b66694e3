package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/hiregate/hiregate/server/apidoc"
	"github.com/hiregate/hiregate/server/apidoc/apitest"
	"github.com/hiregate/hiregate/server/httpapi"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func mustLoad(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := apitest.Load(context.Background(), httpapi.Spec())
	if err != nil {
		t.Fatalf("Load() error = %v", err)
	}
	return doc
}

func TestSpecValidates(t *testing.T) {
	doc := mustLoad(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if !json.Valid(httpapi.Spec()) {
		t.Fatal("Spec() is not valid JSON")
	}
}

// documentedRoutes reads the routes back out of the loaded document.
func documentedRoutes(doc *openapi3.T) []apitest.Route {
	var out []apitest.Route
	for p, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			out = append(out, apitest.Route{Method: m, Path: apidoc.GinPath(p)})
		}
	}
	return out
}

var (
	any3      = []string{"candidate", "interviewer", "recruiter", "admin"}
	movers    = []string{"candidate", "recruiter", "admin"}
	staff     = []string{"interviewer", "recruiter", "admin"}
	recAdmin  = []string{"recruiter", "admin"}
	admin     = []string{"admin"}
	candidate = []string{"candidate"}
)

// contract is API.md's route list with the roles each route needs (nil:
// public). The document must hold exactly these.
var contract = []struct {
	method, path string
	roles        []string
}{
	{"POST", "/auth/register", nil},
	{"POST", "/auth/login", nil},
	{"POST", "/auth/logout", any3},
	{"POST", "/auth/logout-all", any3},
	{"GET", "/users/me", any3},
	{"POST", "/users/me/password", any3},
	{"GET", "/users/me/sessions", any3},
	{"DELETE", "/users/me/sessions/:id", any3},
	{"POST", "/users/me/mfa/totp", any3},
	{"POST", "/users/me/mfa/totp/confirm", any3},
	{"DELETE", "/users/me/mfa/totp", any3},
	{"GET", "/users/me/ssh-keys", any3},
	{"POST", "/users/me/ssh-keys", any3},
	{"DELETE", "/users/me/ssh-keys/:id", any3},
	{"POST", "/admin/users", admin},
	{"GET", "/admin/users", admin},
	{"PATCH", "/admin/users/:id", admin},
	{"DELETE", "/admin/users/:id/mfa", admin},
	{"GET", "/admin/users/:id/sessions", admin},
	{"DELETE", "/admin/users/:id/sessions", admin},
	{"DELETE", "/admin/users/:id/sessions/:session_id", admin},
	{"GET", "/admin/audit", admin},
	{"GET", "/admin/mail", admin},
	{"GET", "/admin/mail-templates", admin},
	{"PUT", "/admin/mail-templates/:name", admin},
	{"DELETE", "/admin/mail-templates/:name", admin},
	{"GET", "/jobs", any3},
	{"GET", "/jobs/:id", any3},
	{"POST", "/jobs", recAdmin},
	{"PATCH", "/jobs/:id", recAdmin},
	{"POST", "/jobs/:id/applications", candidate},
	{"GET", "/applications/my", candidate},
	{"GET", "/jobs/:id/applications", recAdmin},
	{"GET", "/applications/:id", any3},
	{"PATCH", "/applications/:id", movers},
	{"POST", "/applications/:id/notes", recAdmin},
	{"GET", "/applications/:id/notes", recAdmin},
	{"GET", "/applications/:id/messages", any3},
	{"POST", "/applications/:id/messages", any3},
	{"PUT", "/applications/:id/messages/read", any3},
	{"GET", "/messages/unread", any3},
	{"GET", "/events", any3},
	{"PUT", "/applications/:id/resume", candidate},
	{"GET", "/applications/:id/resume", any3},
	{"GET", "/reports/funnel", recAdmin},
	{"GET", "/skills", any3},
	{"POST", "/admin/skills", admin},
	{"GET", "/reports/impact", recAdmin},
	{"GET", "/users/me/export", any3},
	{"DELETE", "/users/me", any3},
	// Accounts by mail.
	{"POST", "/auth/password/forgot", nil},
	{"POST", "/auth/password/reset", nil},
	{"POST", "/auth/invitation/accept", nil},
	{"PATCH", "/users/me", any3},
	{"POST", "/users/me/email/verify", any3},
	{"POST", "/users/me/email/verify/resend", any3},
	{"GET", "/admin/mail", admin},
	{"GET", "/admin/mail-templates", admin},
	{"PUT", "/admin/mail-templates/:name", admin},
	{"DELETE", "/admin/mail-templates/:name", admin},
	{"GET", "/jobs/:id/team", staff},
	{"PUT", "/jobs/:id/team", recAdmin},
	{"GET", "/users/staff", recAdmin},
	{"GET", "/jobs/:id/scorecard", staff},
	{"PUT", "/jobs/:id/scorecard", recAdmin},
	{"POST", "/applications/:id/interviews", recAdmin},
	{"GET", "/applications/:id/interviews", any3},
	{"GET", "/interviews/my", any3},
	{"GET", "/interviews/:id", any3},
	{"PATCH", "/interviews/:id", recAdmin},
	{"DELETE", "/interviews/:id", recAdmin},
	{"GET", "/interviews/:id/calendar.ics", any3},
	{"PUT", "/interviews/:id/feedback", staff},
	{"GET", "/interviews/:id/feedback", staff},
	{"GET", "/applications/:id/feedback", staff},
	{"GET", "/users/me/demographics", candidate},
	{"PUT", "/users/me/demographics", candidate},
	{"GET", "/healthz", nil},
	{"GET", "/readyz", nil},
	{"GET", "/openapi.json", nil},
	{"GET", "/docs", nil},
	{"GET", "/docs/:asset", nil},
	{"GET", "/.well-known/jwks.json", nil},
}

func TestDocumentMatchesContract(t *testing.T) {
	doc := mustLoad(t)
	var want []apitest.Route
	for _, c := range contract {
		want = append(want, apitest.Route{Method: c.method, Path: c.path})
	}
	extra, missing := apitest.Diff(documentedRoutes(doc), want)
	if len(extra) > 0 || len(missing) > 0 {
		t.Errorf("document vs API.md: not in the contract %v, missing %v", extra, missing)
	}
	for _, c := range contract {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			op := findOp(t, doc, c.method, c.path)
			if op == nil {
				return
			}
			checkSecurity(t, op, c.roles, enrolmentOpen[c.method+" "+c.path])
		})
	}
}

// enrolmentOpen are the routes API.md keeps open to a user who must still
// enrol a second factor (--require-mfa): /users/me, its second-factor and
// sessions routes, and logging out.
var enrolmentOpen = map[string]bool{
	"GET /users/me":                   true,
	"POST /users/me/mfa/totp":         true,
	"POST /users/me/mfa/totp/confirm": true,
	"DELETE /users/me/mfa/totp":       true,
	"GET /users/me/sessions":          true,
	"DELETE /users/me/sessions/:id":   true,
	"POST /auth/logout":               true,
	"POST /auth/logout-all":           true,
}

func findOp(t *testing.T, doc *openapi3.T, method, ginPath string) *openapi3.Operation {
	t.Helper()
	for p, item := range doc.Paths.Map() {
		if apidoc.GinPath(p) == ginPath {
			if op := item.GetOperation(method); op != nil {
				return op
			}
		}
	}
	t.Errorf("%s %s is not documented", method, ginPath)
	return nil
}

func checkSecurity(t *testing.T, op *openapi3.Operation, roles []string, open bool) {
	t.Helper()
	var got []string
	if raw, ok := op.Extensions["x-required-roles"]; ok {
		for _, r := range raw.([]any) {
			got = append(got, r.(string))
		}
	}
	if roles == nil {
		if op.Security != nil && len(*op.Security) > 0 {
			t.Errorf("public route has security %v", *op.Security)
		}
		if got != nil {
			t.Errorf("public route has x-required-roles %v", got)
		}
		if op.Responses.Value("401") != nil && op.OperationID != "login" {
			t.Error("public route documents a 401")
		}
		return
	}
	if op.Security == nil || len(*op.Security) != 1 {
		t.Fatalf("security = %v, want one OAuth2PasswordBearer requirement", op.Security)
	}
	if _, ok := (*op.Security)[0][apidoc.SecurityScheme]; !ok {
		t.Errorf("security = %v, want %s", *op.Security, apidoc.SecurityScheme)
	}
	if !slices.Equal(got, roles) {
		t.Errorf("x-required-roles = %v, want %v", got, roles)
	}
	for _, r := range roles {
		if !hiregate.Role(r).Valid() {
			t.Errorf("x-required-roles holds unknown role %q", r)
		}
	}
	if want := "**Roles:** " + strings.Join(roles, ", ") + "."; !strings.HasPrefix(op.Description, want) {
		t.Errorf("description = %q, want it to start with %q", op.Description, want)
	}
	if op.Responses.Value("401") == nil {
		t.Error("protected route does not document 401")
	}
	// A 403 comes from the role check or, on every route not open to
	// enrolment, from a second factor the caller's role requires.
	restricted := len(roles) < len(hiregate.Roles) || !open
	if got := op.Responses.Value("403") != nil; got != restricted {
		t.Errorf("403 documented = %v, want %v (roles %v, open to enrolment %v)", got, restricted, roles, open)
	}
	if got := op.Extensions["x-mfa-enrollment-open"] == true; got != open {
		t.Errorf("x-mfa-enrollment-open = %v, want %v", got, open)
	}
}

func TestSecurityScheme(t *testing.T) {
	doc := mustLoad(t)
	ref := doc.Components.SecuritySchemes[apidoc.SecurityScheme]
	if ref == nil || ref.Value == nil {
		t.Fatalf("no security scheme %s", apidoc.SecurityScheme)
	}
	s := ref.Value
	if s.Type != "oauth2" || s.Flows == nil || s.Flows.Password == nil {
		t.Fatalf("scheme = %+v, want oauth2 with a password flow", s)
	}
	if p := s.Flows.Password; p.TokenURL != "/auth/login" || p.RefreshURL != "/auth/login" {
		t.Errorf("password flow tokenUrl, refreshUrl = %q, %q, want /auth/login twice", p.TokenURL, p.RefreshURL)
	}
	if len(doc.Security) != 0 {
		t.Errorf("top-level security = %v, want none (it is per operation)", doc.Security)
	}
}

func TestTokenEndpointTakesForm(t *testing.T) {
	doc := mustLoad(t)
	op := findOp(t, doc, "POST", "/auth/login")
	if op == nil {
		return
	}
	if op.RequestBody.Value.Content.Get("application/json") != nil {
		t.Error("token endpoint documents a JSON body")
	}
	mt := op.RequestBody.Value.Content.Get("application/x-www-form-urlencoded")
	if mt == nil {
		t.Fatal("token endpoint does not take application/x-www-form-urlencoded")
	}
	props := mt.Schema.Value.Properties
	for _, f := range []string{"grant_type", "username", "password", "refresh_token", "mfa_token", "otp", "public_key", "scope", "client_id", "client_secret"} {
		if props[f] == nil {
			t.Errorf("token form lacks %q", f)
		}
	}
	if got := mt.Schema.Value.Properties["grant_type"].Value.Enum; !reflect.DeepEqual(got, []any{hiregate.GrantPassword, hiregate.GrantRefreshToken, hiregate.GrantMFAOTP, hiregate.GrantSSHKey}) {
		t.Errorf("grant_type enum = %v", got)
	}
	if op.Responses.Value("403") == nil {
		t.Error("login does not document the 403 mfa_required")
	}
	for code, hdr := range map[string]string{"200": "Cache-Control", "401": "WWW-Authenticate", "429": "Retry-After"} {
		r := op.Responses.Value(code)
		if r == nil || r.Value.Headers[hdr] == nil {
			t.Errorf("login %s does not document header %s", code, hdr)
		}
	}
}

// goTypes maps each component schema to the shared type it documents. The
// check runs both ways: every JSON field of the type is a property and every
// property is a field.
var goTypes = map[string]struct {
	typ     any
	request bool
}{
	"Error":                    {hiregate.ErrorBody{}, false},
	"TokenResponse":            {hiregate.TokenResponse{}, false},
	"User":                     {hiregate.User{}, false},
	"UserRef":                  {hiregate.UserRef{}, false},
	"Session":                  {hiregate.Session{}, false},
	"AuditEvent":               {hiregate.AuditEvent{}, false},
	"Job":                      {hiregate.Job{}, false},
	"JobRef":                   {hiregate.JobRef{}, false},
	"Application":              {hiregate.Application{}, false},
	"CandidateRef":             {hiregate.CandidateRef{}, false},
	"HistoryEntry":             {hiregate.HistoryEntry{}, false},
	"Note":                     {hiregate.Note{}, false},
	"EventData":                {hiregate.EventData{}, false},
	"UserList":                 {hiregate.List[hiregate.User]{}, false},
	"SessionList":              {hiregate.List[hiregate.Session]{}, false},
	"SSHKey":                   {hiregate.SSHKey{}, false},
	"SSHKeyList":               {hiregate.List[hiregate.SSHKey]{}, false},
	"AddSSHKeyRequest":         {hiregate.AddSSHKeyRequest{}, true},
	"AuditList":                {hiregate.List[hiregate.AuditEvent]{}, false},
	"JobList":                  {hiregate.List[hiregate.Job]{}, false},
	"ApplicationList":          {hiregate.List[hiregate.Application]{}, false},
	"NoteList":                 {hiregate.List[hiregate.Note]{}, false},
	"RegisterRequest":          {hiregate.RegisterRequest{}, true},
	"CreateUserRequest":        {hiregate.CreateUserRequest{}, true},
	"UpdateUserRequest":        {hiregate.UpdateUserRequest{}, true},
	"ChangePasswordRequest":    {hiregate.ChangePasswordRequest{}, true},
	"CreateJobRequest":         {hiregate.CreateJobRequest{}, true},
	"UpdateJobRequest":         {hiregate.UpdateJobRequest{}, true},
	"CreateApplicationRequest": {hiregate.CreateApplicationRequest{}, true},
	"UpdateApplicationRequest": {hiregate.UpdateApplicationRequest{}, true},
	"CreateNoteRequest":        {hiregate.CreateNoteRequest{}, true},
	"TOTPEnrollment":           {hiregate.TOTPEnrollment{}, false},
	"RecoveryCodes":            {hiregate.RecoveryCodes{}, false},
	"CodeRequest":              {hiregate.CodeRequest{}, true},
	"Resume":                   {hiregate.Resume{}, false},
	"Match":                    {hiregate.Match{}, false},
	"Funnel":                   {hiregate.Funnel{}, false},
	"Skill":                    {hiregate.Skill{}, false},
	"SkillFound":               {hiregate.SkillFound{}, false},
	"SkillImport":              {hiregate.SkillImport{}, false},
	"JobSkills":                {hiregate.JobSkills{}, true},
	"ImpactReport":             {hiregate.ImpactReport{}, false},
	"ImpactCategory":           {hiregate.ImpactCategory{}, false},
	"ImpactGroup":              {hiregate.ImpactGroup{}, false},
	"FunnelStage":              {hiregate.FunnelStage{}, false},
	"Conversion":               {hiregate.Conversion{}, false},
	"WeekCount":                {hiregate.WeekCount{}, false},
	"Export":                   {hiregate.Export{}, false},
	"Demographics":             {hiregate.Demographics{}, false},
	"DemographicsRequest":      {hiregate.DemographicsRequest{}, true},
	"EraseAccountRequest":      {hiregate.EraseAccountRequest{}, true},
	// Accounts by mail.
	"VerifyEmailRequest":      {hiregate.VerifyEmailRequest{}, true},
	"ForgotPasswordRequest":   {hiregate.ForgotPasswordRequest{}, true},
	"ResetPasswordRequest":    {hiregate.ResetPasswordRequest{}, true},
	"AcceptInvitationRequest": {hiregate.AcceptInvitationRequest{}, true},
	"UpdateMeRequest":         {hiregate.UpdateMeRequest{}, true},
	"Accepted":                {hiregate.Accepted{}, false},
	"MailItem":                {hiregate.MailItem{}, false},
	"MailList":                {hiregate.List[hiregate.MailItem]{}, false},
	"MailTemplate":            {hiregate.MailTemplate{}, false},
	"MailTemplateList":        {hiregate.List[hiregate.MailTemplate]{}, false},
	"MailTemplateInput":       {hiregate.MailTemplateInput{}, true},
	"Message":                 {hiregate.Message{}, false},
	"MessageAuthor":           {hiregate.MessageAuthor{}, false},
	"MessageList":             {hiregate.List[hiregate.Message]{}, false},
	"CreateMessageRequest":    {hiregate.CreateMessageRequest{}, true},
	"MarkReadRequest":         {hiregate.MarkReadRequest{}, true},
	"UnreadCounts":            {hiregate.UnreadCounts{}, false},
	"UnreadCount":             {hiregate.UnreadCount{}, false},
	"Team":                    {hiregate.Team{}, false},
	"TeamMember":              {hiregate.TeamMember{}, false},
	"TeamMemberInput":         {hiregate.TeamMemberInput{}, true},
	"PutTeamRequest":          {hiregate.PutTeamRequest{}, true},
	"StaffUser":               {hiregate.StaffUser{}, false},
	"StaffUserList":           {hiregate.List[hiregate.StaffUser]{}, false},
	"Interview":               {hiregate.Interview{}, false},
	"InterviewConflict":       {hiregate.InterviewConflict{}, false},
	"InterviewList":           {hiregate.List[hiregate.Interview]{}, false},
	"CreateInterviewRequest":  {hiregate.CreateInterviewRequest{}, true},
	"UpdateInterviewRequest":  {hiregate.UpdateInterviewRequest{}, true},
	"Criterion":               {hiregate.Criterion{}, false},
	"Scorecard":               {hiregate.Scorecard{}, false},
	"PutScorecardRequest":     {hiregate.PutScorecardRequest{}, true},
	"Feedback":                {hiregate.Feedback{}, false},
	"FeedbackRequest":         {hiregate.FeedbackRequest{}, true},
	"ApplicationFeedback":     {hiregate.ApplicationFeedback{}, false},
}

// jsonFields returns the type's JSON field names and those always present
// (no omitempty).
func jsonFields(typ reflect.Type) (all, always []string) {
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		all = append(all, name)
		if !strings.Contains(opts, "omitempty") {
			always = append(always, name)
		}
	}
	sort.Strings(all)
	sort.Strings(always)
	return all, always
}

func TestSchemasMatchGoTypes(t *testing.T) {
	doc := mustLoad(t)
	for name, g := range goTypes {
		t.Run(name, func(t *testing.T) {
			ref := doc.Components.Schemas[name]
			if ref == nil {
				t.Fatalf("schema %s is missing", name)
			}
			s := ref.Value
			var props []string
			for p := range s.Properties {
				props = append(props, p)
			}
			sort.Strings(props)
			all, always := jsonFields(reflect.TypeOf(g.typ))
			if !slices.Equal(props, all) {
				t.Errorf("properties = %v, want the Go fields %v", props, all)
			}
			closed := s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has
			if closed != g.request {
				t.Errorf("additionalProperties false = %v, want %v", closed, g.request)
			}
			if g.request {
				return
			}
			// A response field the Go type always writes is required, and
			// an omitempty one is not: clients must cope with its absence.
			req := slices.Clone(s.Required)
			sort.Strings(req)
			if !slices.Equal(req, always) {
				t.Errorf("required = %v, want %v", req, always)
			}
		})
	}
	// Every schema is checked against a type, except the ones with none.
	for name := range doc.Components.Schemas {
		if _, ok := goTypes[name]; !ok && !slices.Contains([]string{"TokenRequest", "Health", "JWKS", "ApplyForm", "MailTemplateList", "SkillList"}, name) {
			t.Errorf("schema %s has no Go type in the test", name)
		}
	}
}

func enumStrings(t *testing.T, doc *openapi3.T, schema, prop string) []string {
	t.Helper()
	s := doc.Components.Schemas[schema].Value.Properties[prop]
	if s == nil {
		t.Fatalf("%s.%s is missing", schema, prop)
	}
	var out []string
	for _, v := range s.Value.Enum {
		out = append(out, v.(string))
	}
	return out
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func TestEnums(t *testing.T) {
	doc := mustLoad(t)
	tests := []struct {
		schema, prop string
		want         []string
	}{
		{"User", "role", strs(hiregate.Roles)},
		{"CreateUserRequest", "role", strs(hiregate.Roles)},
		{"UpdateUserRequest", "role", strs(hiregate.Roles)},
		{"Application", "status", strs(hiregate.Stages)},
		{"HistoryEntry", "status", strs(hiregate.Stages)},
		{"UpdateApplicationRequest", "status", strs(hiregate.Stages)},
		{"Job", "status", []string{"open", "closed"}},
		{"UpdateJobRequest", "status", []string{"open", "closed"}},
		{"Job", "employment_type", strs(hiregate.EmploymentTypes)},
		{"CreateJobRequest", "employment_type", strs(hiregate.EmploymentTypes)},
		{"UpdateJobRequest", "employment_type", strs(hiregate.EmploymentTypes)},
		{"AuditEvent", "type", strs(hiregate.AuditTypes)},
	}
	for _, tt := range tests {
		if got := enumStrings(t, doc, tt.schema, tt.prop); !slices.Equal(got, tt.want) {
			t.Errorf("%s.%s enum = %v, want %v", tt.schema, tt.prop, got, tt.want)
		}
	}
	queryEnums := []struct {
		method, path, param string
		want                []string
	}{
		{"GET", "/jobs", "status", []string{"open", "closed"}},
		{"GET", "/jobs/:id/applications", "status", strs(hiregate.Stages)},
		{"GET", "/admin/users", "role", strs(hiregate.Roles)},
		{"GET", "/admin/audit", "type", strs(hiregate.AuditTypes)},
	}
	for _, tt := range queryEnums {
		op := findOp(t, doc, tt.method, tt.path)
		p := op.Parameters.GetByInAndName("query", tt.param)
		if p == nil {
			t.Errorf("%s %s has no ?%s", tt.method, tt.path, tt.param)
			continue
		}
		var got []string
		for _, v := range p.Schema.Value.Enum {
			got = append(got, v.(string))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s %s ?%s enum = %v, want %v", tt.method, tt.path, tt.param, got, tt.want)
		}
	}
}

func TestLimits(t *testing.T) {
	doc := mustLoad(t)
	tests := []struct {
		schema, prop string
		min, max     int
	}{
		{"RegisterRequest", "email", 1, hiregate.MaxEmailLen},
		{"RegisterRequest", "password", hiregate.MinPasswordLen, hiregate.MaxPasswordBytes},
		{"RegisterRequest", "full_name", 1, hiregate.MaxFullNameLen},
		{"CreateUserRequest", "password", hiregate.MinPasswordLen, hiregate.MaxPasswordBytes},
		{"UpdateUserRequest", "password", hiregate.MinPasswordLen, hiregate.MaxPasswordBytes},
		{"ChangePasswordRequest", "new_password", hiregate.MinPasswordLen, hiregate.MaxPasswordBytes},
		{"CreateJobRequest", "title", 1, hiregate.MaxJobTitleLen},
		{"CreateJobRequest", "description", 0, hiregate.MaxJobDescriptionLen},
		{"CreateJobRequest", "location", 0, hiregate.MaxJobLocationLen},
		{"UpdateJobRequest", "title", 1, hiregate.MaxJobTitleLen},
		{"UpdateJobRequest", "description", 0, hiregate.MaxJobDescriptionLen},
		{"UpdateJobRequest", "location", 0, hiregate.MaxJobLocationLen},
		{"CreateApplicationRequest", "cover_letter", 0, hiregate.MaxCoverLetterLen},
		{"CreateApplicationRequest", "resume_text", 0, hiregate.MaxResumeLen},
		{"CreateNoteRequest", "body", 1, hiregate.MaxNoteLen},
		{"CreateMessageRequest", "body", 1, hiregate.MaxMessageLen},
	}
	for _, tt := range tests {
		s := doc.Components.Schemas[tt.schema].Value.Properties[tt.prop].Value
		if s.MaxLength == nil {
			t.Errorf("%s.%s has no maxLength, want %d", tt.schema, tt.prop, tt.max)
			continue
		}
		if int(*s.MaxLength) != tt.max || int(s.MinLength) != tt.min {
			t.Errorf("%s.%s length = [%d, %d], want [%d, %d]", tt.schema, tt.prop, s.MinLength, *s.MaxLength, tt.min, tt.max)
		}
	}
	for _, schema := range []string{"CreateJobRequest", "UpdateJobRequest"} {
		for _, prop := range []string{"salary_min", "salary_max"} {
			s := doc.Components.Schemas[schema].Value.Properties[prop].Value
			if s.Min == nil || *s.Min != 0 || s.Max == nil || *s.Max != hiregate.MaxSalary {
				t.Errorf("%s.%s range = [%v, %v], want [0, %d]", schema, prop, s.Min, s.Max, hiregate.MaxSalary)
			}
		}
	}
	for _, route := range []string{"/jobs", "/admin/users", "/admin/audit", "/applications/my", "/jobs/:id/applications", "/applications/:id/notes"} {
		op := findOp(t, doc, "GET", route)
		p := op.Parameters.GetByInAndName("query", "limit")
		if p == nil || p.Schema.Value.Max == nil || *p.Schema.Value.Max != hiregate.MaxPageLimit || p.Schema.Value.Default != float64(hiregate.DefaultPageLimit) {
			t.Errorf("GET %s ?limit is missing or not 1..%d default %d", route, hiregate.MaxPageLimit, hiregate.DefaultPageLimit)
		}
		if op.Parameters.GetByInAndName("query", "cursor") == nil {
			t.Errorf("GET %s has no ?cursor", route)
		}
	}
}

// Every error response is the contract's error body, and every operation
// documents its success and 500.
func TestResponses(t *testing.T) {
	doc := mustLoad(t)
	for p, item := range doc.Paths.Map() {
		for m, op := range item.Operations() {
			var success bool
			for code, r := range op.Responses.Map() {
				n, err := strconv.Atoi(code)
				if err != nil {
					t.Errorf("%s %s: response %q is not a status", m, p, code)
					continue
				}
				if n < 400 {
					success = success || n < 300
					continue
				}
				mt := r.Value.Content.Get("application/json")
				if mt == nil || mt.Schema.Ref != "#/components/schemas/Error" {
					t.Errorf("%s %s: %d is not an Error body", m, p, n)
				}
				if n == http.StatusUnauthorized && r.Value.Headers["WWW-Authenticate"] == nil {
					t.Errorf("%s %s: 401 without WWW-Authenticate", m, p)
				}
			}
			if !success || op.Responses.Value("500") == nil {
				t.Errorf("%s %s: want a 2xx and a 500 response", m, p)
			}
			if op.RequestBody != nil && op.OperationID != "login" {
				for _, code := range []string{"400", "413", "415", "422"} {
					if op.Responses.Value(code) == nil {
						t.Errorf("%s %s takes a body but does not document %s", m, p, code)
					}
				}
			}
		}
	}
}
