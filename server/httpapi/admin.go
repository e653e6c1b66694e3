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
	u, err := h.auth.CreateUser(c.Request.Context(), req)
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
	role := hiregate.Role(c.Query("role"))
	if role != "" && !role.Valid() {
		h.fail(c, hiregate.ValidationError(map[string]string{"role": "must be one of candidate, recruiter, admin"}))
		return
	}
	users, next, err := h.store.ListUsers(c.Request.Context(), hiregate.UserFilter{Q: q, Role: role, Limit: limit, Cursor: cursor})
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
	u, err := h.auth.UpdateUser(c.Request.Context(), principal(c), c.Param("id"), req, clientInfo(c))
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
	typ := hiregate.AuditType(c.Query("type"))
	if typ != "" && !typ.Valid() {
		h.fail(c, hiregate.ValidationError(map[string]string{"type": "unknown audit event type"}))
		return
	}
	events, next, err := h.store.ListAudit(c.Request.Context(), hiregate.AuditFilter{UserID: c.Query("user"), Type: typ, Limit: limit, Cursor: cursor})
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, events, next)
}
