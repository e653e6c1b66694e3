package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/backup"
	"github.com/hiregate/hiregate/server/config"
)

func backupCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	data := dataFlag(fs)
	out := fs.String("out", "", "file to write the backup to (required); replaced atomically")
	cfg, code, ok := sqliteSub(fs, data, requiredFlag{name: "out", example: "--out hiregate-backup.db", value: out}, args, getenv, stdout, stderr)
	if !ok {
		return code
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
	cfg, code, ok := sqliteSub(fs, data, requiredFlag{name: "from", example: "--from hiregate-backup.db", value: from}, args, getenv, stdout, stderr)
	if !ok {
		return code
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

// sqliteSub is setupSub for a command on the SQLite file, with one
// required flag.
func sqliteSub(fs *flag.FlagSet, data dbFlags, need requiredFlag, args []string, getenv func(string) string, stdout, stderr io.Writer) (config.Config, int, bool) {
	cfg, code, ok := setupSub(fs, data, []requiredFlag{need}, args, getenv, stdout, stderr)
	if ok && cfg.DatabaseURL.IsSet() {
		fmt.Fprintln(stderr, sqliteOnly(fs.Name()))
		return cfg, exitUsage, false
	}
	return cfg, code, ok
}

// sqliteOnly explains why backup and restore refuse a PostgreSQL database:
// they copy the SQLite file, and PostgreSQL has its own tools.
func sqliteOnly(cmd string) string {
	return "hiregate " + cmd + ": works on the SQLite database in --data only; for PostgreSQL (--database-url, $HIREGATE_DATABASE_URL) use pg_dump / pg_restore or your provider's backups"
}
