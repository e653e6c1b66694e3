package accounts_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestRegister checks POST /auth/register: the email is trimmed and
// lower-cased, the password is 8 characters to 72 bytes, the account is
// always an active candidate, and an email is taken once whatever its
// case.
func TestRegister(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name   string
		req    hiregate.RegisterRequest
		email  string // as stored
		code   string
		detail string
	}{
		{"plain", hiregate.RegisterRequest{Email: "ann@example.com", Password: pw, FullName: "Ann"}, "ann@example.com", "", ""},
		{"trimmed and lower-cased", hiregate.RegisterRequest{Email: "  Bob@Example.COM ", Password: pw, FullName: "  Bob  "}, "bob@example.com", "", ""},
		{"password of 72 bytes", hiregate.RegisterRequest{Email: "max@example.com", Password: strings.Repeat("p", 72), FullName: "Max"}, "max@example.com", "", ""},
		{"taken", hiregate.RegisterRequest{Email: "ann@example.com", Password: pw, FullName: "Ann again"}, "", hiregate.ECONFLICT, "Email already registered"},
		{"taken in another case", hiregate.RegisterRequest{Email: "ANN@example.com", Password: pw, FullName: "Ann again"}, "", hiregate.ECONFLICT, "Email already registered"},
		{"no email", hiregate.RegisterRequest{Password: pw, FullName: "X"}, "", hiregate.EINVALID, "email"},
		{"not an email", hiregate.RegisterRequest{Email: "ann", Password: pw, FullName: "X"}, "", hiregate.EINVALID, "email"},
		{"email without a dot in its domain", hiregate.RegisterRequest{Email: "ann@localhost", Password: pw, FullName: "X"}, "", hiregate.EINVALID, "email"},
		{"email with a display name", hiregate.RegisterRequest{Email: "Ann <ann2@example.com>", Password: pw, FullName: "X"}, "", hiregate.EINVALID, "email"},
		{"no password", hiregate.RegisterRequest{Email: "p0@example.com", FullName: "X"}, "", hiregate.EINVALID, "password"},
		{"password of 7 characters", hiregate.RegisterRequest{Email: "p7@example.com", Password: "1234567", FullName: "X"}, "", hiregate.EINVALID, "password"},
		{"password of 73 bytes", hiregate.RegisterRequest{Email: "p73@example.com", Password: strings.Repeat("p", 73), FullName: "X"}, "", hiregate.EINVALID, "password"},
		{"password of 37 two-byte characters", hiregate.RegisterRequest{Email: "p74@example.com", Password: strings.Repeat("é", 37), FullName: "X"}, "", hiregate.EINVALID, "password"},
		{"no name", hiregate.RegisterRequest{Email: "n0@example.com", Password: pw}, "", hiregate.EINVALID, "full_name"},
		{"blank name", hiregate.RegisterRequest{Email: "n1@example.com", Password: pw, FullName: "   "}, "", hiregate.EINVALID, "full_name"},
		{"name too long", hiregate.RegisterRequest{Email: "n2@example.com", Password: pw, FullName: strings.Repeat("n", hiregate.MaxFullNameLen+1)}, "", hiregate.EINVALID, "full_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := e.acc.Register(ctx, tt.req)
			checkErr(t, err, tt.code, tt.detail)
			if tt.code != "" {
				return
			}
			if u.Email != tt.email || u.FullName != strings.TrimSpace(tt.req.FullName) || u.Role != hiregate.RoleCandidate || !u.Active || u.ID == "" {
				t.Errorf("Register() = %+v, want active candidate %s", u, tt.email)
			}
			if _, err := e.auth.Login(ctx, tt.req.Email, tt.req.Password, from); err != nil {
				t.Errorf("Login with the email and password as given: %v", err)
			}
		})
	}
}

