package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/iederz/plekwijzer"
)

// Import and export of lists. A file (CSV or Excel) is read, every row is
// checked with the same rules the API applies, and a preview names every
// problem per row before anything is saved; saving then goes through the
// API row by row. Exports are CSV with the same columns, so that an export
// can be changed in a spreadsheet and imported again.

func (a *App) mountTransfer(e *echo.Echo) {
	// A coach imports participants into their caseload, a partner offers
	// of its organisation, a beheerder either (naming the coach or the
	// organisation in a column).
	importers := []plekwijzer.Role{plekwijzer.RoleCoach, plekwijzer.RolePartner, plekwijzer.RoleAdmin}
	e.GET("/importeren", a.handle(a.importForm, importers...))
	e.POST("/importeren", a.handle(a.importFile, importers...))
	e.POST("/importeren/opslaan", a.handle(a.importSave, importers...))
	e.GET("/importeren/sjabloon.csv", a.handle(a.importTemplateCSV, importers...))
	e.GET("/importeren/sjabloon.xlsx", a.handle(a.importTemplateXLSX, importers...))
	e.GET("/exporteren/deelnemers.csv", a.handle(a.exportParticipants, plekwijzer.RoleCoach, plekwijzer.RoleAdmin))
	e.GET("/exporteren/werkplekken.csv", a.handle(a.exportOffers, plekwijzer.RolePartner, plekwijzer.RoleAdmin, plekwijzer.RoleManager))
	e.GET("/exporteren/plaatsingen.csv", a.handle(a.exportPlacements, plekwijzer.RoleCoach, plekwijzer.RolePartner, plekwijzer.RoleAdmin))
}

// Columns of the lists, in order. Lists within a cell (day-parts, work
// type codes, target groups) are separated by spaces or commas.
var (
	participantColumns = []string{"code", "doelgroep", "fase", "beschikbaarheid", "postcode", "maxReisafstandKm",
		"begeleidingsbehoefte", "belastbaarheid", "rolstoel", "taalniveau", "interesses", "vermijden", "wachtendSinds"}
	offerColumns = append([]string{"titel", "omschrijving", "werksoort", "begeleiding", "fysiekeBelasting", "postcode",
		"ov", "rolstoel", "doelgroepen", "ontwikkelplek", "status"}, strs(plekwijzer.DayParts)...)
	placementColumns = []string{"deelnemerCode", "werkplek", "dagdelen", "startdatum", "einddatum", "status",
		"resultaat", "uitvalreden", "veroorzaaktDoor", "gemisteUren"}
)

// importKinds is what a user may import: a coach participants, a partner
// offers.
func importKinds(r plekwijzer.Role) []option {
	switch r {
	case plekwijzer.RolePartner:
		return []option{{"werkplekken", "Werkplekken"}}
	case plekwijzer.RoleAdmin:
		return []option{{"deelnemers", "Deelnemers"}, {"werkplekken", "Werkplekken"}}
	}
	return []option{{"deelnemers", "Deelnemers"}}
}

// importRow is one row of a file: its number in the file, the API input it
// becomes, what it shows in the preview, and its problems.
type importRow struct {
	Line     int             `json:"regel"`
	Label    string          `json:"label"`
	Input    json.RawMessage `json:"invoer"`
	Problems []string        `json:"-"`
}

type importData struct {
	Kinds    []option
	Kind     string
	FileName string
	Rows     []importRow
	Bad      int
	Payload  string
	Columns  []string
	Optional []string
}

func (a *App) importForm(p *page) error {
	kinds := importKinds(p.user.Role)
	form := url.Values{"soort": {kinds[0].Value}}
	return p.showForm(http.StatusOK, "importeren", "Importeren", "importeren", importData{Kinds: kinds, Columns: columnsOf(kinds[0].Value), Optional: optionalColumnsOf(kinds[0].Value, p.user.Role)}, form, nil)
}

