package auth

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hiregate/hiregate/server/secretfile"
	"github.com/hiregate/hiregate/server/store"
)

// keysSubdir is where signing keys live under Config.KeyDir. Each key is a
// PKCS#8 PEM file named "<unix nanoseconds>-<kid>.pem", so the name orders
// keys by creation and the newest one signs.
const keysSubdir = "keys"

// reloadEvery bounds how often an unknown kid makes the service re-read the
// key directory (another process may have rotated the key), so a flood of
// forged kids cannot turn into a flood of directory reads.
const reloadEvery = 10 * time.Second

// JWK is one public key in a JSON Web Key Set (RFC 7517, RFC 8037).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// JWKS is the body of GET /.well-known/jwks.json.
type JWKS struct {
	Keys []JWK `json:"keys"`
}

type edKey struct {
	kid     string
	created int64
	priv    ed25519.PrivateKey
	pub     ed25519.PublicKey
}

// keyring holds the keys tokens are signed and verified with.
type keyring struct {
	alg string
	dir string // EdDSA only
	log *slog.Logger
	now func() time.Time

	mu         sync.RWMutex
	signKid    string
	signKey    any            // ed25519.PrivateKey or []byte
	verify     map[string]any // kid -> ed25519.PublicKey or []byte
	ed         []edKey        // oldest first
	lastReload time.Time

	// gen counts installs, so the token cache can tell in one atomic load
	// that the set of keys has not changed since it checked a signature.
	gen atomic.Uint64

	// shared is set when the keys are shared with other servers through
	// the database (keyshare.go): then published holds every server's
	// current public key, which verify and the JWKS are built from, and
	// an unknown kid re-reads the database rather than the directory.
	shared    *keySharer
	published []store.PublicKey // oldest first
}

func newHMACKeyring(secret []byte) *keyring {
	sum := sha256.Sum256(secret)
	kid := "hs256-" + hex.EncodeToString(sum[:])[:8]
	key := slices.Clone(secret)
	return &keyring{alg: AlgHS256, signKid: kid, signKey: key, verify: map[string]any{kid: key}}
}

// loadKeyring reads every key in dir/keys, creating the directory and a
// first key when there is none.
func loadKeyring(dir string, log *slog.Logger, now func() time.Time) (*keyring, error) {
	kr := &keyring{alg: AlgEdDSA, dir: dir, log: log, now: now}
	keys, err := readKeys(dir, log)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		if _, err := RotateKey(dir); err != nil {
			return nil, err
		}
		if keys, err = readKeys(dir, log); err != nil {
			return nil, err
		}
		if len(keys) == 0 {
			return nil, fmt.Errorf("auth: no signing key in %s after creating one", filepath.Join(dir, keysSubdir))
		}
		log.Info("created JWT signing key", "kid", keys[len(keys)-1].kid)
	}
	kr.install(keys)
	kr.lastReload = now()
	return kr, nil
}

func (kr *keyring) install(keys []edKey) {
	verify := make(map[string]any, len(keys))
	for _, k := range keys {
		verify[k.kid] = k.pub
	}
	newest := keys[len(keys)-1]
	kr.mu.Lock()
	kr.ed, kr.verify, kr.signKid, kr.signKey = keys, verify, newest.kid, newest.priv
	kr.gen.Add(1)
	kr.mu.Unlock()
}

func (kr *keyring) generation() uint64 { return kr.gen.Load() }

// has reports whether kid is a current verification key. Unlike lookup it
// never reloads: it is asked about kids that were known a moment ago.
func (kr *keyring) has(kid string) bool {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	_, ok := kr.verify[kid]
	return ok
}

// signer returns the key new tokens are signed with.
func (kr *keyring) signer() (kid string, key any) {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	return kr.signKid, kr.signKey
}

// lookup returns the verification key for kid. An unknown kid re-reads the
// key directory at most once per reloadEvery, so keys rotated by another
// process are picked up without a restart.
func (kr *keyring) lookup(kid string) (any, bool) {
	kr.mu.RLock()
	key, ok := kr.verify[kid]
	kr.mu.RUnlock()
	if ok || kr.alg != AlgEdDSA {
		return key, ok
	}
	if kr.shared != nil {
		return kr.shared.lookupMiss(kid)
	}
	kr.mu.Lock()
	now := kr.now()
	due := now.Sub(kr.lastReload) >= reloadEvery || now.Before(kr.lastReload)
	if due {
		kr.lastReload = now
	}
	kr.mu.Unlock()
	if !due {
		return nil, false
	}
	keys, err := readKeys(kr.dir, kr.log)
	if err != nil {
		kr.log.Error("reloading JWT signing keys failed", "err", err)
		return nil, false
	}
	if len(keys) > 0 {
		kr.install(keys)
	}
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	key, ok = kr.verify[kid]
	return key, ok
}

