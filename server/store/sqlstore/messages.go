package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Messages = (*DB)(nil)

const (
	// messageInsert inserts nothing unless both the application and the
	// author exist. Args: id, body, created_at, application id, author id.
	messageInsert = `INSERT INTO messages (id, application_id, author_id, body, created_at)
	SELECT ?, a.id, u.id, ?, ? FROM applications a, users u WHERE a.id = ? AND u.id = ?
	RETURNING (SELECT full_name FROM users WHERE id = messages.author_id),
	(SELECT role FROM users WHERE id = messages.author_id)`

	// MessageSelect is what ScanMessage reads.
	MessageSelect = `SELECT m.id, m.application_id, m.body, m.author_id, u.full_name, u.role, m.created_at
	FROM messages m JOIN users u ON u.id = m.author_id`

	// messageRead moves a read mark forward to a message of the
	// application, never back. Args: user id, message id, application id.
	messageRead = `INSERT INTO message_reads (user_id, application_id, read_at, read_id)
	SELECT ?, m.application_id, m.created_at, m.id FROM messages m WHERE m.id = ? AND m.application_id = ?
	ON CONFLICT (user_id, application_id) DO UPDATE SET read_at = excluded.read_at, read_id = excluded.read_id
	WHERE (excluded.read_at, excluded.read_id) > (message_reads.read_at, message_reads.read_id)`

	// unreadCounts counts, per application, the messages by others after
	// the user's mark, with what the message rules need. Args: user id
	// (author), user id (mark), then the %s list.
	unreadCounts = `SELECT a.id, a.job_id, a.candidate_id, j.recruiter_id,
	(SELECT count(*) FROM messages m WHERE m.application_id = a.id AND m.author_id <> ?
		AND (r.read_at IS NULL OR (m.created_at, m.id) > (r.read_at, r.read_id)))
	FROM applications a JOIN jobs j ON j.id = a.job_id
	LEFT JOIN message_reads r ON r.user_id = ? AND r.application_id = a.id
	WHERE %s ORDER BY a.id`
)

// MessagesOldest is the order of message lists.
var MessagesOldest = SortKey{At: "m.created_at", ID: "m.id"}

// ScanMessage reads MessageSelect.
func ScanMessage(row Scanner) (hiregate.Message, error) {
	var m hiregate.Message
	var at int64
	if err := row.Scan(&m.ID, &m.ApplicationID, &m.Body, &m.Author.ID, &m.Author.FullName, &m.Author.Role, &at); err != nil {
		return m, err
	}
	m.CreatedAt = FromTS(at)
	return m, nil
}

// MessageKey is the sort key of a message, for Trim.
func MessageKey(m hiregate.Message) (time.Time, string) { return m.CreatedAt, m.ID }

// CreateMessage inserts m in one statement, which inserts nothing when
// the application or the author is missing (ENOTFOUND, the application
// named first).
func (db *DB) CreateMessage(ctx context.Context, m *hiregate.Message, now time.Time) error {
	now = FromTS(TS(now))
	id := NewID(now)
	var name string
	var role hiregate.Role
	err := db.e.Step(ctx, func(q Q) error {
		return q.QueryRow(ctx, messageInsert, id, m.Body, TS(now), m.ApplicationID, m.Author.ID).Scan(&name, &role)
	})
	if errors.Is(err, sql.ErrNoRows) {
		var app bool
		err = db.e.Read().QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM applications WHERE id = ?)`, m.ApplicationID).Scan(&app)
		if err == nil && !app {
			return NotFound("Application")
		} else if err == nil {
			return NotFound("User")
		}
	}
	if err != nil {
		return db.errorf("create message", err)
	}
	m.ID, m.CreatedAt, m.Author.FullName, m.Author.Role = id, now, name, role
	return nil
}

// ListMessages returns an application's messages oldest first.
func (db *DB) ListMessages(ctx context.Context, applicationID string, limit int, cursor string) ([]hiregate.Message, string, error) {
	q, err := NewPageQuery("list messages", MessageSelect, MessagesOldest, cursor, limit)
	if err != nil {
		return nil, "", err
	}
	q.Where(`m.application_id = ?`, applicationID)
	return readPage(ctx, db, db.e.Read(), q, ScanMessage, MessageKey)
}

// UserMessages returns the messages on the user's applications and those
// the user wrote, oldest first.
func (db *DB) UserMessages(ctx context.Context, userID string, limit int, cursor string) ([]hiregate.Message, string, error) {
	q, err := NewPageQuery("user messages", MessageSelect, MessagesOldest, cursor, limit)
	if err != nil {
		return nil, "", err
	}
	q.Where(`(m.author_id = ? OR m.application_id IN (SELECT id FROM applications WHERE candidate_id = ?))`, userID, userID)
	return readPage(ctx, db, db.e.Read(), q, ScanMessage, MessageKey)
}

// MarkMessagesRead moves the user's mark forward in one statement; when
// it changes nothing, a second read tells a mark already further on from
// a message that is not the application's.
func (db *DB) MarkMessagesRead(ctx context.Context, userID, applicationID, messageID string) error {
	n, err := db.exec(ctx, "mark messages read", messageRead, userID, messageID, applicationID)
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	var ok bool
	err = db.e.Read().QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM messages WHERE id = ? AND application_id = ?)`, messageID, applicationID).Scan(&ok)
	if err != nil {
		return db.errorf("mark messages read", err)
	}
	if !ok {
		return NotFound("Message")
	}
	return nil
}

// UnreadMessages counts unread messages on the applications that exist
// among ids, in one query.
func (db *DB) UnreadMessages(ctx context.Context, userID string, ids []string) ([]store.UnreadRecord, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out []store.UnreadRecord
	in, args := In(db.e, "a.id", ids)
	rows, err := db.e.Read().Query(ctx, fmt.Sprintf(unreadCounts, in), append([]any{userID, userID}, args...)...)
	if err != nil {
		return nil, db.errorf("unread messages", err)
	}
	defer rows.Close()
	err = Each(rows, func(row Scanner) error {
		var r store.UnreadRecord
		if err := row.Scan(&r.ApplicationID, &r.JobID, &r.CandidateID, &r.JobOwnerID, &r.Unread); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, db.errorf("unread messages", err)
	}
	return out, nil
}
