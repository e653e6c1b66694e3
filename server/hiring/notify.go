package hiring

import (
	"context"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// The Data keys filled here are those the default templates document
// (server/mail/templates); the sender adds Name and PublicURL.

// notification is one mail to an application's candidate about a change,
// queued by notify in the change's own transaction.
type notification struct {
	template string
	app      *hiregate.Application
	data     map[string]string
}

// notify queues n for the candidate as a notification: the outbox keeps
// it only when their address is verified and they take notifications, in
// the same statement, and it commits or rolls back with tx.
func (s *Service) notify(ctx context.Context, tx store.Store, n notification) error {
	data := map[string]string{
		"JobTitle":      n.app.Job.Title,
		"ApplicationID": n.app.ID,
	}
	for k, v := range n.data {
		data[k] = v
	}
	return tx.QueueMail(ctx, store.MailRequest{
		UserID: n.app.Candidate.ID, ToName: n.app.Candidate.FullName,
		Template: n.template, Data: data, Notification: true,
	})
}

// receivedMail is the notification of a new application.
func receivedMail(a *hiregate.Application) notification {
	return notification{template: hiregate.MailTemplateApplicationReceived, app: a}
}

// moveMail is the notification of a move: rejected with its reason's
// words, stage_changed for every other stage.
func moveMail(a *hiregate.Application, reason hiregate.RejectReason) notification {
	if a.Status == hiregate.StageRejected {
		return notification{template: hiregate.MailTemplateRejected, app: a, data: map[string]string{"Reason": string(reason)}}
	}
	return notification{template: hiregate.MailTemplateStageChanged, app: a, data: map[string]string{"Stage": string(a.Status)}}
}

// messageMail is the candidate's copy of a message from the job's staff.
func messageMail(a *hiregate.Application, m *hiregate.Message) notification {
	return notification{template: hiregate.MailTemplateMessage, app: a, data: map[string]string{
		"From": m.Author.FullName, "Message": m.Body}}
}
