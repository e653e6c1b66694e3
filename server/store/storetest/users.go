package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func testCreateUser(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db, c := mustOpen(t, open)
		u := &hiregate.User{Email: "ann@example.com", FullName: "Ann", Role: hiregate.RoleCandidate, Active: true}
		if err := db.CreateUser(ctx, u, "bcrypt-hash"); err != nil {
			t.Fatalf("CreateUser = %v", err)
		}
		if u.ID == "" || !u.CreatedAt.Equal(c.now()) || u.CreatedAt.Location() != time.UTC {
			t.Fatalf("CreateUser set ID=%q CreatedAt=%v, want an id and %v UTC", u.ID, u.CreatedAt, c.now())
		}
		got, err := db.UserByID(ctx, u.ID)
		if err != nil {
			t.Fatalf("UserByID = %v", err)
		}
		want := store.UserRecord{User: *u, PasswordHash: "bcrypt-hash"}
		if !sameUser(got.User, want.User) || got.PasswordHash != want.PasswordHash {
			t.Fatalf("UserByID = %+v, want %+v", got, want)
		}
		byEmail, err := db.UserByEmail(ctx, "ann@example.com")
		if err != nil || byEmail.ID != u.ID {
			t.Fatalf("UserByEmail = %+v, %v, want id %s", byEmail, err, u.ID)
		}
	})
	t.Run("ErrEmailTaken", func(t *testing.T) {
		db, c := mustOpen(t, open)
		mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
		u := &hiregate.User{Email: "ann@example.com", FullName: "Other", Role: hiregate.RoleRecruiter, Active: true}
		err := db.CreateUser(ctx, u, "h")
		wantCode(t, "CreateUser(duplicate)", err, hiregate.ECONFLICT)
		wantMessage(t, "CreateUser(duplicate)", err, "Email already registered")
		if u.ID != "" {
			t.Fatalf("failed CreateUser set ID %q", u.ID)
		}
	})
	t.Run("ErrInvalidRole", func(t *testing.T) {
		db, _ := mustOpen(t, open)
		err := db.CreateUser(ctx, &hiregate.User{Email: "x@example.com", FullName: "X", Role: "root"}, "h")
		if err == nil {
			t.Fatal("CreateUser(role root) = nil, want an error")
		}
	})
}

func sameUser(a, b hiregate.User) bool {
	return a.ID == b.ID && a.Email == b.Email && a.FullName == b.FullName && a.Role == b.Role &&
		a.Active == b.Active && a.CreatedAt.Equal(b.CreatedAt)
}

func testUserLookupNotFound(t *testing.T, open Opener) {
	db, _ := mustOpen(t, open)
	ctx := context.Background()
	_, err := db.UserByID(ctx, "nope")
	wantCode(t, "UserByID", err, hiregate.ENOTFOUND)
	wantMessage(t, "UserByID", err, "User not found")
	_, err = db.UserByEmail(ctx, "nobody@example.com")
	wantCode(t, "UserByEmail", err, hiregate.ENOTFOUND)
}

