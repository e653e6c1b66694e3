package config_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/seal"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

const secret = "0123456789abcdef0123456789abcdef-very-secret"

func TestLoadDefaults(t *testing.T) {
	c, err := config.Load(nil, env(nil))
	if err != nil {
		t.Fatalf("Load(nil) error = %v", err)
	}
	want := config.Config{
		Addr: "127.0.0.1:8080", DataDir: "./data", AccessTTL: 15 * time.Minute, RefreshTTL: 336 * time.Hour,
		BcryptCost: 12, JWTAlgorithm: "EdDSA", Issuer: "hiregate", Audience: "hiregate-api", LogFormat: "text",
		LogLevel: slog.LevelInfo, HashConcurrency: runtime.NumCPU(), LoginAccountLimit: 10, LoginIPLimit: 100,
		ShutdownTimeout: 15 * time.Second, BackupKeep: 7, SQLiteSynchronous: "FULL", SQLiteMmapMB: config.DefaultSQLiteMmapMB,
		PageCacheMB: config.DefaultPageCacheMB, MaxEventStreams: 10_000, AuditRetention: config.DefaultAuditRetention,
	}
	if c.String() != want.String() {
		t.Errorf("Load(nil) =\n%s\nwant\n%s", c, want)
	}
	if c.Demo || c.TLS() || c.JWTSecret.IsSet() || c.TrustedProxies != nil {
		t.Errorf("Load(nil) = %s, want no demo, no TLS, no secret, no proxies", c)
	}
	if d := config.Default(); d.String() != c.String() {
		t.Errorf("Default() = %s, want %s", d, c)
	}
}

