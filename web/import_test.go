package web_test

import (
	"bytes"
	"encoding/base64"
	"html"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store/storetest"
)

// skillNamed is a skill of the catalogue whose label has spaces.
func skillsNamed(t *testing.T, env *appEnv, n int) []*plekwijzer.Skill {
	t.Helper()
	list, _, err := env.db.FindSkills(env.ctx, plekwijzer.SkillFilter{Query: "klant", Page: plekwijzer.Page{Number: 1, Size: 50}})
	if err != nil {
		t.Fatal(err)
	}
	var out []*plekwijzer.Skill
	for _, s := range list {
		if strings.Contains(s.Name, " ") && !strings.ContainsAny(s.Name, ",;()") {
			out = append(out, s)
		}
	}
	if len(out) < n {
		t.Fatalf("only %d skills with spaces", len(out))
	}
	return out[:n]
}

// excelSerial is the day number Excel stores for a date.
func excelSerial(d string) float64 {
	t, _ := time.Parse(time.DateOnly, d)
	return t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

// The import takes what people type: labels as the screens show them in
// any case, day-parts with a space, work types by name, skills and
// learning goals by ESCO label, Dutch dates and Excel date cells; what it
// does not know it names. A beheerder imports too, naming the coach or
// the organisation. On both engines.
func TestImportAcceptsWhatPeopleType(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			env := startApp(t, appOptions{engine: engine})
			sk := skillsNamed(t, env, 2)
			bikes, err := env.db.WorkType(env.ctx, seed.WorkTypeID("fietsenreparatie"))
			if err != nil {
				t.Fatal(err)
			}
			coach := newVisitor(t, env.url)
			coach.login("fatma", demoPassword)
			before := countParticipants(t, env)

			head := "Code;Doelgroep;Fase;Beschikbaarheid;postcode;maxReisafstandKm;begeleidingsbehoefte;belastbaarheid;rolstoel;taalniveau;interesses;vermijden;wachtendSinds;vaardigheden;leerdoelen\n"
			bad := head + "LBL-001;Marsmannetje;Intake;ma ochtend, zo middag;9723;10;heel veel;zwaar;nee;A2;Vliegen;;32-1-2026;Zweven;\n"
			_, body := coach.upload("deelnemers", "lijst.csv", []byte(bad))
			for _, want := range []string{"1 met fouten", "Doelgroep", "&#34;zo&#34;", "moet 1, 2, 3 of 4 zijn", "&#34;Vliegen&#34;", "Wacht sinds", "&#34;Zweven&#34;"} {
				if !strings.Contains(body, want) {
					t.Errorf("the preview of a bad row lacks %q", want)
				}
			}
			if payloadRE.MatchString(body) || countParticipants(t, env) != before {
				t.Fatal("a file with problems can be saved, or was")
			}

			good := head +
				"LBL-001;Statushouder;INTAKE;ma ochtend, di middag;9723;10;gemiddeld;zwaar;Nee;a2;" + bikes.Name + ";inpakken;31-1-2026;" + strings.ToUpper(sk[0].Name) + " (2);" + sk[1].Name + "\n" +
				"LBL-002;voortraject beschut werk;Voortraject;maandagochtend woensdag middag;9711;5;1;Licht;ja;B1;;;31 januari 2026;" + sk[0].Name + ", " + sk[1].Name + ";\n"
			_, body = coach.upload("deelnemers", "lijst.csv", []byte(good))
			m := payloadRE.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("the preview of a good file:\n%s", body)
			}
			if res, body := coach.post("/importeren/opslaan", url.Values{"csrf": {coach.csrf("/importeren")}, "soort": {"deelnemers"}, "regels": {html.UnescapeString(m[1])}}); res.StatusCode != 200 || !strings.Contains(body, "2 deelnemers opgeslagen") {
				t.Fatalf("save: %d\n%s", res.StatusCode, body)
			}
			p1, p2 := participantByCode(t, env, "LBL-001"), participantByCode(t, env, "LBL-002")
			if p1.TargetGroup != "statushouder" || p1.Phase != "intake" || !slices.Equal(p1.Availability, []plekwijzer.DayPart{"ma-ochtend", "di-middag"}) ||
				p1.SupervisionNeed != 2 || p1.LoadCapacity != plekwijzer.LoadHigh || p1.Wheelchair || p1.LanguageLevel != "A2" ||
				!slices.Equal(p1.Interests, []string{bikes.ID}) || len(p1.Avoid) != 1 || p1.WaitingSince == nil || *p1.WaitingSince != "2026-01-31" ||
				len(p1.Skills) != 1 || p1.Skills[0].SkillID != sk[0].ID || p1.Skills[0].Level != 2 || !slices.Equal(p1.LearningGoals, []string{sk[1].ID}) {
				t.Errorf("LBL-001 imported as %+v", p1)
			}
			if p2.TargetGroup != "beschut-voortraject" || !slices.Equal(p2.Availability, []plekwijzer.DayPart{"ma-ochtend", "wo-middag"}) ||
				p2.LoadCapacity != plekwijzer.LoadLow || !p2.Wheelchair || *p2.WaitingSince != "2026-01-31" || len(p2.Skills) != 2 {
				t.Errorf("LBL-002 imported as %+v", p2)
			}

			// Excel: a date cell with a date format and a bare serial.
			x := excelize.NewFile()
			header := strings.Split(strings.TrimSpace(head), ";")
			x.SetSheetRow("Sheet1", "A1", &header)
			for i, code := range []string{"XLS-001", "XLS-002"} {
				row := []any{code, "Banenafspraak", "ontwikkelplek", "vr ochtend", 9724, 8, 3, "midden", "nee", "B2", "", "", excelSerial("2026-03-02")}
				cell, _ := excelize.CoordinatesToCellName(1, i+2)
				x.SetSheetRow("Sheet1", cell, &row)
			}
			style, _ := x.NewStyle(&excelize.Style{NumFmt: 14}) // a date as Excel shows it
			x.SetCellStyle("Sheet1", "M2", "M2", style)
			var xb bytes.Buffer
			if err := x.Write(&xb); err != nil {
				t.Fatal(err)
			}
			_, body = coach.upload("deelnemers", "lijst.xlsx", xb.Bytes())
			if m = payloadRE.FindStringSubmatch(body); m == nil {
				t.Fatalf("the preview of an Excel file:\n%s", body)
			}
			coach.post("/importeren/opslaan", url.Values{"csrf": {coach.csrf("/importeren")}, "soort": {"deelnemers"}, "regels": {html.UnescapeString(m[1])}})
			for _, code := range []string{"XLS-001", "XLS-002"} {
				if p := participantByCode(t, env, code); p.WaitingSince == nil || *p.WaitingSince != "2026-03-02" || p.Phase != "ontwikkelplek" {
					t.Errorf("%s imported as %+v", code, p)
				}
			}

			// A beheerder imports into a coach's caseload and offers of an
			// organisation, by their names.
			admin := newVisitor(t, env.url)
			setAdminPassword(t, env)
			admin.login("beheerder", demoPassword)
			_, body = admin.upload("deelnemers", "lijst.csv", []byte(strings.TrimSpace(head)+";coach\nADM-001;Statushouder;Intake;di ochtend;9723;10;2;Gemiddeld;nee;A2;;;;;;coach jeroen b.\n"))
			if m = payloadRE.FindStringSubmatch(body); m == nil {
				t.Fatalf("the beheerder's preview:\n%s", body)
			}
			admin.post("/importeren/opslaan", url.Values{"csrf": {admin.csrf("/importeren")}, "soort": {"deelnemers"}, "regels": {html.UnescapeString(m[1])}})
			if p := participantByCode(t, env, "ADM-001"); p.CoachID != demoCoach(t, env, "Coach Jeroen B.") {
				t.Errorf("the beheerder's import is coached by %s", p.CoachID)
			}
			org, err := env.db.Organisation(env.ctx, *mustUserNamed(t, env, "Partner Kees M. (iederz Fietsenwerkplaats)").OrganisationID)
			if err != nil {
				t.Fatal(err)
			}
			offers := "titel;omschrijving;werksoort;begeleiding;fysiekeBelasting;postcode;ov;rolstoel;doelgroepen;ontwikkelplek;status;organisatie;ma-ochtend\n" +
				"Banden plakken op dinsdag;Banden plakken en ventielen;" + strings.ToUpper(bikes.Name) + ";licht;Zwaar;9711;ja;nee;Statushouder, banenafspraak;nee;Open;" + strings.ToLower(org.Name) + ";2\n"
			_, body = admin.upload("werkplekken", "werkplekken.csv", []byte(offers))
			if m = payloadRE.FindStringSubmatch(body); m == nil {
				t.Fatalf("the beheerder's offer preview:\n%s", body)
			}
			admin.post("/importeren/opslaan", url.Values{"csrf": {admin.csrf("/importeren")}, "soort": {"werkplekken"}, "regels": {html.UnescapeString(m[1])}})
			os, _, err := env.db.FindOffers(env.ctx, plekwijzer.OfferFilter{OrganisationID: org.ID, Page: plekwijzer.Page{Number: 1, Size: 100}})
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(os, func(o *plekwijzer.Offer) bool { return o.Title == "Banden plakken op dinsdag" })
			if i < 0 || os[i].WorkTypeID != bikes.ID || os[i].Supervision != 1 || os[i].PhysicalLoad != plekwijzer.LoadHigh || len(os[i].TargetGroups) != 2 {
				t.Fatalf("the beheerder's offer: %d %+v", i, os)
			}
		})
	}
}

