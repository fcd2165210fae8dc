package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/matching"
)

// Planner limits.
const (
	// MaxPlanPeople bounds one plan request: the iederz waiting list is a
	// few hundred people.
	MaxPlanPeople = 2000
	// planTimeout bounds loading, matching and solving one plan.
	planTimeout = 20 * time.Second
)

// planRequest asks for the best assignment of a group of participants.
type planRequest struct {
	Participants *[]string                   `json:"deelnemers"`     // default: the waiting list
	DayParts     *int                        `json:"dagdelen"`       // per person, default 4
	Candidates   *int                        `json:"kandidaten"`     // K, default 50
	OneOffer     *bool                       `json:"eenWerkplek"`    // keep a person's day-parts at one offer
	Book         *bool                       `json:"vastleggen"`     // book every assignment
	Skip         *[]string                   `json:"nietVastleggen"` // with vastleggen: participants whose assignment is not booked
	Start        *plekwijzer.Date            `json:"startdatum"`     // of the bookings, default today
	End          *plekwijzer.Date            `json:"einddatum"`
	Status       *plekwijzer.PlacementStatus `json:"status"` // of the bookings: voorgesteld (default) or actief
}

type planAssignment struct {
	Participant  participantRef       `json:"deelnemer"`
	Offer        planOfferRef         `json:"werkplek"`
	Organisation organisationRef      `json:"organisatie"`
	WorkType     workTypeRef          `json:"werksoort"`
	DayParts     []plekwijzer.DayPart `json:"dagdelen"`
	Reserved     []plekwijzer.DayPart `json:"gereserveerd"`
	Score        float64              `json:"score"`
	Points       int64                `json:"punten"`
	Rank         int                  `json:"rang"`
	Components   map[string]float64   `json:"onderdelen"`
	Reasons      []string             `json:"redenen"`
	HighRisk     bool                 `json:"hoogUitvalrisico"`
	PlacementID  *string              `json:"plaatsingId"`
}

type planOfferRef struct {
	ID    string `json:"id"`
	Title string `json:"titel"`
}

type planUnassigned struct {
	Participant participantRef `json:"deelnemer"`
	Reason      string         `json:"reden"`
	Explanation string         `json:"uitleg"`
	Excluded    map[string]int `json:"uitgesloten"`
	Candidates  int            `json:"kandidaten"`
}

type planShortfall struct {
	Participant participantRef `json:"deelnemer"`
	Wanted      int            `json:"gewenst"`
	Got         int            `json:"gekregen"`
	Reason      string         `json:"reden"`
	Explanation string         `json:"uitleg"`
}

type planProof struct {
	Method      string `json:"methode"`
	Optimal     bool   `json:"optimaal"`
	Bound       int64  `json:"bovengrens"`
	Verified    bool   `json:"gecontroleerd"`
	Dual        int64  `json:"duaal"`
	ArcsChecked int    `json:"gecontroleerdeBogen"`
	Pivots      int    `json:"pivots"`
	Branches    int    `json:"takken"`
}

type planFigures struct {
	Total    int64 `json:"totaleScore"`
	Placed   int   `json:"geplaatst"`
	DayParts int   `json:"dagdelen"`
}

type planAnswer struct {
	Assignments []planAssignment `json:"toewijzingen"`
	Unassigned  []planUnassigned `json:"nietToegewezen"`
	Short       []planShortfall  `json:"tekort"`
	planFigures
	Proof      planProof `json:"bewijs"`
	Comparison struct {
		FirstCome  planFigures `json:"eerstKomtEerst"`
		Difference planFigures `json:"verschil"`
	} `json:"vergelijking"`
	Size struct {
		People     int `json:"deelnemers"`
		Candidates int `json:"paren"`
		Nodes      int `json:"knopen"`
		Arcs       int `json:"bogen"`
		Slots      int `json:"plekken"`
	} `json:"omvang"`
	Milliseconds float64 `json:"ms"`
	Booked       bool    `json:"vastgelegd"`
}

