package matching

import (
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/geo"
)

// Stats are the observed outcomes and proposals matching learns from.
type Stats struct {
	// Dropouts are ended placements and dropouts per work type and
	// target group.
	Dropouts []plekwijzer.DropoutCount
	// Proposals counts recent proposals and bookings per organisation
	// (the caller chooses the window; 30 days is usual).
	Proposals map[string]int
}

// Input is everything a Pool is built from.
type Input struct {
	WorkTypes []*plekwijzer.WorkType
	Skills    []*plekwijzer.Skill
	Offers    []*plekwijzer.OfferDoc
	Stats     Stats
	Today     plekwijzer.Date
	Weights   Weights // zero value: DefaultWeights
}

// Pool is a prepared, read-only snapshot of the offers and the catalogue:
// build it once, rank many participants against it. Safe for concurrent
// use.
type Pool struct {
	today   plekwijzer.Date
	weights Weights // normalized

	workTypes  []*plekwijzer.WorkType
	wtIndex    map[string]int32
	wtSkills   [][]int32
	skillNames []string
	skillIndex map[string]int32
	skillGroup []int32 // skill → group index, -1 for none
	numGroups  int

	offers  []offer
	byID    map[string]int
	orgs    map[string]*orgStats
	risk    *riskModel
	packing int32 // work type index of packing work, -1 if absent
}

// offer is an OfferDoc prepared for fast ranking.
type offer struct {
	doc       *plekwijzer.OfferDoc
	workType  int32
	required  []int32
	learnable []int32
	point     geo.Point
	located   bool
	pc4       uint16 // the PC4 area as a number: the key of a kmCache
	freeMask  uint16 // day-parts with a free place for everyone
	offered   uint16 // day-parts with places at all (full or not)
	reserved  bool   // has reserved places: ask the doc per referrer
	admits    uint16 // target groups admitted (bit per plekwijzer.TargetGroups index), all if empty
	rung      int
	org       *orgStats
	// The fields of doc the hard constraints read, copied so that the hot
	// loop does not follow doc for every offer.
	open            bool
	supervision     int
	load            int // PhysicalLoad.Rank()
	wheelchair      bool
	publicTransport bool
	// retention is the Retention component per target group (by index in
	// plekwijzer.TargetGroups), shared by the offers of a work type.
	retention []float64
}

// orgStats are what fair exposure needs of an organisation.
type orgStats struct {
	free      int // free places over its open offers, per week
	proposals int // recent proposals
}

// NewPool prepares in for ranking.
func NewPool(in Input) *Pool {
	w := in.Weights
	if w.sum() == 0 {
		w = DefaultWeights
	}
	p := &Pool{
		today:      in.Today,
		weights:    w.normalized(),
		workTypes:  in.WorkTypes,
		wtIndex:    make(map[string]int32, len(in.WorkTypes)),
		skillIndex: make(map[string]int32, len(in.Skills)),
		byID:       make(map[string]int, len(in.Offers)),
		orgs:       map[string]*orgStats{},
		packing:    -1,
	}
	if p.today == "" {
		p.today = plekwijzer.Today()
	}
	groups := map[string]int32{}
	p.skillGroup = make([]int32, len(in.Skills))
	p.skillNames = make([]string, len(in.Skills))
	for i, s := range in.Skills {
		p.skillIndex[s.ID] = int32(i)
		p.skillNames[i] = s.Name
		p.skillGroup[i] = -1
		if s.Group != "" {
			g, ok := groups[s.Group]
			if !ok {
				g = int32(len(groups))
				groups[s.Group] = g
			}
			p.skillGroup[i] = g
		}
	}
	p.numGroups = len(groups)
	p.wtSkills = make([][]int32, len(in.WorkTypes))
	for i, wt := range in.WorkTypes {
		p.wtIndex[wt.ID] = int32(i)
		p.wtSkills[i] = p.skillIDs(wt.Skills)
		if wt.Code == PackingCode {
			p.packing = int32(i)
		}
	}
	p.offers = make([]offer, 0, len(in.Offers))
	for _, d := range in.Offers {
		o := d.Offer
		wt, ok := p.wtIndex[o.WorkTypeID]
		if !ok {
			wt = -1
		}
		org := p.orgs[o.OrganisationID]
		if org == nil {
			org = &orgStats{proposals: in.Stats.Proposals[o.OrganisationID]}
			p.orgs[o.OrganisationID] = org
		}
		po := offer{
			doc:       d,
			workType:  wt,
			required:  p.skillIDs(o.RequiredSkills),
			learnable: p.skillIDs(o.LearnableSkills),
			freeMask:  dayPartMask(d.Free),
			offered:   dayPartMask(d.Offer.Capacity),
			reserved:  hasReserved(d),
			admits:    targetGroupMask(o.TargetGroups),
			rung:      offerRung(d),
			org:       org,

			open:            o.Status == plekwijzer.OfferOpen,
			supervision:     o.Supervision,
			load:            o.PhysicalLoad.Rank(),
			wheelchair:      o.Access.Wheelchair,
			publicTransport: o.Access.PublicTransport,
		}
		if pc, ok := geo.Lookup(o.Postcode); ok {
			po.point, po.located, po.pc4 = pc.Point, true, pc4Key(pc.PC4)
		}
		if o.Status == plekwijzer.OfferOpen {
			org.free += d.Free.Total()
		}
		p.byID[o.ID] = len(p.offers)
		p.offers = append(p.offers, po)
	}
	p.risk = newRiskModel(in.Stats.Dropouts)
	retention := map[string][]float64{}
	for i := range p.offers {
		o := &p.offers[i]
		r, ok := retention[o.doc.Offer.WorkTypeID]
		if !ok {
			r = make([]float64, len(plekwijzer.TargetGroups))
			for g, tg := range plekwijzer.TargetGroups {
				r[g] = p.retention(o, tg)
			}
			retention[o.doc.Offer.WorkTypeID] = r
		}
		o.retention = r
	}
	return p
}

