package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
	"github.com/iederz/plekwijzer/matching"
)

// organisationRef and workTypeRef name what an item is about, so that a
// list can be shown without a request per item.
type organisationRef struct {
	ID   string                      `json:"id"`
	Name string                      `json:"naam"`
	Kind plekwijzer.OrganisationKind `json:"soort"`
}

type workTypeRef struct {
	ID   string `json:"id"`
	Code string `json:"code"`
	Name string `json:"naam"`
}

// offerCard is the offer as a ranked item shows it.
type offerCard struct {
	Offer        *plekwijzer.Offer   `json:"werkplek"`
	Organisation organisationRef     `json:"organisatie"`
	WorkType     workTypeRef         `json:"werksoort"`
	Free         plekwijzer.Capacity `json:"vrij"`
}

type matchItem struct {
	offerCard
	Score      float64              `json:"score"`
	Components map[string]float64   `json:"onderdelen"`
	Reasons    []string             `json:"redenen"`
	DayParts   []plekwijzer.DayPart `json:"dagdelen"`
	DistanceKm *float64             `json:"afstandKm"`
}

type matchAnswer struct {
	Items      []matchItem            `json:"items"`
	Excluded   map[string]int         `json:"uitgesloten"`
	Considered int                    `json:"beschouwd"`
	Diversity  matching.ListDiversity `json:"diversiteit"`
	// NearMisses are the offers that break one hard rule (two when fewer
	// than five break one), Relaxations what one step of a rule opens.
	NearMisses  []nearMissItem   `json:"bijnaPassend"`
	Relaxations []relaxationItem `json:"versoepelingen"`
}

// nearMissItem is an offer that almost fits, with the rules it breaks.
type nearMissItem struct {
	offerCard
	Score      float64              `json:"score"`
	DayParts   []plekwijzer.DayPart `json:"dagdelen"`
	DistanceKm *float64             `json:"afstandKm"`
	Misses     []missItem           `json:"redenen"`
}

// missItem is one rule a near miss breaks and what to do about it.
type missItem struct {
	Rule   string          `json:"regel"`
	Value  *float64        `json:"waarde"`
	Limit  *float64        `json:"grens"`
	Text   string          `json:"tekst"`
	Action matching.Action `json:"actie"`
	Advice string          `json:"advies"`
}

// relaxationItem is what one step of a rule would open.
type relaxationItem struct {
	Rule        string              `json:"regel"`
	Step        string              `json:"stap"`
	DayPart     *plekwijzer.DayPart `json:"dagdeel"`
	ExtraOffers int                 `json:"extraWerkplekken"`
	ExtraPlaces int                 `json:"extraPlekken"`
}

// nearMissAnswer fills in a's near misses and relaxations for ps.
func nearMissAnswer(a *matchAnswer, pool *matching.Pool, ps *matching.Person, opt matching.Options) {
	near, relax := pool.NearMisses(ps, opt)
	a.NearMisses, a.Relaxations = make([]nearMissItem, len(near)), make([]relaxationItem, len(relax))
	for i, n := range near {
		m := offerItem(n.Match)
		item := nearMissItem{offerCard: m.offerCard, Score: m.Score,
			DayParts: m.DayParts, DistanceKm: m.DistanceKm, Misses: make([]missItem, len(n.Misses))}
		for j, x := range n.Misses {
			item.Misses[j] = missItem{Rule: x.Rule.Name(), Value: x.Value, Limit: x.Limit, Text: x.Text, Action: x.Action, Advice: x.Advice}
		}
		a.NearMisses[i] = item
	}
	for i, r := range relax {
		a.Relaxations[i] = relaxationItem{Rule: r.Rule.Name(), Step: r.Step, ExtraOffers: r.ExtraOffers, ExtraPlaces: r.ExtraPlaces}
		if r.DayPart != "" {
			d := r.DayPart
			a.Relaxations[i].DayPart = &d
		}
	}
}

// matchOptions reads aantal (1–100, default 10) and diversiteit (0–1).
func matchOptions(q *query, defaultLimit int) matching.Options {
	opt := matching.Options{Limit: defaultLimit}
	if v := q.c.QueryParam("aantal"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > matching.MaxLimit {
			q.p.Addf("aantal", "moet 1 tot en met %d zijn", matching.MaxLimit)
		}
		opt.Limit = n
	}
	if v := q.c.QueryParam("diversiteit"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1 {
			q.p.Add("diversiteit", "moet een getal van 0 (alleen score) tot en met 1 (zo gevarieerd mogelijk) zijn")
		}
		opt.Diversity = &f
	}
	return opt
}

// matchRequest reads the id in the path and the options in the query.
func matchRequest(c echo.Context, defaultLimit int, params ...string) (string, matching.Options, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return "", matching.Options{}, err
	}
	q := newQuery(c, params...)
	opt := matchOptions(q, defaultLimit)
	return id, opt, q.err()
}

