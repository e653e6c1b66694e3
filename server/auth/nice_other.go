//go:build !linux

package auth

import "runtime"

// lowerThreadPriority pins the goroutine to its thread as on Linux; the
// priority change is Linux only.
func lowerThreadPriority() { runtime.LockOSThread() }
