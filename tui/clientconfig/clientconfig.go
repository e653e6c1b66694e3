// Package clientconfig remembers which server the terminal client talks
// to, in a small JSON file under the user's configuration directory
// (os.UserConfigDir()/hiregate/tui.json), so a recruiter passes --server
// once. It holds the server URL and nothing else: never a token, a password
// or an email. Tokens stay in the client's memory.
package clientconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// EnvServer is the environment variable that names the server.
const EnvServer = "HIREGATE_SERVER"

// DefaultServer is used when nothing else names one.
const DefaultServer = "http://127.0.0.1:8080"

// maxFileBytes bounds what Load reads; the file holds one URL.
const maxFileBytes = 64 << 10

// File is the content of the configuration file. Adding a field here is a
// decision that it is not a secret.
type File struct {
	Server string `json:"server,omitempty"`
}

// Path is where the file lives for this user.
func Path() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "hiregate", "tui.json"), nil
}

// Load reads the file at path; a missing file is an empty File.
func Load(path string) (File, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return File{}, nil
	}
	if err != nil {
		return File{}, err
	}
	if len(b) > maxFileBytes {
		return File{}, fmt.Errorf("%s is %d bytes, too large for a client configuration", path, len(b))
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return File{}, fmt.Errorf("%s is not valid JSON: %v", path, err)
	}
	if f.Server != "" {
		if err := CheckServer(f.Server); err != nil {
			return File{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	return f, nil
}

// CheckServer accepts an http(s) URL with a host and nothing that could be
// a credential: no user:password@, no query, no fragment.
func CheckServer(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("server URL must look like https://host:port")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(s, "?") {
		return errors.New("server URL must not carry credentials, a query or a fragment")
	}
	return nil
}

// Save writes f to path atomically, readable by the user only.
func Save(path string, f File) error {
	if err := CheckServer(f.Server); err != nil {
		return err
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tui.json.tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Source says where the server URL came from.
type Source string

// Sources, strongest first.
const (
	FromFlag    Source = "--server"
	FromEnv     Source = EnvServer
	FromFile    Source = "config file"
	FromDefault Source = "default"
)

// Resolve picks the server: the flag, else the environment, else the
// remembered one, else DefaultServer.
func Resolve(flag, env string, saved File) (string, Source) {
	switch {
	case flag != "":
		return flag, FromFlag
	case env != "":
		return env, FromEnv
	case saved.Server != "":
		return saved.Server, FromFile
	}
	return DefaultServer, FromDefault
}
