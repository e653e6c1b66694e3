package postgres

import (
	"context"
	"embed"
	"fmt"

	"github.com/hiregate/hiregate/server/store/sqlstore"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationLock is the pg_advisory_lock key under which migrations run, so
// that replicas starting together apply each migration once, one after the
// other, and none serves before the schema is complete.
const migrationLock int64 = 0x6869726567617465 // "hiregate"

// SchemaTooNewError is returned by Open when the database was migrated by a
// newer hiregate than this one.
type SchemaTooNewError struct {
	Database, Known int
}

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("postgres: the database schema is at version %d but this hiregate knows versions up to %d: "+
		"a newer hiregate has migrated it; run that version (or newer) instead of downgrading", e.Database, e.Known)
}

func loadMigrations() ([]sqlstore.Migration, error) {
	ms, err := sqlstore.LoadMigrations(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return ms, nil
}

// migrate applies every migration the database lacks, each in its own
// transaction, holding the migration lock on one connection throughout.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: connect: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("postgres: migration lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)

	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at BIGINT NOT NULL
	)`); err != nil {
		return fmt.Errorf("postgres: create schema_migrations: %w", err)
	}
	var current int
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("postgres: read schema version: %w", err)
	}
	known := ms[len(ms)-1].Version
	if current > known {
		return &SchemaTooNewError{Database: current, Known: known}
	}
	for _, m := range ms {
		if m.Version <= current {
			continue
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			return fmt.Errorf("postgres: migration %s: %w", m.Name, err)
		}
		_, err = tx.Exec(ctx, m.SQL)
		if err == nil {
			_, err = tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, db.Now().UnixNano())
		}
		if err == nil {
			err = tx.Commit(ctx)
		}
		if err != nil {
			tx.Rollback(context.WithoutCancel(ctx))
			return fmt.Errorf("postgres: migration %s: %w", m.Name, err)
		}
	}
	return nil
}
