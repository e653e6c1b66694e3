package interview_test

import (
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/widgets/interview"
)

func TestOverlaps(t *testing.T) {
	at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	sam, alex := hiregate.UserRef{ID: "sam", FullName: "Sam"}, hiregate.UserRef{ID: "alex", FullName: "Alex"}
	iv := func(id string, startMin, minutes int, st hiregate.InterviewStatus, who ...hiregate.UserRef) hiregate.Interview {
		return hiregate.Interview{ID: id, StartsAt: at.Add(time.Duration(startMin) * time.Minute), DurationMinutes: minutes, Status: st, Interviewers: who}
	}
	ok := hiregate.InterviewScheduled
	ivs := []hiregate.Interview{
		iv("a", 0, 60, ok, sam),
		iv("b", 30, 60, ok, sam, alex),                   // overlaps a through Sam
		iv("c", 60, 30, ok, alex),                        // overlaps b through Alex; touches a only at its end
		iv("d", 0, 60, hiregate.InterviewCancelled, sam), // cancelled: never flagged
		iv("e", 90, 30, ok, sam),                         // starts when b ends
	}
	ivs[0].Conflicts = []hiregate.InterviewConflict{{InterviewID: "b", Interviewer: sam}} // from the server: not repeated
	interview.Overlaps(ivs)
	want := map[string][]string{"a": {"b/sam"}, "b": {"a/sam", "c/alex"}, "c": {"b/alex"}, "d": nil, "e": nil}
	for _, v := range ivs {
		var got []string
		for _, c := range v.Conflicts {
			got = append(got, c.InterviewID+"/"+c.Interviewer.ID)
		}
		if len(got) != len(want[v.ID]) {
			t.Errorf("conflicts of %s = %v, want %v", v.ID, got, want[v.ID])
			continue
		}
		for i := range got {
			if got[i] != want[v.ID][i] {
				t.Errorf("conflicts of %s = %v, want %v", v.ID, got, want[v.ID])
			}
		}
	}
}
