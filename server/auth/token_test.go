package auth_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestNewConfig(t *testing.T) {
	tests := []struct {
		name    string
		mod     func(*auth.Config)
		wantErr string // substring; "" means New succeeds
	}{
		{"OK", func(*auth.Config) {}, ""},
		{"HS256 OK", func(c *auth.Config) { c.Algorithm = "HS256"; c.Secret = make([]byte, 32) }, ""},
		{"HS256 short secret", func(c *auth.Config) { c.Algorithm = "HS256"; c.Secret = make([]byte, 31) }, "Secret"},
		{"HS256 no secret", func(c *auth.Config) { c.Algorithm = "HS256" }, "Secret"},
		{"unknown algorithm", func(c *auth.Config) { c.Algorithm = "RS256" }, "Algorithm"},
		{"EdDSA without KeyDir", func(c *auth.Config) { c.KeyDir = "" }, "KeyDir"},
		{"cost too low", func(c *auth.Config) { c.BcryptCost = 3 }, "BcryptCost"},
		{"cost too high", func(c *auth.Config) { c.BcryptCost = 32 }, "BcryptCost"},
		{"leeway too long", func(c *auth.Config) { c.Leeway = 31 * time.Second }, "Leeway"},
		{"negative leeway", func(c *auth.Config) { c.Leeway = -time.Second }, "Leeway"},
		{"negative access ttl", func(c *auth.Config) { c.AccessTTL = -time.Minute }, "AccessTTL"},
		{"refresh shorter than access", func(c *auth.Config) { c.AccessTTL = time.Hour; c.RefreshTTL = time.Minute }, "RefreshTTL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := auth.Config{KeyDir: t.TempDir(), BcryptCost: 4}
			tt.mod(&cfg)
			_, err := auth.New(cfg, openStore(t, time.Now), nil)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("New() error = %v, want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("New() error = %v, want one naming %s", err, tt.wantErr)
			}
		})
	}
}

func TestKeyFiles(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join(e.cfg.KeyDir, "keys")
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("key dir mode = %v, want 0700", got)
	}
	files := keyFiles(t, e.cfg.KeyDir)
	if len(files) != 1 {
		t.Fatalf("key files = %v, want one", files)
	}
	fi, err = os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("key file mode = %v, want 0600", got)
	}
	pub := signingKey(t, e.cfg.KeyDir).Public().(ed25519.PublicKey)
	sum := sha256.Sum256(pub)
	wantKid := hex.EncodeToString(sum[:])[:16]
	if !strings.HasSuffix(files[0], "-"+wantKid+".pem") {
		t.Errorf("key file = %s, want it named after kid %s", files[0], wantKid)
	}

	jwks := e.svc.JWKS()
	if len(jwks.Keys) != 1 {
		t.Fatalf("JWKS() = %+v, want one key", jwks)
	}
	k := jwks.Keys[0]
	x, err := base64.RawURLEncoding.DecodeString(k.X)
	if err != nil || !ed25519.PublicKey(x).Equal(pub) {
		t.Errorf("JWKS x = %q, want the public key", k.X)
	}
	if k.Kty != "OKP" || k.Crv != "Ed25519" || k.Alg != "EdDSA" || k.Use != "sig" || k.Kid != wantKid {
		t.Errorf("JWKS key = %+v", k)
	}
	b, _ := json.Marshal(jwks)
	if strings.Contains(string(b), `"d"`) {
		t.Errorf("JWKS %s leaks the private part", b)
	}

	// A second start reuses the key rather than making another.
	e.restart(t)
	if got := keyFiles(t, e.cfg.KeyDir); len(got) != 1 {
		t.Errorf("after restart key files = %v, want one", got)
	}

	e.user(t, "a@example.com", hiregate.RoleCandidate)
	h, c := unverified(t, e.login(t, "a@example.com").AccessToken)
	if h["alg"] != "EdDSA" || h["typ"] != "at+jwt" || h["kid"] != wantKid {
		t.Errorf("header = %v", h)
	}
	for _, claim := range []string{"iss", "aud", "sub", "role", "sid", "jti", "iat", "nbf", "exp"} {
		if _, ok := c[claim]; !ok {
			t.Errorf("claims %v lack %s", c, claim)
		}
	}
	if c["sub"] == "a@example.com" || strings.Contains(c["sub"].(string), "@") {
		t.Errorf("sub = %v, want the user id, never the email", c["sub"])
	}
	if len(c) != 9 {
		t.Errorf("claims = %v, want exactly the nine documented", c)
	}
}

