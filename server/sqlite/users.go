package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// CreateUser inserts u with a new id and db.Now() as its creation time.
// u.Active is stored as given.
func (db *DB) CreateUser(ctx context.Context, u *hiregate.User, passwordHash string) error {
	now := db.Now().UTC()
	id := newID(now)
	_, err := db.exec(ctx, `INSERT INTO users (`+userColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, u.Email, u.FullName, u.Role, u.Active, passwordHash, ts(now))
	if constraint(err, "users.email") {
		return hiregate.Errorf(hiregate.ECONFLICT, "Email already registered")
	} else if err != nil {
		return fmt.Errorf("sqlite: create user: %w", err)
	}
	u.ID = id
	u.CreatedAt = fromTS(ts(now))
	return nil
}

// UserByID returns ENOTFOUND when there is no such user.
func (db *DB) UserByID(ctx context.Context, id string) (*store.UserRecord, error) {
	return userBy(ctx, db.read, "id", id)
}

// UserByEmail returns ENOTFOUND when there is no such user.
func (db *DB) UserByEmail(ctx context.Context, email string) (*store.UserRecord, error) {
	return userBy(ctx, db.read, "email", email)
}

func userBy(ctx context.Context, q querier, column, value string) (*store.UserRecord, error) {
	u, err := scanUser(q.QueryRowContext(ctx, sqlstore.UserSelect+` WHERE `+column+` = ?`, value))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("User")
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: user by %s: %w", column, err)
	}
	return u, nil
}

// ListUsers returns users oldest first. Q matches case-insensitively for
// ASCII letters (SQLite's LIKE); other letters match exactly.
func (db *DB) ListUsers(ctx context.Context, f hiregate.UserFilter) ([]hiregate.User, string, error) {
	q, err := usersPage(f)
	if err != nil {
		return nil, "", err
	}
	return readPage(ctx, db.read, q, scanUserItem, func(u hiregate.User) (time.Time, string) { return u.CreatedAt, u.ID })
}

func usersPage(f hiregate.UserFilter) (*pageQuery, error) { return sqlstore.UsersPage(f, "LIKE") }

// UpdateUser applies c and, when revoke is set, revokes the user's other
// sessions, in one transaction. The UPDATE sets only the fields c names,
// from their stored values, so concurrent changes to different fields of
// one user all survive.
func (db *DB) UpdateUser(ctx context.Context, id string, c store.UserChange, revoke bool, keepSession string) (*store.UserRecord, error) {
	var out *store.UserRecord
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		u, err := scanUser(tx.QueryRowContext(ctx, `UPDATE users SET role = coalesce(?, role), active = coalesce(?, active),
			password_hash = coalesce(?, password_hash), full_name = coalesce(?, full_name)
			WHERE id = ? RETURNING `+sqlstore.UserReturned, nullable(c.Role), nullable(c.Active), nullable(c.PasswordHash), nullable(c.FullName), id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("User")
		} else if err != nil {
			return fmt.Errorf("sqlite: update user: %w", err)
		}
		if revoke {
			if _, err := revokeUserSessions(ctx, tx, id, keepSession, db.Now()); err != nil {
				return err
			}
		}
		out = u
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CountUsers returns how many users exist.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count users: %w", err)
	}
	return n, nil
}
