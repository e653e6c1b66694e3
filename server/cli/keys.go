package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/config"
)

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
