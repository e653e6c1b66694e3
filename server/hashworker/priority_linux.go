package hashworker

import (
	"os/exec"
	"runtime"
	"syscall"
)

// startLowered starts cmd from a thread at Nice. Linux priorities belong
// to threads and a child inherits the priority of the thread that forked
// it, so every thread of the worker runs at Nice from its first
// instruction; setting the child's priority after it started would miss
// the threads its runtime had already made.
func startLowered(cmd *exec.Cmd) error {
	errc := make(chan error, 1)
	go func() {
		lowerThreadPriority()
		errc <- cmd.Start()
	}()
	return <-errc
}

// lowerThreadPriority pins the calling goroutine to its OS thread for
// good and lowers that thread's priority: the goroutine must exit locked,
// so that the runtime ends the thread and the priority with it. Best
// effort: without it the work runs at normal priority.
func lowerThreadPriority() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), Nice)
}
