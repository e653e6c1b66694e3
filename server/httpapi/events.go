package httpapi

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// events is GET /events: the caller's live-event stream. Who may see which
// event is the hiring service's rule (its Viewer) applied by the broker;
// the stream re-checks the session through the auth service and ends when
// the access token expires.
func (h *handler) events(c *gin.Context) {
	p := principal(c)
	v, err := h.hiring.Viewer(c.Request.Context(), p)
	if err != nil {
		h.fail(c, err)
		return
	}
	sub, err := h.broker.Subscribe(v, c.GetHeader("Last-Event-ID"))
	if err != nil {
		h.fail(c, err)
		return
	}
	h.streamer.Serve(c.Writer, c.Request, sub, events.Session{
		ExpiresAt: p.ExpiresAt,
		Check: func(ctx context.Context) error {
			err := h.auth.CheckSession(ctx, p)
			if hiregate.ErrorCode(err) == hiregate.EUNAUTHORIZED {
				return &events.Revoked{Reason: hiregate.ErrorMessage(err)}
			}
			return err
		},
	})
}
