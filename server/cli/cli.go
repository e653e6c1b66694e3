// Package cli is the hiregate command: serving the API and the operator's
// subcommands, one file each. Run is the whole program with the process's
// environment passed in, so that tests run it as the binary would.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/version"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // bad flags, settings or input
)

const usageText = `Usage:
  hiregate [flags]                   serve the API
  hiregate --version                 print the version, commit and build's Go and exit
  hiregate config [flags]            print the effective configuration and exit
  hiregate user create --email E --name N [--role admin] [--data DIR | --database-url URL]
                                     create a user; the password is read from stdin
                                     (prompted for twice when stdin is a terminal)
  hiregate user mfa-reset --email E [--data DIR | --database-url URL]
                                     remove a user's second factor (TOTP and recovery
                                     codes), for someone who lost both; audited
  hiregate keys rotate [--data DIR]  create a new JWT signing key (EdDSA)
  hiregate keys rotate --database-url URL
                                     make every server on that database create a new key
  hiregate export [--data DIR | --database-url URL] > FILE
                                     write every user, job, application (history,
                                     notes) and audit event to FILE
  hiregate import [--data DIR | --database-url URL] < FILE
                                     load FILE into an empty database (SQLite or
                                     PostgreSQL) and verify it by counts and checksums
  hiregate backup --out FILE [--data DIR]
                                     write a verified copy of the database, also
                                     while the server runs
  hiregate restore --from FILE [--data DIR]
                                     replace the database with a backup; the
                                     server must be stopped

`

func usage(w io.Writer) {
	fmt.Fprint(w, usageText)
	config.Usage(w)
}

// System is what a command may touch of its process.
type System struct {
	Getenv         func(string) string
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// OS is this process's own environment and standard streams.
func OS() System {
	return System{Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
}

// Run runs the command args (without the program name) and returns the
// process's exit code: 0 done, 1 failed, 2 bad flags, settings or input.
func Run(ctx context.Context, args []string, sys System) int {
	return run(ctx, args, sys.Getenv, sys.Stdin, sys.Stdout, sys.Stderr)
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-version" || args[0] == "version") {
		fmt.Fprintln(stdout, "hiregate", version.Get())
		return exitOK
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, rest := args[0], args[1:]
		sub := ""
		if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
			sub = rest[0]
		}
		switch {
		case cmd == "serve":
			return serve(ctx, rest, getenv, stdout, stderr)
		case cmd == "config":
			return printConfig(rest, getenv, stdout, stderr)
		case cmd == "help":
			usage(stdout)
			return exitOK
		case cmd == "user" && sub == "create":
			return userCreate(ctx, rest[1:], getenv, stdin, stdout, stderr)
		case cmd == "user" && sub == "mfa-reset":
			return userMFAReset(ctx, rest[1:], getenv, stdout, stderr)
		case cmd == "export":
			return exportCmd(ctx, rest, getenv, stdout, stderr)
		case cmd == "import":
			return importCmd(ctx, rest, getenv, stdin, stdout, stderr)
		case cmd == "backup":
			return backupCmd(ctx, rest, getenv, stdout, stderr)
		case cmd == "restore":
			return restoreCmd(ctx, rest, getenv, stdout, stderr)
		case cmd == "keys" && sub == "rotate":
			return keysRotate(ctx, rest[1:], getenv, stdout, stderr)
		case cmd == "user" || cmd == "keys":
			fmt.Fprintf(stderr, "hiregate: unknown command %q; want %q\n", strings.TrimSpace(cmd+" "+sub), map[string]string{"user": "user create or user mfa-reset", "keys": "keys rotate"}[cmd])
			return exitUsage
		default:
			fmt.Fprintf(stderr, "hiregate: unknown command %q\n\n", cmd)
			usage(stderr)
			return exitUsage
		}
	}
	return serve(ctx, args, getenv, stdout, stderr)
}

// loadConfig loads the settings, printing help or the problem. ok is false
// when the caller should return code.
func loadConfig(args []string, getenv func(string) string, stdout, stderr io.Writer) (cfg config.Config, code int, ok bool) {
	cfg, err := config.Load(args, getenv)
	if err == nil {
		err = app.Validate(cfg)
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		usage(stdout)
		return cfg, exitOK, false
	case err != nil:
		fmt.Fprintf(stderr, "hiregate: %v\nrun 'hiregate --help' for the settings\n", err)
		return cfg, exitUsage, false
	}
	return cfg, exitOK, true
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// dbFlags are where a subcommand finds the database.
type dbFlags struct{ data, url *string }

// dataFlag registers --data and --database-url on fs. The rest of the
// configuration (bcrypt cost, JWT algorithm, ...) comes from the
// environment, as for the server.
func dataFlag(fs *flag.FlagSet) dbFlags {
	return dbFlags{
		data: fs.String("data", "", "data directory (default $HIREGATE_DATA or ./data)"),
		url:  fs.String("database-url", "", "PostgreSQL URL instead of SQLite in the data directory (default $HIREGATE_DATABASE_URL)"),
	}
}

func subConfig(f dbFlags, getenv func(string) string, stdout, stderr io.Writer) (config.Config, int, bool) {
	var args []string
	if *f.data != "" {
		args = append(args, "--data", *f.data)
	}
	if *f.url != "" {
		args = append(args, "--database-url", *f.url)
	}
	return loadConfig(args, getenv, stdout, stderr)
}

func parseSub(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return exitOK, false
	case err != nil:
		fmt.Fprintf(stderr, "hiregate %s: %v\n", fs.Name(), err)
		return exitUsage, false
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "hiregate %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage, false
	}
	return exitOK, true
}

// requiredFlag is a string flag a subcommand cannot run without; example,
// when set, shows a value in the error that names it.
type requiredFlag struct {
	name, example string
	value         *string
}

// setupSub parses a subcommand's flags (fs, with the database flags data),
// refuses a blank required flag and loads the configuration.
func setupSub(fs *flag.FlagSet, data dbFlags, need []requiredFlag, args []string, getenv func(string) string, stdout, stderr io.Writer) (config.Config, int, bool) {
	if code, ok := parseSub(fs, args, stdout, stderr); !ok {
		return config.Config{}, code, false
	}
	for _, r := range need {
		if strings.TrimSpace(*r.value) != "" {
			continue
		}
		msg := "hiregate " + fs.Name() + ": --" + r.name + " is required"
		if r.example != "" {
			msg += ", such as " + r.example
		}
		fmt.Fprintln(stderr, msg)
		return config.Config{}, exitUsage, false
	}
	return subConfig(data, getenv, stdout, stderr)
}

// describe is the message for err: the domain's own message when it has
// one, the error otherwise (the CLI runs on the operator's own machine).
func describe(err error) string {
	var he *hiregate.Error
	if errors.As(err, &he) && he.Message != "" {
		return strings.ToLower(he.Message[:1]) + he.Message[1:]
	}
	return err.Error()
}
