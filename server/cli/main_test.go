package cli_test

import (
	"context"
	"os"
	"testing"

	"github.com/hiregate/hiregate/server/cli"
	"github.com/hiregate/hiregate/server/hashworker"
)

// TestMain lets this test binary be the hash worker too: the servers the
// tests start re-execute /proc/self/exe (this binary) as `hash-worker`,
// which must answer as hiregate would rather than run the tests again.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == hashworker.Command {
		os.Exit(cli.Run(context.Background(), os.Args[1:], cli.OS()))
	}
	os.Exit(m.Run())
}
