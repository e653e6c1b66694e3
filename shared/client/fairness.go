package client

import (
	"context"
	"net/http"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Demographics returns the caller's own voluntary self-identification
// (candidates only).
func (c *Client) Demographics(ctx context.Context) (*hiregate.Demographics, error) {
	var out hiregate.Demographics
	if err := c.call(ctx, http.MethodGet, "/users/me/demographics", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// PutDemographics replaces the caller's answers; a nil field is "not
// answered".
func (c *Client) PutDemographics(ctx context.Context, r hiregate.DemographicsRequest) (*hiregate.Demographics, error) {
	var out hiregate.Demographics
	if err := c.call(ctx, http.MethodPut, "/users/me/demographics", r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
