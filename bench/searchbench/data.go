package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/catalogue"
	"github.com/iederz/plekwijzer/geo"
	"github.com/iederz/plekwijzer/seed"
)

// workType is a catalogue work type with what the generator and the
// baseline need of it.
type workType struct {
	ID, Code, Name, Description string
	Environment, Load           string
	// Labels are the ESCO preferred and alternative labels of the linked
	// occupations: vocabulary for offers and queries.
	Labels    []string
	AltLabels []string
	// Synonyms are the labels the search index adds to an offer of this
	// work type, built the way search does (first work type of an
	// occupation code wins, each label once): the baseline indexes the
	// same words.
	Synonyms []string
	Skills   []string // skill ids
	weight   int
}

type organisation struct {
	ID, Name, Kind, PC4, Place string
}

type offer struct {
	ID, OrgID, WorkTypeID    string
	Title, Description       string
	Supervision              int
	Load, PC4, Status        string
	PublicTransport          bool
	Wheelchair, Dev          bool
	DayParts                 []string // in calendar order
	Places                   []int    // per DayParts entry
	Required, Learnable      []string // skill ids
	Groups                   []string // target groups
	orgName, orgKind, wtName string
	lat, lon                 float64
	hasLocation              bool
}

// dataset is everything one benchmark size loads.
type dataset struct {
	WorkTypes []*workType
	Orgs      []*organisation
	Offers    []*offer
	wtByID    map[string]*workType
}

// loadWorkTypes reads the catalogue the way seed.Catalogue loads it.
func loadWorkTypes() ([]*workType, error) {
	cat, err := catalogue.Load()
	if err != nil {
		return nil, err
	}
	// search.loadSynonyms: an occupation code shared by two work types
	// keeps the labels of the first.
	byCode := map[string][]string{}
	for _, w := range cat.WorkTypes {
		for _, o := range w.Occupations {
			if _, ok := byCode[o.Code]; !ok {
				byCode[o.Code] = append([]string{o.Name}, o.AltLabels...)
			}
		}
	}
	var out []*workType
	for _, w := range cat.WorkTypes {
		wt := &workType{
			ID: seed.WorkTypeID(w.Code), Code: w.Code, Name: w.Name, Description: w.Description,
			Environment: w.Environment, Load: w.PhysicalLoad, weight: 2,
		}
		seen := map[string]bool{}
		for _, o := range w.Occupations {
			wt.Labels = append(wt.Labels, o.Name)
			wt.Labels = append(wt.Labels, o.AltLabels...)
			wt.AltLabels = append(wt.AltLabels, o.AltLabels...)
			for _, l := range byCode[o.Code] {
				if k := strings.ToLower(l); !seen[k] {
					seen[k] = true
					wt.Synonyms = append(wt.Synonyms, l)
				}
			}
		}
		for _, u := range w.SkillURIs {
			wt.Skills = append(wt.Skills, seed.SkillID(u))
		}
		// The old core of iederz is still the largest.
		switch w.Code {
		case "inpakken":
			wt.weight = 6
		case "assemblage", "productiewerk", "schoonmaak", "groenvoorziening":
			wt.weight = 3
		}
		out = append(out, wt)
	}
	return out, nil
}

