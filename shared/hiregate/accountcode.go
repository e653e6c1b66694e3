package hiregate

import (
	"strings"
	"time"
)

// CodePurpose names what a one-time code mailed to a person is for. A code
// proves only its purpose: a verification code does not reset a password.
type CodePurpose string

const (
	CodeVerifyEmail   CodePurpose = "verify_email"
	CodePasswordReset CodePurpose = "password_reset"
	CodeInvitation    CodePurpose = "invitation"
)

// CodePurposes lists every purpose.
var CodePurposes = []CodePurpose{CodeVerifyEmail, CodePasswordReset, CodeInvitation}

// TTL is how long a code of this purpose is accepted: long enough to
// read the mail, short enough that a forgotten one is worthless.
func (p CodePurpose) TTL() time.Duration {
	switch p {
	case CodePasswordReset:
		return 15 * time.Minute
	case CodeInvitation:
		return 7 * 24 * time.Hour
	default:
		return 24 * time.Hour
	}
}

// Valid reports whether p is a known purpose.
func (p CodePurpose) Valid() bool {
	for _, v := range CodePurposes {
		if v == p {
			return true
		}
	}
	return false
}

const (
	// CodeLen is a one-time code's length without its dash: 8 characters
	// of Crockford's base32, 40 random bits.
	CodeLen = 8
	// CodeMaxTries is how many wrong codes burn the current one.
	CodeMaxTries = 5
	// crockford is Crockford's base32 alphabet: no I, L, O or U, so what
	// a person reads they can type.
	crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
)

// Errors of the code routes (their "error" field).
const (
	ErrorInvalidCode     = "invalid_code"
	ErrorEmailUnverified = "email_unverified"
)

// ErrInvalidCode answers a wrong, spent, burnt or expired code, and a code
// for an account that does not exist: one answer, so that it tells nothing.
func ErrInvalidCode() *Error {
	return &Error{Code: EBADREQUEST, Message: "The code is wrong or has expired", OAuth: ErrorInvalidCode}
}

// ErrEmailUnverified answers applying with an unverified address on a
// server that requires verified ones.
func ErrEmailUnverified() *Error {
	return &Error{Code: EFORBIDDEN, Message: "Verify your email address first: enter the code we mailed you", OAuth: ErrorEmailUnverified}
}

// EncodeOneTimeCode writes CodeLen symbols from the low 5 bits of each byte of
// b (len(b) must be CodeLen) as XXXX-XXXX.
func EncodeOneTimeCode(b []byte) string {
	var sb strings.Builder
	for i := 0; i < CodeLen; i++ {
		if i == CodeLen/2 {
			sb.WriteByte('-')
		}
		sb.WriteByte(crockford[b[i]&31])
	}
	return sb.String()
}

// ParseOneTimeCode reads a code as a person types it: any case, with or without
// the dash, spaces ignored, I and L read as 1 and O as 0. It returns the
// canonical form (XXXX-XXXX) and whether s is a code at all.
func ParseOneTimeCode(s string) (string, bool) {
	if len(s) > MaxCodeInputLen {
		return "", false
	}
	out := make([]byte, 0, CodeLen)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '-' || c == ' ':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		switch c {
		case 'I', 'L':
			c = '1'
		case 'O':
			c = '0'
		}
		if strings.IndexByte(crockford, c) < 0 || len(out) == CodeLen {
			return "", false
		}
		out = append(out, c)
	}
	if len(out) != CodeLen {
		return "", false
	}
	return string(out[:CodeLen/2]) + "-" + string(out[CodeLen/2:]), true
}

// VerifyEmailRequest is the body of POST /users/me/email/verify.
type VerifyEmailRequest struct {
	Code string `json:"code"`
}

// ForgotPasswordRequest is the body of POST /auth/password/forgot.
type ForgotPasswordRequest struct {
	Email string `json:"email"`
}

// Validate checks the address and normalises it.
func (r *ForgotPasswordRequest) Validate() error {
	r.Email = NormalizeEmail(r.Email)
	f := map[string]string{}
	validateEmail(f, "email", r.Email)
	return fieldsErr(f)
}

// ResetPasswordRequest is the body of POST /auth/password/reset.
type ResetPasswordRequest struct {
	Email       string `json:"email"`
	Code        string `json:"code"`
	NewPassword string `json:"new_password"`
}

// Validate checks the fields and normalises the email. The code is not
// judged here: any code that is not right is the one invalid_code answer.
func (r *ResetPasswordRequest) Validate() error {
	r.Email = NormalizeEmail(r.Email)
	f := map[string]string{}
	if r.Email == "" {
		f["email"] = "required"
	}
	if r.Code == "" {
		f["code"] = "required"
	}
	validatePassword(f, "new_password", r.NewPassword)
	return fieldsErr(f)
}

// AcceptInvitationRequest is the body of POST /auth/invitation/accept.
type AcceptInvitationRequest struct {
	Email    string `json:"email"`
	Code     string `json:"code"`
	Password string `json:"password"`
}

// Validate checks the fields and normalises the email.
func (r *AcceptInvitationRequest) Validate() error {
	r.Email = NormalizeEmail(r.Email)
	f := map[string]string{}
	if r.Email == "" {
		f["email"] = "required"
	}
	if r.Code == "" {
		f["code"] = "required"
	}
	validatePassword(f, "password", r.Password)
	return fieldsErr(f)
}

// UpdateMeRequest is the body of PATCH /users/me.
type UpdateMeRequest struct {
	NotifyEmail *bool `json:"notify_email,omitempty"`
}

// Validate checks that something is asked.
func (r *UpdateMeRequest) Validate() error {
	if r.NotifyEmail == nil {
		return ValidationError(map[string]string{"body": "notify_email is required"})
	}
	return nil
}

// Accepted is the body of the 202 answers of the mail routes: the same
// words whatever happened, so that it tells nothing.
type Accepted struct {
	Detail string `json:"detail"`
}

// MsgCodeSent is the one answer of POST /auth/password/forgot.
const MsgCodeSent = "If an active account has this address, a code is on its way to it"
