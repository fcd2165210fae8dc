package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
)

// badCase is one request with bad input and the answer it must get: a
// problem+json with the status, exactly the invalidParams names (order does
// not matter), and the extra members a conflict carries. The database must be
// the same before and after.
type badCase struct {
	name   string
	method string
	path   string
	user   string   // "" means admin
	body   *string  // nil sends no body; placeholders <name> are filled in
	hdr    []string // header name/value pairs
	status int
	params []string // exactly these invalidParams names, in any order
	// mayAlso lists names that may appear besides params: the JSON decoder
	// reports only the first problem inside one nested object, so a second
	// problem in the same object may or may not be named.
	mayAlso []string
	extra   map[string]any // problem members besides the RFC 9457 ones
	exists  string         // a path that must still answer 200 afterwards
}

// badBody returns a pointer to a raw request body.
func badBody(s string) *string { return &s }

// badMerge overlays the members of the JSON object patch on the JSON object
// base and returns the result: a way to write "a valid body except for …".
func badMerge(base, patch string) *string {
	var m, p map[string]json.RawMessage
	if err := json.Unmarshal([]byte(base), &m); err != nil {
		panic("base: " + err.Error())
	}
	if err := json.Unmarshal([]byte("{"+patch+"}"), &p); err != nil {
		panic("patch: " + err.Error())
	}
	for k, v := range p {
		m[k] = v
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // keep the <name> placeholders as they are
	if err := enc.Encode(m); err != nil {
		panic(err)
	}
	return badBody(strings.TrimSpace(b.String()))
}

// Valid bodies the cases break one or more fields of. <name> placeholders are
// filled in with the ids of the fixtures.
const (
	badOrganisation = `{"naam":"Groene Vingers","soort":"sociale-onderneming","postcode":"9711","plaats":"Groningen"}`
	badWorkType     = `{"code":"nieuwe-werksoort","naam":"Nieuwe werksoort","omschrijving":"Iets nieuws.",
		"escoCodes":["7234.1"],"vaardigheden":["<skill1>"],"fysiekeBelasting":"laag","omgeving":"binnen"}`
	badOffer = `{"organisatieId":"<orgA>","titel":"Fietsen maken","werksoortId":"<fiets>","begeleiding":2,
		"fysiekeBelasting":"midden","capaciteit":{"ma-ochtend":1},"postcode":"9713",
		"bereikbaarheid":{"ov":true,"rolstoel":false},"doelgroepen":[]}`
	badParticipant = `{"code":"DN-100","doelgroep":"statushouder","fase":"voortraject","beschikbaarheid":["ma-ochtend"],
		"postcode":"9713","maxReisafstandKm":10,"begeleidingsbehoefte":2,"belastbaarheid":"midden","taalniveau":"A2"}`
	badPlacement = `{"deelnemerId":"<p2>","werkplekId":"<offer>","dagdelen":["di-ochtend"],"startdatum":"2030-02-04"}`
)

// badMissingID and badMissingID2 are well-formed ids that nothing has.
const (
	badMissingID  = "3f2c9a6e-5b1d-4c7e-9f00-000000000001"
	badMissingID2 = "3f2c9a6e-5b1d-4c7e-9f00-000000000002"
)

func TestBadInput(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		// Fixtures, made through the API as a client would.
		fiets := seed.WorkTypeID("fietsenreparatie")
		inpakken := seed.WorkTypeID("inpakken")
		skill1 := seed.SkillID("http://data.europa.eu/esco/skill/316df5b7-31c4-4f4e-ae69-aad1b873b995")
		skill2 := seed.SkillID("http://data.europa.eu/esco/skill/87af00b5-30fa-41c8-bfa5-357f22c8d589")
		orgC := e.do("POST", "/api/v1/organisaties", "admin", map[string]any{
			"naam": "Werkplaats Zuid", "soort": "afdeling", "postcode": "9723", "plaats": "Groningen",
		}).want(http.StatusCreated).obj()["id"].(string)
		offer := e.do("POST", "/api/v1/werkplekken", "admin", map[string]any{
			"organisatieId": e.orgA.ID, "titel": "Fietsenwerkplaats", "werksoortId": fiets, "begeleiding": 2,
			"fysiekeBelasting": "midden", "capaciteit": map[string]int{"ma-ochtend": 1, "di-ochtend": 2},
			"postcode": "9713", "vereisteVaardigheden": []string{skill1},
		}).want(http.StatusCreated).obj()["id"].(string)
		offerC := e.do("POST", "/api/v1/werkplekken", "admin", map[string]any{
			"organisatieId": orgC, "titel": "Inpakafdeling", "werksoortId": inpakken, "begeleiding": 3,
			"fysiekeBelasting": "laag", "capaciteit": map[string]int{"wo-ochtend": 2}, "postcode": "9723",
		}).want(http.StatusCreated).obj()["id"].(string)
		participant := func(code string) string {
			return e.do("POST", "/api/v1/deelnemers", "coach", map[string]any{
				"code": code, "doelgroep": "statushouder", "fase": "voortraject",
				"beschikbaarheid": []string{"ma-ochtend", "di-ochtend"}, "postcode": "9713",
				"maxReisafstandKm": 10, "begeleidingsbehoefte": 2, "belastbaarheid": "midden",
			}).want(http.StatusCreated).obj()["id"].(string)
		}
		p1, p2 := participant("DN-001"), participant("DN-002")
		placement := e.do("POST", "/api/v1/plaatsingen", "coach", map[string]any{
			"deelnemerId": p1, "werkplekId": offer, "dagdelen": []string{"ma-ochtend"}, "startdatum": "2030-01-07",
		}).want(http.StatusCreated).obj()["id"].(string)

		fill := strings.NewReplacer(
			"<orgA>", e.orgA.ID, "<orgC>", orgC, "<fiets>", fiets, "<inpakken>", inpakken,
			"<skill1>", skill1, "<skill2>", skill2, "<offer>", offer, "<OFFER>", strings.ToUpper(offer), "<offerC>", offerC,
			"<p1>", p1, "<p2>", p2, "<placement>", placement, "<missing>", badMissingID, "<missing2>", badMissingID2,
			"<coach>", e.users["coach"].ID, "<manager>", e.users["manager"].ID,
		)
		huge := `{"naam":"` + strings.Repeat("a", 100<<10) + `","soort":"overig","postcode":"9711","plaats":"Groningen"}`
		textPlain := []string{"Content-Type", "text/plain"}
		noType := []string{"Content-Type", ""}

		cases := []badCase{
			// The body is not one JSON object.
			{name: "malformed JSON", method: "POST", path: "/organisaties", body: badBody(`{"naam":`),
				status: 400, params: []string{"body"}},
			{name: "array instead of object", method: "POST", path: "/werkplekken", body: badBody(`[` + badOffer + `]`),
				status: 400, params: []string{"body"}},
			{name: "two JSON values", method: "POST", path: "/organisaties", body: badBody(badOrganisation + ` {}`),
				status: 400, params: []string{"body"}},
			{name: "trailing garbage after the object", method: "POST", path: "/organisaties", body: badBody(badOrganisation + `]`),
				status: 400, params: []string{"body"}},
			{name: "empty body", method: "POST", path: "/deelnemers", user: "coach", body: badBody(``),
				status: 400, params: []string{"body"}},
			{name: "null body", method: "POST", path: "/werksoorten", body: badBody(`null`),
				status: 400, params: []string{"body"}},
			{name: "malformed JSON in a PATCH", method: "PATCH", path: "/werkplekken/<offer>", body: badBody(`{"titel":"x"`),
				status: 400, params: []string{"body"}},

			// Unknown fields and wrong types, named together with the
			// validation problems of the other fields.
			{name: "unknown top-level field", method: "POST", path: "/organisaties",
				body: badMerge(badOrganisation, `"telefoon":"050-1234567"`), status: 400, params: []string{"telefoon"}},
			{name: "unknown nested field", method: "POST", path: "/werkplekken",
				body: badMerge(badOffer, `"bereikbaarheid":{"ov":true,"x":1}`), status: 400, params: []string{"bereikbaarheid.x"}},
			{name: "unknown fields at two levels and a validation problem", method: "POST", path: "/werkplekken",
				body:   badMerge(badOffer, `"foo":1,"bereikbaarheid":{"x":1},"begeleiding":9`),
				status: 400, params: []string{"foo", "bereikbaarheid.x", "begeleiding"}},
			{name: "two problems in one nested object: the first is named", method: "POST", path: "/werkplekken",
				body:   badMerge(badOffer, `"bereikbaarheid":{"x":1,"rolstoel":"ja"}`),
				status: 400, params: []string{"bereikbaarheid.x"}, mayAlso: []string{"bereikbaarheid.rolstoel"}},
			{name: "type error in titel and begeleiding out of range", method: "POST", path: "/werkplekken",
				body: badMerge(badOffer, `"titel":5,"begeleiding":9`), status: 400, params: []string{"titel", "begeleiding"}},
			{name: "begeleiding as text", method: "POST", path: "/werkplekken",
				body: badMerge(badOffer, `"begeleiding":"veel"`), status: 400, params: []string{"begeleiding"}},
			{name: "begeleiding as a fraction", method: "POST", path: "/werkplekken",
				body: badMerge(badOffer, `"begeleiding":2.5`), status: 400, params: []string{"begeleiding"}},
			// The decoder does not say which map key held the wrong type,
			// so the whole map is named.
			{name: "capacity as text, with a bad postcode", method: "POST", path: "/werkplekken",
				body:   badMerge(badOffer, `"capaciteit":{"ma-ochtend":"twee"},"postcode":"12345"`),
				status: 400, params: []string{"capaciteit", "postcode"}},
			{name: "rolstoel and beschikbaarheid of the wrong type, with a BSN as code", method: "POST", path: "/deelnemers", user: "coach",
				body:   badMerge(badParticipant, `"rolstoel":"ja","beschikbaarheid":"ma-ochtend","code":"123456789"`),
				status: 400, params: []string{"rolstoel", "beschikbaarheid", "code"}},
			{name: "no day-part, waiting since 2099", method: "POST", path: "/deelnemers", user: "coach",
				body:   badMerge(badParticipant, `"beschikbaarheid":[],"wachtendSinds":"2099-01-01"`),
				status: 400, params: []string{"beschikbaarheid", "wachtendSinds"}},
			{name: "waiting since before 1900", method: "POST", path: "/deelnemers", user: "coach",
				body: badMerge(badParticipant, `"wachtendSinds":"1899-12-31"`), status: 400, params: []string{"wachtendSinds"}},
			{name: "type error inside a list element is named with its index", method: "POST", path: "/deelnemers", user: "coach",
				body:   badMerge(badParticipant, `"vaardigheden":[{"id":"<skill1>","niveau":1},{"id":"<skill2>","niveau":"hoog"}]`),
				status: 400, params: []string{"vaardigheden[1].niveau"}},
			{name: "field names are case-sensitive", method: "POST", path: "/organisaties",
				body: badMerge(badOrganisation, `"Naam":"x"`), status: 400, params: []string{"Naam"}},
			{name: "PATCH with a type error and a validation problem", method: "PATCH", path: "/werkplekken/<offer>",
				body: badBody(`{"titel":5,"begeleiding":9}`), status: 400, params: []string{"titel", "begeleiding"}},
			{name: "PATCH with an unknown field", method: "PATCH", path: "/deelnemers/<p1>", user: "coach",
				body: badBody(`{"naam":"Jan"}`), status: 400, params: []string{"naam"}},

			// Values out of range.
			{name: "organisation: every field wrong", method: "POST", path: "/organisaties",
				body: badBody(`{"naam":" ","soort":"bedrijf","postcode":"12345"}`), status: 400,
				params: []string{"naam", "soort", "postcode", "plaats"}},
			{name: "organisation: postcode area that does not exist", method: "POST", path: "/organisaties",
				body: badMerge(badOrganisation, `"postcode":"1000"`), status: 400, params: []string{"postcode"}},
			{name: "work type: every field wrong", method: "POST", path: "/werksoorten",
				body:   badBody(`{"code":"Fiets Reparatie","escoCodes":["abc"],"vaardigheden":["x"],"fysiekeBelasting":"zwaar"}`),
				status: 400, params: []string{"code", "naam", "escoCodes[0]", "vaardigheden[0]", "fysiekeBelasting", "omgeving"}},
			{name: "offer: begeleiding 9", method: "POST", path: "/werkplekken",
				body: badMerge(badOffer, `"begeleiding":9`), status: 400, params: []string{"begeleiding"}},
			{name: "offer: begeleiding 0, negative and unknown capacity, unknown doelgroep, bad postcode", method: "POST", path: "/werkplekken",
				body:   badMerge(badOffer, `"begeleiding":0,"capaciteit":{"ma-ochtend":-1,"za-ochtend":1},"doelgroepen":["iedereen"],"postcode":"12345"`),
				status: 400, params: []string{"begeleiding", "capaciteit.ma-ochtend", "capaciteit.za-ochtend", "doelgroepen[0]", "postcode"}},
			{name: "offer: postcode area that does not exist, doelgroep twice, unknown status", method: "POST", path: "/werkplekken",
				body:   badMerge(badOffer, `"postcode":"1000","doelgroepen":["statushouder","statushouder"],"status":"dicht"`),
				status: 400, params: []string{"postcode", "doelgroepen[1]", "status"}},
			{name: "offer: title missing and too much capacity", method: "POST", path: "/werkplekken",
				body: badMerge(badOffer, `"titel":null,"capaciteit":{"vr-middag":501}`), status: 400,
				params: []string{"titel", "capaciteit.vr-middag"}},
			{name: "participant: every range at once", method: "POST", path: "/deelnemers", user: "coach",
				body: badMerge(badParticipant, `"code":"123456789","doelgroep":"onbekend","fase":"klaar",
					"beschikbaarheid":["ma-ochtend","za-ochtend","ma-ochtend"],"postcode":"1000","maxReisafstandKm":500,
					"vaardigheden":[{"id":"<skill1>","niveau":4}],"interesses":["<fiets>"],"vermijden":["<fiets>"],
					"begeleidingsbehoefte":5,"belastbaarheid":"zwaar","taalniveau":"D1"`),
				status: 400, params: []string{"code", "doelgroep", "fase", "beschikbaarheid[1]", "beschikbaarheid[2]",
					"postcode", "maxReisafstandKm", "vaardigheden[0].niveau", "vermijden[0]", "begeleidingsbehoefte",
					"belastbaarheid", "taalniveau"}},
			{name: "participant: code that looks like a BSN", method: "POST", path: "/deelnemers", user: "coach",
				body: badMerge(badParticipant, `"code":"123456789"`), status: 400, params: []string{"code"}},
			{name: "participant: a day-part twice", method: "POST", path: "/deelnemers", user: "coach",
				body: badMerge(badParticipant, `"beschikbaarheid":["ma-ochtend","di-middag","ma-ochtend"]`), status: 400,
				params: []string{"beschikbaarheid[2]"}},
			{name: "participant: an interest that is also avoided", method: "POST", path: "/deelnemers", user: "coach",
				body: badMerge(badParticipant, `"interesses":["<inpakken>","<fiets>"],"vermijden":["<fiets>"]`), status: 400,
				params: []string{"vermijden[0]"}},
			{name: "participant: unknown doelgroep", method: "POST", path: "/deelnemers", user: "coach",
				body: badMerge(badParticipant, `"doelgroep":"gepensioneerd"`), status: 400, params: []string{"doelgroep"}},
			{name: "participant: code too short, negative distance, malformed ids", method: "POST", path: "/deelnemers", user: "coach",
				body:   badMerge(badParticipant, `"code":"ab","maxReisafstandKm":-1,"interesses":["abc"],"leerdoelen":["<skill1>","<skill1>"]`),
				status: 400, params: []string{"code", "maxReisafstandKm", "interesses[0]", "leerdoelen[1]"}},

			// References to ids that do not exist.
			{name: "offer: unknown organisation, work type and skill", method: "POST", path: "/werkplekken",
				body:   badMerge(badOffer, `"organisatieId":"<missing>","werksoortId":"<missing>","vereisteVaardigheden":["<skill1>","<missing>"]`),
				status: 400, params: []string{"organisatieId", "werksoortId", "vereisteVaardigheden[1]"}},
			{name: "offer PATCH: unknown work type", method: "PATCH", path: "/werkplekken/<offer>",
				body: badBody(`{"werksoortId":"<missing>","leerbareVaardigheden":["<missing>"]}`), status: 400,
				params: []string{"werksoortId", "leerbareVaardigheden[0]"}},
			{name: "participant: unknown referrer, skill, work types, and a coach that is no coach", method: "POST", path: "/deelnemers",
				body: badMerge(badParticipant, `"coachId":"<manager>","verwijzerId":"<missing>","vaardigheden":[{"id":"<missing>","niveau":2}],
					"interesses":["<missing>"],"vermijden":["<fiets>","<missing2>"],"leerdoelen":["<missing>"]`),
				status: 400, params: []string{"coachId", "verwijzerId", "vaardigheden[0].id", "interesses[0]", "vermijden[1]", "leerdoelen[0]"}},
			{name: "participant PATCH: coach that is no coach", method: "PATCH", path: "/deelnemers/<p1>",
				body: badBody(`{"coachId":"<manager>"}`), status: 400, params: []string{"coachId"}},
			{name: "work type: unknown skill", method: "POST", path: "/werksoorten",
				body: badMerge(badWorkType, `"vaardigheden":["<skill1>","<missing>"]`), status: 400, params: []string{"vaardigheden[1]"}},
			{name: "placement: unknown offer", method: "POST", path: "/plaatsingen", user: "coach",
				body: badMerge(badPlacement, `"werkplekId":"<missing>"`), status: 400, params: []string{"werkplekId"}},
			{name: "placement: unknown participant", method: "POST", path: "/plaatsingen", user: "coach",
				body: badMerge(badPlacement, `"deelnemerId":"<missing>"`), status: 400, params: []string{"deelnemerId"}},
			{name: "placement: unknown participant and offer", method: "POST", path: "/plaatsingen", user: "coach",
				body: badMerge(badPlacement, `"deelnemerId":"<missing>","werkplekId":"<missing>"`), status: 400,
				params: []string{"deelnemerId", "werkplekId"}},
			{name: "placement: a participant the coach does not see is unknown", method: "POST", path: "/plaatsingen", user: "coach2",
				body: badBody(badPlacement), status: 400, params: []string{"deelnemerId"}},

			// Malformed ids in the path and in filters.
			{name: "malformed id in the path", method: "GET", path: "/werkplekken/abc", status: 400, params: []string{"id"}},
			{name: "malformed id in a PATCH path", method: "PATCH", path: "/deelnemers/abc", body: badBody(`{"fase":"intake"}`),
				status: 400, params: []string{"id"}},
			{name: "malformed id in a DELETE path", method: "DELETE", path: "/organisaties/abc", status: 400, params: []string{"id"}},
			// validUUID means to accept the canonical (lowercase) form only;
			// an uppercase id is found on PostgreSQL (uuid column) but not on
			// SQLite (text), so it has to be refused as malformed.
			{name: "uppercase id in the path", method: "GET", path: "/werkplekken/<OFFER>", status: 400, params: []string{"id"}},
			{name: "unknown id in the path", method: "GET", path: "/werkplekken/<missing>", status: 404},
			{name: "trailing slash", method: "GET", path: "/werkplekken/", status: 404},
			{name: "every filter wrong at once", method: "GET",
				path:   "/werkplekken?werksoortId=abc&dagdeel=za-ochtend&paginaGrootte=101&pagina=0&foo=1",
				status: 400, params: []string{"werksoortId", "dagdeel", "paginaGrootte", "pagina", "foo"}},
			{name: "offer filters: status, doelgroep, ontwikkelplek", method: "GET",
				path:   "/werkplekken?status=dicht&doelgroep=iedereen&ontwikkelplek=misschien&organisatieId=<missing>x",
				status: 400, params: []string{"status", "doelgroep", "ontwikkelplek", "organisatieId"}},
			{name: "participant filters", method: "GET", path: "/deelnemers?coachId=abc&fase=klaar&wachtend=ja&paginaGrootte=0",
				status: 400, params: []string{"coachId", "fase", "wachtend", "paginaGrootte"}},
			{name: "placement filters", method: "GET", path: "/plaatsingen?status=bezig&werkplekId=1&pagina=x",
				status: 400, params: []string{"status", "werkplekId", "pagina"}},
			{name: "work type filters", method: "GET", path: "/werksoorten?omgeving=onder-water&fysiekeBelasting=zwaar&sort=naam",
				status: 400, params: []string{"omgeving", "fysiekeBelasting", "sort"}},
			{name: "organisation filters", method: "GET", path: "/organisaties?soort=bedrijf&paginaGrootte=1000",
				status: 400, params: []string{"soort", "paginaGrootte"}},

			// Duplicates.
			{name: "participant code that exists", method: "POST", path: "/deelnemers", user: "coach",
				body: badMerge(badParticipant, `"code":"DN-001"`), status: 409, params: []string{"code"}},
			{name: "participant code that exists, by PATCH", method: "PATCH", path: "/deelnemers/<p2>", user: "coach",
				body: badBody(`{"code":"DN-001"}`), status: 409, params: []string{"code"}},
			{name: "work-type code that exists", method: "POST", path: "/werksoorten",
				body: badMerge(badWorkType, `"code":"fietsenreparatie"`), status: 409, params: []string{"code"}},
			{name: "work-type code that exists, by PATCH", method: "PATCH", path: "/werksoorten/<inpakken>",
				body: badBody(`{"code":"fietsenreparatie"}`), status: 409, params: []string{"code"}},

			// Deleting what is still used.
			{name: "organisation with offers", method: "DELETE", path: "/organisaties/<orgC>", status: 409,
				extra: map[string]any{"werkplekken": 1, "gebruikers": 0, "deelnemers": 0}, exists: "/organisaties/<orgC>"},
			{name: "organisation with offers and users", method: "DELETE", path: "/organisaties/<orgA>", status: 409,
				exists: "/organisaties/<orgA>"},
			{name: "work type used by an offer", method: "DELETE", path: "/werksoorten/<fiets>", status: 409,
				exists: "/werksoorten/<fiets>"},
			{name: "offer with placements", method: "DELETE", path: "/werkplekken/<offer>", status: 409,
				extra: map[string]any{"plaatsingen": 1}, exists: "/werkplekken/<offer>"},

			// Placements.
			{name: "placement: start date not a date", method: "POST", path: "/plaatsingen", user: "coach",
				body: badMerge(badPlacement, `"startdatum":"gisteren"`), status: 400, params: []string{"startdatum"}},
			{name: "placement: end before start", method: "POST", path: "/plaatsingen", user: "coach",
				body: badMerge(badPlacement, `"einddatum":"2030-02-03"`), status: 400, params: []string{"einddatum"}},
			{name: "placement: no day-parts", method: "POST", path: "/plaatsingen", user: "coach",
				body: badMerge(badPlacement, `"dagdelen":[]`), status: 400, params: []string{"dagdelen"}},
			{name: "placement: created as finished", method: "POST", path: "/plaatsingen", user: "coach",
				body: badMerge(badPlacement, `"status":"afgerond"`), status: 400, params: []string{"status"}},
			{name: "placement: everything wrong at once", method: "POST", path: "/plaatsingen", user: "coach",
				body: badBody(`{"deelnemerId":"abc","dagdelen":["za-ochtend","di-ochtend","di-ochtend"],"startdatum":"2030-02-30",
					"einddatum":"morgen","status":"gepland","opmerking":"x"}`),
				status: 400, params: []string{"deelnemerId", "werkplekId", "dagdelen[0]", "dagdelen[2]", "startdatum",
					"einddatum", "status", "opmerking"}},
			{name: "placement: a day-part the offer has no places on", method: "POST", path: "/plaatsingen", user: "coach",
				body: badMerge(badPlacement, `"dagdelen":["di-ochtend","wo-ochtend"]`), status: 400, params: []string{"dagdelen[1]"}},
			{name: "placement: capacity full", method: "POST", path: "/plaatsingen", user: "coach",
				body: badMerge(badPlacement, `"dagdelen":["ma-ochtend","di-ochtend"]`), status: 409,
				extra: map[string]any{"volleDagdelen": []string{"ma-ochtend"}}},
			{name: "placement PATCH: end before start", method: "PATCH", path: "/plaatsingen/<placement>", user: "coach",
				body: badBody(`{"einddatum":"2030-01-06"}`), status: 400, params: []string{"einddatum"}},
			{name: "placement PATCH: unknown status and bad outcome", method: "PATCH", path: "/plaatsingen/<placement>", user: "coach",
				body: badBody(`{"status":"klaar","uitkomst":{"resultaat":"rijk","gemisteUren":-1}}`), status: 400,
				params: []string{"status", "uitkomst.resultaat", "uitkomst.gemisteUren"}},

			// Content type and size.
			{name: "text/plain", method: "POST", path: "/organisaties", body: badBody(badOrganisation), hdr: textPlain, status: 415},
			{name: "text/plain on a PATCH", method: "PATCH", path: "/werkplekken/<offer>", body: badBody(`{"titel":"x"}`),
				hdr: textPlain, status: 415},
			{name: "body over the limit", method: "POST", path: "/organisaties", body: &huge, status: 413},
			// A body without Content-Type is not taken for JSON.
			{name: "no Content-Type", method: "POST", path: "/organisaties", body: badBody(badOrganisation), hdr: noType, status: 415},
			{name: "no Content-Type on a PATCH", method: "PATCH", path: "/werkplekken/<offer>", body: badBody(`{"titel":"x"}`),
				hdr: noType, status: 415},

			// Text: control characters, invalid UTF-8, duplicate keys
			// (issue 17). Each is refused when the body is decoded, named
			// like any other field, on both engines.
			{name: "NUL in a title", method: "POST", path: "/werkplekken",
				body: badMerge(badOffer, `"titel":"Fiets\u0000en"`), status: 400, params: []string{"titel"}},
			{name: "NUL in a title with a validation problem elsewhere", method: "POST", path: "/werkplekken",
				body: badMerge(badOffer, `"titel":"a\u0000","begeleiding":9`), status: 400, params: []string{"titel", "begeleiding"}},
			{name: "escape character in a list element", method: "POST", path: "/werkplekken",
				body: badMerge(badOffer, `"doelgroepen":["statushouder","\u001b[31m"]`), status: 400, params: []string{"doelgroepen[1]"}},
			{name: "DEL and a C1 control character", method: "POST", path: "/organisaties",
				body: badMerge(badOrganisation, `"naam":"Groen\u007f","plaats":"Gro\u0085ningen"`), status: 400,
				params: []string{"naam", "plaats"}},
			{name: "a lone carriage return", method: "POST", path: "/werkplekken",
				body: badMerge(badOffer, `"omschrijving":"regel een\rregel twee"`), status: 400, params: []string{"omschrijving"}},
			{name: "NUL in a PATCH", method: "PATCH", path: "/deelnemers/<p1>", user: "coach",
				body: badBody(`{"code":"DN-\u0000-9"}`), status: 400, params: []string{"code"}},
			{name: "NUL in a nested object", method: "PATCH", path: "/plaatsingen/<placement>", user: "coach",
				body: badBody(`{"status":"uitgevallen","uitkomst":{"resultaat":"uitgevallen","uitvalreden":"\u0000"}}`), status: 400,
				params: []string{"uitkomst.uitvalreden"}},
			{name: "invalid UTF-8", method: "POST", path: "/organisaties",
				// Not through badMerge: its decoder would replace the byte.
				body:   badBody("{\"naam\":\"Groene \xffVingers\",\"soort\":\"overig\",\"postcode\":\"9711\",\"plaats\":\"Groningen\"}"),
				status: 400, params: []string{"naam"}},
			{name: "a lone surrogate escape", method: "POST", path: "/organisaties",
				body: badMerge(badOrganisation, `"plaats":"Gro\ud800ningen"`), status: 400, params: []string{"plaats"}},
			{name: "a key twice", method: "POST", path: "/organisaties",
				body: badBody(`{"naam":"A","naam":"B","soort":"overig","postcode":"9711","plaats":"Groningen"}`), status: 400,
				params: []string{"naam"}},
			{name: "a nested key twice", method: "POST", path: "/werkplekken",
				body: badMerge(badOffer, `"bereikbaarheid":{"ov":true,"ov":false}`), status: 400, params: []string{"bereikbaarheid.ov"}},
			{name: "a key twice in a PATCH", method: "PATCH", path: "/werkplekken/<offer>",
				body: badBody(`{"titel":"x","titel":"y"}`), status: 400, params: []string{"titel"}},
			{name: "NUL in a query parameter", method: "GET", path: "/werkplekken?q=fiets%00", status: 400, params: []string{"q"}},
			{name: "invalid UTF-8 in a query parameter", method: "GET", path: "/organisaties?plaats=%FF", status: 400, params: []string{"plaats"}},
			{name: "a single-valued query parameter twice", method: "GET", path: "/werkplekken?pagina=1&pagina=2&status=open&status=gesloten",
				status: 400, params: []string{"pagina", "status"}},
			{name: "a query parameter twice where another route takes a list", method: "GET",
				path: "/deelnemers?dagdeel=ma-ochtend&dagdeel=di-ochtend", status: 400, params: []string{"dagdeel"}},

			// Dates outside 1900-2100, and placements started long ago.
			{name: "placement: year 0000", method: "POST", path: "/plaatsingen", user: "coach",
				body: badMerge(badPlacement, `"startdatum":"0000-01-01"`), status: 400, params: []string{"startdatum"}},
			{name: "placement: end in 2101", method: "POST", path: "/plaatsingen", user: "coach",
				body: badMerge(badPlacement, `"einddatum":"2101-01-01"`), status: 400, params: []string{"einddatum"}},
			{name: "placement: start more than a year back", method: "POST", path: "/plaatsingen", user: "coach",
				body: badMerge(badPlacement, `"startdatum":"`+string(plekwijzer.Today().AddDays(-400))+`"`), status: 400,
				params: []string{"startdatum"}},
			{name: "placement PATCH: start in year 0000", method: "PATCH", path: "/plaatsingen/<placement>", user: "coach",
				body: badBody(`{"startdatum":"0000-01-07"}`), status: 400, params: []string{"startdatum"}},
			{name: "placement PATCH: start moved more than a year back", method: "PATCH", path: "/plaatsingen/<placement>", user: "coach",
				body: badBody(`{"startdatum":"` + string(plekwijzer.Today().AddDays(-400)) + `"}`), status: 400, params: []string{"startdatum"}},
			{name: "contingent: dates in 1899 and 2101", method: "POST", path: "/contingenten",
				body: badBody(`{"naam":"Reserve","verwijzerIds":["<orgC>"],"werkplekIds":["<offer>"],"plaatsen":{"ma-ochtend":1},
					"startdatum":"1899-12-31","einddatum":"2101-01-01"}`), status: 400, params: []string{"startdatum", "einddatum"}},
			{name: "participant: waiting since year 0000", method: "PATCH", path: "/deelnemers/<p1>", user: "coach",
				body: badBody(`{"wachtendSinds":"0000-01-01"}`), status: 400, params: []string{"wachtendSinds"}},
			{name: "audit: a moment in year 0000", method: "GET", path: "/audit?vanaf=0000-01-01&tot=0001-01-01T00:00:00Z",
				status: 400, params: []string{"vanaf", "tot"}},
			{name: "token: expires in 2101", method: "POST", path: "/gebruikers/<coach>/tokens",
				body: badBody(`{"naam":"x","verloopt":"2101-01-01T00:00:00Z"}`), status: 400, params: []string{"verloopt"}},
			{name: "statistics: months in year 0000 and 2150", method: "GET", path: "/statistieken/variatie?van=0000-01&tot=2150-01",
				user: "manager", status: 400, params: []string{"van", "tot"}},
			{name: "statistics: a month in 1899", method: "GET", path: "/statistieken/variatie?van=1899-12",
				user: "manager", status: 400, params: []string{"van"}},
			{name: "statistics: dates in year 0000 and 2101", method: "GET", path: "/statistieken/uitval?van=0000-01-01&tot=2101-01-01",
				user: "manager", status: 400, params: []string{"van", "tot"}},
			{name: "statistics: occupancy from year 0000", method: "GET", path: "/statistieken/bezetting?van=0000-01-03",
				user: "manager", status: 400, params: []string{"van"}},
			{name: "statistics: a period given twice", method: "GET", path: "/statistieken/uitval?van=2026-01-01&van=2026-02-01",
				user: "manager", status: 400, params: []string{"van"}},
			{name: "statistics: NUL and invalid UTF-8 in filters", method: "GET", path: "/statistieken/uitval?doelgroep=statushouder%00&soort=%FF",
				user: "manager", status: 400, params: []string{"doelgroep", "soort"}},
			{name: "search: a control character and a repeated query", method: "GET", path: "/zoeken?q=fiets%1B&q=band",
				status: 400, params: []string{"q"}},
			{name: "no Content-Type on a voordracht answer", method: "POST", path: "/plaatsingen/<placement>/antwoord",
				body: badBody(`{"besluit":"afwijzen","reden":"x"}`), hdr: noType, status: 415},

			// Versions.
			{name: "stale If-Match", method: "PATCH", path: "/werkplekken/<offer>", body: badBody(`{"titel":"Nieuw"}`),
				hdr: []string{"If-Match", `"7"`}, status: 409, extra: map[string]any{"huidigeVersie": 1}},
			{name: "stale If-Match on a participant", method: "PATCH", path: "/deelnemers/<p1>", user: "coach",
				body: badBody(`{"fase":"intake"}`), hdr: []string{"If-Match", `W/"2"`}, status: 409, extra: map[string]any{"huidigeVersie": 1}},
			{name: "malformed If-Match", method: "PATCH", path: "/organisaties/<orgC>", body: badBody(`{"naam":"x"}`),
				hdr: []string{"If-Match", "abc"}, status: 400, params: []string{"If-Match"}},
			{name: "If-Match zero", method: "PATCH", path: "/werksoorten/<fiets>", body: badBody(`{"naam":"x"}`),
				hdr: []string{"If-Match", `"0"`}, status: 400, params: []string{"If-Match"}},

			// A change that would make a valid entity invalid.
			{name: "offer PATCH: begeleiding 7", method: "PATCH", path: "/werkplekken/<offer>",
				body: badBody(`{"begeleiding":7}`), status: 400, params: []string{"begeleiding"}},
			{name: "offer PATCH: empty title and day-part capacity unknown", method: "PATCH", path: "/werkplekken/<offer>",
				body: badBody(`{"titel":"","capaciteit":{"zo-middag":1}}`), status: 400, params: []string{"titel", "capaciteit.zo-middag"}},
			{name: "participant PATCH: no supervision need, unknown postcode area", method: "PATCH", path: "/deelnemers/<p1>", user: "coach",
				body: badBody(`{"begeleidingsbehoefte":0,"postcode":"1000"}`), status: 400, params: []string{"begeleidingsbehoefte", "postcode"}},
			{name: "organisation PATCH: unknown kind", method: "PATCH", path: "/organisaties/<orgA>",
				body: badBody(`{"soort":"bedrijf","naam":""}`), status: 400, params: []string{"soort", "naam"}},
			{name: "work type PATCH: bad code", method: "PATCH", path: "/werksoorten/<inpakken>",
				body: badBody(`{"code":"-inpakken-","omgeving":"overal"}`), status: 400, params: []string{"code", "omgeving"}},
		}

		snapshot := func() map[string]string {
			out := map[string]string{}
			for _, l := range []string{"/organisaties", "/werkplekken", "/deelnemers", "/plaatsingen", "/werksoorten"} {
				out[l] = string(e.do("GET", "/api/v1"+l+"?paginaGrootte=100", "admin", nil).want(http.StatusOK).Body)
			}
			return out
		}

		parent := e.t
		defer func() { e.t = parent }()
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				e.t = t // e.do and response report to this subtest
				before := snapshot()
				user := c.user
				if user == "" {
					user = "admin"
				}
				var body any
				if c.body != nil {
					body = fill.Replace(*c.body)
				}
				r := e.do(c.method, "/api/v1"+fill.Replace(c.path), user, body, c.hdr...)
				checkBadAnswer(t, c, r)
				after := snapshot()
				for l, b := range before {
					if after[l] != b {
						t.Errorf("GET %s changed:\nbefore: %s\nafter:  %s", l, b, after[l])
					}
				}
				if c.exists != "" {
					e.do("GET", "/api/v1"+fill.Replace(c.exists), "admin", nil).want(http.StatusOK)
				}
			})
		}
	})
}

