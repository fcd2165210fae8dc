package api_test

import (
	"net/http"
	"slices"
	"testing"
)

// noteList is GET /meldingen as the tests read it.
type noteList struct {
	Items []struct {
		ID      string  `json:"id"`
		Kind    string  `json:"soort"`
		Code    string  `json:"code"`
		Title   string  `json:"werkplekTitel"`
		Text    string  `json:"tekst"`
		Link    string  `json:"link"`
		ReadAt  *string `json:"gelezenOp"`
		Placing *string `json:"plaatsingId"`
	} `json:"items"`
	Total  int `json:"totaal"`
	Unread int `json:"ongelezen"`
}

func (e *env) notes(user string) noteList {
	e.t.Helper()
	var l noteList
	e.do("GET", "/api/v1/meldingen", user, nil).want(http.StatusOK).json(&l)
	return l
}

// notePausedOffer gives coach a notification through the API as it comes
// about: a placement at a new offer of orgB, which partner2 then pauses.
// It returns the notification's id.
func (e *env) notePausedOffer(code string) string {
	e.t.Helper()
	offer := e.roleCreate("/werkplekken", "partner2", roleOfferBody("", "Kringloop sorteren", "inpakken", "9723"))
	participant := e.roleCreate("/deelnemers", "coach", roleParticipantBody(code))
	e.roleCreate("/plaatsingen", "coach", rolePlacementBody(participant, offer, "di-ochtend"))
	e.do("PATCH", "/api/v1/werkplekken/"+offer, "partner2", map[string]any{"status": "gepauzeerd"}).want(http.StatusOK)
	l := e.notes("coach")
	for _, n := range l.Items {
		if n.Code == code {
			return n.ID
		}
	}
	e.t.Fatalf("no notification about %s after pausing its offer: %+v", code, l)
	return ""
}

// notificationsCRUD exercises every notification operation (TestCRUD
// checks each against the OpenAPI document).
func notificationsCRUD(t *testing.T, e *env) {
	id := e.notePausedOffer("NT-CRUD-01")
	e.do("PATCH", "/api/v1/meldingen/"+id, "coach", map[string]any{"gelezen": true}).want(http.StatusOK)
	e.do("POST", "/api/v1/meldingen/alles-gelezen", "coach", nil).want(http.StatusOK)
	e.do("GET", "/api/v1/mij/meldingsvoorkeuren", "partner", nil).want(http.StatusOK)
	e.do("PUT", "/api/v1/mij/meldingsvoorkeuren", "partner", map[string]any{"soorten": map[string]string{"bericht": "dagelijks"}, "uurDagelijks": 9}).want(http.StatusOK)
	e.do("GET", "/api/v1/meldingen/mislukt", "admin", nil).want(http.StatusOK)
}

// TestNotificationsAPI: a user reads and marks only their own
// notifications; the text carries the code and the offer title only; bad
// input names every field and changes nothing.
func TestNotificationsAPI(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		id := e.notePausedOffer("NT-API-01")
		l := e.notes("coach")
		if l.Total != 1 || l.Unread != 1 {
			t.Fatalf("coach: %d notifications, %d unread; want 1 and 1", l.Total, l.Unread)
		}
		n := l.Items[0]
		if n.Kind != "werkplek-gepauzeerd" || n.Title != "Kringloop sorteren" || n.Placing == nil || n.Link != "/plaatsingen/"+*n.Placing ||
			n.Text != "De werkplek Kringloop sorteren is gepauzeerd of gesloten; NT-API-01 heeft daar een voordracht of plaatsing." {
			t.Errorf("notification %+v", n)
		}
		if l := e.notes("coach2"); l.Total != 0 || l.Unread != 0 {
			t.Errorf("another coach sees %d notifications", l.Total)
		}
		if l := e.notes("partner2"); l.Total != 0 {
			t.Errorf("the partner who paused the offer is told about it: %d", l.Total)
		}

		// Another's notification does not exist for you.
		e.do("PATCH", "/api/v1/meldingen/"+id, "coach2", map[string]any{"gelezen": true}).want(http.StatusNotFound)
		e.do("PATCH", "/api/v1/meldingen/"+roleUnknownID, "coach", map[string]any{"gelezen": true}).want(http.StatusNotFound)
		// Bad input names every field and changes nothing.
		got := e.do("PATCH", "/api/v1/meldingen/"+id, "coach", map[string]any{"gelezen": "ja", "kleur": "rood"}).want(http.StatusBadRequest).invalidParams()
		slices.Sort(got)
		if !slices.Equal(got, []string{"gelezen", "kleur"}) {
			t.Errorf("invalid fields %v, want gelezen and kleur", got)
		}
		if got := e.do("PATCH", "/api/v1/meldingen/"+id, "coach", map[string]any{}).want(http.StatusBadRequest).invalidParams(); !slices.Equal(got, []string{"gelezen"}) {
			t.Errorf("empty body names %v", got)
		}
		if l := e.notes("coach"); l.Unread != 1 {
			t.Errorf("bad input changed the notification: %d unread", l.Unread)
		}
		e.do("GET", "/api/v1/meldingen?ongelezen=misschien", "coach", nil).want(http.StatusBadRequest)

		var read struct {
			ReadAt *string `json:"gelezenOp"`
		}
		e.do("PATCH", "/api/v1/meldingen/"+id, "coach", map[string]any{"gelezen": true}).want(http.StatusOK).json(&read)
		if read.ReadAt == nil {
			t.Error("read notification has no gelezenOp")
		}
		if l := e.notes("coach"); l.Unread != 0 || l.Total != 1 {
			t.Errorf("after reading: %d unread of %d", l.Unread, l.Total)
		}
		var unread noteList
		e.do("GET", "/api/v1/meldingen?ongelezen=true", "coach", nil).want(http.StatusOK).json(&unread)
		if len(unread.Items) != 0 {
			t.Errorf("ongelezen=true lists %d read notifications", len(unread.Items))
		}
		e.do("PATCH", "/api/v1/meldingen/"+id, "coach", map[string]any{"gelezen": false}).want(http.StatusOK)
		var all struct {
			Marked int `json:"gemarkeerd"`
		}
		e.do("POST", "/api/v1/meldingen/alles-gelezen", "coach", nil).want(http.StatusOK).json(&all)
		if all.Marked != 1 {
			t.Errorf("mark all read marked %d, want 1", all.Marked)
		}
	})
}

