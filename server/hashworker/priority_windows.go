package hashworker

import (
	"os/exec"
	"runtime"
	"syscall"
)

// belowNormalPriorityClass is BELOW_NORMAL_PRIORITY_CLASS, Windows's
// counterpart of a positive nice value.
const belowNormalPriorityClass = 0x00004000

// startLowered starts cmd in the below-normal priority class.
func startLowered(cmd *exec.Cmd) error {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.CreationFlags |= belowNormalPriorityClass
	return cmd.Start()
}

// lowerThreadPriority pins the goroutine to its thread as on Linux; the
// in-process priority change is Linux only.
func lowerThreadPriority() { runtime.LockOSThread() }
