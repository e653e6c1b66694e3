package cli

import (
	"fmt"
	"io"
)

// printConfig is `hiregate config`: the effective settings and warnings.
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