func base64Reader(t *testing.T, s string) *bytes.Reader {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

func participantByCode(t *testing.T, env *appEnv, code string) *plekwijzer.Participant {
	t.Helper()
	ps, _, err := env.db.FindParticipants(env.ctx, plekwijzer.ParticipantFilter{Code: code, Page: plekwijzer.Page{Number: 1, Size: 1}})
	if err != nil || len(ps) != 1 {
		t.Fatalf("participant %s: %v %v", code, ps, err)
	}
	return ps[0]
}

func mustUserNamed(t *testing.T, env *appEnv, name string) *plekwijzer.User {
	t.Helper()
	for _, u := range mustUsers(t, env) {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no user %q", name)
	return nil
}

// The template, downloaded from the import page in the browser, is filled
// in by its example row already: read back in and saved, it makes a
// participant. The Excel template lists the valid values on a second sheet.
func TestImportTemplateInTheBrowser(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	b.open(env.url + "/importeren")
	b.axe("importeren met sjablonen")
	xlsx, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`fetch(document.querySelector('#sjablonen a[href*="sjabloon.xlsx"]').href)
		.then(r => r.arrayBuffer()).then(b => btoa(String.fromCharCode(...new Uint8Array(b))))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(base64Reader(t, xlsx))
	if err != nil {
		t.Fatal(err)
	}
	if sheets := x.GetSheetList(); len(sheets) != 2 || sheets[1] != "Geldige waarden" {
		t.Fatalf("the Excel template's sheets: %v", sheets)
	}
	rows, _ := x.GetRows("Geldige waarden")
	var statushouder, dayPart bool
	for _, r := range rows {
		statushouder = statushouder || len(r) == 3 && r[0] == "doelgroep" && r[1] == "statushouder" && r[2] == "Statushouder"
		dayPart = dayPart || len(r) == 3 && r[0] == "beschikbaarheid" && r[1] == "ma-ochtend"
	}
	if !statushouder || !dayPart {
		t.Errorf("the valid values lack target groups or day-parts: %v", rows[:min(len(rows), 10)])
	}
	main, _ := x.GetRows("Invullen")
	if len(main) != 2 || main[0][0] != "code" || !slices.Contains(main[0], "vaardigheden") {
		t.Fatalf("the Excel template: %v", main)
	}

	// The CSV template, put into the file field as it was downloaded.
	b.js(`fetch(document.querySelector('#sjablonen a[href*="sjabloon.csv"]').href).then(r => r.blob()).then(blob => {
		const dt = new DataTransfer(); dt.items.add(new File([blob], 'sjabloon-deelnemers.csv', {type: 'text/csv'}));
		document.getElementById('veld-bestand').files = dt.files; window.klaar = true })`)
	b.until(`window.klaar === true`)
	b.submit(`form[action="/importeren"] button[type=submit]`)
	b.until(`document.getElementById('controle') !== null`)
	if !strings.Contains(b.text(), "alle in orde") {
		t.Fatalf("the template's example row is not in order:\n%s", b.text())
	}
	b.axe("controle van de import")
	b.submit(`form[action="/importeren/opslaan"] button[type=submit]`)
	b.until(`document.readyState === 'complete' && document.body.innerText.includes('Import opgeslagen')`)
	if strings.Contains(b.text(), "Niet opgeslagen") {
		t.Fatalf("the template's example row was not saved:\n%s", b.text())
	}
	p := participantByCode(t, env, "VOORBEELD-001")
	if p.TargetGroup != "statushouder" || len(p.Availability) != 3 || p.WaitingSince == nil || len(p.Skills) != 1 || len(p.LearningGoals) != 1 {
		t.Fatalf("the example row imported as %+v", p)
	}
	b.axe("import opgeslagen")
}
