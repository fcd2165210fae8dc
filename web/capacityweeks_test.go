package web_test

import (
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestAppCapacityWeeks: the partner's capacity grid shows, per offer, the
// coming 8 weeks: a placement that starts in three weeks fills its
// day-part from that week on, not today.
func TestAppCapacityWeeks(t *testing.T) {
	env := appService(t)
	f := newProposalLoop(t, env) // an offer of kees with one place on ma-ochtend
	f.propose(t, env, plekwijzer.Today().Monday().AddDays(21))
	b := appTab(t)
	b.login(env.url, "kees", "/werkplekken")
	b.open(env.url + "/werkplekken/capaciteit")
	cells := eval[[]string](b, `[...document.querySelectorAll('#weken-`+f.offer+` tbody tr')].map(tr => tr.querySelector('th').innerText + ': ' + tr.querySelectorAll('td')[0].innerText)`)
	if len(cells) != 8 {
		t.Fatalf("%d weeks shown, want 8: %q", len(cells), cells)
	}
	for i, c := range cells {
		want := "0 van 1"
		if i >= 3 {
			want = "1 van 1, vol"
		}
		if got := c[len(c)-len(want):]; got != want {
			t.Errorf("week %d: %q, want %q on Monday morning", i, c, want)
		}
	}
	b.axe("capaciteit met komende weken")
}

// propose stores a voordracht of the loop's participant at its offer on
// Monday morning, from start.
func (f *proposalLoop) propose(t *testing.T, env *appEnv, start plekwijzer.Date) {
	t.Helper()
	proposed := plekwijzer.PlacementProposed
	pl, err := plekwijzer.NewPlacement{ParticipantID: &f.participant, OfferID: &f.offer,
		DayParts: &[]plekwijzer.DayPart{"ma-ochtend"}, StartDate: &start, Status: &proposed}.Placement()
	if err != nil {
		t.Fatal(err)
	}
	if err := env.db.CreatePlacement(env.ctx, pl); err != nil {
		t.Fatal(err)
	}
}
