package app

// HashWorkerPids are the process ids of the idle hash workers; nil when
// passwords are hashed in-process.
func (a *App) HashWorkerPids() []int {
	if a.hashes == nil {
		return nil
	}
	return a.hashes.Pids()
}
