// Package backup copies a live hiregate SQLite database into one
// self-contained file, checks such a file, and restores it into a data
// directory.
//
// A copy is taken with SQLite's online backup API inside one read
// transaction, so it is the database as of one instant even while servers
// keep writing (a plain file copy of a WAL database is not). Every file is
// verified (integrity_check, foreign keys, row counts equal to the source's
// at that instant) before it is renamed into place, so a file at the
// target path is always a complete, checked backup.
//
// Signing keys (DIR/keys) are deliberately not in the backup: see Keys.
package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"modernc.org/sqlite"

	hgsqlite "github.com/hiregate/hiregate/server/sqlite"
)

// Keys explains, for the CLI and the docs, why signing keys are not copied.
const Keys = "signing keys (DIR/keys) are not in the backup: refresh tokens live in the database, so after a restore " +
	"clients refresh and get access tokens signed with the directory's current (or a new) key; " +
	"keeping keys out means a stolen backup cannot mint tokens"

// Summary describes a verified backup file.
type Summary struct {
	Path   string
	Bytes  int64
	Schema int              // newest applied migration
	Rows   map[string]int64 // table -> rows
}

// RowsString lists the row counts, "applications=3 jobs=2 …", sorted.
func (s Summary) RowsString() string {
	names := make([]string, 0, len(s.Rows))
	for n := range s.Rows {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s=%d", n, s.Rows[n])
	}
	return strings.Join(parts, " ")
}

// backuper is the modernc.org/sqlite connection's backup method.
type backuper interface {
	NewBackup(dstURI string) (*sqlite.Backup, error)
}

