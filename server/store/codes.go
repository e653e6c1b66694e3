package store

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Throttle key prefixes of the code routes, followed by the email: an
// erasure deletes them with the login's.
const (
	ThrottleForgot = "forgot:"
	ThrottleCode   = "code:"
)

// CodeRecord is a one-time code mailed to a user: at most one per user
// and purpose. The store sees only the code's hash.
type CodeRecord struct {
	UserID    string
	Purpose   hiregate.CodePurpose
	Hash      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CodeCheck is what UseCode found.
type CodeCheck int

const (
	// CodeAccepted: the code was right and is now spent.
	CodeAccepted CodeCheck = iota
	// CodeRejected: the code was wrong; the try was counted, and the
	// code burnt if it was the last one allowed.
	CodeRejected
	// CodeMissing: there is no live code (none asked for, spent, burnt
	// or expired).
	CodeMissing
)

// Codes stores one-time codes (email verification, password reset,
// invitation).
type Codes interface {
	// PutCode stores c, replacing the user's earlier code of that
	// purpose (and its count of wrong tries). ENOTFOUND when the user
	// does not exist.
	PutCode(ctx context.Context, c CodeRecord) error
	// UseCode checks hash against the user's live code of purpose, in
	// one transaction with the row locked, comparing in constant time: a
	// match deletes the code (single use); a mismatch counts a try and
	// deletes the code at the maxTries-th; an expired code is deleted.
	UseCode(ctx context.Context, userID string, purpose hiregate.CodePurpose, hash []byte, now time.Time, maxTries int) (CodeCheck, error)
	// DropCode deletes the user's code of purpose, if any.
	DropCode(ctx context.Context, userID string, purpose hiregate.CodePurpose) error
	// PruneCodes deletes codes that expired before before and returns how
	// many.
	PruneCodes(ctx context.Context, before time.Time) (int, error)
}