// TestCreateUser checks the admin's POST /admin/users: any role, which is
// required and must be known.
func TestCreateUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name   string
		role   hiregate.Role
		code   string
		detail string
	}{
		{"candidate", hiregate.RoleCandidate, "", ""},
		{"recruiter", hiregate.RoleRecruiter, "", ""},
		{"admin", hiregate.RoleAdmin, "", ""},
		{"no role", "", hiregate.EINVALID, "role"},
		{"unknown role", "owner", hiregate.EINVALID, "role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := e.acc.CreateUser(ctx, hiregate.CreateUserRequest{Email: " " + strings.ToUpper(tt.name[:1]) + strings.ReplaceAll(tt.name[1:], " ", "-") + "@Example.com",
				Password: pw, FullName: tt.name, Role: tt.role})
			checkErr(t, err, tt.code, tt.detail)
			if tt.code != "" {
				return
			}
			if u.Role != tt.role || !u.Active || u.Email != strings.ReplaceAll(tt.name, " ", "-")+"@example.com" {
				t.Errorf("CreateUser() = %+v, want an active %s with a normalised email", u, tt.role)
			}
			me, err := e.acc.Me(ctx, e.signIn(t, u))
			checkErr(t, err, "", "")
			if me.ID != u.ID || me.Role != tt.role {
				t.Errorf("Me() = %+v, want %+v", me, u)
			}
		})
	}
	_, err := e.acc.CreateUser(ctx, hiregate.CreateUserRequest{Email: "admin@example.com", Password: pw, FullName: "Twice", Role: hiregate.RoleRecruiter})
	checkErr(t, err, hiregate.ECONFLICT, "Email already registered")
}

// TestListFilters checks the admin lists' filters: an unknown role or
// audit type is a 422, a known one filters.
func TestListFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.user(t, "rec", hiregate.RoleRecruiter)
	e.user(t, "cand", hiregate.RoleCandidate)
	e.signIn(t, e.user(t, "boss", hiregate.RoleAdmin))

	users := func(f hiregate.UserFilter) func() (int, error) {
		return func() (int, error) { l, _, err := e.acc.ListUsers(ctx, f); return len(l), err }
	}
	audit := func(f hiregate.AuditFilter) func() (int, error) {
		return func() (int, error) { l, _, err := e.acc.ListAudit(ctx, f); return len(l), err }
	}
	tests := []struct {
		name   string
		list   func() (int, error)
		want   int
		code   string
		detail string
	}{
		{"all users", users(hiregate.UserFilter{}), 3, "", ""},
		{"recruiters", users(hiregate.UserFilter{Role: hiregate.RoleRecruiter}), 1, "", ""},
		{"unknown role", users(hiregate.UserFilter{Role: "owner"}), 0, hiregate.EINVALID, "role"},
		{"logins", audit(hiregate.AuditFilter{Type: hiregate.AuditLoginOK}), 1, "", ""},
		{"unknown audit type", audit(hiregate.AuditFilter{Type: "login_maybe"}), 0, hiregate.EINVALID, "type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := tt.list()
			checkErr(t, err, tt.code, tt.detail)
			if n != tt.want {
				t.Errorf("list = %d items, want %d", n, tt.want)
			}
		})
	}
}

