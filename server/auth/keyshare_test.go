package auth_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/postgres"
	"github.com/hiregate/hiregate/server/postgres/pgtest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// replica is one server's auth service on a shared PostgreSQL database,
// with a key directory of its own.
func replica(t *testing.T, url string) *auth.Service {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc, err := auth.New(auth.Config{KeyDir: t.TempDir(), BcryptCost: 4, SharedKeys: db}, db, nil)
	if err != nil {
		t.Fatalf("auth.New = %v", err)
	}
	return svc
}

func signingKid(t *testing.T, s *auth.Service) (token, kid string) {
	t.Helper()
	tok, err := s.IssueAccessToken("user-1", hiregate.RoleCandidate, "sess-1")
	if err != nil {
		t.Fatal(err)
	}
	parsed, _, err := jwt.NewParser().ParseUnverified(tok, jwt.MapClaims{})
	if err != nil {
		t.Fatal(err)
	}
	kid, _ = parsed.Header["kid"].(string)
	return tok, kid
}

func kids(s *auth.Service) []string {
	var out []string
	for _, k := range s.JWKS().Keys {
		out = append(out, k.Kid)
	}
	slices.Sort(out)
	return out
}

// eventually polls cond: the replicas learn of a change through
// PostgreSQL notifications, which arrive when they arrive.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSharedKeysAcrossReplicas(t *testing.T) {
	url := pgtest.URL(t)
	a, b := replica(t, url), replica(t, url)

	tokA, kidA := signingKid(t, a)
	tokB, kidB := signingKid(t, b)
	if kidA == kidB {
		t.Fatalf("both replicas sign with %s, want a key each", kidA)
	}
	// B started after A published; A meets B's key on its first token.
	if err := b.VerifyAccessToken(tokA); err != nil {
		t.Fatalf("B.Verify(token of A) = %v, want nil", err)
	}
	if err := a.VerifyAccessToken(tokB); err != nil {
		t.Fatalf("A.Verify(token of B) = %v, want nil", err)
	}
	if ka, kb := kids(a), kids(b); !slices.Equal(ka, kb) || len(ka) != 2 {
		t.Fatalf("JWKS kids: A %v, B %v; want the same two", ka, kb)
	}

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { a.SyncKeys(ctx) })
	wg.Go(func() { b.SyncKeys(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })

	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := auth.RotateSharedKeys(context.Background(), db, time.Now(), 15*time.Minute, auth.DefaultLeeway)
	if err != nil || n != 2 {
		t.Fatalf("RotateSharedKeys = %d, %v; want 2 keys retired", n, err)
	}
	// Within well under the 30 s periodic sync: the notification did it.
	eventually(t, 10*time.Second, "both replicas sign with new keys that both publish", func() bool {
		_, ka := signingKid(t, a)
		_, kb := signingKid(t, b)
		ja, jb := kids(a), kids(b)
		return ka != kidA && kb != kidB && slices.Equal(ja, jb) && slices.Contains(ja, ka) && slices.Contains(ja, kb)
	})
	newA, _ := signingKid(t, a)
	if err := b.VerifyAccessToken(newA); err != nil {
		t.Fatalf("B.Verify(token of A's new key) = %v, want nil", err)
	}
	// Tokens signed before the rotation verify until they expire.
	if err := b.VerifyAccessToken(tokA); err != nil {
		t.Fatalf("B.Verify(token of A's retired key) = %v, want nil during the grace period", err)
	}
}
