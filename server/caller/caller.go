// Package caller describes who makes a request and from where: the two
// facts every service method that acts for someone is given. It is its own
// package so that the services need not import the auth service (and with
// it the token and password machinery) to name them.
package caller

import (
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Principal is the caller an access token stands for.
type Principal struct {
	UserID    string
	Role      hiregate.Role
	SessionID string
	TokenID   string
	Email     string // optional, may be ""
	// ExpiresAt is when the access token expires: a live-event stream
	// opened with it ends then.
	ExpiresAt time.Time
	// MFA says the user has a second factor on.
	MFA bool
	// NeedsMFA says the user's role requires a second factor they do not
	// have yet: only enrolment, their account and logout are open to them.
	NeedsMFA bool
}

// ClientInfo describes where a request came from, for throttling, sessions
// and the audit log.
type ClientInfo struct {
	IP, UserAgent string
}