// TestUpdateUser checks PATCH /admin/users/{id}: validation, an admin never
// demotes or deactivates themselves, any change ends the user's sessions
// (but the acting admin's own current one) with the weightiest reason, and
// each change of role, activity or password is audited.
func TestUpdateUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.user(t, "boss", hiregate.RoleAdmin)
	self := e.signIn(t, admin)
	otherOwn := e.signIn(t, admin) // the acting admin on another device
	off, on := false, true

	type audited = map[hiregate.AuditType]string // type -> detail ("" for any)
	tests := []struct {
		name    string
		role    hiregate.Role // the target's role before ("" for the acting admin)
		active  bool          // the target's activity before
		req     hiregate.UpdateUserRequest
		code    string
		detail  string
		reason  string // of the session.revoked published
		audited audited
	}{
		{"nothing", hiregate.RoleCandidate, true, hiregate.UpdateUserRequest{}, hiregate.EINVALID, "body", "", nil},
		{"unknown role", hiregate.RoleCandidate, true, hiregate.UpdateUserRequest{Role: ptr[hiregate.Role]("owner")}, hiregate.EINVALID, "role", "", nil},
		{"short password", hiregate.RoleCandidate, true, hiregate.UpdateUserRequest{Password: ptr("short")}, hiregate.EINVALID, "password", "", nil},
		{"blank name", hiregate.RoleCandidate, true, hiregate.UpdateUserRequest{FullName: ptr("  ")}, hiregate.EINVALID, "full_name", "", nil},
		{"a valid role with a blank name", hiregate.RoleCandidate, true, hiregate.UpdateUserRequest{Role: ptr(hiregate.RoleRecruiter), FullName: ptr("")}, hiregate.EINVALID, "full_name", "", nil},
		{"deactivate oneself", "", true, hiregate.UpdateUserRequest{Active: &off}, hiregate.ECONFLICT, "You cannot deactivate your own account", "", nil},
		{"demote oneself", "", true, hiregate.UpdateUserRequest{Role: ptr(hiregate.RoleRecruiter)}, hiregate.ECONFLICT, "You cannot change your own role", "", nil},
		{"rename", hiregate.RoleCandidate, true, hiregate.UpdateUserRequest{FullName: ptr(" New Name ")}, "", "", hiregate.ReasonAccountChanged, audited{}},
		{"promote", hiregate.RoleCandidate, true, hiregate.UpdateUserRequest{Role: ptr(hiregate.RoleRecruiter)}, "", "", hiregate.ReasonRoleChanged,
			audited{hiregate.AuditRoleChanged: "candidate -> recruiter by admin boss@example.com"}},
		{"the same role", hiregate.RoleRecruiter, true, hiregate.UpdateUserRequest{Role: ptr(hiregate.RoleRecruiter)}, "", "", hiregate.ReasonAccountChanged, audited{}},
		{"deactivate", hiregate.RoleRecruiter, true, hiregate.UpdateUserRequest{Active: &off}, "", "", hiregate.ReasonDeactivated,
			audited{hiregate.AuditDeactivated: "by admin boss@example.com"}},
		{"reactivate", hiregate.RoleRecruiter, false, hiregate.UpdateUserRequest{Active: &on}, "", "", hiregate.ReasonAccountChanged,
			audited{hiregate.AuditReactivated: "by admin boss@example.com"}},
		{"active again while active", hiregate.RoleRecruiter, true, hiregate.UpdateUserRequest{Active: &on}, "", "", hiregate.ReasonAccountChanged, audited{}},
		{"new password", hiregate.RoleCandidate, true, hiregate.UpdateUserRequest{Password: ptr("another password")}, "", "", hiregate.ReasonPasswordChanged,
			audited{hiregate.AuditPasswordChanged: "by admin boss@example.com"}},
		{"deactivation outweighs the rest", hiregate.RoleCandidate, true, hiregate.UpdateUserRequest{Active: &off, Role: ptr(hiregate.RoleAdmin), Password: ptr("another password")}, "", "", hiregate.ReasonDeactivated,
			audited{hiregate.AuditDeactivated: "", hiregate.AuditRoleChanged: "candidate -> admin by admin boss@example.com", hiregate.AuditPasswordChanged: ""}},
		{"a role outweighs a password", hiregate.RoleCandidate, true, hiregate.UpdateUserRequest{Role: ptr(hiregate.RoleAdmin), Password: ptr("another password")}, "", "", hiregate.ReasonRoleChanged,
			audited{hiregate.AuditRoleChanged: "", hiregate.AuditPasswordChanged: ""}},
		{"an admin stays admin", "", true, hiregate.UpdateUserRequest{Role: ptr(hiregate.RoleAdmin), Active: &on}, "", "", hiregate.ReasonAccountChanged, audited{}},
		{"an admin renames themselves", "", true, hiregate.UpdateUserRequest{FullName: ptr("The Boss")}, "", "", hiregate.ReasonAccountChanged, audited{}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, before := admin, self
			if tt.role != "" {
				target = e.user(t, "user"+string(rune('a'+i)), tt.role)
				before = e.signIn(t, target)
				if !tt.active {
					if _, err := e.acc.UpdateUser(ctx, self, target.ID, hiregate.UpdateUserRequest{Active: &off}, from); err != nil {
						t.Fatal(err)
					}
				}
			} else {
				otherOwn = e.signIn(t, admin)
			}
			e.pub.Take()
			auditBefore := map[hiregate.AuditType]int{}
			for _, typ := range hiregate.AuditTypes {
				auditBefore[typ] = len(e.audit(t, typ, target.ID))
			}
			stored, err := e.acc.Me(ctx, &caller{UserID: target.ID})
			checkErr(t, err, "", "")

			u, err := e.acc.UpdateUser(ctx, self, target.ID, tt.req, from)
			checkErr(t, err, tt.code, tt.detail)
			published := e.pub.Take()
			if tt.code != "" {
				after, err := e.acc.Me(ctx, &caller{UserID: target.ID})
				checkErr(t, err, "", "")
				if *after != *stored || len(published) != 0 || !e.live(before) {
					t.Errorf("a refused change: %+v -> %+v, published %v, session live %t; want nothing changed", stored, after, published, e.live(before))
				}
				return
			}
			want := *stored
			if tt.req.Role != nil {
				want.Role = *tt.req.Role
			}
			if tt.req.Active != nil {
				want.Active = *tt.req.Active
			}
			if tt.req.FullName != nil {
				want.FullName = strings.TrimSpace(*tt.req.FullName)
			}
			if *u != want {
				t.Errorf("UpdateUser() = %+v, want %+v", u, want)
			}
			keep := ""
			if target == admin {
				keep = self.SessionID
				if !e.live(self) || e.live(otherOwn) {
					t.Errorf("acting admin: this session live %t, other session live %t; want true, false", e.live(self), e.live(otherOwn))
				}
			} else if e.live(before) {
				t.Error("the user's session outlived the change")
			}
			wantEvent := events.SessionsRevoked(target.ID, keep, tt.reason)
			if len(published) != 1 || published[0].Type != wantEvent.Type || published[0].Data != wantEvent.Data || !reflect.DeepEqual(published[0].Audience, wantEvent.Audience) {
				t.Errorf("published %+v, want %+v", published, wantEvent)
			}
			for _, typ := range hiregate.AuditTypes {
				if typ == hiregate.AuditLoginOK {
					continue
				}
				got := e.audit(t, typ, target.ID)[auditBefore[typ]:]
				detail, want := tt.audited[typ]
				switch {
				case !want && len(got) != 0:
					t.Errorf("audited %s %+v, want none", typ, got)
				case want && len(got) != 1:
					t.Errorf("audited %s %d times, want once", typ, len(got))
				case want && (got[0].IP != from.IP || detail != "" && got[0].Detail != detail):
					t.Errorf("audited %s %+v, want detail %q from %s", typ, got[0], detail, from.IP)
				}
			}
			if tt.req.Password != nil {
				if _, err := e.auth.Login(ctx, target.Email, *tt.req.Password, from); (err == nil) != want.Active {
					t.Errorf("Login with the new password: error %v, account active %t", err, want.Active)
				}
			}
		})
	}
	_, err := e.acc.UpdateUser(ctx, self, "no-such-user", hiregate.UpdateUserRequest{FullName: ptr("x")}, from)
	checkErr(t, err, hiregate.ENOTFOUND, "User not found")
}
