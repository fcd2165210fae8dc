package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// audit records that the actor did action with the data of the given
// participants, through this request's route. It runs before the answer
// is written: an access that cannot be recorded is not given.
func (s *Server) audit(c echo.Context, action plekwijzer.AuditAction, participantIDs ...string) error {
	return s.auditWith(c, action, nil, participantIDs...)
}

// auditWith is audit with a detail on every entry (AuditEntry.Detail).
func (s *Server) auditWith(c echo.Context, action plekwijzer.AuditAction, detail *string, participantIDs ...string) error {
	a := actor(c)
	if a == nil || len(participantIDs) == 0 {
		return nil
	}
	at := time.Now()
	endpoint := c.Request().Method + " " + c.Path()
	seen := make(map[string]bool, len(participantIDs))
	entries := make([]plekwijzer.AuditEntry, 0, len(participantIDs))
	for _, id := range participantIDs {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		entries = append(entries, plekwijzer.AuditEntry{
			At: at, UserID: a.UserID, UserName: a.Name, Role: a.Role, Action: action,
			ParticipantID: id, Endpoint: endpoint, RequestID: requestID(c), Detail: detail,
		})
	}
	return s.store.RecordAccess(c.Request().Context(), entries)
}

// listAudit lets the beheerder read the audit log: who looked at whose file,
// when, through which endpoint.
func (s *Server) listAudit(c echo.Context) error {
	q := newQuery(c, "deelnemerId", "gebruikerId", "actie", "vanaf", "tot")
	f := plekwijzer.AuditFilter{
		ParticipantID: q.id("deelnemerId"),
		UserID:        q.id("gebruikerId"),
		Action:        enum(q, "actie", plekwijzer.AuditActions),
		From:          q.instant("vanaf"),
		To:            q.instant("tot"),
		Page:          q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := s.store.FindAudit(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, newList(items, total, f.Page))
}

// participantExport is everything stored about one participant: the right
// of access (AVG article 15).
type participantExport struct {
	Exported    time.Time                `json:"gemaakt"`
	Profile     *plekwijzer.Participant  `json:"deelnemer"`
	Placements  []*plekwijzer.Placement  `json:"plaatsingen"`
	Proposals   []proposalExport         `json:"voordrachten"`
	Attendance  []attendanceExport       `json:"aanwezigheid"`
	Evaluations []*plekwijzer.Evaluation `json:"evaluaties"`
	Accesses    []*plekwijzer.AuditEntry `json:"inzage"`
}

// exportParticipant writes everything stored about one participant, and
// who accessed it, as one JSON document. The owning coach and the beheerder
// may.
func (s *Server) exportParticipant(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := newQuery(c).err(); err != nil {
		return err
	}
	p, err := s.participantFor(c, id)
	if err != nil {
		return err
	}
	if !mayManageParticipant(actor(c), p) {
		return forbidden("Alleen de eigen coach of een beheerder kan alle gegevens van een deelnemer opvragen.")
	}
	ctx := c.Request().Context()
	out := participantExport{Exported: time.Now().UTC().Truncate(time.Second), Profile: p}
	if out.Placements, err = allPages(func(pg plekwijzer.Page) ([]*plekwijzer.Placement, int, error) {
		return s.store.FindPlacements(ctx, plekwijzer.PlacementFilter{ParticipantID: id, Page: pg})
	}); err != nil {
		return err
	}
	if out.Proposals, err = s.exportProposals(ctx, out.Placements); err != nil {
		return err
	}
	if out.Attendance, err = s.exportAttendance(ctx, out.Placements); err != nil {
		return err
	}
	if out.Evaluations, err = s.exportEvaluations(ctx, out.Placements); err != nil {
		return err
	}
	// Record this export first, so that it is part of what it shows.
	if err := s.audit(c, plekwijzer.AuditExport, id); err != nil {
		return err
	}
	if out.Accesses, err = allPages(func(pg plekwijzer.Page) ([]*plekwijzer.AuditEntry, int, error) {
		return s.store.FindAudit(ctx, plekwijzer.AuditFilter{ParticipantID: id, Page: pg})
	}); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="deelnemer-`+p.Code+`.json"`)
	return writeJSON(c, http.StatusOK, out)
}

// allPages reads every page of a list.
func allPages[T any](find func(plekwijzer.Page) ([]T, int, error)) ([]T, error) {
	out := []T{}
	for n := 1; ; n++ {
		items, total, err := find(plekwijzer.Page{Number: n, Size: plekwijzer.MaxPageSize})
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		if len(items) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

// retentionReport shows the beheerder who the retention policy will
// anonymise at its next run, and who within 30 days: the dry run.
func (s *Server) retentionReport(c echo.Context) error {
	if err := newQuery(c).err(); err != nil {
		return err
	}
	today := plekwijzer.Today()
	if s.cfg.RetentionMonths <= 0 {
		return writeJSON(c, http.StatusOK, &plekwijzer.RetentionReport{Cutoff: today, Due: []plekwijzer.InactiveParticipant{}, Soon: []plekwijzer.InactiveParticipant{}, DryRun: true})
	}
	r, err := plekwijzer.PlanRetention(c.Request().Context(), s.store, today, s.cfg.RetentionMonths)
	if err != nil {
		return err
	}
	r.On = true
	ids := make([]string, 0, len(r.Due)+len(r.Soon))
	for _, p := range append(r.Due, r.Soon...) {
		ids = append(ids, p.ID)
	}
	if err := s.audit(c, plekwijzer.AuditRead, ids...); err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, r)
}
