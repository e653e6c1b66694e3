package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// RunDemographics runs the cases of store.Demographics (users come from
// store.Users, erasure from store.Privacy).
func RunDemographics(t *testing.T, open Opener) { runCases(t, open, demographicsCases) }

var demographicsCases = []testCase{
	{"PutAndRead", testDemographicsPutAndRead},
	{"UnknownUser", testDemographicsUnknownUser},
	{"ErasedWithAccount", testDemographicsErased},
}

func strp(s string) *string { return &s }

func testDemographicsPutAndRead(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
	other := mustUser(t, db, c, "bob@example.com", "Bob", hiregate.RoleCandidate)
	d, err := db.Demographics(ctx, u.ID)
	if err != nil || d.Gender != nil || d.Ethnicity != nil || d.AgeBand != nil || d.UpdatedAt != nil {
		t.Fatalf("before any answer: %+v, %v; want all nil", d, err)
	}
	if _, err := db.PutDemographics(ctx, u.ID, hiregate.DemographicsRequest{Gender: strp("female"), AgeBand: strp("35_44")}, c.now()); err != nil {
		t.Fatal(err)
	}
	// A second answer replaces the first whole: what is left out is
	// no longer answered.
	at := c.add(time.Hour)
	if _, err := db.PutDemographics(ctx, u.ID, hiregate.DemographicsRequest{Ethnicity: strp("asian"), AgeBand: strp("decline")}, at); err != nil {
		t.Fatal(err)
	}
	d, err = db.Demographics(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Gender != nil || d.Ethnicity == nil || *d.Ethnicity != "asian" || d.AgeBand == nil || *d.AgeBand != "decline" ||
		d.UpdatedAt == nil || d.UpdatedAt.Sub(at).Abs() > time.Millisecond {
		t.Errorf("after replacing: %+v", d)
	}
	if d, _ := db.Demographics(ctx, other.ID); d.UpdatedAt != nil {
		t.Errorf("another user has answers: %+v", d)
	}
}

func testDemographicsUnknownUser(t *testing.T, open Opener) {
	db, c := mustOpen(t, open)
	_, err := db.PutDemographics(context.Background(), "no-such-user", hiregate.DemographicsRequest{Gender: strp("male")}, c.now())
	if hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		t.Fatalf("err = %v, want ENOTFOUND", err)
	}
}

func testDemographicsErased(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "ann@example.com", "Ann", hiregate.RoleCandidate)
	if _, err := db.PutDemographics(ctx, u.ID, hiregate.DemographicsRequest{Gender: strp("other")}, c.now()); err != nil {
		t.Fatal(err)
	}
	er := store.Erasure{Email: hiregate.ErasedEmail(u.ID), FullName: hiregate.ErasedName}
	if err := db.EraseUser(ctx, u.ID, er, c.add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if d, err := db.Demographics(ctx, u.ID); err != nil || d.UpdatedAt != nil || d.Gender != nil {
		t.Errorf("after erasure: %+v, %v; want nothing", d, err)
	}
}
