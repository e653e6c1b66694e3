package hiregate

import "time"

// Limits shared by the server's validation and the client's forms.
const (
	MinPasswordLen   = 8
	MaxPasswordBytes = 72 // bcrypt's limit: longer is rejected, never truncated
	MaxEmailLen      = 254
	MaxFullNameLen   = 200

	MaxJobTitleLen       = 200
	MaxJobDescriptionLen = 20000
	MaxJobLocationLen    = 200
	MaxSalary            = 1_000_000_000

	MaxCoverLetterLen = 10000
	MaxResumeLen      = 100000
	MaxNoteLen        = 10000
	MaxSearchLen      = 200

	MaxBodyBytes = 1 << 20 // 1 MiB

	DefaultPageLimit = 20
	MaxPageLimit     = 100

	DefaultAccessTTL  = 15 * time.Minute
	DefaultRefreshTTL = 14 * 24 * time.Hour
	MaxClockLeeway    = 30 * time.Second

	// Login throttling: at most MaxLoginFailures guesses per account within
	// LoginWindow.
	MaxLoginFailures = 10
	LoginWindow      = 15 * time.Minute
)