// PackingCode is the catalogue code of packing and repacking work, the work
// the letter says there was too much of.
const PackingCode = "inpakken"

// Today is the date the pool ranks for.
func (p *Pool) Today() plekwijzer.Date { return p.today }

// Offers is the number of offers in the pool.
func (p *Pool) Offers() int { return len(p.offers) }

// Docs returns the documents of every offer in the pool, in no particular
// order. The caller must not change them.
func (p *Pool) Docs() []*plekwijzer.OfferDoc {
	out := make([]*plekwijzer.OfferDoc, len(p.offers))
	for i := range p.offers {
		out[i] = p.offers[i].doc
	}
	return out
}

// Catalogue returns the catalogue's work types. The caller must not change
// them.
func (p *Pool) Catalogue() []*plekwijzer.WorkType { return p.workTypes }

// Offer returns the document of an offer in the pool.
func (p *Pool) Offer(id string) (*plekwijzer.OfferDoc, bool) {
	i, ok := p.byID[id]
	if !ok {
		return nil, false
	}
	return p.offers[i].doc, true
}

// WorkType returns a work type of the catalogue by id.
func (p *Pool) WorkType(id string) (*plekwijzer.WorkType, bool) {
	i, ok := p.wtIndex[id]
	if !ok {
		return nil, false
	}
	return p.workTypes[i], true
}

func (p *Pool) skillIDs(ids []string) []int32 {
	out := make([]int32, 0, len(ids))
	for _, id := range ids {
		if i, ok := p.skillIndex[id]; ok {
			out = append(out, i)
		}
	}
	return out
}

func dayPartMask(c plekwijzer.Capacity) uint16 {
	var m uint16
	for d, n := range c {
		if i := d.Index(); i >= 0 && n > 0 {
			m |= 1 << i
		}
	}
	return m
}

func maskOf(parts []plekwijzer.DayPart) uint16 {
	var m uint16
	for _, d := range parts {
		if i := d.Index(); i >= 0 {
			m |= 1 << i
		}
	}
	return m
}

// dayPartsOf lists the day-parts of m in calendar order.
func dayPartsOf(m uint16) []plekwijzer.DayPart {
	out := make([]plekwijzer.DayPart, 0, bitsSet(m))
	for i, d := range plekwijzer.DayParts {
		if m&(1<<i) != 0 {
			out = append(out, d)
		}
	}
	return out
}

func bitsSet(m uint16) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

func targetGroupMask(tgs []plekwijzer.TargetGroup) uint16 {
	if len(tgs) == 0 {
		return math.MaxUint16
	}
	var m uint16
	for _, tg := range tgs {
		if i := slices.Index(plekwijzer.TargetGroups, tg); i >= 0 {
			m |= 1 << i
		}
	}
	return m
}

func targetGroupBit(tg plekwijzer.TargetGroup) uint16 {
	if i := slices.Index(plekwijzer.TargetGroups, tg); i >= 0 {
		return 1 << i
	}
	return 0
}

// hasReserved reports whether some of the offer's places are reserved for
// the participants of certain referrers.
func hasReserved(d *plekwijzer.OfferDoc) bool { return len(d.Reserved) > 0 }

// freeMaskFor is the day-parts in which the offer has a place this
// participant may take.
func (o *offer) freeMaskFor(referrer *string) uint16 {
	if !o.reserved {
		return o.freeMask
	}
	return dayPartMask(o.doc.FreeFor(referrer))
}

// pc4Key is a PC4 area as a number (1000–9999), 0 for none.
func pc4Key(pc4 string) uint16 {
	n, err := strconv.Atoi(pc4)
	if err != nil || n < 1000 || n > 9999 {
		return 0
	}
	return uint16(n)
}

// kmCache remembers, during one ranking, the distance from the point that
// stays the same (the participant when ranking offers, the offer when
// ranking participants) to each PC4 area of the other side: everyone in an
// area sits at its centre, so a few hundred distances serve ten thousands
// of pairs. A stamp per entry tells the current ranking's entries from
// older ones, so the cache is reused without clearing.
type kmCache struct {
	byPerson bool // keyed by the participant's area (ranking participants), else the offer's
	gen      uint32
	stamp    [10000]uint32
	km       [10000]float64
}

var kmCaches = sync.Pool{New: func() any { return new(kmCache) }}

// newKmCache returns an empty cache from the pool; put it back with done.
func newKmCache(byPerson bool) *kmCache {
	c := kmCaches.Get().(*kmCache)
	c.byPerson = byPerson
	c.gen++
	if c.gen == 0 { // wrapped: old stamps could match again
		clear(c.stamp[:])
		c.gen = 1
	}
	return c
}

func (c *kmCache) done() { kmCaches.Put(c) }

// distance is geo.DistanceKm(ps.point, o.point), remembered. A nil cache
// remembers nothing.
func (c *kmCache) distance(ps *Person, o *offer) float64 {
	if c == nil {
		return geo.DistanceKm(ps.point, o.point)
	}
	key := o.pc4
	if c.byPerson {
		key = ps.pc4
	}
	if key == 0 {
		return geo.DistanceKm(ps.point, o.point)
	}
	if c.stamp[key] != c.gen {
		c.km[key] = geo.DistanceKm(ps.point, o.point)
		c.stamp[key] = c.gen
	}
	return c.km[key]
}
