package api_test

import (
	"net/http"
	"testing"
)

// TestMatchesNearMisses: a participant who needs more supervision than any
// offer gives gets no match, but the offers that break only that rule as
// near misses — each with the levels on both sides, the question to ask
// the werkplek and never a silent relaxation — and the relaxation that one
// level more supervision would open.
func TestMatchesNearMisses(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e) // offers with supervision 2 on ma- and di-ochtend
		body := roleParticipantBody("RL-COACH-09")
		body["begeleidingsbehoefte"] = 3
		p := e.roleCreate("/deelnemers", "coach", body)
		var ans struct {
			Items []struct {
				Offer struct{ ID string } `json:"werkplek"`
			} `json:"items"`
			Near []struct {
				Offer struct {
					ID string `json:"id"`
				} `json:"werkplek"`
				Score   float64 `json:"score"`
				Reasons []struct {
					Rule   string   `json:"regel"`
					Value  *float64 `json:"waarde"`
					Limit  *float64 `json:"grens"`
					Text   string   `json:"tekst"`
					Action string   `json:"actie"`
				} `json:"redenen"`
			} `json:"bijnaPassend"`
			Relax []struct {
				Rule   string `json:"regel"`
				Offers int    `json:"extraWerkplekken"`
				Places int    `json:"extraPlekken"`
			} `json:"versoepelingen"`
		}
		e.do("GET", "/api/v1/deelnemers/"+p+"/matches", "coach", nil).want(http.StatusOK).json(&ans)
		if len(ans.Items) != 0 {
			t.Fatalf("%d matches for a need no offer meets", len(ans.Items))
		}
		found := false
		for _, n := range ans.Near {
			if n.Offer.ID != f.offerA {
				continue
			}
			found = true
			if len(n.Reasons) != 1 || n.Reasons[0].Rule != "begeleiding" || n.Reasons[0].Action != "vraag-werkplek" ||
				*n.Reasons[0].Value != 2 || *n.Reasons[0].Limit != 3 || n.Reasons[0].Text == "" || n.Score <= 0 {
				t.Errorf("the near miss at offer A: %+v", n)
			}
		}
		if !found {
			t.Fatalf("offer A is no near miss: %+v", ans.Near)
		}
		if len(ans.Relax) == 0 || ans.Relax[len(ans.Relax)-1].Rule != "begeleiding" || ans.Relax[len(ans.Relax)-1].Offers < 1 {
			t.Errorf("relaxations %+v, want one level more supervision to open offer A", ans.Relax)
		}
	})
}
