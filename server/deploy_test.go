package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	unitPath    = "../deploy/hiregate.service"
	gatewayUnit = "../deploy/hiregate-ssh-gateway.service"
)

// hardening is what every unit of the deploy guide holds.
var hardening = []string{
	"ProtectSystem=strict", "ProtectHome=yes", "NoNewPrivileges=yes", "PrivateTmp=yes",
	"Restart=on-failure", "CapabilityBoundingSet=", "AmbientCapabilities=", "UMask=0077",
	"StateDirectoryMode=0700", "MemoryDenyWriteExecute=yes", "SystemCallFilter=@system-service",
}

// TestSystemdUnitHardening keeps the directives the deploy guide promises.
func TestSystemdUnitHardening(t *testing.T) {
	tests := []struct {
		path string
		want []string
	}{
		{unitPath, []string{"User=hiregate", "StateDirectory=hiregate",
			"Environment=HIREGATE_DATA=/var/lib/hiregate", "Environment=HIREGATE_LOG_FORMAT=json",
			"ExecStart=/usr/local/bin/hiregate"}},
		// The gateway runs as its own user, with only its host key.
		{gatewayUnit, []string{"User=hiregate-ssh", "StateDirectory=hiregate-ssh", "KillSignal=SIGTERM",
			"ExecStart=/usr/local/bin/hiregate-tui ssh-gateway --addr ${HIREGATE_SSH_ADDR} --api ${HIREGATE_SSH_API} --data /var/lib/hiregate-ssh"}},
	}
	for _, tt := range tests {
		b, err := os.ReadFile(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		lines := map[string]bool{}
		for _, l := range strings.Split(string(b), "\n") {
			lines[strings.TrimSpace(l)] = true
		}
		for _, want := range append(tt.want, hardening...) {
			if !lines[want] {
				t.Errorf("%s lacks the line %q", tt.path, want)
			}
		}
		// The gateway credential is a secret: never in a unit file.
		if strings.Contains(string(b), "HIREGATE_GATEWAY_SECRET=") {
			t.Errorf("%s sets the gateway credential", tt.path)
		}
	}
}

// TestSystemdUnitVerifies runs systemd-analyze verify where it exists. It
// exits 0 even for unknown keys and bad values, so any message fails.
func TestSystemdUnitVerifies(t *testing.T) {
	tool, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed")
	}
	// verify checks that ExecStart is executable; this test binary is.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for path, binary := range map[string]string{unitPath: "/usr/local/bin/hiregate", gatewayUnit: "/usr/local/bin/hiregate-tui"} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		unit := filepath.Join(t.TempDir(), filepath.Base(path))
		if err := os.WriteFile(unit, []byte(strings.ReplaceAll(string(b), "ExecStart="+binary, "ExecStart="+self)), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(tool, "verify", unit).CombinedOutput()
		if err != nil || len(strings.TrimSpace(string(out))) > 0 {
			t.Errorf("systemd-analyze verify %s = %v:\n%s", path, err, out)
		}
	}
}
