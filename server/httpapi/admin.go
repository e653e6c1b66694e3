package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func (h *handler) createUser(c *gin.Context) {
	var req hiregate.CreateUserRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	u, err := h.accounts.CreateUserByAdmin(c.Request.Context(), principal(c), req, clientInfo(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Location", "/admin/users/"+u.ID)
	c.JSON(http.StatusCreated, u)
}

func (h *handler) listUsers(c *gin.Context) {
	limit, cursor, q, err := searchPage(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	f := hiregate.UserFilter{Q: q, Role: hiregate.Role(c.Query("role")), Limit: limit, Cursor: cursor}
	users, next, err := h.accounts.ListUsers(c.Request.Context(), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, users, next)
}

func (h *handler) updateUser(c *gin.Context) {
	var req hiregate.UpdateUserRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	u, err := h.accounts.UpdateUser(c.Request.Context(), principal(c), c.Param("id"), req, clientInfo(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

func (h *handler) listAudit(c *gin.Context) {
	limit, cursor, err := page(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	f := hiregate.AuditFilter{UserID: c.Query("user"), Type: hiregate.AuditType(c.Query("type")), Limit: limit, Cursor: cursor}
	events, next, err := h.accounts.ListAudit(c.Request.Context(), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, events, next)
}