func columnsOf(kind string) []string {
	if kind == "werkplekken" {
		return offerColumns
	}
	return participantColumns
}

// importFile reads an uploaded file and shows the preview: nothing is saved.
func (a *App) importFile(p *page) error {
	kinds := importKinds(p.user.Role)
	kind := p.FormValue("soort")
	d := importData{Kinds: kinds, Kind: kind, Columns: columnsOf(kind)}
	form := url.Values{"soort": {kind}}
	fail := func(field, reason string) error {
		errs := &formErrors{}
		errs.add(field, reason)
		errs.Message = "Het bestand kan niet worden ingelezen. Er is niets opgeslagen."
		return p.showForm(http.StatusUnprocessableEntity, "importeren", "Importeren", "importeren", d, form, errs)
	}
	if !slices.ContainsFunc(kinds, func(o option) bool { return o.Value == kind }) {
		return fail("soort", "kies wat je wilt importeren")
	}
	fh, err := p.FormFile("bestand")
	if err != nil {
		return fail("bestand", "kies een bestand (CSV of Excel)")
	}
	d.FileName = fh.Filename
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	records, err := readTable(f, fh.Filename)
	if err != nil {
		return fail("bestand", err.Error())
	}
	rows, err := p.checkRows(kind, records)
	if err != nil {
		if _, ok := err.(*fileError); ok {
			return fail("bestand", err.Error())
		}
		return err
	}
	d.Rows = rows
	for _, r := range rows {
		if len(r.Problems) > 0 {
			d.Bad++
		}
	}
	if d.Bad == 0 && len(rows) > 0 {
		b, err := json.Marshal(rows)
		if err != nil {
			return err
		}
		d.Payload = string(b)
	}
	return p.showForm(http.StatusOK, "importeren", "Controle van de import", "importeren", d, form, nil)
}

// fileError is a problem with the file as a whole.
type fileError struct{ msg string }

func (e *fileError) Error() string { return e.msg }

// readTable reads the rows of a CSV file (comma or semicolon separated) or
// the first sheet of an Excel file.
func readTable(r io.Reader, name string) ([][]string, error) {
	b, err := io.ReadAll(io.LimitReader(r, 4<<20))
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			return nil, &fileError{"is geen Excel-bestand dat gelezen kan worden (.xlsx)"}
		}
		defer x.Close()
		sheets := x.GetSheetList()
		if len(sheets) == 0 {
			return nil, &fileError{"het Excel-bestand heeft geen blad"}
		}
		// Raw values: a date cell is its serial number, whatever its
		// format shows (parseDate reads it); GetRows would format it.
		rows, err := x.GetRows(sheets[0], excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, &fileError{"het eerste blad kan niet worden gelezen"}
		}
		return rows, nil
	case ".csv", ".txt":
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		cr := csv.NewReader(bytes.NewReader(b))
		cr.Comma = ';'
		if first, _, _ := bytes.Cut(b, []byte("\n")); bytes.Count(first, []byte(",")) > bytes.Count(first, []byte(";")) {
			cr.Comma = ','
		}
		cr.FieldsPerRecord = -1
		rows, err := cr.ReadAll()
		if err != nil {
			return nil, &fileError{"is geen geldig CSV-bestand: " + err.Error()}
		}
		return rows, nil
	}
	return nil, &fileError{"kies een .csv- of .xlsx-bestand"}
}

// maxImportRows bounds one import.
const maxImportRows = 2000