// checkBadAnswer checks that r is the problem+json c expects.
func checkBadAnswer(t *testing.T, c badCase, r *response) {
	t.Helper()
	if r.Status != c.status {
		// Not Fatal: the caller still checks that nothing changed.
		t.Errorf("status %d, want %d; body: %s", r.Status, c.status, r.Body)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	var p map[string]json.RawMessage
	var pb struct {
		Type, Title, Detail string
		Status              int
		InvalidParams       []struct{ Name, Reason string }
	}
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Errorf("problem is not a JSON object: %v; body: %s", err, r.Body)
		return
	}
	if err := json.Unmarshal(r.Body, &pb); err != nil {
		t.Errorf("problem: %v; body: %s", err, r.Body)
		return
	}
	for _, k := range []string{"type", "title", "status", "detail"} {
		if _, ok := p[k]; !ok {
			t.Errorf("problem has no %q: %s", k, r.Body)
		}
	}
	if pb.Type == "" || pb.Title == "" || pb.Detail == "" || pb.Status != c.status {
		t.Errorf("problem type %q, title %q, detail %q, status %d (want %d)", pb.Type, pb.Title, pb.Detail, pb.Status, c.status)
	}
	var got []string
	for _, f := range pb.InvalidParams {
		if f.Reason == "" {
			t.Errorf("invalidParams %q has no reason", f.Name)
		}
		if !slices.Contains(c.mayAlso, f.Name) {
			got = append(got, f.Name)
		}
	}
	want := slices.Clone(c.params)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("invalidParams %q, want %q; body: %s", got, want, r.Body)
	}
	for k, v := range c.extra {
		w, _ := json.Marshal(v)
		if g, ok := p[k]; !ok || string(g) != string(w) {
			t.Errorf("problem member %q = %s, want %s; body: %s", k, g, w, r.Body)
		}
	}
}
