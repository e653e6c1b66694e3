package resume

// SetTestHook makes every PDF extraction call h first (nil removes it), so
// tests can hold an extraction in flight without timing assumptions.
func SetTestHook(h func()) { testHook = h }