// checkRows turns the records of a file into API inputs and checks each
// with the domain's rules and against what exists.
func (p *page) checkRows(kind string, records [][]string) ([]importRow, error) {
	if len(records) < 2 {
		return nil, &fileError{"het bestand heeft geen regels onder de kopregel"}
	}
	if len(records) > maxImportRows+1 {
		return nil, &fileError{fmt.Sprintf("het bestand heeft meer dan %d regels; splits het op", maxImportRows)}
	}
	header := map[string]int{}
	for i, h := range records[0] {
		header[fold(h)] = i
	}
	// A column may also be headed by its label on the screens.
	for _, c := range append(columnsOf(kind), optionalColumnsOf(kind, p.user.Role)...) {
		if i, ok := header[fold(columnLabel(c))]; ok {
			if _, has := header[fold(c)]; !has {
				header[fold(c)] = i
			}
		}
	}
	cols := append(columnsOf(kind), requiredExtra(kind, p.user.Role)...)
	var missing []string
	for _, c := range cols {
		if plekwijzer.DayPart(c).Valid() {
			continue // an offer's day-part without a column has no places
		}
		if _, ok := header[fold(c)]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, &fileError{"de kopregel mist de kolommen " + strings.Join(missing, ", ") + " (download een export voor een voorbeeld)"}
	}
	cat, err := p.catalogue()
	if err != nil {
		return nil, err
	}
	look, err := p.importLookup(cat)
	if err != nil {
		return nil, err
	}
	var rows []importRow
	seen := map[string]int{}
	for n, rec := range records[1:] {
		cell := func(col string) string {
			if i, ok := header[fold(col)]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if slices.IndexFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" }) < 0 {
			continue // an empty line
		}
		var r importRow
		var err error
		if kind == "werkplekken" {
			r, err = p.offerRow(cell, look)
		} else {
			r, err = p.participantRow(cell, look, seen, n+2)
		}
		if err != nil {
			return nil, err
		}
		r.Line = n + 2
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return nil, &fileError{"het bestand heeft geen regels onder de kopregel"}
	}
	return rows, nil
}

// yes reads a yes/no cell.
func yes(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "ja", "j", "yes", "true", "1", "waar", "x":
		return true, true
	case "", "nee", "n", "no", "false", "0", "onwaar":
		return false, true
	}
	return false, false
}

// problemsOf lists the field problems of a validation error as text.
func problemsOf(err error) []string {
	var errs formErrors
	if !errs.addAll(err) {
		return nil
	}
	var out []string
	for _, f := range errs.Summary() {
		out = append(out, f.Label+": "+f.Reason)
	}
	if len(out) == 0 && errs.Message != "" {
		out = append(out, errs.Message)
	}
	return out
}

