package web

import (
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// Every value of every enumeration a page offers or shows has a Dutch
// label of its own: a code (werkplek-ziet-af) never reaches a person.
func TestEveryEnumHasALabel(t *testing.T) {
	for kind, values := range choices {
		if kind == "taalniveau" { // A0…C2 are the names people use
			continue
		}
		for _, v := range values {
			if l := label(kind, v); l == v || l == "" {
				t.Errorf("%s %q has no Dutch label", kind, v)
			}
		}
	}
	// The reasons of a cancellation include the one only the service
	// gives (verlopen), which no form offers.
	for _, r := range plekwijzer.CancelReasons {
		if l := label("annuleringsreden", r); l == r {
			t.Errorf("cancel reason %q has no Dutch label", r)
		}
	}
	reason := "werkplek-ziet-af"
	if got := label("annuleringsreden", &reason); got != "De werkplek ziet ervan af" {
		t.Errorf("label of a pointer: %q", got)
	}
	if got := label("annuleringsreden", (*string)(nil)); got != "" {
		t.Errorf("label of nil: %q", got)
	}
}

var (
	tagRE    = regexp.MustCompile(`<[^>]*>`)
	ddRE     = regexp.MustCompile(`(?s)<dt class="utrecht-data-list__item-key">([^<]*)</dt><dd class="utrecht-data-list__item-value">(.*?)</dd>`)
	spacesRE = regexp.MustCompile(`\s+`)
)

// visible is the text of some HTML as a person reads it.
func visible(s string) string {
	return strings.TrimSpace(spacesRE.ReplaceAllString(html.UnescapeString(tagRE.ReplaceAllString(s, " ")), " "))
}

// The placement page in every status, with every cancel reason and every
// outcome: the status line and the outcome say each value in Dutch, and
// nothing on the page is a raw code or a Go value ("0x…", "<nil>", "%!").
func TestPlacementPageSaysEveryValueInDutch(t *testing.T) {
	a, err := NewApp(http.NotFoundHandler(), nil, slog.New(slog.DiscardHandler), AppConfig{})
	if err != nil {
		t.Fatal(err)
	}
	render := func(pl plekwijzer.Placement) map[string]string {
		t.Helper()
		rec := httptest.NewRecorder()
		c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/plaatsingen/x", nil), rec)
		d := placementData{Pl: pl, Offer: plekwijzer.Offer{Title: "Fietsen repareren"}, Org: "Fietsenwerkplaats",
			CanStart: pl.Status.CanBecome(plekwijzer.PlacementActive), CanEnd: pl.Status.CanBecome(plekwijzer.PlacementCompleted),
			CanCancel: pl.Status.CanBecome(plekwijzer.PlacementCancelled)}
		if err := a.render(c, http.StatusOK, "plaatsing", &view{Title: "Plaatsing", Form: url.Values{}, Data: d}); err != nil {
			t.Fatal(err)
		}
		body := rec.Body.String()
		text := visible(body)
		for _, bad := range []string{"0x", "<nil>", "%!", "map[", "&{"} {
			if strings.Contains(text, bad) {
				t.Errorf("status %s: the page shows %q:\n%s", pl.Status, bad, text)
			}
		}
		items := map[string]string{}
		for _, m := range ddRE.FindAllStringSubmatch(body, -1) {
			items[m[1]] = visible(m[2])
		}
		return items
	}
	base := plekwijzer.Placement{ID: "p", ParticipantCode: "DN-0001", OfferID: "o", StartDate: "2026-03-02",
		DayParts: []plekwijzer.DayPart{"ma-ochtend", "wo-middag"}}
	for _, st := range plekwijzer.PlacementStatuses {
		pl := base
		pl.Status = st
		if got, want := render(pl)["Status"], label("plaatsingstatus", st); got != want {
			t.Errorf("status %s shown as %q, want %q", st, got, want)
		}
	}
	for _, r := range plekwijzer.CancelReasons {
		pl := base
		pl.Status = plekwijzer.PlacementCancelled
		pl.CancelReason = &r
		if got, want := render(pl)["Status"], "Geannuleerd – "+labels["annuleringsreden"][r]; got != want {
			t.Errorf("cancelled for %s shown as %q, want %q", r, got, want)
		}
	}
	for _, res := range plekwijzer.Results {
		for i, why := range plekwijzer.DropoutReasons {
			cause := plekwijzer.Causes[i%len(plekwijzer.Causes)]
			pl := base
			pl.Status = plekwijzer.PlacementDropout
			pl.Outcome = &plekwijzer.Outcome{Result: res, DropoutReason: why, CausedBy: cause, MissedHours: 3}
			want := labels["resultaat"][res] + "; uitval door: " + labels["uitvalreden"][why] + " (" + labels["veroorzaaktDoor"][cause] + "); 3 uur gemist"
			if got := render(pl)["Uitkomst"]; got != want {
				t.Errorf("outcome %s/%s/%s shown as %q, want %q", res, why, cause, got, want)
			}
		}
	}
}
