package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// CreateUser inserts u with a new id and db.Now() as its creation time;
// the unique email constraint decides between two registrations racing
// for one address.
func (db *DB) CreateUser(ctx context.Context, u *hiregate.User, passwordHash string) error {
	now := sqlstore.FromTS(sqlstore.TS(db.Now().UTC()))
	id := sqlstore.NewID(now)
	err := db.step(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO users (`+sqlstore.UserColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			id, u.Email, u.FullName, u.Role, u.Active, passwordHash, sqlstore.TS(now))
		return err
	})
	if violates(err, codeUniqueViolation, "users_email_key") {
		return hiregate.Errorf(hiregate.ECONFLICT, "Email already registered")
	} else if err != nil {
		return fmt.Errorf("postgres: create user: %w", err)
	}
	u.ID, u.CreatedAt = id, now
	return nil
}

// UserByID returns ENOTFOUND when there is no such user.
func (db *DB) UserByID(ctx context.Context, id string) (*store.UserRecord, error) {
	return userBy(ctx, db.q, "id", id, "")
}

// UserByEmail returns ENOTFOUND when there is no such user.
func (db *DB) UserByEmail(ctx context.Context, email string) (*store.UserRecord, error) {
	return userBy(ctx, db.q, "email", email, "")
}

// userBy reads one user; lock is "" or a locking clause such as "FOR UPDATE".
func userBy(ctx context.Context, q querier, column, value, lock string) (*store.UserRecord, error) {
	u, err := sqlstore.ScanUser(q.QueryRow(ctx, sqlstore.UserSelect+` WHERE `+column+` = $1 `+lock, value))
	if err != nil {
		return nil, noRows(err, "User", "user by "+column)
	}
	return u, nil
}

// ListUsers returns users oldest first; Q matches case-insensitively
// (ILIKE).
func (db *DB) ListUsers(ctx context.Context, f hiregate.UserFilter) ([]hiregate.User, string, error) {
	q, err := sqlstore.UsersPage(f, "ILIKE")
	if err != nil {
		return nil, "", err
	}
	return readPage(ctx, db.q, q, sqlstore.ScanUserItem, sqlstore.UserKey)
}

// UpdateUser locks the user's row, applies c and, when revoke is set,
// revokes the user's other sessions, in one transaction: a concurrent
// change of the same user waits and then applies to this one's result.
func (db *DB) UpdateUser(ctx context.Context, id string, c store.UserChange, revoke bool, keepSession string) (*store.UserRecord, error) {
	var out *store.UserRecord
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		u, err := userBy(ctx, tx, "id", id, "FOR UPDATE")
		if err != nil {
			return err
		}
		c.Apply(u)
		if _, err := tx.Exec(ctx, `UPDATE users SET role = $1, active = $2, password_hash = $3, full_name = $4 WHERE id = $5`,
			u.Role, u.Active, u.PasswordHash, u.FullName, id); err != nil {
			return fmt.Errorf("postgres: update user: %w", err)
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
	if err := db.q.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count users: %w", err)
	}
	return n, nil
}