// Create writes a verified copy of the database at dbPath to out,
// atomically: the copy is built in a temporary file beside out, checked,
// synced, and renamed over out. Servers may keep writing meanwhile.
func Create(ctx context.Context, dbPath, out string) (Summary, error) {
	if _, err := os.Stat(dbPath); err != nil {
		// Opening a missing file would create an empty database.
		return Summary{}, fmt.Errorf("no database to back up: %w", err)
	}
	outDir := filepath.Dir(out)
	if fi, err := os.Stat(outDir); err != nil || !fi.IsDir() {
		return Summary{}, fmt.Errorf("output directory %s does not exist", outDir)
	}
	tmp, err := os.CreateTemp(outDir, "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return Summary{}, fmt.Errorf("create temporary file: %w", err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	ok := false
	defer func() {
		if !ok {
			removeDB(tmpPath)
		}
	}()

	rows, err := snapshot(ctx, dbPath, tmpPath)
	if err != nil {
		return Summary{}, err
	}
	// The copy carries the source's WAL flag; a backup is one file, so
	// switch it to a rollback journal (no -wal or -shm beside it).
	sum, err := check(ctx, tmpPath, "PRAGMA journal_mode=DELETE")
	if err != nil {
		return Summary{}, fmt.Errorf("the copy failed verification: %w", err)
	}
	for table, n := range rows {
		if sum.Rows[table] != n {
			return Summary{}, fmt.Errorf("the copy failed verification: table %s has %d rows, the database had %d", table, sum.Rows[table], n)
		}
	}
	if len(sum.Rows) != len(rows) {
		return Summary{}, fmt.Errorf("the copy failed verification: %d tables, the database had %d", len(sum.Rows), len(rows))
	}
	if err := syncFile(tmpPath); err != nil {
		return Summary{}, err
	}
	if err := os.Chmod(tmpPath, 0o600); err != nil {
		return Summary{}, err
	}
	if err := os.Rename(tmpPath, out); err != nil {
		return Summary{}, fmt.Errorf("move the backup into place: %w", err)
	}
	ok = true
	if err := syncDir(outDir); err != nil {
		return Summary{}, err
	}
	sum.Path = out
	return sum, nil
}

// snapshot counts the rows of every table and copies the database to dst,
// both in one read transaction: the backup API uses the source
// connection's open transaction, so the counts describe the copy exactly.
func snapshot(ctx context.Context, dbPath, dst string) (map[string]int64, error) {
	db, err := sql.Open("sqlite", fileURI(dbPath, url.Values{"mode": {"rw"}, "_pragma": {"busy_timeout(5000)"}}))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	rows, err := countRows(ctx, conn)
	if err != nil {
		return nil, err
	}
	err = conn.Raw(func(dc any) error {
		bk, ok := dc.(backuper)
		if !ok {
			return errors.New("the SQLite driver has no online backup")
		}
		b, err := bk.NewBackup(fileURI(dst, nil))
		if err != nil {
			return err
		}
		if _, err := b.Step(-1); err != nil {
			b.Finish()
			return err
		}
		return b.Finish()
	})
	if err != nil {
		return nil, fmt.Errorf("copy the database: %w", err)
	}
	return rows, nil
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func countRows(ctx context.Context, q querier) (map[string]int64, error) {
	rs, err := q.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var tables []string
	for rs.Next() {
		var n string
		if err := rs.Scan(&n); err != nil {
			rs.Close()
			return nil, err
		}
		tables = append(tables, n)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	out := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM "`+strings.ReplaceAll(t, `"`, `""`)+`"`).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// check opens the database file at path (which must be a file nobody else
// uses), runs setup, and verifies it: SQLite's integrity and foreign key
// checks, a hiregate schema this build can read, and the row counts.
func check(ctx context.Context, path, setup string) (Summary, error) {
	db, err := sql.Open("sqlite", fileURI(path, url.Values{"mode": {"rw"}}))
	if err != nil {
		return Summary{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if setup != "" {
		if _, err := db.ExecContext(ctx, setup); err != nil {
			return Summary{}, describeOpen(err)
		}
	}
	var problems []string
	rs, err := db.QueryContext(ctx, `PRAGMA integrity_check(20)`)
	if err != nil {
		return Summary{}, describeOpen(err)
	}
	for rs.Next() {
		var p string
		if err := rs.Scan(&p); err != nil {
			rs.Close()
			return Summary{}, describeOpen(err)
		}
		if p != "ok" {
			problems = append(problems, p)
		}
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return Summary{}, describeOpen(err)
	}
	if len(problems) > 0 {
		return Summary{}, fmt.Errorf("the file is corrupted: integrity check: %s", strings.Join(problems, "; "))
	}
	var fkTable string
	switch err := db.QueryRowContext(ctx, `PRAGMA foreign_key_check`).Scan(&fkTable, new(any), new(any), new(any)); {
	case err == nil:
		return Summary{}, fmt.Errorf("the file is corrupted: table %s has rows pointing at missing rows", fkTable)
	case !errors.Is(err, sql.ErrNoRows):
		return Summary{}, describeOpen(err)
	}
	var schema sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&schema); err != nil || !schema.Valid {
		return Summary{}, errors.New("not a hiregate database: it has no schema_migrations table")
	}
	if latest := hgsqlite.LatestSchemaVersion(); int(schema.Int64) > latest {
		return Summary{}, fmt.Errorf("the file has schema version %d, newer than this hiregate knows (%d): restore it with the hiregate that wrote it, or upgrade", schema.Int64, latest)
	}
	rows, err := countRows(ctx, db)
	if err != nil {
		return Summary{}, describeOpen(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return Summary{}, err
	}
	return Summary{Path: path, Bytes: fi.Size(), Schema: int(schema.Int64), Rows: rows}, nil
}

// describeOpen turns SQLite's wording for a file that is not a database
// into the operator's.
func describeOpen(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "file is not a database"), strings.Contains(msg, "(26)"):
		return fmt.Errorf("not a SQLite database (%v)", err)
	case strings.Contains(msg, "malformed"), strings.Contains(msg, "(11)"):
		return fmt.Errorf("the file is corrupted (%v)", err)
	}
	return err
}

func fileURI(path string, q url.Values) string {
	abs, err := filepath.Abs(path)
	if err == nil {
		path = abs
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	if q != nil {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return f.Close()
}

// removeDB removes a database file and whatever journal SQLite left beside
// it.
func removeDB(path string) {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// stamp is the UTC timestamp in the names of backups and replaced
// databases; it sorts by time.
func stamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
