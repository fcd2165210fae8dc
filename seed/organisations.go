package seed

import (
	"fmt"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/geo"
)

// orgSpec describes one demo organisation. Names are invented (except
// iederz itself and the municipality's work directorate): the demo must not
// suggest that a real company takes part.
type orgSpec struct {
	key   string // stable key: the organisation's id and the offer table refer to it
	name  string
	kind  plekwijzer.OrganisationKind
	place string // place as the postcode table names it
	pc4   string // preferred PC4 area; must lie in place
	// contact is the partner user who keeps the organisation's offers;
	// empty for organisations that only refer participants.
	contact string
	// gon marks the care providers contracted under the WMO (GON-partijen)
	// that refer people with a day-activity indication.
	gon bool
	// refers lists the target groups this organisation refers participants
	// of, so a participant's verwijzer fits their group.
	refers []plekwijzer.TargetGroup
}

const (
	kindDepartment   plekwijzer.OrganisationKind = "afdeling"
	kindEnterprise   plekwijzer.OrganisationKind = "sociale-onderneming"
	kindCareProvider plekwijzer.OrganisationKind = "zorgaanbieder"
	kindSchool       plekwijzer.OrganisationKind = "onderwijs"
	kindOther        plekwijzer.OrganisationKind = "overig"
)

// organisations is the cast of the demo: iederz's own departments in the
// city, social enterprises in the city and in the province (so travel
// distance matters), the GON care providers that refer people with a
// day-activity indication, two schools and the municipality's work
// directorate.
var organisations = []orgSpec{
	// iederz departments. The packing hall is in the industrial estate in
	// the east of the city, where iederz has its production buildings.
	{key: "iederz-inpak", name: "iederz Inpak en Assemblage", kind: kindDepartment, place: "Groningen", pc4: "9723", contact: "Partner Harm K. (iederz Inpak en Assemblage)"},
	{key: "iederz-groen", name: "iederz Groen", kind: kindDepartment, place: "Groningen", pc4: "9727", contact: "Partner Jolanda B. (iederz Groen)"},
	{key: "iederz-fiets", name: "iederz Fietsenwerkplaats", kind: kindDepartment, place: "Groningen", pc4: "9711", contact: "Partner Kees M. (iederz Fietsenwerkplaats)"},
	{key: "iederz-facilitair", name: "iederz Facilitair", kind: kindDepartment, place: "Groningen", pc4: "9723", contact: "Partner Marieke S. (iederz Facilitair)"},
	{key: "iederz-instroom", name: "iederz Instroomportaal", kind: kindDepartment, place: "Groningen", pc4: "9723", contact: "Partner Esther V. (iederz Instroomportaal)"},

	// Social enterprises in the city.
	{key: "kringloop", name: "Kringloop Stad en Ommeland", kind: kindEnterprise, place: "Groningen", pc4: "9743", contact: "Partner Gerda H. (Kringloop Stad en Ommeland)"},
	{key: "stadskeuken", name: "Stadskeuken Noord", kind: kindEnterprise, place: "Groningen", pc4: "9741", contact: "Partner Yusuf D. (Stadskeuken Noord)"},
	{key: "fietsatelier", name: "Fietsatelier Korrewegwijk", kind: kindEnterprise, place: "Groningen", pc4: "9715", contact: "Partner Bram O. (Fietsatelier Korrewegwijk)"},
	{key: "naaiatelier", name: "Naaiatelier Oosterpoort", kind: kindEnterprise, place: "Groningen", pc4: "9724", contact: "Partner Samira E. (Naaiatelier Oosterpoort)"},
	{key: "groene-wijken", name: "Groene Wijken Coöperatie", kind: kindEnterprise, place: "Groningen", pc4: "9733", contact: "Partner Lotte P. (Groene Wijken Coöperatie)"},
	{key: "archief", name: "Digitaal Archiefcentrum Zernike", kind: kindEnterprise, place: "Groningen", pc4: "9747", contact: "Partner Wouter J. (Digitaal Archiefcentrum Zernike)"},
	{key: "dierenweide", name: "Dierenweide Kardinge", kind: kindEnterprise, place: "Groningen", pc4: "9735", contact: "Partner Anja R. (Dierenweide Kardinge)"},
	{key: "drukwerk", name: "Drukwerkplaats Het Kleine Formaat", kind: kindEnterprise, place: "Groningen", pc4: "9726", contact: "Partner Tim G. (Drukwerkplaats Het Kleine Formaat)"},
	{key: "autopoets", name: "Poetsplaats Euvelgunne", kind: kindEnterprise, place: "Groningen", pc4: "9723", contact: "Partner Dennis W. (Poetsplaats Euvelgunne)"},
	{key: "buurtklusser", name: "Buurtklussers Selwerd", kind: kindEnterprise, place: "Groningen", pc4: "9742", contact: "Partner Hüseyin A. (Buurtklussers Selwerd)"},
	{key: "depot", name: "Depot Oost Stadslogistiek", kind: kindEnterprise, place: "Groningen", pc4: "9723", contact: "Partner Petra L. (Depot Oost Stadslogistiek)"},

	// Social enterprises elsewhere in the province.
	{key: "wierde", name: "Zorgboerderij De Wierde", kind: kindEnterprise, place: "Winsum", pc4: "9951", contact: "Partner Geert T. (Zorgboerderij De Wierde)"},
	{key: "spaander", name: "Werkplaats De Spaander", kind: kindEnterprise, place: "Hoogezand", pc4: "9603", contact: "Partner Roelof B. (Werkplaats De Spaander)"},
	{key: "wasserij", name: "Wasserij Schoon Eemsdelta", kind: kindEnterprise, place: "Delfzijl", pc4: "9934", contact: "Partner Ingrid N. (Wasserij Schoon Eemsdelta)"},
	{key: "recyclepunt", name: "Recyclepunt Kanaalstreek", kind: kindEnterprise, place: "Stadskanaal", pc4: "9501", contact: "Partner Jan-Willem S. (Recyclepunt Kanaalstreek)"},
	{key: "bakkerij", name: "Bakkerij De Leeuwerik", kind: kindEnterprise, place: "Leek", pc4: "9351", contact: "Partner Hilda V. (Bakkerij De Leeuwerik)"},

	// GON partners: care providers that refer people and hold the reserved
	// places. Two of them also offer places in their own locations.
	{key: "zorggroep", name: "Zorggroep Ommeland (GON)", kind: kindCareProvider, place: "Groningen", pc4: "9728", contact: "Partner Carla F. (Zorggroep Ommeland)", gon: true,
		refers: []plekwijzer.TargetGroup{"dagbesteding-wmo", "ggz-beschermd-wonen"}},
	{key: "dagwerk", name: "Stichting Dagwerk Stad (GON)", kind: kindCareProvider, place: "Groningen", pc4: "9716", gon: true,
		refers: []plekwijzer.TargetGroup{"dagbesteding-wmo"}},
	{key: "herstelpunt", name: "Herstelpunt Noord verslavingszorg (GON)", kind: kindCareProvider, place: "Groningen", pc4: "9725", contact: "Partner Mehmet K. (Herstelpunt Noord)", gon: true,
		refers: []plekwijzer.TargetGroup{"verslavingszorg", "dagbesteding-wmo"}},
	{key: "beschermd-wonen", name: "Beschermd Wonen Stad-Zuid (GON)", kind: kindCareProvider, place: "Groningen", pc4: "9721", gon: true,
		refers: []plekwijzer.TargetGroup{"ggz-beschermd-wonen", "dagbesteding-wmo"}},
	{key: "jeugdhulp", name: "Jeugdhulp Stad en Ommeland", kind: kindCareProvider, place: "Groningen", pc4: "9731",
		refers: []plekwijzer.TargetGroup{"jongere-zonder-diploma"}},

	// Schools whose pupils do (adapted) internships.
	{key: "praktijkschool", name: "Praktijkschool Helpman (PrO)", kind: kindSchool, place: "Groningen", pc4: "9722",
		refers: []plekwijzer.TargetGroup{"pro-vso-entree"}},
	{key: "vso-entree", name: "VSO en Entree College Noord", kind: kindSchool, place: "Groningen", pc4: "9744",
		refers: []plekwijzer.TargetGroup{"pro-vso-entree", "jongere-zonder-diploma"}},

	// The municipality's work directorate seconds workers (detachering).
	{key: "directie-werk", name: "Gemeente Groningen, directie Werk", kind: kindOther, place: "Groningen", pc4: "9712",
		refers: []plekwijzer.TargetGroup{"detachering", "langdurig-bijstand"}},
}

