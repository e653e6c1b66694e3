package httpapi_test

import (
	"context"

	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestAdminUserSessions: an admin sees a user's sessions and ends one or
// all of them without deactivating the account; both are audited, nobody
// else may, and a session ended this way stops working at once.
func TestAdminUserSessions(t *testing.T) {
	e := newEnv(t)
	u, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	laptop := e.login("rec@example.com")
	admUser, adm := e.user(hiregate.RoleAdmin, "admin@example.com")

	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"list by recruiter", func() error { _, err := rec.UserSessions(bg, u.ID); return err }(), hiregate.EFORBIDDEN},
		{"revoke by recruiter", rec.RevokeUserSessions(bg, admUser.ID), hiregate.EFORBIDDEN},
		{"list unknown user", func() error { _, err := adm.UserSessions(bg, "nobody"); return err }(), hiregate.ENOTFOUND},
		{"revoke unknown session", adm.RevokeUserSession(bg, u.ID, "nosuch"), hiregate.ENOTFOUND},
		{"revoke admin's session as if it were the recruiter's", adm.RevokeUserSession(bg, u.ID, e.sessionID(adm)), hiregate.ENOTFOUND},
	} {
		wantCode(t, tt.name, tt.err, tt.want)
	}

	ss, err := adm.UserSessions(bg, u.ID)
	wantOK(t, "UserSessions", err)
	if len(ss) != 2 {
		t.Fatalf("UserSessions = %d sessions, want 2", len(ss))
	}
	laptopID := e.sessionID(laptop)
	wantOK(t, "RevokeUserSession", adm.RevokeUserSession(bg, u.ID, laptopID))
	if _, err := laptop.Me(bg); err == nil {
		t.Fatal("the revoked session still works")
	}
	if _, err := rec.Me(bg); err != nil {
		t.Fatalf("the other session = %v, want it still working", err)
	}
	wantOK(t, "RevokeUserSessions", adm.RevokeUserSessions(bg, u.ID))
	if _, err := rec.Me(bg); err == nil {
		t.Fatal("a session survived revoke-all")
	}
	if _, err := e.client().Login(bg, "rec@example.com", testPassword); err != nil {
		t.Fatalf("Login after revoke-all = %v, want the account still active", err)
	}
	// An admin ending their own keeps the session doing it.
	wantOK(t, "RevokeUserSessions(self)", adm.RevokeUserSessions(bg, admUser.ID))
	if _, err := adm.Me(bg); err != nil {
		t.Fatalf("admin after revoking own sessions = %v, want the current one kept", err)
	}

	for typ, want := range map[hiregate.AuditType]int{hiregate.AuditSessionsViewed: 1, hiregate.AuditSessionRevoked: 3} {
		ev, err := adm.Audit(bg, hiregate.AuditFilter{Type: typ})
		wantOK(t, "Audit", err)
		if len(ev.Items) != want {
			t.Fatalf("%s events = %d, want %d", typ, len(ev.Items), want)
		}
		for _, it := range ev.Items {
			if it.Detail == "" {
				t.Fatalf("%s event without detail: %+v", typ, it)
			}
		}
	}
}

// sessionID is the id of the session c signs its requests with.
func (e *env) sessionID(c interface {
	Sessions(ctx context.Context) ([]hiregate.Session, error)
}) string {
	e.t.Helper()
	ss, err := c.Sessions(bg)
	if err != nil {
		e.t.Fatalf("Sessions: %v", err)
	}
	for _, s := range ss {
		if s.Current {
			return s.ID
		}
	}
	e.t.Fatal("no current session")
	return ""
}
