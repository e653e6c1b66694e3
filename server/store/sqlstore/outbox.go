package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Outbox = (*DB)(nil)

const (
	outboxColumns = `id, user_id, to_addr, to_name, template, data, calendar_method, calendar,
	subject, status, attempts, last_error, next_at, claim, created_at, sent_at`
	// outboxInsert queues a mail for an address. Args: id, user_id,
	// to_addr, to_name, template, data, calendar_method, calendar,
	// next_at, created_at.
	outboxInsert = `INSERT INTO mail_outbox (` + outboxColumns + `)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 'queued', 0, '', ?, '', ?, NULL)`
	// outboxInsertUser queues a mail for an account, taking the address
	// and name from it when the request gives none, and, for a
	// notification, only when the account is active, its address
	// verified and notifications on: the one statement reads and
	// writes, so a change of preference is either before it or after.
	// Args: id, to_addr, to_name, template, data, calendar_method,
	// calendar, next_at, created_at, user id, is-not-a-notification.
	outboxInsertUser = `INSERT INTO mail_outbox (` + outboxColumns + `)
	SELECT ?, u.id, coalesce(nullif(?, ''), u.email), coalesce(nullif(?, ''), u.full_name), ?, ?, ?, ?,
	'', 'queued', 0, '', ?, '', ?, NULL
	FROM users u WHERE u.id = ? AND (? OR (u.active AND u.email_verified AND u.notify_email))`
	// outboxClaim claims due mails. The due rows are picked once, in a
	// materialised CTE: as a subquery of IN, PostgreSQL may run the
	// LIMIT again for each row it updates. The outer conditions repeat
	// the inner ones so that a row another claimer took meanwhile (one
	// PostgreSQL waited for) is left to it. Args: now, limit, claim,
	// lease end, now.
	outboxClaim = `WITH due AS MATERIALIZED (
		SELECT id FROM mail_outbox WHERE status = 'queued' AND next_at <= ? ORDER BY next_at, id LIMIT ? %s)
	UPDATE mail_outbox SET claim = ?, attempts = attempts + 1, next_at = ?
	WHERE id IN (SELECT id FROM due) AND status = 'queued' AND next_at <= ?
	RETURNING id, user_id, to_addr, to_name, template, data, calendar_method, calendar, attempts, created_at`
	// outboxDone ends a mail for good, emptying its data and calendar
	// so that a code is gone as soon as it is not needed. Args: status,
	// subject, last_error, sent_at, empty, empty, id, claim, any claim
	// (for a sent mail: it went out, whoever claimed it since).
	outboxDone = `UPDATE mail_outbox SET status = ?, subject = ?, last_error = ?, sent_at = ?,
	data = ?, calendar = ?, calendar_method = '', claim = ''
	WHERE id = ? AND status = 'queued' AND (claim = ? OR ?)`
	// outboxRetry makes a claimed mail due again. Args: subject,
	// last_error, next_at, id, claim.
	outboxRetry = `UPDATE mail_outbox SET subject = ?, last_error = ?, next_at = ?, claim = ''
	WHERE id = ? AND status = 'queued' AND claim = ?`

	mailSelect = `SELECT id, to_addr, template, subject, status, attempts, last_error, created_at, sent_at FROM mail_outbox`
)

// MailNewest is the order of the mail log.
var MailNewest = SortKey{At: "created_at", ID: "id", Desc: true}

// QueueMail validates m and inserts it, in the caller's transaction when
// called on an Atomic view. With db.MailOff nothing is written.
func (db *DB) QueueMail(ctx context.Context, m store.MailRequest) error {
	if !hiregate.IsMailTemplate(m.Template) {
		return hiregate.ValidationError(map[string]string{"template": "unknown"})
	}
	m.To, m.ToName = strings.TrimSpace(m.To), strings.TrimSpace(m.ToName)
	if m.UserID == "" && m.To == "" {
		return hiregate.ValidationError(map[string]string{"to": "required"})
	}
	if m.Calendar != nil && m.Calendar.Method != "REQUEST" && m.Calendar.Method != "CANCEL" {
		return hiregate.ValidationError(map[string]string{"calendar": "method must be REQUEST or CANCEL"})
	}
	data, err := json.Marshal(m.Data)
	if err != nil {
		return db.errorf("queue mail", err)
	}
	if db.MailOff {
		return nil
	}
	method, ics := "", []byte{}
	if m.Calendar != nil {
		method, ics = m.Calendar.Method, append(ics, m.Calendar.ICS...)
	}
	now := FromTS(TS(db.Now().UTC()))
	id := NewID(now)
	if db.MailSeal != nil {
		if data, err = db.MailSeal.Seal(data, mailSealContext(id)); err != nil {
			return db.errorf("queue mail", err)
		}
	}
	if m.UserID == "" {
		_, err := db.exec(ctx, "queue mail", outboxInsert, id, "", m.To, m.ToName, m.Template, data, method, ics, TS(now), TS(now))
		return err
	}
	n, err := db.exec(ctx, "queue mail", outboxInsertUser, id, m.To, m.ToName, m.Template, data, method, ics,
		TS(now), TS(now), m.UserID, !m.Notification)
	if err != nil {
		return err
	}
	if n == 0 && !m.Notification {
		return NotFound("User")
	}
	return nil
}

