// Package hgproc drives a built hiregate binary for the benchmarks: it
// starts servers as child processes on loopback ports, waits for them, logs
// in over HTTP and runs the binary's subcommands. The benchmarks see the
// server only as other programs do, so the server module ships nothing for
// them.
package hgproc

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// What the benchmarks rely on of the server, stated once.
const (
	// DemoPassword is the password of every account --demo seeds.
	DemoPassword = "demo-password"
	// DBFile is the SQLite database's name in a data directory.
	DBFile = "hiregate.db"
)

// Server is a running hiregate process.
type Server struct {
	Name string // the data directory's base name
	URL  string // http://127.0.0.1:port
	cmd  *exec.Cmd
	log  *os.File
}

// Start runs bin serving dir on 127.0.0.1:port with flags (and env added
// to this process's environment), its log in dir/server.log, and waits
// until it answers /healthz.
func Start(ctx context.Context, bin, dir string, port int, flags, env []string) (*Server, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	args := append([]string{"--addr", addr, "--data", dir}, flags...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, err
	}
	// The access log goes to a file, as it would in production.
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	s := &Server{Name: filepath.Base(dir), URL: "http://" + addr, cmd: cmd, log: logf}
	if err := WaitHealthy(s.URL); err != nil {
		s.Stop()
		return nil, fmt.Errorf("%s: %w (log in %s)", bin, err, logf.Name())
	}
	return s, nil
}

// Stop interrupts the server and waits for it to exit. Stopping twice is
// a no-op.
func (s *Server) Stop() {
	if s.cmd.ProcessState == nil {
		_ = s.cmd.Process.Signal(os.Interrupt)
		_ = s.cmd.Wait()
	}
	s.log.Close()
}

// WaitHealthy waits up to 30 s for base/healthz to answer 200.
func WaitHealthy(base string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s did not become healthy", base)
}

// Login returns an access token for email and password.
func (s *Server) Login(email, password string) (string, error) {
	resp, err := http.PostForm(s.URL+"/auth/login", url.Values{"grant_type": {"password"}, "username": {email}, "password": {password}})
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil || tr.AccessToken == "" {
		return "", fmt.Errorf("login %s: status %d %v", email, resp.StatusCode, err)
	}
	return tr.AccessToken, nil
}

// Fetch GETs u with a bearer token and returns the body of a 200.
func Fetch(u, token string) ([]byte, error) {
	return Send(http.MethodGet, u, token, nil)
}

// Send sends a request with a bearer token (and body as JSON when not
// nil) and returns the body of a 200.
func Send(method, u, token string, body []byte) ([]byte, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, u, r)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s %s: %d %s", method, u, resp.StatusCode, b)
	}
	return b, err
}

// Command runs bin with args (a subcommand such as "user create"), stdin
// as its input and env added to this process's environment, and returns
// an error with its output when it fails.
func Command(ctx context.Context, bin, stdin string, env []string, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("hiregate %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}
