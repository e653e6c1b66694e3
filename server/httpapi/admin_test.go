package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestAdminUsers(t *testing.T) {
	e := newEnv(t)
	adm, admin := e.user(hiregate.RoleAdmin, "admin@example.com")
	_, cand := e.user(hiregate.RoleCandidate, "cand@example.com")
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")

	u, err := admin.CreateUser(bg, hiregate.CreateUserRequest{Email: "New.Rec@Example.com", Password: testPassword, FullName: "New Recruiter", Role: hiregate.RoleRecruiter})
	wantOK(t, "CreateUser", err)
	if u.Role != hiregate.RoleRecruiter || u.Email != "new.rec@example.com" {
		t.Errorf("CreateUser = %+v", u)
	}
	for _, tt := range []struct {
		name string
		c    clientT
		req  hiregate.CreateUserRequest
		code string
	}{
		{"ErrCandidate", cand, hiregate.CreateUserRequest{Email: "x@example.com", Password: testPassword, FullName: "X", Role: "admin"}, hiregate.EFORBIDDEN},
		{"ErrRecruiter", rec, hiregate.CreateUserRequest{Email: "x@example.com", Password: testPassword, FullName: "X", Role: "admin"}, hiregate.EFORBIDDEN},
		{"ErrDuplicate", admin, hiregate.CreateUserRequest{Email: "cand@example.com", Password: testPassword, FullName: "X", Role: "admin"}, hiregate.ECONFLICT},
		{"ErrRole", admin, hiregate.CreateUserRequest{Email: "y@example.com", Password: testPassword, FullName: "Y", Role: "root"}, hiregate.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.c.CreateUser(bg, tt.req)
			wantCode(t, "CreateUser", err, tt.code)
		})
	}
	resp := e.raw("POST", "/admin/users", "application/json", tokenOf(cand), strings.NewReader(`{}`))
	var body hiregate.ErrorBody
	json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != 403 || body.Detail != "Access denied. Requires role: admin" {
		t.Errorf("candidate POST /admin/users = %d %q, want 403 Access denied. Requires role: admin", resp.StatusCode, body.Detail)
	}

	l, err := admin.ListUsers(bg, hiregate.UserFilter{Role: hiregate.RoleRecruiter})
	wantOK(t, "ListUsers role", err)
	if len(l.Items) != 2 {
		t.Errorf("recruiters = %d, want 2", len(l.Items))
	}
	l, err = admin.ListUsers(bg, hiregate.UserFilter{Q: "new.rec"})
	wantOK(t, "ListUsers q", err)
	if len(l.Items) != 1 || l.Items[0].ID != u.ID {
		t.Errorf("search = %+v, want the new recruiter", l.Items)
	}
	l, err = admin.ListUsers(bg, hiregate.UserFilter{Limit: 2})
	wantOK(t, "ListUsers page", err)
	if len(l.Items) != 2 || l.NextCursor == nil {
		t.Errorf("page = %d (next %v), want 2 and a cursor", len(l.Items), l.NextCursor)
	}
	if s := e.raw("GET", "/admin/users?role=root", "", tokenOf(admin), nil).StatusCode; s != 422 {
		t.Errorf("role=root: %d, want 422", s)
	}

	t.Run("Update", func(t *testing.T) {
		_, err := admin.UpdateUser(bg, adm.ID, hiregate.UpdateUserRequest{Active: ptr(false)})
		if c := hiregate.ErrorCode(err); c != hiregate.ECONFLICT && c != hiregate.EINVALID {
			t.Errorf("self-deactivate: %v, want 409 or 422", err)
		}
		_, err = admin.UpdateUser(bg, adm.ID, hiregate.UpdateUserRequest{Role: ptr(hiregate.RoleRecruiter)})
		if c := hiregate.ErrorCode(err); c != hiregate.ECONFLICT && c != hiregate.EINVALID {
			t.Errorf("self-demote: %v, want 409 or 422", err)
		}
		_, err = admin.UpdateUser(bg, "missing", hiregate.UpdateUserRequest{Active: ptr(false)})
		wantCode(t, "missing user", err, hiregate.ENOTFOUND)
		_, err = admin.UpdateUser(bg, u.ID, hiregate.UpdateUserRequest{})
		wantCode(t, "empty update", err, hiregate.EINVALID)
		_, err = admin.UpdateUser(bg, u.ID, hiregate.UpdateUserRequest{Password: ptr("short")})
		wantCode(t, "short password", err, hiregate.EINVALID)
		got, err := admin.UpdateUser(bg, u.ID, hiregate.UpdateUserRequest{Active: ptr(false)})
		wantOK(t, "deactivate", err)
		if got.Active {
			t.Error("deactivated user is still active")
		}
		_, err = e.client().Login(bg, "new.rec@example.com", testPassword)
		wantCode(t, "login deactivated", err, hiregate.EUNAUTHORIZED)
		resp := e.raw("PATCH", "/admin/users/"+u.ID, "application/json", tokenOf(admin), strings.NewReader(`{"email":"x@example.com"}`))
		if resp.StatusCode != 422 {
			t.Errorf("unknown field email: %d, want 422", resp.StatusCode)
		}
	})

	t.Run("Audit", func(t *testing.T) {
		e.clock.Advance(time.Second) // newest first needs distinct times
		e.client().Login(bg, "cand@example.com", "guess-12345")
		ev, err := admin.Audit(bg, hiregate.AuditFilter{Type: hiregate.AuditLoginFailed})
		wantOK(t, "Audit", err)
		if len(ev.Items) == 0 || ev.Items[0].Email != "cand@example.com" {
			t.Fatalf("login_failed events = %+v, want the failed login", ev.Items)
		}
		for _, typ := range []hiregate.AuditType{hiregate.AuditForbidden, hiregate.AuditDeactivated, hiregate.AuditLoginOK} {
			ev, err := admin.Audit(bg, hiregate.AuditFilter{Type: typ})
			wantOK(t, "Audit "+string(typ), err)
			if len(ev.Items) == 0 {
				t.Errorf("no %s events", typ)
			}
			for i := 1; i < len(ev.Items); i++ {
				if ev.Items[i].At.After(ev.Items[i-1].At) {
					t.Errorf("audit not newest first at %d", i)
				}
			}
		}
		forb, err := admin.Audit(bg, hiregate.AuditFilter{Type: hiregate.AuditForbidden})
		wantOK(t, "Audit forbidden", err)
		for _, x := range forb.Items {
			if x.UserID == "" || x.Email == "" || x.Detail == "" {
				t.Errorf("forbidden event %+v lacks the user, email or route", x)
			}
		}
		ev, err = admin.Audit(bg, hiregate.AuditFilter{UserID: u.ID})
		wantOK(t, "Audit by user", err)
		for _, x := range ev.Items {
			if x.UserID != u.ID {
				t.Errorf("event of user %s in a filter for %s", x.UserID, u.ID)
			}
		}
		all, err := admin.Audit(bg, hiregate.AuditFilter{Limit: 100})
		wantOK(t, "Audit all", err)
		raw, _ := json.Marshal(all)
		if strings.Contains(string(raw), testPassword) || strings.Contains(string(raw), "guess-12345") {
			t.Error("audit log contains a password")
		}
		_, err = rec.Audit(bg, hiregate.AuditFilter{})
		wantCode(t, "recruiter Audit", err, hiregate.EFORBIDDEN)
		if s := e.raw("GET", "/admin/audit?type=nope", "", tokenOf(admin), nil).StatusCode; s != 422 {
			t.Errorf("type=nope: %d, want 422", s)
		}
	})
}

