package store

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Demographics keeps candidates' voluntary self-identification apart from
// everything else: it is read for one person only by that person (their
// own GET, export), and across people only as aggregate counts.
type Demographics interface {
	// Demographics returns the user's answers; all nil when they gave none.
	Demographics(ctx context.Context, userID string) (*hiregate.Demographics, error)
	// PutDemographics replaces the user's answers (nil: not answered).
	// ENOTFOUND when there is no such user.
	PutDemographics(ctx context.Context, userID string, d hiregate.DemographicsRequest, now time.Time) (*hiregate.Demographics, error)
}