// resolvePostcode returns the postcode area for spec: the preferred PC4
// when the postcode table has it in the right place, else the first area of
// that place, so a change in the table cannot put an organisation in the
// wrong town.
func resolvePostcode(areas []geo.Postcode, place, pc4 string) (geo.Postcode, error) {
	var first *geo.Postcode
	for i, a := range areas {
		if a.Place != place {
			continue
		}
		if a.PC4 == pc4 {
			return a, nil
		}
		if first == nil {
			first = &areas[i]
		}
	}
	if first == nil {
		return geo.Postcode{}, fmt.Errorf("seed: no postcode area for %s in the province", place)
	}
	return *first, nil
}

// userSpec describes one demo user other than the partners, who come from
// the organisations table.
type userSpec struct {
	name string
	role plekwijzer.Role
}

// staff are the beheerder, the six coaches and the manager.
var staff = []userSpec{
	{"Demo beheerder", plekwijzer.RoleAdmin},
	{"Coach Fatma Y.", plekwijzer.RoleCoach},
	{"Coach Jeroen B.", plekwijzer.RoleCoach},
	{"Coach Sanne de W.", plekwijzer.RoleCoach},
	{"Coach Mohammed A.", plekwijzer.RoleCoach},
	{"Coach Ineke H.", plekwijzer.RoleCoach},
	{"Coach Rik T.", plekwijzer.RoleCoach},
	{"Manager Wietske D.", plekwijzer.RoleManager},
}