// TestNotificationPreferencesAPI: every kind is listed; a PUT replaces the
// choices; bad input names every field and changes nothing.
func TestNotificationPreferencesAPI(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		type prefs struct {
			Kinds map[string]string `json:"soorten"`
			Hour  int               `json:"uurDagelijks"`
		}
		var p prefs
		e.do("GET", "/api/v1/mij/meldingsvoorkeuren", "partner", nil).want(http.StatusOK).json(&p)
		if p.Hour != 8 || p.Kinds["voordracht-nieuw"] != "direct" || len(p.Kinds) < 8 {
			t.Fatalf("defaults %+v", p)
		}
		got := e.do("PUT", "/api/v1/mij/meldingsvoorkeuren", "partner", map[string]any{
			"soorten": map[string]string{"onzin": "direct", "bericht": "soms"}, "uurDagelijks": 25, "extra": 1,
		}).want(http.StatusBadRequest).invalidParams()
		slices.Sort(got)
		if want := []string{"extra", "soorten.bericht", "soorten.onzin", "uurDagelijks"}; !slices.Equal(got, want) {
			t.Errorf("invalid fields %v, want %v", got, want)
		}
		if got := e.do("PUT", "/api/v1/mij/meldingsvoorkeuren", "partner", map[string]any{}).want(http.StatusBadRequest).invalidParams(); !slices.Equal(got, []string{"uurDagelijks"}) {
			t.Errorf("empty PUT names %v", got)
		}
		e.do("PUT", "/api/v1/mij/meldingsvoorkeuren", "partner", map[string]any{
			"soorten": map[string]string{"bericht": "dagelijks", "antwoord": "uit"}, "uurDagelijks": 17,
		}).want(http.StatusOK).json(&p)
		if p.Hour != 17 || p.Kinds["bericht"] != "dagelijks" || p.Kinds["antwoord"] != "uit" || p.Kinds["voordracht-nieuw"] != "direct" {
			t.Errorf("stored %+v", p)
		}
		// A kind left out goes back to direct; another user is untouched.
		e.do("PUT", "/api/v1/mij/meldingsvoorkeuren", "partner", map[string]any{"uurDagelijks": 6}).want(http.StatusOK).json(&p)
		if p.Hour != 6 || p.Kinds["bericht"] != "direct" {
			t.Errorf("replaced %+v", p)
		}
		e.do("GET", "/api/v1/mij/meldingsvoorkeuren", "partner2", nil).want(http.StatusOK).json(&p)
		if p.Hour != 8 {
			t.Errorf("another user's hour changed to %d", p.Hour)
		}
	})
}

// TestUserEmail: users carry an e-mail address through the API, checked.
func TestUserEmail(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		got := e.do("POST", "/api/v1/gebruikers", "admin", map[string]any{"naam": "Anna", "rol": "coach", "email": "anna at example.org"}).
			want(http.StatusBadRequest).invalidParams()
		if !slices.Equal(got, []string{"email"}) {
			t.Errorf("invalid fields %v, want email", got)
		}
		for _, bad := range []string{"Anna <anna@example.org>", "anna@localhost", "anna@@example.org"} {
			e.do("POST", "/api/v1/gebruikers", "admin", map[string]any{"naam": "Anna", "rol": "coach", "email": bad}).want(http.StatusBadRequest)
		}
		u := e.do("POST", "/api/v1/gebruikers", "admin", map[string]any{"naam": "Anna", "rol": "coach", "email": "anna@example.org"}).want(http.StatusCreated).obj()
		if u["email"] != "anna@example.org" {
			t.Errorf("created %v", u)
		}
		id := u["id"].(string)
		e.do("PATCH", "/api/v1/gebruikers/"+id, "admin", map[string]any{"email": "a.devries@example.org"}).want(http.StatusOK)
		if got := e.do("GET", "/api/v1/gebruikers/"+id, "admin", nil).want(http.StatusOK).obj()["email"]; got != "a.devries@example.org" {
			t.Errorf("email after PATCH %v", got)
		}
		e.do("PATCH", "/api/v1/gebruikers/"+id, "admin", map[string]any{"email": ""}).want(http.StatusOK)
		if got := e.do("GET", "/api/v1/gebruikers/"+id, "admin", nil).want(http.StatusOK).obj()["email"]; got != "" {
			t.Errorf("email after clearing %v", got)
		}
	})
}
