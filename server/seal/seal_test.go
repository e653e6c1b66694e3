package seal_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hiregate/hiregate/server/seal"
)

func mustBox(t testing.TB, key []byte) *seal.Box {
	t.Helper()
	b, err := seal.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func key(fill byte) []byte { return bytes.Repeat([]byte{fill}, seal.KeySize) }

func TestSealOpen(t *testing.T) {
	b := mustBox(t, key(1))
	pt := []byte("JBSWY3DPEHPK3PXP")
	s1, err := b.Seal(pt, []byte("user-1"))
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := b.Seal(pt, []byte("user-1"))
	if bytes.Equal(s1, s2) {
		t.Errorf("Seal twice gave the same bytes, want a fresh nonce each time")
	}
	if bytes.Contains(s1, pt) {
		t.Errorf("Seal() = %x contains the plaintext", s1)
	}
	got, err := b.Open(s1, []byte("user-1"))
	if err != nil || !bytes.Equal(got, pt) {
		t.Errorf("Open(Seal(x)) = %q, %v, want %q", got, err, pt)
	}

	flipped := bytes.Clone(s1)
	flipped[len(flipped)-1] ^= 1
	other := mustBox(t, key(2))
	tests := []struct {
		name    string
		box     *seal.Box
		sealed  []byte
		context string
		want    error
	}{
		{"OtherContext", b, s1, "user-2", seal.ErrCorrupt},
		{"Tampered", b, flipped, "user-1", seal.ErrCorrupt},
		{"Truncated", b, s1[:10], "user-1", seal.ErrCorrupt},
		{"Empty", b, nil, "user-1", seal.ErrCorrupt},
		{"OtherKey", other, s1, "user-1", seal.ErrWrongKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.box.Open(tt.sealed, []byte(tt.context))
			if !errors.Is(err, tt.want) {
				t.Errorf("Open() = %q, %v, want %v", got, err, tt.want)
			}
		})
	}
}

func TestNewKeySize(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33, 64} {
		if _, err := seal.New(make([]byte, n)); err == nil {
			t.Errorf("New(%d bytes) error = nil, want one", n)
		}
	}
}

func TestParseKey(t *testing.T) {
	k := make([]byte, seal.KeySize)
	for i := range k {
		k[i] = byte(i * 7)
	}
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"Base64", base64.StdEncoding.EncodeToString(k), true},
		{"Base64NoPad", base64.RawStdEncoding.EncodeToString(k), true},
		{"Base64URL", base64.URLEncoding.EncodeToString(k), true},
		{"Hex", hex.EncodeToString(k), true},
		{"Spaces", "  " + base64.StdEncoding.EncodeToString(k) + "\n", true},
		{"Short", base64.StdEncoding.EncodeToString(k[:16]), false},
		{"Garbage", "not a key!", false},
		{"Empty", "", false},
	}
	for _, tt := range tests {
		got, err := seal.ParseKey(tt.in)
		if tt.ok && (err != nil || !bytes.Equal(got, k)) {
			t.Errorf("ParseKey(%s) = %x, %v, want the key", tt.name, got, err)
		}
		if !tt.ok && err == nil {
			t.Errorf("ParseKey(%s) error = nil, want one", tt.name)
		}
	}
}

func TestLoadCreatesKeyFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	b1, err := seal.Load(dir, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, seal.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode = %v, want 0600", perm)
	}
	// A second start reads the same key.
	b2, err := seal.Load(dir, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := b1.Seal([]byte("x"), []byte("u"))
	if got, err := b2.Open(s, []byte("u")); err != nil || string(got) != "x" {
		t.Errorf("Open with the reloaded key = %q, %v, want x", got, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("data dir holds %d files, want only %s (no temporary files left)", len(entries), seal.KeyFile)
	}
}

func TestLoadRace(t *testing.T) {
	dir := t.TempDir()
	boxes := make([]*seal.Box, 8)
	var wg sync.WaitGroup
	for i := range boxes {
		wg.Go(func() {
			b, err := seal.Load(dir, "", nil)
			if err != nil {
				t.Error(err)
			}
			boxes[i] = b
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	s, _ := boxes[0].Seal([]byte("x"), nil)
	for i, b := range boxes {
		if _, err := b.Open(s, nil); err != nil {
			t.Errorf("box %d cannot open box 0's value: %v; want one key for all", i, err)
		}
	}
}

func TestLoadKeyFromText(t *testing.T) {
	dir := t.TempDir()
	b, err := seal.Load(dir, hex.EncodeToString(key(9)), nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := b.Seal([]byte("x"), nil)
	if _, err := mustBox(t, key(9)).Open(s, nil); err != nil {
		t.Errorf("Open with the given key: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, seal.KeyFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load with a key wrote %s (err %v), want no file", seal.KeyFile, err)
	}
	if _, err := seal.Load(dir, "too short", nil); err == nil {
		t.Errorf("Load(bad key) error = nil, want one")
	}
}

// TestLoadKeyFilePermissions: a key file other users can read is named in
// a warning, as the JWT signing keys are, and still loads; a private one,
// and a key from the environment, raise none.
func TestLoadKeyFilePermissions(t *testing.T) {
	tests := []struct {
		name     string
		mode     os.FileMode // 0: the key comes from the environment
		wantWarn bool
	}{
		{"private", 0o600, false},
		{"owner read-only", 0o400, false},
		{"group-readable", 0o640, true},
		{"world-readable", 0o644, true},
		{"from the environment", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, seal.KeyFile)
			text := base64.StdEncoding.EncodeToString(key(5))
			if err := os.WriteFile(path, []byte(text+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			envKey := ""
			if tt.mode == 0 {
				envKey = text
				if err := os.Chmod(path, 0o644); err != nil { // ignored: the file is not read
					t.Fatal(err)
				}
			} else if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			var logs strings.Builder
			b, err := seal.Load(dir, envKey, slog.New(slog.NewTextHandler(&logs, nil)))
			if err != nil {
				t.Fatalf("Load() error = %v", err)
			}
			s, _ := b.Seal([]byte("x"), nil)
			if _, err := mustBox(t, key(5)).Open(s, nil); err != nil {
				t.Errorf("Load() gave a box of another key: %v", err)
			}
			warned := strings.Contains(logs.String(), "readable by other users") && strings.Contains(logs.String(), path)
			if warned != tt.wantWarn {
				t.Errorf("Load() with mode %v logged %q; want a warning naming the file: %v", tt.mode, logs.String(), tt.wantWarn)
			}
			if strings.Contains(logs.String(), text) {
				t.Error("log contains the key")
			}
		})
	}
}

func TestLoadBadKeyFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, seal.KeyFile), []byte("nope\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := seal.Load(dir, "", nil)
	if err == nil || !strings.Contains(err.Error(), seal.KeyFile) {
		t.Errorf("Load(bad key file) error = %v, want one naming the file", err)
	}
}

func FuzzOpen(f *testing.F) {
	b := mustBox(f, key(3))
	s, _ := b.Seal([]byte("secret"), []byte("u"))
	f.Add(s)
	f.Add([]byte{})
	f.Add([]byte{1, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, in []byte) {
		pt, err := b.Open(in, []byte("u"))
		if err == nil && !bytes.Equal(in, s) && string(pt) != "secret" {
			t.Fatalf("Open(%x) = %q, want an error for bytes this key did not seal", in, pt)
		}
	})
}
