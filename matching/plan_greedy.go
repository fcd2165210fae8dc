package matching

// baseline is the first-come plan on the same input: people in waiting
// order, each taking the free places of their best-ranked offers, as a
// coach matching one person at a time would. Spread, a person goes down
// their ranking until they have the day-parts they want; with oneOffer
// they stop at the first offer with a free place.
func (m *planModel) baseline(oneOffer bool) Baseline {
	free := m.freePlaces()
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
				if n >= pp.want || e.usable&^got&(1<<d) == 0 {
					continue
				}
				if ok, _ := free[e.offer].take(d, pp.eligible[e.offer]); ok {
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

// freePlaces is a copy of the model's free places to take from.
func (m *planModel) freePlaces() map[int]*offerPlaces {
	out := make(map[int]*offerPlaces, len(m.places))
	for o, op := range m.places {
		c := &offerPlaces{general: op.general, reserved: append([][10]int(nil), op.reserved...)}
		out[o] = c
	}
	return out
}

// take takes a place on day-part d for a person who may use the reserved
// entries refs: a reserved place first, else one for everyone. It reports
// whether there was one, and whether it was reserved.
func (op *offerPlaces) take(d int, refs []int8) (ok, reserved bool) {
	for _, r := range refs {
		if op.reserved[r][d] > 0 {
			op.reserved[r][d]--
			return true, true
		}
	}
	if op.general[d] > 0 {
		op.general[d]--
		return true, false
	}
	return false, false
}
