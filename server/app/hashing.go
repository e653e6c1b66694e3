package app

import (
	"os"
	"runtime"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/hashworker"
)

// startHashing chooses where passwords are hashed: in worker processes when
// WithHashWorker is given and one answers, else in this process (nil):
// that is slower for everything else under a login flood, not wrong.
func (a *App) startHashing() auth.Bcrypt {
	if a.opts.hashWorker == nil {
		return nil
	}
	p, err := hashworker.Start(*a.opts.hashWorker, a.cfg.HashConcurrency, a.log)
	if err == nil {
		a.hashes = p
		return p
	}
	a.log.Warn("hashing passwords in this process: the hash worker did not start", "err", err)
	// An in-process hash holds a P while it runs: without one more P per
	// hash slot, hashes holding every P left requests to Go's 10 ms
	// preemption (job board p99 in a login flood 16.8x its p99 alone,
	// against 1.6x; docs/PERFORMANCE.md). GOMAXPROCS from the environment
	// wins.
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(runtime.GOMAXPROCS(0) + a.cfg.HashConcurrency)
	}
	return nil
}
