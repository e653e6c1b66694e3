package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store/sqlstore"
)

// Erased truncates the write-ahead log after an erasure: writes run with
// secure_delete on (see dsn), so every cell and page the erasure freed is
// overwritten with zeros, as was every older version of the rows it
// touched, but the log still holds the pages as they were before. In an
// Atomic view the erasure is not committed yet: the view truncates the
// log once it commits.
func (e engine) Erased(ctx context.Context) error {
	if e.db.erased != nil {
		*e.db.erased = true
		return nil
	}
	return e.db.checkpoint(ctx)
}

// checkpoint copies the log into the database file and truncates it, on
// the write connection once the writer has let it go. A reader still
// using an old snapshot makes it report busy; it is retried briefly,
// since the erased data stays in the log until it succeeds.
func (db *DB) checkpoint(ctx context.Context) error {
	conn, err := db.writePool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: checkpoint: %w", err)
	}
	defer conn.Close()
	for i := 0; ; i++ {
		var busy, logFrames, done int
		if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
			return fmt.Errorf("sqlite: checkpoint: %w", err)
		}
		if busy == 0 {
			return nil
		}
		if i == 50 {
			return fmt.Errorf("sqlite: checkpoint: database stayed busy")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// scrubOnce rewrites the whole file once (VACUUM) when it was last written
// without secure_delete: older versions of rows may lie in the free space
// of its pages, and an erasure must not leave them behind. A database
// created since never needs it; the cost is paid at the first start after
// the upgrade.
func (db *DB) scrubOnce(ctx context.Context) error {
	var n int
	if err := db.writePool.QueryRowContext(ctx, `SELECT count(*) FROM maintenance WHERE name = 'secure_delete'`).Scan(&n); err != nil {
		return fmt.Errorf("sqlite: scrub: %w", err)
	}
	if n > 0 {
		return nil
	}
	var apps int
	if err := db.writePool.QueryRowContext(ctx, `SELECT count(*) FROM applications`).Scan(&apps); err != nil {
		return fmt.Errorf("sqlite: scrub: %w", err)
	}
	// A database with no application yet has nothing to scrub.
	if apps > 0 {
		if _, err := db.writePool.ExecContext(ctx, `VACUUM`); err != nil {
			return fmt.Errorf("sqlite: scrub: %w", err)
		}
	}
	if _, err := db.writePool.ExecContext(ctx, `INSERT OR IGNORE INTO maintenance (name, at) VALUES ('secure_delete', ?)`, sqlstore.TS(db.Now())); err != nil {
		return fmt.Errorf("sqlite: scrub: %w", err)
	}
	return nil
}