func TestOperations(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/healthz", "/readyz", "/.well-known/jwks.json", "/openapi.json"} {
		if s := e.raw("GET", path, "", "", nil).StatusCode; s != 200 {
			t.Errorf("GET %s = %d, want 200", path, s)
		}
	}
	var jwks struct {
		Keys []map[string]any `json:"keys"`
	}
	resp := e.raw("GET", "/.well-known/jwks.json", "", "", nil)
	if err := json.NewDecoder(resp.Body).Decode(&jwks); err != nil || len(jwks.Keys) == 0 {
		t.Fatalf("jwks = %+v (%v), want a key", jwks, err)
	}
	if _, ok := jwks.Keys[0]["d"]; ok {
		t.Fatal("jwks publishes the private key")
	}
	if s := e.raw("GET", "/nope", "", "", nil).StatusCode; s != 404 {
		t.Errorf("GET /nope = %d, want 404", s)
	}
	if s := e.raw("DELETE", "/jobs", "", "", nil).StatusCode; s != 405 {
		t.Errorf("DELETE /jobs = %d, want 405", s)
	}
	e.db.Close()
	if s := e.raw("GET", "/readyz", "", "", nil).StatusCode; s != 503 {
		t.Errorf("GET /readyz with the database closed = %d, want 503", s)
	}
}
