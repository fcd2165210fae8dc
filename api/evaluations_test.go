package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestEvaluationsAPI: the werkplek records its observations and the coach
// the conversation; each reads what it may (the partner never the coach's
// part); bad input is one 400 naming every field and stores nothing; the
// roles' limits hold; the schedule says what is done; the export holds
// every evaluation; every read and write is audited.
func TestEvaluationsAPI(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e) // active since Monday 2026-03-02, on ma-ochtend
		path := "/api/v1/plaatsingen/" + f.placement + "/evaluaties"

		var ws struct {
			Data []plekwijzer.WorkSkill `json:"data"`
		}
		e.do("GET", "/api/v1/werknemersvaardigheden", "manager", nil).want(http.StatusOK).json(&ws)
		if len(ws.Data) != 10 || ws.Data[0].ID != "afspraken-nakomen" || !strings.HasPrefix(ws.Data[0].ESCO, "http://data.europa.eu/esco/skill/") {
			t.Fatalf("werknemersvaardigheden: %+v", ws.Data)
		}
		var offer struct {
			WorkType string `json:"werksoortId"`
		}
		e.do("GET", "/api/v1/werkplekken/"+f.offerA, "partner", nil).want(http.StatusOK).json(&offer)
		var wt struct {
			Skills []string `json:"vaardigheden"`
		}
		e.do("GET", "/api/v1/werksoorten/"+offer.WorkType, "partner", nil).want(http.StatusOK).json(&wt)
		if len(wt.Skills) == 0 {
			t.Fatal("the work type has no skills to observe")
		}

		// Bad input: every field named, nothing stored.
		bad := e.do("POST", path, "partner", map[string]any{
			"soort":                  "halverwege",
			"werknemersvaardigheden": []map[string]any{{"id": "tempo", "score": 5}, {"id": "vliegen", "score": 2}, {"id": "tempo", "score": 3}},
			"vaardigheden":           []map[string]any{{"id": plekwijzer.NewID(), "niveau": 2}, {"id": wt.Skills[0], "niveau": 0}},
			"toelichting":            strings.Repeat("x", 1001),
			"deelnemer":              map[string]any{"beleving": 4},
			"leerdoelen":             []map[string]any{},
			"participatieladder":     3,
		}).want(http.StatusBadRequest)
		got := bad.invalidParams()
		slices.Sort(got)
		want := []string{"deelnemer", "leerdoelen", "participatieladder", "soort", "toelichting", "vaardigheden[0].id", "vaardigheden[1].niveau",
			"werknemersvaardigheden[0].score", "werknemersvaardigheden[1].id", "werknemersvaardigheden[2].id"}
		if !slices.Equal(got, want) {
			t.Errorf("invalid %q, want %q", got, want)
		}
		e.do("POST", path, "partner", map[string]any{"soort": "start"}).want(http.StatusBadRequest)
		e.do("POST", path, "coach", map[string]any{"soort": "tussen", "participatieladder": 7, "deelnemer": map[string]any{"beleving": 0}}).
			want(http.StatusBadRequest)
		var list struct {
			Data     []plekwijzer.Evaluation `json:"data"`
			Schedule []struct {
				Kind      plekwijzer.EvaluationKind `json:"soort"`
				Due       plekwijzer.Date           `json:"datum"`
				Workplace bool                      `json:"werkplekGedaan"`
				Coach     bool                      `json:"coachGedaan"`
			} `json:"schema"`
		}
		e.do("GET", path, "admin", nil).want(http.StatusOK).json(&list)
		if len(list.Data) != 0 || len(list.Schedule) < 2 || list.Schedule[0].Kind != plekwijzer.EvaluationStart || list.Schedule[0].Due != "2026-03-16" || list.Schedule[0].Workplace {
			t.Fatalf("before any evaluation: %+v", list)
		}
		var due struct {
			Data []plekwijzer.DueEvaluation `json:"data"`
		}
		e.do("GET", "/api/v1/evaluaties/te-doen", "partner", nil).want(http.StatusOK).json(&due)
		if len(due.Data) == 0 || due.Data[0].PlacementID != f.placement || due.Data[0].Side != plekwijzer.SideWorkplace || !due.Data[0].Overdue {
			t.Fatalf("the partner's due list: %+v", due.Data)
		}

		// The werkplek's start evaluation, and the coach's.
		var ev plekwijzer.Evaluation
		e.do("POST", path, "partner", map[string]any{
			"soort":                  "start",
			"werknemersvaardigheden": []map[string]any{{"id": "tempo", "score": 2}, {"id": "samenwerken", "score": 4}},
			"vaardigheden":           []map[string]any{{"id": wt.Skills[0], "niveau": 2}},
			"toelichting":            "Werkt rustig en precies.",
		}).want(http.StatusCreated).json(&ev)
		if ev.Side != plekwijzer.SideWorkplace || ev.Kind != plekwijzer.EvaluationStart || len(ev.WorkSkills) != 2 || ev.AuthorRole != plekwijzer.RolePartner {
			t.Errorf("stored %+v", ev)
		}
		e.do("POST", path, "coach", map[string]any{
			"soort":     "start",
			"deelnemer": map[string]any{"beleving": 5, "zegt": "Ik wil ook leren lassen."},
		}).want(http.StatusCreated)

		e.do("GET", path, "partner", nil).want(http.StatusOK).json(&list)
		if len(list.Data) != 1 || list.Data[0].Participant != nil || !list.Schedule[0].Workplace || !list.Schedule[0].Coach {
			t.Errorf("the partner reads %+v", list)
		}
		e.do("GET", path, "coach", nil).want(http.StatusOK).json(&list)
		if len(list.Data) != 2 || list.Data[1].Participant == nil || list.Data[1].Participant.Says != "Ik wil ook leren lassen." {
			t.Errorf("the coach reads %+v", list.Data)
		}
		if body := e.do("GET", path, "partner", nil).Body; strings.Contains(string(body), "lassen") {
			t.Error("the partner reads the participant's own words")
		}
		// Another organisation, another caseload, a manager.
		e.do("GET", path, "partner2", nil).want(http.StatusNotFound)
		e.do("POST", path, "partner2", map[string]any{"soort": "start", "toelichting": "x"}).want(http.StatusNotFound)
		e.do("GET", path, "coach2", nil).want(http.StatusNotFound)
		e.do("GET", path, "manager", nil).want(http.StatusForbidden)

		// A proposal has no evaluations yet.
		other := e.roleCreate("/deelnemers", "coach", roleParticipantBody("RL-COACH-02"))
		body := rolePlacementBody(other, f.offerA, "di-ochtend")
		body["status"] = "voorgesteld"
		proposal := e.roleCreate("/plaatsingen", "coach", body)
		e.do("POST", "/api/v1/plaatsingen/"+proposal+"/evaluaties", "partner", map[string]any{"soort": "start", "toelichting": "x"}).
			want(http.StatusConflict)

		// The participatieladder at intake: 1–6, 0 for not known.
		bad = e.do("PATCH", "/api/v1/deelnemers/"+f.participant, "coach", map[string]any{"participatieladder": 7}).want(http.StatusBadRequest)
		if got := bad.invalidParams(); !slices.Equal(got, []string{"participatieladder"}) {
			t.Errorf("ladder 7: invalid %q", got)
		}
		var pt plekwijzer.Participant
		e.do("PATCH", "/api/v1/deelnemers/"+f.participant, "coach", map[string]any{"participatieladder": 3}).want(http.StatusOK).json(&pt)
		if pt.Ladder == nil || *pt.Ladder != 3 {
			t.Errorf("ladder saved as %v", pt.Ladder)
		}

		// A new phase with its reason; a reason without a new phase is refused.
		bad = e.do("PATCH", "/api/v1/deelnemers/"+f.participant, "coach", map[string]any{"faseReden": "Zomaar"}).want(http.StatusBadRequest)
		if got := bad.invalidParams(); !slices.Equal(got, []string{"faseReden"}) {
			t.Errorf("a reason without a phase: invalid %q", got)
		}
		e.do("PATCH", "/api/v1/deelnemers/"+f.participant, "coach", map[string]any{"fase": "beschut", "faseReden": "Past beter bij beschut werk."}).
			want(http.StatusOK)
		body2 := roleParticipantBody("RL-COACH-08")
		body2["faseReden"] = "Nieuw"
		e.do("POST", "/api/v1/deelnemers", "coach", body2).want(http.StatusBadRequest)

		// The development: the phases, the werkplek's scores over time, the
		// participant's view, the ladder from intake on.
		var dev plekwijzer.Development
		e.do("GET", "/api/v1/deelnemers/"+f.participant+"/ontwikkeling", "coach", nil).want(http.StatusOK).json(&dev)
		if dev.Evaluations != 2 || len(dev.WorkSkills) != 10 || len(dev.Feeling) != 1 || dev.Feeling[0].Value != 5 ||
			len(dev.Ladder) != 1 || dev.Ladder[0].Kind != plekwijzer.EvaluationIntake || dev.Ladder[0].Value != 3 ||
			len(dev.Phases) != 2 || dev.Phases[1].Phase != "beschut" || dev.Phases[1].Reason != "Past beter bij beschut werk." {
			t.Errorf("development %+v", dev)
		}
		for _, w := range dev.WorkSkills {
			if w.ID == "tempo" && (len(w.Readings) != 1 || w.Readings[0].Value != 2 || w.Readings[0].Side != plekwijzer.SideWorkplace) {
				t.Errorf("tempo: %+v", w)
			}
		}
		e.do("GET", "/api/v1/deelnemers/"+f.participant+"/ontwikkeling", "partner", nil).want(http.StatusForbidden)
		e.do("GET", "/api/v1/deelnemers/"+f.participant+"/ontwikkeling", "coach2", nil).want(http.StatusNotFound)

		var export struct {
			Evaluations []plekwijzer.Evaluation `json:"evaluaties"`
		}
		e.do("GET", "/api/v1/deelnemers/"+f.participant+"/export", "coach", nil).want(http.StatusOK).json(&export)
		if len(export.Evaluations) != 2 {
			t.Errorf("export: %d evaluations, want 2", len(export.Evaluations))
		}
		reads, writes := auditCounts(e, f.participant, "/evaluaties", plekwijzer.AuditCreate)
		if reads < 4 || writes != 2 {
			t.Errorf("audit: %d reads and %d writes of evaluations, want at least 4 and 2", reads, writes)
		}
	})
}

// evaluationsCRUD answers the evaluation operations for TestCRUD, which
// checks every answer against the OpenAPI document, on the fixtures'
// placement.
func evaluationsCRUD(t *testing.T, e *env, f *roleFixtures) {
	t.Helper()
	path := "/api/v1/plaatsingen/" + f.placement + "/evaluaties"
	e.do("GET", "/api/v1/werknemersvaardigheden", "coach", nil).want(http.StatusOK)
	e.do("POST", path, "partner", map[string]any{"soort": "start", "werknemersvaardigheden": []map[string]any{{"id": "tempo", "score": 3}}}).
		want(http.StatusCreated)
	e.do("POST", path, "coach", map[string]any{"soort": "start", "deelnemer": map[string]any{"beleving": 4, "zegt": "Goed."}}).
		want(http.StatusCreated)
	e.do("GET", path, "coach", nil).want(http.StatusOK)
	e.do("GET", "/api/v1/evaluaties/te-doen", "coach", nil).want(http.StatusOK)
	e.do("GET", "/api/v1/deelnemers/"+f.participant+"/ontwikkeling", "coach", nil).want(http.StatusOK)
}
