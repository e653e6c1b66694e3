package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// RunOutbox runs the cases of store.Outbox (users come from store.Users).
func RunOutbox(t *testing.T, open Opener) { runCases(t, open, outboxCases) }

var outboxCases = []testCase{
	{"QueueAndClaim", testQueueAndClaim},
	{"QueueValidation", testQueueValidation},
	{"NotificationFilter", testNotificationFilter},
	{"QueueInAtomic", testQueueInAtomic},
	{"FinishMail", testFinishMail},
	{"ClaimConcurrent", testClaimConcurrent},
	{"ListMail", testListMail},
	{"MailTemplates", testMailTemplates},
}

const lease = 5 * time.Minute

func mustQueue(tb testing.TB, db store.Store, m store.MailRequest) {
	tb.Helper()
	if err := db.QueueMail(context.Background(), m); err != nil {
		tb.Fatalf("QueueMail(%+v) = %v", m, err)
	}
}

func mustClaim(tb testing.TB, db store.Store, now time.Time, limit int) []store.MailRecord {
	tb.Helper()
	recs, err := db.ClaimMail(context.Background(), now, lease, limit)
	if err != nil {
		tb.Fatalf("ClaimMail = %v", err)
	}
	return recs
}

func testQueueAndClaim(t *testing.T, open Opener) {
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
	created := c.add(time.Second)
	mustQueue(t, db, store.MailRequest{UserID: u.ID, Template: hiregate.MailTemplateInterviewInvite,
		Data:     map[string]string{"JobTitle": "Go developer", "Code": "ABCD-EFGH"},
		Calendar: &store.MailCalendar{Method: "REQUEST", ICS: []byte("BEGIN:VCALENDAR")}})
	mustQueue(t, db, store.MailRequest{To: "ext@example.org", ToName: "Ext", Template: hiregate.MailTemplateInvitation})

	got := mustClaim(t, db, c.now(), 10)
	if len(got) != 2 {
		t.Fatalf("ClaimMail = %d mails, want 2", len(got))
	}
	byTo := map[string]store.MailRecord{}
	for _, r := range got {
		byTo[r.To] = r
		if r.Attempts != 1 || r.Claim == "" || r.ID == "" || !r.CreatedAt.Equal(created) {
			t.Errorf("claimed %+v, want attempt 1, a claim, an id, created %v", r, created)
		}
	}
	carl := byTo["carl@example.com"]
	if carl.UserID != u.ID || carl.ToName != "Carl" || carl.Template != hiregate.MailTemplateInterviewInvite ||
		carl.Data["JobTitle"] != "Go developer" || carl.Data["Code"] != "ABCD-EFGH" ||
		carl.Calendar == nil || carl.Calendar.Method != "REQUEST" || string(carl.Calendar.ICS) != "BEGIN:VCALENDAR" {
		t.Errorf("claimed %+v, want the account's address and name, the data and the calendar", carl)
	}
	ext := byTo["ext@example.org"]
	if ext.UserID != "" || ext.ToName != "Ext" || ext.Calendar != nil || ext.Data == nil || len(ext.Data) != 0 {
		t.Errorf("claimed %+v, want the given address, no calendar, empty data", ext)
	}
	// Leased: nobody else gets them until the lease ends.
	if again := mustClaim(t, db, c.add(lease-time.Second), 10); len(again) != 0 {
		t.Fatalf("ClaimMail during the lease = %+v, want none", again)
	}
	again := mustClaim(t, db, c.add(time.Second), 1)
	if len(again) != 1 || again[0].Attempts != 2 || again[0].Claim == got[0].Claim {
		t.Fatalf("ClaimMail after the lease (limit 1) = %+v, want one mail, attempt 2, a new claim", again)
	}
	if n := len(mustClaim(t, db, c.now(), 0)); n != 0 {
		t.Fatalf("ClaimMail(limit 0) = %d mails", n)
	}
}

