package matching

// baseline is the first-come plan on the same input: people in waiting
// order, each taking the free places of their best-ranked offers, as a
// coach matching one person at a time would. Spread, a person goes down
// their ranking until they have the day-parts they want; with oneOffer
// they stop at the first offer with a free place.
func (m *planModel) baseline(oneOffer bool) Baseline {
	occ := m.newOccupancy()
	var b Baseline
	for i := range m.people {
		pp := &m.people[i]
		var got uint16
		n := 0
		for _, e := range pp.cands {
			if n >= pp.want {
				break
			}
			before := n
			for d := range 10 {
				if n < pp.want && e.usable&^got&(1<<d) != 0 && occ.add(pp, e.offer, d) {
					got |= 1 << d
					n++
					b.Total += points(e.score)
				}
			}
			if oneOffer && n > before {
				break
			}
		}
		if n > 0 {
			b.Placed++
			b.DayParts += n
		}
	}
	return b
}

// occupancy is who holds the free places of each (offer, day-part) in a
// plan being built, by the reserved entries they may use. Whether people
// fit is Hall's condition: for every set S of the offer's reserved
// entries, the people who may use only entries in S (and places for
// everyone) are at most the places for everyone plus those of S.
type occupancy struct {
	places map[int]*offerPlaces
	at     map[int]*[10][]classCount
}

// classCount is the number of people at a slot who may use the reserved
// entries in class (a bit per entry).
type classCount struct {
	class uint32
	n     int
}

func (m *planModel) newOccupancy() *occupancy {
	return &occupancy{places: m.places, at: map[int]*[10][]classCount{}}
}

// add puts person pp at offer o on day-part d if they fit, and reports
// whether they did.
func (oc *occupancy) add(pp *planPerson, o, d int) bool {
	var class uint32
	for _, r := range pp.eligible[o] {
		class |= 1 << r
	}
	op := oc.places[o]
	at := oc.at[o]
	if at == nil {
		at = &[10][]classCount{}
		oc.at[o] = at
	}
	cs := at[d]
	i := 0
	for i < len(cs) && cs[i].class != class {
		i++
	}
	if i == len(cs) {
		cs = append(cs, classCount{class: class})
	}
	cs[i].n++
	for s := uint32(0); s < 1<<len(op.reserved); s++ {
		supply := op.general[d]
		for r := range op.reserved {
			if s&(1<<r) != 0 {
				supply += op.reserved[r][d]
			}
		}
		demand := 0
		for _, c := range cs {
			if c.class&^s == 0 {
				demand += c.n
			}
		}
		if demand > supply {
			cs[i].n--
			return false
		}
	}
	at[d] = cs
	return true
}

// mayUseReserved reports whether pp may use a reserved place of offer o
// on day-part d.
func (m *planModel) mayUseReserved(pp *planPerson, o, d int) bool {
	for _, r := range pp.eligible[o] {
		if m.places[o].reserved[r][d] > 0 {
			return true
		}
	}
	return false
}
