package aboutyou_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/aboutyou"
	"github.com/hiregate/hiregate/tui/ui"
)

func screen(c *ui.Context, api *client.Client) ui.Component { return aboutyou.New(c, api) }

// TestAboutYouSaves: the screen says what it is for and who sees it,
// loads the candidate's answers, changes them with ←/→ and saves them;
// x and enter clear them all.
func TestAboutYouSaves(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	d := srv.Screen(testserver.Candidate, 80, 24, screen)
	v := d.WaitContains("Gender", "not answered")
	for _, want := range []string{"voluntary", "Nobody sees your answers", "Declining or skipping changes nothing"} {
		if !strings.Contains(v, want) {
			t.Errorf("screen lacks %q:\n%s", want, v)
		}
	}
	for _, line := range strings.Split(v, "\n") {
		if len([]rune(line)) > 80 {
			t.Errorf("line wider than 80: %q", line)
		}
	}
	d.Key("right")                  // gender: female
	d.Key("down", "right", "right") // ethnicity: white
	d.Key("down", "left")           // age: prefer not to say (wraps)
	d.WaitContains("‹ female ›", "‹ white ›", "‹ prefer not to say ›")
	d.Key("enter")
	d.WaitFor("saved", func(string) bool {
		got, err := srv.As(testserver.Candidate).Demographics(context.Background())
		return err == nil && got.Gender != nil && *got.Gender == "female" && *got.Ethnicity == "white" && *got.AgeBand == "decline"
	})

	// Opened again, it shows them; x then enter clears them.
	d2 := srv.Screen(testserver.Candidate, 80, 24, screen)
	d2.WaitContains("‹ female ›", "‹ white ›", "‹ prefer not to say ›")
	d2.Key("x")
	d2.WaitContains("‹ not answered ›")
	d2.Key("enter")
	d2.WaitFor("cleared", func(string) bool {
		got, err := srv.As(testserver.Candidate).Demographics(context.Background())
		return err == nil && got.Gender == nil && got.Ethnicity == nil && got.AgeBand == nil
	})
}
