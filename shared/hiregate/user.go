package hiregate

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// User is an account as the API shows it. The password hash never leaves
// the server's storage layer.
type User struct {
	ID       string `json:"id"`
	Email    string `json:"email"`
	FullName string `json:"full_name"`
	Role     Role   `json:"role"`
	Active   bool   `json:"active"`
	// MFA says a second factor (TOTP) is enabled.
	MFA bool `json:"mfa"`
	// EmailVerified says the user typed the code mailed to their address;
	// only verified addresses get notifications.
	EmailVerified bool `json:"email_verified"`
	// NotifyEmail is the user's wish to get notifications by mail.
	NotifyEmail bool      `json:"notify_email"`
	CreatedAt   time.Time `json:"created_at"`
}

// UserRef is the short form of a user embedded in other objects.
type UserRef struct {
	ID       string `json:"id"`
	FullName string `json:"full_name"`
}

// RegisterRequest is the body of POST /auth/register.
type RegisterRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	FullName string `json:"full_name"`
}

// Normalize trims the email and lower-cases it, and trims the name.
func (r *RegisterRequest) Normalize() {
	r.Email = NormalizeEmail(r.Email)
	r.FullName = strings.TrimSpace(r.FullName)
}

// Validate checks the fields; call Normalize first.
func (r *RegisterRequest) Validate() error {
	f := map[string]string{}
	validateEmail(f, "email", r.Email)
	validatePassword(f, "password", r.Password)
	validateName(f, "full_name", r.FullName)
	return fieldsErr(f)
}

// CreateUserRequest is the body of POST /admin/users. Without a password
// the account is an invitation: inactive until its owner accepts the
// code mailed to them and chooses a password.
type CreateUserRequest struct {
	Email    string `json:"email"`
	Password string `json:"password,omitempty"`
	FullName string `json:"full_name"`
	Role     Role   `json:"role"`
}

// Normalize trims the email and lower-cases it, and trims the name.
func (r *CreateUserRequest) Normalize() {
	r.Email = NormalizeEmail(r.Email)
	r.FullName = strings.TrimSpace(r.FullName)
}

// Validate checks the fields; call Normalize first.
func (r *CreateUserRequest) Validate() error {
	f := map[string]string{}
	validateEmail(f, "email", r.Email)
	if !r.Invitation() {
		validatePassword(f, "password", r.Password)
	}
	validateName(f, "full_name", r.FullName)
	if r.Role == "" {
		f["role"] = "required"
	} else if !r.Role.Valid() {
		f["role"] = roleProblem
	}
	return fieldsErr(f)
}

// Invitation says the account is to be invited rather than given a
// password.
func (r *CreateUserRequest) Invitation() bool { return r.Password == "" }

// UpdateUserRequest is the body of PATCH /admin/users/{id}. Nil fields are
// left unchanged.
type UpdateUserRequest struct {
	Role     *Role   `json:"role,omitempty"`
	Active   *bool   `json:"active,omitempty"`
	Password *string `json:"password,omitempty"`
	FullName *string `json:"full_name,omitempty"`
}

// Validate checks the fields that are set.
func (r *UpdateUserRequest) Validate() error {
	f := map[string]string{}
	if r.Role == nil && r.Active == nil && r.Password == nil && r.FullName == nil {
		f["body"] = "at least one of role, active, password, full_name is required"
	}
	if r.Role != nil && !r.Role.Valid() {
		f["role"] = roleProblem
	}
	if r.Password != nil {
		validatePassword(f, "password", *r.Password)
	}
	if r.FullName != nil {
		*r.FullName = strings.TrimSpace(*r.FullName)
		validateName(f, "full_name", *r.FullName)
	}
	return fieldsErr(f)
}

// ChangePasswordRequest is the body of POST /users/me/password.
type ChangePasswordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// Validate checks the fields.
func (r *ChangePasswordRequest) Validate() error {
	f := map[string]string{}
	if r.CurrentPassword == "" {
		f["current_password"] = "required"
	}
	validatePassword(f, "new_password", r.NewPassword)
	return fieldsErr(f)
}

// UserFilter selects users for GET /admin/users.
type UserFilter struct {
	Q      string
	Role   Role
	Limit  int
	Cursor string
}

// NormalizeEmail is how every email is compared and stored.
func NormalizeEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

func validateEmail(f map[string]string, name, email string) {
	switch {
	case email == "":
		f[name] = "required"
	case len(email) > MaxEmailLen:
		f[name] = "too long"
	default:
		a, err := mail.ParseAddress(email)
		if err != nil || a.Address != email || !strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") {
			f[name] = "not a valid email address"
		}
	}
}

// PasswordProblem returns why p is not acceptable as a password, or "".
func PasswordProblem(p string) string {
	switch {
	case p == "":
		return "required"
	case !utf8.ValidString(p):
		return "must be valid UTF-8"
	case utf8.RuneCountInString(p) < MinPasswordLen:
		return "must be at least 8 characters"
	case len(p) > MaxPasswordBytes:
		return "must be at most 72 bytes"
	}
	return ""
}

func validatePassword(f map[string]string, name, p string) {
	if msg := PasswordProblem(p); msg != "" {
		f[name] = msg
	}
}

func validateName(f map[string]string, name, v string) {
	switch {
	case v == "":
		f[name] = "required"
	case !utf8.ValidString(v):
		f[name] = "must be valid UTF-8"
	case utf8.RuneCountInString(v) > MaxFullNameLen:
		f[name] = "must be at most 200 characters"
	}
}

func fieldsErr(f map[string]string) error {
	if len(f) == 0 {
		return nil
	}
	return ValidationError(f)
}

// roleProblem is what a role outside Roles is told.
var roleProblem = func() string {
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r)
	}
	return "must be one of " + strings.Join(names, ", ")
}()
