package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func testRecordAudit(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	at := time.Date(2025, 1, 2, 3, 4, 5, 6, time.FixedZone("X", 3600))
	e := &hiregate.AuditEvent{At: at, Type: hiregate.AuditLoginFailed, UserID: "u1", Email: "a@example.com", IP: "10.0.0.1", Detail: "bad password"}
	if err := db.RecordAudit(ctx, e); err != nil {
		t.Fatalf("RecordAudit = %v", err)
	}
	if e.ID == "" || !e.At.Equal(at) || e.At.Location() != time.UTC {
		t.Fatalf("RecordAudit set ID %q At %v, want an id and %v in UTC", e.ID, e.At, at)
	}
	zero := &hiregate.AuditEvent{Type: hiregate.AuditLogout}
	if err := db.RecordAudit(ctx, zero); err != nil {
		t.Fatal(err)
	}
	if !zero.At.Equal(c.now()) {
		t.Fatalf("zero At became %v, want the clock's %v", zero.At, c.now())
	}
	got, next, err := db.ListAudit(ctx, hiregate.AuditFilter{})
	if err != nil || next != "" || len(got) != 2 {
		t.Fatalf("ListAudit = %v, %q, %v", got, next, err)
	}
	if got[1] != *e || got[0] != *zero {
		t.Fatalf("ListAudit = %+v, want [%+v %+v]", got, *zero, *e)
	}
}

func testListAudit(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	type ev struct {
		user string
		typ  hiregate.AuditType
	}
	evs := []ev{
		{"u1", hiregate.AuditLoginOK}, {"u2", hiregate.AuditLoginFailed}, {"u1", hiregate.AuditLoginFailed},
		{"", hiregate.AuditLoginFailed}, {"u1", hiregate.AuditLogout}, {"u2", hiregate.AuditLoginOK},
	}
	var ids []string // oldest first
	for i, x := range evs {
		at := c.add(time.Second)
		if i == 3 {
			at = c.now().Add(-time.Second) // same instant as the previous event
		}
		e := &hiregate.AuditEvent{At: at, Type: x.typ, UserID: x.user, IP: "ip"}
		if err := db.RecordAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	newestFirst := func(idx ...int) []string {
		var out []string
		for _, i := range idx {
			out = append(out, ids[i])
		}
		return out
	}
	// Events 2 and 3 share an instant; ties go by id, descending.
	tie := []int{3, 2}
	if ids[2] > ids[3] {
		tie = []int{2, 3}
	}
	tests := []struct {
		name string
		f    hiregate.AuditFilter
		want []string
	}{
		{"All", hiregate.AuditFilter{}, newestFirst(append(append([]int{5, 4}, tie...), 1, 0)...)},
		{"User", hiregate.AuditFilter{UserID: "u1"}, newestFirst(4, 2, 0)},
		{"Type", hiregate.AuditFilter{Type: hiregate.AuditLoginFailed}, newestFirst(tie[0], tie[1], 1)},
		{"UserAndType", hiregate.AuditFilter{UserID: "u2", Type: hiregate.AuditLoginOK}, newestFirst(5)},
		{"None", hiregate.AuditFilter{UserID: "u9"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, limit := range []int{0, 1, 2, 4} {
				f := tt.f
				f.Limit = limit
				got := collectPages(t, func(cursor string) ([]string, string, error) {
					f.Cursor = cursor
					es, next, err := db.ListAudit(ctx, f)
					var ids []string
					for _, e := range es {
						ids = append(ids, e.ID)
					}
					return ids, next, err
				})
				if !equalStrings(got, tt.want) {
					t.Fatalf("limit %d: ListAudit(%+v) = %v, want %v", limit, tt.f, got, tt.want)
				}
			}
		})
	}
	t.Run("ErrBadCursor", func(t *testing.T) {
		for _, cur := range badCursors {
			_, _, err := db.ListAudit(ctx, hiregate.AuditFilter{Cursor: cur})
			wantCode(t, "ListAudit(cursor "+cur+")", err, hiregate.EINVALID)
		}
	})
}
