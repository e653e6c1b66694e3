package hiregate

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to exactly one HTTP status in the HTTP layer and
// back again in the client, so both sides speak of failures the same way.
const (
	EBADREQUEST   = "bad_request"  // 400: malformed JSON or form, wrong types
	EUNAUTHORIZED = "unauthorized" // 401: no, bad, expired or revoked credentials
	EFORBIDDEN    = "forbidden"    // 403: the caller's role may not use the route
	ENOTFOUND     = "not_found"    // 404: missing, or not visible to the caller
	ECONFLICT     = "conflict"     // 409: duplicate, illegal transition, closed job
	ETOOLARGE     = "too_large"    // 413: body over MaxBodyBytes
	EUNSUPPORTED  = "unsupported"  // 415: wrong content type
	EINVALID      = "invalid"      // 422: well formed but invalid
	ETHROTTLED    = "throttled"    // 429: too many attempts
	EUNAVAILABLE  = "unavailable"  // 503: a dependency is down
	EINTERNAL     = "internal"     // 500: anything else; never shown in detail
)

// Error is the one error type that crosses package and process boundaries.
// Message is safe to show to the client; anything that is not an *Error is
// internal and is reported as "Internal error".
type Error struct {
	Code    string
	Message string
	// Fields holds per-field validation messages (422).
	Fields map[string]string
	// OAuth is the RFC 6749 error code for the token endpoint
	// (invalid_grant, invalid_request, unsupported_grant_type).
	OAuth string
	// RetryAfter is the number of seconds to wait (429, 503).
	RetryAfter int
	// MFAToken is the mfa_token of an mfa_required answer. Error() never
	// shows it.
	MFAToken string
}

func (e *Error) Error() string {
	return fmt.Sprintf("hiregate error: code=%s message=%s", e.Code, e.Message)
}

// Errorf builds an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not an
// *Error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the client-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error"
}

// ValidationError is a 422 with per-field messages. Message summarises them.
func ValidationError(fields map[string]string) *Error {
	return &Error{Code: EINVALID, Message: "Validation failed", Fields: fields}
}

// Messages kept from the original design so existing clients recognise them.
const (
	MsgNotAuthenticated   = "Not authenticated"
	MsgInvalidCredentials = "Invalid credentials"
	MsgInvalidToken       = "Could not validate credentials"
	MsgSessionRevoked     = "Session has been revoked"
	// MsgAccountDeactivated answers a token that was valid when its
	// account was deactivated. Only the holder of such a token learns
	// it: login keeps its one answer for every failure, so nobody can
	// find out which accounts exist or are deactivated.
	MsgAccountDeactivated = "Account deactivated"
	MsgTooManyAttempts    = "Too many login attempts, try again later"
)

// ErrAccessDenied is the 403 for a route the caller's role may not use.
func ErrAccessDenied(roles ...Role) *Error {
	msg := "Access denied. Requires role: "
	for i, r := range roles {
		if i > 0 {
			msg += " or "
		}
		msg += string(r)
	}
	return &Error{Code: EFORBIDDEN, Message: msg}
}
