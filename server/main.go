// Command hiregate is the hiregate API server.
//
//	hiregate [flags]                 serve the API (see --help for the flags)
//	hiregate config [flags]          print the effective configuration
//	hiregate user create --email E --name N [--role admin] [--data DIR | --database-url URL]
//	                                 create a user; the password is read from stdin
//	hiregate user mfa-reset --email E [--data DIR | --database-url URL]
//	                                 remove a user's second factor (lost device)
//	hiregate keys rotate [--data DIR | --database-url URL]
//	                                 create a new JWT signing key (for every
//	                                 server on the database, with a URL)
//	hiregate export [--data DIR | --database-url URL] > FILE
//	hiregate import [--data DIR | --database-url URL] < FILE
//	                                 move a database between SQLite and PostgreSQL
//	hiregate backup --out FILE [--data DIR]
//	hiregate restore --from FILE [--data DIR]
//	                                 online backup and restore (SQLite)
//	hiregate --version               print the build
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/hiregate/hiregate/server/accounts"
	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/hashworker"
	"github.com/hiregate/hiregate/server/seed"
	"github.com/hiregate/hiregate/server/transfer"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/version"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // bad flags, settings or input
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal a second one kills the process at once,
		// for when a graceful shutdown takes too long for the operator.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

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

// run is the whole program, with its environment passed in so tests can run
// it. It returns the process's exit code.
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
		case cmd == hashworker.Command:
			// Hidden: the server starts it (hashworker.Pool), nobody else.
			if err := hashworker.Serve(stdin, stdout); err != nil {
				fmt.Fprintf(stderr, "hiregate %s: %v\n", hashworker.Command, err)
				return exitError
			}
			return exitOK
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

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, code, ok := loadConfig(args, getenv, stdout, stderr)
	if !ok {
		return code
	}
	log := newLogger(cfg, stderr)
	log.Info("starting hiregate", "version", version.Get().String(), "config", cfg)

	if cfg.PprofAddr != "" {
		stop, err := startPprof(cfg.PprofAddr, log)
		if err != nil {
			log.Error("start failed", "err", err)
			return exitError
		}
		defer stop()
	}
	a, err := app.Open(ctx, cfg, log, app.WithHashWorker(hashWorkerCmd(getenv, stderr)))
	if err != nil {
		log.Error("start failed", "err", err)
		return exitError
	}
	if cfg.Demo {
		printDemo(stdout, a.URL())
	}

	code = exitOK
	select {
	case <-ctx.Done():
		log.Info("shutting down", "reason", context.Cause(ctx).Error(), "timeout", cfg.ShutdownTimeout.String())
	case err := <-a.Err():
		log.Error("server failed", "err", err)
		code = exitError
	}
	if err := a.Close(); err != nil {
		log.Error("shutdown", "err", err)
		code = exitError
	}
	return code
}

// hashWorkerCmd is this binary re-executed as `hiregate hash-worker`, so
// that bcrypt runs in processes of their own at a lower priority and the
// server's runtime never waits for them (docs/PERFORMANCE.md). On Linux
// /proc/self/exe is this very build even after an upgrade replaced the
// file. The worker gets no environment of ours (secrets stay here), and
// one P: it computes one hash at a time. nil when the binary is unknown:
// the server then hashes in-process.
func hashWorkerCmd(getenv func(string) string, stderr io.Writer) *hashworker.Cmd {
	path := "/proc/self/exe"
	if _, err := os.Stat(path); err != nil {
		if path, err = os.Executable(); err != nil {
			return nil
		}
	}
	env := []string{"GOMAXPROCS=1"}
	if v := getenv("SYSTEMROOT"); v != "" {
		env = append(env, "SYSTEMROOT="+v) // Windows needs it to load system DLLs
	}
	return &hashworker.Cmd{Path: path, Args: []string{hashworker.Command}, Env: env, Stderr: stderr}
}

func printDemo(w io.Writer, url string) {
	fmt.Fprintf(w, "\nhiregate demo mode: %s\nDemo accounts, all with the password %q:\n", url, seed.DemoPassword)
	for _, a := range seed.Accounts {
		fmt.Fprintf(w, "  %-10s %-24s %s\n", a.Role, a.Email, a.FullName)
	}
	fmt.Fprintf(w, "Start the terminal client in another terminal: go run ./tui\n\n")
}

