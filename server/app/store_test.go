package app_test

import (
	"testing"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/postgres/pgtest"
)

// TestOpenStore: each engine says what it offers beyond the store, so
// that nothing has to find it out by type assertion.
func TestOpenStore(t *testing.T) {
	tests := []struct {
		name            string
		postgres        bool
		sharedKeys, bus bool
		file            bool
	}{
		{name: "SQLite", file: true},
		{name: "PostgreSQL", postgres: true, sharedKeys: true, bus: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := app.TestConfig(t.TempDir())
			if tt.postgres {
				cfg.DatabaseURL = config.NewDatabaseURL(pgtest.URL(t))
			}
			eng, err := app.OpenStore(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Store.Close()
			if eng.Store == nil || eng.Versions == nil || eng.Rows == nil {
				t.Errorf("engine = %+v, want a store, its versions and its rows", eng)
			}
			if got := eng.SharedKeys != nil; got != tt.sharedKeys {
				t.Errorf("SharedKeys set = %v, want %v", got, tt.sharedKeys)
			}
			if got := eng.StartBus != nil; got != tt.bus {
				t.Errorf("StartBus set = %v, want %v", got, tt.bus)
			}
			if got := eng.File != ""; got != tt.file {
				t.Errorf("File = %q, want set %v", eng.File, tt.file)
			}
		})
	}
}