// generate makes n offers at about n/20 organisations, deterministically
// from seed.
func generate(n int, seedValue uint64) (*dataset, error) {
	wts, err := loadWorkTypes()
	if err != nil {
		return nil, err
	}
	d := &dataset{WorkTypes: wts, wtByID: map[string]*workType{}}
	for _, w := range wts {
		d.wtByID[w.ID] = w
	}
	rng := rand.New(rand.NewPCG(seedValue, uint64(n)))
	province := geo.InProvince("Groningen")
	if len(province) == 0 {
		return nil, fmt.Errorf("no postcode areas in the province of Groningen")
	}
	var city []geo.Postcode
	for _, p := range province {
		if p.Place == "Groningen" {
			city = append(city, p)
		}
	}
	pickPC := func() geo.Postcode {
		if len(city) > 0 && rng.IntN(100) < 45 {
			return city[rng.IntN(len(city))]
		}
		return province[rng.IntN(len(province))]
	}
	id := func(kind string, i int) string {
		return uuid.NewSHA1(uuid.NameSpaceURL, fmt.Appendf(nil, "https://plekwijzer.nl/bench/%d/%s/%d", seedValue, kind, i)).String()
	}

	nOrgs := max(5, n/20)
	for i := range nOrgs {
		pc := pickPC()
		o := &organisation{ID: id("org", i), PC4: pc.PC4, Place: pc.Place}
		o.Kind = weighted(rng, []string{"afdeling", "sociale-onderneming", "zorgaanbieder", "onderwijs", "overig"}, []int{15, 55, 15, 5, 10})
		switch o.Kind {
		case "afdeling":
			o.Name = "iederz " + pick(rng, departments) + " " + pc.Place
		case "sociale-onderneming":
			if rng.IntN(2) == 0 {
				o.Name = pick(rng, enterprises) + " " + pick(rng, houseNames)
			} else {
				o.Name = pick(rng, enterprises) + " " + pc.Place
			}
		case "zorgaanbieder":
			o.Name = pick(rng, careNames) + " " + pc.Place
			if rng.IntN(2) == 0 {
				o.Name += " (GON)"
			}
		case "onderwijs":
			o.Name = pick(rng, schoolNames) + " " + pc.Place
		default:
			o.Name = strings.Replace(pick(rng, otherNames), ",", " "+pc.Place+",", 1)
			if !strings.Contains(o.Name, pc.Place) {
				o.Name += " " + pc.Place
			}
		}
		d.Orgs = append(d.Orgs, o)
	}

	wWeights := make([]int, len(wts))
	for i, w := range wts {
		wWeights[i] = w.weight
	}
	for i := range n {
		org := d.Orgs[rng.IntN(len(d.Orgs))]
		wt := wts[weightedIndex(rng, wWeights)]
		o := &offer{ID: id("offer", i), OrgID: org.ID, WorkTypeID: wt.ID, orgName: org.Name, orgKind: org.Kind, wtName: wt.Name}
		o.PC4 = org.PC4
		place := org.Place
		if rng.IntN(10) == 0 {
			pc := pickPC()
			o.PC4, place = pc.PC4, pc.Place
		}
		if pc, ok := geo.Lookup(o.PC4); ok {
			o.lat, o.lon, o.hasLocation = pc.Point.Lat, pc.Point.Lon, true
		}
		o.Title, o.Description = compose(rng, wt, org, place)
		o.Supervision = 1 + weightedIndex(rng, []int{15, 40, 30, 15})
		o.Description += " " + pick(rng, supervisionSentences[o.Supervision])
		o.Load = wt.Load
		if rng.IntN(5) == 0 {
			switch wt.Load {
			case "hoog":
				o.Load = "midden"
			case "midden":
				o.Load = "laag"
			}
		}
		o.Status = weighted(rng, []string{"open", "gepauzeerd", "gesloten"}, []int{85, 10, 5})
		o.Dev = rng.IntN(2) == 0
		o.PublicTransport = rng.IntN(10) < 8
		o.Wheelchair = rng.IntN(10) < 4
		o.DayParts = dayPatterns[rng.IntN(len(dayPatterns))]
		o.Places = make([]int, len(o.DayParts))
		for j := range o.Places {
			o.Places[j] = 1 + rng.IntN(4)
		}
		skills := slices.Clone(wt.Skills)
		rng.Shuffle(len(skills), func(a, b int) { skills[a], skills[b] = skills[b], skills[a] })
		nr, nl := rng.IntN(3), 1+rng.IntN(3)
		if nr+nl > len(skills) {
			nr, nl = 0, min(nl, len(skills))
		}
		o.Required, o.Learnable = skills[:nr], skills[nr:nr+nl]
		if rng.IntN(10) < 3 {
			g := slices.Clone(targetGroups)
			rng.Shuffle(len(g), func(a, b int) { g[a], g[b] = g[b], g[a] })
			o.Groups = g[:1+rng.IntN(2)]
		}
		d.Offers = append(d.Offers, o)
	}
	return d, nil
}

// compose writes an offer's title and description from the phrase tables
// and the catalogue's words.
func compose(rng *rand.Rand, wt *workType, org *organisation, place string) (title, desc string) {
	acts := activities[wt.Code]
	if len(acts) == 0 {
		acts = genericActivities
	}
	a1 := pick(rng, acts)
	a2 := pick(rng, acts)
	for tries := 0; a2 == a1 && tries < 5; tries++ {
		a2 = pick(rng, acts)
	}
	label := pick(rng, wt.Labels)
	setting := pick(rng, settings)
	switch rng.IntN(7) {
	case 0:
		title = capitalise(a1) + " " + setting
	case 1:
		title = capitalise(a1) + " in " + place
	case 2:
		title = pick(rng, titlePrefixes) + " " + strings.ToLower(label)
	case 3:
		title = wt.Name + " " + place
	case 4:
		title = capitalise(label) + " bij " + org.Name
	case 5:
		title = capitalise(a1) + " en " + a2
	default:
		title = wt.Name + ": " + a1
	}
	if utf8.RuneCountInString(title) > 200 {
		title = string([]rune(title)[:200])
	}

	var s []string
	switch rng.IntN(3) {
	case 0:
		s = append(s, "Je gaat "+a1+" en "+a2+" "+setting+".")
	case 1:
		s = append(s, "Bij ons leer je "+a1+". Ook "+a2+" hoort erbij.")
	default:
		s = append(s, "Het werk: "+a1+", "+a2+" en wat er verder te doen is "+setting+".")
	}
	if rng.IntN(10) < 6 {
		s = append(s, wt.Description)
	}
	switch {
	case wt.Environment == "buiten" && rng.IntN(3) == 0:
		s = append(s, "Je werkt buiten, bij elk weer.")
	case wt.Environment == "binnen" && rng.IntN(4) == 0:
		s = append(s, "Je werkt binnen, droog en warm.")
	}
	if len(wt.AltLabels) > 0 && rng.IntN(4) == 0 {
		s = append(s, "Je werkt mee als "+pick(rng, wt.AltLabels)+".")
	}
	if rng.IntN(2) == 0 {
		s = append(s, pick(rng, extraSentences))
	}
	if rng.IntN(10) < 3 {
		s = append(s, pick(rng, extraSentences))
	}
	return title, strings.Join(s, " ")
}

func pick[T any](rng *rand.Rand, s []T) T { return s[rng.IntN(len(s))] }

func weighted(rng *rand.Rand, values []string, weights []int) string {
	return values[weightedIndex(rng, weights)]
}

func weightedIndex(rng *rand.Rand, weights []int) int { return benchutil.WeightedIndex(rng, weights) }

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
