// Package sqlstore is hiregate's store written once for both SQL engines
// (sqlite, postgres), with what the engines share: how ids, times and
// cursors are encoded, how a keyset page query is built, how rows scan
// into the domain's types, how a search box becomes words and how
// migrations run. Both engines store the same columns with the same
// meaning, so that a database moves from one engine to the other
// unchanged and a cursor means the same thing on both.
//
// # Shape
//
// DB implements the store interfaces, one file per interface (users.go,
// audit.go, jobs.go, ...). Each statement is written once, with '?'
// placeholders (never '?N', and no '?' in literals or comments):
// PostgreSQL's Q numbers them once per distinct statement (Rebinder).
// DB runs everything through an Engine, which an engine package
// supplies:
//
//   - Read() is the Q that reads run on;
//   - Step(ctx, fn) runs a write that needs no transaction (usually one
//     statement: an INSERT, a conditional UPDATE, an UPDATE … RETURNING);
//   - Tx(ctx, fn) runs a write transaction. fn may run more than once, so
//     it sets its results rather than appending to them;
//   - the dialect hooks: Lock (FOR UPDATE/FOR SHARE or nothing), LockKeys
//     (per-key advisory locks or nothing), Arrays (In writes "= ANY(?)" or
//     an IN list), ILike, Unique and ForeignKey (constraint errors), and
//     JobSearch (the full-text index of jobs).
//
// A missing row is sql.ErrNoRows on both engines (pgx's ErrNoRows is one
// under errors.Is): use db.notFoundOr(err, "What", "op"). Wrap other
// errors with db.errorf("op", err), which names the engine.
//
// Where the engines used to behave differently, there is one behaviour:
// a read-modify-write reads its row with db.e.Lock(ForUpdate, "alias")
// inside Tx (a row lock on PostgreSQL; on SQLite write transactions
// already run one at a time), and a change that needs no read is one
// conditional statement (UpdateUser's coalesce(?, col)).
//
// # Porting a store from the engine packages
//
//  1. Create <interface>.go here with the methods on *DB, and
//     `var _ store.X = (*DB)(nil)`. Take the statements from the SQLite
//     copy ('?' already), the locking from the PostgreSQL copy (as
//     db.e.Lock), IN lists as In(db.e, col, vals), RETURNING instead of
//     LastInsertId.
//  2. Delete the method files of both engines (sqlite/<x>.go,
//     postgres/<x>.go) and any helper only they used. The engines' DB
//     types embed *DB, so the ported methods are theirs at once.
//  3. When the engines differ in a way SQL cannot hide, add a method to
//     Engine (documented with both engines' answers), implement it in
//     sqlite/engine.go and postgres/engine.go, and call it through db.e.
//     Prefer a hook that returns SQL text or a yes/no over one that runs
//     a whole step.
//  4. Run storetest on both engines (HIREGATE_TEST_DATABASE_URL set).
//
// Atomic is here too (atomic.go): the engine runs the transaction
// (Engine.Atomic) and hands back the view, its DB on the transaction's
// Engine (Engine.Store), so the engine packages keep only opening, pools,
// health, versions and their hooks. Once every store is here and DB is a
// whole store.Store, the view can be db.On(view) and Engine.Store go.
//
// # Migrations
//
// Each engine embeds its own scripts (NNNN_name.sql) and calls Migrate,
// which records every applied version in schema_migrations. Deployed
// databases have SQLite versions 1–5 and PostgreSQL versions 1–4 with
// different meanings, and keep them. From FirstSharedMigration (6) on
// there is one numbered list: a schema change takes the next number on
// both engines, with the same file name on both, even where one engine
// needs no statement for it (then its script is a comment saying why and
// "SELECT 1;"). TestMigrationNumbersAgree holds the engines to it.
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
