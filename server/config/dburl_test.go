package config_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/config"
)

const dbPassword = "pg-s3cret-pw"

func TestDatabaseURL(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    string // Reveal()
		wantErr string
	}{
		{"Unset", nil, nil, "", ""},
		{"Flag", []string{"--database-url", "postgres://app@db:5432/hiregate"}, nil, "postgres://app@db:5432/hiregate", ""},
		{"Env", nil, map[string]string{"HIREGATE_DATABASE_URL": "postgresql://app:" + dbPassword + "@db/hiregate"},
			"postgresql://app:" + dbPassword + "@db/hiregate", ""},
		{"SocketHost", []string{"--database-url", "postgres:///hiregate?host=/run/postgresql"}, nil, "postgres:///hiregate?host=/run/postgresql", ""},
		{"WrongScheme", []string{"--database-url", "mysql://app:" + dbPassword + "@db/hiregate"}, nil, "", "invalid --database-url (HIREGATE_DATABASE_URL): the scheme must be postgres://"},
		{"NoHost", []string{"--database-url", "postgres:///hiregate"}, nil, "", "no host"},
		{"NoDatabase", []string{"--database-url", "postgres://app:" + dbPassword + "@db:5432/"}, nil, "", "no database name"},
		{"NotAURL", []string{"--database-url", "postgres://app:" + dbPassword + "@[db"}, nil, "", "not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(tt.args, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), dbPassword) {
					t.Fatalf("Load(%q) error = %v, want one containing %q and not the password", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load(%q) = %v", tt.args, err)
			}
			if got := c.DatabaseURL.Reveal(); got != tt.want {
				t.Fatalf("DatabaseURL.Reveal() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDatabaseURLNeverPrintsPassword(t *testing.T) {
	c, err := config.Load(nil, env(map[string]string{"HIREGATE_DATABASE_URL": "postgres://app:" + dbPassword + "@db/hiregate?password=" + dbPassword}))
	if err != nil {
		t.Fatal(err)
	}
	var printed, logged bytes.Buffer
	if err := c.Print(&printed); err != nil {
		t.Fatal(err)
	}
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "config", c, "url", c.DatabaseURL)
	j, _ := json.Marshal(c)
	for name, out := range map[string]string{
		"String": c.String(), "Print": printed.String(), "slog": logged.String(), "json": string(j),
		"%v": fmt.Sprintf("%v", c.DatabaseURL), "%#v": fmt.Sprintf("%#v", c), "%s": fmt.Sprintf("%s", c.DatabaseURL),
	} {
		if strings.Contains(out, dbPassword) {
			t.Errorf("%s shows the database password: %s", name, out)
		}
	}
	if !strings.Contains(c.DatabaseURL.String(), "app:redacted@db") {
		t.Errorf("DatabaseURL.String() = %q, want the user and host with the password redacted", c.DatabaseURL)
	}
}

func TestDatabaseURLPasswordInFlagWarns(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		warn bool
	}{
		{"FlagWithPassword", []string{"--database-url", "postgres://app:" + dbPassword + "@db/h"}, nil, true},
		{"FlagWithoutPassword", []string{"--database-url", "postgres://app@db/h"}, nil, false},
		{"EnvWithPassword", nil, map[string]string{"HIREGATE_DATABASE_URL": "postgres://app:" + dbPassword + "@db/h"}, false},
	}
	for _, tt := range tests {
		c, err := config.Load(tt.args, env(tt.env))
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Contains(strings.Join(c.Warnings(), "\n"), "process list")
		if got != tt.warn {
			t.Errorf("%s: Warnings() = %q, want a process-list warning: %v", tt.name, c.Warnings(), tt.warn)
		}
	}
}