func (p *page) participantRow(cell func(string) string, look *importLookup, seen map[string]int, line int) (importRow, error) {
	var probs []string
	codes := func(col string) []string {
		ids, unknown := known(cell(col), true, look.cat.workType)
		for _, c := range unknown {
			probs = append(probs, fmt.Sprintf("%s: onbekende werksoort %q", fieldLabel(col), c))
		}
		if ids == nil {
			ids = []string{}
		}
		return ids
	}
	num := func(col string) int {
		n, err := strconv.Atoi(cell(col))
		if err != nil {
			probs = append(probs, fieldLabel(col)+": moet een heel getal zijn")
		}
		return n
	}
	enum := func(kind, col string) string { v, _ := enumValue(kind, cell(col)); return v }
	pt := plekwijzer.Participant{
		Code: cell("code"), CoachID: p.user.ID, TargetGroup: plekwijzer.TargetGroup(enum("doelgroep", "doelgroep")), Phase: plekwijzer.Phase(enum("fase", "fase")),
		Postcode: cell("postcode"), MaxTravelKm: num("maxReisafstandKm"), SupervisionNeed: look.supervision(cell("begeleidingsbehoefte"), "begeleidingsbehoefte", &probs),
		LoadCapacity: plekwijzer.Load(enum("belasting", "belastbaarheid")), LanguageLevel: strings.ToUpper(cell("taalniveau")),
		Interests: codes("interesses"), Avoid: codes("vermijden"),
	}
	var unknownDays []string
	pt.Availability, unknownDays = dayPartsOf(cell("beschikbaarheid"))
	for _, w := range unknownDays {
		probs = append(probs, fmt.Sprintf("Beschikbaarheid: onbekend dagdeel %q; schrijf bijvoorbeeld ma-ochtend of ma ochtend", w))
	}
	if pt.Availability == nil {
		pt.Availability = []plekwijzer.DayPart{}
	}
	var unknownSkills []string
	pt.Skills, unknownSkills = look.skills.skillLevels(cell("vaardigheden"))
	for _, s := range unknownSkills {
		probs = append(probs, fmt.Sprintf("Vaardigheden: geen vaardigheid heet %q (gebruik de naam uit ESCO, zoals in het profiel)", s))
	}
	goals, unknownGoals := known(cell("leerdoelen"), false, look.skills.find)
	for _, s := range unknownGoals {
		probs = append(probs, fmt.Sprintf("Leerdoelen: geen vaardigheid heet %q (gebruik de naam uit ESCO, zoals in het profiel)", s))
	}
	pt.LearningGoals = goals
	if p.user.Role == plekwijzer.RoleAdmin {
		pt.CoachID = look.coach(cell("coach"), &probs)
	}
	var ok bool
	if pt.Wheelchair, ok = yes(cell("rolstoel")); !ok {
		probs = append(probs, "Rolstoel: vul ja of nee in")
	}
	if w := cell("wachtendSinds"); w != "" {
		d, ok := parseDate(w)
		if !ok {
			d = plekwijzer.Date(w) // the rules name it
		}
		pt.WaitingSince = &d
	}
	probs = append(probs, problemsOf(pt.Validate())...)
	if pt.Code != "" {
		if first, dup := seen[strings.ToLower(pt.Code)]; dup {
			probs = append(probs, fmt.Sprintf("Code: staat ook op regel %d", first))
		} else {
			seen[strings.ToLower(pt.Code)] = line
			var l apiList[plekwijzer.Participant]
			if err := p.api.get("/deelnemers", url.Values{"code": {pt.Code}}, &l); err == nil && l.Total > 0 {
				probs = append(probs, "Code: bestaat al")
			} else if err != nil && status(err) != http.StatusBadRequest {
				return importRow{}, err
			}
		}
	}
	in := plekwijzer.ParticipantUpdate{Code: &pt.Code, TargetGroup: &pt.TargetGroup, Phase: &pt.Phase, Availability: &pt.Availability,
		Postcode: &pt.Postcode, MaxTravelKm: &pt.MaxTravelKm, SupervisionNeed: &pt.SupervisionNeed, LoadCapacity: &pt.LoadCapacity,
		Wheelchair: &pt.Wheelchair, LanguageLevel: &pt.LanguageLevel, Interests: &pt.Interests, Avoid: &pt.Avoid, WaitingSince: pt.WaitingSince}
	if len(pt.Skills) > 0 {
		in.Skills = &pt.Skills
	}
	if len(pt.LearningGoals) > 0 {
		in.LearningGoals = &pt.LearningGoals
	}
	if p.user.Role == plekwijzer.RoleAdmin {
		in.CoachID = &pt.CoachID
	}
	b, err := json.Marshal(in)
	return importRow{Label: pt.Code, Input: b, Problems: probs}, err
}

