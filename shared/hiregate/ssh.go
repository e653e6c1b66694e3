package hiregate

import (
	"strings"
	"time"
)

// GrantSSHKey is the token endpoint's grant for a user who authenticated
// to an SSH gateway with a linked public key. Only a request that carries
// the gateway credential (GatewayCredentialHeader) may use it.
const GrantSSHKey = "urn:hiregate:params:oauth:grant-type:ssh-key"

// OAuthUnauthorizedClient is the token endpoint's answer to the ssh-key
// grant from anyone but a gateway (RFC 6749 §5.2).
const OAuthUnauthorizedClient = "unauthorized_client"

// The headers an SSH gateway sends on every request to the API. The
// server believes GatewayClientHeader only when GatewayCredentialHeader
// holds the shared gateway credential.
const (
	GatewayCredentialHeader = "X-Hiregate-Gateway"
	GatewayClientHeader     = "X-Hiregate-Gateway-Client"
)

// EnvGatewaySecret names the environment variable both the server and the
// gateway read the gateway credential from. It is never a flag: flags show
// in ps and in shell history.
const EnvGatewaySecret = "HIREGATE_GATEWAY_SECRET"

// MinGatewaySecretLen is the shortest gateway credential the server and
// the gateway accept.
const MinGatewaySecretLen = 32

// SSHSessionAgent is the user agent of a session started through an SSH
// gateway, as GET /users/me/sessions shows it.
const SSHSessionAgent = "ssh"

// Limits of a linked SSH key.
const (
	MaxSSHKeyNameLen   = 100
	MaxSSHPublicKeyLen = 16 << 10
	MaxSSHKeysPerUser  = 20
)

// SSHGatewayHealth is what /healthz says of the SSH gateway when the
// server is configured with its address.
type SSHGatewayHealth struct {
	// Address is host:port as users should type it.
	Address string `json:"address"`
}

// SSHKey is a public key linked to an account (GET /users/me/ssh-keys).
type SSHKey struct {
	ID string `json:"id"`
	// Name is the user's label; the key's comment when none was given.
	Name string `json:"name"`
	// Type is the key's algorithm as OpenSSH names it ("ssh-ed25519").
	Type string `json:"type"`
	// Fingerprint is as `ssh-keygen -l` prints it: "SHA256:" and the
	// unpadded base64 of the SHA-256 of the key.
	Fingerprint string     `json:"fingerprint"`
	PublicKey   string     `json:"public_key"`
	CreatedAt   time.Time  `json:"created_at"`
	LastUsedAt  *time.Time `json:"last_used_at"`
}

// AddSSHKeyRequest is the body of POST /users/me/ssh-keys.
type AddSSHKeyRequest struct {
	PublicKey string `json:"public_key"`
	Name      string `json:"name"`
}

// Validate checks the fields that need no key parsing.
func (r *AddSSHKeyRequest) Validate() error {
	r.Name = strings.TrimSpace(r.Name)
	r.PublicKey = strings.TrimSpace(r.PublicKey)
	fields := map[string]string{}
	if r.PublicKey == "" {
		fields["public_key"] = "required: paste a public key, such as the line in ~/.ssh/id_ed25519.pub"
	} else if len(r.PublicKey) > MaxSSHPublicKeyLen {
		fields["public_key"] = "must be at most 16 KiB"
	}
	if len(r.Name) > MaxSSHKeyNameLen {
		fields["name"] = "must be at most 100 bytes"
	}
	if len(fields) > 0 {
		return ValidationError(fields)
	}
	return nil
}