// plan computes the best assignment of a group of participants (default:
// the waiting list the actor sees) to free places, with a proof of
// optimality and the first-come baseline; with vastleggen it books every
// assignment, all or none. The solver works on a snapshot: no database lock
// is held while it runs.
func (s *Server) plan(c echo.Context) error {
	var in planRequest
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	var p plekwijzer.Problems
	dayParts := intIn(&p, "dagdelen", in.DayParts, 4, 1, len(plekwijzer.DayParts))
	k := intIn(&p, "kandidaten", in.Candidates, matching.DefaultPlanCandidates, 1, matching.MaxLimit)
	start := plekwijzer.Today()
	if in.Start != nil {
		if !in.Start.Valid() {
			p.Add("startdatum", "is geen datum als 2026-01-31")
		} else {
			start = *in.Start
		}
	}
	if in.End != nil && (!in.End.Valid() || *in.End < start) {
		p.Add("einddatum", "is geen datum op of na de startdatum")
	}
	status := plekwijzer.PlacementProposed
	if in.Status != nil {
		if *in.Status != plekwijzer.PlacementProposed && *in.Status != plekwijzer.PlacementActive {
			p.Add("status", "kies voorgesteld of actief")
		} else {
			status = *in.Status
		}
	}
	if in.Participants != nil {
		seen := map[string]bool{}
		switch n := len(*in.Participants); {
		case n == 0:
			p.Add("deelnemers", "kies minstens één deelnemer, of laat het veld weg voor de wachtlijst")
		case n > MaxPlanPeople:
			p.Addf("deelnemers", "hoogstens %d deelnemers in één planning", MaxPlanPeople)
		}
		for i, id := range *in.Participants {
			switch {
			case !plekwijzer.ValidID(id):
				p.Add(fmt.Sprintf("deelnemers[%d]", i), "is geen geldige id")
			case seen[id]:
				p.Add(fmt.Sprintf("deelnemers[%d]", i), "staat er dubbel in")
			}
			seen[id] = true
		}
	}
	if in.Skip != nil {
		if len(*in.Skip) > MaxPlanPeople {
			p.Addf("nietVastleggen", "hoogstens %d deelnemers", MaxPlanPeople)
		}
		for i, id := range *in.Skip {
			if !plekwijzer.ValidID(id) {
				p.Add(fmt.Sprintf("nietVastleggen[%d]", i), "is geen geldige id")
			}
		}
	}
	if err := alsoInvalid(bad, p.Err()); err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(c.Request().Context(), planTimeout)
	defer cancel()
	c.SetRequest(c.Request().WithContext(ctx))
	started := time.Now()
	pool, err := s.matchPool.get(ctx)
	if err != nil {
		return err
	}
	people, err := s.planPeople(c, pool, in.Participants)
	if err != nil {
		return err
	}
	ids := make([]string, len(people))
	for i, pp := range people {
		ids[i] = pp.P.ID
	}
	if err := s.audit(c, plekwijzer.AuditMatch, ids...); err != nil {
		return err
	}
	input := matching.PlanInput{DayParts: dayParts, Candidates: k, OneOffer: in.OneOffer != nil && *in.OneOffer}
	for _, pp := range people {
		planned := matching.PlanPerson{Person: pp}
		if n := pp.P.DesiredDayParts; n != nil {
			planned.DayParts = *n // the profile's gewensteDagdelen, else the request's
		}
		input.People = append(input.People, planned)
	}
	plan, err := pool.Plan(ctx, input)
	if errors.Is(err, context.DeadlineExceeded) {
		return &echo.HTTPError{Code: http.StatusServiceUnavailable, Message: "De planning duurde te lang. Plan minder deelnemers tegelijk."}
	}
	if err != nil {
		return err
	}
	out := planResponse(plan)

	if in.Book != nil && *in.Book && len(plan.Assignments) > 0 {
		skip := map[string]bool{}
		if in.Skip != nil {
			for _, id := range *in.Skip {
				skip[id] = true
			}
		}
		var pls []*plekwijzer.Placement
		booked := map[int]*plekwijzer.Placement{} // by assignment
		for i, a := range plan.Assignments {
			pid, oid, parts := a.Person.P.ID, a.Offer.Offer.ID, a.DayParts
			if skip[pid] {
				continue // the coach left this row out
			}
			np := plekwijzer.NewPlacement{ParticipantID: &pid, OfferID: &oid, DayParts: &parts, StartDate: &start, EndDate: in.End, Status: &status}
			pl, err := np.PlacementOn(start)
			if err != nil {
				return err
			}
			pls = append(pls, pl)
			booked[i] = pl
		}
		if err := s.store.CreatePlacements(c.Request().Context(), pls); err != nil {
			if plekwijzer.ErrorCode(err) == plekwijzer.EConflict {
				return plekwijzer.Errorf(plekwijzer.EConflict, "De vrije plaatsen zijn intussen veranderd; er is niets vastgelegd. Maak de planning opnieuw.")
			}
			return err
		}
		if err := s.auditPlacements(c, plekwijzer.AuditCreate, pls...); err != nil {
			return err
		}
		for i, pl := range booked {
			id := pl.ID
			out.Assignments[i].PlacementID = &id
		}
		out.Booked = true
	}
	out.Milliseconds = float64(time.Since(started).Microseconds()) / 1000
	return writeJSON(c, http.StatusOK, out)
}