func printConfig(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, code, ok := loadConfig(args, getenv, stdout, stderr)
	if !ok {
		return code
	}
	if err := cfg.Print(stdout); err != nil {
		fmt.Fprintf(stderr, "hiregate: %v\n", err)
		return exitError
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	return exitOK
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

// flagNames maps the domain's field names to the flags that set them.
var flagNames = map[string]string{"email": "--email", "full_name": "--name", "role": "--role", "password": "password (stdin)"}

func userCreate(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	data := dataFlag(fs)
	email := fs.String("email", "", "the user's email (required)")
	name := fs.String("name", "", "the user's full name (required)")
	role := fs.String("role", string(hiregate.RoleAdmin), "candidate, recruiter or admin")
	if code, ok := parseSub(fs, args, stdout, stderr); !ok {
		return code
	}
	var missing []string
	if strings.TrimSpace(*email) == "" {
		missing = append(missing, "--email")
	}
	if strings.TrimSpace(*name) == "" {
		missing = append(missing, "--name")
	}
	if len(missing) > 0 {
		verb := "is"
		if len(missing) > 1 {
			verb = "are"
		}
		fmt.Fprintf(stderr, "hiregate user create: %s %s required\n", strings.Join(missing, " and "), verb)
		return exitUsage
	}
	if !hiregate.Role(*role).Valid() {
		fmt.Fprintf(stderr, "hiregate user create: invalid --role: %q is not one of candidate, recruiter, admin\n", *role)
		return exitUsage
	}
	cfg, code, ok := subConfig(data, getenv, stdout, stderr)
	if !ok {
		return code
	}

	password, err := readPassword(stdin, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate user create: %v\n", err)
		return exitUsage
	}
	if msg := hiregate.PasswordProblem(password); msg != "" {
		fmt.Fprintf(stderr, "hiregate user create: invalid password (stdin): %s\n", msg)
		return exitUsage
	}

	log := newLogger(cfg, stderr)
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		fmt.Fprintf(stderr, "hiregate user create: create data directory: %v\n", err)
		return exitError
	}
	eng, err := app.OpenStore(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate user create: %v\n", err)
		return exitError
	}
	db := eng.Store
	defer db.Close()
	svc, err := auth.New(app.AuthConfig(cfg, nil), db, log)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate user create: %v\n", err)
		return exitError
	}
	u, err := accounts.New(db, svc).CreateUser(ctx, hiregate.CreateUserRequest{Email: *email, Password: password, FullName: *name, Role: hiregate.Role(*role)})
	if err != nil {
		var he *hiregate.Error
		if errors.As(err, &he) && he.Code == hiregate.EINVALID && len(he.Fields) > 0 {
			keys := make([]string, 0, len(he.Fields))
			for k := range he.Fields {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				n := flagNames[k]
				if n == "" {
					n = k
				}
				fmt.Fprintf(stderr, "hiregate user create: invalid %s: %s\n", n, he.Fields[k])
			}
			return exitUsage
		}
		fmt.Fprintf(stderr, "hiregate user create: %s\n", describe(err))
		return exitError
	}
	fmt.Fprintf(stdout, "created %s %s (%s), id %s\n", u.Role, u.Email, u.FullName, u.ID)
	return exitOK
}