func (p *page) offerRow(cell func(string) string, look *importLookup) (importRow, error) {
	var probs []string
	enum := func(kind, col string) string { v, _ := enumValue(kind, cell(col)); return v }
	o := plekwijzer.Offer{Title: cell("titel"), Description: cell("omschrijving"), PhysicalLoad: plekwijzer.Load(enum("belasting", "fysiekeBelasting")),
		Postcode: cell("postcode"), Status: plekwijzer.OfferStatus(enum("werkplekstatus", "status")), Capacity: plekwijzer.Capacity{}}
	if p.user.OrganisationID != nil {
		o.OrganisationID = *p.user.OrganisationID
	}
	if p.user.Role == plekwijzer.RoleAdmin {
		o.OrganisationID = look.organisation(cell("organisatie"), &probs)
	}
	if id, ok := look.cat.workType(cell("werksoort")); ok {
		o.WorkTypeID = id
	} else {
		probs = append(probs, fmt.Sprintf("Werksoort: onbekende werksoort %q", cell("werksoort")))
	}
	o.Supervision = look.supervision(cell("begeleiding"), "begeleiding", &probs)
	for _, yn := range []struct {
		col string
		to  *bool
	}{{"ov", &o.Access.PublicTransport}, {"rolstoel", &o.Access.Wheelchair}, {"ontwikkelplek", &o.DevelopmentPlace}} {
		v, ok := yes(cell(yn.col))
		if !ok {
			probs = append(probs, fieldLabel(yn.col)+": vul ja of nee in")
		}
		*yn.to = v
	}
	groups, unknownGroups := known(cell("doelgroepen"), true, func(s string) (string, bool) { return enumValue("doelgroep", s) })
	for _, g := range groups {
		o.TargetGroups = append(o.TargetGroups, plekwijzer.TargetGroup(g))
	}
	for _, g := range unknownGroups {
		probs = append(probs, fmt.Sprintf("Doelgroepen: onbekende doelgroep %q", g))
	}
	for _, d := range plekwijzer.DayParts {
		v := cell(string(d))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			probs = append(probs, dayPartLabel(d)+": moet een heel getal zijn")
			continue
		}
		o.Capacity[d] = n
	}
	probs = append(probs, problemsOf(o.Validate())...)
	in := plekwijzer.OfferUpdate{OrganisationID: &o.OrganisationID, Title: &o.Title, Description: &o.Description, WorkTypeID: &o.WorkTypeID,
		Supervision: &o.Supervision, PhysicalLoad: &o.PhysicalLoad, Capacity: &o.Capacity, Postcode: &o.Postcode, Access: &o.Access,
		TargetGroups: &o.TargetGroups, Status: &o.Status, DevelopmentPlace: &o.DevelopmentPlace}
	b, err := json.Marshal(in)
	return importRow{Label: o.Title, Input: b, Problems: probs}, err
}

type importResult struct {
	Saved  []string
	Failed []importRow
	Kind   string
}

// importSave saves the rows of a preview without problems, one by one
// through the API. A row the API refuses now (someone took the code in
// between) is named; the rows before it stay saved.
func (a *App) importSave(p *page) error {
	kind := p.FormValue("soort")
	if !slices.ContainsFunc(importKinds(p.user.Role), func(o option) bool { return o.Value == kind }) {
		return &apiError{Status: http.StatusBadRequest, Detail: "Onbekende soort import."}
	}
	var rows []importRow
	if err := json.Unmarshal([]byte(p.FormValue("regels")), &rows); err != nil || len(rows) == 0 || len(rows) > maxImportRows {
		return &apiError{Status: http.StatusBadRequest, Detail: "De import is niet meer leesbaar. Lees het bestand opnieuw in."}
	}
	collection := "/deelnemers"
	if kind == "werkplekken" {
		collection = "/werkplekken"
	}
	res := importResult{Kind: kind}
	for _, r := range rows {
		err := p.api.post(collection, json.RawMessage(r.Input), nil)
		if ae, ok := err.(*apiError); ok && ae.Status < 500 {
			r.Problems = problemsOf(err)
			if len(r.Problems) == 0 {
				r.Problems = []string{ae.Detail}
			}
			res.Failed = append(res.Failed, r)
			continue
		}
		if err != nil {
			return err
		}
		res.Saved = append(res.Saved, r.Label)
	}
	return p.show("import-klaar", "Import opgeslagen", "importeren", res)
}