// person loads the current pool and a participant the actor may see, with
// their history, prepared against the pool.
func (s *Server) person(c echo.Context, id string) (*matching.Pool, *matching.Person, error) {
	pool, err := s.matchPool.get(c.Request().Context())
	if err != nil {
		return nil, nil, err
	}
	p, err := s.participantFor(c, id)
	if err != nil {
		return nil, nil, err
	}
	hs, err := s.store.Histories(c.Request().Context(), []string{id})
	if err != nil {
		return nil, nil, err
	}
	if err := s.audit(c, plekwijzer.AuditMatch, id); err != nil {
		return nil, nil, err
	}
	return pool, pool.Prepare(p, hs[id]), nil
}

func (s *Server) matches(c echo.Context) error {
	id, opt, err := matchRequest(c, 10, "aantal", "diversiteit")
	if err != nil {
		return err
	}
	pool, ps, err := s.person(c, id)
	if err != nil {
		return err
	}
	start := time.Now()
	res := pool.Match(ps, opt)
	observe(s.metrics.matching.WithLabelValues(opMatches), start)
	out := matchAnswer{Items: make([]matchItem, len(res.Items)), Excluded: res.Excluded.Map(), Considered: res.Considered, Diversity: res.Diversity}
	for i, m := range res.Items {
		out.Items[i] = offerItem(m)
	}
	nearMissAnswer(&out, pool, ps, opt)
	return writeJSON(c, http.StatusOK, out)
}

func offerItem(m matching.Match) matchItem {
	d := m.Offer
	return matchItem{
		offerCard: offerCard{Offer: d.Offer,
			Organisation: organisationRef{ID: d.Offer.OrganisationID, Name: d.OrganisationName, Kind: d.OrganisationKind},
			WorkType:     workTypeRef{ID: d.Offer.WorkTypeID, Code: d.WorkTypeCode, Name: d.WorkTypeName},
			Free:         d.Free},
		Score:      m.Score,
		Components: m.Scores.Map(),
		Reasons:    m.Reasons,
		DayParts:   m.DayParts,
		DistanceKm: m.DistanceKm,
	}
}

// participantRef is the least a coach needs to recognise a participant in
// a list: the pseudonymous code, never more.
type participantRef struct {
	ID          string                 `json:"id"`
	Code        string                 `json:"code"`
	TargetGroup plekwijzer.TargetGroup `json:"doelgroep"`
	Phase       plekwijzer.Phase       `json:"fase"`
}

type candidateItem struct {
	Participant participantRef       `json:"deelnemer"`
	Score       float64              `json:"score"`
	Components  map[string]float64   `json:"onderdelen"`
	Reasons     []string             `json:"redenen"`
	DayParts    []plekwijzer.DayPart `json:"dagdelen"`
	DistanceKm  *float64             `json:"afstandKm"`
}

type candidateAnswer struct {
	Items      []candidateItem `json:"items"`
	Excluded   map[string]int  `json:"uitgesloten"`
	Considered int             `json:"beschouwd"`
}

// candidates ranks the participants the actor may see for one offer: a
// coach their caseload and shares (with eigen=true their own caseload
// only), a beheerder everyone.
func (s *Server) candidates(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q := newQuery(c, "aantal", "eigen")
	opt := matchOptions(q, 10)
	own := q.boolean("eigen")
	if err := q.err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.store.Offer(ctx, id); err != nil {
		return err
	}
	pool, err := s.matchPool.get(ctx)
	if err != nil {
		return err
	}
	f := rankedFilter(c, own != nil && *own)
	res, ok, err := s.rankCandidates(c, pool, id, f, opt)
	if err != nil {
		return err
	}
	if !ok { // deleted between the two reads
		return notFound()
	}
	out := candidateAnswer{Items: make([]candidateItem, len(res.Items)), Excluded: res.Excluded.Map(), Considered: res.Considered}
	shown := make([]string, len(res.Items))
	for i, m := range res.Items {
		shown[i] = m.Person.P.ID
	}
	if err := s.audit(c, plekwijzer.AuditMatch, shown...); err != nil {
		return err
	}
	for i, m := range res.Items {
		out.Items[i] = candidateItem{
			Participant: refOf(m.Person),
			Score:       m.Score, Components: m.Scores.Map(), Reasons: m.Reasons, DayParts: m.DayParts, DistanceKm: m.DistanceKm,
		}
	}
	return writeJSON(c, http.StatusOK, out)
}

// peopleChunk is how many participants a request over a whole population
// (a beheerder's candidates, the demand gap) reads and ranks at a time:
// everyone with their histories at once would take hundreds of megabytes
// at a region's scale (about 3.5 kB a person while read and prepared).
// Smaller parts cost more in the database than they save: on PostgreSQL
// each part looks its people's lists up by id, and 100 000 people read in
// parts of 2 000 took 14.8 s against 6.7 s in parts of 10 000 and 5.7 s
// at once (bench/matchbench data, 10 000 offers).
var peopleChunk = 10_000

