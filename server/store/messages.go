package store

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Move is one stage change as MoveApplicationWith records it.
type Move struct {
	To hiregate.Stage
	By hiregate.UserRef
	// Reason is kept in the history entry (rejections).
	Reason hiregate.RejectReason
}

// UnreadRecord is an application's unread-message count for one user,
// with the facts the message rules need to decide whether that user may
// know it.
type UnreadRecord struct {
	ApplicationID string
	JobID         string
	CandidateID   string
	JobOwnerID    string
	Unread        int
}

// Messages stores the messages on applications and how far each user has
// read them.
type Messages interface {
	// CreateMessage inserts m (ApplicationID, Author.ID and Body set by
	// the caller), setting ID, CreatedAt and the author's name and role.
	// ENOTFOUND when the application (named first) or the author is
	// missing.
	CreateMessage(ctx context.Context, m *hiregate.Message, now time.Time) error
	// ListMessages returns an application's messages oldest first; an
	// unknown application has none.
	ListMessages(ctx context.Context, applicationID string, limit int, cursor string) ([]hiregate.Message, string, error)
	// UserMessages returns the messages on userID's applications and
	// those userID wrote, oldest first (a person's export).
	UserMessages(ctx context.Context, userID string, limit int, cursor string) ([]hiregate.Message, string, error)
	// MarkMessagesRead records that userID has read the application's
	// messages up to and including messageID. A mark never moves back.
	// ENOTFOUND when the message is not one of the application's.
	MarkMessagesRead(ctx context.Context, userID, applicationID, messageID string) error
	// UnreadMessages counts, for each of the applications that exist,
	// the messages written by others after userID's read mark.
	UnreadMessages(ctx context.Context, userID string, applicationIDs []string) ([]UnreadRecord, error)
}