func testQueueValidation(t *testing.T, open Opener) {
	db, c := mustOpen(t, open)
	u := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
	tests := []struct {
		name string
		m    store.MailRequest
		code string
	}{
		{"UnknownTemplate", store.MailRequest{To: "a@example.com", Template: "nope"}, hiregate.EINVALID},
		{"NoRecipient", store.MailRequest{Template: hiregate.MailTemplateMessage}, hiregate.EINVALID},
		{"BlankRecipient", store.MailRequest{To: "  ", Template: hiregate.MailTemplateMessage}, hiregate.EINVALID},
		{"CalendarWithoutMethod", store.MailRequest{UserID: u.ID, Template: hiregate.MailTemplateInterviewInvite,
			Calendar: &store.MailCalendar{ICS: []byte("x")}}, hiregate.EINVALID},
		{"CalendarBadMethod", store.MailRequest{UserID: u.ID, Template: hiregate.MailTemplateInterviewInvite,
			Calendar: &store.MailCalendar{Method: "REQUEST\r\nX-Evil: 1", ICS: []byte("x")}}, hiregate.EINVALID},
		{"UnknownUser", store.MailRequest{UserID: "nope", Template: hiregate.MailTemplatePasswordReset}, hiregate.ENOTFOUND},
		{"UnknownUserNotification", store.MailRequest{UserID: "nope", Template: hiregate.MailTemplateMessage, Notification: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, "QueueMail", db.QueueMail(context.Background(), tt.m), tt.code)
		})
	}
	if got := mustClaim(t, db, c.now(), 10); len(got) != 0 {
		t.Fatalf("refused requests queued %+v", got)
	}
}

func testNotificationFilter(t *testing.T, open Opener) {
	ctx := context.Background()
	tests := []struct {
		name                     string
		verified, notify, active bool
		notification             bool
		queued                   bool
	}{
		{"VerifiedNotifying", true, true, true, true, true},
		{"Unverified", false, true, true, true, false},
		{"NotifyOff", true, false, true, true, false},
		{"Inactive", true, true, false, true, false},
		// Mails that are not notifications go whatever the preferences
		// (verification, reset, invitation to an inactive account).
		{"UnverifiedNotNotification", false, false, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, c := mustOpen(t, open)
			u := mustUser(t, db, c, "carl@example.com", "Carl", hiregate.RoleCandidate)
			if _, err := db.UpdateUser(ctx, u.ID, store.UserChange{EmailVerified: &tt.verified, NotifyEmail: &tt.notify,
				Active: &tt.active}, false, ""); err != nil {
				t.Fatal(err)
			}
			mustQueue(t, db, store.MailRequest{UserID: u.ID, Template: hiregate.MailTemplateStageChanged, Notification: tt.notification})
			if got := len(mustClaim(t, db, c.now(), 10)) == 1; got != tt.queued {
				t.Fatalf("queued = %v, want %v", got, tt.queued)
			}
		})
	}
}