// ClaimMail claims due mails in one statement: on PostgreSQL the rows
// other senders hold are skipped (FOR UPDATE SKIP LOCKED), on SQLite the
// single writer runs one claim at a time.
func (db *DB) ClaimMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]store.MailRecord, error) {
	if limit <= 0 {
		return nil, nil
	}
	claim := NewID(now)
	query := strings.Replace(outboxClaim, "%s", db.e.Lock(ForUpdateSkipLocked, ""), 1)
	var out []store.MailRecord
	err := db.e.Step(ctx, func(q Q) error {
		out = out[:0]
		rows, err := q.Query(ctx, query, TS(now), limit, claim, TS(now.Add(lease)), TS(now))
		if err != nil {
			return err
		}
		defer rows.Close()
		recs, err := Collect(rows, db.scanClaimed)
		if err != nil {
			return err
		}
		for i := range recs {
			recs[i].Claim = claim
		}
		out = recs
		return nil
	})
	if err != nil {
		return nil, db.errorf("claim mail", err)
	}
	return out, nil
}

// mailSealContext binds a mail's sealed data to its row.
func mailSealContext(id string) []byte { return []byte("mail_outbox.data:" + id) }

func (db *DB) scanClaimed(row Scanner) (store.MailRecord, error) {
	var r store.MailRecord
	var data, ics []byte
	var method string
	var created int64
	if err := row.Scan(&r.ID, &r.UserID, &r.To, &r.ToName, &r.Template, &data, &method, &ics, &r.Attempts, &created); err != nil {
		return r, err
	}
	r.CreatedAt = FromTS(created)
	if len(data) > 0 && data[0] != '{' && string(data) != "null" {
		if db.MailSeal == nil {
			return r, errors.New("mail data is sealed and this server has no key to open it")
		}
		var err error
		if data, err = db.MailSeal.Open(data, mailSealContext(r.ID)); err != nil {
			return r, err
		}
	}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &r.Data); err != nil {
			return r, err
		}
	}
	if r.Data == nil {
		r.Data = map[string]string{}
	}
	if method != "" {
		r.Calendar = &store.MailCalendar{Method: method, ICS: ics}
	}
	return r, nil
}

// FinishMail records claimed mails' outcomes in one transaction: one
// commit for a whole batch rather than one per mail.
func (db *DB) FinishMail(ctx context.Context, outcomes ...store.MailOutcome) error {
	for _, o := range outcomes {
		if o.Status != hiregate.MailSent && o.Status != hiregate.MailFailed && o.Status != hiregate.MailQueued {
			return hiregate.ValidationError(map[string]string{"status": "invalid"})
		}
	}
	err := db.write(ctx, len(outcomes) > 1, func(q Q) error {
		for _, o := range outcomes {
			var err error
			switch o.Status {
			case hiregate.MailSent:
				_, err = q.Exec(ctx, outboxDone, o.Status, o.Subject, "", TS(o.At), []byte{}, []byte{}, o.ID, o.Claim, true)
			case hiregate.MailFailed:
				_, err = q.Exec(ctx, outboxDone, o.Status, o.Subject, o.Error, nil, []byte{}, []byte{}, o.ID, o.Claim, false)
			default:
				_, err = q.Exec(ctx, outboxRetry, o.Subject, o.Error, TS(o.Retry), o.ID, o.Claim)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return db.errorf("finish mail", err)
	}
	return nil
}

// ListMail returns the mail log newest first.
func (db *DB) ListMail(ctx context.Context, f hiregate.MailFilter) ([]hiregate.MailItem, string, error) {
	if f.Status != "" && !f.Status.Valid() {
		return nil, "", hiregate.ValidationError(map[string]string{"status": "must be queued, sent or failed"})
	}
	q, err := NewPageQuery("list mail", mailSelect, MailNewest, f.Cursor, f.Limit)
	if err != nil {
		return nil, "", err
	}
	if f.Status != "" {
		q.Where(`status = ?`, f.Status)
	}
	return readPage(ctx, db, db.e.Read(), q, scanMailItem, func(m hiregate.MailItem) (time.Time, string) { return m.CreatedAt, m.ID })
}

func scanMailItem(row Scanner) (hiregate.MailItem, error) {
	var m hiregate.MailItem
	var created int64
	var sent *int64
	if err := row.Scan(&m.ID, &m.To, &m.Template, &m.Subject, &m.Status, &m.Attempts, &m.LastError, &created, &sent); err != nil {
		return m, err
	}
	m.CreatedAt = FromTS(created)
	if sent != nil {
		t := FromTS(*sent)
		m.SentAt = &t
	}
	return m, nil
}

// MailTemplateOverrides returns the stored overrides by name.
func (db *DB) MailTemplateOverrides(ctx context.Context) ([]store.MailTemplateRecord, error) {
	return readAll(ctx, db, "mail templates", func(row Scanner) (store.MailTemplateRecord, error) {
		var t store.MailTemplateRecord
		var at int64
		err := row.Scan(&t.Name, &t.Subject, &t.Body, &at)
		t.UpdatedAt = FromTS(at)
		return t, err
	}, `SELECT name, subject, body, updated_at FROM mail_templates ORDER BY name`)
}

// PutMailTemplate inserts or replaces an override.
func (db *DB) PutMailTemplate(ctx context.Context, t store.MailTemplateRecord) error {
	_, err := db.exec(ctx, "put mail template", `INSERT INTO mail_templates (name, subject, body, updated_at) VALUES (?, ?, ?, ?)
	ON CONFLICT (name) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at`,
		t.Name, t.Subject, t.Body, TS(t.UpdatedAt))
	return err
}

// DeleteMailTemplate removes an override.
func (db *DB) DeleteMailTemplate(ctx context.Context, name string) (bool, error) {
	n, err := db.exec(ctx, "delete mail template", `DELETE FROM mail_templates WHERE name = ?`, name)
	return n > 0, err
}
