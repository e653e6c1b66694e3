package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// The linked SSH keys' routes and the SSH gateway's standing. The rules
// (parsing, one account per key, audit, the grant) are auth.Service's.

func (h *handler) sshKeys(c *gin.Context) {
	ks, err := h.auth.SSHKeys(c.Request.Context(), principal(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, ks, "")
}

func (h *handler) addSSHKey(c *gin.Context) {
	var req hiregate.AddSSHKeyRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	k, err := h.auth.AddSSHKey(c.Request.Context(), principal(c), req, clientInfo(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, k)
}

func (h *handler) removeSSHKey(c *gin.Context) {
	if err := h.auth.RemoveSSHKey(c.Request.Context(), principal(c), c.Param("id"), clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// ctxGateway holds the caller.ClientInfo an SSH gateway forwarded, set
// only on requests that carry the gateway credential.
const ctxGateway = "hiregate.gateway"

// Gateway is how the server recognises its SSH gateways.
type Gateway struct {
	// Secret is the shared gateway credential (hiregate.EnvGatewaySecret);
	// empty: no request is a gateway's and the ssh-key grant is refused.
	Secret string
	// Address is announced in /healthz so clients can tell users how to
	// connect ("ssh.example.com:22"); empty: not announced.
	Address string
}

// gatewayForward believes the client address an SSH gateway forwards,
// and marks the request as the gateway's, when the request carries the
// gateway credential. The credential is compared in constant time (of
// hashes, so its length does not show either). A wrong credential is
// ignored: the request is an ordinary client's.
func (h *handler) gatewayForward(c *gin.Context) {
	got := c.GetHeader(hiregate.GatewayCredentialHeader)
	if got == "" || h.gateway.Secret == "" {
		c.Next()
		return
	}
	a, b := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(h.gateway.Secret))
	if subtle.ConstantTimeCompare(a[:], b[:]) != 1 {
		h.log.WarnContext(c.Request.Context(), "request with a wrong gateway credential", "ip", c.ClientIP())
		c.Next()
		return
	}
	ci := caller.ClientInfo{IP: c.ClientIP(), UserAgent: hiregate.SSHSessionAgent}
	if fwd := c.GetHeader(hiregate.GatewayClientHeader); fwd != "" {
		if host, _, err := net.SplitHostPort(fwd); err == nil {
			fwd = host
		}
		if ip := net.ParseIP(fwd); ip != nil {
			ci.IP = ip.String()
		}
	}
	c.Set(ctxGateway, ci)
	c.Next()
}

// fromGateway returns the client an SSH gateway forwarded, ok false when
// the request is not a gateway's.
func fromGateway(c *gin.Context) (caller.ClientInfo, bool) {
	v, ok := c.Get(ctxGateway)
	if !ok {
		return caller.ClientInfo{}, false
	}
	ci, ok := v.(caller.ClientInfo)
	return ci, ok
}

// sshKeyGrant answers the ssh-key grant, for gateways only.
func (h *handler) sshKeyGrant(c *gin.Context, form formValues) (*hiregate.TokenResponse, error) {
	ci, ok := fromGateway(c)
	if !ok {
		return nil, &hiregate.Error{Code: hiregate.EUNAUTHORIZED, OAuth: hiregate.OAuthUnauthorizedClient,
			Message: "This grant is only for an SSH gateway holding the gateway credential"}
	}
	pk := form.Get("public_key")
	if pk == "" {
		return nil, oauthErr(hiregate.OAuthInvalidRequest, "public_key is required")
	}
	return h.auth.LoginSSHKey(c.Request.Context(), pk, ci)
}
