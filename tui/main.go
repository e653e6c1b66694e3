// Command tui is hiregate's terminal client.
//
//	go run ./tui [--server URL] [--ca FILE] [--insecure]
//
// The server URL comes from --server, else HIREGATE_SERVER, else
// http://127.0.0.1:8080. Tokens stay in this process's memory.
package main

import (
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
	"github.com/hiregate/hiregate/tui/app"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
	"github.com/hiregate/hiregate/tui/ui"
)

// DefaultServer is used when neither --server nor HIREGATE_SERVER is set.
const DefaultServer = "http://127.0.0.1:8080"

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stderr))
}

func run(args []string, getenv func(string) string, stderr io.Writer) int {
	fs := flag.NewFlagSet("hiregate-tui", flag.ContinueOnError)
	fs.SetOutput(stderr)
	server := fs.String("server", "", "server base URL (default $HIREGATE_SERVER or "+DefaultServer+")")
	ca := fs.String("ca", "", "PEM file of a private certificate authority to trust for https")
	insecure := fs.Bool("insecure", false, "allow sending passwords over plain http to a host that is not loopback")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	base := *server
	if base == "" {
		base = getenv("HIREGATE_SERVER")
	}
	if base == "" {
		base = DefaultServer
	}
	hc, err := HTTPClient(base, *ca, *insecure)
	if err != nil {
		fmt.Fprintln(stderr, "hiregate-tui:", err)
		return 2
	}
	c, err := client.New(base, client.WithHTTPClient(hc), client.WithUserAgent("hiregate-tui/1"))
	if err != nil {
		fmt.Fprintln(stderr, "hiregate-tui:", err)
		return 2
	}
	ctx := &ui.Context{
		Styles:  styles.DefaultStyles(),
		Keys:    keys.DefaultKeyMap(),
		Server:  c.BaseURL(),
		Timeout: ui.DefaultTimeout,
		Expired: func(err error) bool { return client.IsSessionExpired(err) },
		Live:    true,
	}
	p := tea.NewProgram(app.New(ctx, c), tea.WithAltScreen())
	if _, err := p.Run(); err != nil {
		fmt.Fprintln(stderr, "hiregate-tui:", err)
		return 1
	}
	return 0
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
