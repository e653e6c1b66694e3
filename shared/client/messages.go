package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// UpdateApplication moves an application with the whole request: a
// rejection's reason and whether the candidate is mailed (PATCH
// /applications/{id}).
func (c *Client) UpdateApplication(ctx context.Context, id string, r hiregate.UpdateApplicationRequest) (*hiregate.Application, error) {
	s, err := seg("id", id)
	if err != nil {
		return nil, err
	}
	var a hiregate.Application
	if err := c.call(ctx, http.MethodPatch, "/applications/"+s, r, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// Messages lists an application's messages, oldest first (GET
// /applications/{id}/messages).
func (c *Client) Messages(ctx context.Context, applicationID string, limit int, cursor string) (*hiregate.List[hiregate.Message], error) {
	s, err := seg("application_id", applicationID)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	pageQuery(q, limit, cursor)
	var l hiregate.List[hiregate.Message]
	if err := c.call(ctx, http.MethodGet, withQuery("/applications/"+s+"/messages", q), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// SendMessage writes a message on an application (POST
// /applications/{id}/messages).
func (c *Client) SendMessage(ctx context.Context, applicationID, body string) (*hiregate.Message, error) {
	s, err := seg("application_id", applicationID)
	if err != nil {
		return nil, err
	}
	var m hiregate.Message
	if err := c.call(ctx, http.MethodPost, "/applications/"+s+"/messages", hiregate.CreateMessageRequest{Body: body}, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// MarkMessagesRead marks an application's messages read up to messageID
// (PUT /applications/{id}/messages/read).
func (c *Client) MarkMessagesRead(ctx context.Context, applicationID, messageID string) error {
	s, err := seg("application_id", applicationID)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPut, "/applications/"+s+"/messages/read", hiregate.MarkReadRequest{MessageID: messageID}, nil)
}

// UnreadMessages returns the caller's unread message counts of the given
// applications, by id; applications the caller may not read are absent
// (GET /messages/unread).
func (c *Client) UnreadMessages(ctx context.Context, applicationIDs []string) (map[string]int, error) {
	out := map[string]int{}
	if len(applicationIDs) == 0 {
		return out, nil
	}
	q := url.Values{"application_id": {strings.Join(applicationIDs, ",")}}
	var r hiregate.UnreadCounts
	if err := c.call(ctx, http.MethodGet, withQuery("/messages/unread", q), nil, &r); err != nil {
		return nil, err
	}
	for _, u := range r.Items {
		out[u.ApplicationID] = u.Unread
	}
	return out, nil
}
