package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/iederz/plekwijzer"
)

// The columns an import takes besides the required ones, the lookups a row
// needs (coaches, organisations, skills), and the template to fill in: a
// CSV or Excel file with the columns and an example row; the Excel file
// has a second sheet with every valid value.

// optionalColumnsOf are the columns a file may have: skills and learning
// goals of participants, and for a beheerder the coach or organisation.
func optionalColumnsOf(kind string, r plekwijzer.Role) []string {
	var out []string
	if kind != "werkplekken" {
		out = append(out, "vaardigheden", "leerdoelen")
	}
	return append(out, requiredExtra(kind, r)...)
}

// requiredExtra are the columns a beheerder's file needs on top: whose
// caseload a participant joins, whose offer an offer is.
func requiredExtra(kind string, r plekwijzer.Role) []string {
	if r != plekwijzer.RoleAdmin {
		return nil
	}
	if kind == "werkplekken" {
		return []string{"organisatie"}
	}
	return []string{"coach"}
}

// columnLabel is a column's name on the screens ("Wacht sinds").
func columnLabel(col string) string {
	switch col {
	case "werksoort":
		return "Werksoort"
	case "coach":
		return "Coach"
	case "organisatie":
		return "Organisatie"
	case "ov":
		return "Openbaar vervoer"
	}
	if d := plekwijzer.DayPart(col); d.Valid() {
		return dayPartLabel(d)
	}
	return fieldLabel(col)
}

// importLookup is what the rows of one import are checked against.
type importLookup struct {
	cat     *catalogue
	skills  *skillFinder
	coaches map[string]string // folded name → id
	orgs    map[string]string // folded name → id
}

func (p *page) importLookup(cat *catalogue) (*importLookup, error) {
	l := &importLookup{cat: cat, skills: p.skillFinder(), coaches: map[string]string{}, orgs: map[string]string{}}
	if p.user.Role != plekwijzer.RoleAdmin {
		return l, nil
	}
	cs, err := p.colleagues()
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		l.coaches[fold(c.Name)] = c.ID
	}
	orgs, err := p.organisations()
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		l.orgs[fold(o.Name)] = o.ID
	}
	return l, nil
}

func (l *importLookup) coach(cell string, probs *[]string) string {
	if id, ok := l.coaches[fold(cell)]; ok {
		return id
	}
	*probs = append(*probs, fmt.Sprintf("Coach: geen coach heet %q", cell))
	return ""
}

func (l *importLookup) organisation(cell string, probs *[]string) string {
	if id, ok := l.orgs[fold(cell)]; ok {
		return id
	}
	*probs = append(*probs, fmt.Sprintf("Organisatie: geen organisatie heet %q", cell))
	return ""
}

// supervision reads a level of supervision: 1-4, "2 – gemiddeld" or
// "gemiddeld".
func (l *importLookup) supervision(cell, col string, probs *[]string) int {
	v, ok := enumValue("begeleiding", cell)
	n, err := strconv.Atoi(v)
	if !ok || err != nil {
		*probs = append(*probs, fieldLabel(col)+": moet 1, 2, 3 of 4 zijn (of licht, gemiddeld, veel, intensief)")
	}
	return n
}

// templateOf is the header and example row of a kind's template.
func (p *page) templateOf(kind string) (header, example []string, err error) {
	cat, err := p.catalogue()
	if err != nil {
		return nil, nil, err
	}
	wt := func(i int) string {
		if len(cat.WorkTypes) == 0 {
			return ""
		}
		return cat.WorkTypes[i%len(cat.WorkTypes)].Name
	}
	extra := optionalColumnsOf(kind, p.user.Role)
	header = append(columnsOf(kind), extra...)
	values := map[string]string{}
	if kind == "werkplekken" {
		values = map[string]string{"titel": "Fietsen opknappen", "omschrijving": "Tweedehands fietsen nakijken en klaarmaken voor de verkoop.",
			"werksoort": wt(0), "begeleiding": "2", "fysiekeBelasting": "Gemiddeld", "postcode": "9711", "ov": "ja", "rolstoel": "nee",
			"doelgroepen": "Statushouder, Banenafspraak", "ontwikkelplek": "nee", "status": "Open", "ma-ochtend": "2", "wo-ochtend": "2"}
		if len(extra) > 0 {
			orgs, err := p.organisations()
			if err != nil {
				return nil, nil, err
			}
			if len(orgs) > 0 {
				values["organisatie"] = orgs[0].Name
			}
		}
	} else {
		values = map[string]string{"code": "VOORBEELD-001", "doelgroep": "Statushouder", "fase": "Intake", "beschikbaarheid": "ma ochtend, di ochtend, do middag",
			"postcode": "9723", "maxReisafstandKm": "10", "begeleidingsbehoefte": "2", "belastbaarheid": "gemiddeld", "rolstoel": "nee",
			"taalniveau": "A2", "interesses": wt(0), "vermijden": wt(1), "wachtendSinds": "31 januari 2026"}
		var skills apiList[plekwijzer.Skill]
		if err := p.api.get("/vaardigheden", nil, &skills); err != nil {
			return nil, nil, err
		}
		if len(skills.Items) > 1 {
			values["vaardigheden"] = skills.Items[0].Name + " (2)"
			values["leerdoelen"] = skills.Items[1].Name
		}
		if p.user.Role == plekwijzer.RoleAdmin {
			cs, err := p.colleagues()
			if err != nil {
				return nil, nil, err
			}
			if len(cs) > 0 {
				values["coach"] = cs[0].Name
			}
		}
	}
	for _, c := range header {
		example = append(example, values[c])
	}
	return header, example, nil
}

