package sqlstore_test

import (
	"testing"

	"github.com/hiregate/hiregate/server/postgres"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store/sqlstore"
)

// TestMigrationNumbersAgree holds the engines to one numbered list of
// schema changes from FirstSharedMigration on: the same versions with the
// same names.
func TestMigrationNumbersAgree(t *testing.T) {
	lite, err := sqlite.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	pg, err := postgres.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	shared := func(ms []sqlstore.Migration) []string {
		var names []string
		for _, m := range ms {
			if m.Version >= sqlstore.FirstSharedMigration {
				names = append(names, m.Name)
			}
		}
		return names
	}
	ls, ps := shared(lite), shared(pg)
	if len(ls) != len(ps) {
		t.Fatalf("shared migrations: sqlite has %q, postgres %q; want the same list", ls, ps)
	}
	for i := range ls {
		if ls[i] != ps[i] {
			t.Errorf("shared migration %d: sqlite %q, postgres %q; want one name", i, ls[i], ps[i])
		}
	}
}