// planPeople loads the participants of a plan, in waiting order: the
// given ones (each must exist, be visible to the actor and not have flowed
// out) or the waiting list the actor sees.
func (s *Server) planPeople(c echo.Context, pool *matching.Pool, ids *[]string) ([]*matching.Person, error) {
	ctx := c.Request().Context()
	a := actor(c)
	visible := ""
	if a.Role == plekwijzer.RoleCoach {
		visible = a.UserID
	}
	var order []string
	if ids != nil {
		order = *ids
	} else {
		waiting, err := allPages(func(pg plekwijzer.Page) ([]plekwijzer.WaitingEntry, int, error) {
			return s.store.WaitingList(ctx, plekwijzer.WaitingFilter{VisibleTo: visible, Page: pg})
		})
		if err != nil {
			return nil, err
		}
		if len(waiting) == 0 {
			return nil, invalid("deelnemers", "de wachtlijst is leeg; noem de deelnemers die je wilt plannen")
		}
		if len(waiting) > MaxPlanPeople {
			return nil, invalid("deelnemers", fmt.Sprintf("de wachtlijst telt meer dan %d deelnemers; noem de deelnemers die je wilt plannen", MaxPlanPeople))
		}
		for _, w := range waiting {
			order = append(order, w.ParticipantID)
		}
	}
	people, err := s.people(c, pool, plekwijzer.ParticipantFilter{VisibleTo: visible, IDs: order})
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*matching.Person, len(people))
	for _, pp := range people {
		byID[pp.P.ID] = pp
	}
	var p plekwijzer.Problems
	out := make([]*matching.Person, 0, len(order))
	for i, id := range order {
		pp, ok := byID[id]
		if !ok {
			p.Add(fmt.Sprintf("deelnemers[%d]", i), "bestaat niet of is uitgestroomd")
			continue
		}
		out = append(out, pp)
	}
	return out, p.Err()
}

func planResponse(plan *matching.Plan) *planAnswer {
	out := &planAnswer{
		Assignments: make([]planAssignment, len(plan.Assignments)),
		Unassigned:  make([]planUnassigned, len(plan.Unassigned)),
		Short:       make([]planShortfall, len(plan.Short)),
		planFigures: planFigures{Total: plan.Total, Placed: plan.Placed, DayParts: plan.DayParts},
		Proof: planProof{Method: plan.Proof.Method, Optimal: plan.Proof.Optimal, Bound: plan.Proof.Bound, Verified: plan.Proof.Verified,
			Dual: plan.Proof.Dual, ArcsChecked: plan.Proof.ArcsChecked, Pivots: plan.Proof.Pivots, Branches: plan.Proof.Branches},
	}
	for i, a := range plan.Assignments {
		d := a.Offer
		reserved := a.Reserved
		if reserved == nil {
			reserved = []plekwijzer.DayPart{}
		}
		out.Assignments[i] = planAssignment{
			Participant:  refOf(a.Person),
			Offer:        planOfferRef{ID: d.Offer.ID, Title: d.Offer.Title},
			Organisation: organisationRef{ID: d.Offer.OrganisationID, Name: d.OrganisationName, Kind: d.OrganisationKind},
			WorkType:     workTypeRef{ID: d.Offer.WorkTypeID, Code: d.WorkTypeCode, Name: d.WorkTypeName},
			DayParts:     a.DayParts, Reserved: reserved, Score: a.Score, Points: a.Points, Rank: a.Rank,
			Components: a.Scores.Map(), Reasons: a.Reasons, HighRisk: a.HighRisk,
		}
	}
	for i, u := range plan.Unassigned {
		out.Unassigned[i] = planUnassigned{Participant: refOf(u.Person), Reason: u.Reason, Explanation: u.Explanation,
			Excluded: u.Excluded.Map(), Candidates: u.Candidates}
	}
	for i, sh := range plan.Short {
		out.Short[i] = planShortfall{Participant: refOf(sh.Person), Wanted: sh.Wanted, Got: sh.Got, Reason: sh.Reason, Explanation: sh.Explanation}
	}
	b := plan.Baseline
	out.Comparison.FirstCome = planFigures{Total: b.Total, Placed: b.Placed, DayParts: b.DayParts}
	out.Comparison.Difference = planFigures{Total: plan.Total - b.Total, Placed: plan.Placed - b.Placed, DayParts: plan.DayParts - b.DayParts}
	s := plan.Size
	out.Size.People, out.Size.Candidates, out.Size.Nodes, out.Size.Arcs, out.Size.Slots = s.People, s.Candidates, s.Nodes, s.Arcs, s.Slots
	return out
}

func refOf(ps *matching.Person) participantRef {
	return participantRef{ID: ps.P.ID, Code: ps.P.Code, TargetGroup: ps.P.TargetGroup, Phase: ps.P.Phase}
}

// intIn reads an optional whole number in [lo, hi].
func intIn(p *plekwijzer.Problems, name string, v *int, def, lo, hi int) int {
	if v == nil {
		return def
	}
	if *v < lo || *v > hi {
		p.Addf(name, "moet %d tot en met %d zijn", lo, hi)
		return def
	}
	return *v
}
