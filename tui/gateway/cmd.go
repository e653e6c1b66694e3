package gateway

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/version"
)

// Defaults of the command's addresses.
const (
	DefaultAddr = "127.0.0.1:2222"
	DefaultAPI  = "http://127.0.0.1:8080"
	// shutdownWait bounds how long a stop waits for sessions to quit.
	shutdownWait = 10 * time.Second
	checkTimeout = 5 * time.Second
)

// Main is the ssh-gateway subcommand:
//
//	ssh-gateway --addr HOST:PORT --api URL --data DIR [limits]
//	ssh-gateway check [--addr HOST:PORT] [--api URL]
//
// The gateway credential comes from $HIREGATE_GATEWAY_SECRET only: a flag
// would show in ps. It runs until SIGINT or SIGTERM, then tells every
// session the server is restarting and closes them.
func Main(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "check" {
		return check(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("ssh-gateway", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg Config
	fs.StringVar(&cfg.Addr, "addr", DefaultAddr, "SSH listen address, host:port")
	fs.StringVar(&cfg.API, "api", DefaultAPI, "base URL of the hiregate API")
	fs.StringVar(&cfg.DataDir, "data", "", "directory of the host key (created 0700; the key 0600 on first start)")
	fs.IntVar(&cfg.MaxPerAddr, "max-per-addr", DefaultMaxPerAddr, "connections at once from one client address")
	fs.IntVar(&cfg.MaxSessions, "max-sessions", DefaultMaxSessions, "connections at once in total")
	fs.DurationVar(&cfg.HandshakeTimeout, "handshake-timeout", DefaultHandshakeTimeout, "time from connecting to an open session")
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", DefaultIdleTimeout, "a session without input this long is closed")
	fs.DurationVar(&cfg.MaxSessionLength, "max-session", DefaultMaxSessionLength, "longest a session may last")
	fs.IntVar(&cfg.MinWidth, "min-width", DefaultMinWidth, "window width the client is given at least (columns)")
	fs.IntVar(&cfg.MinHeight, "min-height", DefaultMinHeight, "window height the client is given at least (rows)")
	fs.IntVar(&cfg.MaxWidth, "max-width", DefaultMaxWidth, "window width the client is given at most (columns)")
	fs.IntVar(&cfg.MaxHeight, "max-height", DefaultMaxHeight, "window height the client is given at most (rows)")
	fs.IntVar(&cfg.AuthPerMinute, "auth-per-minute", DefaultAuthPerMinute, "authentication attempts a minute from one client address")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ssh-gateway: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *showVersion {
		fmt.Fprintln(stdout, "hiregate ssh-gateway", version.Get())
		return 0
	}
	// Zero would mean "the default" to New; on the command line it is a
	// mistake.
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"handshake-timeout", cfg.HandshakeTimeout}, {"idle-timeout", cfg.IdleTimeout}, {"max-session", cfg.MaxSessionLength}} {
		if d.v <= 0 {
			fmt.Fprintf(stderr, "ssh-gateway: --%s must be positive\n", d.name)
			return 2
		}
	}
	cfg.Secret = getenv(hiregate.EnvGatewaySecret)
	cfg.Version = "hiregate ssh-gateway " + version.Get().String()
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	g, err := New(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "ssh-gateway:", err)
		return 2
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintln(stderr, "ssh-gateway:", err)
		return 1
	}
	fmt.Fprintf(stdout, "hiregate ssh-gateway %s listening on %s for %s\n", version.Get(), ln.Addr(), cfg.API)
	fmt.Fprintf(stdout, "host key fingerprint: %s (%s)\n", g.Fingerprint(), g.HostKey().Type())
	if cfg.Secret == "" {
		fmt.Fprintf(stderr, "ssh-gateway: %s is not set: linked SSH keys get the sign-in screen like any other\n", hiregate.EnvGatewaySecret)
	}
	if err := apiReady(cfg.API); err != nil {
		fmt.Fprintf(stderr, "ssh-gateway: the API is not reachable yet: %v\n", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- g.Serve(ln) }()
	select {
	case err := <-served:
		if err != nil {
			fmt.Fprintln(stderr, "ssh-gateway:", err)
			return 1
		}
		return 0
	case <-ctx.Done():
	}
	fmt.Fprintf(stderr, "ssh-gateway: stopping; telling %d session(s) the server is restarting\n", g.Sessions())
	sctx, cancel := context.WithTimeout(context.Background(), shutdownWait)
	defer cancel()
	if err := g.Shutdown(sctx); err != nil {
		fmt.Fprintln(stderr, "ssh-gateway:", err)
		return 1
	}
	<-served
	return 0
}

// check is the readiness probe: the SSH port answers with an SSH banner
// and the API answers /readyz. Exit 0 when both do.
func check(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ssh-gateway check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", DefaultAddr, "the gateway's SSH address")
	api := fs.String("api", DefaultAPI, "base URL of the hiregate API")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	ok := true
	if banner, err := sshBanner(*addr); err != nil {
		fmt.Fprintf(stdout, "ssh %s: not ready: %v\n", *addr, err)
		ok = false
	} else {
		fmt.Fprintf(stdout, "ssh %s: ok (%s)\n", *addr, banner)
	}
	if err := apiReady(*api); err != nil {
		fmt.Fprintf(stdout, "api %s: not reachable: %v\n", *api, err)
		ok = false
	} else {
		fmt.Fprintf(stdout, "api %s: reachable\n", *api)
	}
	if !ok {
		return 1
	}
	return 0
}

// sshBanner reads the server's SSH version line.
func sshBanner(addr string) (string, error) {
	conn, err := net.DialTimeout("tcp", addr, checkTimeout)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(checkTimeout))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return "", err
	}
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "SSH-2.0-") {
		return "", fmt.Errorf("answered %q, not an SSH banner", line)
	}
	return line, nil
}

func apiReady(api string) error {
	c, err := client.New(api)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	return c.Ready(ctx)
}