// writeCSV sends a CSV file: semicolons and a byte-order mark, as Dutch
// Excel expects. Cells that a spreadsheet would run as a formula start
// with a quote.
func writeCSV(p *page, name string, header []string, rows [][]string) error {
	var b bytes.Buffer
	b.WriteString("\xef\xbb\xbf")
	w := csv.NewWriter(&b)
	w.Comma = ';'
	w.Write(header)
	for _, r := range rows {
		safe := make([]string, len(r))
		for i, c := range r {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				c = "'" + c
			}
			safe[i] = c
		}
		w.Write(safe)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	h := p.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return p.Blob(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
}

func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}

func joinDayParts(ds []plekwijzer.DayPart) string { return strings.Join(strs(ds), " ") }

func (a *App) exportParticipants(p *page) error {
	list, err := p.findParticipants(readCaseloadFilter(p.QueryParams()))
	if err != nil {
		return err
	}
	cat, err := p.catalogue()
	if err != nil {
		return err
	}
	codes := func(ids []string) string {
		var out []string
		for _, id := range ids {
			if w, ok := cat.byID[id]; ok {
				out = append(out, w.Code)
			}
		}
		return strings.Join(out, " ")
	}
	var rows [][]string
	for _, pt := range list {
		waiting := ""
		if pt.WaitingSince != nil {
			waiting = string(*pt.WaitingSince)
		}
		rows = append(rows, []string{pt.Code, string(pt.TargetGroup), string(pt.Phase), joinDayParts(pt.Availability), pt.Postcode,
			strconv.Itoa(pt.MaxTravelKm), strconv.Itoa(pt.SupervisionNeed), string(pt.LoadCapacity), yesNo(pt.Wheelchair),
			pt.LanguageLevel, codes(pt.Interests), codes(pt.Avoid), waiting})
	}
	return writeCSV(p, "deelnemers.csv", participantColumns, rows)
}

func (a *App) exportOffers(p *page) error {
	q := url.Values{}
	for _, k := range []string{"status", "werksoortId", "q"} {
		if v := p.QueryParam(k); v != "" {
			q.Set(k, v)
		}
	}
	list, err := p.ownOffers(q)
	if err != nil {
		return err
	}
	cat, err := p.catalogue()
	if err != nil {
		return err
	}
	var rows [][]string
	for _, o := range list {
		code := ""
		if w, ok := cat.byID[o.WorkTypeID]; ok {
			code = w.Code
		}
		r := []string{o.Title, o.Description, code, strconv.Itoa(o.Supervision), string(o.PhysicalLoad), o.Postcode,
			yesNo(o.Access.PublicTransport), yesNo(o.Access.Wheelchair), strings.Join(strs(o.TargetGroups), " "), yesNo(o.DevelopmentPlace), string(o.Status)}
		for _, d := range plekwijzer.DayParts {
			r = append(r, strconv.Itoa(o.Capacity[d]))
		}
		rows = append(rows, r)
	}
	return writeCSV(p, "werkplekken.csv", offerColumns, rows)
}

func (a *App) exportPlacements(p *page) error {
	q := url.Values{}
	if st := p.QueryParam("status"); st != "" {
		q.Set("status", st)
	}
	pls, err := all[plekwijzer.Placement](p.api, "/plaatsingen", q, 0)
	if err != nil {
		return err
	}
	list, err := p.withOfferTitles(pls)
	if err != nil {
		return err
	}
	var rows [][]string
	for _, pl := range list {
		end := ""
		if pl.EndDate != nil {
			end = string(*pl.EndDate)
		}
		r := []string{pl.ParticipantCode, pl.OfferTitle, joinDayParts(pl.DayParts), string(pl.StartDate), end, string(pl.Status), "", "", "", ""}
		if o := pl.Outcome; o != nil {
			r[6], r[7], r[8], r[9] = o.Result, o.DropoutReason, o.CausedBy, strconv.Itoa(o.MissedHours)
		}
		rows = append(rows, r)
	}
	return writeCSV(p, "plaatsingen.csv", placementColumns, rows)
}
