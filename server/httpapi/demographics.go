package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func (h *handler) getDemographics(c *gin.Context) {
	d, err := h.accounts.Demographics(c.Request.Context(), principal(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}

func (h *handler) putDemographics(c *gin.Context) {
	var req hiregate.DemographicsRequest
	if err := bind(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	d, err := h.accounts.PutDemographics(c.Request.Context(), principal(c), req)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}
