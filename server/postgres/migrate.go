package postgres

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

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
type SchemaTooNewError = sqlstore.SchemaTooNewError

// Migrations are PostgreSQL's schema changes, oldest first.
func Migrations() ([]sqlstore.Migration, error) {
	ms, err := sqlstore.LoadMigrations(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return ms, nil
}

// migrate applies every migration the database lacks, holding the
// migration lock on one connection throughout.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := Migrations()
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
	return sqlstore.Migrate(ctx, "postgres", migrator{pgQ{conn}, conn}, ms, db.Now)
}

// migrator runs migrations on the connection that holds the lock.
type migrator struct {
	pgQ
	conn *pgxpool.Conn
}

func (m migrator) InTx(ctx context.Context, fn func(sqlstore.Q) error) error {
	tx, err := m.conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(pgQ{tx}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
