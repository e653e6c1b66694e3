package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// RunMessages runs the cases of store.Messages (users, jobs and
// applications come from their stores).
func RunMessages(t *testing.T, open Opener) { runCases(t, open, messagesCases) }

var messagesCases = []testCase{
	{"CreateAndList", testMessagesCreateAndList},
	{"ReadMarksAndUnread", testMessagesUnread},
	{"UserMessages", testUserMessages},
	{"MoveReasonKept", testMoveReasonKept},
	{"ErasedWithTheCandidate", testMessagesErased},
}

func mustMessage(tb testing.TB, db store.Store, c *clock, applicationID, authorID, body string) *hiregate.Message {
	tb.Helper()
	m := &hiregate.Message{ApplicationID: applicationID, Author: hiregate.MessageAuthor{ID: authorID}, Body: body}
	if err := db.CreateMessage(context.Background(), m, c.add(time.Second)); err != nil {
		tb.Fatalf("CreateMessage = %v", err)
	}
	return m
}

// messageFixture is a recruiter's job with a candidate's application,
// and a second application of another candidate.
type messageFixture struct {
	r, cand, cand2 *hiregate.User
	a, a2          *hiregate.Application
}

func newMessageFixture(t *testing.T, db store.Store, c *clock) messageFixture {
	r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	cand := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
	cand2 := mustUser(t, db, c, "cleo@example.com", "Cleo", hiregate.RoleCandidate)
	j := mustJob(t, db, c, r.ID, "Go developer", "", "")
	return messageFixture{r: r, cand: cand, cand2: cand2,
		a: mustApplication(t, db, c, j.ID, cand.ID), a2: mustApplication(t, db, c, j.ID, cand2.ID)}
}

func messageIDs(ms []hiregate.Message) []string {
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	return ids
}

func testMessagesCreateAndList(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	f := newMessageFixture(t, db, c)

	now := c.add(time.Minute)
	m := &hiregate.Message{ApplicationID: f.a.ID, Author: hiregate.MessageAuthor{ID: f.r.ID}, Body: "When can you start? ✓"}
	if err := db.CreateMessage(ctx, m, now); err != nil {
		t.Fatalf("CreateMessage = %v", err)
	}
	if m.ID == "" || !m.CreatedAt.Equal(now) || m.Author.FullName != "Rita" || m.Author.Role != hiregate.RoleRecruiter {
		t.Fatalf("CreateMessage set %+v", m)
	}
	got, next, err := db.ListMessages(ctx, f.a.ID, 0, "")
	if err != nil || next != "" || len(got) != 1 || got[0] != *m {
		t.Fatalf("ListMessages = %+v, %q, %v; want [%+v]", got, next, err, *m)
	}

	err = db.CreateMessage(ctx, &hiregate.Message{ApplicationID: "nope", Author: hiregate.MessageAuthor{ID: f.r.ID}, Body: "x"}, c.now())
	wantCode(t, "CreateMessage(no application)", err, hiregate.ENOTFOUND)
	wantMessage(t, "CreateMessage(no application)", err, "Application not found")
	err = db.CreateMessage(ctx, &hiregate.Message{ApplicationID: f.a.ID, Author: hiregate.MessageAuthor{ID: "ghost"}, Body: "x"}, c.now())
	wantCode(t, "CreateMessage(no author)", err, hiregate.ENOTFOUND)

	want := []string{m.ID}
	for i := range 5 {
		author := f.r.ID
		if i%2 == 1 {
			author = f.cand.ID
		}
		want = append(want, mustMessage(t, db, c, f.a.ID, author, "message "+itoa(i)).ID)
	}
	mustMessage(t, db, c, f.a2.ID, f.r.ID, "elsewhere")
	for limit := 1; limit <= 3; limit++ {
		got := collectPages(t, func(cursor string) ([]string, string, error) {
			ms, next, err := db.ListMessages(ctx, f.a.ID, limit, cursor)
			return messageIDs(ms), next, err
		})
		if !equalStrings(got, want) {
			t.Fatalf("limit %d: messages = %v, want %v", limit, got, want)
		}
	}
	if ms, next, err := db.ListMessages(ctx, "nope", 0, ""); err != nil || len(ms) != 0 || next != "" {
		t.Fatalf("ListMessages(nope) = %v, %q, %v", ms, next, err)
	}
	for _, cur := range badCursors {
		_, _, err := db.ListMessages(ctx, f.a.ID, 0, cur)
		wantCode(t, "ListMessages(cursor "+cur+")", err, hiregate.EINVALID)
	}
}

