package list

import (
	"context"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// All fetches a list page after page until the server has no more or
// maxPages pages have come; more reports that the server still had more.
// fetch gets the cursor of the page to fetch, "" for the first. A screen
// that shows a whole list (a job's board, an application's notes) uses it
// so that nothing past the first page is silently left out.
func All[T any](ctx context.Context, maxPages int, fetch func(ctx context.Context, cursor string) (*hiregate.List[T], error)) (items []T, more bool, err error) {
	cursor := ""
	for range maxPages {
		l, err := fetch(ctx, cursor)
		if err != nil {
			return nil, false, err
		}
		items = append(items, l.Items...)
		if l.NextCursor == nil {
			return items, false, nil
		}
		cursor = *l.NextCursor
	}
	return items, true, nil
}
