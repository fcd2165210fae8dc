package api

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// A voordracht travels with a proposed placement: what the werkplek may
// know about the participant, frozen when it was sent. The werkplek answers
// it (antwoord), both sides arrange an intake (kennismaking), and the
// coaches and the werkplek talk in the placement's thread (berichten).
// Every read or change of these is audited as an access to the
// participant's data.

// placementView is a placement with its voordracht, as GET
// /plaatsingen/{id} and the answers to a voordracht show it.
type placementView struct {
	*plekwijzer.Placement
	Proposal *plekwijzer.Proposal `json:"voordracht"`
}

// bookPlacement books pl; a proposal carries its voordracht (an empty one
// when the coach gave none: nothing shared, the coach as contact).
func (s *Server) bookPlacement(c echo.Context, pl *plekwijzer.Placement, n *plekwijzer.NewProposal) (*plekwijzer.Proposal, error) {
	ctx := c.Request().Context()
	if pl.Status != plekwijzer.PlacementProposed {
		return nil, s.store.CreatePlacement(ctx, pl)
	}
	if n == nil {
		n = &plekwijzer.NewProposal{}
	}
	return s.store.CreateProposedPlacement(ctx, pl, n, actor(c))
}

// viewPlacement adds the voordracht to a placement for actor a. A partner
// sees the shared items and the note only while the placement holds or
// held a place: once declined, withdrawn or expired, the werkplek has no
// more need of them.
func (s *Server) viewPlacement(c echo.Context, pl *plekwijzer.Placement) (*placementView, error) {
	pr, err := s.store.Proposal(c.Request().Context(), pl.ID)
	if err != nil {
		return nil, err
	}
	a := actor(c)
	if a.Role == plekwijzer.RolePartner && pl.Status == plekwijzer.PlacementCancelled {
		pr.Shared, pr.Note = []plekwijzer.SharedItem{}, ""
	}
	return &placementView{Placement: redactPlacement(a, pl), Proposal: pr}, nil
}

// writePlacementView audits the access and sends pl with its voordracht.
func (s *Server) writePlacementView(c echo.Context, code int, action plekwijzer.AuditAction, pl *plekwijzer.Placement) error {
	v, err := s.viewPlacement(c, pl)
	if err != nil {
		return err
	}
	if err := s.auditPlacements(c, action, pl); err != nil {
		return err
	}
	return writeEntity(c, code, pl.Version, v)
}

// answerProposal records the werkplek's answer to a voordracht.
func (s *Server) answerProposal(c echo.Context) error {
	return s.answer(c, plekwijzer.AnswerDecisions, s.store.AnswerProposal)
}

// replyIntake records either side's answer to a proposed intake time.
func (s *Server) replyIntake(c echo.Context) error {
	return s.answer(c, plekwijzer.IntakeDecisions, s.store.ReplyIntake)
}

type answerFunc func(ctx context.Context, id string, a *plekwijzer.Answer, by *plekwijzer.Actor) (*plekwijzer.Placement, error)

// answer is the shape of both answering routes: the placement must be one
// the actor sees (404 otherwise, before the body is looked at), the body a
// valid answer of the allowed decisions.
func (s *Server) answer(c echo.Context, allowed []plekwijzer.Decision, record answerFunc) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in plekwijzer.AnswerInput
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	if _, err := s.visiblePlacement(c, id); err != nil {
		return err
	}
	a, err := in.Answer(allowed, time.Now())
	if err != nil || bad != nil {
		return alsoInvalid(bad, err)
	}
	pl, err := record(c.Request().Context(), id, a, actor(c))
	if err != nil {
		return err
	}
	return s.writePlacementView(c, http.StatusOK, plekwijzer.AuditUpdate, pl)
}

// listMessages shows a placement's thread.
func (s *Server) listMessages(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q := newQuery(c, "pagina", "paginaGrootte")
	pg := q.page()
	if err := q.err(); err != nil {
		return err
	}
	pl, err := s.visiblePlacement(c, id)
	if err != nil {
		return err
	}
	ms, err := s.store.Messages(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if err := s.auditPlacements(c, plekwijzer.AuditRead, pl); err != nil {
		return err
	}
	total := len(ms)
	from := min((pg.Number-1)*pg.Size, total)
	return writeJSON(c, http.StatusOK, newList(ms[from:min(from+pg.Size, total)], total, pg))
}

// addMessage adds a message to a placement's thread.
func (s *Server) addMessage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in plekwijzer.NewMessage
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	pl, err := s.visiblePlacement(c, id)
	if err != nil {
		return err
	}
	text, err := in.Message()
	if err != nil || bad != nil {
		return alsoInvalid(bad, err)
	}
	a := actor(c)
	m := &plekwijzer.Message{PlacementID: id, AuthorID: &a.UserID, AuthorName: a.Name, AuthorRole: a.Role, Text: text}
	if err := s.store.AddMessage(c.Request().Context(), m); err != nil {
		return err
	}
	if err := s.auditPlacements(c, plekwijzer.AuditCreate, pl); err != nil {
		return err
	}
	return writeJSON(c, http.StatusCreated, m)
}

// proposalStats are the manager's figures on voordrachten per werkplek
// organisation.
func (s *Server) proposalStats(c echo.Context) error {
	if err := newQuery(c).err(); err != nil {
		return err
	}
	counts, err := s.store.ProposalCounts(c.Request().Context())
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, plekwijzer.NewProposalStats(counts))
}

// proposalExport is a placement's voordracht and thread in the export of
// everything stored about a participant.
type proposalExport struct {
	PlacementID string                `json:"plaatsingId"`
	Proposal    *plekwijzer.Proposal  `json:"voordracht"`
	Messages    []*plekwijzer.Message `json:"berichten"`
}

// exportProposals reads the voordracht and thread of every placement.
func (s *Server) exportProposals(ctx context.Context, pls []*plekwijzer.Placement) ([]proposalExport, error) {
	out := make([]proposalExport, 0, len(pls))
	for _, pl := range pls {
		pr, err := s.store.Proposal(ctx, pl.ID)
		if err != nil {
			return nil, err
		}
		ms, err := s.store.Messages(ctx, pl.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, proposalExport{PlacementID: pl.ID, Proposal: pr, Messages: ms})
	}
	return out, nil
}
