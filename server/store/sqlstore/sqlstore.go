// Package sqlstore holds what the SQL adapters (sqlite, postgres) share
// because it does not depend on the engine: how ids, times and cursors are
// encoded, how a keyset page query is built, how rows scan into the
// domain's types and how a search box becomes words. Both adapters store
// the same columns with the same meaning, so that a database moves from one
// engine to the other unchanged and a cursor means the same thing on both.
package sqlstore

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"strings"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// TS is how times are stored: UTC unix nanoseconds, with 0 for the zero
// time. Nanoseconds (rather than an engine's timestamp type, which in
// PostgreSQL keeps microseconds) make a time read back equal the one
// written, and a cursor the same on every engine.
func TS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// FromTS is the inverse of TS.
func FromTS(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

var idEncoding = base32.HexEncoding.WithPadding(base32.NoPadding)

// NewID returns a random id whose first 48 bits are the time in
// milliseconds, so new rows land at the end of the primary-key index.
func NewID(now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	if _, err := rand.Read(b[6:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return strings.ToLower(idEncoding.EncodeToString(b[:]))
}

// NotFound is the ENOTFOUND error for a missing what ("User", "Job").
func NotFound(what string) error {
	return hiregate.Errorf(hiregate.ENOTFOUND, "%s not found", what)
}