func TestLoadValues(t *testing.T) {
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	for _, f := range []string{cert, key} {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{
		"--addr", "0.0.0.0:9090", "--data", "/var/lib/hiregate", "--demo",
		"--access-ttl", "5m", "--refresh-ttl", "24h", "--bcrypt-cost", "10", "--jwt-alg", "hs256",
		"--issuer", "me", "--audience", "them", "--tls-cert", cert, "--tls-key", key,
		"--trusted-proxies", "10.0.0.1, 192.168.0.0/16,::1", "--log-format", "JSON", "--log-level", "debug",
		"--hash-concurrency", "3", "--login-account-limit", "5", "--login-ip-limit", "50", "--shutdown-timeout", "2s",
		"--backup-every", "24h", "--backup-keep", "3", "--pprof-addr", "[::1]:6060", "--max-event-streams", "500",
	}
	c, err := config.Load(args, env(map[string]string{config.EnvJWTSecret: secret}))
	if err != nil {
		t.Fatalf("Load error = %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Addr", c.Addr, "0.0.0.0:9090"},
		{"DataDir", c.DataDir, "/var/lib/hiregate"},
		{"Demo", c.Demo, true},
		{"AccessTTL", c.AccessTTL, 5 * time.Minute},
		{"RefreshTTL", c.RefreshTTL, 24 * time.Hour},
		{"BcryptCost", c.BcryptCost, 10},
		{"JWTAlgorithm", c.JWTAlgorithm, "HS256"},
		{"JWTSecret", string(c.JWTSecret.Reveal()), secret},
		{"JWTSecretEnv", c.JWTSecretEnv, config.EnvJWTSecret},
		{"Issuer", c.Issuer, "me"},
		{"Audience", c.Audience, "them"},
		{"TLS", c.TLS(), true},
		{"TrustedProxies", strings.Join(c.TrustedProxies, ","), "10.0.0.1,192.168.0.0/16,::1"},
		{"LogFormat", c.LogFormat, "json"},
		{"LogLevel", c.LogLevel, slog.LevelDebug},
		{"HashConcurrency", c.HashConcurrency, 3},
		{"LoginAccountLimit", c.LoginAccountLimit, 5},
		{"LoginIPLimit", c.LoginIPLimit, 50},
		{"ShutdownTimeout", c.ShutdownTimeout, 2 * time.Second},
		{"BackupEvery", c.BackupEvery, 24 * time.Hour},
		{"BackupKeep", c.BackupKeep, 3},
		{"PprofAddr", c.PprofAddr, "[::1]:6060"},
		{"MaxEventStreams", c.MaxEventStreams, 500},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

// TestDefaultsAgree: config keeps its own copies of the services' defaults
// and bounds, so as to import no service; they must stay the same.
func TestDefaultsAgree(t *testing.T) {
	tests := []struct {
		name      string
		got, want any
	}{
		{"AlgEdDSA", config.AlgEdDSA, auth.AlgEdDSA},
		{"AlgHS256", config.AlgHS256, auth.AlgHS256},
		{"DefaultIssuer", config.DefaultIssuer, auth.DefaultIssuer},
		{"DefaultAudience", config.DefaultAudience, auth.DefaultAudience},
		{"DefaultBcryptCost", config.DefaultBcryptCost, auth.DefaultBcryptCost},
		{"DefaultIPLimit", config.DefaultIPLimit, auth.DefaultIPLimit},
		{"MinJWTSecretLen", config.MinJWTSecretLen, auth.MinSecretLen},
		{"MinBcryptCost", config.MinBcryptCost, bcrypt.MinCost},
		{"MaxBcryptCost", config.MaxBcryptCost, bcrypt.MaxCost},
		{"DefaultMaxEventStreams", config.DefaultMaxEventStreams, events.DefaultMaxStreams},
		{"MFAKeyFile", config.MFAKeyFile, seal.KeyFile},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("config.%s = %v, the service's is %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantAddr string
		wantDemo bool
		wantSrc  string
	}{
		{"Default", nil, nil, "127.0.0.1:8080", false, "default"},
		{"EnvOnly", nil, map[string]string{"HIREGATE_ADDR": "127.0.0.1:1", "HIREGATE_DEMO": "true"}, "127.0.0.1:1", true, "env HIREGATE_ADDR"},
		{"FlagOnly", []string{"--addr=127.0.0.1:2", "--demo"}, nil, "127.0.0.1:2", true, "flag"},
		{"FlagWinsOverEnv", []string{"--addr", "127.0.0.1:3", "--demo=false"}, map[string]string{"HIREGATE_ADDR": "127.0.0.1:1", "HIREGATE_DEMO": "1"}, "127.0.0.1:3", false, "flag"},
		{"EmptyEnvIsUnset", nil, map[string]string{"HIREGATE_ADDR": ""}, "127.0.0.1:8080", false, "default"},
		{"SingleDash", []string{"-addr", ":4"}, nil, ":4", false, "flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(tt.args, env(tt.env))
			if err != nil {
				t.Fatalf("Load error = %v", err)
			}
			if c.Addr != tt.wantAddr || c.Demo != tt.wantDemo {
				t.Errorf("Load = addr %q demo %v, want %q %v", c.Addr, c.Demo, tt.wantAddr, tt.wantDemo)
			}
			var b bytes.Buffer
			if err := c.Print(&b); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tt.wantAddr+"  ") || !lineHas(b.String(), "addr ", tt.wantSrc) {
				t.Errorf("Print() =\n%s\nwant addr %s from %q", b.String(), tt.wantAddr, tt.wantSrc)
			}
		})
	}
}

func lineHas(text, prefix, want string) bool {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return strings.HasSuffix(strings.TrimSpace(l), want)
		}
	}
	return false
}

