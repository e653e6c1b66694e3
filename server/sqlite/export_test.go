package sqlite

import (
	"context"
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
