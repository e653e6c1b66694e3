package sqlite

import "github.com/hiregate/hiregate/server/store/sqlstore"

// What this adapter shares with the PostgreSQL one (sqlstore), under the
// names the rest of the package uses.
var (
	ts       = sqlstore.TS
	fromTS   = sqlstore.FromTS
	notFound = sqlstore.NotFound

	sessionColumns = sqlstore.SessionColumns
	scanSession    = sqlstore.ScanSession
)
