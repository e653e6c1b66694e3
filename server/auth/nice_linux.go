package auth

import (
	"runtime"
	"syscall"
)

// hashNice is the scheduling priority of the hashing threads: low enough
// that request handling wins the CPU, not so low that a busy server never
// logs anyone in.
const hashNice = 10

// lowerThreadPriority pins the calling goroutine to its OS thread for
// good and lowers that thread's priority. Best effort: without it hashing
// runs at normal priority.
func lowerThreadPriority() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), hashNice)
}
