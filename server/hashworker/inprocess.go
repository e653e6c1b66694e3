package hashworker

import (
	"context"

	"golang.org/x/crypto/bcrypt"
)

// InProcess computes hashes in this process, each on an OS thread of its
// own at Nice (Linux), which ends with it: for when the binary cannot be
// re-executed, and for tests. A hash in progress holds a P of the Go
// scheduler, so a server hashing in-process should have more Ps than
// cores (docs/PERFORMANCE.md).
type InProcess struct{}

// Generate is bcrypt.GenerateFromPassword on a lowered thread.
func (InProcess) Generate(_ context.Context, password []byte, cost int) (h []byte, err error) {
	onLoweredThread(func() { h, err = bcrypt.GenerateFromPassword(password, cost) })
	return h, err
}

// Compare is bcrypt.CompareHashAndPassword on a lowered thread.
func (InProcess) Compare(_ context.Context, hash, password []byte) (err error) {
	onLoweredThread(func() { err = bcrypt.CompareHashAndPassword(hash, password) })
	return err
}

func onLoweredThread(fn func()) {
	done := make(chan struct{})
	go func() {
		lowerThreadPriority()
		fn()
		close(done)
	}()
	<-done
}
