package accounts_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/hiregate/hiregate/server/accounts"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// fakeAuth hashes without bcrypt and names admins by their email.
type fakeAuth struct{ accounts.Auth }

func (fakeAuth) HashPassword(_ context.Context, _, password string) (string, error) {
	return "hash:" + password, nil
}

func (fakeAuth) ByAdmin(_ context.Context, actor *caller) string {
	return "by admin " + actor.Email
}

// auditFails is a store whose transactions cannot write the audit log.
type auditFails struct{ *sqlite.DB }

func (s auditFails) Atomic(ctx context.Context, fn func(tx store.Store) error) error {
	return s.DB.Atomic(ctx, func(tx store.Store) error { return fn(noAudit{tx}) })
}

type noAudit struct{ store.Store }

func (noAudit) RecordAudit(context.Context, *hiregate.AuditEvent) error {
	return errors.New("audit log unwritable")
}

func openDB(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestCreateUserAudited: every account an admin or the operator makes is
// in the audit log as user_created, saying which role and by whom, written
// with the account: a failed creation leaves no entry, and an entry that
// cannot be written leaves no account.
func TestCreateUserAudited(t *testing.T) {
	boss := &caller{UserID: "u-boss", Email: "boss@example.com", Role: hiregate.RoleAdmin}
	req := func(email string, role hiregate.Role) hiregate.CreateUserRequest {
		return hiregate.CreateUserRequest{Email: email, Password: "long enough password", FullName: "Someone", Role: role}
	}
	tests := []struct {
		name       string
		create     func(s *accounts.Service) (*hiregate.User, error)
		failAudit  bool
		wantCode   string
		wantDetail string
		wantIP     string
	}{
		{
			name: "ByOperator",
			create: func(s *accounts.Service) (*hiregate.User, error) {
				return s.CreateUser(bg, req("Op@Example.com", hiregate.RoleAdmin))
			},
			wantDetail: "admin by the operator",
		},
		{
			name: "ByAdmin",
			create: func(s *accounts.Service) (*hiregate.User, error) {
				return s.CreateUserByAdmin(bg, boss, req("rec@example.com", hiregate.RoleRecruiter), clientInfo{IP: "203.0.113.7"})
			},
			wantDetail: "recruiter by admin boss@example.com",
			wantIP:     "203.0.113.7",
		},
		{
			name: "ErrInvalid",
			create: func(s *accounts.Service) (*hiregate.User, error) {
				return s.CreateUser(bg, req("x@example.com", "root"))
			},
			wantCode: hiregate.EINVALID,
		},
		{
			name: "ErrDuplicate",
			create: func(s *accounts.Service) (*hiregate.User, error) {
				return s.CreateUser(bg, req("taken@example.com", hiregate.RoleCandidate))
			},
			wantCode: hiregate.ECONFLICT,
		},
		{
			name: "ErrAuditUnwritable",
			create: func(s *accounts.Service) (*hiregate.User, error) {
				return s.CreateUser(bg, req("y@example.com", hiregate.RoleAdmin))
			},
			failAudit: true,
			wantCode:  hiregate.EINTERNAL,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			if _, err := accounts.New(db, fakeAuth{}).CreateUser(bg, req("taken@example.com", hiregate.RoleCandidate)); err != nil {
				t.Fatal(err)
			}
			var st accounts.Store = db
			if tt.failAudit {
				st = auditFails{db}
			}
			before := auditCount(t, db)
			u, err := tt.create(accounts.New(st, fakeAuth{}))
			if tt.wantCode != "" {
				if got := hiregate.ErrorCode(err); got != tt.wantCode {
					t.Fatalf("create = %v (%s), want %s", err, got, tt.wantCode)
				}
				if n := auditCount(t, db); n != before {
					t.Errorf("audit entries = %d after a failed creation, want %d", n, before)
				}
				if n, _ := db.CountUsers(bg); n != 1 {
					t.Errorf("users = %d after a failed creation, want 1", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("create = %v", err)
			}
			got, _, err := db.ListAudit(bg, hiregate.AuditFilter{UserID: u.ID})
			if err != nil {
				t.Fatal(err)
			}
			want := hiregate.AuditEvent{ID: got[0].ID, At: u.CreatedAt, Type: hiregate.AuditUserCreated, UserID: u.ID, Email: u.Email, IP: tt.wantIP, Detail: tt.wantDetail}
			if len(got) != 1 || !got[0].At.Equal(want.At) {
				t.Fatalf("audit of the new user = %+v, want one entry %+v", got, want)
			}
			got[0].At = want.At
			if got[0] != want {
				t.Errorf("audit entry = %+v, want %+v", got[0], want)
			}
		})
	}
}

var bg = context.Background()

func auditCount(t *testing.T, db *sqlite.DB) int {
	t.Helper()
	events, _, err := db.ListAudit(bg, hiregate.AuditFilter{Type: hiregate.AuditUserCreated, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return len(events)
}
