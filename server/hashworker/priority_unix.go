//go:build unix && !linux

package hashworker

import (
	"os/exec"
	"runtime"
	"syscall"
)

// startLowered starts cmd and lowers the whole process's priority (on
// these systems priorities belong to processes). Best effort.
func startLowered(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, cmd.Process.Pid, Nice)
	return nil
}

// lowerThreadPriority pins the goroutine to its thread as on Linux; a
// thread's priority is Linux only.
func lowerThreadPriority() { runtime.LockOSThread() }