// eachChunk reads the matchable participants f selects, peopleChunk at a
// time in code order, and hands each part to fn prepared against the pool.
func (s *Server) eachChunk(ctx context.Context, pool *matching.Pool, f plekwijzer.ParticipantFilter, fn func([]*matching.Person) error) error {
	for after := ""; ; {
		ps, err := s.store.MatchableParticipantsAfter(ctx, f, after, peopleChunk)
		if err != nil {
			return err
		}
		people, err := s.prepare(ctx, pool, ps)
		if err != nil {
			return err
		}
		if err := fn(people); err != nil {
			return err
		}
		if len(ps) < peopleChunk {
			return nil
		}
		after = ps[len(ps)-1].Code
	}
}

// errGone stops eachChunk when the offer was deleted meanwhile.
var errGone = errors.New("offer gone")

// rankCandidates ranks the participants f selects for the offer id, a
// chunk at a time: the best of each chunk are ranked again together with
// the best so far, which gives the same list as ranking everyone at once
// (one person's score does not depend on the others) without everyone in
// memory.
func (s *Server) rankCandidates(c echo.Context, pool *matching.Pool, id string, f plekwijzer.ParticipantFilter, opt matching.Options) (*matching.CandidateResult, bool, error) {
	total := &matching.CandidateResult{}
	var best []*matching.Person
	var ranking time.Duration // the ranking's own time, for the metrics
	err := s.eachChunk(c.Request().Context(), pool, f, func(people []*matching.Person) error {
		start := time.Now()
		res, ok := pool.Candidates(id, people, opt)
		if !ok {
			return errGone
		}
		total.Considered += res.Considered
		for i, n := range res.Excluded {
			total.Excluded[i] += n
		}
		for _, it := range res.Items {
			best = append(best, it.Person)
		}
		merged, _ := pool.Candidates(id, best, opt)
		ranking += time.Since(start)
		total.Items, best = merged.Items, best[:0]
		for _, it := range merged.Items {
			best = append(best, it.Person)
		}
		return nil
	})
	if errors.Is(err, errGone) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	s.metrics.matching.WithLabelValues(opCandidates).Observe(ranking.Seconds())
	return total, true, nil
}

// people loads the matchable participants f selects with their histories,
// prepared against the pool.
func (s *Server) people(c echo.Context, pool *matching.Pool, f plekwijzer.ParticipantFilter) ([]*matching.Person, error) {
	ctx := c.Request().Context()
	ps, err := s.store.MatchableParticipants(ctx, f)
	if err != nil {
		return nil, err
	}
	return s.prepare(ctx, pool, ps)
}

// prepare reads the histories of ps and prepares them against the pool.
func (s *Server) prepare(ctx context.Context, pool *matching.Pool, ps []*plekwijzer.Participant) ([]*matching.Person, error) {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	hs, err := s.store.Histories(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*matching.Person, len(ps))
	for i, p := range ps {
		out[i] = pool.Prepare(p, hs[p.ID])
	}
	return out, nil
}

type workTypeMatchItem struct {
	WorkType   *plekwijzer.WorkType `json:"werksoort"`
	Score      float64              `json:"score"`
	Components map[string]float64   `json:"onderdelen"`
	Reasons    []string             `json:"redenen"`
	Offers     int                  `json:"passendeWerkplekken"`
	DayParts   []plekwijzer.DayPart `json:"vrijeDagdelen"`
}

type workTypeMatchAnswer struct {
	Items    []workTypeMatchItem `json:"items"`
	Excluded map[string]int      `json:"uitgesloten"`
	Source   string              `json:"bron"`
}

// participantWorkTypes ranks the whole catalogue for one participant.
func (s *Server) participantWorkTypes(c echo.Context) error {
	id, opt, err := matchRequest(c, 0, "aantal")
	if err != nil {
		return err
	}
	pool, ps, err := s.person(c, id)
	if err != nil {
		return err
	}
	start := time.Now()
	res := pool.WorkTypes(ps, opt)
	observe(s.metrics.matching.WithLabelValues(opWorkTypes), start)
	out := workTypeMatchAnswer{Items: make([]workTypeMatchItem, len(res.Items)), Excluded: map[string]int{
		matching.Avoided.Name(): res.Excluded[matching.Avoided],
	}, Source: catalogue.Attribution}
	for i, m := range res.Items {
		out.Items[i] = workTypeMatchItem{WorkType: m.WorkType, Score: m.Score, Components: m.Scores, Reasons: m.Reasons, Offers: m.Offers, DayParts: m.DayParts}
	}
	return writeJSON(c, http.StatusOK, out)
}
