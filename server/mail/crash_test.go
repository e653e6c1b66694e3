package mail_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/mail"
	"github.com/hiregate/hiregate/server/mail/smtptest"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/shared/hiregate"
)

const (
	childDBEnv   = "HIREGATE_MAIL_CHILD_DB"
	childSMTPEnv = "HIREGATE_MAIL_CHILD_SMTP"
)

// TestSenderChild is the process TestCrashWithMailQueued kills: a sender
// on the database file, sending for ever. It does nothing in a normal run.
func TestSenderChild(t *testing.T) {
	path := os.Getenv(childDBEnv)
	if path == "" {
		t.Skip("run by TestCrashWithMailQueued")
	}
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	u, err := config.ParseSMTPURL(os.Getenv(childSMTPEnv))
	if err != nil {
		t.Fatal(err)
	}
	s, err := mail.NewSender(mail.Config{SMTP: u, From: "jobs@hiregate.example", Batch: 7, BusyInterval: time.Millisecond}, db)
	if err != nil {
		t.Fatal(err)
	}
	s.Run(context.Background())
}

// TestCrashWithMailQueued kills a sending process (SIGKILL, no clean-up)
// while the SMTP server holds one message unanswered, with mails claimed
// and not yet sent, then starts a sender on the same file once the dead
// one's claims have lapsed: every mail arrives. Killed between batches
// (the sender records a batch's outcomes in one commit), none arrives
// twice; killed mid-batch, the batch's mails the server had accepted
// arrive again, each with its first Message-ID, so the copy is known.
func TestCrashWithMailQueued(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	const mails, batch = 40, 7 // the child's Batch
	tests := []struct {
		name   string
		hold   int // the message the server holds when the child dies
		queued int // mails left queued at the crash
		twice  int // mails that arrive twice
	}{
		{"BetweenBatches", 2*batch + 1, mails - 2*batch, 0},
		{"MidBatch", batch + 6, mails - batch, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "hiregate.db")
			db, err := sqlite.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			for i := range mails {
				if err := db.QueueMail(ctx, message(fmt.Sprintf("m%02d@example.com", i), "", "Go developer")); err != nil {
					t.Fatal(err)
				}
			}
			srv := smtptest.Start(t, smtptest.Options{})
			held := srv.HoldData(tt.hold)

			cmd := exec.Command(os.Args[0], "-test.run=^TestSenderChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), childDBEnv+"="+path, childSMTPEnv+"="+srv.URL())
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			killed := false
			t.Cleanup(func() {
				if !killed {
					_ = cmd.Process.Kill()
					_ = cmd.Wait()
				}
			})
			select {
			case <-held:
			case <-time.After(time.Minute): // a safety net against a hung child, not a measure
				t.Fatal("the sender never reached the held message")
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			killed = true
			if n := len(srv.Messages()); n != tt.hold-1 {
				t.Fatalf("before the crash: %d messages, want %d", n, tt.hold-1)
			}
			queued, _, err := db.ListMail(ctx, hiregate.MailFilter{Status: hiregate.MailQueued, Limit: hiregate.MaxPageLimit})
			if err != nil || len(queued) != tt.queued {
				t.Fatalf("after the crash: %d queued (%v), want %d", len(queued), err, tt.queued)
			}

			// The restarted server: its clock is past the dead sender's lease.
			u, _ := config.ParseSMTPURL(srv.URL())
			later := func() time.Time { return time.Now().Add(mail.DefaultLease + time.Minute) }
			s, err := mail.NewSender(mail.Config{SMTP: u, From: "jobs@hiregate.example", Now: later}, db)
			if err != nil {
				t.Fatal(err)
			}
			for {
				res, err := s.Tick(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if res.Claimed == 0 {
					break
				}
			}
			got := map[string]int{}
			ids := map[string]map[string]bool{}
			for _, m := range srv.Messages() {
				to := m.To[0]
				got[to]++
				if ids[to] == nil {
					ids[to] = map[string]bool{}
				}
				ids[to][m.MessageID()] = true
			}
			twice := 0
			for i := range mails {
				to := fmt.Sprintf("m%02d@example.com", i)
				switch got[to] {
				case 1:
				case 2:
					twice++
				default:
					t.Errorf("%s arrived %d times", to, got[to])
				}
				if len(ids[to]) != 1 {
					t.Errorf("%s came with Message-IDs %v, want one", to, ids[to])
				}
			}
			if twice != tt.twice {
				t.Errorf("%d mails arrived twice, want %d", twice, tt.twice)
			}
			if q, _, _ := db.ListMail(ctx, hiregate.MailFilter{Status: hiregate.MailQueued}); len(q) != 0 {
				t.Errorf("still queued after the restart: %+v", q)
			}
		})
	}
}