func TestSecretSources(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    string
		wantEnv string
	}{
		{"None", nil, "", ""},
		{"New", map[string]string{config.EnvJWTSecret: secret}, secret, config.EnvJWTSecret},
		{"OriginalDesignName", map[string]string{config.EnvJWTSecretOld: secret + "old"}, secret + "old", config.EnvJWTSecretOld},
		{"NewWins", map[string]string{config.EnvJWTSecret: secret, config.EnvJWTSecretOld: "other"}, secret, config.EnvJWTSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load([]string{"--jwt-alg", "HS256"}, env(tt.env))
			if tt.want == "" {
				if err == nil || !strings.Contains(err.Error(), "invalid --jwt-alg (HIREGATE_JWT_ALG): HS256 needs a secret") {
					t.Fatalf("Load without secret error = %v, want one naming --jwt-alg", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load error = %v", err)
			}
			if string(c.JWTSecret.Reveal()) != tt.want || c.JWTSecretEnv != tt.wantEnv {
				t.Errorf("secret from %q, want %q", c.JWTSecretEnv, tt.wantEnv)
			}
		})
	}
}

func TestSecretIsNeverAFlag(t *testing.T) {
	for _, name := range []string{"--jwt-secret", "--secret", "--secret-key"} {
		if _, err := config.Load([]string{name, secret}, env(nil)); err == nil {
			t.Errorf("Load(%s) accepted a secret on the command line", name)
		}
	}
}