// template is the kind a template is asked for (if the user may import
// it), its header and its example row.
func (p *page) template() (kind string, header, example []string, err error) {
	want := p.QueryParam("soort")
	for _, k := range importKinds(p.user.Role) {
		if k.Value == want || want == "" {
			header, example, err = p.templateOf(k.Value)
			return k.Value, header, example, err
		}
	}
	return "", nil, nil, &apiError{Status: http.StatusBadRequest, Detail: "Dit soort import kun je niet doen."}
}

func (a *App) importTemplateCSV(p *page) error {
	kind, header, example, err := p.template()
	if err != nil {
		return err
	}
	return writeCSV(p, "sjabloon-"+kind+".csv", header, [][]string{example})
}

// validValues lists, per column, what a cell may hold: code and label.
func (p *page) validValues(kind string) ([][]string, error) {
	rows := [][]string{{"kolom", "waarde", "betekent"}}
	add := func(col, kindOf string) {
		for _, o := range choicesOf(kindOf) {
			rows = append(rows, []string{col, o.Value, o.Label})
		}
	}
	cat, err := p.catalogue()
	if err != nil {
		return nil, err
	}
	works := func(col string) {
		for _, w := range cat.WorkTypes {
			rows = append(rows, []string{col, w.Code, w.Name})
		}
	}
	yesNo := func(col string) {
		rows = append(rows, []string{col, "ja", "Ja"}, []string{col, "nee", "Nee"})
	}
	if kind == "werkplekken" {
		works("werksoort")
		add("begeleiding", "begeleiding")
		add("fysiekeBelasting", "belasting")
		yesNo("ov")
		yesNo("rolstoel")
		add("doelgroepen", "doelgroep")
		yesNo("ontwikkelplek")
		add("status", "werkplekstatus")
		rows = append(rows, []string{"ma-ochtend … vr-middag", "0, 1, 2 …", "aantal plaatsen op dat dagdeel"})
	} else {
		add("doelgroep", "doelgroep")
		add("fase", "fase")
		add("beschikbaarheid", "dagdeel")
		add("begeleidingsbehoefte", "begeleiding")
		add("belastbaarheid", "belasting")
		yesNo("rolstoel")
		add("taalniveau", "taalniveau")
		works("interesses")
		works("vermijden")
		rows = append(rows,
			[]string{"wachtendSinds", "2026-01-31", "of 31-1-2026, 31 januari 2026, of een Excel-datum"},
			[]string{"vaardigheden", "naam uit ESCO (niveau)", "zoals bij het profiel, bijvoorbeeld ‘klantvriendelijk werken (2)’; scheid met ; of ,"},
			[]string{"leerdoelen", "naam uit ESCO", "scheid met ; of ,"})
	}
	return rows, nil
}

func (a *App) importTemplateXLSX(p *page) error {
	kind, header, example, err := p.template()
	if err != nil {
		return err
	}
	valid, err := p.validValues(kind)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	const main, values = "Invullen", "Geldige waarden"
	if err := x.SetSheetName("Sheet1", main); err != nil {
		return err
	}
	if _, err := x.NewSheet(values); err != nil {
		return err
	}
	for i, row := range [][]string{header, example} {
		if err := setRow(x, main, i+1, row); err != nil {
			return err
		}
	}
	for i, row := range valid {
		if err := setRow(x, values, i+1, row); err != nil {
			return err
		}
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		return err
	}
	p.Response().Header().Set("Content-Disposition", `attachment; filename="sjabloon-`+kind+`.xlsx"`)
	return p.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
}

// setRow writes one row of text cells.
func setRow(x *excelize.File, sheet string, n int, row []string) error {
	cells := make([]any, len(row))
	for i, c := range row {
		cells[i] = strings.TrimSpace(c)
	}
	return x.SetSheetRow(sheet, "A"+strconv.Itoa(n), &cells)
}
