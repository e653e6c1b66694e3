package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const unitPath = "../deploy/hiregate.service"

// TestSystemdUnitHardening keeps the directives the deploy guide promises.
func TestSystemdUnitHardening(t *testing.T) {
	b, err := os.ReadFile(unitPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, want := range []string{
		"User=hiregate", "StateDirectory=hiregate", "StateDirectoryMode=0700",
		"ProtectSystem=strict", "ProtectHome=yes", "NoNewPrivileges=yes", "PrivateTmp=yes",
		"Restart=on-failure", "CapabilityBoundingSet=", "UMask=0077",
		"Environment=HIREGATE_DATA=/var/lib/hiregate", "Environment=HIREGATE_LOG_FORMAT=json",
		"ExecStart=/usr/local/bin/hiregate",
	} {
		if !lines[want] {
			t.Errorf("%s lacks the line %q", unitPath, want)
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
	b, err := os.ReadFile(unitPath)
	if err != nil {
		t.Fatal(err)
	}
	// verify checks that ExecStart is executable; this test binary is.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	unit := filepath.Join(t.TempDir(), "hiregate.service")
	if err := os.WriteFile(unit, []byte(strings.ReplaceAll(string(b), "/usr/local/bin/hiregate", self)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "verify", unit).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify %s = %v:\n%s", unitPath, err, out)
	}
}
