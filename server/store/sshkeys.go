package store

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// SSHKeyRecord is a linked public key with its owner.
type SSHKeyRecord struct {
	hiregate.SSHKey
	UserID string
}

// SSHKeys stores the public keys users link to their accounts for the SSH
// gateway. A key (by fingerprint) belongs to one account at most.
type SSHKeys interface {
	// AddSSHKey links k (ID and CreatedAt set by the caller) to its user
	// if the user has fewer than max keys: ECONFLICT when any account
	// already has the key, EINVALID when the user is at max.
	AddSSHKey(ctx context.Context, k *SSHKeyRecord, max int) error
	// ListSSHKeys returns the user's keys, oldest first.
	ListSSHKeys(ctx context.Context, userID string) ([]hiregate.SSHKey, error)
	// DeleteSSHKey unlinks one of the user's keys and returns it:
	// ENOTFOUND when the user has no key with that id.
	DeleteSSHKey(ctx context.Context, userID, id string) (*hiregate.SSHKey, error)
	// UseSSHKey returns the key with that fingerprint and its owner, and
	// sets its last use to now: ENOTFOUND when no account has it.
	UseSSHKey(ctx context.Context, fingerprint string, now time.Time) (*SSHKeyRecord, error)
}