// userMFAReset removes a user's second factor from the command line: the
// way back in for an operator locked out of the only admin account.
func userMFAReset(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("user mfa-reset", flag.ContinueOnError)
	data := dataFlag(fs)
	email := fs.String("email", "", "the user's email (required)")
	cfg, code, ok := setupSub(fs, data, []requiredFlag{{name: "email", value: email}}, args, getenv, stdout, stderr)
	if !ok {
		return code
	}
	if !cfg.DatabaseURL.IsSet() {
		path := filepath.Join(cfg.DataDir, app.DBFile)
		if _, err := os.Stat(path); err != nil {
			// Opening would create an empty database, hiding a wrong --data.
			fmt.Fprintf(stderr, "hiregate user mfa-reset: no database at %s: %v\n", path, err)
			return exitError
		}
	}
	eng, err := app.OpenStore(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate user mfa-reset: %v\n", err)
		return exitError
	}
	db := eng.Store
	defer db.Close()
	svc, err := auth.New(app.AuthConfig(cfg, nil), db, newLogger(cfg, stderr))
	if err != nil {
		fmt.Fprintf(stderr, "hiregate user mfa-reset: %v\n", err)
		return exitError
	}
	u, err := db.UserByEmail(ctx, hiregate.NormalizeEmail(*email))
	if hiregate.ErrorCode(err) == hiregate.ENOTFOUND {
		fmt.Fprintf(stderr, "hiregate user mfa-reset: no user with email %s\n", hiregate.NormalizeEmail(*email))
		return exitError
	} else if err != nil {
		fmt.Fprintf(stderr, "hiregate user mfa-reset: %s\n", describe(err))
		return exitError
	}
	had, err := svc.ResetMFA(ctx, nil, u.ID, caller.ClientInfo{})
	if err != nil {
		fmt.Fprintf(stderr, "hiregate user mfa-reset: %s\n", describe(err))
		return exitError
	}
	if !had {
		fmt.Fprintf(stdout, "%s has no second factor; nothing changed\n", u.Email)
		return exitOK
	}
	fmt.Fprintf(stdout, "second factor removed for %s (id %s): they sign in with the password alone and may enrol again\n", u.Email, u.ID)
	return exitOK
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

// maxPasswordLine bounds what is read from a non-terminal stdin.
const maxPasswordLine = 4096

// readPassword prompts twice without echo when stdin is a terminal, and
// otherwise reads one line (so `printf '%s\n' "$PW" | hiregate user create`
// works in scripts). The password is never taken from a flag: flags show in
// ps and in shell history.
func readPassword(stdin io.Reader, prompt io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fd := int(f.Fd())
		fmt.Fprint(prompt, "Password: ")
		p1, err := term.ReadPassword(fd)
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(prompt, "Repeat password: ")
		p2, err := term.ReadPassword(fd)
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords do not match")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, maxPasswordLine)).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		if errors.Is(err, io.EOF) {
			return "", errors.New("no password on stdin; pipe it in, such as: printf '%s\\n' \"$PASSWORD\" | hiregate user create ...")
		}
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"), nil
}

func keysRotate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("keys rotate", flag.ContinueOnError)
	cfg, code, ok := setupSub(fs, dataFlag(fs), nil, args, getenv, stdout, stderr)
	if !ok {
		return code
	}
	if cfg.JWTAlgorithm != auth.AlgEdDSA {
		fmt.Fprintf(stderr, "hiregate keys rotate: --jwt-alg is %s, which signs with %s rather than keys; change that secret to rotate\n", cfg.JWTAlgorithm, config.EnvJWTSecret)
		return exitUsage
	}
	if cfg.DatabaseURL.IsSet() {
		return keysRotateShared(ctx, cfg, stdout, stderr)
	}
	kid, err := auth.RotateKey(cfg.DataDir)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate keys rotate: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "created signing key %s in %s\nServers sign with it once restarted; older keys keep verifying the tokens they signed until you delete them (wait at least the access token lifetime).\n",
		kid, filepath.Join(cfg.DataDir, "keys"))
	return exitOK
}

// keysRotateShared rotates the keys of every server on the database: each
// one's key retires after the grace period and each makes a new one.
func keysRotateShared(ctx context.Context, cfg config.Config, stdout, stderr io.Writer) int {
	db, err := app.OpenStore(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate keys rotate: %v\n", err)
		return exitError
	}
	defer db.Store.Close()
	sk := db.SharedKeys
	if sk == nil {
		fmt.Fprintf(stderr, "hiregate keys rotate: this database does not share signing keys\n")
		return exitError
	}
	n, err := auth.RotateSharedKeys(ctx, sk, time.Now(), cfg.AccessTTL, auth.DefaultLeeway)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate keys rotate: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "retired %d signing key(s) on %s; every server on the database creates a new key within a minute, and the old keys verify tokens until they expire (%s).\n",
		n, cfg.DatabaseURL, auth.RetireGrace(cfg.AccessTTL, auth.DefaultLeeway))
	return exitOK
}

func openMovable(ctx context.Context, name string, args []string, getenv func(string) string, stdout, stderr io.Writer) (*app.Engine, int, bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	cfg, code, ok := setupSub(fs, dataFlag(fs), nil, args, getenv, stdout, stderr)
	if !ok {
		return nil, code, false
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
