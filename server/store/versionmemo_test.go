package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hiregate/hiregate/server/store"
)

type countingVersions struct {
	v     uint64
	calls int
	err   error
}

func (c *countingVersions) Version(context.Context) (uint64, error) {
	c.calls++
	c.v++
	return c.v, c.err
}

func TestVersionMemo(t *testing.T) {
	src := &countingVersions{}
	m := store.VersionMemo{Src: src}

	ctx := store.WithVersionMemo(context.Background())
	first, _ := m.Version(ctx)
	second, _ := m.Version(ctx)
	if first != second || src.calls != 1 {
		t.Errorf("Version twice in one request = %d, %d with %d reads, want one read", first, second, src.calls)
	}
	// A new request reads again, and sees a change made in between.
	next, _ := m.Version(store.WithVersionMemo(context.Background()))
	if next == first || src.calls != 2 {
		t.Errorf("Version in the next request = %d (reads %d), want a fresh read", next, src.calls)
	}
	// Without a slot nothing is remembered.
	a, _ := m.Version(context.Background())
	b, _ := m.Version(context.Background())
	if a == b {
		t.Errorf("Version without a memo = %d then %d, want two reads", a, b)
	}
	// A failed read is not remembered: the next ask tries again.
	src.err = errors.New("database is gone")
	ctx = store.WithVersionMemo(context.Background())
	if _, err := m.Version(ctx); err == nil {
		t.Fatal("Version = nil error, want the source's")
	}
	src.err = nil
	before := src.calls
	if _, err := m.Version(ctx); err != nil || src.calls != before+1 {
		t.Errorf("Version after a failed read = %v with %d reads, want a new read", err, src.calls-before)
	}
}