func unreadOf(t *testing.T, db store.Store, userID string, ids ...string) map[string]int {
	t.Helper()
	recs, err := db.UnreadMessages(context.Background(), userID, ids)
	if err != nil {
		t.Fatalf("UnreadMessages = %v", err)
	}
	out := map[string]int{}
	for _, r := range recs {
		out[r.ApplicationID] = r.Unread
	}
	return out
}

func testMessagesUnread(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	f := newMessageFixture(t, db, c)

	m1 := mustMessage(t, db, c, f.a.ID, f.r.ID, "one")
	m2 := mustMessage(t, db, c, f.a.ID, f.r.ID, "two")
	mustMessage(t, db, c, f.a.ID, f.cand.ID, "mine")

	recs, err := db.UnreadMessages(ctx, f.cand.ID, []string{f.a.ID, f.a2.ID, "nope"})
	if err != nil || len(recs) != 2 {
		t.Fatalf("UnreadMessages = %+v, %v; want two records", recs, err)
	}
	for _, r := range recs {
		if r.JobOwnerID != f.r.ID || (r.ApplicationID == f.a.ID) != (r.CandidateID == f.cand.ID) {
			t.Fatalf("UnreadMessages record %+v lacks the rule's facts", r)
		}
	}
	// Only others' messages count.
	if got := unreadOf(t, db, f.cand.ID, f.a.ID); got[f.a.ID] != 2 {
		t.Fatalf("candidate unread = %v, want 2", got)
	}
	if got := unreadOf(t, db, f.r.ID, f.a.ID); got[f.a.ID] != 1 {
		t.Fatalf("recruiter unread = %v, want 1", got)
	}
	if err := db.MarkMessagesRead(ctx, f.cand.ID, f.a.ID, m2.ID); err != nil {
		t.Fatalf("MarkMessagesRead = %v", err)
	}
	if got := unreadOf(t, db, f.cand.ID, f.a.ID); got[f.a.ID] != 0 {
		t.Fatalf("unread after mark = %v, want 0", got)
	}
	// A mark never moves back.
	if err := db.MarkMessagesRead(ctx, f.cand.ID, f.a.ID, m1.ID); err != nil {
		t.Fatalf("MarkMessagesRead(older) = %v", err)
	}
	mustMessage(t, db, c, f.a.ID, f.r.ID, "three")
	if got := unreadOf(t, db, f.cand.ID, f.a.ID); got[f.a.ID] != 1 {
		t.Fatalf("unread after an older mark and a new message = %v, want 1", got)
	}
	other := mustMessage(t, db, c, f.a2.ID, f.r.ID, "to cleo")
	err = db.MarkMessagesRead(ctx, f.cand.ID, f.a.ID, other.ID)
	wantCode(t, "MarkMessagesRead(another application's message)", err, hiregate.ENOTFOUND)
	err = db.MarkMessagesRead(ctx, f.cand.ID, f.a.ID, "nope")
	wantCode(t, "MarkMessagesRead(nope)", err, hiregate.ENOTFOUND)
	if recs, err := db.UnreadMessages(ctx, f.cand.ID, nil); err != nil || len(recs) != 0 {
		t.Fatalf("UnreadMessages(none) = %v, %v", recs, err)
	}
}