func (kr *keyring) jwks() JWKS {
	out := JWKS{Keys: []JWK{}}
	if kr.alg != AlgEdDSA {
		return out
	}
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	if kr.shared != nil {
		// Every server's current key, from the database: the same set on
		// every replica, newest first.
		for _, k := range slices.Backward(kr.published) {
			out.Keys = append(out.Keys, JWK{
				Kty: "OKP", Crv: "Ed25519", Alg: AlgEdDSA, Use: "sig", Kid: k.Kid,
				X: base64.RawURLEncoding.EncodeToString(k.Key),
			})
		}
		return out
	}
	// Newest first: the key that signs today is the one clients want.
	for _, k := range slices.Backward(kr.ed) {
		out.Keys = append(out.Keys, JWK{
			Kty: "OKP", Crv: "Ed25519", Alg: AlgEdDSA, Use: "sig", Kid: k.kid,
			X: base64.RawURLEncoding.EncodeToString(k.pub),
		})
	}
	return out
}

// JWKS returns the public keys tokens may be verified with; empty for HS256,
// whose key is secret.
func (s *Service) JWKS() JWKS { return s.keys.jwks() }

// keyID names an Ed25519 public key: the first 16 hex digits of its SHA-256.
func keyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:])[:16]
}

// RotateKey creates a new Ed25519 signing key in keyDir/keys and returns its
// kid. Services started (or reloading) afterwards sign with it; older keys
// stay and keep verifying the tokens they signed. Delete an old key file only
// once the tokens it signed have expired (AccessTTL after the rotation).
func RotateKey(keyDir string) (kid string, err error) {
	if keyDir == "" {
		return "", errors.New("auth: key directory is required")
	}
	dir := filepath.Join(keyDir, keysSubdir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("auth: create key directory: %w", err)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", fmt.Errorf("auth: generate key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return "", fmt.Errorf("auth: encode key: %w", err)
	}
	kid = keyID(pub)
	// Zero-padded so that names sort like the times they hold.
	name := fmt.Sprintf("%020d-%s.pem", time.Now().UnixNano(), kid)
	// Written under a temporary name and renamed, so that no reader ever
	// sees half a key.
	tmp, err := os.CreateTemp(dir, ".tmp-*.pem")
	if err != nil {
		return "", fmt.Errorf("auth: write key: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return "", fmt.Errorf("auth: write key: %w", err)
	}
	if err := pem.Encode(tmp, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
		tmp.Close()
		return "", fmt.Errorf("auth: write key: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("auth: write key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("auth: write key: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return "", fmt.Errorf("auth: write key: %w", err)
	}
	return kid, nil
}

// readKeys returns the keys in dir/keys, oldest first.
func readKeys(keyDir string, log *slog.Logger) ([]edKey, error) {
	dir := filepath.Join(keyDir, keysSubdir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("auth: read key directory: %w", err)
	}
	if fi, err := os.Stat(dir); err == nil {
		secretfile.Warn(log, "JWT key directory", dir, fi.Mode())
	}
	var keys []edKey
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".pem") {
			continue
		}
		k, err := readKey(filepath.Join(dir, name), log)
		if err != nil {
			return nil, err
		}
		k.created, _ = strconv.ParseInt(strings.SplitN(name, "-", 2)[0], 10, 64)
		keys = append(keys, k)
	}
	slices.SortStableFunc(keys, func(a, b edKey) int {
		if a.created != b.created {
			if a.created < b.created {
				return -1
			}
			return 1
		}
		return strings.Compare(a.kid, b.kid)
	})
	return keys, nil
}

func readKey(path string, log *slog.Logger) (edKey, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return edKey{}, fmt.Errorf("auth: read key: %w", err)
	}
	secretfile.Warn(log, "JWT signing key", path, fi.Mode())
	data, err := os.ReadFile(path)
	if err != nil {
		return edKey{}, fmt.Errorf("auth: read key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return edKey{}, fmt.Errorf("auth: key file %s: not a PKCS#8 PEM private key", path)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return edKey{}, fmt.Errorf("auth: key file %s: %w", path, err)
	}
	priv, ok := parsed.(ed25519.PrivateKey)
	if !ok {
		return edKey{}, fmt.Errorf("auth: key file %s: not an Ed25519 key", path)
	}
	pub := priv.Public().(ed25519.PublicKey)
	// The kid is derived from the key, never trusted from the file name.
	return edKey{kid: keyID(pub), priv: priv, pub: pub}, nil
}
