package httpapi_test

import (
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestCreateUserAudited: POST /admin/users is in the audit log as
// user_created, naming the role, the admin and their address; a refused
// creation is not.
func TestCreateUserAudited(t *testing.T) {
	e := newEnv(t)
	_, admin := e.user(hiregate.RoleAdmin, "admin@example.com")
	u, err := admin.CreateUser(bg, hiregate.CreateUserRequest{Email: "rec@example.com", Password: testPassword, FullName: "Rec", Role: hiregate.RoleRecruiter})
	wantOK(t, "CreateUser", err)
	_, err = admin.CreateUser(bg, hiregate.CreateUserRequest{Email: "rec@example.com", Password: testPassword, FullName: "Again", Role: hiregate.RoleAdmin})
	wantCode(t, "CreateUser(duplicate)", err, hiregate.ECONFLICT)

	l, err := admin.Audit(bg, hiregate.AuditFilter{UserID: u.ID, Type: hiregate.AuditUserCreated})
	wantOK(t, "ListAudit", err)
	if len(l.Items) != 1 {
		t.Fatalf("user_created events of the new user = %+v, want one", l.Items)
	}
	got := l.Items[0]
	if got.Email != "rec@example.com" || got.Detail != "recruiter by admin admin@example.com" || got.IP != "127.0.0.1" {
		t.Errorf("user_created = %+v, want rec@example.com, \"recruiter by admin admin@example.com\", 127.0.0.1", got)
	}
}
