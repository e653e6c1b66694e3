package app

import (
	"context"
	"path/filepath"
	"time"

	"github.com/hiregate/hiregate/server/backup"
)

// BackupsDir is where --backup-every writes, inside the data directory.
const BackupsDir = "backups"

// startBackups runs the scheduled backups until stopBackups is called. A
// failed backup is logged and retried at the next tick; it never stops the
// server.
func (a *App) startBackups() {
	done := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	a.stopBackups = func() { cancel(); <-done }
	if a.cfg.BackupEvery == 0 {
		close(done)
		return
	}
	if a.file == "" {
		// The scheduled backups copy the SQLite file; PostgreSQL is backed
		// up with its own tools, once, not by every replica.
		close(done)
		a.log.Info("scheduled backups off: the database is PostgreSQL; back it up with pg_dump or base backups")
		return
	}
	dbPath := a.file
	dir := filepath.Join(a.cfg.DataDir, BackupsDir)
	go func() {
		defer close(done)
		t := time.NewTicker(a.cfg.BackupEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				start := time.Now()
				sum, err := backup.Scheduled(ctx, dbPath, dir, a.cfg.BackupKeep, a.now())
				if err != nil {
					if ctx.Err() == nil {
						a.log.Error("scheduled backup failed", "dir", dir, "err", err)
					}
					continue
				}
				a.log.Info("scheduled backup written", "file", sum.Path, "bytes", sum.Bytes,
					"took", time.Since(start).Round(time.Millisecond).String(), "keep", a.cfg.BackupKeep)
			}
		}
	}()
	a.log.Info("scheduled backups on", "every", a.cfg.BackupEvery.String(), "dir", dir, "keep", a.cfg.BackupKeep)
}
