package httpapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/server/apidoc"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// MailAdmin serves the mail log and the template editor (server/mail.Admin).
type MailAdmin interface {
	ListMail(ctx context.Context, f hiregate.MailFilter) ([]hiregate.MailItem, string, error)
	MailTemplates(ctx context.Context) ([]hiregate.MailTemplate, error)
	PutMailTemplate(ctx context.Context, actor *caller.Principal, name string, in hiregate.MailTemplateInput, ci caller.ClientInfo) (*hiregate.MailTemplate, error)
	DeleteMailTemplate(ctx context.Context, actor *caller.Principal, name string, ci caller.ClientInfo) (*hiregate.MailTemplate, error)
}

var mailTemplateParam = apidoc.Object{"name": "name", "in": "path", "required": true, "description": "The template's name.",
	"schema": apidoc.Object{"type": "string", "enum": apidoc.EnumOf(hiregate.MailTemplateNames...)}}

// mailAdmin is h.mail, or a 503 answered when the router was built
// without it.
func (h *handler) mailAdmin(c *gin.Context) MailAdmin {
	if h.mail == nil {
		h.fail(c, hiregate.Errorf(hiregate.EUNAVAILABLE, "Mail administration is not available"))
	}
	return h.mail
}

func (h *handler) listMail(c *gin.Context) {
	m := h.mailAdmin(c)
	if m == nil {
		return
	}
	limit, cursor, err := page(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	items, next, err := m.ListMail(c.Request.Context(), hiregate.MailFilter{Status: hiregate.MailStatus(c.Query("status")), Limit: limit, Cursor: cursor})
	if err != nil {
		h.fail(c, err)
		return
	}
	list(c, items, next)
}

func (h *handler) listMailTemplates(c *gin.Context) {
	m := h.mailAdmin(c)
	if m == nil {
		return
	}
	ts, err := m.MailTemplates(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ts)
}

func (h *handler) putMailTemplate(c *gin.Context) {
	m := h.mailAdmin(c)
	if m == nil {
		return
	}
	var in hiregate.MailTemplateInput
	if err := bind(c, &in); err != nil {
		h.fail(c, err)
		return
	}
	t, err := m.PutMailTemplate(c.Request.Context(), principal(c), c.Param("name"), in, clientInfo(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}

func (h *handler) deleteMailTemplate(c *gin.Context) {
	m := h.mailAdmin(c)
	if m == nil {
		return
	}
	t, err := m.DeleteMailTemplate(c.Request.Context(), principal(c), c.Param("name"), clientInfo(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}
