package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// RunSSHKeys runs the cases of store.SSHKeys (users come from
// store.Users).
func RunSSHKeys(t *testing.T, open Opener) { runCases(t, open, sshKeysCases) }

var sshKeysCases = []testCase{
	{"AddListDelete", testSSHKeys},
	{"OneAccountPerKey", testSSHKeyOneAccount},
	{"UseSSHKey", testUseSSHKey},
	{"ErasedWithUser", testSSHKeysErased},
}

func sshKey(userID, id, fp string, at time.Time) *store.SSHKeyRecord {
	return &store.SSHKeyRecord{UserID: userID, SSHKey: hiregate.SSHKey{ID: id, Name: "laptop " + id, Type: "ssh-ed25519",
		Fingerprint: fp, PublicKey: "ssh-ed25519 AAAA" + id, CreatedAt: at}}
}

func testSSHKeys(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
	other := mustUser(t, db, c, "olga@example.com", "Olga", hiregate.RoleCandidate)
	for i := range 3 {
		if err := db.AddSSHKey(ctx, sshKey(u.ID, fmt.Sprint("k", i), fmt.Sprint("SHA256:fp", i), c.add(time.Second)), 3); err != nil {
			t.Fatalf("AddSSHKey %d = %v", i, err)
		}
	}
	if err := db.AddSSHKey(ctx, sshKey(u.ID, "k3", "SHA256:fp3", c.add(time.Second)), 3); hiregate.ErrorCode(err) != hiregate.EINVALID {
		t.Fatalf("AddSSHKey over the limit = %v, want EINVALID", err)
	}
	if err := db.AddSSHKey(ctx, sshKey("no-such-user", "k9", "SHA256:fp9", c.now()), 3); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Fatalf("AddSSHKey for a missing user = %v, want ENOTFOUND", err)
	}
	keys, err := db.ListSSHKeys(ctx, u.ID)
	if err != nil || len(keys) != 3 || keys[0].ID != "k0" || keys[2].ID != "k2" {
		t.Fatalf("ListSSHKeys = %v, %v; want k0..k2 oldest first", keys, err)
	}
	if k := keys[1]; k.Fingerprint != "SHA256:fp1" || k.Type != "ssh-ed25519" || k.Name != "laptop k1" || k.LastUsedAt != nil || !k.CreatedAt.Equal(T0.Add(4*time.Second)) {
		t.Fatalf("key = %+v", k)
	}
	if keys, err := db.ListSSHKeys(ctx, other.ID); err != nil || len(keys) != 0 {
		t.Fatalf("ListSSHKeys(other) = %v, %v; want none", keys, err)
	}
	tests := []struct {
		name, user, id string
		want           string
	}{
		{"another's key", other.ID, "k1", hiregate.ENOTFOUND},
		{"missing", u.ID, "nope", hiregate.ENOTFOUND},
		{"own key", u.ID, "k1", ""},
		{"again", u.ID, "k1", hiregate.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := db.DeleteSSHKey(ctx, tt.user, tt.id)
			if hiregate.ErrorCode(err) != tt.want || (err == nil && k.Fingerprint != "SHA256:fp1") {
				t.Fatalf("DeleteSSHKey = %+v, %v; want code %q", k, err, tt.want)
			}
		})
	}
	if keys, _ := db.ListSSHKeys(ctx, u.ID); len(keys) != 2 {
		t.Fatalf("after delete: %v", keys)
	}
}

func testSSHKeyOneAccount(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	a := mustUser(t, db, c, "a@example.com", "A", hiregate.RoleCandidate)
	b := mustUser(t, db, c, "b@example.com", "B", hiregate.RoleCandidate)
	// Two accounts race for one key: exactly one gets it.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, u := range []string{a.ID, b.ID} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.AddSSHKey(ctx, sshKey(u, fmt.Sprint("race", i), "SHA256:same", c.now()), 20)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if hiregate.ErrorCode(err) != hiregate.ECONFLICT {
			t.Fatalf("AddSSHKey = %v, want nil or ECONFLICT", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d adds of one key succeeded (%v), want 1", ok, errs)
	}
}

func testUseSSHKey(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "a@example.com", "A", hiregate.RoleCandidate)
	if err := db.AddSSHKey(ctx, sshKey(u.ID, "k", "SHA256:fp", c.now()), 20); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UseSSHKey(ctx, "SHA256:other", c.now()); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Fatalf("UseSSHKey(unlinked) = %v, want ENOTFOUND", err)
	}
	at := c.add(time.Hour)
	k, err := db.UseSSHKey(ctx, "SHA256:fp", at)
	if err != nil || k.UserID != u.ID || k.LastUsedAt == nil || !k.LastUsedAt.Equal(at) {
		t.Fatalf("UseSSHKey = %+v, %v; want owner %s used at %v", k, err, u.ID, at)
	}
	keys, _ := db.ListSSHKeys(ctx, u.ID)
	if len(keys) != 1 || keys[0].LastUsedAt == nil || !keys[0].LastUsedAt.Equal(at) {
		t.Fatalf("ListSSHKeys after use = %+v", keys)
	}
}

func testSSHKeysErased(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "a@example.com", "A", hiregate.RoleCandidate)
	if err := db.AddSSHKey(ctx, sshKey(u.ID, "k", "SHA256:fp", c.now()), 20); err != nil {
		t.Fatal(err)
	}
	if err := db.EraseUser(ctx, u.ID, store.Erasure{Email: hiregate.ErasedEmail(u.ID), FullName: hiregate.ErasedName}, c.now()); err != nil {
		t.Fatal(err)
	}
	if keys, err := db.ListSSHKeys(ctx, u.ID); err != nil || len(keys) != 0 {
		t.Fatalf("keys after erasure = %v, %v", keys, err)
	}
	if _, err := db.UseSSHKey(ctx, "SHA256:fp", c.now()); hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Fatalf("UseSSHKey after erasure = %v, want ENOTFOUND", err)
	}
}
