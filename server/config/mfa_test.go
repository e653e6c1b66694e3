package config_test

import (
	"bytes"
	"encoding/hex"
	"slices"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestRequireMFA(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []hiregate.Role
		err  string
	}{
		{"Default", nil, nil, nil, ""},
		{"Flag", []string{"--require-mfa", " Admin, recruiter,admin "}, nil, []hiregate.Role{"admin", "recruiter"}, ""},
		{"Env", nil, map[string]string{"HIREGATE_REQUIRE_MFA": "recruiter"}, []hiregate.Role{"recruiter"}, ""},
		{"FlagWinsEmpty", []string{"--require-mfa", ""}, map[string]string{"HIREGATE_REQUIRE_MFA": "admin"}, nil, ""},
		{"Unknown", []string{"--require-mfa", "admin,boss"}, nil, nil, `invalid --require-mfa (HIREGATE_REQUIRE_MFA): "boss" is not one of`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(tt.args, env(tt.env))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Load() error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(c.RequireMFA, tt.want) {
				t.Errorf("RequireMFA = %v, want %v", c.RequireMFA, tt.want)
			}
		})
	}
	c := config.Default()
	c.RequireMFA = []hiregate.Role{"boss"}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "--require-mfa") {
		t.Errorf("Validate(RequireMFA boss) = %v, want an error naming --require-mfa", err)
	}
}

func TestMFAKey(t *testing.T) {
	key := hex.EncodeToString(bytes.Repeat([]byte{7}, 32))
	c, err := config.Load(nil, env(map[string]string{config.EnvMFAKey: key}))
	if err != nil {
		t.Fatal(err)
	}
	if string(c.MFAKey.Reveal()) != key {
		t.Errorf("MFAKey is not the environment's key")
	}
	var out bytes.Buffer
	if err := c.Print(&out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String()+c.String(), key) || !strings.Contains(out.String(), "env "+config.EnvMFAKey) {
		t.Errorf("Print() =\n%s\nwant the key redacted and its source shown", out.String())
	}
	if _, err := config.Load([]string{"--mfa-key", key}, env(nil)); err == nil {
		t.Errorf("Load(--mfa-key) error = nil, want the key refused as a flag")
	}
	d := config.Default()
	out.Reset()
	_ = d.Print(&out)
	if !strings.Contains(out.String(), "file data/mfa.key") {
		t.Errorf("Print() without the variable =\n%s\nwant the key file named", out.String())
	}
}