func testQueueInAtomic(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	boom := errors.New("boom")
	err := db.Atomic(ctx, func(tx store.Store) error {
		if err := tx.QueueMail(ctx, store.MailRequest{To: "a@example.com", Template: hiregate.MailTemplateMessage}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Atomic = %v, want boom", err)
	}
	if got := mustClaim(t, db, c.now(), 10); len(got) != 0 {
		t.Fatalf("a rolled-back mail was queued: %+v", got)
	}
	err = db.Atomic(ctx, func(tx store.Store) error {
		return tx.QueueMail(ctx, store.MailRequest{To: "b@example.com", Template: hiregate.MailTemplateMessage})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustClaim(t, db, c.now(), 10); len(got) != 1 || got[0].To != "b@example.com" {
		t.Fatalf("committed mail: claimed %+v, want b@example.com", got)
	}
}

func testFinishMail(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	for _, to := range []string{"sent@example.com", "failed@example.com", "retry@example.com"} {
		mustQueue(t, db, store.MailRequest{To: to, Template: hiregate.MailTemplatePasswordReset, Data: map[string]string{"Code": "X"}})
	}
	claimed := mustClaim(t, db, c.now(), 10)
	if len(claimed) != 3 {
		t.Fatalf("claimed %d, want 3", len(claimed))
	}
	at := c.add(time.Second)
	retryAt := at.Add(time.Hour)
	for _, r := range claimed {
		o := store.MailOutcome{ID: r.ID, Claim: r.Claim, Subject: "Reset " + r.To, At: at}
		switch r.To {
		case "sent@example.com":
			o.Status = hiregate.MailSent
		case "failed@example.com":
			o.Status, o.Error = hiregate.MailFailed, "550 no such user"
		default:
			o.Status, o.Error, o.Retry = hiregate.MailQueued, "451 try later", retryAt
		}
		if err := db.FinishMail(ctx, o); err != nil {
			t.Fatalf("FinishMail(%s) = %v", r.To, err)
		}
	}
	wantCode(t, "FinishMail(bad status)", db.FinishMail(ctx, store.MailOutcome{ID: claimed[0].ID, Status: "nope"}), hiregate.EINVALID)

	items, _, err := db.ListMail(ctx, hiregate.MailFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byTo := map[string]hiregate.MailItem{}
	for _, m := range items {
		byTo[m.To] = m
	}
	sent, failed, retry := byTo["sent@example.com"], byTo["failed@example.com"], byTo["retry@example.com"]
	if sent.Status != hiregate.MailSent || sent.SentAt == nil || !sent.SentAt.Equal(at) || sent.Subject != "Reset sent@example.com" ||
		sent.LastError != "" || sent.Attempts != 1 || sent.Template != hiregate.MailTemplatePasswordReset {
		t.Errorf("sent = %+v", sent)
	}
	if failed.Status != hiregate.MailFailed || failed.SentAt != nil || failed.LastError != "550 no such user" {
		t.Errorf("failed = %+v", failed)
	}
	if retry.Status != hiregate.MailQueued || retry.LastError != "451 try later" || retry.Subject != "Reset retry@example.com" {
		t.Errorf("retry = %+v", retry)
	}
	// Only the retry comes back, and only when due.
	if got := mustClaim(t, db, retryAt.Add(-time.Second), 10); len(got) != 0 {
		t.Fatalf("claimed before the retry time: %+v", got)
	}
	got := mustClaim(t, db, retryAt, 10)
	if len(got) != 1 || got[0].To != "retry@example.com" || got[0].Attempts != 2 || got[0].Data["Code"] != "X" {
		t.Fatalf("claimed at the retry time: %+v, want the retry, attempt 2, its data", got)
	}
	// A claim taken over after its lease ended changes nothing, but a
	// mail that went out is recorded whoever claimed it since.
	stale := got[0]
	taken := mustClaim(t, db, retryAt.Add(lease), 10)
	if len(taken) != 1 {
		t.Fatalf("claim after the lease: %+v", taken)
	}
	if err := db.FinishMail(ctx, store.MailOutcome{ID: stale.ID, Claim: stale.Claim, Status: hiregate.MailFailed, Error: "stale", At: at}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishMail(ctx, store.MailOutcome{ID: stale.ID, Claim: stale.Claim, Status: hiregate.MailQueued, Error: "stale", Retry: at}); err != nil {
		t.Fatal(err)
	}
	items, _, _ = db.ListMail(ctx, hiregate.MailFilter{Status: hiregate.MailQueued})
	if len(items) != 1 || items[0].LastError != "451 try later" {
		t.Fatalf("after stale finishes: %+v, want the retry unchanged", items)
	}
	if err := db.FinishMail(ctx, store.MailOutcome{ID: stale.ID, Claim: stale.Claim, Status: hiregate.MailSent, At: at}); err != nil {
		t.Fatal(err)
	}
	items, _, _ = db.ListMail(ctx, hiregate.MailFilter{Status: hiregate.MailQueued})
	if len(items) != 0 {
		t.Fatalf("a sent mail with a stale claim stayed queued: %+v", items)
	}
}

func testClaimConcurrent(t *testing.T, open Opener) {
	db, c := mustOpen(t, open)
	const mails, workers = 60, 4
	for i := range mails {
		mustQueue(t, db, store.MailRequest{To: fmt.Sprintf("m%d@example.com", i), Template: hiregate.MailTemplateMessage})
	}
	now := c.add(time.Second)
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				recs, err := db.ClaimMail(context.Background(), now, lease, 7)
				if err != nil {
					errs <- err
					return
				}
				if len(recs) == 0 {
					return
				}
				mu.Lock()
				for _, r := range recs {
					seen[r.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(seen) != mails {
		t.Fatalf("claimed %d distinct mails, want %d", len(seen), mails)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("mail %s claimed %d times", id, n)
		}
	}
}

func testListMail(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	for i := range 7 {
		c.add(time.Second)
		mustQueue(t, db, store.MailRequest{To: fmt.Sprintf("m%d@example.com", i), Template: hiregate.MailTemplateMessage})
	}
	recs := mustClaim(t, db, c.now(), 2)
	for _, r := range recs {
		if err := db.FinishMail(ctx, store.MailOutcome{ID: r.ID, Claim: r.Claim, Status: hiregate.MailSent, At: c.now()}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		status hiregate.MailStatus
		want   int
	}{{"", 7}, {hiregate.MailQueued, 5}, {hiregate.MailSent, 2}, {hiregate.MailFailed, 0}} {
		var last time.Time
		all := collectPages(t, func(cursor string) ([]string, string, error) {
			items, next, err := db.ListMail(ctx, hiregate.MailFilter{Status: tt.status, Limit: 2, Cursor: cursor})
			ids := make([]string, len(items))
			for i, m := range items {
				ids[i] = m.ID
				if !last.IsZero() && m.CreatedAt.After(last) {
					t.Errorf("status %q: not newest first", tt.status)
				}
				last = m.CreatedAt
				if tt.status != "" && m.Status != tt.status {
					t.Errorf("status %q listed %+v", tt.status, m)
				}
			}
			return ids, next, err
		})
		if len(all) != tt.want {
			t.Errorf("ListMail(status %q) = %d mails, want %d", tt.status, len(all), tt.want)
		}
	}
	_, _, err := db.ListMail(ctx, hiregate.MailFilter{Status: "lost"})
	wantCode(t, "ListMail(bad status)", err, hiregate.EINVALID)
	for _, bad := range badCursors {
		_, _, err := db.ListMail(ctx, hiregate.MailFilter{Cursor: bad})
		wantCode(t, "ListMail(bad cursor)", err, hiregate.EINVALID)
	}
}

func testMailTemplates(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	if got, err := db.MailTemplateOverrides(ctx); err != nil || len(got) != 0 {
		t.Fatalf("MailTemplateOverrides(empty) = %+v, %v", got, err)
	}
	put := func(name, subject string) store.MailTemplateRecord {
		r := store.MailTemplateRecord{Name: name, Subject: subject, Body: "Hello {{.Name}} ✓", UpdatedAt: c.add(time.Second)}
		if err := db.PutMailTemplate(ctx, r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	put(hiregate.MailTemplateRejected, "old")
	a := put(hiregate.MailTemplateMessage, "New message")
	b := put(hiregate.MailTemplateRejected, "Über dein Bewerbung")
	got, err := db.MailTemplateOverrides(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != a || got[1].Name != b.Name || got[1].Subject != b.Subject || !got[1].UpdatedAt.Equal(b.UpdatedAt) {
		t.Fatalf("MailTemplateOverrides = %+v, want %+v and %+v", got, a, b)
	}
	for _, tt := range []struct {
		name string
		want bool
	}{{hiregate.MailTemplateMessage, true}, {hiregate.MailTemplateMessage, false}, {hiregate.MailTemplateInvitation, false}} {
		if ok, err := db.DeleteMailTemplate(ctx, tt.name); err != nil || ok != tt.want {
			t.Fatalf("DeleteMailTemplate(%s) = %v, %v, want %v", tt.name, ok, err, tt.want)
		}
	}
	if got, _ := db.MailTemplateOverrides(ctx); len(got) != 1 || got[0].Name != hiregate.MailTemplateRejected {
		t.Fatalf("after delete: %+v", got)
	}
}
