package list_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/widgets/list"
)

// pages serves n items two at a time, with the index of the next item as
// the cursor.
func pages(n int, fail error) func(context.Context, string) (*hiregate.List[int], error) {
	return func(_ context.Context, cursor string) (*hiregate.List[int], error) {
		if fail != nil {
			return nil, fail
		}
		from := 0
		if cursor != "" {
			from, _ = strconv.Atoi(cursor)
		}
		l := &hiregate.List[int]{}
		for i := from; i < min(n, from+2); i++ {
			l.Items = append(l.Items, i)
		}
		if from+2 < n {
			next := strconv.Itoa(from + 2)
			l.NextCursor = &next
		}
		return l, nil
	}
}

func TestAll(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name     string
		n, max   int
		fail     error
		want     []int
		wantMore bool
	}{
		{"Empty", 0, 3, nil, nil, false},
		{"OnePage", 2, 3, nil, []int{0, 1}, false},
		{"EveryPage", 5, 3, nil, []int{0, 1, 2, 3, 4}, false},
		{"Bounded", 7, 3, nil, []int{0, 1, 2, 3, 4, 5}, true},
		{"Error", 5, 3, boom, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, more, err := list.All(context.Background(), tt.max, pages(tt.n, tt.fail))
			if !errors.Is(err, tt.fail) || !slices.Equal(got, tt.want) || more != tt.wantMore {
				t.Fatalf("All(%d items, %d pages) = %v, %v, %v; want %v, %v, %v", tt.n, tt.max, got, more, err, tt.want, tt.wantMore, tt.fail)
			}
		})
	}
}
