package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// ExportRows calls fn with every row of the moved tables (parents first,
// each in primary-key order), all read in one snapshot while the
// database keeps serving.
func (db *DB) ExportRows(ctx context.Context, fn func(t Table, row []any) error) error {
	return db.e.Snapshot(ctx, func(q Q) error {
		for _, t := range MovedTables {
			if err := db.exportTable(ctx, q, t, fn); err != nil {
				return err
			}
		}
		return nil
	})
}

func (db *DB) exportTable(ctx context.Context, q Q, t Table, fn func(Table, []any) error) error {
	rows, err := q.Query(ctx, t.Select())
	if err != nil {
		return db.errorf("export "+t.Name, err)
	}
	defer rows.Close()
	return t.Export(db.e.Name(), rows, fn)
}

// ImportRows runs fill in one write transaction, with insert adding one
// row; an error from fill rolls everything back. fill consumes a stream,
// so the transaction is one of its own that never runs again
// (Engine.Atomic). It refuses (ECONFLICT) a database that already holds
// any moved row, with the tables locked against other writers from the
// check on. Jobs get the engine's search column, if it keeps one.
func (db *DB) ImportRows(ctx context.Context, fill func(insert func(t Table, row []any) error) error) error {
	before, after := db.e.BulkLoad()
	return db.e.Atomic(ctx, func(_ Engine, tx Q) error {
		if err := db.mustBeEmpty(ctx, tx); err != nil {
			return err
		}
		if err := execAll(ctx, tx, before); err != nil {
			return db.errorf("import", err)
		}
		inserts := map[string]string{}
		err := fill(func(t Table, row []any) error {
			ins, ok := inserts[t.Name]
			if !ok {
				ins = db.importInsert(t)
				inserts[t.Name] = ins
			}
			args := row
			if col, _ := db.e.JobSearchColumn(); col != "" && t.Name == "jobs" {
				// title, description and location are columns 1, 2, 3.
				args = append(row[:len(row):len(row)], db.e.JobSearchArg(row[1].(string), row[2].(string), row[3].(string)))
			}
			if _, err := tx.Exec(ctx, ins, args...); err != nil {
				return db.errorf("import "+t.Name, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := execAll(ctx, tx, after); err != nil {
			return db.errorf("import", err)
		}
		return nil
	})
}

func execAll(ctx context.Context, q Q, stmts []string) error {
	for _, s := range stmts {
		if _, err := q.Exec(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// mustBeEmpty locks the moved tables and refuses, naming the first, a
// database where one holds a row: one statement for all of them.
func (db *DB) mustBeEmpty(ctx context.Context, tx Q) error {
	names := make([]string, len(MovedTables))
	checks := make([]string, len(MovedTables))
	for i, t := range MovedTables {
		names[i] = t.Name
		checks[i] = `SELECT ` + strconv.Itoa(i) + ` AS n, '` + t.Name + `' AS name WHERE EXISTS (SELECT 1 FROM ` + t.Name + `)`
	}
	if lock := db.e.LockTables(names); lock != "" {
		if _, err := tx.Exec(ctx, lock); err != nil {
			return db.errorf("import", err)
		}
	}
	var n int
	var name string
	err := tx.QueryRow(ctx, `SELECT n, name FROM (`+strings.Join(checks, ` UNION ALL `)+`) AS filled ORDER BY n LIMIT 1`).Scan(&n, &name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return db.errorf("import", err)
	}
	return hiregate.Errorf(hiregate.ECONFLICT, "The database is not empty (table %s has rows); import only into a new database", name)
}

// importInsert is the INSERT of one row of t, with the search column of
// jobs when the engine keeps one.
func (db *DB) importInsert(t Table) string {
	cols, vals := t.ColumnList(), Placeholders(len(t.Columns))
	if col, expr := db.e.JobSearchColumn(); col != "" && t.Name == "jobs" {
		cols, vals = cols+`, `+col, vals+`, `+expr
	}
	return `INSERT INTO ` + t.Name + ` (` + cols + `) VALUES (` + vals + `)`
}
