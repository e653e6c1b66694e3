package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// ExportRows calls fn with every row of the moved tables (parents first,
// each in primary-key order), all read in one REPEATABLE READ transaction:
// one snapshot, while the replicas keep serving.
func (db *DB) ExportRows(ctx context.Context, fn func(t sqlstore.Table, row []any) error) error {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("postgres: export: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	for _, t := range sqlstore.MovedTables {
		if err := exportTable(ctx, tx, t, fn); err != nil {
			return err
		}
	}
	return nil
}

func exportTable(ctx context.Context, tx pgx.Tx, t sqlstore.Table, fn func(sqlstore.Table, []any) error) error {
	rows, err := tx.Query(ctx, t.Select())
	if err != nil {
		return fmt.Errorf("postgres: export %s: %w", t.Name, err)
	}
	defer rows.Close()
	return t.Export("postgres", rows, fn)
}

// ImportRows runs fill in one transaction, with insert adding one row; an
// error from fill rolls everything back. It refuses (ECONFLICT) a database
// that already holds any moved row. Jobs get their search vector here.
func (db *DB) ImportRows(ctx context.Context, fill func(insert func(t sqlstore.Table, row []any) error) error) error {
	return db.tryTx(ctx, func(tx pgx.Tx) error {
		for _, t := range sqlstore.MovedTables {
			// Taken for the whole import, so a replica cannot write
			// between the check and the inserts.
			if _, err := tx.Exec(ctx, `LOCK TABLE `+t.Name+` IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return fmt.Errorf("postgres: import: %w", err)
			}
			var any bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+t.Name+`)`).Scan(&any); err != nil {
				return fmt.Errorf("postgres: import: %w", err)
			}
			if any {
				return hiregate.Errorf(hiregate.ECONFLICT, "The database is not empty (table %s has rows); import only into a new database", t.Name)
			}
		}
		return fill(func(t sqlstore.Table, row []any) error {
			cols, args := t.ColumnList(), row
			ph := make([]string, len(row), len(row)+1)
			for i := range row {
				ph[i] = "$" + strconv.Itoa(i+1)
			}
			if t.Name == "jobs" {
				// title, description and location are columns 1, 2, 3.
				args = append(row[:len(row):len(row)], searchLexemes(row[1].(string), row[2].(string), row[3].(string)))
				cols += ", search"
				ph = append(ph, "array_to_tsvector($"+strconv.Itoa(len(args))+"::text[])")
			}
			if _, err := tx.Exec(ctx, `INSERT INTO `+t.Name+` (`+cols+`) VALUES (`+strings.Join(ph, ", ")+`)`, args...); err != nil {
				return fmt.Errorf("postgres: import %s: %w", t.Name, err)
			}
			return nil
		})
	})
}
