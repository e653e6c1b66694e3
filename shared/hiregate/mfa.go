package hiregate

import (
	"errors"
	"strings"
	"time"
)

// Second factor (TOTP, RFC 6238) settings both sides need. Authenticator
// apps assume SHA-1, 6 digits and 30 s; other values break some of them.
const (
	// GrantMFAOTP is the grant_type that finishes a login with a code,
	// after the password grant answered mfa_required.
	GrantMFAOTP = "urn:hiregate:params:oauth:grant-type:mfa-otp"

	// OTPDigits is the length of a TOTP code.
	OTPDigits = 6
	// TOTPPeriod is how long one code is valid (one time step).
	TOTPPeriod = 30 * time.Second
	// TOTPSkew is how many steps before and after the server's own are
	// accepted, for clocks that drift.
	TOTPSkew = 1
	// TOTPIssuer names the service in authenticator apps.
	TOTPIssuer = "hiregate"

	// RecoveryCodeCount is how many single-use recovery codes an
	// enrolment hands out.
	RecoveryCodeCount = 10
	// RecoveryCodesLow is the count of unused recovery codes at or below
	// which a user is told to make new ones.
	RecoveryCodesLow = 2
	// RecoveryCodeLen is a recovery code's length without its hyphens:
	// 16 base32 characters, 80 random bits.
	RecoveryCodeLen = 16
	// recoveryGroup is how many characters are shown between hyphens.
	recoveryGroup = 4

	// MFATokenTTL is how long the mfa_token of a login waiting for its
	// second factor stays valid.
	MFATokenTTL = 5 * time.Minute
	// MaxCodeInputLen bounds what is looked at in a typed code, so no
	// input makes the parser work hard.
	MaxCodeInputLen = 64
)

// OAuth2-style error codes of the second factor, in the "error" field.
const (
	// OAuthMFARequired answers a right password of an account with TOTP:
	// the body carries the mfa_token for the mfa-otp grant.
	OAuthMFARequired = "mfa_required"
	// ErrorMFAEnrollmentRequired answers every route but enrolment for a
	// user whose role must have a second factor and who has none yet.
	ErrorMFAEnrollmentRequired = "mfa_enrollment_required"
)

// Messages of the second factor that clients recognise.
const (
	MsgMFARequired           = "Second factor required: send the code from your authenticator app with the mfa_token"
	MsgMFAEnrollmentRequired = "Your role requires a second factor: enrol an authenticator app first"
	MsgInvalidCode           = "Invalid code"
	// MsgMFATokenInvalid is the invalid_grant for an mfa_token that is
	// unknown, expired, already used or another account's.
	MsgMFATokenInvalid = "Sign-in expired or already completed: enter your password again"
)

// TOTPEnrollment is the body of POST /users/me/mfa/totp. The secret is
// shown once, to be typed into an authenticator app or scanned from the
// otpauth:// URL.
type TOTPEnrollment struct {
	Secret     string `json:"secret"`
	OTPAuthURL string `json:"otpauth_url"`
}

// CodeRequest is the body of POST /users/me/mfa/totp/confirm and
// DELETE /users/me/mfa/totp.
type CodeRequest struct {
	Code string `json:"code"`
}

// RecoveryCodes is the body of a confirmed enrolment: each code works once
// in place of a TOTP code and is never shown again.
type RecoveryCodes struct {
	RecoveryCodes []string `json:"recovery_codes"`
}

// CodeKind says what a typed second-factor code is.
type CodeKind int

const (
	CodeInvalid  CodeKind = iota
	CodeTOTP              // OTPDigits digits
	CodeRecovery          // RecoveryCodeLen base32 characters
)

// ParseCode classifies a code typed by a person and returns it in its
// canonical form: spaces and hyphens dropped, recovery codes lower case.
// Both the server and the client use it, so the client can refuse what the
// server would.
func ParseCode(s string) (CodeKind, string) {
	if len(s) > MaxCodeInputLen {
		return CodeInvalid, ""
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + ('a' - 'A'))
		case r < 0x80:
			b.WriteRune(r)
		default:
			return CodeInvalid, ""
		}
	}
	c := b.String()
	switch {
	case len(c) == OTPDigits && allIn(c, "0123456789"):
		return CodeTOTP, c
	case len(c) == RecoveryCodeLen && allIn(c, recoveryAlphabet):
		return CodeRecovery, c
	}
	return CodeInvalid, ""
}

// recoveryAlphabet is base32 (RFC 4648) in lower case: no 0, 1, 8 or 9
// to mistake for o, l, b or g.
const recoveryAlphabet = "abcdefghijklmnopqrstuvwxyz234567"

func allIn(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}

// FormatRecoveryCode shows a canonical recovery code in groups of four
// ("abcd-efgh-ijkl-mnop") for people to copy.
func FormatRecoveryCode(c string) string {
	var b strings.Builder
	for i := 0; i < len(c); i += recoveryGroup {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(c[i:min(i+recoveryGroup, len(c))])
	}
	return b.String()
}

// RecoveryCodeFromBytes turns RecoveryCodeLen*5/8 random bytes into a
// canonical recovery code.
func RecoveryCodeFromBytes(b []byte) (string, error) {
	if len(b)*8 != RecoveryCodeLen*5 {
		return "", errors.New("recovery code: wrong number of random bytes")
	}
	var out [RecoveryCodeLen]byte
	var acc uint64
	bits := 0
	n := 0
	for _, x := range b {
		acc = acc<<8 | uint64(x)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out[n] = recoveryAlphabet[(acc>>bits)&31]
			n++
		}
	}
	return string(out[:]), nil
}

// RecoveryCodeBytes is how many random bytes one recovery code takes.
const RecoveryCodeBytes = RecoveryCodeLen * 5 / 8

// Validate checks that the code is a TOTP code (allowRecovery false) or
// either kind, and leaves it in its canonical form.
func (r *CodeRequest) Validate(allowRecovery bool) (CodeKind, error) {
	kind, c := ParseCode(r.Code)
	switch {
	case strings.TrimSpace(r.Code) == "":
		return CodeInvalid, ValidationError(map[string]string{"code": "required"})
	case kind == CodeTOTP, kind == CodeRecovery && allowRecovery:
		r.Code = c
		return kind, nil
	case allowRecovery:
		return CodeInvalid, ValidationError(map[string]string{"code": "must be a 6-digit code or a recovery code"})
	}
	return CodeInvalid, ValidationError(map[string]string{"code": "must be a 6-digit code"})
}

// MFARequired is the 403 of a right password for an account with a second
// factor; token is the mfa_token for the mfa-otp grant.
func MFARequired(token string) *Error {
	return &Error{Code: EFORBIDDEN, Message: MsgMFARequired, OAuth: OAuthMFARequired, MFAToken: token}
}

// ErrMFAEnrollmentRequired is the 403 of a route refused until the caller
// enrols a second factor.
func ErrMFAEnrollmentRequired() *Error {
	return &Error{Code: EFORBIDDEN, Message: MsgMFAEnrollmentRequired, OAuth: ErrorMFAEnrollmentRequired}
}

// IsMFARequired reports whether err is the mfa_required answer, and its
// mfa_token.
func IsMFARequired(err error) (token string, ok bool) {
	var e *Error
	if errors.As(err, &e) && e.OAuth == OAuthMFARequired && e.MFAToken != "" {
		return e.MFAToken, true
	}
	return "", false
}

// IsMFAEnrollmentRequired reports whether err says the caller must enrol a
// second factor before anything else.
func IsMFAEnrollmentRequired(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == EFORBIDDEN && e.OAuth == ErrorMFAEnrollmentRequired
}
