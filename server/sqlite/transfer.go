package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// ExportRows calls fn with every row of the moved tables (parents first,
// each in primary-key order), all read in one transaction: one snapshot.
func (db *DB) ExportRows(ctx context.Context, fn func(t sqlstore.Table, row []any) error) error {
	tx, err := db.readPool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlite: export: %w", err)
	}
	defer tx.Rollback()
	for _, t := range sqlstore.MovedTables {
		if err := exportTable(ctx, tx, t, fn); err != nil {
			return err
		}
	}
	return nil
}

func exportTable(ctx context.Context, tx *sql.Tx, t sqlstore.Table, fn func(sqlstore.Table, []any) error) error {
	rows, err := tx.QueryContext(ctx, t.Select())
	if err != nil {
		return fmt.Errorf("sqlite: export %s: %w", t.Name, err)
	}
	defer rows.Close()
	return t.Export("sqlite", rows, fn)
}

// ImportRows runs fill in one write transaction, with insert adding one
// row; an error from fill rolls everything back. It refuses (ECONFLICT) a
// database that already holds any moved row.
func (db *DB) ImportRows(ctx context.Context, fill func(insert func(t sqlstore.Table, row []any) error) error) error {
	return db.inOwnTx(ctx, func(tx *sql.Tx) error {
		for _, t := range sqlstore.MovedTables {
			var any int
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t.Name+`)`).Scan(&any); err != nil {
				return fmt.Errorf("sqlite: import: %w", err)
			}
			if any != 0 {
				return hiregate.Errorf(hiregate.ECONFLICT, "The database is not empty (table %s has rows); import only into a new database", t.Name)
			}
		}
		stmts := map[string]*sql.Stmt{}
		defer func() {
			for _, s := range stmts {
				s.Close()
			}
		}()
		return fill(func(t sqlstore.Table, row []any) error {
			s, ok := stmts[t.Name]
			if !ok {
				var err error
				s, err = tx.PrepareContext(ctx, `INSERT INTO `+t.Name+` (`+t.ColumnList()+`) VALUES (`+
					strings.TrimSuffix(strings.Repeat("?, ", len(t.Columns)), ", ")+`)`)
				if err != nil {
					return fmt.Errorf("sqlite: import %s: %w", t.Name, err)
				}
				stmts[t.Name] = s
			}
			if _, err := s.ExecContext(ctx, row...); err != nil {
				return fmt.Errorf("sqlite: import %s: %w", t.Name, err)
			}
			return nil
		})
	})
}
