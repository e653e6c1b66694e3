package auth_test

import (
	"reflect"
	"testing"

	"github.com/hiregate/hiregate/server/accounts"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/events/eventstest"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestCheckSession(t *testing.T) { forEachStore(t, testCheckSession) }

func testCheckSession(t *testing.T, newEnv envMaker) {
	e := newEnv(t)
	e.user(t, "admin@example.com", hiregate.RoleAdmin)
	admin := e.auth(t, e.login(t, "admin@example.com"))
	role := func(r hiregate.Role) *hiregate.Role { return &r }
	off := false
	tests := []struct {
		name   string
		change func(t *testing.T, p *caller.Principal)
		reason string // "" for a live session
	}{
		{"live", func(*testing.T, *caller.Principal) {}, ""},
		{"revoked", func(t *testing.T, p *caller.Principal) {
			if err := e.svc.RevokeSession(ctx, p, p.SessionID, client); err != nil {
				t.Fatal(err)
			}
		}, hiregate.ReasonSessionRevoked},
		{"deactivated", func(t *testing.T, p *caller.Principal) {
			if _, err := e.accounts().UpdateUser(ctx, admin, p.UserID, hiregate.UpdateUserRequest{Active: &off}, client); err != nil {
				t.Fatal(err)
			}
		}, hiregate.ReasonDeactivated},
		{"role changed", func(t *testing.T, p *caller.Principal) {
			if _, err := e.accounts().UpdateUser(ctx, admin, p.UserID, hiregate.UpdateUserRequest{Role: role(hiregate.RoleRecruiter)}, client); err != nil {
				t.Fatal(err)
			}
		}, hiregate.ReasonRoleChanged},
		{"role changed behind the service's back", func(t *testing.T, p *caller.Principal) {
			// No revocation: only the role in the store differs.
			if _, err := e.db.UpdateUser(ctx, p.UserID, store.UserChange{Role: role(hiregate.RoleAdmin)}, false, ""); err != nil {
				t.Fatal(err)
			}
		}, hiregate.ReasonRoleChanged},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			email := string(rune('a'+i)) + "@example.com"
			e.user(t, email, hiregate.RoleCandidate)
			p := e.auth(t, e.login(t, email))
			if p.ExpiresAt.IsZero() || !p.ExpiresAt.After(t0) {
				t.Errorf("principal ExpiresAt = %v, want the token's expiry", p.ExpiresAt)
			}
			tt.change(t, p)
			err := e.svc.CheckSession(ctx, p)
			if tt.reason == "" {
				if err != nil {
					t.Errorf("CheckSession(live) = %v, want nil", err)
				}
				return
			}
			wantErr(t, err, hiregate.EUNAUTHORIZED, tt.reason)
		})
	}
}

func TestSessionEndsArePublished(t *testing.T) {
	rec := &eventstest.Recorder{}
	e := newEnv(t, func(c *auth.Config) { c.Events = rec })
	e.user(t, "admin@example.com", hiregate.RoleAdmin)
	u := e.user(t, "c@example.com", hiregate.RoleCandidate)
	admin := e.auth(t, e.login(t, "admin@example.com"))
	acc := accounts.New(e.db, e.svc, accounts.WithEvents(rec))
	off := false
	str := func(s string) *string { return &s }
	newPassword := pw

	tests := []struct {
		name string
		do   func(p *caller.Principal) error
		want func(p *caller.Principal) events.Audience
		why  string
	}{
		{"logout", func(p *caller.Principal) error { return e.svc.Logout(ctx, p, client) },
			func(p *caller.Principal) events.Audience {
				return events.Audience{UserID: u.ID, SessionID: p.SessionID}
			}, hiregate.ReasonSignedOut},
		{"revoke one", func(p *caller.Principal) error { return e.svc.RevokeSession(ctx, p, p.SessionID, client) },
			func(p *caller.Principal) events.Audience {
				return events.Audience{UserID: u.ID, SessionID: p.SessionID}
			}, hiregate.ReasonSessionRevoked},
		{"logout all", func(p *caller.Principal) error { return e.svc.LogoutAll(ctx, p, client) },
			func(*caller.Principal) events.Audience { return events.Audience{UserID: u.ID} }, hiregate.ReasonSignedOutEverywhere},
		{"password changed", func(p *caller.Principal) error {
			old := newPassword
			newPassword += "!"
			return e.svc.ChangePassword(ctx, p, hiregate.ChangePasswordRequest{CurrentPassword: old, NewPassword: newPassword}, client)
		}, func(p *caller.Principal) events.Audience {
			return events.Audience{UserID: u.ID, KeepSessionID: p.SessionID}
		}, hiregate.ReasonPasswordChanged},
		{"renamed by an admin", func(*caller.Principal) error {
			_, err := acc.UpdateUser(ctx, admin, u.ID, hiregate.UpdateUserRequest{FullName: str("New")}, client)
			return err
		}, func(*caller.Principal) events.Audience { return events.Audience{UserID: u.ID} }, hiregate.ReasonAccountChanged},
		{"deactivated", func(*caller.Principal) error {
			_, err := acc.UpdateUser(ctx, admin, u.ID, hiregate.UpdateUserRequest{Active: &off}, client)
			return err
		}, func(*caller.Principal) events.Audience { return events.Audience{UserID: u.ID} }, hiregate.ReasonDeactivated},
	}
	for _, tt := range tests {
		tr, err := e.svc.Login(ctx, "c@example.com", newPassword, client)
		if err != nil {
			t.Fatalf("%s: login: %v", tt.name, err)
		}
		p := e.auth(t, tr)
		rec.Take()
		if err := tt.do(p); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := rec.Take()
		if want := tt.want(p); len(got) != 1 || got[0].Type != hiregate.EventSessionRevoked || !reflect.DeepEqual(got[0].Audience, want) || got[0].Data.Reason != tt.why {
			t.Errorf("%s published %+v, want session.revoked to %+v because %q", tt.name, got, want, tt.why)
		}
	}
}
