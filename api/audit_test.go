package api_test

import (
	"net/http"
	"slices"
	"testing"
)

type auditList struct {
	Items []struct {
		UserID      string  `json:"gebruikerId"`
		UserName    string  `json:"gebruikerNaam"`
		Role        string  `json:"rol"`
		OnBehalfOf  *string `json:"namens"`
		Action      string  `json:"actie"`
		Participant string  `json:"deelnemerId"`
		Endpoint    string  `json:"endpoint"`
		RequestID   string  `json:"verzoekId"`
	} `json:"items"`
	Total int `json:"totaal"`
}

func (l auditList) actions() []string {
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Action+" "+it.Endpoint)
	}
	return out
}

// Every read and change of participant data leaves a line in the audit
// log: who, in which role, what, whose, through which endpoint.
func TestEveryAccessToParticipantDataIsAudited(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e)
		audit := func(query string) auditList {
			var l auditList
			e.do("GET", "/api/v1/audit?paginaGrootte=100&"+query, "admin", nil).want(200).json(&l)
			return l
		}
		before := audit("deelnemerId=" + f.participant)
		if !slices.Contains(before.actions(), "aanmaken POST /api/v1/deelnemers") {
			t.Fatalf("creating the participant was not audited: %v", before.actions())
		}

		r := e.do("GET", "/api/v1/deelnemers/"+f.participant, "coach", nil).want(200)
		e.do("GET", "/api/v1/deelnemers?code="+f.participantCode, "coach", nil).want(200)
		e.do("PATCH", "/api/v1/deelnemers/"+f.participant, "coach", map[string]any{"fase": "beschut"}).want(200)
		e.do("GET", "/api/v1/deelnemers/"+f.participant+"/matches", "coach", nil).want(200)
		e.do("GET", "/api/v1/deelnemers/"+f.participant+"/werksoorten", "admin", nil).want(200)
		e.do("GET", "/api/v1/plaatsingen/"+f.placement, "partner", nil).want(200)
		e.do("GET", "/api/v1/deelnemers/"+f.participant+"/tijdlijn", "coach", nil).want(200)
		// Refused attempts disclose nothing and are not accesses.
		e.do("GET", "/api/v1/deelnemers/"+f.participant, "coach2", nil).want(http.StatusNotFound)
		e.do("GET", "/api/v1/deelnemers/"+f.participant, "partner", nil).want(http.StatusForbidden)

		after := audit("deelnemerId=" + f.participant)
		got := after.actions()[:after.Total-before.Total]
		want := []string{
			"lezen GET /api/v1/deelnemers/:id/tijdlijn",
			"lezen GET /api/v1/plaatsingen/:id",
			"matchen GET /api/v1/deelnemers/:id/werksoorten",
			"matchen GET /api/v1/deelnemers/:id/matches",
			"wijzigen PATCH /api/v1/deelnemers/:id",
			"lezen GET /api/v1/deelnemers",
			"lezen GET /api/v1/deelnemers/:id",
		}
		if !slices.Equal(got, want) {
			t.Fatalf("audit lines, newest first:\n got %v\nwant %v", got, want)
		}
		read := after.Items[len(want)-1]
		if read.UserID != e.users["coach"].ID || read.UserName != "Test coach" || read.Role != "coach" || read.OnBehalfOf != nil ||
			read.RequestID != r.Header.Get("X-Request-Id") {
			t.Fatalf("the read line: %+v", read)
		}
		if by := audit("gebruikerId=" + e.users["coach2"].ID); by.Total != 0 {
			t.Fatalf("refused attempts were logged as accesses: %v", by.actions())
		}
		if partner := audit("gebruikerId=" + e.users["partner"].ID); partner.Total != 1 || partner.Items[0].Role != "partner" {
			t.Fatalf("the partner's read of a placement: %v", partner.actions())
		}
		if matched := audit("actie=matchen&deelnemerId=" + f.participant); matched.Total != 2 {
			t.Fatalf("filter on action: %d", matched.Total)
		}

		// The right of access: everything stored, and who looked.
		var export struct {
			Profile    map[string]any   `json:"deelnemer"`
			Placements []map[string]any `json:"plaatsingen"`
			Inzage     []map[string]any `json:"inzage"`
		}
		res := e.do("GET", "/api/v1/deelnemers/"+f.participant+"/export", "coach", nil).want(200)
		res.json(&export)
		if export.Profile["code"] != f.participantCode || len(export.Placements) != 1 || export.Placements[0]["id"] != f.placement {
			t.Fatalf("export: %v", export)
		}
		if len(export.Inzage) != after.Total+1 || export.Inzage[0]["actie"] != "exporteren" {
			t.Fatalf("export shows %d accesses (want %d), newest %v", len(export.Inzage), after.Total+1, export.Inzage[0])
		}
		if res.Header.Get("Content-Disposition") == "" {
			t.Error("export is not offered as a download")
		}
		e.do("GET", "/api/v1/deelnemers/"+f.participant+"/export", "coach2", nil).want(http.StatusNotFound)

		bad := e.do("GET", "/api/v1/audit?vanaf=gisteren&actie=kijken&deelnemerId=1", "admin", nil).want(http.StatusBadRequest)
		if got := roleSorted(bad.invalidParams()...); !slices.Equal(got, []string{"actie", "deelnemerId", "vanaf"}) {
			t.Fatalf("invalid params: %v", got)
		}
	})
}
