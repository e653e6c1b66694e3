package postgres_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/postgres/pgtest"
	"github.com/hiregate/hiregate/server/store/storetest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Migration 0003 counts the applications that were there before it: the
// running counts it starts from equal those the trigger keeps.
func TestFunnelBackfill(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	db := openAt(t, url)
	storetest.RandomPipeline(t, db, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), 40)
	before, err := db.FunnelTally(ctx, hiregate.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Undo migration 0003 as if the data predated it, and the later ones
	// (0004's change triggers) so that they apply after it again.
	exec(t, url,
		`DROP FUNCTION hiregate_changed() CASCADE`,
		`DROP TRIGGER funnel_history ON application_history`, `DROP FUNCTION funnel_history()`,
		`DROP VIEW application_scopes`, `DROP FUNCTION iso_week(BIGINT)`,
		`DROP TABLE funnel_counts, funnel_dwell, funnel_weeks, pipeline_ranks, application_profiles, resumes`,
		`DROP TABLE skills, job_scoring, application_scores, demographics`,
		`DELETE FROM schema_migrations WHERE version >= 3`)
	db2 := openAt(t, url)
	after, err := db2.FunnelTally(ctx, hiregate.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after.Funnel(), before.Funnel()) {
		t.Errorf("FunnelTally after backfill = %+v, want %+v", after.Funnel(), before.Funnel())
	}
}
