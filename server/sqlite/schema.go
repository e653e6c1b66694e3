package sqlite

// LatestSchemaVersion is the newest migration this build knows: a database
// (or a backup) at a higher version was written by a newer hiregate, whose
// tables this build may misread.
func LatestSchemaVersion() int {
	ms, err := Migrations()
	if err != nil || len(ms) == 0 {
		// The migrations are embedded and checked by the tests; this is
		// unreachable in a built binary.
		panic("sqlite: embedded migrations: " + errString(err))
	}
	return ms[len(ms)-1].Version
}

func errString(err error) string {
	if err == nil {
		return "none"
	}
	return err.Error()
}
