package api_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/seed"
)

type planAnswer struct {
	Assignments []struct {
		Participant map[string]any `json:"deelnemer"`
		Offer       map[string]any `json:"werkplek"`
		DayParts    []string       `json:"dagdelen"`
		Score       float64        `json:"score"`
		PlacementID *string        `json:"plaatsingId"`
	} `json:"toewijzingen"`
	Unassigned []struct {
		Participant map[string]any `json:"deelnemer"`
		Reason      string         `json:"reden"`
	} `json:"nietToegewezen"`
	Total  int `json:"totaleScore"`
	Placed int `json:"geplaatst"`
	Proof  struct {
		Optimal  bool `json:"optimaal"`
		Bound    int  `json:"bovengrens"`
		Verified bool `json:"gecontroleerd"`
	} `json:"bewijs"`
	Comparison struct {
		FirstCome struct {
			Total  int `json:"totaleScore"`
			Placed int `json:"geplaatst"`
		} `json:"eerstKomtEerst"`
	} `json:"vergelijking"`
	Booked bool `json:"vastgelegd"`
}

// The planner places the waiting list optimally, proves it, compares with
// first come first served, and books everything or nothing.
func TestPlanningThroughTheAPI(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		e.roleCreate("/werkplekken", "admin", map[string]any{
			"organisatieId": e.orgA.ID, "titel": "Fietsen repareren", "werksoortId": seed.WorkTypeID("fietsenreparatie"),
			"begeleiding": 3, "fysiekeBelasting": "midden", "capaciteit": map[string]int{"ma-ochtend": 1, "di-ochtend": 1}, "postcode": "9713",
		})
		e.roleCreate("/werkplekken", "admin", map[string]any{
			"organisatieId": e.orgB.ID, "titel": "Kleding sorteren", "werksoortId": seed.WorkTypeID("kringloop"),
			"begeleiding": 3, "fysiekeBelasting": "laag", "capaciteit": map[string]int{"ma-ochtend": 1}, "postcode": "9723",
		})
		var people []string
		for i, code := range []string{"PL-A", "PL-B", "PL-C"} {
			body := matchParticipant(code, "ma-ochtend", "di-ochtend")
			body["wachtendSinds"] = []string{"2026-01-05", "2026-02-02", "2026-03-02"}[i]
			people = append(people, e.roleCreate("/deelnemers", "coach", body))
		}
		// Someone else's participant on the waiting list is not planned.
		other := matchParticipant("PL-OTHER", "ma-ochtend")
		other["wachtendSinds"] = "2025-01-01"
		e.roleCreate("/deelnemers", "coach2", other)

		var plan planAnswer
		e.do("POST", "/api/v1/planningen", "coach", map[string]any{"dagdelen": 2}).want(200).json(&plan)
		if !plan.Proof.Optimal || !plan.Proof.Verified || plan.Proof.Bound != plan.Total {
			t.Fatalf("proof: %+v (total %d)", plan.Proof, plan.Total)
		}
		if plan.Placed != 3 || plan.Total < plan.Comparison.FirstCome.Total || len(plan.Unassigned) != 0 {
			t.Fatalf("plan: placed %d, total %d vs first come %d, unassigned %+v", plan.Placed, plan.Total, plan.Comparison.FirstCome.Total, plan.Unassigned)
		}
		taken := map[string]int{}
		for _, a := range plan.Assignments {
			if code := a.Participant["code"]; code == "PL-OTHER" || !slices.Contains(people, a.Participant["id"].(string)) {
				t.Fatalf("planned someone outside the coach's waiting list: %v", a.Participant)
			}
			for _, d := range a.DayParts {
				taken[a.Offer["id"].(string)+" "+d]++
			}
			if a.PlacementID != nil {
				t.Fatal("a plan without vastleggen booked something")
			}
		}
		for slot, n := range taken {
			if n > 1 {
				t.Fatalf("slot %s given %d times", slot, n)
			}
		}

		// Booking: every assignment becomes a placement, at once.
		var booked planAnswer
		e.do("POST", "/api/v1/planningen", "coach", map[string]any{"deelnemers": people, "dagdelen": 2, "vastleggen": true, "startdatum": "2026-12-07"}).
			want(200).json(&booked)
		if !booked.Booked || booked.Placed != 3 {
			t.Fatalf("booked plan: %+v", booked)
		}
		for _, a := range booked.Assignments {
			if a.PlacementID == nil {
				t.Fatalf("assignment without placement: %+v", a)
			}
			pl := e.do("GET", "/api/v1/plaatsingen/"+*a.PlacementID, "coach", nil).want(200).obj()
			if pl["status"] != "voorgesteld" || pl["startdatum"] != "2026-12-07" {
				t.Fatalf("booked placement: %v", pl)
			}
		}
		// Everything is taken now: a new plan places nobody, and says why.
		var after planAnswer
		e.do("POST", "/api/v1/planningen", "admin", map[string]any{"deelnemers": people[:1]}).want(200).json(&after)
		if after.Placed != 0 || len(after.Unassigned) != 1 || after.Unassigned[0].Reason == "" {
			t.Fatalf("plan after booking: %+v", after)
		}
	})
}

func TestPlanningRefusesBadInput(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		mine := e.roleCreate("/deelnemers", "coach", matchParticipant("PB-1", "ma-ochtend"))
		r := e.do("POST", "/api/v1/planningen", "coach", map[string]any{
			"deelnemers": []string{mine, mine, "x"}, "dagdelen": 0, "kandidaten": 500, "status": "afgerond",
			"startdatum": "morgen", "onbekend": true,
		}).want(http.StatusBadRequest)
		want := []string{"dagdelen", "deelnemers[1]", "deelnemers[2]", "kandidaten", "onbekend", "startdatum", "status"}
		if got := roleSorted(r.invalidParams()...); !slices.Equal(got, want) {
			t.Fatalf("invalid params %v, want %v", got, want)
		}
		e.do("POST", "/api/v1/planningen", "coach", map[string]any{"deelnemers": []string{}}).want(http.StatusBadRequest)
		// Another coach's participant is as unknown as a made-up one.
		r = e.do("POST", "/api/v1/planningen", "coach2", map[string]any{"deelnemers": []string{mine, uuid.NewString()}}).want(http.StatusBadRequest)
		if got := r.invalidParams(); !slices.Equal(got, []string{"deelnemers[0]", "deelnemers[1]"}) || strings.Contains(string(r.Body), "PB-1") {
			t.Fatalf("foreign participant: %s", r.Body)
		}
		// The waiting list is empty for coach2.
		e.do("POST", "/api/v1/planningen", "coach2", map[string]any{}).want(http.StatusBadRequest)
		many := make([]string, 2001)
		for i := range many {
			many[i] = uuid.NewString()
		}
		// Over the size limit, within the service's default body limit
		// (the test server allows only 64 KB).
		srv, err := api.New(e.db, slog.New(slog.DiscardHandler), api.Config{})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(map[string]any{"deelnemers": many})
		req := httptest.NewRequest("POST", "/api/v1/planningen", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+e.token["admin"])
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "hoogstens 2000") {
			t.Fatalf("over the size limit: %d %s", rec.Code, rec.Body)
		}
	})
}
