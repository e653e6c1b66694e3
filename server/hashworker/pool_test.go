package hashworker_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/hashworker"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// notWorker is this test binary run so that it prints and exits without
// speaking the protocol.
var notWorker = hashworker.Cmd{Path: os.Args[0], Args: []string{"-test.run=^$"}}

func startPool(t *testing.T, n int) *hashworker.Pool {
	t.Helper()
	p, err := hashworker.Start(*hashworker.Self(os.Stderr), n, nil)
	if err != nil {
		t.Fatalf("Start() = %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

var ctx = context.Background()

// TestPoolHashes: the pool's answers are bcrypt's, from several callers at
// once.
func TestPoolHashes(t *testing.T) {
	p := startPool(t, 2)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			pw := []byte(fmt.Sprintf("password %d", i))
			h, err := p.Generate(ctx, pw, bcrypt.MinCost)
			if err != nil {
				t.Errorf("Generate(%q) = %v", pw, err)
				return
			}
			if err := bcrypt.CompareHashAndPassword(h, pw); err != nil {
				t.Errorf("bcrypt.Compare(Generate(%q)) = %v, want nil", pw, err)
			}
			if err := p.Compare(ctx, h, pw); err != nil {
				t.Errorf("Compare(hash, %q) = %v, want nil", pw, err)
			}
			if err := p.Compare(ctx, h, []byte("not it")); !errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
				t.Errorf("Compare(hash, wrong) = %v, want ErrMismatchedHashAndPassword", err)
			}
		})
	}
	wg.Wait()
	// bcrypt's own errors come back as errors, not as an unavailable worker.
	tests := []struct {
		name string
		err  error
	}{
		{"bad hash", p.Compare(ctx, []byte("$2a$04$short"), []byte("x"))},
		{"hash too long for the protocol", p.Compare(ctx, bytes.Repeat([]byte("h"), 300), []byte("x"))},
	}
	for _, tt := range tests {
		if tt.err == nil || hiregate.ErrorCode(tt.err) == hiregate.EUNAVAILABLE {
			t.Errorf("%s: Compare() = %v, want bcrypt's error", tt.name, tt.err)
		}
	}
	if _, err := p.Generate(ctx, []byte("x"), 400); err == nil {
		t.Error("Generate(cost 400) = nil error, want one")
	}
}

// TestPoolWorkerDeath: a hash whose worker died gets EUNAVAILABLE with a
// Retry-After, and the next one is served by a new worker.
func TestPoolWorkerDeath(t *testing.T) {
	p := startPool(t, 1)
	h, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	pids := p.Pids()
	if len(pids) != 1 {
		t.Fatalf("Pids() = %v, want one idle worker", pids)
	}
	proc, err := os.FindProcess(pids[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := proc.Kill(); err != nil {
		t.Fatal(err)
	}
	err = p.Compare(ctx, h, []byte("pw"))
	var he *hiregate.Error
	if !errors.As(err, &he) || he.Code != hiregate.EUNAVAILABLE || he.RetryAfter < 1 {
		t.Fatalf("Compare() on a dead worker = %v, want EUNAVAILABLE with RetryAfter", err)
	}
	if err := p.Compare(ctx, h, []byte("pw")); err != nil {
		t.Fatalf("Compare() after the death = %v, want nil from a new worker", err)
	}
	if got := p.Pids(); len(got) != 1 || got[0] == pids[0] {
		t.Errorf("Pids() = %v, want one new worker instead of %d", got, pids[0])
	}
}

// TestStartFails: a program that is not there, or does not answer, is an
// error from Start (the server then hashes in-process).
func TestStartFails(t *testing.T) {
	tests := []struct {
		name string
		cmd  hashworker.Cmd
	}{
		{"missing", hashworker.Cmd{Path: filepath.Join(t.TempDir(), "nothing")}},
		{"not a worker", notWorker},
	}
	for _, tt := range tests {
		if p, err := hashworker.Start(tt.cmd, 1, nil); err == nil {
			p.Close()
			t.Errorf("Start(%s) = nil error, want one", tt.name)
		}
	}
}

// TestClosedPool: after Close a hash is refused as unavailable.
func TestClosedPool(t *testing.T) {
	p := startPool(t, 1)
	p.Close()
	if _, err := p.Generate(ctx, []byte("pw"), bcrypt.MinCost); hiregate.ErrorCode(err) != hiregate.EUNAVAILABLE {
		t.Errorf("Generate() after Close = %v, want EUNAVAILABLE", err)
	}
}

// TestWorkerSeesNoSecret: the worker's command line and environment are
// what Self says, so neither a password it hashed nor a secret in the
// server's environment is in them; and every thread of it runs at Nice
// (Linux, where /proc shows both).
func TestWorkerSeesNoSecret(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	const secret = "server-secret-in-the-environment"
	t.Setenv("HIREGATE_JWT_SECRET", secret)
	p := startPool(t, 1)
	const password = "a password to look for"
	if _, err := p.Generate(ctx, []byte(password), bcrypt.MinCost); err != nil {
		t.Fatal(err)
	}
	pid := p.Pids()[0]
	for _, f := range []string{"cmdline", "environ"} {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/%s", pid, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{password, secret} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("/proc/%d/%s = %q, contains %q", pid, f, b, s)
			}
		}
	}
	if b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid)); string(b) != "GOMAXPROCS=1\x00" {
		t.Errorf("worker environment = %q, want only GOMAXPROCS=1", b)
	}
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/stat", pid))
	if err != nil || len(tasks) == 0 {
		t.Fatalf("threads of %d: %v %v", pid, tasks, err)
	}
	for _, task := range tasks {
		b, err := os.ReadFile(task)
		if err != nil {
			t.Fatal(err)
		}
		// Field 19 is the nice value, counted after the command's ")".
		fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		nice, err := strconv.Atoi(fields[16])
		if err != nil || nice < hashworker.Nice {
			t.Errorf("%s: nice %q, want at least %d", task, fields[16], hashworker.Nice)
		}
	}
}
