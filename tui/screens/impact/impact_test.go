package impact_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/impact"
	"github.com/hiregate/hiregate/tui/ui"
)

// TestImpactFlags: five women of whom four reach interview and five men
// of whom two do: the men's ratio (0.40 / 0.80 = 0.50) is flagged, and a
// group under five shows <5.
func TestImpactFlags(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	job := srv.AddJob(testserver.Recruiter, "Fair Engineer", "Remote")
	add := func(i int, gender string, reach bool) {
		email := fmt.Sprintf("c%d@example.com", i)
		srv.AddUser(email, fmt.Sprintf("Cand %d", i), hiregate.RoleCandidate)
		g := gender
		age := "25_34"
		if _, err := srv.As(email).PutDemographics(context.Background(), hiregate.DemographicsRequest{Gender: &g, AgeBand: &age}); err != nil {
			t.Fatal(err)
		}
		a := srv.Apply(email, job)
		if reach {
			srv.Move(testserver.Recruiter, a.ID, hiregate.StageInterview)
		}
	}
	for i := range 5 {
		add(i, "female", i < 4)
		add(10+i, "male", i < 2)
	}
	add(20, "non_binary", true)

	d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return impact.New(c, api) })
	v := d.WaitContains("Selected = reached interview", "female", "80%", "0.50", "⚑")
	for _, line := range strings.Split(v, "\n") {
		if len([]rune(line)) > 80 {
			t.Errorf("line wider than 80: %q", line)
		}
		if strings.Contains(line, "non binary") && !strings.Contains(line, "<5") {
			t.Errorf("a group of one is not suppressed: %q", line)
		}
		if strings.Contains(line, "female") && strings.Contains(line, "⚑") {
			t.Errorf("the reference group is flagged: %q", line)
		}
	}
	d.Key("b")
	d.WaitContains("scored above their job's median")
}
