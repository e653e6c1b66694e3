package app_test

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// TestAuthConfig: every setting of the auth service comes from the
// configuration, and the clock from the option.
func TestAuthConfig(t *testing.T) {
	secret := strings.Repeat("s", 40)
	key := hex.EncodeToString(bytes.Repeat([]byte{7}, 32))
	args := []string{
		"--data", "/var/lib/hiregate", "--access-ttl", "5m", "--refresh-ttl", "24h", "--bcrypt-cost", "10",
		"--jwt-alg", "hs256", "--issuer", "me", "--audience", "them", "--hash-concurrency", "3",
		"--login-account-limit", "5", "--login-ip-limit", "50", "--require-mfa", "admin,recruiter",
	}
	c, err := config.Load(args, env(map[string]string{config.EnvJWTSecret: secret, config.EnvMFAKey: key}))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a := app.AuthConfig(c, func() time.Time { return t0 })
	if a.Algorithm != auth.AlgHS256 || string(a.Secret) != secret || a.KeyDir != c.DataDir || a.BcryptCost != 10 ||
		a.AccessTTL != 5*time.Minute || a.RefreshTTL != 24*time.Hour || a.Issuer != "me" || a.Audience != "them" ||
		a.HashConcurrency != 3 || a.AccountLimit != 5 || a.IPLimit != 50 || a.Window != hiregate.LoginWindow ||
		a.MFAKey != key || !slices.Equal(a.RequireMFA, []hiregate.Role{"admin", "recruiter"}) || a.Now == nil || !a.Now().Equal(t0) {
		t.Errorf("AuthConfig() = %+v, does not match the config", a)
	}
}

// TestValidateMFAKey: a key seal cannot read is refused before anything
// starts, naming the variable and never the value.
func TestValidateMFAKey(t *testing.T) {
	good := hex.EncodeToString(bytes.Repeat([]byte{7}, 32))
	tests := []struct {
		name, key string
		ok        bool
	}{
		{"Unset", "", true},
		{"Hex", good, true},
		{"Short", "short", false},
		{"Long", good + "00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := app.TestConfig(t.TempDir())
			c.MFAKey = config.NewSecret([]byte(tt.key))
			err := app.Validate(c)
			if tt.ok != (err == nil) {
				t.Fatalf("Validate() = %v, want ok %v", err, tt.ok)
			}
			if err != nil && (!strings.Contains(err.Error(), config.EnvMFAKey) || strings.Contains(err.Error(), tt.key)) {
				t.Errorf("Validate() = %v, want an error naming %s without the value", err, config.EnvMFAKey)
			}
			if tt.ok {
				return
			}
			if _, err := app.Open(t.Context(), c, nil); err == nil || !strings.Contains(err.Error(), config.EnvMFAKey) {
				t.Errorf("Open() = %v, want the key refused", err)
			}
			if _, err := os.Stat(filepath.Join(c.DataDir, app.DBFile)); err == nil {
				t.Error("Open() created the database before refusing the key")
			}
		})
	}
}