func testListUsers(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	ann := mustUser(t, db, c, "ann@example.com", "Ann Smith", hiregate.RoleCandidate)
	bob := mustUser(t, db, c, "bob@corp.example", "Bob Jones", hiregate.RoleRecruiter)
	pct := mustUser(t, db, c, "100%_real@example.com", "Percent Person", hiregate.RoleCandidate)
	adm := mustUser(t, db, c, "root@corp.example", "Ada Admin", hiregate.RoleAdmin)
	// Two users created at the same instant: id breaks the tie.
	c.add(time.Second)
	same1 := &hiregate.User{Email: "s1@example.com", FullName: "Same One", Role: hiregate.RoleCandidate, Active: true}
	same2 := &hiregate.User{Email: "s2@example.com", FullName: "Same Two", Role: hiregate.RoleCandidate, Active: true}
	for _, u := range []*hiregate.User{same1, same2} {
		if err := db.CreateUser(ctx, u, "h"); err != nil {
			t.Fatal(err)
		}
	}
	all := []string{ann.ID, bob.ID, pct.ID, adm.ID}
	if same1.ID < same2.ID {
		all = append(all, same1.ID, same2.ID)
	} else {
		all = append(all, same2.ID, same1.ID)
	}

	tests := []struct {
		name string
		f    hiregate.UserFilter
		want []string
	}{
		{"All", hiregate.UserFilter{}, all},
		{"RoleCandidate", hiregate.UserFilter{Role: hiregate.RoleCandidate}, []string{ann.ID, pct.ID, all[4], all[5]}},
		{"QEmailCaseInsensitive", hiregate.UserFilter{Q: "CORP"}, []string{bob.ID, adm.ID}},
		{"QName", hiregate.UserFilter{Q: "smith"}, []string{ann.ID}},
		{"QPercentIsLiteral", hiregate.UserFilter{Q: "%"}, []string{pct.ID}},
		{"QUnderscoreIsLiteral", hiregate.UserFilter{Q: "_"}, []string{pct.ID}},
		{"QAndRole", hiregate.UserFilter{Q: "corp", Role: hiregate.RoleAdmin}, []string{adm.ID}},
		{"QNoMatch", hiregate.UserFilter{Q: "zzz"}, nil},
		{"QBackslash", hiregate.UserFilter{Q: `\`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			users, next, err := db.ListUsers(ctx, tt.f)
			if err != nil {
				t.Fatalf("ListUsers = %v", err)
			}
			if next != "" {
				t.Fatalf("next = %q, want last page", next)
			}
			if got := userIDs(users); !equalStrings(got, tt.want) {
				t.Fatalf("ListUsers(%+v) = %v, want %v", tt.f, got, tt.want)
			}
		})
	}

	t.Run("Paging", func(t *testing.T) {
		for limit := 1; limit <= 7; limit++ {
			got := collectPages(t, func(cursor string) ([]string, string, error) {
				users, next, err := db.ListUsers(ctx, hiregate.UserFilter{Limit: limit, Cursor: cursor})
				return userIDs(users), next, err
			})
			if !equalStrings(got, all) {
				t.Fatalf("limit %d: pages = %v, want %v", limit, got, all)
			}
		}
	})
	t.Run("ErrBadCursor", func(t *testing.T) {
		for _, cur := range badCursors {
			_, _, err := db.ListUsers(ctx, hiregate.UserFilter{Cursor: cur})
			wantCode(t, "ListUsers(cursor "+cur+")", err, hiregate.EINVALID)
			if e := err.(*hiregate.Error); e.Fields["cursor"] != "invalid" {
				t.Fatalf("fields = %v, want cursor invalid", e.Fields)
			}
		}
	})
}

func userIDs(us []hiregate.User) []string {
	var ids []string
	for _, u := range us {
		ids = append(ids, u.ID)
	}
	return ids
}

func testListUsersLimits(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	for i := range hiregate.MaxPageLimit + 5 {
		c.add(time.Millisecond)
		u := &hiregate.User{Email: "u" + itoa(i) + "@example.com", FullName: "U", Role: hiregate.RoleCandidate, Active: true}
		if err := db.CreateUser(ctx, u, "h"); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		limit, want int
	}{
		{0, hiregate.DefaultPageLimit},
		{-3, hiregate.DefaultPageLimit},
		{7, 7},
		{1000, hiregate.MaxPageLimit},
	}
	for _, tt := range tests {
		users, next, err := db.ListUsers(ctx, hiregate.UserFilter{Limit: tt.limit})
		if err != nil || len(users) != tt.want || next == "" {
			t.Errorf("ListUsers(limit %d) = %d users, next %q, %v; want %d and a next cursor", tt.limit, len(users), next, err, tt.want)
		}
	}
}

func testUpdateUser(t *testing.T, open Opener) {
	ctx := context.Background()
	tests := []struct {
		name       string
		change     store.UserChange
		revoke     bool
		keep       bool // keep the first session
		wantRole   hiregate.Role
		wantActive bool
		wantHash   string
		wantName   string
		wantLive   int // live sessions after
	}{
		{"Role", store.UserChange{Role: ptr(hiregate.RoleRecruiter)}, true, false, hiregate.RoleRecruiter, true, "hash-of-ann@example.com", "Ann", 0},
		{"Deactivate", store.UserChange{Active: ptr(false)}, true, false, hiregate.RoleCandidate, false, "hash-of-ann@example.com", "Ann", 0},
		{"PasswordKeepCurrent", store.UserChange{PasswordHash: ptr("new")}, true, true, hiregate.RoleCandidate, true, "new", "Ann", 1},
		{"NameNoRevoke", store.UserChange{FullName: ptr("Ann B")}, false, false, hiregate.RoleCandidate, true, "hash-of-ann@example.com", "Ann B", 2},
		{"Everything", store.UserChange{Role: ptr(hiregate.RoleAdmin), Active: ptr(false), PasswordHash: ptr("p"), FullName: ptr("Z")}, true, false, hiregate.RoleAdmin, false, "p", "Z", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, c := mustOpen(t, open)
			u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
			s1 := mustSession(t, db, c, u.ID, "s1", "r1")
			mustSession(t, db, c, u.ID, "s2", "r2")
			keep := ""
			if tt.keep {
				keep = s1.ID
			}
			got, err := db.UpdateUser(ctx, u.ID, tt.change, tt.revoke, keep)
			if err != nil {
				t.Fatalf("UpdateUser = %v", err)
			}
			if got.Role != tt.wantRole || got.Active != tt.wantActive || got.PasswordHash != tt.wantHash || got.FullName != tt.wantName {
				t.Fatalf("UpdateUser = %+v, want role %s active %v hash %s name %s", got, tt.wantRole, tt.wantActive, tt.wantHash, tt.wantName)
			}
			stored, err := db.UserByID(ctx, u.ID)
			if err != nil || *stored != *got {
				t.Fatalf("UserByID = %+v, %v, want %+v", stored, err, got)
			}
			live, err := db.ListSessions(ctx, u.ID, c.now())
			if err != nil || len(live) != tt.wantLive {
				t.Fatalf("ListSessions = %d, %v, want %d", len(live), err, tt.wantLive)
			}
			if tt.keep && live[0].ID != s1.ID {
				t.Fatalf("live session = %s, want the kept %s", live[0].ID, s1.ID)
			}
		})
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		db, _ := mustOpen(t, open)
		_, err := db.UpdateUser(ctx, "nope", store.UserChange{FullName: ptr("x")}, true, "")
		wantCode(t, "UpdateUser", err, hiregate.ENOTFOUND)
		wantMessage(t, "UpdateUser", err, "User not found")
	})
	t.Run("ErrInvalidRole", func(t *testing.T) {
		db, c := mustOpen(t, open)
		u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
		if _, err := db.UpdateUser(ctx, u.ID, store.UserChange{Role: ptr(hiregate.Role("root"))}, false, ""); err == nil {
			t.Fatal("UpdateUser(role root) = nil, want an error")
		}
		if got, _ := db.UserByID(ctx, u.ID); got.Role != hiregate.RoleCandidate {
			t.Fatalf("role after failed update = %s, want candidate", got.Role)
		}
	})
}

func testCountUsers(t *testing.T, open Opener) {
	db, c := mustOpen(t, open)
	ctx := context.Background()
	for i := range 3 {
		if n, err := db.CountUsers(ctx); err != nil || n != i {
			t.Fatalf("CountUsers = %d, %v, want %d", n, err, i)
		}
		mustUser(t, db, c, "u"+itoa(i)+"@example.com", "U", hiregate.RoleCandidate)
	}
}

// testCreateUserConcurrentDuplicates registers one email from many
// goroutines at once: the unique email decides, so exactly one account
// exists and every other attempt is ECONFLICT.
func testCreateUserConcurrentDuplicates(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := mustOpen(t, open)
	const n = 10
	codes := make([]string, n)
	ids := make([]string, n)
	parallel(n, func(i int) {
		u := &hiregate.User{Email: "ann@example.com", FullName: "Ann " + itoa(i), Role: hiregate.RoleCandidate, Active: true}
		codes[i] = hiregate.ErrorCode(db.CreateUser(ctx, u, "h"))
		ids[i] = u.ID
	})
	winner := ""
	for i, code := range codes {
		if code == "" {
			winner = ids[i]
		} else if ids[i] != "" {
			t.Errorf("refused CreateUser set ID %q", ids[i])
		}
	}
	if ok := successes(t, "CreateUser", codes); ok != 1 {
		t.Fatalf("%d registrations succeeded, want 1", ok)
	}
	if n, err := db.CountUsers(ctx); err != nil || n != 1 {
		t.Fatalf("CountUsers = %d, %v, want 1", n, err)
	}
	if u, err := db.UserByEmail(ctx, "ann@example.com"); err != nil || u.ID != winner {
		t.Fatalf("UserByEmail = %+v, %v, want the winner %s", u, err, winner)
	}
}

// testUpdateUserConcurrent changes different fields of one user at once:
// no change is lost, as it would be if an update wrote back every field
// it had read.
func testUpdateUserConcurrent(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
	changes := []store.UserChange{
		{Role: ptr(hiregate.RoleRecruiter)},
		{Active: ptr(false)},
		{PasswordHash: ptr("new-hash")},
		{FullName: ptr("Ann B")},
	}
	errs := make([]error, len(changes))
	parallel(len(changes), func(i int) {
		_, errs[i] = db.UpdateUser(ctx, u.ID, changes[i], false, "")
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("UpdateUser(%d) = %v", i, err)
		}
	}
	got, err := db.UserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Role != hiregate.RoleRecruiter || got.Active || got.PasswordHash != "new-hash" || got.FullName != "Ann B" {
		t.Fatalf("UserByID = %+v, want every concurrent change applied", got)
	}
}
