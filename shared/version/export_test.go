package version

// WithLinked exposes withLinked to the external tests.
func (i Info) WithLinked(version, commit, date string) Info {
	return i.withLinked(version, commit, date)
}