func TestHS256(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef-secret")
	e := newEnv(t, func(c *auth.Config) { c.Algorithm = "HS256"; c.Secret = secret; c.KeyDir = "" })
	if got := e.svc.JWKS(); got.Keys == nil || len(got.Keys) != 0 {
		t.Errorf("JWKS() = %#v, want an empty, non-nil key list", got)
	}
	u := e.user(t, "h@example.com", hiregate.RoleRecruiter)
	tr := e.login(t, "h@example.com")
	p := e.auth(t, tr)
	if p.UserID != u.ID || p.Role != hiregate.RoleRecruiter {
		t.Errorf("principal = %+v", p)
	}
	h, c := unverified(t, tr.AccessToken)
	sum := sha256.Sum256(secret)
	if want := "hs256-" + hex.EncodeToString(sum[:])[:8]; h["kid"] != want || h["alg"] != "HS256" {
		t.Errorf("header = %v, want kid %s alg HS256", h, want)
	}

	other := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	other.Header["typ"], other.Header["kid"] = "at+jwt", h["kid"]
	forged, err := other.SignedString([]byte("another secret that is long enough!!"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Authenticate(ctx, forged)
	wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidToken)

	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	ed := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
	ed.Header["typ"], ed.Header["kid"] = "at+jwt", h["kid"]
	forged, err = ed.SignedString(priv)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Authenticate(ctx, forged)
	wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidToken)
}

