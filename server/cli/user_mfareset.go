package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/shared/hiregate"
)

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
