package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Demographics = (*DB)(nil)

const (
	// demographicsSelect reads one person's answers. Arg: user_id.
	demographicsSelect = `SELECT gender, ethnicity, age_band, updated_at FROM demographics WHERE user_id = ?`
	// demographicsPut replaces them. Args: user_id, gender, ethnicity,
	// age_band, updated_at.
	demographicsPut = `INSERT INTO demographics (user_id, gender, ethnicity, age_band, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET gender = excluded.gender, ethnicity = excluded.ethnicity,
		age_band = excluded.age_band, updated_at = excluded.updated_at`
)

// Demographics returns the user's answers, all nil when there are none.
func (db *DB) Demographics(ctx context.Context, userID string) (*hiregate.Demographics, error) {
	var d hiregate.Demographics
	var at int64
	err := db.e.Read().QueryRow(ctx, demographicsSelect, userID).Scan(&d.Gender, &d.Ethnicity, &d.AgeBand, &at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return &d, nil
	case err != nil:
		return nil, db.errorf("demographics", err)
	}
	t := FromTS(at)
	d.UpdatedAt = &t
	return &d, nil
}

// PutDemographics replaces the user's answers; ENOTFOUND when there is no
// such user.
func (db *DB) PutDemographics(ctx context.Context, userID string, r hiregate.DemographicsRequest, now time.Time) (*hiregate.Demographics, error) {
	now = FromTS(TS(now))
	_, err := db.exec(ctx, "put demographics", demographicsPut, userID,
		Nullable(r.Gender), Nullable(r.Ethnicity), Nullable(r.AgeBand), TS(now))
	if db.e.ForeignKey(err) {
		return nil, NotFound("User")
	}
	if err != nil {
		return nil, err
	}
	return &hiregate.Demographics{Gender: r.Gender, Ethnicity: r.Ethnicity, AgeBand: r.AgeBand, UpdatedAt: &now}, nil
}
