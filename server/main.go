// Command hiregate is the hiregate API server.
//
//	hiregate [flags]                 serve the API (see --help for the flags)
//	hiregate config [flags]          print the effective configuration
//	hiregate user create --email E --name N [--role admin] [--data DIR | --database-url URL]
//	                                 create a user; the password is read from stdin
//	hiregate user mfa-reset --email E [--data DIR | --database-url URL]
//	                                 remove a user's second factor (lost device)
//	hiregate keys rotate [--data DIR | --database-url URL]
//	                                 create a new JWT signing key
//	hiregate export|import [--data DIR | --database-url URL] > FILE / < FILE
//	hiregate backup --out FILE | restore --from FILE [--data DIR]
//	hiregate --version               print the build
//
// The commands live in server/cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/hiregate/hiregate/server/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal a second one kills the process at once,
		// for when a graceful shutdown takes too long for the operator.
		<-ctx.Done()
		stop()
	}()
	code := cli.Run(ctx, os.Args[1:], cli.OS())
	stop()
	os.Exit(code)
}