func TestInvalid(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.pem")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"AddrNoPort", []string{"--addr", "localhost"}, nil, `invalid --addr (HIREGATE_ADDR): "localhost" is not host:port`},
		{"AddrBadPort", []string{"--addr", "127.0.0.1:99999"}, nil, `invalid --addr (HIREGATE_ADDR): "127.0.0.1:99999" has an invalid port; want 0..65535`},
		{"AddrFromEnv", nil, map[string]string{"HIREGATE_ADDR": "nope"}, `invalid --addr (HIREGATE_ADDR): "nope" is not host:port`},
		{"PprofNotLoopback", []string{"--pprof-addr", "0.0.0.0:6060"}, nil, `invalid --pprof-addr (HIREGATE_PPROF_ADDR): "0.0.0.0:6060" is not a loopback address (use 127.0.0.1:PORT)`},
		{"PprofHostname", nil, map[string]string{"HIREGATE_PPROF_ADDR": "example.com:6060"}, `invalid --pprof-addr (HIREGATE_PPROF_ADDR): "example.com:6060" is not a loopback address`},
		{"PprofNoPort", []string{"--pprof-addr", "127.0.0.1"}, nil, `invalid --pprof-addr (HIREGATE_PPROF_ADDR): "127.0.0.1" is not host:port`},
		{"DataEmpty", []string{"--data", ""}, nil, "invalid --data (HIREGATE_DATA): must not be empty"},
		{"DemoNotBool", nil, map[string]string{"HIREGATE_DEMO": "maybe"}, `invalid --demo (HIREGATE_DEMO): "maybe" is not a boolean (true or false)`},
		{"AccessTTLNotDuration", []string{"--access-ttl", "15"}, nil, `invalid --access-ttl (HIREGATE_ACCESS_TTL): "15" is not a duration (such as 15m or 336h)`},
		{"AccessTTLTooShort", []string{"--access-ttl", "10s"}, nil, "invalid --access-ttl (HIREGATE_ACCESS_TTL): 10s is outside 1m0s..24h0m0s"},
		{"AccessTTLTooLong", []string{"--access-ttl", "25h"}, nil, "invalid --access-ttl (HIREGATE_ACCESS_TTL): 25h0m0s is outside 1m0s..24h0m0s"},
		{"RefreshTTLNegative", []string{"--refresh-ttl", "-1h"}, nil, "invalid --refresh-ttl (HIREGATE_REFRESH_TTL): -1h0m0s is outside"},
		{"RefreshShorterThanAccess", []string{"--access-ttl", "2h", "--refresh-ttl", "1h"}, nil, "invalid --refresh-ttl (HIREGATE_REFRESH_TTL): 1h0m0s is shorter than --access-ttl (2h0m0s)"},
		{"BcryptCostHigh", []string{"--bcrypt-cost", "40"}, nil, "invalid --bcrypt-cost (HIREGATE_BCRYPT_COST): 40 is outside 4..31"},
		{"BcryptCostLow", nil, map[string]string{"HIREGATE_BCRYPT_COST": "3"}, "invalid --bcrypt-cost (HIREGATE_BCRYPT_COST): 3 is outside 4..31"},
		{"BcryptCostNotNumber", []string{"--bcrypt-cost", "twelve"}, nil, `invalid --bcrypt-cost (HIREGATE_BCRYPT_COST): "twelve" is not a whole number`},
		{"JWTAlgUnknown", []string{"--jwt-alg", "RS256"}, nil, `invalid --jwt-alg (HIREGATE_JWT_ALG): "RS256" is not one of EdDSA, HS256`},
		{"JWTAlgNone", []string{"--jwt-alg", "none"}, nil, `invalid --jwt-alg (HIREGATE_JWT_ALG): "none" is not one of EdDSA, HS256`},
		{"HS256NoSecret", []string{"--jwt-alg", "HS256"}, nil, "invalid --jwt-alg (HIREGATE_JWT_ALG): HS256 needs a secret of at least 32 bytes in HIREGATE_JWT_SECRET (or SECRET_KEY)"},
		{"HS256ShortSecret", []string{"--jwt-alg", "HS256"}, map[string]string{"SECRET_KEY": "short"}, "invalid SECRET_KEY: the secret is 5 bytes; HS256 needs at least 32"},
		{"IssuerEmpty", []string{"--issuer", " "}, nil, "invalid --issuer (HIREGATE_ISSUER): must not be empty"},
		{"AudienceControl", []string{"--audience", "a\nb"}, nil, "invalid --audience (HIREGATE_AUDIENCE): must not contain control characters"},
		{"AudienceTooLong", []string{"--audience", strings.Repeat("a", 201)}, nil, "invalid --audience (HIREGATE_AUDIENCE): is 201 bytes; at most 200"},
		{"TLSCertMissing", []string{"--tls-cert", filepath.Join(dir, "nope.pem"), "--tls-key", file}, nil, "invalid --tls-cert (HIREGATE_TLS_CERT): " + filepath.Join(dir, "nope.pem") + " does not exist"},
		{"TLSKeyIsDir", []string{"--tls-cert", file, "--tls-key", dir}, nil, "invalid --tls-key (HIREGATE_TLS_KEY): " + dir + " is not a regular file"},
		{"TLSCertWithoutKey", []string{"--tls-cert", file}, nil, "invalid --tls-key (HIREGATE_TLS_KEY): required when --tls-cert is set"},
		{"TLSKeyWithoutCert", nil, map[string]string{"HIREGATE_TLS_KEY": file}, "invalid --tls-cert (HIREGATE_TLS_CERT): required when --tls-key is set"},
		{"ProxyNotIP", []string{"--trusted-proxies", "10.0.0.1,proxy.local"}, nil, `invalid --trusted-proxies (HIREGATE_TRUSTED_PROXIES): "proxy.local" is not an IP address or CIDR`},
		{"ProxyBadCIDR", []string{"--trusted-proxies", "10.0.0.0/33"}, nil, `invalid --trusted-proxies (HIREGATE_TRUSTED_PROXIES): "10.0.0.0/33" is not an IP address or CIDR`},
		{"ProxyEmptyEntry", []string{"--trusted-proxies", "10.0.0.1,,10.0.0.2"}, nil, "invalid --trusted-proxies (HIREGATE_TRUSTED_PROXIES): empty entry in the list"},
		{"LogFormat", []string{"--log-format", "xml"}, nil, `invalid --log-format (HIREGATE_LOG_FORMAT): "xml" is not one of text, json`},
		{"LogLevel", []string{"--log-level", "loud"}, nil, `invalid --log-level (HIREGATE_LOG_LEVEL): "loud" is not one of debug, info, warn, error`},
		{"SQLiteSynchronousOff", []string{"--sqlite-synchronous", "OFF"}, nil, "invalid --sqlite-synchronous (HIREGATE_SQLITE_SYNCHRONOUS): \"OFF\" is not FULL or NORMAL"},
		{"SQLiteMmapNegative", []string{"--sqlite-mmap-mb", "-1"}, nil, "invalid --sqlite-mmap-mb (HIREGATE_SQLITE_MMAP_MB): -1 is outside 0..65536"},
		{"HashConcurrencyZero", []string{"--hash-concurrency", "0"}, nil, "invalid --hash-concurrency (HIREGATE_HASH_CONCURRENCY): 0 is outside 1..256"},
		{"AccountLimitZero", []string{"--login-account-limit", "0"}, nil, "invalid --login-account-limit (HIREGATE_LOGIN_ACCOUNT_LIMIT): 0 is outside 1..1000"},
		{"IPLimitHuge", []string{"--login-ip-limit", "2000000"}, nil, "invalid --login-ip-limit (HIREGATE_LOGIN_IP_LIMIT): 2000000 is outside 1..1000000"},
		{"MaxEventStreamsZero", []string{"--max-event-streams", "0"}, nil, "invalid --max-event-streams (HIREGATE_MAX_EVENT_STREAMS): 0 is outside 1..1000000"},
		{"MaxEventStreamsEnvNotNumber", nil, map[string]string{"HIREGATE_MAX_EVENT_STREAMS": "many"}, `invalid --max-event-streams (HIREGATE_MAX_EVENT_STREAMS): "many" is not a whole number`},
		{"ShutdownTimeout", []string{"--shutdown-timeout", "0s"}, nil, "invalid --shutdown-timeout (HIREGATE_SHUTDOWN_TIMEOUT): 0s is outside 1s..10m0s"},
		{"BackupEveryShort", []string{"--backup-every", "10s"}, nil, "invalid --backup-every (HIREGATE_BACKUP_EVERY): 10s is outside 1m0s..744h0m0s"},
		{"BackupEveryNotDuration", []string{"--backup-every", "daily"}, nil, `invalid --backup-every (HIREGATE_BACKUP_EVERY): "daily" is not a duration`},
		{"BackupKeepZero", []string{"--backup-keep", "0"}, nil, "invalid --backup-keep (HIREGATE_BACKUP_KEEP): 0 is outside 1..1000"},
		{"UnknownFlag", []string{"--port", "80"}, nil, "flag provided but not defined: -port"},
		{"MissingValue", []string{"--addr"}, nil, "flag needs an argument: -addr"},
		{"StrayArgument", []string{"serve"}, nil, `unexpected argument "serve"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Load(tt.args, env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load(%q) error = %v, want one containing %q", tt.args, err, tt.want)
			}
		})
	}
}

func TestInvalidReportsEverySetting(t *testing.T) {
	_, err := config.Load([]string{"--bcrypt-cost", "40", "--log-format", "xml"}, env(map[string]string{"HIREGATE_ADDR": "x"}))
	for _, name := range []string{"--bcrypt-cost", "--log-format", "--addr"} {
		if err == nil || !strings.Contains(err.Error(), "invalid "+name) {
			t.Errorf("Load error = %v, want it to name %s", err, name)
		}
	}
}

func TestHelp(t *testing.T) {
	if _, err := config.Load([]string{"-h"}, env(nil)); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("Load(-h) error = %v, want flag.ErrHelp", err)
	}
	var b bytes.Buffer
	config.Usage(&b)
	for _, want := range []string{"--addr", "HIREGATE_ADDR", "--bcrypt-cost", "HIREGATE_BCRYPT_COST", "HIREGATE_JWT_SECRET", "SECRET_KEY"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Usage() does not mention %s:\n%s", want, b.String())
		}
	}
}

func TestValidateBuiltInCode(t *testing.T) {
	c := config.Default()
	if err := c.Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v", err)
	}
	c.BcryptCost = 2
	c.TrustedProxies = []string{"nope"}
	c.MaxEventStreams = 0 // a Config built in code does not get the default cap
	err := c.Validate()
	for _, want := range []string{"invalid --bcrypt-cost (HIREGATE_BCRYPT_COST): 2 is outside 4..31", `invalid --trusted-proxies (HIREGATE_TRUSTED_PROXIES): "nope"`,
		"invalid --max-event-streams (HIREGATE_MAX_EVENT_STREAMS): 0 is outside 1..1000000"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want %q", err, want)
		}
	}
}

func TestRedaction(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"HS256", map[string]string{config.EnvJWTSecret: secret}, []string{"--jwt-alg", "HS256"}, "[redacted]"},
		{"SecretUnusedWithEdDSA", map[string]string{config.EnvJWTSecretOld: secret}, nil, "[redacted]"},
		{"Unset", nil, nil, "[unset]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(tt.args, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			var printed bytes.Buffer
			if err := c.Print(&printed); err != nil {
				t.Fatal(err)
			}
			var text, js bytes.Buffer
			slog.New(slog.NewTextHandler(&text, nil)).Info("config", "config", c)
			slog.New(slog.NewJSONHandler(&js, nil)).Info("config", "config", c, "secret", c.JWTSecret)
			marshalled, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			outputs := map[string]string{
				"Print": printed.String(), "slog text": text.String(), "slog json": js.String(), "json": string(marshalled),
				"%v": fmt.Sprintf("%v", c), "%+v": fmt.Sprintf("%+v", c), "%#v": fmt.Sprintf("%#v", c),
				"%s secret": fmt.Sprintf("%s", c.JWTSecret), "%x secret": fmt.Sprintf("%x", c.JWTSecret),
				"%q secret": fmt.Sprintf("%q", c.JWTSecret), "String": c.String(),
			}
			for name, out := range outputs {
				if strings.Contains(out, secret) || strings.Contains(out, fmt.Sprintf("%x", secret)) {
					t.Errorf("%s output contains the secret: %s", name, out)
				}
			}
			for _, name := range []string{"Print", "slog text", "slog json", "String"} {
				if !strings.Contains(outputs[name], tt.want) {
					t.Errorf("%s output = %s, want it to show %s", name, outputs[name], tt.want)
				}
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	c, err := config.Load(nil, env(map[string]string{config.EnvJWTSecretOld: secret}))
	if err != nil {
		t.Fatal(err)
	}
	if w := c.Warnings(); len(w) != 1 || !strings.Contains(w[0], "SECRET_KEY is set but --jwt-alg is EdDSA") {
		t.Errorf("Warnings() = %q, want one about the unused secret", w)
	}
	if w := config.Default().Warnings(); len(w) != 0 {
		t.Errorf("Default().Warnings() = %q, want none", w)
	}
	// Verified addresses required, and nothing to verify them with.
	c, err = config.Load([]string{"--require-verified-email"}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if w := c.Warnings(); len(w) != 1 || !strings.Contains(w[0], "no verification code can be sent") {
		t.Errorf("Warnings(--require-verified-email without mail) = %q, want one saying no code can be sent", w)
	}
	c, err = config.Load([]string{"--require-verified-email", "--smtp-url", "smtp://127.0.0.1:2525", "--mail-from", "jobs@example.com"}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if w := c.Warnings(); len(w) != 0 {
		t.Errorf("Warnings(--require-verified-email with mail) = %q, want none", w)
	}
}

// The audit log's retention has a floor of six months: the EU AI Act's
// minimum for the logs of screening.
func TestAuditRetentionFloor(t *testing.T) {
	tests := []struct {
		value string
		ok    bool
	}{
		{"4392h", true}, {"8784h", true}, {"4391h", false}, {"720h", false}, {"0s", false},
	}
	for _, tt := range tests {
		c, err := config.Load([]string{"--audit-retention", tt.value}, env(nil))
		if (err == nil) != tt.ok {
			t.Errorf("Load(--audit-retention %s) error = %v, want ok %v", tt.value, err, tt.ok)
		}
		if tt.ok && c.AuditRetention < config.MinAuditRetention {
			t.Errorf("Load(--audit-retention %s) = %s, below the floor", tt.value, c.AuditRetention)
		}
	}
}
