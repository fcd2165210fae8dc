package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/seed"
)

// TestCRUD walks every operation of the API through its happy path, as the
// roles that use it would, on both engines; every answer is checked against
// the OpenAPI document. It ends by checking that every operation of the
// document was answered and validated, and that the document describes
// every route of the server.
func TestCRUD(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		fiets := seed.WorkTypeID("fietsenreparatie")
		groen := seed.WorkTypeID("groenvoorziening")
		var skills struct {
			Items  []plekwijzer.Skill `json:"items"`
			Source string             `json:"bron"`
		}
		e.do("GET", "/api/v1/vaardigheden?q=samenwerk", "coach", nil).want(200).json(&skills)
		if len(skills.Items) == 0 {
			t.Fatal("no skill matches 'samenwerk'")
		}
		if !strings.Contains(skills.Source, "ESCO classification of the European Commission") {
			t.Errorf("catalogue lists must carry the ESCO attribution, got %q", skills.Source)
		}
		skill := skills.Items[0].ID
		e.do("GET", "/api/v1/vaardigheden/"+skill, "partner", nil).want(200)

		// Organisations (beheerder).
		org := e.do("POST", "/api/v1/organisaties", "admin", map[string]any{
			"naam": "Zorgboerderij De Wierde", "soort": "sociale-onderneming", "postcode": "9781 AB", "plaats": "Bedum",
		}).want(http.StatusCreated)
		orgID := org.obj()["id"].(string)
		if got := org.obj()["postcode"]; got != "9781" {
			t.Errorf("postcode stored as %v, want the PC4 9781", got)
		}
		if loc := org.Header.Get("Location"); loc != "/api/v1/organisaties/"+orgID {
			t.Errorf("Location = %q", loc)
		}
		if org.Header.Get("ETag") != `"1"` {
			t.Errorf("ETag = %q, want \"1\"", org.Header.Get("ETag"))
		}
		e.do("GET", "/api/v1/organisaties/"+orgID, "manager", nil).want(200)
		var orgs struct {
			Items []plekwijzer.Organisation `json:"items"`
			Total int                       `json:"totaal"`
		}
		e.do("GET", "/api/v1/organisaties?soort=sociale-onderneming&q=wierde", "coach", nil).want(200).json(&orgs)
		if orgs.Total != 1 || orgs.Items[0].ID != orgID {
			t.Errorf("filter on soort and q: %+v", orgs)
		}
		upd := e.do("PATCH", "/api/v1/organisaties/"+orgID, "admin", map[string]any{"plaats": "Onderdendam"}, "If-Match", `"1"`).want(200).obj()
		if upd["plaats"] != "Onderdendam" || upd["naam"] != "Zorgboerderij De Wierde" || upd["versie"] != 2.0 {
			t.Errorf("partial update: %v", upd)
		}

		// Work types (beheerder).
		wt := e.do("POST", "/api/v1/werksoorten", "admin", map[string]any{
			"code": "imkerij", "naam": "Imkerij", "omschrijving": "Bijen verzorgen en honing slingeren.",
			"escoCodes": []string{"6123.1"}, "vaardigheden": []string{skill}, "fysiekeBelasting": "midden", "omgeving": "buiten",
		}).want(http.StatusCreated).obj()
		wtID := wt["id"].(string)
		e.do("GET", "/api/v1/werksoorten/"+wtID, "partner", nil).want(200)
		e.do("GET", "/api/v1/werksoorten?omgeving=buiten&q=imker", "coach", nil).want(200)
		e.do("PATCH", "/api/v1/werksoorten/"+wtID, "admin", map[string]any{"fysiekeBelasting": "laag"}).want(200)
		e.do("DELETE", "/api/v1/werksoorten/"+wtID, "admin", nil).want(http.StatusNoContent)
		e.do("GET", "/api/v1/werksoorten/"+wtID, "admin", nil).want(http.StatusNotFound)

		// Offers: a partner posts for its own organisation.
		offer := e.do("POST", "/api/v1/werkplekken", "partner", map[string]any{
			"titel": "Fietsen repareren in de werkplaats", "omschrijving": "Banden plakken, remmen afstellen.",
			"werksoortId": fiets, "vereisteVaardigheden": []string{}, "leerbareVaardigheden": []string{skill},
			"begeleiding": 3, "fysiekeBelasting": "midden", "capaciteit": map[string]int{"ma-ochtend": 2, "di-ochtend": 1},
			"postcode": "9713", "bereikbaarheid": map[string]bool{"ov": true, "rolstoel": true},
			"doelgroepen": []string{}, "ontwikkelplek": true,
		}).want(http.StatusCreated).obj()
		offerID := offer["id"].(string)
		if offer["organisatieId"] != e.orgA.ID || offer["status"] != "open" {
			t.Errorf("partner's new offer: %v", offer)
		}
		e.do("GET", "/api/v1/werkplekken/"+offerID, "coach", nil).want(200)
		e.do("GET", "/api/v1/werkplekken?werksoortId="+fiets+"&dagdeel=ma-ochtend&status=open&ontwikkelplek=true", "manager", nil).want(200)
		e.do("PATCH", "/api/v1/werkplekken/"+offerID, "partner", map[string]any{"capaciteit": map[string]int{"ma-ochtend": 2, "di-ochtend": 1, "wo-ochtend": 1}}).want(200)
		other := e.do("POST", "/api/v1/werkplekken", "admin", map[string]any{
			"organisatieId": orgID, "titel": "Tuin onderhouden", "werksoortId": groen, "begeleiding": 2,
			"fysiekeBelasting": "hoog", "capaciteit": map[string]int{"ma-middag": 1}, "postcode": "9781",
		}).want(http.StatusCreated).obj()
		e.do("DELETE", "/api/v1/werkplekken/"+other["id"].(string), "admin", nil).want(http.StatusNoContent)

		// Search finds the new offer, with its free places, once indexed.
		var found struct {
			Items []struct {
				Kind  string           `json:"soort"`
				ID    string           `json:"id"`
				Offer plekwijzer.Offer `json:"werkplek"`
			} `json:"items"`
			Facets map[string][]plekwijzer.FacetCount `json:"facetten"`
		}
		e.synced().do("GET", "/api/v1/zoeken?q=fietsen+repareren&dagdeel=ma-ochtend", "coach", nil).want(200).json(&found)
		if len(found.Items) == 0 || found.Items[0].ID != offerID || found.Items[0].Offer.Title != "Fietsen repareren in de werkplaats" {
			t.Errorf("search for the new offer: %+v", found.Items)
		}
		e.do("GET", "/api/v1/zoeken?q=fiets&postcode=9713&straalKm=5&soort=werkplek", "manager", nil).want(200)

		// Participants: a coach keeps a caseload.
		p := e.do("POST", "/api/v1/deelnemers", "coach", map[string]any{
			"code": "DN-2026-0001", "doelgroep": "statushouder", "fase": "ontwikkelplek",
			"beschikbaarheid": []string{"di-ochtend", "ma-ochtend"}, "postcode": "9725 AB", "maxReisafstandKm": 10,
			"vaardigheden": []map[string]any{{"id": skill, "niveau": 2}}, "interesses": []string{fiets},
			"vermijden": []string{seed.WorkTypeID("inpakken")}, "begeleidingsbehoefte": 2, "belastbaarheid": "midden",
			"taalniveau": "A2", "leerdoelen": []string{skill},
		}).want(http.StatusCreated).obj()
		pID := p["id"].(string)
		if p["coachId"] != e.users["coach"].ID || p["postcode"] != "9725" {
			t.Errorf("new participant: %v", p)
		}
		if got := fmt.Sprint(p["beschikbaarheid"]); got != "[ma-ochtend di-ochtend]" {
			t.Errorf("availability in calendar order: %s", got)
		}
		e.do("GET", "/api/v1/deelnemers/"+pID, "coach", nil).want(200)
		var ps struct {
			Total int `json:"totaal"`
		}
		e.do("GET", "/api/v1/deelnemers?doelgroep=statushouder&dagdeel=ma-ochtend", "coach", nil).want(200).json(&ps)
		if ps.Total != 1 {
			t.Errorf("caseload filter: %d participants", ps.Total)
		}
		e.do("PATCH", "/api/v1/deelnemers/"+pID, "coach", map[string]any{"fase": "beschut", "wachtendSinds": "2026-11-01"}, "If-Match", `"1"`).want(200)

		// Matching: the offer fits the participant, and the reverse.
		var matches struct {
			Items []struct {
				Offer   plekwijzer.Offer `json:"werkplek"`
				Reasons []string         `json:"redenen"`
			} `json:"items"`
		}
		e.do("GET", "/api/v1/deelnemers/"+pID+"/matches?aantal=5&diversiteit=0.5", "coach", nil).want(200).json(&matches)
		if len(matches.Items) != 1 || matches.Items[0].Offer.ID != offerID || !slices.Contains(matches.Items[0].Reasons, "Past bij interesse: fietsenreparatie") {
			t.Errorf("matches: %+v", matches.Items)
		}
		e.do("GET", "/api/v1/deelnemers/"+pID+"/werksoorten?aantal=3", "coach", nil).want(200)
		e.do("GET", "/api/v1/werkplekken/"+offerID+"/kandidaten", "coach", nil).want(200)
		e.do("GET", "/api/v1/werkplekken/"+offerID+"/vrij?vanaf=2026-03-02&weken=2", "coach", nil).want(200)
		e.do("GET", "/api/v1/werkplekken/"+offerID+"/kandidaten?eigen=true", "coach", nil).want(200)
		e.do("GET", "/api/v1/passend", "coach", nil).want(200)
		e.do("GET", "/api/v1/organisaties/"+e.orgA.ID+"/contactpersonen", "coach", nil).want(200)
		e.do("GET", "/api/v1/statistieken/vraag", "manager", nil).want(200)
		e.do("GET", "/api/v1/coaches", "coach", nil).want(200)
		e.do("POST", "/api/v1/planningen", "coach", map[string]any{"deelnemers": []string{pID}, "dagdelen": 1}).want(200)
		e.do("GET", "/api/v1/deelnemers/"+pID+"/export", "coach", nil).want(200)
		e.do("GET", "/api/v1/audit?deelnemerId="+pID+"&vanaf=2026-01-01", "admin", nil).want(200)
		e.do("GET", "/api/v1/bewaartermijn", "admin", nil).want(200)
		e.do("GET", "/api/v1/publiek/werkplekken?werksoort=fietsenreparatie", "", nil).want(200)
		e.do("GET", "/api/v1/publiek/werksoorten", "", nil).want(200)

		// Placements: the coach books, the partner records the outcome.
		pl := e.do("POST", "/api/v1/plaatsingen", "coach", map[string]any{
			"deelnemerId": pID, "werkplekId": offerID, "dagdelen": []string{"ma-ochtend", "di-ochtend"},
			"startdatum": "2026-12-01", "einddatum": "2027-05-31",
		}).want(http.StatusCreated).obj()
		plID := pl["id"].(string)
		if pl["status"] != "voorgesteld" || pl["deelnemerCode"] != "DN-2026-0001" {
			t.Errorf("new placement: %v", pl)
		}
		e.do("GET", "/api/v1/plaatsingen/"+plID, "partner", nil).want(200)
		e.do("GET", "/api/v1/plaatsingen?werkplekId="+offerID+"&status=voorgesteld", "coach", nil).want(200)
		e.do("GET", "/api/v1/plaatsingen", "partner", nil).want(200)
		// The voordracht: an intake, the thread, the figures.
		e.do("POST", "/api/v1/plaatsingen/"+plID+"/antwoord", "partner", map[string]any{"besluit": "kennismaken",
			"kennismakingOp": time.Now().Add(48 * time.Hour), "kennismakingPlaats": "De werkplaats"}).want(200)
		e.do("POST", "/api/v1/plaatsingen/"+plID+"/kennismaking", "coach", map[string]any{"besluit": "akkoord"}).want(200)
		e.do("POST", "/api/v1/plaatsingen/"+plID+"/berichten", "coach", map[string]any{"tekst": "Tot dan!"}).want(http.StatusCreated)
		e.do("GET", "/api/v1/plaatsingen/"+plID+"/berichten", "partner", nil).want(200)
		e.do("GET", "/api/v1/statistieken/voordrachten", "manager", nil).want(200)
		e.do("PATCH", "/api/v1/plaatsingen/"+plID, "coach", map[string]any{"status": "actief"}).want(200)
		ended := e.do("PATCH", "/api/v1/plaatsingen/"+plID, "partner", map[string]any{
			"status": "afgerond", "einddatum": "2027-03-31",
			"uitkomst": map[string]any{"resultaat": "vervolgplek", "gemisteUren": 6},
		}).want(200).obj()
		if ended["status"] != "afgerond" || ended["deelnemerId"] != nil {
			t.Errorf("ended placement as seen by the partner: %v", ended)
		}

		// Users and tokens (beheerder).
		u := e.do("POST", "/api/v1/gebruikers", "admin", map[string]any{"naam": "Coach Anna", "rol": "coach"}).want(http.StatusCreated).obj()
		uID := u["id"].(string)
		e.do("GET", "/api/v1/gebruikers?rol=coach", "admin", nil).want(200)
		e.do("GET", "/api/v1/gebruikers/"+uID, "admin", nil).want(200)
		e.do("PATCH", "/api/v1/gebruikers/"+uID, "admin", map[string]any{"naam": "Coach Anna B."}).want(200)
		tok := e.do("POST", "/api/v1/gebruikers/"+uID+"/tokens", "admin", map[string]any{"naam": "laptop"}).want(http.StatusCreated).obj()
		secret := tok["token"].(string)
		me := e.do("GET", "/api/v1/mij", secret, nil).want(200).obj()
		if me["id"] != uID {
			t.Errorf("the new token belongs to %v", me["id"])
		}
		var toks []map[string]any
		e.do("GET", "/api/v1/gebruikers/"+uID+"/tokens", "admin", nil).want(200).json(&toks)
		if len(toks) != 1 || toks[0]["token"] != nil {
			t.Errorf("token list must not show secrets: %v", toks)
		}
		e.do("DELETE", "/api/v1/gebruikers/"+uID+"/tokens/"+tok["id"].(string), "admin", nil).want(http.StatusNoContent)
		e.do("GET", "/api/v1/mij", secret, nil).want(http.StatusUnauthorized)
		e.do("DELETE", "/api/v1/gebruikers/"+uID, "admin", nil).want(http.StatusNoContent)

		// Deleting a participant keeps the placement, anonymous.
		e.do("DELETE", "/api/v1/deelnemers/"+pID, "coach", nil).want(http.StatusNoContent)
		e.do("GET", "/api/v1/deelnemers/"+pID, "coach", nil).want(http.StatusNotFound)
		anon := e.do("GET", "/api/v1/plaatsingen/"+plID, "admin", nil).want(200).obj()
		if anon["deelnemerId"] != nil || anon["deelnemerCode"] != "" {
			t.Errorf("placement after erasure: %v", anon)
		}
		e.do("DELETE", "/api/v1/organisaties/"+orgID, "admin", nil).want(http.StatusNoContent)
		e.do("GET", "/api/v1/openapi.json", "", nil).want(200)

		// Capacity: contingents, timelines, the waiting list, statistics.
		capacityCRUD(t, e)

		// Notifications and the choices for their mail.
		notificationsCRUD(t, e)

		// Attendance per day-part date.
		f := newRoleFixtures(e)
		attendanceCRUD(t, e, f)

		// Evaluations: the werkplek's part and the coach's.
		evaluationsCRUD(t, e, f)
	})
	checkEveryOperation(t)
}

// checkEveryOperation fails unless every operation in the document was
// answered and validated, and every route of the server is documented.
func checkEveryOperation(t *testing.T) {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPISpec)
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			op := method + " " + path
			documented[op] = true
			checkedMu.Lock()
			ok := checked[op]
			checkedMu.Unlock()
			if !ok {
				t.Errorf("operation %s was not exercised and validated", op)
			}
		}
	}
	srv, err := api.New(nil, nil, api.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Routes() {
		path := strings.TrimPrefix(r.Path, "/api/v1")
		parts := strings.Split(path, "/")
		for i, p := range parts {
			if strings.HasPrefix(p, ":") {
				parts[i] = "{" + p[1:] + "}"
			}
		}
		op := r.Method + " " + strings.Join(parts, "/")
		if !documented[op] && !slices.Contains([]string{"HEAD", "OPTIONS"}, r.Method) {
			t.Errorf("route %s is not in the OpenAPI document", op)
		}
	}
}
