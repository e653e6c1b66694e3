package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/backup"
)

func backupCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	data := dataFlag(fs)
	out := fs.String("out", "", "file to write the backup to (required); replaced atomically")
	if code, ok := parseSub(fs, args, stdout, stderr); !ok {
		return code
	}
	if strings.TrimSpace(*out) == "" {
		fmt.Fprintln(stderr, "hiregate backup: --out is required, such as --out hiregate-backup.db")
		return exitUsage
	}
	cfg, code, ok := subConfig(data, getenv, stdout, stderr)
	if !ok {
		return code
	}
	if cfg.DatabaseURL.IsSet() {
		fmt.Fprintln(stderr, sqliteOnly("backup"))
		return exitUsage
	}
	start := time.Now()
	sum, err := backup.Create(ctx, filepath.Join(cfg.DataDir, app.DBFile), *out)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate backup: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "wrote %s: %d bytes, schema version %d, integrity ok, %s, in %s\nnote: %s\n",
		sum.Path, sum.Bytes, sum.Schema, sum.RowsString(), time.Since(start).Round(time.Millisecond), backup.Keys)
	return exitOK
}

func restoreCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	data := dataFlag(fs)
	from := fs.String("from", "", "backup file to restore (required)")
	if code, ok := parseSub(fs, args, stdout, stderr); !ok {
		return code
	}
	if strings.TrimSpace(*from) == "" {
		fmt.Fprintln(stderr, "hiregate restore: --from is required, such as --from hiregate-backup.db")
		return exitUsage
	}
	cfg, code, ok := subConfig(data, getenv, stdout, stderr)
	if !ok {
		return code
	}
	if cfg.DatabaseURL.IsSet() {
		fmt.Fprintln(stderr, sqliteOnly("restore"))
		return exitUsage
	}
	r, err := backup.Restore(ctx, cfg.DataDir, app.DBFile, *from, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "hiregate restore: refused: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "restored %s into %s: schema version %d, %s\n", *from, filepath.Join(cfg.DataDir, app.DBFile), r.Schema, r.RowsString())
	if r.Aside != "" {
		fmt.Fprintf(stdout, "the database it replaced is kept at %s (delete it once you are sure)\n", r.Aside)
	}
	return exitOK
}

// sqliteOnly explains why backup and restore refuse a PostgreSQL database:
// they copy the SQLite file, and PostgreSQL has its own tools.
func sqliteOnly(cmd string) string {
	return "hiregate " + cmd + ": works on the SQLite database in --data only; for PostgreSQL (--database-url, $HIREGATE_DATABASE_URL) use pg_dump / pg_restore or your provider's backups"
}