func testUserMessages(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	f := newMessageFixture(t, db, c)
	m1 := mustMessage(t, db, c, f.a.ID, f.r.ID, "to carl")
	m2 := mustMessage(t, db, c, f.a.ID, f.cand.ID, "from carl")
	m3 := mustMessage(t, db, c, f.a2.ID, f.r.ID, "to cleo")
	for _, tt := range []struct {
		user string
		want []string
	}{
		{f.cand.ID, []string{m1.ID, m2.ID}},
		{f.cand2.ID, []string{m3.ID}},
		{f.r.ID, []string{m1.ID, m3.ID}},
	} {
		got := collectPages(t, func(cursor string) ([]string, string, error) {
			ms, next, err := db.UserMessages(ctx, tt.user, 1, cursor)
			return messageIDs(ms), next, err
		})
		if !equalStrings(got, tt.want) {
			t.Errorf("UserMessages(%s) = %v, want %v", tt.user, got, tt.want)
		}
	}
}

func testMoveReasonKept(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	f := newMessageFixture(t, db, c)
	by := hiregate.UserRef{ID: f.r.ID}
	if _, err := db.MoveApplication(ctx, f.a.ID, hiregate.StageScreening, by, c.add(time.Second), nil); err != nil {
		t.Fatal(err)
	}
	a, err := db.MoveApplicationWith(ctx, f.a.ID, store.Move{To: hiregate.StageRejected, By: by, Reason: hiregate.RejectPositionFilled}, c.add(time.Second), nil)
	if err != nil {
		t.Fatalf("MoveApplicationWith = %v", err)
	}
	if h := a.History[len(a.History)-1]; h.Reason != hiregate.RejectPositionFilled || h.ByName != "Rita" {
		t.Fatalf("MoveApplicationWith history = %+v", a.History)
	}
	read, err := db.ApplicationByID(ctx, f.a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []hiregate.RejectReason{"", "", hiregate.RejectPositionFilled}
	if len(read.History) != len(want) {
		t.Fatalf("history = %+v", read.History)
	}
	for i, h := range read.History {
		if h.Reason != want[i] {
			t.Errorf("history[%d].Reason = %q, want %q", i, h.Reason, want[i])
		}
	}
	list, _, err := db.ListApplications(ctx, hiregate.ApplicationFilter{CandidateID: f.cand.ID})
	if err != nil || len(list) != 1 || list[0].History[2].Reason != hiregate.RejectPositionFilled {
		t.Fatalf("ListApplications history = %+v, %v", list, err)
	}
}

func testMessagesErased(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	f := newMessageFixture(t, db, c)
	m := mustMessage(t, db, c, f.a.ID, f.r.ID, "to carl")
	mustMessage(t, db, c, f.a.ID, f.cand.ID, "from carl")
	if err := db.MarkMessagesRead(ctx, f.cand.ID, f.a.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	kept := mustMessage(t, db, c, f.a2.ID, f.r.ID, "to cleo")
	er := store.Erasure{Email: hiregate.ErasedEmail(f.cand.ID), FullName: hiregate.ErasedName}
	if err := db.EraseUser(ctx, f.cand.ID, er, c.add(time.Second)); err != nil {
		t.Fatalf("EraseUser = %v", err)
	}
	if ms, _, err := db.ListMessages(ctx, f.a.ID, 0, ""); err != nil || len(ms) != 0 {
		t.Fatalf("messages after erasure = %+v, %v", ms, err)
	}
	if ms, _, err := db.UserMessages(ctx, f.cand.ID, 0, ""); err != nil || len(ms) != 0 {
		t.Fatalf("UserMessages after erasure = %+v, %v", ms, err)
	}
	if ms, _, err := db.ListMessages(ctx, f.a2.ID, 0, ""); err != nil || len(ms) != 1 || ms[0].ID != kept.ID {
		t.Fatalf("another candidate's messages after erasure = %+v, %v", ms, err)
	}
}
