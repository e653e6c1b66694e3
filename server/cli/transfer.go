package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/term"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/transfer"
)

// openMovable opens the database of export or import (name), which must be
// one whose rows can be read and loaded.
func openMovable(ctx context.Context, name string, args []string, getenv func(string) string, stdout, stderr io.Writer) (*app.Engine, int, bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	cfg, code, ok := setupSub(fs, dataFlag(fs), nil, args, getenv, stdout, stderr)
	if !ok {
		return nil, code, false
	}
	if !cfg.DatabaseURL.IsSet() && name == "export" {
		// Opening would make an empty database: a mistyped --data would
		// export nothing, say nothing of it, and leave a stray file.
		path := filepath.Join(cfg.DataDir, app.DBFile)
		if _, err := os.Stat(path); err != nil {
			fmt.Fprintf(stderr, "hiregate export: no database at %s (is --data right?)\n", path)
			return nil, exitError, false
		}
	}
	if !cfg.DatabaseURL.IsSet() {
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			fmt.Fprintf(stderr, "hiregate %s: create data directory: %v\n", name, err)
			return nil, exitError, false
		}
	}
	st, err := app.OpenStore(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate %s: %v\n", name, err)
		return nil, exitError, false
	}
	if st.Rows == nil {
		st.Store.Close()
		fmt.Fprintf(stderr, "hiregate %s: this database cannot be exported or imported\n", name)
		return nil, exitError, false
	}
	return st, exitOK, true
}

func exportCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintln(stderr, "hiregate export: stdout is a terminal; redirect it to a file: hiregate export > hiregate.export")
		return exitUsage
	}
	db, code, ok := openMovable(ctx, "export", args, getenv, stdout, stderr)
	if !ok {
		return code
	}
	defer db.Store.Close()
	sum, err := transfer.Export(ctx, db.Rows, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate export: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stderr, "exported:\n%s", sum)
	return exitOK
}

func importCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintln(stderr, "hiregate import: stdin is a terminal; redirect a file made by hiregate export: hiregate import < hiregate.export")
		return exitUsage
	}
	db, code, ok := openMovable(ctx, "import", args, getenv, stdout, stderr)
	if !ok {
		return code
	}
	defer db.Store.Close()
	sum, err := transfer.Import(ctx, db.Rows, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate import: %s\n", describe(err))
		return exitError
	}
	fmt.Fprintf(stdout, "imported and verified (row counts and checksums match the file):\n%s", sum)
	return exitOK
}
