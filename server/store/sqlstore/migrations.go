package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migration is one numbered schema change of an engine.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// LoadMigrations reads the NNNN_name.sql files in dir of fsys, oldest
// first. A file named otherwise, or two files with one number, is an
// error: a migration silently skipped or run in the wrong order would
// leave a schema no release expects.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	seen := map[int]string{}
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 || !strings.HasSuffix(name, ".sql") {
			return nil, fmt.Errorf("migration %q is not named NNNN_name.sql", name)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %q and %q share version %d", prev, name, v)
		}
		seen[v] = name
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

// FirstSharedMigration is the first version both engines number alike.
// Before it the engines' histories differ (SQLite 1–5, PostgreSQL 1–4,
// with different meanings) and stay as deployed databases recorded them;
// from it on, one schema change is one version with one name on both
// engines (a test holds them to it), even when one engine needs no SQL
// for it.
const FirstSharedMigration = 6

// SchemaTooNewError is returned by Migrate when the database was migrated
// by a newer hiregate than this one.
type SchemaTooNewError struct {
	Engine          string
	Database, Known int
}

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("%s: the database schema is at version %d but this hiregate knows versions up to %d: "+
		"a newer hiregate has migrated it; run that version (or newer) instead of downgrading", e.Engine, e.Database, e.Known)
}

// Migrator is the connection an engine's migrations run on. An engine
// that several processes may open at once keeps the others' migrations
// out while Migrate runs (PostgreSQL: an advisory lock held by the
// connection; SQLite: each transaction takes the write lock, and the
// check for a version runs inside it).
type Migrator interface {
	Q
	// InTx runs fn once in a transaction of its own on the connection,
	// committing when it returns nil.
	InTx(ctx context.Context, fn func(Q) error) error
}

// Migrate applies every migration of ms the database lacks, oldest first,
// each in its own transaction with its row in schema_migrations. It
// refuses a database that a newer build migrated (SchemaTooNewError).
// Migration scripts run as they are: they must hold no '?'.
func Migrate(ctx context.Context, engine string, m Migrator, ms []Migration, now func() time.Time) error {
	if len(ms) == 0 {
		return fmt.Errorf("%s: no migrations", engine)
	}
	if _, err := m.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at BIGINT NOT NULL
	)`); err != nil {
		return fmt.Errorf("%s: create schema_migrations: %w", engine, err)
	}
	var current int
	if err := m.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("%s: read schema version: %w", engine, err)
	}
	if known := ms[len(ms)-1].Version; current > known {
		return &SchemaTooNewError{Engine: engine, Database: current, Known: known}
	}
	for _, mig := range ms {
		err := m.InTx(ctx, func(tx Q) error {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, mig.Version).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.Exec(ctx, mig.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				mig.Version, mig.Name, TS(now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: migration %s: %w", engine, mig.Name, err)
		}
	}
	return nil
}
