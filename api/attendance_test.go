package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestAttendanceAPI: the werkplek records attendance per day-part date;
// the totals and the placement's missed hours follow from the marks; bad
// marks are one 400 naming each and change nothing; a proposal takes
// none; every read and write is in the audit log.
func TestAttendanceAPI(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e) // active since Monday 2026-03-02, on ma-ochtend
		path := "/api/v1/plaatsingen/" + f.placement + "/aanwezigheid"
		var a plekwijzer.Attendance
		e.do("GET", path, "partner", nil).want(http.StatusOK).json(&a)
		if len(a.Marks) != 0 || len(a.Open) < 30 || a.Open[0].DayPart != "ma-ochtend" || a.Open[len(a.Open)-1].Date != "2026-03-02" {
			t.Fatalf("before any mark: %d marks, open %v", len(a.Marks), a.Open)
		}

		e.do("PUT", path, "partner", map[string]any{"registraties": []map[string]any{
			{"datum": "2026-03-02", "dagdeel": "ma-ochtend", "status": "aanwezig"},
			{"datum": "2026-03-09", "dagdeel": "ma-ochtend", "status": "afwezig-zonder-bericht"},
			{"datum": "2026-03-16", "dagdeel": "ma-ochtend", "status": "afwezig-met-bericht"},
		}}).want(http.StatusOK).json(&a)
		want := plekwijzer.AttendanceTotals{Present: 1, Excused: 1, Unexcused: 1, MissedHours: 8}
		if a.Totals != want || len(a.Marks) != 3 {
			t.Errorf("totals %+v, %d marks; want %+v", a.Totals, len(a.Marks), want)
		}
		// The coach corrects one; the missed hours follow.
		e.do("PUT", path, "coach", map[string]any{"registraties": []map[string]any{
			{"datum": "2026-03-16", "dagdeel": "ma-ochtend", "status": "aanwezig"},
		}}).want(http.StatusOK)
		var pl plekwijzer.Placement
		e.do("GET", "/api/v1/plaatsingen/"+f.placement, "coach", nil).want(http.StatusOK).json(&pl)
		if pl.Outcome == nil || pl.Outcome.MissedHours != 4 {
			t.Errorf("placement's missed hours %+v, want 4", pl.Outcome)
		}

		before := e.do("GET", path, "admin", nil).want(http.StatusOK).Body
		bad := e.do("PUT", path, "partner", map[string]any{"registraties": []map[string]any{
			{"datum": "2026-03-03", "dagdeel": "ma-ochtend", "status": "ziek"},
			{"datum": "2099-01-05", "dagdeel": "ma-ochtend", "status": "aanwezig"},
			{"datum": "2026-03-04", "dagdeel": "wo-ochtend", "status": "aanwezig"},
			{"datum": "2026-02-23", "dagdeel": "ma-ochtend", "status": "aanwezig"},
		}}).want(http.StatusBadRequest)
		got := bad.invalidParams()
		slices.Sort(got)
		if w := []string{"registraties[0].dagdeel", "registraties[0].status", "registraties[1].datum", "registraties[2].dagdeel", "registraties[3].datum"}; !slices.Equal(got, w) {
			t.Errorf("invalid %q, want %q", got, w)
		}
		e.do("PUT", path, "partner", map[string]any{}).want(http.StatusBadRequest)
		if after := e.do("GET", path, "admin", nil).want(http.StatusOK).Body; string(after) != string(before) {
			t.Errorf("a refused update changed the attendance:\n%s\n%s", before, after)
		}

		// A proposal has no attendance yet.
		other := e.roleCreate("/deelnemers", "coach", roleParticipantBody("RL-COACH-02"))
		body := rolePlacementBody(other, f.offerA, "di-ochtend")
		body["status"] = "voorgesteld"
		proposal := e.roleCreate("/plaatsingen", "coach", body)
		e.do("PUT", "/api/v1/plaatsingen/"+proposal+"/aanwezigheid", "partner", map[string]any{"registraties": []map[string]any{
			{"datum": "2026-03-03", "dagdeel": "di-ochtend", "status": "aanwezig"},
		}}).want(http.StatusConflict)

		// The participant's export holds the marks.
		var export struct {
			Attendance []struct {
				PlacementID string                      `json:"plaatsingId"`
				Marks       []plekwijzer.AttendanceMark `json:"registraties"`
				Totals      plekwijzer.AttendanceTotals `json:"totalen"`
			} `json:"aanwezigheid"`
		}
		e.do("GET", "/api/v1/deelnemers/"+f.participant+"/export", "coach", nil).want(http.StatusOK).json(&export)
		if len(export.Attendance) != 1 || len(export.Attendance[0].Marks) != 3 || export.Attendance[0].Totals.MissedHours != 4 {
			t.Errorf("export: %+v", export.Attendance)
		}

		reads, writes := auditCounts(e, f.participant, "/aanwezigheid", plekwijzer.AuditUpdate)
		if reads < 3 || writes != 2 {
			t.Errorf("audit: %d reads and %d writes of attendance, want at least 3 and 2", reads, writes)
		}
	})
}

// attendanceCRUD answers both attendance operations for TestCRUD, which
// checks every answer against the OpenAPI document, on the fixtures'
// placement.
func attendanceCRUD(t *testing.T, e *env, f *roleFixtures) {
	t.Helper()
	path := "/api/v1/plaatsingen/" + f.placement + "/aanwezigheid"
	e.do("GET", path, "partner", nil).want(http.StatusOK)
	e.do("PUT", path, "partner", map[string]any{"registraties": []map[string]any{
		{"datum": "2026-03-02", "dagdeel": "ma-ochtend", "status": "aanwezig"},
	}}).want(http.StatusOK)
}

// auditCounts counts the reads and the writes (of action write) in a
// participant's audit log of the endpoints ending in suffix.
func auditCounts(e *env, participant, suffix string, write plekwijzer.AuditAction) (reads, writes int) {
	e.t.Helper()
	var audit struct {
		Items []plekwijzer.AuditEntry `json:"items"`
	}
	e.do("GET", "/api/v1/audit?paginaGrootte=100&deelnemerId="+participant, "admin", nil).want(http.StatusOK).json(&audit)
	for _, en := range audit.Items {
		if strings.HasSuffix(en.Endpoint, suffix) {
			switch en.Action {
			case plekwijzer.AuditRead:
				reads++
			case write:
				writes++
			}
		}
	}
	return reads, writes
}
