package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// CreateUser creates an account of any role (POST /admin/users, admin).
func (c *Client) CreateUser(ctx context.Context, r hiregate.CreateUserRequest) (*hiregate.User, error) {
	var u hiregate.User
	if err := c.call(ctx, http.MethodPost, "/admin/users", r, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// ListUsers lists accounts (GET /admin/users?q=&role=&limit=&cursor=,
// admin).
func (c *Client) ListUsers(ctx context.Context, f hiregate.UserFilter) (*hiregate.List[hiregate.User], error) {
	q := url.Values{}
	if f.Q != "" {
		q.Set("q", f.Q)
	}
	if f.Role != "" {
		q.Set("role", string(f.Role))
	}
	pageQuery(q, f.Limit, f.Cursor)
	var l hiregate.List[hiregate.User]
	if err := c.call(ctx, http.MethodGet, withQuery("/admin/users", q), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// UpdateUser changes an account's role, active flag, password or name
// (PATCH /admin/users/{id}, admin). The server revokes that user's
// sessions.
func (c *Client) UpdateUser(ctx context.Context, id string, r hiregate.UpdateUserRequest) (*hiregate.User, error) {
	s, err := seg("id", id)
	if err != nil {
		return nil, err
	}
	var u hiregate.User
	if err := c.call(ctx, http.MethodPatch, "/admin/users/"+s, r, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// Audit lists auth events, newest first
// (GET /admin/audit?user=&type=&limit=&cursor=, admin).
func (c *Client) Audit(ctx context.Context, f hiregate.AuditFilter) (*hiregate.List[hiregate.AuditEvent], error) {
	q := url.Values{}
	if f.UserID != "" {
		q.Set("user", f.UserID)
	}
	if f.Type != "" {
		q.Set("type", string(f.Type))
	}
	pageQuery(q, f.Limit, f.Cursor)
	var l hiregate.List[hiregate.AuditEvent]
	if err := c.call(ctx, http.MethodGet, withQuery("/admin/audit", q), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// UserSessions lists a user's live sessions (GET /admin/users/{id}/sessions,
// admin; audited on the server).
func (c *Client) UserSessions(ctx context.Context, userID string) ([]hiregate.Session, error) {
	s, err := seg("id", userID)
	if err != nil {
		return nil, err
	}
	return c.sessions(ctx, "/admin/users/"+s+"/sessions")
}

// RevokeUserSession ends one session of a user
// (DELETE /admin/users/{id}/sessions/{session_id}, admin).
func (c *Client) RevokeUserSession(ctx context.Context, userID, sessionID string) error {
	u, err := seg("id", userID)
	if err != nil {
		return err
	}
	s, err := seg("session_id", sessionID)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodDelete, "/admin/users/"+u+"/sessions/"+s, nil, nil)
}

// RevokeUserSessions ends every session of a user
// (DELETE /admin/users/{id}/sessions, admin).
func (c *Client) RevokeUserSessions(ctx context.Context, userID string) error {
	s, err := seg("id", userID)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodDelete, "/admin/users/"+s+"/sessions", nil, nil)
}
