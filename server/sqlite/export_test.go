package sqlite

import (
	"context"
	"database/sql"
	"strconv"
)

// SetMaxPageCount caps the database at its current size plus extra pages
// on the write connection, so that tests can fill the "disk".
func SetMaxPageCount(db *DB, extra int) error {
	var n int
	if err := db.writePool.QueryRowContext(context.Background(), `PRAGMA page_count`).Scan(&n); err != nil {
		return err
	}
	_, err := db.writePool.ExecContext(context.Background(), `PRAGMA max_page_count = `+strconv.Itoa(n+extra))
	return err
}

// Synchronous returns the write connection's PRAGMA synchronous (2 is
// FULL, 1 NORMAL).
func Synchronous(db *DB) (int, error) {
	var n int
	err := db.writePool.QueryRowContext(context.Background(), `PRAGMA synchronous`).Scan(&n)
	return n, err
}

// OpenSynchronous opens path with PRAGMA synchronous = mode, for
// benchmarks that compare modes.
func OpenSynchronous(path, mode string) (*DB, error) {
	return OpenWith(path, Options{Synchronous: mode})
}

// PendingWrites is how many writes wait for the group-commit writer.
func PendingWrites(db *DB) int { return db.writer.pending() }

// OnCommit makes the writer call f after every commit with the number of
// writes the commit acknowledged. Set it before any write runs.
func OnCommit(db *DB, f func(n int)) { db.writer.afterCommit = f }

// Write runs fn as a batchable write, as every store method's does.
func Write(ctx context.Context, db *DB, fn func(tx *sql.Tx) error) error { return db.inTx(ctx, fn) }
