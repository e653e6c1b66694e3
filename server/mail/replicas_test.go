package mail_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/mail"
	"github.com/hiregate/hiregate/server/mail/smtptest"
	"github.com/hiregate/hiregate/server/postgres"
	"github.com/hiregate/hiregate/server/postgres/pgtest"
)

// TestReplicasSendEachMailOnce: two servers on one PostgreSQL database,
// each with its own pool and sender, drain one outbox at the same time
// into one SMTP server; every mail arrives exactly once.
func TestReplicasSendEachMailOnce(t *testing.T) {
	url := pgtest.URL(t)
	const mails = 300
	srv := smtptest.Start(t, smtptest.Options{})
	u, err := config.ParseSMTPURL(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	var senders []*mail.Sender
	for i := range 2 {
		db, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if i == 0 {
			for n := range mails {
				if err := db.QueueMail(ctx, message(fmt.Sprintf("m%03d@example.com", n), "", "Go developer")); err != nil {
					t.Fatal(err)
				}
			}
		}
		s, err := mail.NewSender(mail.Config{SMTP: u, From: "jobs@hiregate.example", Batch: 10}, db)
		if err != nil {
			t.Fatal(err)
		}
		senders = append(senders, s)
	}
	var wg sync.WaitGroup
	sent := make([]int, len(senders))
	errs := make(chan error, len(senders))
	for i, s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				res, err := s.Tick(ctx)
				if err != nil {
					errs <- err
					return
				}
				if res.Claimed == 0 {
					return
				}
				sent[i] += res.Sent
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got := map[string]int{}
	ids := map[string]bool{}
	for _, m := range srv.Messages() {
		got[m.To[0]]++
		ids[m.MessageID()] = true
	}
	for n := range mails {
		if to := fmt.Sprintf("m%03d@example.com", n); got[to] != 1 {
			t.Errorf("%s arrived %d times, want once", to, got[to])
		}
	}
	if len(ids) != mails || sent[0]+sent[1] != mails {
		t.Errorf("%d distinct Message-IDs, sent %v, want %d in all", len(ids), sent, mails)
	}
	t.Logf("sent per replica: %v", sent)
}
