package hiring

import (
	"context"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var errMessageNotFound = hiregate.Errorf(hiregate.ENOTFOUND, "Message not found")

// messagingApplication loads an application whose messages the caller may
// read and write (hiregate.MessageActor), or ENOTFOUND.
func (s *Service) messagingApplication(ctx context.Context, p *caller.Principal, id string) (*store.ApplicationRecord, hiregate.Actor, error) {
	a, actor, err := s.visibleApplication(ctx, p, id)
	if err != nil {
		return nil, 0, err
	}
	if !hiregate.Messages(actor) {
		return nil, 0, errApplicationNotFound
	}
	return a, actor, nil
}

// SendMessage writes a message on an application, from its candidate or
// the job's staff. When staff write, the candidate's mail copy is queued
// in the same transaction as the message, so a message that did not
// commit mails nobody.
func (s *Service) SendMessage(ctx context.Context, p *caller.Principal, applicationID string, req hiregate.CreateMessageRequest) (*hiregate.Message, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	a, actor, err := s.messagingApplication(ctx, p, applicationID)
	if err != nil {
		return nil, err
	}
	m := &hiregate.Message{ApplicationID: a.ID, Body: req.Body, Author: hiregate.MessageAuthor{ID: p.UserID}}
	err = s.st.Atomic(ctx, func(tx store.Store) error {
		if err := tx.CreateMessage(ctx, m, s.now()); err != nil {
			return err
		}
		if actor != hiregate.ActorRecruiter {
			return nil
		}
		return s.notify(ctx, tx, messageMail(&a.Application, m))
	})
	if err != nil {
		return nil, err
	}
	ev := events.MessageCreated(m, &a.Application, a.JobOwnerID)
	s.blindEvent(ctx, &ev, &a.Application)
	s.publish(ctx, ev, store.AudienceQuery{JobID: a.Job.ID, ApplicationID: a.ID})
	ms := []hiregate.Message{*m}
	if err := s.blindMessages(ctx, p, a, ms); err != nil {
		return nil, err
	}
	return &ms[0], nil
}

// blindMessages applies blind review to messages as to the application
// they are on: while it is masked for p, the candidate writes under the
// alias, and names, addresses, phone numbers and links in every message
// are hidden like those of the resume.
func (s *Service) blindMessages(ctx context.Context, p *caller.Principal, a *store.ApplicationRecord, ms []hiregate.Message) error {
	seen, err := s.blindOne(ctx, p, &a.Application)
	if err != nil || !seen.Blinded {
		return err
	}
	parts := hiregate.NameParts(a.Candidate.FullName)
	for i := range ms {
		if ms[i].Author.ID == a.Candidate.ID {
			ms[i].Author.FullName = seen.Candidate.FullName
		}
		ms[i].Body = hiregate.MaskText(ms[i].Body, parts)
	}
	return nil
}

// Messages lists an application's messages, oldest first.
func (s *Service) Messages(ctx context.Context, p *caller.Principal, applicationID string, limit int, cursor string) ([]hiregate.Message, string, error) {
	a, _, err := s.messagingApplication(ctx, p, applicationID)
	if err != nil {
		return nil, "", err
	}
	ms, next, err := s.st.ListMessages(ctx, a.ID, limit, cursor)
	if err != nil {
		return nil, "", err
	}
	if err := s.blindMessages(ctx, p, a, ms); err != nil {
		return nil, "", err
	}
	return ms, next, nil
}

// MarkMessagesRead records that the caller has read an application's
// messages up to one of them.
func (s *Service) MarkMessagesRead(ctx context.Context, p *caller.Principal, applicationID string, req hiregate.MarkReadRequest) error {
	if err := req.Validate(); err != nil {
		return err
	}
	a, _, err := s.messagingApplication(ctx, p, applicationID)
	if err != nil {
		return err
	}
	err = s.st.MarkMessagesRead(ctx, p.UserID, a.ID, req.MessageID)
	if hiregate.ErrorCode(err) == hiregate.ENOTFOUND {
		return errMessageNotFound
	}
	if err != nil {
		return err
	}
	s.pub.Publish(ctx, events.MessagesRead(p.UserID, &a.Application))
	return nil
}

// UnreadMessages counts the caller's unread messages on the named
// applications; those the caller may not read messages of are left out,
// as if they did not exist.
func (s *Service) UnreadMessages(ctx context.Context, p *caller.Principal, applicationIDs []string) ([]hiregate.UnreadCount, error) {
	if len(applicationIDs) > hiregate.MaxUnreadIDs {
		return nil, hiregate.ValidationError(map[string]string{"application_id": "at most 100 applications"})
	}
	recs, err := s.st.UnreadMessages(ctx, p.UserID, applicationIDs)
	if err != nil {
		return nil, err
	}
	out := []hiregate.UnreadCount{}
	rels := map[string]hiregate.JobRelation{} // per job: a page holds few
	for _, r := range recs {
		rel, seen := rels[r.JobID]
		if !seen {
			if rel, err = s.relation(ctx, p, r.JobID, ""); err != nil {
				return nil, err
			}
			rels[r.JobID] = rel
		}
		if _, ok := hiregate.MessageActor(p.UserID, p.Role, r.CandidateID, r.JobOwnerID, rel); ok {
			out = append(out, hiregate.UnreadCount{ApplicationID: r.ApplicationID, Unread: r.Unread})
		}
	}
	return out, nil
}
