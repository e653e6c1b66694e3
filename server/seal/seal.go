// Package seal encrypts small secrets kept in the database (the TOTP
// secrets) with AES-256-GCM under a key that is never stored in the
// database: it comes from the environment or from a file in the data
// directory, so a copy of the database alone (a backup, a dump, a
// replica) does not reveal the secrets.
//
// Each sealed value is bound to a context (the id of the user it belongs
// to) as additional authenticated data, so a value copied onto another row
// fails to open instead of working there.
package seal

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/hiregate/hiregate/server/secretfile"
)

// KeyFile is the key's file name in the data directory.
const KeyFile = "mfa.key"

// KeySize is the AES-256 key size.
const KeySize = 32

const (
	version  = 1
	kidSize  = 4
	overhead = 1 + kidSize // version byte and key id before the nonce
)

// ErrWrongKey says a value was sealed under a different key: the key file
// or the environment variable changed since it was written.
var ErrWrongKey = errors.New("seal: value was sealed with a different key (was the MFA key file or HIREGATE_MFA_KEY changed?)")

// ErrCorrupt says a value is not one this package sealed, or it was
// altered, or it belongs to another context.
var ErrCorrupt = errors.New("seal: value is corrupt, altered or belongs to another record")

// Box seals and opens values under one key. It is safe for concurrent use.
type Box struct {
	aead cipher.AEAD
	kid  [kidSize]byte
	// mac keys Derive: a key of its own, so that nothing derived says
	// anything about the sealing key.
	mac []byte
}

// New returns a Box for a KeySize-byte key.
func New(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("seal: key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	b := &Box{aead: aead}
	// The key id tells "another key" apart from "corrupt" without
	// revealing anything usable about the key.
	sum := sha256.Sum256(append([]byte("hiregate seal key id\x00"), key...))
	copy(b.kid[:], sum[:])
	m := hmac.New(sha256.New, key)
	m.Write([]byte("hiregate seal derive\x00"))
	b.mac = m.Sum(nil)
	return b, nil
}

// Derive returns a 32-byte key for purpose, derived from the box's key:
// kept outside the database like it, and the same on every server that
// shares it.
func (b *Box) Derive(purpose string) []byte {
	m := hmac.New(sha256.New, b.mac)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// ParseKey reads a key given as text: base64 (standard or URL alphabet,
// padded or not) or hex of KeySize bytes.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2*KeySize {
		if b, err := hex.DecodeString(s); err == nil {
			return b, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != KeySize {
				return nil, fmt.Errorf("seal: key must be %d bytes, got %d", KeySize, len(b))
			}
			return b, nil
		}
	}
	return nil, fmt.Errorf("seal: key must be %d bytes in base64 or hex", KeySize)
}

// Load returns the Box for key when it is not empty (text as ParseKey
// reads it), and otherwise for the key in dataDir/KeyFile, which it
// creates (mode 0600) on first use. Two processes starting together on one
// data directory end up with the same key. A key file other users can read
// is logged to log (nil: nowhere) as a warning, as the JWT signing keys are: whoever reads
// it and a copy of the database has every TOTP secret.
func Load(dataDir, key string, log *slog.Logger) (*Box, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if strings.TrimSpace(key) != "" {
		k, err := ParseKey(key)
		if err != nil {
			return nil, err
		}
		return New(k)
	}
	if dataDir == "" {
		return nil, errors.New("seal: no key and no data directory")
	}
	path := filepath.Join(dataDir, KeyFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := create(path); err != nil {
			return nil, err
		}
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("seal: read key file: %w", err)
	}
	if fi, err := os.Stat(path); err == nil {
		secretfile.Warn(log, "MFA key file", path, fi.Mode())
	}
	k, err := ParseKey(string(data))
	if err != nil {
		return nil, fmt.Errorf("seal: key file %s: %w", path, err)
	}
	return New(k)
}

// create writes a new random key to path unless a file is already there.
// The key is written to a temporary file and hard-linked into place, which
// fails when the name exists: no reader sees half a key, and of two
// processes racing, one key wins and both use it.
func create(path string) error {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return fmt.Errorf("seal: generate key: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("seal: create key directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-mfa-*.key")
	if err != nil {
		return fmt.Errorf("seal: write key: %w", err)
	}
	defer os.Remove(tmp.Name())
	werr := tmp.Chmod(0o600)
	if werr == nil {
		_, werr = tmp.WriteString(base64.StdEncoding.EncodeToString(k) + "\n")
	}
	if werr == nil {
		werr = tmp.Sync()
	}
	if err := tmp.Close(); werr == nil {
		werr = err
	}
	if werr != nil {
		return fmt.Errorf("seal: write key: %w", werr)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("seal: write key: %w", err)
	}
	return nil
}

// Seal encrypts plaintext bound to context.
func (b *Box) Seal(plaintext, context []byte) ([]byte, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal: nonce: %w", err)
	}
	out := make([]byte, 0, overhead+len(nonce)+len(plaintext)+b.aead.Overhead())
	out = append(out, version)
	out = append(out, b.kid[:]...)
	out = append(out, nonce...)
	return b.aead.Seal(out, nonce, plaintext, b.ad(out[:overhead], context)), nil
}

// Open decrypts a value sealed with the same key and context.
func (b *Box) Open(sealed, context []byte) ([]byte, error) {
	ns := b.aead.NonceSize()
	if len(sealed) < overhead+ns+b.aead.Overhead() || sealed[0] != version {
		return nil, ErrCorrupt
	}
	if !bytes.Equal(sealed[1:overhead], b.kid[:]) {
		return nil, ErrWrongKey
	}
	nonce := sealed[overhead : overhead+ns]
	pt, err := b.aead.Open(nil, nonce, sealed[overhead+ns:], b.ad(sealed[:overhead], context))
	if err != nil {
		return nil, ErrCorrupt
	}
	return pt, nil
}

func (b *Box) ad(header, context []byte) []byte {
	ad := make([]byte, 0, len(header)+len(context))
	return append(append(ad, header...), context...)
}
