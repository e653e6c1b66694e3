package clientconfig_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/tui/clientconfig"
)

func TestResolve(t *testing.T) {
	saved := clientconfig.File{Server: "https://saved.example.com"}
	tests := []struct {
		name, flag, env string
		saved           clientconfig.File
		want            string
		src             clientconfig.Source
	}{
		{"Flag", "https://flag.example.com", "https://env.example.com", saved, "https://flag.example.com", clientconfig.FromFlag},
		{"Env", "", "https://env.example.com", saved, "https://env.example.com", clientconfig.FromEnv},
		{"File", "", "", saved, "https://saved.example.com", clientconfig.FromFile},
		{"Default", "", "", clientconfig.File{}, clientconfig.DefaultServer, clientconfig.FromDefault},
	}
	for _, tt := range tests {
		got, src := clientconfig.Resolve(tt.flag, tt.env, tt.saved)
		if got != tt.want || src != tt.src {
			t.Errorf("Resolve(%s) = %q, %q; want %q, %q", tt.name, got, src, tt.want, tt.src)
		}
	}
}

func TestPathIsUnderUserConfigDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir) // Linux; other systems use their own
	t.Setenv("HOME", dir)
	p, err := clientconfig.Path()
	base, _ := os.UserConfigDir()
	if err != nil || !strings.HasPrefix(p, base) || filepath.Base(p) != "tui.json" {
		t.Errorf("Path() = %q, %v; want tui.json under %s", p, err, base)
	}
}

// TestSaveHoldsTheServerOnly: the file is private and carries the URL and
// nothing else; a URL that would smuggle a credential in is refused.
func TestSaveHoldsTheServerOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hiregate", "tui.json")
	if err := clientconfig.Save(path, clientconfig.File{Server: "https://ats.example.com:8443"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil || len(m) != 1 || m["server"] != "https://ats.example.com:8443" {
		t.Errorf("file = %s, want exactly {\"server\": ...}", b)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode = %v, want 0600", fi.Mode().Perm())
	}
	got, err := clientconfig.Load(path)
	if err != nil || got.Server != "https://ats.example.com:8443" {
		t.Errorf("Load() = %+v, %v", got, err)
	}

	for _, bad := range []string{
		"https://alice:hunter2@ats.example.com",
		"https://ats.example.com/?access_token=eyJhbGciOi",
		"https://ats.example.com/#token",
		"ftp://ats.example.com",
		"ats.example.com",
	} {
		if err := clientconfig.Save(path, clientconfig.File{Server: bad}); err == nil {
			t.Errorf("Save(%q) = nil, want a refusal", bad)
		}
		if b2, _ := os.ReadFile(path); string(b2) != string(b) {
			t.Errorf("Save(%q) changed the file to %s", bad, b2)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, "tui.json")
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if f, err := clientconfig.Load(filepath.Join(dir, "missing.json")); err != nil || f.Server != "" {
		t.Errorf("Load(missing) = %+v, %v; want empty, nil", f, err)
	}
	for _, tt := range []struct{ body, want string }{
		{"{", "is not valid JSON"},
		{`{"server": "https://u:p@h"}`, "must not carry credentials"},
		{`{"server": 3}`, "is not valid JSON"},
	} {
		if _, err := clientconfig.Load(write(tt.body)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Load(%s) = %v, want %q", tt.body, err, tt.want)
		}
	}
}
