package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// accepted is the one 202 body of the routes that mail a code: the same
// words whatever was sent, so that the answer tells nothing.
var accepted = hiregate.Accepted{Detail: hiregate.MsgCodeSent}

func (h *handler) verifyEmail(c *gin.Context) {
	var req hiregate.VerifyEmailRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.accounts.VerifyEmail(c.Request.Context(), principal(c), req, clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *handler) resendVerification(c *gin.Context) {
	if err := h.accounts.ResendVerification(c.Request.Context(), principal(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, accepted)
}

func (h *handler) forgotPassword(c *gin.Context) {
	var req hiregate.ForgotPasswordRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.accounts.ForgotPassword(c.Request.Context(), req, clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, accepted)
}

func (h *handler) resetPassword(c *gin.Context) {
	var req hiregate.ResetPasswordRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.accounts.ResetPassword(c.Request.Context(), req, clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *handler) acceptInvitation(c *gin.Context) {
	var req hiregate.AcceptInvitationRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.accounts.AcceptInvitation(c.Request.Context(), req, clientInfo(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *handler) updateMe(c *gin.Context) {
	var req hiregate.UpdateMeRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	u, err := h.accounts.UpdateMe(c.Request.Context(), principal(c), req)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}
