package hiregate

import "time"

// OAuth2 grant types accepted by POST /auth/login.
const (
	GrantPassword     = "password"
	GrantRefreshToken = "refresh_token"
)

// OAuth2 error codes (RFC 6749 §5.2) used by the token endpoint.
const (
	OAuthInvalidRequest       = "invalid_request"
	OAuthInvalidGrant         = "invalid_grant"
	OAuthUnsupportedGrantType = "unsupported_grant_type"
)

// TokenResponse is the body of a successful POST /auth/login.
type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	// RecoveryCodesLeft comes only when a recovery code finished the
	// sign-in: how many unused ones the account has now.
	RecoveryCodesLeft *int `json:"recovery_codes_left,omitempty"`
}

// ErrorBody is every error response's JSON.
type ErrorBody struct {
	Detail string            `json:"detail"`
	Error  string            `json:"error,omitempty"`
	Fields map[string]string `json:"fields,omitempty"`
	// MFAToken comes with "error": "mfa_required".
	MFAToken string `json:"mfa_token,omitempty"`
}

// Session is one login of a user (GET /users/me/sessions).
type Session struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	Current    bool      `json:"current"`
}

// AuditType names an auth event kind.
type AuditType string

const (
	AuditLoginOK         AuditType = "login_ok"
	AuditLoginFailed     AuditType = "login_failed"
	AuditThrottled       AuditType = "throttled"
	AuditRefreshReuse    AuditType = "refresh_reuse"
	AuditLogout          AuditType = "logout"
	AuditPasswordChanged AuditType = "password_changed"
	AuditRoleChanged     AuditType = "role_changed"
	AuditDeactivated     AuditType = "deactivated"
	AuditReactivated     AuditType = "reactivated"
	AuditForbidden       AuditType = "forbidden"
	AuditMFAEnabled      AuditType = "mfa_enabled"
	AuditMFADisabled     AuditType = "mfa_disabled"
	AuditMFAFailed       AuditType = "mfa_failed"
	AuditMFAReset        AuditType = "mfa_reset"
	// AuditAccountErased is kept when a user erases their account: the
	// event and the user id stay, the email does not.
	AuditAccountErased AuditType = "account_erased"
	// AuditUserCreated is an account made by registering, an admin or the operator:
	// its detail says which role and by whom.
	AuditUserCreated AuditType = "user_created"
	// AuditSessionsViewed is an admin reading someone's sessions (where and
	// from what they sign in); AuditSessionRevoked an admin ending one or
	// all of them.
	AuditSessionsViewed AuditType = "sessions_viewed"
	AuditSessionRevoked AuditType = "session_revoked"
	// Accounts by mail: a code mailed, a code used.
	AuditInvitationAccepted     AuditType = "invitation_accepted"
	AuditPasswordResetRequested AuditType = "password_reset_requested"
	AuditPasswordReset          AuditType = "password_reset"
	AuditEmailVerified          AuditType = "email_verified"
	// AuditScreeningViewed is a ranked list (sort=match) seen: who, and
	// which job in its detail.
	AuditScreeningViewed AuditType = "screening_viewed"
	// AuditSSHKeyAdded and AuditSSHKeyRemoved name the key's fingerprint
	// in their detail.
	AuditSSHKeyAdded   AuditType = "ssh_key_added"
	AuditSSHKeyRemoved AuditType = "ssh_key_removed"
)

// AuditTypes lists every audit event type.
var AuditTypes = []AuditType{
	AuditLoginOK, AuditLoginFailed, AuditThrottled, AuditRefreshReuse, AuditLogout,
	AuditPasswordChanged, AuditRoleChanged, AuditDeactivated, AuditReactivated, AuditForbidden,
	AuditMFAEnabled, AuditMFADisabled, AuditMFAFailed, AuditMFAReset, AuditAccountErased,
	AuditUserCreated, AuditSessionsViewed, AuditSessionRevoked,
	AuditInvitationAccepted, AuditPasswordResetRequested, AuditPasswordReset,
	AuditEmailVerified, AuditMailTemplateChanged,
	AuditScreeningViewed,
	AuditSSHKeyAdded, AuditSSHKeyRemoved,
}

// Valid reports whether t is a known audit type.
func (t AuditType) Valid() bool {
	for _, v := range AuditTypes {
		if v == t {
			return true
		}
	}
	return false
}

// AuditEvent is one entry of GET /admin/audit. It never holds a password or
// a token.
type AuditEvent struct {
	ID     string    `json:"id"`
	At     time.Time `json:"at"`
	Type   AuditType `json:"type"`
	UserID string    `json:"user_id,omitempty"`
	Email  string    `json:"email,omitempty"`
	IP     string    `json:"ip"`
	Detail string    `json:"detail"`
}

// AuditFilter selects events for GET /admin/audit.
type AuditFilter struct {
	UserID string
	Type   AuditType
	Limit  int
	Cursor string
}

// List is every paginated response.
type List[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}
