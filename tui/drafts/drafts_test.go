package drafts_test

import (
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/drafts"
)

func TestStore(t *testing.T) {
	s := drafts.New()
	s.For("sam")
	f := drafts.Feedback{Ratings: map[string]int{"Go": 3}, Recommendation: hiregate.Yes}
	s.Put("iv1", f)
	f.Ratings["Go"] = 1 // the caller's map is not the store's
	if got, ok := s.Get("iv1"); !ok || got.Ratings["Go"] != 3 {
		t.Fatalf("Get = %+v, %v; want Go rated 3", got, ok)
	}
	s.Put("iv2", drafts.Feedback{}) // empty: nothing to keep
	if s.Len() != 1 || s.Has("iv2") {
		t.Fatalf("Len = %d, Has(iv2) = %v; want 1, false", s.Len(), s.Has("iv2"))
	}
	s.For("sam") // the same user again (a session that expired): kept
	if !s.Has("iv1") {
		t.Fatal("the draft was dropped when the same user signed in again")
	}
	s.For("alex") // someone else at the same terminal: gone
	if s.Len() != 0 {
		t.Fatalf("Len = %d after another user signed in, want 0", s.Len())
	}
	var none *drafts.Store // a screen shown without the client's store
	none.Put("iv1", drafts.Feedback{Notes: "x"})
	if none.Len() != 0 || none.Has("iv1") {
		t.Fatal("a nil store kept something")
	}
}
