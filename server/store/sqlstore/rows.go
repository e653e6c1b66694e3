package sqlstore

import (
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Rows is a result set of either engine, *sql.Rows or pgx.Rows: all that
// reading one to the end needs. Close stays with the caller, because the
// two engines' Close methods differ (database/sql's returns an error).
type Rows interface {
	Scanner
	Next() bool
	Err() error
}

// Each calls fn on every row, stopping at fn's first error, and otherwise
// returns the error that ended the result set, if any: a read that breaks
// off halfway is never taken for the whole result.
func Each(rows Rows, fn func(Scanner) error) error {
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Collect scans every row with scan. The result is never nil, so an empty
// list is [] rather than null in JSON.
func Collect[T any](rows Rows, scan func(Scanner) (T, error)) ([]T, error) {
	items := []T{}
	err := Each(rows, func(row Scanner) error {
		item, err := scan(row)
		if err != nil {
			return err
		}
		items = append(items, item)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// ReadPage reads the limit+1 rows of q's SQL and cuts them to the page with
// the cursor of the next one, "" on the last (see Trim).
func ReadPage[T any](rows Rows, q *PageQuery, scan func(Scanner) (T, error), key func(T) (time.Time, string)) ([]T, string, error) {
	items, err := Collect(rows, scan)
	if err != nil {
		return nil, "", err
	}
	page, next := Trim(q, items, key)
	return page, next, nil
}

// CollectHistory adds the rows of a query for HistoryColumns to out,
// keyed by application id, in the order read.
func CollectHistory(rows Rows, out map[string][]hiregate.HistoryEntry) error {
	return Each(rows, func(row Scanner) error {
		id, h, err := ScanHistory(row)
		if err != nil {
			return err
		}
		out[id] = append(out[id], h)
		return nil
	})
}

// CollectStageCounts reads (job_id, status, count) rows into out, whose
// maps for the requested jobs the caller has made.
func CollectStageCounts(rows Rows, out map[string]map[hiregate.Stage]int) error {
	return Each(rows, func(row Scanner) error {
		var id string
		var st hiregate.Stage
		var n int
		if err := row.Scan(&id, &st, &n); err != nil {
			return err
		}
		out[id][st] = n
		return nil
	})
}

// CollectResumes reads rows of `SELECT ResumeColumns, application_id` into
// out, keyed by application id.
func CollectResumes(rows Rows, out map[string]*hiregate.Resume) error {
	return Each(rows, func(row Scanner) error {
		var id string
		r, err := ScanResume(row, &id)
		if err != nil {
			return err
		}
		out[id] = r
		return nil
	})
}

// HistoryOf is id's history in a map CollectHistory filled: [] rather
// than nil when it has none, so it is [] in JSON.
func HistoryOf(h map[string][]hiregate.HistoryEntry, id string) []hiregate.HistoryEntry {
	if h[id] == nil {
		return []hiregate.HistoryEntry{}
	}
	return h[id]
}

// NewStageCounts is the result of a count of applications per job and
// stage before any row is read: an empty map for every job.
func NewStageCounts(jobIDs []string) map[string]map[hiregate.Stage]int {
	out := make(map[string]map[hiregate.Stage]int, len(jobIDs))
	for _, id := range jobIDs {
		out[id] = map[hiregate.Stage]int{}
	}
	return out
}
