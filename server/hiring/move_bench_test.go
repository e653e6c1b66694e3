package hiring_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// BenchmarkMove compares a move through the service (one transaction
// with the candidate's notification queued in it) with the bare store
// move the service made before notifications, on SQLite.
func BenchmarkMove(b *testing.B) {
	for _, tt := range []struct {
		name string
		move func(svc *hiring.Service, db *sqlite.DB, owner *hiregate.User, id string) error
	}{
		{"ServiceWithNotification", func(svc *hiring.Service, _ *sqlite.DB, owner *hiregate.User, id string) error {
			_, err := svc.MoveApplication(ctx, as(owner), id, hiregate.UpdateApplicationRequest{Status: hiregate.StageRejected})
			return err
		}},
		{"StoreOnly", func(_ *hiring.Service, db *sqlite.DB, owner *hiregate.User, id string) error {
			_, err := db.MoveApplication(ctx, id, hiregate.StageRejected, hiregate.UserRef{ID: owner.ID}, time.Now(), nil)
			return err
		}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			db, err := sqlite.Open(filepath.Join(b.TempDir(), "hiregate.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			svc := hiring.New(db, nil)
			owner := &hiregate.User{Email: "owner@example.com", FullName: "Owner", Role: hiregate.RoleRecruiter, Active: true}
			cand := &hiregate.User{Email: "cand@example.com", FullName: "Cand", Role: hiregate.RoleCandidate, Active: true}
			for _, u := range []*hiregate.User{owner, cand} {
				if err := db.CreateUser(ctx, u, "x"); err != nil {
					b.Fatal(err)
				}
			}
			verified := true
			if _, err := db.UpdateUser(ctx, cand.ID, store.UserChange{EmailVerified: &verified}, false, ""); err != nil {
				b.Fatal(err)
			}
			ids := make([]string, b.N)
			for i := range ids {
				j, err := svc.CreateJob(ctx, as(owner), hiregate.CreateJobRequest{Title: "Job"})
				if err != nil {
					b.Fatal(err)
				}
				a, err := svc.Apply(ctx, as(cand), j.ID, hiregate.CreateApplicationRequest{})
				if err != nil {
					b.Fatal(err)
				}
				ids[i] = a.ID
			}
			b.ResetTimer()
			for i := range b.N {
				if err := tt.move(svc, db, owner, ids[i]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
