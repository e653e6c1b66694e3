package sqlstore

import (
	"context"
	"strings"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Users = (*DB)(nil)

const (
	userInsert = `INSERT INTO users (` + UserColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?)`
	// userUpdate sets only the fields a change names, from the row as it
	// is when the UPDATE runs, so concurrent changes to different fields
	// of one user all survive. Args: role, active, password_hash,
	// full_name, email_verified, notify_email (each NULL to keep), id.
	userUpdate = `UPDATE users SET role = coalesce(?, role), active = coalesce(?, active),
	password_hash = coalesce(?, password_hash), full_name = coalesce(?, full_name),
	email_verified = coalesce(?, email_verified), notify_email = coalesce(?, notify_email)
	WHERE id = ? RETURNING ` + UserReturned
	userByID    = UserSelect + ` WHERE id = ?`
	userByEmail = UserSelect + ` WHERE email = ?`
)

// CreateUser inserts u with a new id and db.Now() as its creation time;
// the unique email constraint decides between two registrations racing
// for one address. u.Active is stored as given.
func (db *DB) CreateUser(ctx context.Context, u *hiregate.User, passwordHash string) error {
	now := FromTS(TS(db.Now().UTC()))
	id := NewID(now)
	err := db.e.Step(ctx, func(q Q) error {
		_, err := q.Exec(ctx, userInsert, id, u.Email, u.FullName, u.Role, u.Active, passwordHash, TS(now))
		return err
	})
	if db.e.Unique(err, "users") {
		return hiregate.Errorf(hiregate.ECONFLICT, "Email already registered")
	} else if err != nil {
		return db.errorf("create user", err)
	}
	u.ID, u.CreatedAt = id, now
	return nil
}

// UserByID returns ENOTFOUND when there is no such user.
func (db *DB) UserByID(ctx context.Context, id string) (*store.UserRecord, error) {
	return db.userBy(ctx, userByID, id)
}

// UserByEmail returns ENOTFOUND when there is no such user.
func (db *DB) UserByEmail(ctx context.Context, email string) (*store.UserRecord, error) {
	return db.userBy(ctx, userByEmail, email)
}

func (db *DB) userBy(ctx context.Context, query, value string) (*store.UserRecord, error) {
	u, err := ScanUser(db.e.Read().QueryRow(ctx, query, value))
	if err != nil {
		return nil, db.notFoundOr(err, "User", "user")
	}
	return u, nil
}

// ListUsers returns users oldest first; Q matches case-insensitively as
// the engine's ILike does.
func (db *DB) ListUsers(ctx context.Context, f hiregate.UserFilter) ([]hiregate.User, string, error) {
	q, err := UsersPage(f, db.e.ILike())
	if err != nil {
		return nil, "", err
	}
	return readPage(ctx, db, db.e.Read(), q, ScanUserItem, UserKey)
}

// UpdateUser applies c in one statement and, when revoke is set, revokes
// the user's other sessions in the same transaction.
func (db *DB) UpdateUser(ctx context.Context, id string, c store.UserChange, revoke bool, keepSession string) (*store.UserRecord, error) {
	var out *store.UserRecord
	err := db.write(ctx, revoke, func(q Q) error {
		u, err := ScanUser(q.QueryRow(ctx, userUpdate,
			Nullable(c.Role), Nullable(c.Active), Nullable(c.PasswordHash), Nullable(c.FullName),
			Nullable(c.EmailVerified), Nullable(c.NotifyEmail), id))
		if err != nil {
			return db.notFoundOr(err, "User", "update user")
		}
		if revoke {
			if _, err := db.revokeUserSessions(ctx, q, id, keepSession, db.Now()); err != nil {
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
	return db.count(ctx, "count users", `SELECT count(*) FROM users`)
}

// likeEscaper makes user input match literally inside LIKE ... ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// UsersPage is the page query of ListUsers. like is the engine's
// case-insensitive LIKE operator (SQLite's LIKE folds ASCII letters,
// PostgreSQL's ILIKE every letter).
func UsersPage(f hiregate.UserFilter, like string) (*PageQuery, error) {
	q, err := NewPageQuery("list users", UserSelect, UsersOldest, f.Cursor, f.Limit)
	if err != nil {
		return nil, err
	}
	if f.Role != "" {
		q.Where(`role = ?`, f.Role)
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		pat := "%" + likeEscaper.Replace(s) + "%"
		q.Where(`(email `+like+` ? ESCAPE '\' OR full_name `+like+` ? ESCAPE '\')`, pat, pat)
	}
	return q, nil
}
