package mail

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Admin serves the mail log and the template editor (admins only: the
// route table checks the role).
type Admin struct {
	db  store.Store
	now func() time.Time
}

// NewAdmin returns the service on db, on the clock now (nil: time.Now).
func NewAdmin(db store.Store, now func() time.Time) *Admin {
	if now == nil {
		now = time.Now
	}
	return &Admin{db: db, now: now}
}

// ListMail lists the outbox newest first: addresses, templates, subjects
// and outcomes, never a body, code or link.
func (a *Admin) ListMail(ctx context.Context, f hiregate.MailFilter) ([]hiregate.MailItem, string, error) {
	return a.db.ListMail(ctx, f)
}

// MailTemplates lists every template in hiregate.MailTemplateNames order,
// an admin's override where there is one.
func (a *Admin) MailTemplates(ctx context.Context) ([]hiregate.MailTemplate, error) {
	overrides, err := a.db.MailTemplateOverrides(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]store.MailTemplateRecord{}
	for _, o := range overrides {
		byName[o.Name] = o
	}
	out := make([]hiregate.MailTemplate, 0, len(hiregate.MailTemplateNames))
	for _, name := range hiregate.MailTemplateNames {
		out = append(out, view(name, byName))
	}
	return out, nil
}

func view(name string, overrides map[string]store.MailTemplateRecord) hiregate.MailTemplate {
	d := defaults[name]
	t := hiregate.MailTemplate{Name: name, Subject: d.Subject, Body: d.Body, Default: true, Keys: Keys(name)}
	if o, ok := overrides[name]; ok {
		t.Subject, t.Body, t.Default = o.Subject, o.Body, false
	}
	return t
}

// PutMailTemplate validates and stores an override (Validate says what
// is refused), audited with the template's name.
func (a *Admin) PutMailTemplate(ctx context.Context, actor *caller.Principal, name string, in hiregate.MailTemplateInput, ci caller.ClientInfo) (*hiregate.MailTemplate, error) {
	if err := Validate(name, in.Subject, in.Body); err != nil {
		return nil, err
	}
	rec := store.MailTemplateRecord{Name: name, Subject: in.Subject, Body: in.Body, UpdatedAt: a.now().UTC()}
	err := a.db.Atomic(ctx, func(tx store.Store) error {
		if err := tx.PutMailTemplate(ctx, rec); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, ci, "template="+name+" overridden")
	})
	if err != nil {
		return nil, err
	}
	t := view(name, map[string]store.MailTemplateRecord{name: rec})
	return &t, nil
}

// DeleteMailTemplate removes an override and returns the default now in
// force; removing none is not an error (the default is in force either
// way) and is not audited.
func (a *Admin) DeleteMailTemplate(ctx context.Context, actor *caller.Principal, name string, ci caller.ClientInfo) (*hiregate.MailTemplate, error) {
	if !hiregate.IsMailTemplate(name) {
		return nil, hiregate.Errorf(hiregate.ENOTFOUND, "Mail template not found")
	}
	err := a.db.Atomic(ctx, func(tx store.Store) error {
		removed, err := tx.DeleteMailTemplate(ctx, name)
		if err != nil || !removed {
			return err
		}
		return a.audit(ctx, tx, actor, ci, "template="+name+" restored to the default")
	})
	if err != nil {
		return nil, err
	}
	t := view(name, nil)
	return &t, nil
}

func (a *Admin) audit(ctx context.Context, tx store.Audit, actor *caller.Principal, ci caller.ClientInfo, detail string) error {
	return tx.RecordAudit(ctx, &hiregate.AuditEvent{At: a.now().UTC(), Type: hiregate.AuditMailTemplateChanged,
		UserID: actor.UserID, Email: actor.Email, IP: ci.IP, Detail: detail})
}
