package stagemove_test

import (
	"context"
	"slices"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/styles"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
	"github.com/hiregate/hiregate/tui/widgets/stagemove"
)

func mover(role hiregate.Role) *stagemove.Mover {
	c := uitest.Context(ui.Context{User: &hiregate.User{ID: "u1", Role: role}})
	return stagemove.New(c, nil) // no test here answers a question
}

func app(st hiregate.Stage) *hiregate.Application {
	return &hiregate.Application{ID: "a1", Status: st, Job: hiregate.JobRef{Title: "Go"}, Candidate: hiregate.CandidateRef{FullName: "Priya"}}
}

func TestForward(t *testing.T) {
	tests := []struct {
		role hiregate.Role
		from hiregate.Stage
		want []hiregate.Stage
	}{
		{hiregate.RoleRecruiter, hiregate.StageApplied, []hiregate.Stage{hiregate.StageScreening, hiregate.StageInterview, hiregate.StageOffer, hiregate.StageHired}},
		{hiregate.RoleAdmin, hiregate.StageOffer, []hiregate.Stage{hiregate.StageHired}},
		{hiregate.RoleRecruiter, hiregate.StageHired, nil},
		{hiregate.RoleCandidate, hiregate.StageApplied, nil},
	}
	for _, tt := range tests {
		if got := mover(tt.role).Forward(app(tt.from)); !slices.Equal(got, tt.want) {
			t.Errorf("Forward(%s, %s) = %v, want %v", tt.role, tt.from, got, tt.want)
		}
	}
}

func TestAsk(t *testing.T) {
	s := styles.New(true)
	tests := []struct {
		name       string
		role       hiregate.Role
		from, to   hiregate.Stage // to "" asks for the next stage
		wantRefuse string
		wantAsk    string
	}{
		{"Next", hiregate.RoleRecruiter, hiregate.StageApplied, "", "", "Move Priya to screening? (y/n)"},
		{"Chosen", hiregate.RoleRecruiter, hiregate.StageApplied, hiregate.StageOffer, "", "Move Priya to offer? (y/n)"},
		{"Reject", hiregate.RoleAdmin, hiregate.StageInterview, hiregate.StageRejected, "", "Reject Priya? ‹Not a fit› ←/→ · mail them (tab) (y/n)"},
		{"Withdraw", hiregate.RoleCandidate, hiregate.StageScreening, hiregate.StageWithdrawn, "", `Withdraw your application to "Go"? (y/n)`},
		{"ErrNextFinal", hiregate.RoleRecruiter, hiregate.StageHired, "", "Application is hired; its status can no longer change", ""},
		{"ErrRejectFinal", hiregate.RoleRecruiter, hiregate.StageRejected, hiregate.StageRejected, "Application is rejected; its status can no longer change", ""},
		{"ErrWithdrawFinal", hiregate.RoleCandidate, hiregate.StageWithdrawn, hiregate.StageWithdrawn, "Application is withdrawn; its status can no longer change", ""},
		{"ErrBackward", hiregate.RoleRecruiter, hiregate.StageOffer, hiregate.StageScreening, "Cannot move an application from offer to screening: stages only move forward", ""},
		{"ErrCandidateMoves", hiregate.RoleCandidate, hiregate.StageApplied, hiregate.StageScreening, "A candidate may only withdraw an application", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mover(tt.role)
			var refused string
			if tt.to == "" {
				refused = m.AskNext(app(tt.from))
			} else {
				refused = m.Ask(app(tt.from), tt.to)
			}
			if refused != tt.wantRefuse {
				t.Errorf("Ask(%s -> %q) refused = %q, want %q", tt.from, tt.to, refused, tt.wantRefuse)
			}
			if got := m.Confirm().View(s); got != tt.wantAsk || m.Active() != (tt.wantAsk != "") {
				t.Errorf("Ask(%s -> %q) asks %q (active %v), want %q", tt.from, tt.to, got, m.Active(), tt.wantAsk)
			}
		})
	}
}

// fakeAPI records the move it is asked for.
type fakeAPI struct {
	got *hiregate.UpdateApplicationRequest
}

func (f *fakeAPI) UpdateApplication(_ context.Context, _ string, r hiregate.UpdateApplicationRequest) (*hiregate.Application, error) {
	f.got = &r
	return &hiregate.Application{ID: "a1", Status: r.Status}, nil
}

// run runs cmd and every command of the batches it returns.
func run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	if b, ok := cmd().(tea.BatchMsg); ok {
		for _, c := range b {
			run(c)
		}
	}
}

func TestRejectAsksReasonAndMail(t *testing.T) {
	no, yes := false, true
	tests := []struct {
		name       string
		keys       []tea.KeyMsg
		wantReason hiregate.RejectReason
		wantNotify *bool
	}{
		{"Defaults", nil, hiregate.RejectNotAFit, &yes},
		{"NextReasonNoMail", []tea.KeyMsg{{Type: tea.KeyRight}, {Type: tea.KeyTab}}, hiregate.RejectPositionFilled, &no},
		{"WrapsLeft", []tea.KeyMsg{{Type: tea.KeyLeft}}, hiregate.RejectOther, &yes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &fakeAPI{}
			c := uitest.Context(ui.Context{User: &hiregate.User{ID: "u1", Role: hiregate.RoleRecruiter}})
			m := stagemove.New(c, api)
			if refused := m.Ask(app(hiregate.StageScreening), hiregate.StageRejected); refused != "" {
				t.Fatalf("Ask = %q", refused)
			}
			for _, k := range tt.keys {
				run(m.Update(k))
			}
			run(m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")}))
			if api.got == nil {
				t.Fatal("no move sent")
			}
			if api.got.Status != hiregate.StageRejected || api.got.Reason != tt.wantReason || *api.got.Notify != *tt.wantNotify {
				t.Errorf("sent %+v (notify %v), want reason %s notify %v", api.got, *api.got.Notify, tt.wantReason, *tt.wantNotify)
			}
			if m.Active() {
				t.Error("question still open after y")
			}
		})
	}
}