// TestForgedTokens signs tokens by hand, most with the service's own key, and
// checks that only the well-formed ones are accepted.
func TestForgedTokens(t *testing.T) {
	e := newEnv(t)
	u := e.user(t, "f@example.com", hiregate.RoleCandidate)
	tr := e.login(t, "f@example.com")
	p := e.auth(t, tr)
	key := signingKey(t, e.cfg.KeyDir)
	pub := key.Public().(ed25519.PublicKey)
	kid := e.svc.JWKS().Keys[0].Kid
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	now := e.clk.Now()

	claims := func(mod func(jwt.MapClaims)) jwt.MapClaims {
		c := jwt.MapClaims{
			"iss": "hiregate", "aud": "hiregate-api", "sub": u.ID, "role": "candidate",
			"sid": p.SessionID, "jti": "jti-1",
			"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(15 * time.Minute).Unix(),
		}
		if mod != nil {
			mod(c)
		}
		return c
	}
	sign := func(m jwt.SigningMethod, k any, hdr map[string]any, c jwt.MapClaims) string {
		tok := jwt.NewWithClaims(m, c)
		tok.Header["typ"], tok.Header["kid"] = "at+jwt", kid
		for name, v := range hdr {
			if v == nil {
				delete(tok.Header, name)
			} else {
				tok.Header[name] = v
			}
		}
		s, err := tok.SignedString(k)
		if err != nil {
			t.Fatalf("SignedString() error = %v", err)
		}
		return s
	}
	ed := func(mod func(jwt.MapClaims)) string { return sign(jwt.SigningMethodEdDSA, key, nil, claims(mod)) }
	tamper := func(tok string, mod func(jwt.MapClaims)) string {
		parts := strings.Split(tok, ".")
		raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
		c := jwt.MapClaims{}
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		mod(c)
		b, _ := json.Marshal(c)
		parts[1] = base64.RawURLEncoding.EncodeToString(b)
		return strings.Join(parts, ".")
	}
	pubPEM := func() []byte {
		der, _ := x509.MarshalPKIXPublicKey(pub)
		return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	}

	tests := []struct {
		name  string
		token string
		ok    bool
	}{
		{"valid: issued by the service", tr.AccessToken, true},
		{"valid: signed by hand", ed(nil), true},
		{"valid: expired within leeway", ed(func(c jwt.MapClaims) { c["exp"] = now.Add(-20 * time.Second).Unix() }), true},
		{"valid: nbf in the future within leeway", ed(func(c jwt.MapClaims) { c["nbf"] = now.Add(20 * time.Second).Unix() }), true},
		{"valid: no nbf", ed(func(c jwt.MapClaims) { delete(c, "nbf") }), true},
		{"alg none", sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, map[string]any{"alg": "none"}, claims(nil)), false},
		{"alg none, signature of a valid token kept", strings.Join(append(strings.Split(sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, nil, claims(nil)), ".")[:2], strings.Split(tr.AccessToken, ".")[2]), "."), false},
		{"tampered payload: role admin", tamper(tr.AccessToken, func(c jwt.MapClaims) { c["role"] = "admin" }), false},
		{"tampered payload: exp extended", tamper(tr.AccessToken, func(c jwt.MapClaims) { c["exp"] = now.Add(time.Hour).Unix() }), false},
		{"signed by another Ed25519 key", sign(jwt.SigningMethodEdDSA, otherKey, nil, claims(nil)), false},
		{"expired beyond leeway", ed(func(c jwt.MapClaims) { c["exp"] = now.Add(-31 * time.Second).Unix() }), false},
		{"nbf in the future beyond leeway", ed(func(c jwt.MapClaims) { c["nbf"] = now.Add(31 * time.Second).Unix() }), false},
		{"iat in the future beyond leeway", ed(func(c jwt.MapClaims) { c["iat"] = now.Add(time.Hour).Unix() }), false},
		{"wrong iss", ed(func(c jwt.MapClaims) { c["iss"] = "evil" }), false},
		{"no iss", ed(func(c jwt.MapClaims) { delete(c, "iss") }), false},
		{"wrong aud", ed(func(c jwt.MapClaims) { c["aud"] = "other-api" }), false},
		{"no aud", ed(func(c jwt.MapClaims) { delete(c, "aud") }), false},
		{"missing exp", ed(func(c jwt.MapClaims) { delete(c, "exp") }), false},
		{"missing sid", ed(func(c jwt.MapClaims) { delete(c, "sid") }), false},
		{"missing sub", ed(func(c jwt.MapClaims) { delete(c, "sub") }), false},
		{"missing jti", ed(func(c jwt.MapClaims) { delete(c, "jti") }), false},
		{"unknown role", ed(func(c jwt.MapClaims) { c["role"] = "root" }), false},
		{"role not current", ed(func(c jwt.MapClaims) { c["role"] = "admin" }), false},
		{"sub of another user", ed(func(c jwt.MapClaims) { c["sub"] = "someone-else" }), false},
		{"unknown session", ed(func(c jwt.MapClaims) { c["sid"] = "no-such-session" }), false},
		{"unknown kid", sign(jwt.SigningMethodEdDSA, key, map[string]any{"kid": "0000000000000000"}, claims(nil)), false},
		{"no kid", sign(jwt.SigningMethodEdDSA, key, map[string]any{"kid": nil}, claims(nil)), false},
		{"kid not a string", sign(jwt.SigningMethodEdDSA, key, map[string]any{"kid": 42}, claims(nil)), false},
		{"wrong typ", sign(jwt.SigningMethodEdDSA, key, map[string]any{"typ": "JWT"}, claims(nil)), false},
		{"no typ", sign(jwt.SigningMethodEdDSA, key, map[string]any{"typ": nil}, claims(nil)), false},
		{"HS256 with the Ed25519 public key bytes", sign(jwt.SigningMethodHS256, []byte(pub), nil, claims(nil)), false},
		{"HS256 with the public key PEM", sign(jwt.SigningMethodHS256, pubPEM(), nil, claims(nil)), false},
		{"empty", "", false},
		{"garbage", "not.a.jwt", false},
		{"signature stripped", strings.Join(strings.Split(tr.AccessToken, ".")[:2], ".") + ".", false},
		{"oversized", tr.AccessToken + strings.Repeat("A", 5000), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.svc.Authenticate(ctx, tt.token)
			if !tt.ok {
				if err == nil {
					t.Fatalf("Authenticate() = %+v, want rejection", got)
				}
				wantErr(t, err, hiregate.EUNAUTHORIZED, "")
				return
			}
			if err != nil {
				t.Fatalf("Authenticate() error = %v, want acceptance", err)
			}
			if got.UserID != u.ID || got.Role != hiregate.RoleCandidate || got.SessionID != p.SessionID || got.TokenID == "" {
				t.Errorf("Authenticate() = %+v", got)
			}
		})
	}
}

