// Command tui is hiregate's terminal client.
//
//	hiregate-tui [--server URL] [--ca FILE] [--insecure] [--version]
//	hiregate-tui ssh-gateway --addr HOST:PORT --api URL --data DIR [limits]
//	hiregate-tui ssh-gateway check [--addr HOST:PORT] [--api URL]
//
// The server URL comes from --server, else HIREGATE_SERVER, else the one
// remembered from the last --server (os.UserConfigDir()/hiregate/tui.json),
// else http://127.0.0.1:8080. Tokens stay in this process's memory; the
// file holds the URL only.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/version"
	"github.com/hiregate/hiregate/tui/app"
	"github.com/hiregate/hiregate/tui/clientconfig"
	"github.com/hiregate/hiregate/tui/gateway"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
	"github.com/hiregate/hiregate/tui/ui"
)

// DefaultServer is used when nothing names a server.
const DefaultServer = clientconfig.DefaultServer

func main() {
	if len(os.Args) > 1 && os.Args[1] == "ssh-gateway" {
		os.Exit(gateway.Main(os.Args[2:], os.Getenv, os.Stdout, os.Stderr))
	}
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	uictx, c, code, ok := setup(args, getenv, stdout, stderr)
	if !ok {
		return code
	}
	p := tea.NewProgram(app.New(uictx, c), tea.WithAltScreen())
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), client.DefaultTimeout)
		defer cancel()
		for _, msg := range serverNotes(ctx, c) {
			p.Send(msg)
		}
	}()
	if _, err := p.Run(); err != nil {
		fmt.Fprintln(stderr, "hiregate-tui:", err)
		return 1
	}
	return 0
}

// setup reads the flags, the environment and the remembered server, and
// builds the client. ok is false when run should return code.
func setup(args []string, getenv func(string) string, stdout, stderr io.Writer) (_ *ui.Context, _ *client.Client, code int, ok bool) {
	fs := flag.NewFlagSet("hiregate-tui", flag.ContinueOnError)
	fs.SetOutput(stderr)
	server := fs.String("server", "", "server base URL, remembered for next time (default $"+clientconfig.EnvServer+", the remembered one, or "+DefaultServer+")")
	ca := fs.String("ca", "", "PEM file of a private certificate authority to trust for https")
	insecure := fs.Bool("insecure", false, "allow sending passwords over plain http to a host that is not loopback")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, 0, false
		}
		return nil, nil, 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "hiregate-tui: unexpected argument %q\n", fs.Arg(0))
		return nil, nil, 2, false
	}
	if *showVersion {
		fmt.Fprintln(stdout, "hiregate-tui", version.Get())
		return nil, nil, 0, false
	}
	cfgPath, err := clientconfig.Path()
	var saved clientconfig.File
	if err == nil {
		if saved, err = clientconfig.Load(cfgPath); err != nil {
			// A broken file must not lock the user out: say so, go on.
			fmt.Fprintf(stderr, "hiregate-tui: ignoring the remembered server: %v\n", err)
		}
	}
	base, src := clientconfig.Resolve(*server, getenv(clientconfig.EnvServer), saved)
	hc, err := HTTPClient(base, *ca, *insecure)
	if err != nil {
		fmt.Fprintf(stderr, "hiregate-tui: %v (server from %s)\n", err, src)
		return nil, nil, 2, false
	}
	c, err := client.New(base, client.WithHTTPClient(hc), client.WithUserAgent("hiregate-tui/"+version.Get().Version))
	if err != nil {
		fmt.Fprintln(stderr, "hiregate-tui:", err)
		return nil, nil, 2, false
	}
	if src == clientconfig.FromFlag && cfgPath != "" && *server != saved.Server {
		if err := clientconfig.Save(cfgPath, clientconfig.File{Server: *server}); err != nil {
			fmt.Fprintf(stderr, "hiregate-tui: could not remember the server: %v\n", err)
		}
	}
	uictx := &ui.Context{
		Styles:    styles.DefaultStyles(),
		Keys:      keys.DefaultKeyMap(),
		Server:    c.BaseURL(),
		Version:   "hiregate-tui " + version.Get().String(),
		Timeout:   ui.DefaultTimeout,
		Expired:   func(err error) bool { return client.IsSessionExpired(err) },
		EndReason: client.SessionEndReason,
		Live:      true,
	}
	return uictx, c, 0, true
}

// serverNotes asks the server which API it speaks and whether it has an
// SSH gateway: a warning to show once when its major version is not the
// client's, and the gateway's address for the sign-in screen. A server
// that does not answer says nothing here: the first screen reports that.
func serverNotes(ctx context.Context, c *client.Client) []tea.Msg {
	h, err := c.ServerHealth(ctx)
	if err != nil {
		return nil
	}
	var out []tea.Msg
	if w := version.Mismatch(h.APIMajor); w != "" {
		out = append(out, ui.FlashMsg{Text: w, Err: true})
	}
	if h.SSHGateway != nil && h.SSHGateway.Address != "" {
		out = append(out, ui.ServerInfoMsg{SSHGateway: h.SSHGateway.Address})
	}
	return out
}

// apiWarning is the version warning of serverNotes, "" when none.
func apiWarning(ctx context.Context, c *client.Client) string {
	for _, m := range serverNotes(ctx, c) {
		if f, ok := m.(ui.FlashMsg); ok {
			return f.Text
		}
	}
	return ""
}

// HTTPClient returns the http.Client for base: trusting the PEM
// certificates in caFile besides the system's, with a timeout on every
// exchange, and refusing plain http to a host that is not loopback unless
// insecure is set, since the login form sends a password.
func HTTPClient(base, caFile string, insecure bool) (*http.Client, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("server URL %q must look like https://host:port", base)
	}
	if u.Scheme == "http" && !insecure && !Loopback(u.Hostname()) {
		return nil, fmt.Errorf("refusing to send passwords unencrypted to %s: use an https:// URL, or pass --insecure if you really mean it", base)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("read --ca file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, errors.New("--ca file holds no PEM certificate")
		}
		tr.TLSClientConfig.RootCAs = pool
	}
	return &http.Client{Transport: tr, Timeout: client.DefaultTimeout}, nil
}

// Loopback reports whether host names this machine.
func Loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
