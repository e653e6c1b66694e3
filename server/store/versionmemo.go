package store

import "context"

// A request asks for the store's version up to twice (the session-state
// cache while authenticating, the page cache in the handler). On SQLite
// each ask is a query on one shared connection, which every concurrent
// request waits for. VersionMemo lets one request read it once: the first
// ask fills a slot that WithVersionMemo put in the request's context, and
// later asks in that request get the same value.
//
// Reusing a version read earlier in the same request is as safe as
// reading it again: a cache entry is only ever tagged with a version read
// before its data was, so an older version can only make a cache miss,
// never serve a page or session state older than that version. The slot
// is not safe for concurrent use; a request asks from one goroutine.

type versionMemoKey struct{}

type versionSlot struct {
	v    uint64
	full bool
}

// WithVersionMemo returns ctx with an empty slot for VersionMemo.
func WithVersionMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, versionMemoKey{}, &versionSlot{})
}

// VersionMemo is a Versioned that asks Src at most once per context made
// by WithVersionMemo (and every time for other contexts).
type VersionMemo struct{ Src Versioned }

// Version implements Versioned.
func (m VersionMemo) Version(ctx context.Context) (uint64, error) {
	s, _ := ctx.Value(versionMemoKey{}).(*versionSlot)
	if s != nil && s.full {
		return s.v, nil
	}
	v, err := m.Src.Version(ctx)
	if err == nil && s != nil {
		s.v, s.full = v, true
	}
	return v, err
}
