package matching

import (
	"math"
	"slices"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/geo"
)

// HalfLifeMonths is how fast experience of a work type fades for variety:
// a work type last done six months ago counts half as "done" as one done
// today.
const HalfLifeMonths = 6.0

// Person is a participant and their history prepared against a pool, for
// ranking. Prepare once, rank often.
type Person struct {
	P *plekwijzer.Participant

	avail   uint16 // available day-parts minus those already taken by a placement
	busy    uint16
	tgBit   uint16
	tg      int // index in plekwijzer.TargetGroups, -1 for none
	point   geo.Point
	located bool
	pc4     uint16       // the PC4 area as a number: the key of a kmCache
	skills  []skillLevel // sorted by skill
	groups  []skillLevel // best level per skill group
	goals   []int32
	likes   []int32 // work types of interest
	avoids  []int32
	done    []workTypeExposure
	current []int32 // offers (pool indexes) with a placement that holds places now or later
	// proposals counts the voordrachten still waiting for a start
	// (proposed or accepted): the planner says so of a person it leaves
	// out, instead of "no place".
	proposals int
	rung      int
	ready     bool
	// The fields of P the hard constraints read, copied so that ranking
	// participants does not follow P for every one of them.
	supervision int
	load        int // LoadCapacity.Rank()
	wheelchair  bool
	maxKm       int
	referrer    *string
	// mostlyPacking: most of what the person did was packing work.
	mostlyPacking bool
}

type skillLevel struct {
	skill int32
	level int8
}

type workTypeExposure struct {
	workType int32
	exposure float64 // 1 doing it now … → 0 long ago
	dropped  bool    // dropped out of it
	months   float64 // since it was last done, 0 while doing it
}

// Prepare prepares a participant and their history for ranking.
func (p *Pool) Prepare(pt *plekwijzer.Participant, history []plekwijzer.HistoryEntry) *Person {
	ps := &Person{
		P: pt, tgBit: targetGroupBit(pt.TargetGroup), tg: slices.Index(plekwijzer.TargetGroups, pt.TargetGroup),
		supervision: pt.SupervisionNeed, load: pt.LoadCapacity.Rank(), wheelchair: pt.Wheelchair,
		maxKm: pt.MaxTravelKm, referrer: pt.ReferrerID,
	}
	if pc, ok := geo.Lookup(pt.Postcode); ok {
		ps.point, ps.located, ps.pc4 = pc.Point, true, pc4Key(pc.PC4)
	}
	for _, s := range pt.Skills {
		i, ok := p.skillIndex[s.SkillID]
		if !ok {
			continue
		}
		ps.skills = append(ps.skills, skillLevel{i, int8(s.Level)})
		if g := p.skillGroup[i]; g >= 0 {
			ps.groups = raiseLevel(ps.groups, g, int8(s.Level))
		}
	}
	ps.goals = p.skillIDs(pt.LearningGoals)
	ps.likes = p.workTypeIDs(pt.Interests)
	ps.avoids = p.workTypeIDs(pt.Avoid)
	today := p.today
	completedRecently, droppedRecently := false, false
	done, packing := 0, 0
	for _, h := range history {
		if h.Status.HoldsPlaces() && (h.End == nil || *h.End >= today) {
			ps.busy |= maskOf(h.DayParts)
			if h.Status == plekwijzer.PlacementProposed || h.Status == plekwijzer.PlacementAccepted {
				ps.proposals++
			}
			if i, ok := p.byID[h.OfferID]; ok && !contains32(ps.current, int32(i)) {
				ps.current = append(ps.current, int32(i))
			}
		}
		if h.Status == plekwijzer.PlacementProposed || h.Status == plekwijzer.PlacementCancelled {
			continue // never really done
		}
		months := 0.0
		if h.End != nil && *h.End < today {
			months = monthsBetween(*h.End, today)
			if h.Status == plekwijzer.PlacementCompleted && months <= 12 {
				completedRecently = true
			}
			if h.Status == plekwijzer.PlacementDropout && months <= 3 {
				droppedRecently = true
			}
		}
		wt, ok := p.wtIndex[h.WorkTypeID]
		if !ok {
			continue
		}
		done++
		if wt == p.packing {
			packing++
		}
		ps.done = addExposure(ps.done, wt, months, h.Status == plekwijzer.PlacementDropout)
	}
	ps.avail = maskOf(pt.Availability) &^ ps.busy
	ps.rung = personRung(pt)
	ps.ready = completedRecently && !droppedRecently
	ps.mostlyPacking = done >= 2 && 2*packing >= done
	return ps
}

func (p *Pool) workTypeIDs(ids []string) []int32 {
	out := make([]int32, 0, len(ids))
	for _, id := range ids {
		if i, ok := p.wtIndex[id]; ok {
			out = append(out, i)
		}
	}
	return out
}

func raiseLevel(ls []skillLevel, g int32, level int8) []skillLevel {
	for i := range ls {
		if ls[i].skill == g {
			ls[i].level = max(ls[i].level, level)
			return ls
		}
	}
	return append(ls, skillLevel{g, level})
}

func levelOf(ls []skillLevel, s int32) int8 {
	for _, l := range ls {
		if l.skill == s {
			return l.level
		}
	}
	return 0
}

func addExposure(es []workTypeExposure, wt int32, months float64, dropped bool) []workTypeExposure {
	e := math.Pow(0.5, months/HalfLifeMonths)
	for i := range es {
		if es[i].workType == wt {
			if e > es[i].exposure {
				es[i].exposure, es[i].months = e, months
			}
			es[i].dropped = es[i].dropped || dropped
			return es
		}
	}
	return append(es, workTypeExposure{workType: wt, exposure: e, dropped: dropped, months: months})
}

func (ps *Person) exposure(wt int32) (workTypeExposure, bool) {
	for _, e := range ps.done {
		if e.workType == wt {
			return e, true
		}
	}
	return workTypeExposure{}, false
}

func contains32(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func monthsBetween(from, to plekwijzer.Date) float64 {
	a, err1 := time.Parse(time.DateOnly, string(from))
	b, err2 := time.Parse(time.DateOnly, string(to))
	if err1 != nil || err2 != nil {
		return 0
	}
	return b.Sub(a).Hours() / 24 / 30.44
}

// The ladder from care to work. Offers and participants each stand on one
// rung.
const (
	rungDayActivities = iota // dagbesteding at a care provider
	rungDevelopment          // a development place (ontwikkelplek), an internship
	rungSheltered            // sheltered work or a job-agreement place
	rungRegular              // regular work
)

var rungNames = [...]string{"dagbesteding", "ontwikkelplek", "beschut werk of banenafspraak", "regulier werk"}

// offerRung places an offer on the ladder by what it is and who offers it.
func offerRung(d *plekwijzer.OfferDoc) int {
	switch {
	case d.OrganisationKind == "zorgaanbieder":
		return rungDayActivities
	case d.Offer.DevelopmentPlace || d.OrganisationKind == "onderwijs":
		return rungDevelopment
	case d.OrganisationKind == "overig":
		return rungRegular
	default: // an iederz department or a social enterprise
		return rungSheltered
	}
}

// personRung places a participant on the ladder by their phase.
func personRung(pt *plekwijzer.Participant) int {
	switch pt.Phase {
	case "intake":
		if pt.TargetGroup == "dagbesteding-wmo" {
			return rungDayActivities
		}
		return rungDevelopment
	case "voortraject", "ontwikkelplek":
		return rungDevelopment
	case "beschut", "banenafspraak":
		return rungSheltered
	case "uitgestroomd":
		return rungRegular
	}
	return rungDevelopment
}
