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

const smtpPassword = "smtp-s3cret-pw"

func TestSMTPURL(t *testing.T) {
	from := []string{"--mail-from", "Jobs <jobs@example.com>"}
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		on       bool
		host     string
		port     int
		implicit bool
		user     string
		wantErr  string
	}{
		{"Off", nil, nil, false, "", 0, false, "", ""},
		{"STARTTLSDefaultPort", append([]string{"--smtp-url", "smtp://mail.example.com"}, from...), nil, true, "mail.example.com", 587, false, "", ""},
		{"ImplicitTLSDefaultPort", append([]string{"--smtp-url", "smtps://u:" + smtpPassword + "@mail.example.com"}, from...), nil, true, "mail.example.com", 465, true, "u", ""},
		{"EnvWithPort", from, map[string]string{"HIREGATE_SMTP_URL": "smtp://u%40x:" + smtpPassword + "@127.0.0.1:1025"}, true, "127.0.0.1", 1025, false, "u@x", ""},
		{"NoFrom", []string{"--smtp-url", "smtp://mail.example.com"}, nil, false, "", 0, false, "", "--mail-from"},
		{"BadFrom", append([]string{"--smtp-url", "smtp://h"}, "--mail-from", "not an address"), nil, false, "", 0, false, "", "not an address like"},
		{"WrongScheme", []string{"--smtp-url", "http://u:" + smtpPassword + "@h"}, nil, false, "", 0, false, "", "scheme must be smtp://"},
		{"NoHost", []string{"--smtp-url", "smtp://u:" + smtpPassword + "@"}, nil, false, "", 0, false, "", "no host"},
		{"Path", []string{"--smtp-url", "smtp://u:" + smtpPassword + "@h/x"}, nil, false, "", 0, false, "", "nothing may follow"},
		{"BadPort", []string{"--smtp-url", "smtp://u:" + smtpPassword + "@h:99999"}, nil, false, "", 0, false, "", "port must be"},
		{"NotAURL", []string{"--smtp-url", "smtp://u:" + smtpPassword + "@[h"}, nil, false, "", 0, false, "", "not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(tt.args, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), smtpPassword) {
					t.Fatalf("Load(%q) error = %v, want one containing %q and not the password", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load = %v", err)
			}
			u := c.SMTPURL
			if c.MailOn() != tt.on || u.Host() != tt.host || u.Port() != tt.port || u.ImplicitTLS() != tt.implicit || u.Username() != tt.user {
				t.Fatalf("SMTPURL = on %v %q %d implicit %v user %q, want on %v %q %d %v %q",
					c.MailOn(), u.Host(), u.Port(), u.ImplicitTLS(), u.Username(), tt.on, tt.host, tt.port, tt.implicit, tt.user)
			}
		})
	}
}

func TestSMTPURLNeverPrintsPassword(t *testing.T) {
	c, err := config.Load([]string{"--mail-from", "jobs@example.com"}, env(map[string]string{"HIREGATE_SMTP_URL": "smtps://app:" + smtpPassword + "@mail.example.com"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPURL.RevealPassword() != smtpPassword {
		t.Fatalf("RevealPassword() = %q", c.SMTPURL.RevealPassword())
	}
	var printed, logged bytes.Buffer
	if err := c.Print(&printed); err != nil {
		t.Fatal(err)
	}
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "config", c, "url", c.SMTPURL)
	j, _ := json.Marshal(c)
	for name, out := range map[string]string{
		"String": c.String(), "Print": printed.String(), "slog": logged.String(), "json": string(j),
		"%v": fmt.Sprintf("%v", c.SMTPURL), "%#v": fmt.Sprintf("%#v", c), "%q": fmt.Sprintf("%q", c.SMTPURL),
	} {
		if strings.Contains(out, smtpPassword) {
			t.Errorf("%s shows the SMTP password: %s", name, out)
		}
	}
	if got := c.SMTPURL.String(); got != "smtps://app:redacted@mail.example.com" {
		t.Errorf("SMTPURL.String() = %q", got)
	}
}

func TestSMTPURLPasswordInFlagWarns(t *testing.T) {
	for _, tt := range []struct {
		args []string
		env  map[string]string
		warn bool
	}{
		{[]string{"--mail-from", "a@b.c", "--smtp-url", "smtp://u:" + smtpPassword + "@h"}, nil, true},
		{[]string{"--mail-from", "a@b.c", "--smtp-url", "smtp://u@h"}, nil, false},
		{[]string{"--mail-from", "a@b.c"}, map[string]string{"HIREGATE_SMTP_URL": "smtp://u:" + smtpPassword + "@h"}, false},
	} {
		c, err := config.Load(tt.args, env(tt.env))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(strings.Join(c.Warnings(), "\n"), "--smtp-url holds a password"); got != tt.warn {
			t.Errorf("Load(%q): Warnings() = %q, want the warning: %v", tt.args, c.Warnings(), tt.warn)
		}
	}
}

func TestPublicURL(t *testing.T) {
	for _, tt := range []struct {
		args    []string
		want    string
		wantErr bool
	}{
		{nil, "http://127.0.0.1:8080", false},
		{[]string{"--addr", "0.0.0.0:9000"}, "http://localhost:9000", false},
		{[]string{"--public-url", "https://jobs.example.com/"}, "https://jobs.example.com", false},
		{[]string{"--public-url", "jobs.example.com"}, "", true},
		{[]string{"--public-url", "https://jobs.example.com/?x=1"}, "", true},
	} {
		c, err := config.Load(tt.args, env(nil))
		if (err != nil) != tt.wantErr {
			t.Fatalf("Load(%q) = %v, want error %v", tt.args, err, tt.wantErr)
		}
		if err == nil && c.BaseURL() != tt.want {
			t.Errorf("Load(%q).BaseURL() = %q, want %q", tt.args, c.BaseURL(), tt.want)
		}
	}
}
