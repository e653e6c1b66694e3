package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/hashworker"
	"github.com/hiregate/hiregate/server/seed"
	"github.com/hiregate/hiregate/shared/version"
)

// serve runs the server until ctx ends (a signal) or it fails.
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
