package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"

	"github.com/google/uuid"

	"github.com/iederz/plekwijzer/seed"
)

// Fixtures and helpers of the role tests (roles_test.go). Names start with
// "role" so they cannot clash with the helpers of other test files.

// roleUnknownID is an id that no record has.
const roleUnknownID = "00000000-0000-4000-8000-000000000000"

// roleFixtures are the records the role tests work on, made through the API
// by the users who would make them.
type roleFixtures struct {
	offerA, offerB  string // open offers of orgA (partner) and orgB (partner2)
	participant     string // in coach's caseload, shared with nobody
	participantCode string
	placement       string // participant at offerA, active, on ma-ochtend
}

func newRoleFixtures(e *env) *roleFixtures {
	e.t.Helper()
	f := &roleFixtures{participantCode: "RL-COACH-01"}
	f.offerA = e.roleCreate("/werkplekken", "admin", roleOfferBody(e.orgA.ID, "Fietsen repareren", "fietsenreparatie", "9713"))
	f.offerB = e.roleCreate("/werkplekken", "admin", roleOfferBody(e.orgB.ID, "Kleding inpakken", "inpakken", "9723"))
	f.participant = e.roleCreate("/deelnemers", "coach", roleParticipantBody(f.participantCode))
	f.placement = e.roleCreate("/plaatsingen", "coach", rolePlacementBody(f.participant, f.offerA, "ma-ochtend"))
	return f
}

// roleOfferBody is a valid new offer; orgID "" leaves organisatieId out.
func roleOfferBody(orgID, title, workType, postcode string) map[string]any {
	b := map[string]any{
		"titel": title, "werksoortId": seed.WorkTypeID(workType), "begeleiding": 2,
		"fysiekeBelasting": "midden", "capaciteit": map[string]int{"ma-ochtend": 3, "di-ochtend": 3},
		"postcode": postcode,
	}
	if orgID != "" {
		b["organisatieId"] = orgID
	}
	return b
}

// roleParticipantBody is a valid new participant without coachId (a coach
// creates into their own caseload).
func roleParticipantBody(code string) map[string]any {
	return map[string]any{
		"code": code, "doelgroep": "statushouder", "fase": "ontwikkelplek",
		"beschikbaarheid": []string{"ma-ochtend", "di-ochtend"}, "postcode": "9725", "maxReisafstandKm": 10,
		"begeleidingsbehoefte": 2, "belastbaarheid": "midden",
	}
}

// rolePlacementBody is a valid new, active placement.
func rolePlacementBody(participantID, offerID, dayPart string) map[string]any {
	return map[string]any{
		"deelnemerId": participantID, "werkplekId": offerID, "dagdelen": []string{dayPart},
		"startdatum": "2026-03-02", "status": "actief",
	}
}

// roleCreate POSTs body to path (under /api/v1) as user, wants 201 and
// returns the new id.
func (e *env) roleCreate(path, user string, body any) string {
	e.t.Helper()
	return e.do("POST", "/api/v1"+path, user, body).want(http.StatusCreated).obj()["id"].(string)
}

// roleList is a page of a list, items as plain JSON objects.
type roleList struct {
	Items []map[string]any `json:"items"`
	Total int              `json:"totaal"`
}

// roleList GETs a list (path under /api/v1, with its query) as user and
// wants 200.
func (e *env) roleList(path, user string) roleList {
	e.t.Helper()
	var l roleList
	e.do("GET", "/api/v1"+path, user, nil).want(http.StatusOK).json(&l)
	return l
}

// ids returns the ids of the items, sorted.
func (l roleList) ids() []string {
	out := make([]string, len(l.Items))
	for i, it := range l.Items {
		out[i], _ = it["id"].(string)
	}
	slices.Sort(out)
	return out
}

// roleSorted returns a sorted copy of ids, for comparing with roleList.ids.
func roleSorted(ids ...string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// roleSnapshot is the beheerder's view of one record (path under /api/v1).
func (e *env) roleSnapshot(path string) map[string]any {
	e.t.Helper()
	return e.do("GET", "/api/v1"+path, "admin", nil).want(http.StatusOK).obj()
}

// roleUnchanged fails the test when the record at path differs from the
// snapshot taken before a refused change.
func (e *env) roleUnchanged(path string, before map[string]any, after string) {
	e.t.Helper()
	if now := e.roleSnapshot(path); !reflect.DeepEqual(now, before) {
		e.t.Errorf("%s changed after %s:\nbefore %s\nnow    %s", path, after, roleJSON(before), roleJSON(now))
	}
}

// roleGuessedIDs returns n ids as someone probing the API would try: valid
// UUIDs that are, as far as the test knows, nobody's. They are derived from
// a fixed name so that every run probes the same ids.
func roleGuessedIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "plekwijzer-roles-test-guess-%d", i)).String()
	}
	return out
}

// roleProblem is a problem document without its instance member (which may
// name the request): what must be identical for a hidden and an unknown id.
func roleProblem(r *response) map[string]any {
	r.t.Helper()
	m := r.obj()
	delete(m, "instance")
	return m
}

func roleJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// roleHiddenLikeUnknown checks that user gets, for the record id under
// collection (e.g. "/plaatsingen/"), exactly the 404 of an id nobody has:
// with GET, and with PATCH when patch is not nil.
func roleHiddenLikeUnknown(e *env, user, collection, id string, patch map[string]any) {
	e.t.Helper()
	methods := []string{"GET"}
	if patch != nil {
		methods = append(methods, "PATCH")
	}
	for _, method := range methods {
		var body any
		if method == "PATCH" {
			body = patch
		}
		want := roleProblem(e.do(method, "/api/v1"+collection+roleUnknownID, user, body).want(http.StatusNotFound))
		r := e.do(method, "/api/v1"+collection+id, user, body)
		if r.Status != http.StatusNotFound {
			e.t.Errorf("%s %s%s as %s: %d, want 404; body: %s", method, collection, id, user, r.Status, r.Body)
		} else if got := roleProblem(r); !reflect.DeepEqual(got, want) {
			e.t.Errorf("%s %s%s as %s: %s, unlike an unknown id: %s", method, collection, id, user, roleJSON(got), roleJSON(want))
		}
	}
}
