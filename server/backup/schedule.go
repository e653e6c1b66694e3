package backup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Scheduled backups are named prefix + UTC time + suffix, so that names
// sort by age and Prune never touches a file it did not write.
const (
	scheduledPrefix = "hiregate-"
	scheduledSuffix = ".db"
)

// Scheduled makes one backup of dbPath into dir, named after now, then
// deletes the oldest scheduled backups beyond keep.
func Scheduled(ctx context.Context, dbPath, dir string, keep int, now time.Time) (Summary, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Summary{}, fmt.Errorf("create backup directory: %w", err)
	}
	sum, err := Create(ctx, dbPath, filepath.Join(dir, scheduledPrefix+stamp(now)+scheduledSuffix))
	if err != nil {
		return Summary{}, err
	}
	return sum, Prune(dir, keep)
}

// Prune deletes the oldest scheduled backups in dir beyond the newest keep.
func Prune(dir string, keep int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, scheduledPrefix) && strings.HasSuffix(n, scheduledSuffix) {
			if _, err := time.Parse("20060102T150405Z", strings.TrimSuffix(strings.TrimPrefix(n, scheduledPrefix), scheduledSuffix)); err == nil {
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return fmt.Errorf("delete old backup: %w", err)
		}
		names = names[1:]
	}
	return nil
}
