package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

func TestSigningKeysRetire(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	k := store.PublicKey{Kid: "k1", Alg: "EdDSA", Key: []byte("0123456789abcdef0123456789abcdef"), CreatedAt: t0}
	rec, err := db.PublishSigningKey(ctx, k)
	if err != nil || rec.RetireAt != nil || string(rec.Key) != string(k.Key) {
		t.Fatalf("PublishSigningKey = %+v, %v; want the key, not retired", rec, err)
	}
	retire := t0.Add(time.Hour)
	if n, err := db.RetireSigningKeys(ctx, retire); err != nil || n != 1 {
		t.Fatalf("RetireSigningKeys = %d, %v; want 1", n, err)
	}
	if n, err := db.RetireSigningKeys(ctx, retire.Add(time.Hour)); err != nil || n != 0 {
		t.Fatalf("RetireSigningKeys again = %d, %v; want 0 (a retire time is never moved)", n, err)
	}
	rec, err = db.PublishSigningKey(ctx, k)
	if err != nil || rec.RetireAt == nil || !rec.RetireAt.Equal(retire) {
		t.Fatalf("PublishSigningKey of a retired key = %+v, %v; want RetireAt %v", rec, err, retire)
	}
	tests := []struct {
		at   time.Time
		want int
	}{
		{retire.Add(-time.Nanosecond), 1},
		{retire, 0},
		{retire.Add(time.Minute), 0},
	}
	for _, tt := range tests {
		keys, err := db.SigningKeys(ctx, tt.at)
		if err != nil || len(keys) != tt.want {
			t.Errorf("SigningKeys(%v) = %d keys, %v; want %d", tt.at, len(keys), err, tt.want)
		}
	}
}

// TestWatchSigningKeys: a key published or retired through one replica
// is announced to a watcher on another.
func TestWatchSigningKeys(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	url := pgURL(t)
	a, b := openAt(t, url), openAt(t, url)
	changed := make(chan struct{}, 8)
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.WatchSigningKeys(ctx, func() { changed <- struct{}{} })
	}()
	t.Cleanup(func() { cancel(); <-done })
	<-changed // listening
	k := store.PublicKey{Kid: "k1", Alg: "EdDSA", Key: []byte("0123456789abcdef0123456789abcdef"), CreatedAt: t0}
	if _, err := b.PublishSigningKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	<-changed
	if _, err := b.RetireSigningKeys(ctx, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	<-changed
}
