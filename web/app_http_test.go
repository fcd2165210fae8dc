package web_test

import (
	"bytes"
	"encoding/csv"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/iederz/plekwijzer"
)

// These tests speak HTTP to the web application without a browser: the
// security of logins and forms, import and export.

// visitor is a browser without a browser: it keeps cookies (also Secure
// ones, as browsers do for localhost) and follows no redirects.
type visitor struct {
	t       *testing.T
	base    string
	cookies map[string]string
}

func newVisitor(t *testing.T, base string) *visitor {
	return &visitor{t: t, base: base, cookies: map[string]string{}}
}

func (v *visitor) do(method, path string, body io.Reader, header http.Header) (*http.Response, string) {
	v.t.Helper()
	req, err := http.NewRequest(method, v.base+path, body)
	if err != nil {
		v.t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	for name, value := range v.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 {
			delete(v.cookies, c.Name)
		} else {
			v.cookies[c.Name] = c.Value
		}
	}
	return res, string(b)
}

func (v *visitor) get(path string) (*http.Response, string) {
	v.t.Helper()
	return v.do(http.MethodGet, path, nil, nil)
}

// post sends a form as a browser on this site does.
func (v *visitor) post(path string, form url.Values) (*http.Response, string) {
	v.t.Helper()
	return v.do(http.MethodPost, path, strings.NewReader(form.Encode()), http.Header{
		"Content-Type": {"application/x-www-form-urlencoded"}, "Sec-Fetch-Site": {"same-origin"}})
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the token of the forms on a page.
func (v *visitor) csrf(path string) string {
	v.t.Helper()
	return v.formValue(path, csrfRE)
}

// formValue is what the first group of re finds on a page.
func (v *visitor) formValue(path string, re *regexp.Regexp) string {
	v.t.Helper()
	_, body := v.get(path)
	m := re.FindStringSubmatch(body)
	if m == nil {
		v.t.Fatalf("no %s on %s", re, path)
	}
	return m[1]
}

func (v *visitor) login(user, password string) *http.Response {
	v.t.Helper()
	res, _ := v.post("/inloggen", url.Values{"csrf": {v.csrf("/inloggen")}, "gebruikersnaam": {user}, "wachtwoord": {password}})
	return res
}

func TestAppLoginSecurity(t *testing.T) {
	env := appService(t)
	v := newVisitor(t, env.url)

	// Every page needs a login, and says where to go back to.
	if res, _ := v.get("/deelnemers?fase=intake"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/inloggen?terug=%2Fdeelnemers%3Ffase%3Dintake" {
		t.Fatalf("without login: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	res := v.login("fatma", demoPassword)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/deelnemers" {
		t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "__Host-plekwijzer-sessie" {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || !session.Secure || session.SameSite != http.SameSiteLaxMode || session.Path != "/" || session.Domain != "" {
		t.Fatalf("session cookie %+v", session)
	}
	page, body := v.get("/deelnemers")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Header.Get("Content-Security-Policy"), "script-src 'self'") ||
		page.Header.Get("Cache-Control") != "no-store" || !strings.Contains(body, `lang="nl"`) {
		t.Fatalf("page: %d %v", page.StatusCode, page.Header)
	}

	// A form without its token, or from another site, is refused and
	// changes nothing.
	before := countParticipants(t, env)
	form := url.Values{"code": {"CSRF-001"}, "doelgroep": {"overig"}, "fase": {"intake"}, "postcode": {"9723"}, "maxReisafstandKm": {"5"},
		"begeleidingsbehoefte": {"2"}, "belastbaarheid": {"laag"}, "taalniveau": {"B1"}, "beschikbaarheid": {"ma-ochtend"}}
	if res, _ := v.post("/deelnemers/nieuw", form); res.StatusCode != http.StatusForbidden {
		t.Errorf("a form without CSRF token: %d", res.StatusCode)
	}
	form.Set("csrf", v.csrf("/deelnemers/nieuw"))
	if res, _ := v.do(http.MethodPost, "/deelnemers/nieuw", strings.NewReader(form.Encode()), http.Header{
		"Content-Type": {"application/x-www-form-urlencoded"}, "Sec-Fetch-Site": {"cross-site"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a form from another site: %d", res.StatusCode)
	}
	if res, _ := v.do(http.MethodPost, "/deelnemers/nieuw", strings.NewReader(form.Encode()), http.Header{
		"Content-Type": {"application/x-www-form-urlencoded"}, "Origin": {"https://evil.example"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a form with another origin: %d", res.StatusCode)
	}
	other := newVisitor(t, env.url)
	other.login("jeroen", demoPassword)
	form.Set("csrf", other.csrf("/deelnemers/nieuw")) // another session's token
	if res, _ := v.post("/deelnemers/nieuw", form); res.StatusCode != http.StatusForbidden {
		t.Errorf("a form with another session's token: %d", res.StatusCode)
	}
	if n := countParticipants(t, env); n != before {
		t.Fatalf("a refused form saved a participant")
	}
	form.Set("csrf", v.csrf("/deelnemers/nieuw"))
	if res, _ := v.post("/deelnemers/nieuw", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the same form with its token: %d", res.StatusCode)
	}

	// Logging out ends the session on the server: the old cookie opens
	// nothing, and its API token is revoked.
	old := v.cookies["__Host-plekwijzer-sessie"]
	if res, _ := v.post("/uitloggen", url.Values{"csrf": {v.csrf("/deelnemers")}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	replay := newVisitor(t, env.url)
	replay.cookies["__Host-plekwijzer-sessie"] = old
	if res, _ := replay.get("/deelnemers"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the cookie of a logged-out session still opens pages: %d", res.StatusCode)
	}

	// A return address leads only within the site.
	for _, back := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
		w := newVisitor(t, env.url)
		res, _ := w.post("/inloggen", url.Values{"csrf": {w.csrf("/inloggen")}, "gebruikersnaam": {"fatma"}, "wachtwoord": {demoPassword}, "terug": {back}})
		if loc := res.Header.Get("Location"); loc != "/deelnemers" {
			t.Errorf("terug=%q led to %q", back, loc)
		}
	}

	// Failed logins are throttled per username, also for the right
	// password, without touching other users.
	attacker := newVisitor(t, env.url)
	for i := range 5 {
		if res := attacker.login("kees", "raden"+string(rune('a'+i))); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i, res.StatusCode)
		}
	}
	if res := attacker.login("kees", demoPassword); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after 5 failures the right password: %d, want 429", res.StatusCode)
	}
	if res := newVisitor(t, env.url).login("wietske", demoPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another user after kees was locked: %d", res.StatusCode)
	}
	// An unknown username answers exactly like a wrong password.
	u := newVisitor(t, env.url)
	res, unknown := u.post("/inloggen", url.Values{"csrf": {u.csrf("/inloggen")}, "gebruikersnaam": {"niemand"}, "wachtwoord": {"x"}})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(unknown, "De gebruikersnaam of het wachtwoord klopt niet.") {
		t.Fatalf("unknown user: %d", res.StatusCode)
	}
}

func TestAppRolesAndAssets(t *testing.T) {
	env := appService(t)
	partner := newVisitor(t, env.url)
	partner.login("kees", demoPassword)
	for _, path := range []string{"/deelnemers", "/deelnemers/nieuw", "/zoeken", "/dashboard", "/exporteren/deelnemers.csv"} {
		if res, _ := partner.get(path); res.StatusCode != http.StatusForbidden {
			t.Errorf("partner GET %s: %d", path, res.StatusCode)
		}
	}
	// A coach cannot open another coach's participant: 404, like one that
	// does not exist (the API's rule, through the pages).
	ps, _, err := env.db.FindParticipants(env.ctx, plekwijzer.ParticipantFilter{Page: plekwijzer.Page{Number: 1, Size: 100}})
	if err != nil {
		t.Fatal(err)
	}
	coach := newVisitor(t, env.url)
	coach.login("fatma", demoPassword)
	fatma := ""
	for _, u := range mustUsers(t, env) {
		if u.Name == "Coach Fatma Y." {
			fatma = u.ID
		}
	}
	for _, p := range ps {
		if !p.VisibleTo(fatma) {
			if res, _ := coach.get("/deelnemers/" + p.ID); res.StatusCode != http.StatusNotFound {
				t.Errorf("another coach's participant: %d", res.StatusCode)
			}
			break
		}
	}
	// An address that is no page: a page that says so; under the API the
	// API's problem document.
	if res, body := coach.get("/bestaat-niet"); res.StatusCode != http.StatusNotFound || !strings.Contains(body, "Deze pagina bestaat niet") || !strings.Contains(body, "Uitloggen") {
		t.Errorf("unknown page: %d", res.StatusCode)
	}
	if res, _ := coach.get("/api/v1/bestaat-niet"); res.StatusCode != http.StatusNotFound || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("unknown API path: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res, _ := coach.get("/api/v1/deelnemers/"); res.StatusCode != http.StatusNotFound || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("API path with a trailing slash: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	// Assets: content-addressed, cacheable for a year, gzipped.
	_, page := coach.get("/deelnemers")
	m := regexp.MustCompile(`href="(/static/[0-9a-f]+/utrecht.css)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no stylesheet link")
	}
	res, _ := coach.do(http.MethodGet, m[1], nil, http.Header{"Accept-Encoding": {"gzip"}})
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("asset: %d %v", res.StatusCode, res.Header)
	}
}

func mustUsers(t *testing.T, env *appEnv) []*plekwijzer.User {
	t.Helper()
	us, _, err := env.db.FindUsers(env.ctx, plekwijzer.UserFilter{Page: plekwijzer.Page{Number: 1, Size: 100}})
	if err != nil {
		t.Fatal(err)
	}
	return us
}

// upload posts a file to the import form as a browser does.
func (v *visitor) upload(kind, name string, content []byte) (*http.Response, string) {
	v.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.WriteField("csrf", v.csrf("/importeren"))
	w.WriteField("soort", kind)
	fw, _ := w.CreateFormFile("bestand", name)
	fw.Write(content)
	w.Close()
	return v.do(http.MethodPost, "/importeren", &b, http.Header{"Content-Type": {w.FormDataContentType()}, "Sec-Fetch-Site": {"same-origin"}})
}

var payloadRE = regexp.MustCompile(`name="regels" value="([^"]+)"`)

func TestAppImportExport(t *testing.T) {
	env := appService(t)
	coach := newVisitor(t, env.url)
	coach.login("fatma", demoPassword)

	// Export: the caseload as CSV that Dutch Excel opens.
	res, body := coach.get("/exporteren/deelnemers.csv")
	if res.StatusCode != 200 || !strings.HasPrefix(body, "\xef\xbb\xbfcode;doelgroep;fase;") || !strings.Contains(res.Header.Get("Content-Disposition"), "deelnemers.csv") {
		t.Fatalf("export: %d %q", res.StatusCode, body[:min(len(body), 80)])
	}
	rows, err := csvRows(body)
	if err != nil {
		t.Fatal(err)
	}
	_, caseload := coach.get("/deelnemers")
	if !strings.Contains(caseload, strconv.Itoa(len(rows)-1)+" deelnemers") {
		t.Errorf("the export has %d rows, not the caseload's count", len(rows)-1)
	}

	// Import with problems: every row's problems named, nothing saved.
	before := countParticipants(t, env)
	bad := "code;doelgroep;fase;beschikbaarheid;postcode;maxReisafstandKm;begeleidingsbehoefte;belastbaarheid;rolstoel;taalniveau;interesses;vermijden;wachtendSinds\n" +
		"IMP-001;statushouder;intake;ma-ochtend di-ochtend;9723;10;2;midden;nee;A2;fietsenreparatie;;\n" +
		"IMP-002;statushouder;intake;ma-ochtend;97;10;2;midden;nee;A2;vliegen;;\n" +
		"IMP-001;onbekend;intake;zo-ochtend;9723;veel;9;midden;misschien;A2;;;\n"
	res, body = coach.upload("deelnemers", "lijst.csv", []byte(bad))
	for _, want := range []string{"2 met fouten", "onbekende werksoort &#34;vliegen&#34;", "Postcode", "staat ook op regel 2", "onbekend dagdeel", "moet een heel getal zijn", "Rolstoel: vul ja of nee in"} {
		if !strings.Contains(body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if payloadRE.MatchString(body) || countParticipants(t, env) != before {
		t.Fatal("a file with problems can be saved, or was")
	}

	// The corrected file, as Excel: preview, then save.
	x := excelize.NewFile()
	for i, r := range [][]string{
		strings.Split("code;doelgroep;fase;beschikbaarheid;postcode;maxReisafstandKm;begeleidingsbehoefte;belastbaarheid;rolstoel;taalniveau;interesses;vermijden;wachtendSinds", ";"),
		{"IMP-001", "statushouder", "intake", "ma-ochtend di-ochtend", "9723", "10", "2", "midden", "nee", "A2", "fietsenreparatie", "", ""},
		{"IMP-002", "ggz-beschermd-wonen", "voortraject", "wo-middag", "9711", "5", "3", "laag", "ja", "B1", "", "inpakken", "2026-01-05"},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Sheet1", cell, &r)
	}
	var xb bytes.Buffer
	if err := x.Write(&xb); err != nil {
		t.Fatal(err)
	}
	res, body = coach.upload("deelnemers", "lijst.xlsx", xb.Bytes())
	m := payloadRE.FindStringSubmatch(body)
	if res.StatusCode != 200 || m == nil || !strings.Contains(body, "alle in orde") {
		t.Fatalf("preview of a good file: %d\n%s", res.StatusCode, body)
	}
	if countParticipants(t, env) != before {
		t.Fatal("the preview saved something")
	}
	res, body = coach.post("/importeren/opslaan", url.Values{"csrf": {coach.csrf("/importeren")}, "soort": {"deelnemers"}, "regels": {html.UnescapeString(m[1])}})
	if res.StatusCode != 200 || !strings.Contains(body, "2 deelnemers opgeslagen") {
		t.Fatalf("save: %d\n%s", res.StatusCode, body)
	}
	ps, _, _ := env.db.FindParticipants(env.ctx, plekwijzer.ParticipantFilter{Code: "IMP-002", Page: plekwijzer.Page{Number: 1, Size: 1}})
	if len(ps) != 1 || !ps[0].Wheelchair || len(ps[0].Avoid) != 1 || ps[0].WaitingSince == nil {
		t.Fatalf("imported: %+v", ps)
	}

	// A partner imports offers; exports neutralise formulas.
	partner := newVisitor(t, env.url)
	partner.login("kees", demoPassword)
	offers := "titel;omschrijving;werksoort;begeleiding;fysiekeBelasting;postcode;ov;rolstoel;doelgroepen;ontwikkelplek;status;" + strings.Join(strs(plekwijzer.DayParts), ";") + "\n" +
		"\"=HYPERLINK(\"\"http://evil.example\"\")\";Banden plakken;fietsenreparatie;2;midden;9711;ja;nee;;nee;open;2;0;0;0;0;0;0;0;0;1\n"
	_, body = partner.upload("werkplekken", "werkplekken.csv", []byte(offers))
	m = payloadRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("offer preview:\n%s", body)
	}
	if res, _ := partner.post("/importeren/opslaan", url.Values{"csrf": {partner.csrf("/importeren")}, "soort": {"werkplekken"}, "regels": {html.UnescapeString(m[1])}}); res.StatusCode != 200 {
		t.Fatalf("offer import: %d", res.StatusCode)
	}
	_, body = partner.get("/exporteren/werkplekken.csv")
	if !strings.Contains(body, "\"'=HYPERLINK(\"\"http://evil.example\"\")\"") {
		t.Fatalf("a formula in the export is not neutralised:\n%s", body)
	}
	// A partner cannot import participants.
	if _, body := partner.upload("deelnemers", "lijst.csv", []byte(bad)); !strings.Contains(body, "kies wat je wilt importeren") {
		t.Fatal("a partner could import participants")
	}
}

func csvRows(body string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xef\xbb\xbf")))
	r.Comma = ';'
	return r.ReadAll()
}

func strs[T ~string](v []T) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = string(x)
	}
	return out
}

// Without JavaScript, the skill picker's search button shows the form again
// with what was found and what was typed, and saves nothing.
func TestAppSkillSearchWithoutScript(t *testing.T) {
	env := appService(t)
	coach := newVisitor(t, env.url)
	coach.login("fatma", demoPassword)
	before := countParticipants(t, env)
	res, body := coach.post("/deelnemers/nieuw", url.Values{"csrf": {coach.csrf("/deelnemers/nieuw")}, "code": {"ZONDER-JS"},
		"actie": {"zoek-vaardigheid"}, "vaardigheid-zoek": {"klant"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="ZONDER-JS"`) || !strings.Contains(body, "Gevonden: vink aan") ||
		!strings.Contains(body, `name="vaardigheid" value="`) {
		t.Fatalf("search without script: %d\n%s", res.StatusCode, body)
	}
	if countParticipants(t, env) != before {
		t.Fatal("a search saved the form")
	}
	// The search-as-you-type answer leaves out what is already chosen.
	_, frag := coach.get("/vaardigheden/kiezen?veld=vaardigheid&vaardigheid-zoek=klant")
	first := regexp.MustCompile(`name="vaardigheid" value="([^"]+)"`).FindStringSubmatch(frag)
	if first == nil {
		t.Fatalf("no results: %s", frag)
	}
	_, again := coach.get("/vaardigheden/kiezen?veld=vaardigheid&vaardigheid-zoek=klant&vaardigheid=" + first[1])
	if strings.Contains(again, first[1]) {
		t.Error("a chosen skill is offered again")
	}
}

// The planner works without script: a plan is a GET, booking it posts the
// reviewed participants with the CSRF token.
func TestAppPlannerWithoutScript(t *testing.T) {
	env := appService(t)
	partner := newVisitor(t, env.url)
	partner.login("kees", demoPassword)
	if res, _ := partner.get("/planner"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("partner opens the planner: %d", res.StatusCode)
	}
	coach := newVisitor(t, env.url)
	coach.login("fatma", demoPassword)
	res, body := coach.get("/planner")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `href="/planner"`) || strings.Contains(body, `id="toewijzingen"`) {
		t.Fatalf("planner before a run: %d\n%s", res.StatusCode, body)
	}
	// Out of range: the API's reason, next to the field.
	res, body = coach.get("/planner?plannen=ja&dagdelen=11")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#veld-dagdelen"`) || !strings.Contains(body, "1 tot en met 10") {
		t.Fatalf("planner with 11 day-parts: %d\n%s", res.StatusCode, body)
	}
	res, body = coach.get("/planner?plannen=ja&dagdelen=2&startdatum=" + string(plekwijzer.Today()))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="toewijzingen"`) || !strings.Contains(body, "Wie het eerst komt") {
		t.Fatalf("plan: %d\n%s", res.StatusCode, body)
	}
	ids := regexp.MustCompile(`name="deelnemer" value="([^"]+)"`).FindAllStringSubmatch(body, -1)
	rows := strings.Count(body[strings.Index(body, `id="toewijzingen"`):strings.Index(body, `id="vergelijking"`)], `scope="row"`)
	if len(ids) == 0 || rows == 0 {
		t.Fatalf("plan: %d participants in the booking form, %d assignments", len(ids), rows)
	}
	fp := regexp.MustCompile(`name="plan" value="([^"]+)"`).FindStringSubmatch(body)
	if fp == nil {
		t.Fatal("no plan fingerprint in the booking form")
	}
	form := url.Values{"dagdelen": {"2"}, "startdatum": {string(plekwijzer.Today())}, "plan": {fp[1]}}
	for _, m := range ids {
		form.Add("deelnemer", m[1])
	}
	// Every proposed row comes ticked; the coach books them all.
	for _, m := range regexp.MustCompile(`name="rij" value="([^"]+)"`).FindAllStringSubmatch(body, -1) {
		form.Add("rij", m[1])
	}
	if res, _ := coach.post("/planner", form); res.StatusCode != http.StatusForbidden {
		t.Fatalf("booking without a CSRF token: %d", res.StatusCode)
	}
	_, before, err := env.db.FindPlacements(env.ctx, plekwijzer.PlacementFilter{Page: plekwijzer.Page{Number: 1, Size: 1}})
	if err != nil {
		t.Fatal(err)
	}
	form.Set("csrf", coach.csrf("/planner"))
	res, body = coach.post("/planner", form)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="vastgelegd"`) || strings.Contains(body, `action="/planner" class="pw-form" id="vastleggen"`) {
		t.Fatalf("booking: %d\n%s", res.StatusCode, body)
	}
	booked := strings.Count(body, `href="/plaatsingen/`)
	_, after, err := env.db.FindPlacements(env.ctx, plekwijzer.PlacementFilter{Page: plekwijzer.Page{Number: 1, Size: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if booked == 0 || after-before != booked {
		t.Fatalf("booked %d placements, the page links %d", after-before, booked)
	}
	// The same form again (a reload) books nothing: the plan has changed.
	res, body = coach.post("/planner", form)
	_, again, err := env.db.FindPlacements(env.ctx, plekwijzer.PlacementFilter{Page: plekwijzer.Page{Number: 1, Size: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Er is niets vastgelegd") || again != after {
		t.Fatalf("booking again: %d, %d more placements\n%s", res.StatusCode, again-after, body)
	}
}