// TestLeeway moves the clock around a token's lifetime.
func TestLeeway(t *testing.T) {
	tests := []struct {
		name    string
		leeway  time.Duration
		advance time.Duration
		ok      bool
	}{
		{"fresh", 0, 0, true},
		{"just before expiry", 0, 15*time.Minute - time.Second, true},
		{"at expiry without leeway", time.Nanosecond, 15*time.Minute + time.Second, false},
		{"within default leeway", 0, 15*time.Minute + 29*time.Second, true},
		{"beyond default leeway", 0, 15*time.Minute + 31*time.Second, false},
		{"within 10s leeway", 10 * time.Second, 15*time.Minute + 9*time.Second, true},
		{"beyond 10s leeway", 10 * time.Second, 15*time.Minute + 11*time.Second, false},
		{"clock behind, within leeway", 0, -29 * time.Second, true},
		{"clock behind, beyond leeway", 0, -31 * time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *auth.Config) { c.Leeway = tt.leeway })
			e.user(t, "l@example.com", hiregate.RoleCandidate)
			tr := e.login(t, "l@example.com")
			e.clk.Advance(tt.advance)
			err := e.svc.VerifyAccessToken(tr.AccessToken)
			if tt.ok && err != nil {
				t.Fatalf("VerifyAccessToken() error = %v, want acceptance", err)
			}
			if !tt.ok {
				wantErr(t, err, hiregate.EUNAUTHORIZED, hiregate.MsgInvalidToken)
			}
		})
	}
}

func TestKeyRotation(t *testing.T) {
	e := newEnv(t)
	e.user(t, "r@example.com", hiregate.RoleCandidate)
	oldTok := e.login(t, "r@example.com")
	oldKid := e.svc.JWKS().Keys[0].Kid

	newKid, err := auth.RotateKey(e.cfg.KeyDir)
	if err != nil {
		t.Fatalf("RotateKey() error = %v", err)
	}
	if newKid == oldKid || len(newKid) != 16 {
		t.Fatalf("RotateKey() = %q, want a new 16-hex kid (old %q)", newKid, oldKid)
	}

	// A restarted service signs with the new key and still verifies the old.
	svc := e.restart(t)
	if _, err := svc.Authenticate(ctx, oldTok.AccessToken); err != nil {
		t.Errorf("old-key token after rotation: Authenticate() error = %v", err)
	}
	newTok, err := svc.Login(ctx, "r@example.com", pw, client)
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := unverified(t, newTok.AccessToken); h["kid"] != newKid {
		t.Errorf("new token kid = %v, want %s", h["kid"], newKid)
	}
	jwks := svc.JWKS()
	if len(jwks.Keys) != 2 || jwks.Keys[0].Kid != newKid || jwks.Keys[1].Kid != oldKid {
		t.Errorf("JWKS() = %+v, want the new key then the old", jwks)
	}

	// A service started before the rotation learns the new key when a
	// token names it, at most once per reload interval.
	if err := e.svc.VerifyAccessToken(newTok.AccessToken); err == nil {
		t.Error("old service accepted a new-key token before its reload interval passed")
	}
	e.clk.Advance(11 * time.Second)
	if err := e.svc.VerifyAccessToken(newTok.AccessToken); err != nil {
		t.Errorf("old service after reload interval: VerifyAccessToken() error = %v", err)
	}
}

func TestKeyFileErrors(t *testing.T) {
	tests := []struct {
		name  string
		write func(t *testing.T, keys string)
	}{
		{"not PEM", func(t *testing.T, keys string) {
			os.WriteFile(filepath.Join(keys, "1-bad.pem"), []byte("hello"), 0o600)
		}},
		{"not Ed25519", func(t *testing.T, keys string) {
			os.WriteFile(filepath.Join(keys, "1-bad.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1, 2, 3}}), 0o600)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			keys := filepath.Join(dir, "keys")
			if err := os.MkdirAll(keys, 0o700); err != nil {
				t.Fatal(err)
			}
			tt.write(t, keys)
			if _, err := auth.New(auth.Config{KeyDir: dir, BcryptCost: 4}, openStore(t, time.Now), nil); err == nil {
				t.Fatal("New() with a broken key file succeeded")
			}
		})
	}
}

func TestKeyPermissionWarning(t *testing.T) {
	e := newEnv(t)
	files := keyFiles(t, e.cfg.KeyDir)
	if err := os.Chmod(files[0], 0o644); err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	if _, err := auth.New(e.cfg, e.db, log); err != nil {
		t.Fatalf("New() error = %v", err)
	}
	if !strings.Contains(logs.String(), "readable by other users") || !strings.Contains(logs.String(), files[0]) {
		t.Errorf("log = %q, want a warning naming %s", logs.String(), files[0])
	}
	if strings.Contains(logs.String(), "PRIVATE KEY") {
		t.Error("log contains key material")
	}
}
