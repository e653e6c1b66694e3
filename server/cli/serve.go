package cli

import (
	"context"
	"fmt"
	"io"

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
	a, err := app.Open(ctx, cfg, log, app.WithHashWorker(hashworker.Self(stderr)))
	if err != nil {
		log.Error("start failed", "err", err)
		return exitError
	}
	if cfg.Demo {
		printDemo(stdout, a.URL(), a.DemoSeeded())
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

// printDemo lists the demo accounts when this start seeded them; on a
// database that already had users nothing was seeded, and the accounts
// are only named as what may still exist.
func printDemo(w io.Writer, url string, seeded bool) {
	if !seeded {
		fmt.Fprintf(w, "\nhiregate: %s\nThe database already had users, so the demo data was not seeded: the existing data is kept.\n"+
			"The demo accounts (password %q) work only if they still exist.\n\n", url, seed.DemoPassword)
		return
	}
	fmt.Fprintf(w, "\nhiregate demo mode: %s\nDemo accounts, all with the password %q:\n", url, seed.DemoPassword)
	for _, a := range seed.Accounts {
		fmt.Fprintf(w, "  %-11s %-25s %s\n", a.Role, a.Email, a.FullName)
	}
	fmt.Fprintf(w, "Start the terminal client in another terminal: go run ./tui\n\n")
}
