package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// getAttendance answers GET /plaatsingen/{id}/aanwezigheid: the marks per
// day-part date, their totals and the dates still to mark, for whoever
// sees the placement (the werkplek, the coach, the beheerder). A read of
// the participant's data, audited.
func (s *Server) getAttendance(c echo.Context) error {
	pl, err := s.placementOfPath(c)
	if err != nil {
		return err
	}
	a, err := s.store.Attendance(c.Request().Context(), pl.ID)
	if err != nil {
		return err
	}
	if err := s.auditPlacements(c, plekwijzer.AuditRead, pl); err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, a)
}

// putAttendance answers PUT /plaatsingen/{id}/aanwezigheid: it sets the
// marks of the dates given (others stay) and derives the placement's
// missed hours from all of them. A placement the actor does not see is
// 404 before the body is read; a placement that has not started is 409.
func (s *Server) putAttendance(c echo.Context) error {
	pl, err := s.placementOfPath(c)
	if err != nil {
		return err
	}
	var in struct {
		Marks *[]plekwijzer.AttendanceMark `json:"registraties"`
	}
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	var u plekwijzer.AttendanceUpdate
	if in.Marks != nil {
		u.Marks = *in.Marks
	}
	if err := u.Validate(pl, plekwijzer.Today()); err != nil || bad != nil {
		return alsoInvalid(bad, err)
	}
	a, err := s.store.RecordAttendance(c.Request().Context(), pl.ID, u, actor(c).UserID)
	if err != nil {
		return err
	}
	if err := s.auditPlacements(c, plekwijzer.AuditUpdate, pl); err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, a)
}

// placementOfPath loads the placement {id} of the path that the actor
// sees (404 otherwise), before redaction.
func (s *Server) placementOfPath(c echo.Context) (*plekwijzer.Placement, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return nil, err
	}
	return s.visiblePlacement(c, id)
}

// attendanceExport is the attendance of one placement in the participant's
// export (inzage): the marks, with their totals.
type attendanceExport struct {
	PlacementID string                      `json:"plaatsingId"`
	Marks       []plekwijzer.AttendanceMark `json:"registraties"`
	Totals      plekwijzer.AttendanceTotals `json:"totalen"`
}

// exportAttendance reads the marks of every placement that has any.
func (s *Server) exportAttendance(ctx context.Context, pls []*plekwijzer.Placement) ([]attendanceExport, error) {
	out := []attendanceExport{}
	for _, pl := range pls {
		a, err := s.store.Attendance(ctx, pl.ID)
		if err != nil {
			return nil, err
		}
		if len(a.Marks) > 0 {
			out = append(out, attendanceExport{PlacementID: pl.ID, Marks: a.Marks, Totals: a.Totals})
		}
	}
	return out, nil
}
