package httpapi

import (
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func (h *handler) register(c *gin.Context) {
	var req hiregate.RegisterRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	u, err := h.accounts.Register(c.Request.Context(), req, clientInfo(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, u)
}

// token is the OAuth2 token endpoint (RFC 6749 §4.3 and §6). Client
// credentials (client_id, client_secret, HTTP Basic) are accepted and
// ignored: hiregate has public clients only.
func (h *handler) token(c *gin.Context) {
	// Token responses must never be cached, errors included (RFC 6749 §5.1).
	c.Header("Cache-Control", "no-store")
	c.Header("Pragma", "no-cache")
	form, err := tokenForm(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	grant := form.Get("grant_type")
	if grant == "" {
		grant = hiregate.GrantPassword
	}
	var tok *hiregate.TokenResponse
	switch grant {
	case hiregate.GrantPassword:
		user, pass := form.Get("username"), form.Get("password")
		if user == "" || pass == "" {
			h.fail(c, oauthErr(hiregate.OAuthInvalidRequest, "username and password are required"))
			return
		}
		tok, err = h.auth.Login(c.Request.Context(), user, pass, clientInfo(c))
	case hiregate.GrantRefreshToken:
		rt := form.Get("refresh_token")
		if rt == "" {
			h.fail(c, oauthErr(hiregate.OAuthInvalidRequest, "refresh_token is required"))
			return
		}
		tok, err = h.auth.Refresh(c.Request.Context(), rt, clientInfo(c))
	case hiregate.GrantMFAOTP:
		mt, otp := form.Get("mfa_token"), form.Get("otp")
		if mt == "" || otp == "" {
			h.fail(c, oauthErr(hiregate.OAuthInvalidRequest, "mfa_token and otp are required"))
			return
		}
		tok, err = h.auth.LoginMFA(c.Request.Context(), mt, otp, form.Get("username"), clientInfo(c))
	case hiregate.GrantSSHKey:
		tok, err = h.sshKeyGrant(c, form)
	default:
		h.fail(c, oauthErr(hiregate.OAuthUnsupportedGrantType, "grant_type must be password, refresh_token or "+hiregate.GrantMFAOTP))
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, tok)
}

// tokenForm parses the urlencoded (or multipart, as FastAPI's
// OAuth2PasswordRequestForm also accepts) body of the token endpoint.
func tokenForm(c *gin.Context) (formValues, error) {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || (mt != "application/x-www-form-urlencoded" && mt != "multipart/form-data") {
		return nil, &hiregate.Error{Code: hiregate.EUNSUPPORTED, OAuth: hiregate.OAuthInvalidRequest,
			Message: "Content-Type must be application/x-www-form-urlencoded"}
	}
	if mt == "multipart/form-data" {
		if err := c.Request.ParseMultipartForm(64 << 10); err != nil {
			return nil, formErr(err)
		}
	} else if err := c.Request.ParseForm(); err != nil {
		return nil, formErr(err)
	}
	// Credentials belong in the body only: a password in the URL ends up in
	// logs and browser history.
	for _, k := range []string{"password", "refresh_token", "mfa_token", "otp"} {
		if c.Request.URL.Query().Has(k) {
			return nil, oauthErr(hiregate.OAuthInvalidRequest, k+" must be sent in the request body, not the URL")
		}
	}
	v := formValues(c.Request.PostForm)
	for k, vals := range v {
		if !hiregate.ValidText(k) {
			return nil, oauthErr(hiregate.OAuthInvalidRequest, "Parameter names "+hiregate.TextProblem)
		}
		if len(vals) > 1 {
			return nil, oauthErr(hiregate.OAuthInvalidRequest, "parameter "+k+" must not repeat")
		}
		if !hiregate.ValidText(vals[0]) {
			return nil, oauthErr(hiregate.OAuthInvalidRequest, "parameter "+k+" "+hiregate.TextProblem)
		}
	}
	return v, nil
}

type formValues map[string][]string

func (f formValues) Get(k string) string {
	if v := f[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func formErr(err error) error {
	if e := readErr(err); hiregate.ErrorCode(e) == hiregate.ETOOLARGE {
		return e
	}
	return oauthErr(hiregate.OAuthInvalidRequest, "Malformed form body")
}

func oauthErr(code, msg string) error {
	return &hiregate.Error{Code: hiregate.EBADREQUEST, OAuth: code, Message: msg}
}

func (h *handler) logout(c *gin.Context) {
	if err := h.auth.Logout(c.Request.Context(), principal(c), clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *handler) logoutAll(c *gin.Context) {
	if err := h.auth.LogoutAll(c.Request.Context(), principal(c), clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *handler) me(c *gin.Context) {
	u, err := h.accounts.Me(c.Request.Context(), principal(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

func (h *handler) changePassword(c *gin.Context) {
	var req hiregate.ChangePasswordRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.auth.ChangePassword(c.Request.Context(), principal(c), req, clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *handler) sessions(c *gin.Context) {
	ss, err := h.auth.Sessions(c.Request.Context(), principal(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, ss, "")
}

func (h *handler) revokeSession(c *gin.Context) {
	if err := h.auth.RevokeSession(c.Request.Context(), principal(c), c.Param("id"), clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *handler) userSessions(c *gin.Context) {
	ss, err := h.auth.UserSessions(c.Request.Context(), principal(c), c.Param("id"), clientInfo(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, ss, "")
}

func (h *handler) revokeUserSessions(c *gin.Context) {
	if _, err := h.auth.RevokeAllUserSessions(c.Request.Context(), principal(c), c.Param("id"), clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *handler) revokeUserSession(c *gin.Context) {
	if err := h.auth.RevokeUserSession(c.Request.Context(), principal(c), c.Param("id"), c.Param("session_id"), clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
