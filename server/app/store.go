package app

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/postgres"
	"github.com/hiregate/hiregate/server/seal"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/server/transfer"
)

// Engine is an opened database: the store every engine is, and what only
// some engines offer, nil (or "") where this one lacks it. Close it
// through Store.
type Engine struct {
	Store store.Store
	// Versions says whether anything changed since it last answered: the
	// caches of session states and job board pages hold while it does not.
	Versions store.Versioned
	// SharedKeys is where the servers on one database publish their
	// signing keys, to verify each other's tokens (PostgreSQL).
	SharedKeys store.SigningKeys
	// Rows reads and loads every row, for export and import.
	Rows transfer.Sink
	// StartBus starts carrying live events between the servers on the
	// database (PostgreSQL); nil: events stay in this process.
	StartBus func(ctx context.Context, log *slog.Logger) (Bus, error)
	// File is the SQLite database file, which backups copy; "" on
	// PostgreSQL, which is backed up with its own tools.
	File string
}

// Bus carries live events between processes until closed.
type Bus interface {
	events.Bus
	Close()
}

// OpenStore opens the database cfg names: PostgreSQL at cfg.DatabaseURL
// when it is set, otherwise SQLite in cfg.DataDir (which must exist).
// Migrations the database lacks are applied. Of the options only
// WithClock applies: the store's clock.
func OpenStore(ctx context.Context, cfg config.Config, opts ...Option) (*Engine, error) {
	now := func() time.Time { return time.Now().UTC() }
	if o := buildOptions(opts); o.now != nil {
		now = func() time.Time { return o.now().UTC() }
	}
	if cfg.DatabaseURL.IsSet() {
		db, err := postgres.Open(ctx, cfg.DatabaseURL.Reveal())
		if err != nil {
			return nil, fmt.Errorf("open database %s: %w", cfg.DatabaseURL, err)
		}
		db.Now, db.MailOff = now, !cfg.MailOn()
		if db.MailSeal, err = mailSeal(cfg); err != nil {
			db.Close()
			return nil, err
		}
		return &Engine{
			Store: db, Versions: db, SharedKeys: db, Rows: db,
			StartBus: func(ctx context.Context, log *slog.Logger) (Bus, error) {
				bus, err := db.EventBus(ctx, log)
				if err != nil {
					return nil, err
				}
				return bus, nil
			},
		}, nil
	}
	dbPath := filepath.Join(cfg.DataDir, DBFile)
	mmap := int64(cfg.SQLiteMmapMB) << 20
	if mmap == 0 {
		mmap = -1 // Options' zero means the default
	}
	db, err := sqlite.OpenWith(dbPath, sqlite.Options{Synchronous: cfg.SQLiteSynchronous, MmapSize: mmap})
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", dbPath, err)
	}
	db.Now, db.MailOff = now, !cfg.MailOn()
	if db.MailSeal, err = mailSeal(cfg); err != nil {
		db.Close()
		return nil, err
	}
	return &Engine{Store: db, Versions: db, Rows: db, File: dbPath}, nil
}

// mailSeal is the box queued mails' data is sealed in: the MFA key (the
// environment's or the data directory's file), which the database never
// holds. Nil when mail is off: nothing is queued.
func mailSeal(cfg config.Config) (sqlstore.Sealer, error) {
	if !cfg.MailOn() {
		return nil, nil
	}
	b, err := seal.Load(cfg.DataDir, string(cfg.MFAKey.Reveal()), nil)
	if err != nil {
		return nil, fmt.Errorf("mail: the key that seals queued mails: %w", err)
	}
	return b, nil
}
