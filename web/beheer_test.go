package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/iederz/plekwijzer"
)

// setAdminPassword gives the demo beheerder the username beheerder and
// the demo password.
func setAdminPassword(t *testing.T, env *appEnv) {
	t.Helper()
	for _, u := range mustUsers(t, env) {
		if u.Role == plekwijzer.RoleAdmin {
			if err := env.db.SetPassword(env.ctx, u.ID, "beheerder", demoPassword); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// beheerderTab logs the demo beheerder in, in a browser tab.
func beheerderTab(t *testing.T, env *appEnv) tab {
	t.Helper()
	setAdminPassword(t, env)
	b := appTab(t)
	b.login(env.url, "beheerder", "/deelnemers")
	return b
}

// apiStatus is the status of GET /api/v1/mij with a token.
func apiStatus(t *testing.T, env *appEnv, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, env.url+"/api/v1/mij", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// The beheerder manages users in the browser: filters the list, adds a
// user (bad input first), gives them a made-up password, links them to
// the municipality's account, makes a token (shown once) and revokes it,
// and switches them off and on. Others cannot reach the back-office, and a
// form from elsewhere changes nothing.
func TestBeheerUsersAndTokens(t *testing.T) {
	env := appService(t)
	b := beheerderTab(t, env)

	b.js(`document.querySelector('nav a[href="/beheer"]').click()`)
	b.until(`location.pathname === '/beheer' && document.readyState === 'complete'`)
	if n := eval[int](b, `document.querySelectorAll('#beheer-onderdelen a').length`); n < 6 {
		t.Fatalf("the overview links to %d parts", n)
	}
	b.axe("beheer")

	b.open(env.url + "/beheer/gebruikers?rol=partner")
	b.until(`document.querySelectorAll('#gebruikers tbody tr').length > 0`)
	if roles := eval[string](b, `[...new Set([...document.querySelectorAll('#gebruikers tbody tr td:nth-child(2)')].map(td => td.innerText))].join(',')`); roles != "Partner" {
		t.Fatalf("filtered on partners, the list shows %q", roles)
	}
	b.axe("gebruikers")

	// A partner without organisation and without a name: both named, nothing saved.
	before := len(mustUsers(t, env))
	b.open(env.url + "/beheer/gebruikers")
	b.fill(map[string]string{"naam": "", "rol": "partner", "email": "geen-adres"})
	b.submit(`#nieuwe-gebruiker button[type=submit]`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	summary := eval[string](b, `document.getElementById('foutmeldingen').innerText`)
	for _, want := range []string{"Naam", "Organisatie", "E-mailadres"} {
		if !strings.Contains(summary, want) {
			t.Errorf("the error summary lacks %q:\n%s", want, summary)
		}
	}
	if n := len(mustUsers(t, env)); n != before {
		t.Fatalf("bad input made a user: %d users, were %d", n, before)
	}
	b.axe("nieuwe gebruiker met fouten")
	b.fill(map[string]string{"naam": "Coach Test Nieuw", "rol": "coach", "email": "test.nieuw@iederz.example", "organisatieId": ""})
	b.submit(`#nieuwe-gebruiker button[type=submit]`)
	b.until(`location.pathname.startsWith('/beheer/gebruikers/') && document.querySelector('.pw-notice') !== null`)
	uid := strings.TrimPrefix(eval[string](b, `location.pathname`), "/beheer/gebruikers/")
	u, err := env.db.User(env.ctx, uid)
	if err != nil || u.Name != "Coach Test Nieuw" || u.Role != plekwijzer.RoleCoach || u.Email != "test.nieuw@iederz.example" {
		t.Fatalf("the new user: %+v %v", u, err)
	}
	b.axe("gebruiker")

	// A made-up password, shown once, that logs in.
	b.fill(map[string]string{"gebruikersnaam": "test.nieuw"})
	b.submit(`#wachtwoord-form button[value=maken]`)
	b.until(`document.getElementById('eenmalig-wachtwoord') !== null`)
	password := eval[string](b, `document.querySelector('#eenmalig-wachtwoord code').innerText`)
	if _, err := env.db.CheckPassword(env.ctx, "test.nieuw", password); err != nil {
		t.Fatalf("the password shown (%q) does not log in: %v", password, err)
	}
	b.axe("eenmalig wachtwoord")

	// Change the role and e-mail address.
	b.open(env.url + "/beheer/gebruikers/" + uid)
	b.fill(map[string]string{"rol": "manager", "email": "manager.nieuw@iederz.example"})
	b.submit(`#gegevens button[type=submit]`)
	b.until(`document.querySelector('.pw-notice') !== null`)
	if u, _ := env.db.User(env.ctx, uid); u.Role != plekwijzer.RoleManager || u.Email != "manager.nieuw@iederz.example" {
		t.Fatalf("after the change: %+v", u)
	}

	// Link to the municipality's account.
	b.fill(map[string]string{"issuer": "https://login.groningen.example", "subject": "sub-4711"})
	b.submit(`#koppelen button[type=submit]`)
	b.until(`document.getElementById('koppelingen') !== null`)
	if got, err := env.db.UserByIdentity(env.ctx, plekwijzer.Identity{Issuer: "https://login.groningen.example", Subject: "sub-4711"}); err != nil || got.ID != uid {
		t.Fatalf("linked identity: %+v %v", got, err)
	}

	// A token with an expiry date: its secret once, then revoked.
	b.fill(map[string]string{"tokenNaam": "roosterkoppeling", "tokenVerloopt": string(plekwijzer.Today().AddDays(30))})
	b.submit(`#nieuw-token-form button[type=submit]`)
	b.until(`document.getElementById('nieuw-token') !== null`)
	secret := eval[string](b, `document.querySelector('#nieuw-token code').innerText`)
	if apiStatus(t, env, secret) != http.StatusOK {
		t.Fatal("the new token does not work")
	}
	b.axe("nieuw token")
	b.open(env.url + "/beheer/gebruikers/" + uid)
	if strings.Contains(eval[string](b, `document.body.innerHTML`), secret) {
		t.Fatal("the token's secret is shown again")
	}
	if row := eval[string](b, `[...document.querySelectorAll('#tokens tbody tr')].map(r => r.innerText).join('\n')`); !strings.Contains(row, "roosterkoppeling") || strings.Contains(row, "nooit") {
		t.Fatalf("the token list: %s", row)
	}

	// Switched off: neither password nor token lets them in; then on again.
	b.submit(`#aan-uit button[type=submit]`)
	b.until(`document.getElementById('uitgezet') !== null`)
	if _, err := env.db.CheckPassword(env.ctx, "test.nieuw", password); err == nil {
		t.Error("a deactivated user logs in")
	}
	if s := apiStatus(t, env, secret); s != http.StatusUnauthorized {
		t.Errorf("a deactivated user's token: %d", s)
	}
	b.axe("gebruiker uitgezet")
	b.submit(`#aan-uit button[type=submit]`)
	b.until(`document.getElementById('uitgezet') === null && document.querySelector('.pw-notice') !== null`)
	if apiStatus(t, env, secret) != http.StatusOK {
		t.Error("switched on again, the token does not work")
	}
	b.js(`[...document.querySelectorAll('#tokens tbody tr')].find(r => r.innerText.includes('roosterkoppeling')).querySelector('button').click()`)
	b.until(`document.querySelector('.pw-notice') !== null && !document.getElementById('tokens').innerText.includes('roosterkoppeling')`)
	if s := apiStatus(t, env, secret); s != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d", s)
	}

	// A user can be removed (the audit log keeps their name).
	b.submit(`#verwijderen button[type=submit]`)
	b.until(`location.pathname === '/beheer/gebruikers' && document.querySelector('.pw-notice') !== null`)
	if _, err := env.db.User(env.ctx, uid); plekwijzer.ErrorCode(err) != plekwijzer.ENotFound {
		t.Errorf("the removed user is still there: %v", err)
	}
	b.open(env.url + "/beheer/mislukte-mail")
	b.until(`document.getElementById('mislukt') !== null`)
	b.axe("mislukte mail")

	// Every back-office page reflows at 320 px (WCAG 1.4.10).
	b.do(chromedp.EmulateViewport(320, 640))
	for _, path := range []string{"/beheer", "/beheer/gebruikers", "/beheer/gebruikers/" + mustUserNamed(t, env, "Coach Fatma Y.").ID, "/beheer/audit",
		"/beheer/bewaartermijn", "/beheer/organisaties", "/beheer/werksoorten", "/beheer/contingenten", "/beheer/mislukte-mail", "/importeren"} {
		b.open(env.url + path)
		if w := eval[int](b, `document.documentElement.scrollWidth`); w > 320 {
			t.Errorf("%s is %d px wide at 320 px", path, w)
		}
	}
	b.do(chromedp.EmulateViewport(1280, 900))

	// A form without the page's CSRF token changes nothing.
	status := eval[int](b, `(() => { const x = new XMLHttpRequest(); x.open('POST', '/beheer/gebruikers', false);
		x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded'); x.send('naam=Indringer&rol=beheerder'); return x.status })()`)
	if status != http.StatusForbidden {
		t.Errorf("a post without CSRF token: %d", status)
	}
	for _, u := range mustUsers(t, env) {
		if u.Name == "Indringer" {
			t.Fatal("a post without CSRF token made a user")
		}
	}

	// Not for a coach.
	c := appTab(t)
	c.login(env.url, "fatma", "/deelnemers")
	for _, path := range []string{"/beheer", "/beheer/gebruikers", "/beheer/gebruikers/" + uid} {
		c.forbidden(env.url + path)
	}
	if eval[int](c, `document.querySelectorAll('nav a[href="/beheer"]').length`) != 0 {
		t.Error("a coach has Beheer in the menu")
	}
}

// "Who looked at participant X?": the beheerder types the code and clicks
// once; the log filters by user, kind and period, exports what it shows as
// CSV, and names an unknown code. The retention report lists who is due.
func TestBeheerAuditAndRetention(t *testing.T) {
	env := startApp(t, appOptions{retentionMonths: 3})
	fatma := demoCoach(t, env, "Coach Fatma Y.")
	pt, _ := ownParticipant(t, env, fatma, false)

	c := appTab(t)
	c.login(env.url, "fatma", "/deelnemers")
	c.open(env.url + "/deelnemers/" + pt.ID)

	b := beheerderTab(t, env)
	b.open(env.url + "/beheer/audit")
	b.until(`document.querySelectorAll('#audit tbody tr').length > 1`)
	b.axe("auditlog")
	b.fill(map[string]string{"code": pt.Code})
	b.submit(`#wie-keek button[type=submit]`)
	b.until(`document.getElementById('gefilterd') !== null`)
	rows := eval[[]string](b, `[...document.querySelectorAll('#audit tbody tr')].map(r => r.innerText)`)
	seen := false
	for _, r := range rows {
		if !strings.Contains(r, pt.Code) {
			t.Errorf("filtered on %s, a row about someone else: %s", pt.Code, r)
		}
		seen = seen || strings.Contains(r, "Coach Fatma Y.") && strings.Contains(r, "Bekeken")
	}
	if !seen {
		t.Fatalf("the log of %s does not show that Fatma looked:\n%s", pt.Code, strings.Join(rows, "\n"))
	}
	b.axe("auditlog van een deelnemer")

	// The CSV holds what the page shows, and the look-up of the code for
	// the export itself (a read of the participant, audited too).
	csv, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`fetch(document.getElementById('audit-csv').href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if !strings.HasPrefix(strings.TrimPrefix(lines[0], "\ufeff"), "tijd;gebruiker;") || len(lines)-1 != len(rows)+1 || !strings.Contains(csv, "Coach Fatma Y.") || !strings.Contains(csv, pt.Code) {
		t.Fatalf("the CSV (%d rows, page %d):\n%s", len(lines)-1, len(rows), csv)
	}

	// By user, by kind and by period.
	b.open(env.url + "/beheer/audit?gebruikerId=" + fatma)
	b.until(`document.querySelectorAll('#audit tbody tr').length > 0`)
	if who := eval[string](b, `[...new Set([...document.querySelectorAll('#audit tbody tr td:nth-child(2)')].map(td => td.innerText))].join('|')`); who != "Coach Fatma Y. (Coach)" {
		t.Errorf("filtered on Fatma, the log shows %q", who)
	}
	b.open(env.url + "/beheer/audit?actie=lezen")
	if what := eval[string](b, `[...new Set([...document.querySelectorAll('#audit tbody tr td:nth-child(3)')].map(td => td.innerText))].join('|')`); what != "Bekeken" {
		t.Errorf("filtered on reading, the log shows %q", what)
	}
	b.open(env.url + "/beheer/audit?vanaf=" + string(plekwijzer.Today().AddDays(1)))
	if n := eval[int](b, `document.querySelectorAll('#audit tbody tr a').length`); n != 0 {
		t.Errorf("%d entries from tomorrow on", n)
	}

	// An unknown code is named at its field.
	b.open(env.url + "/beheer/audit")
	b.fill(map[string]string{"code": "DN-BESTAAT-NIET"})
	b.submit(`#wie-keek button[type=submit]`)
	b.until(`document.querySelector('#foutmeldingen a[href="#veld-code"]') !== null`)
	b.axe("auditlog onbekende code")

	b.open(env.url + "/beheer/bewaartermijn")
	b.until(`document.getElementById('bewaartermijn-aan') !== null`)
	due := eval[int](b, `document.querySelectorAll('#teAnonimiseren tbody a, #binnenkort tbody a').length`)
	r, err := plekwijzer.PlanRetention(env.ctx, env.db, plekwijzer.Today(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if due != len(r.Due)+len(r.Soon) {
		t.Errorf("the report lists %d participants, the policy %d", due, len(r.Due)+len(r.Soon))
	}
	b.axe("bewaartermijn")
	c.forbidden(env.url + "/beheer/audit")
}

// The beheerder keeps organisations, work types and reserved places: each
// added (bad input named first, nothing saved) and changed; the reserved
// places show their use per week.
func TestBeheerCatalogue(t *testing.T) {
	env := appService(t)
	b := beheerderTab(t, env)

	b.open(env.url + "/beheer/organisaties")
	b.axe("organisaties")
	b.fill(map[string]string{"naam": "", "soort": "zorgaanbieder", "postcode": "97"})
	b.submit(`#organisatie-form button[type=submit]`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	if s := eval[string](b, `document.getElementById('foutmeldingen').innerText`); !strings.Contains(s, "Naam") || !strings.Contains(s, "Postcode") {
		t.Errorf("the organisation's errors: %s", s)
	}
	b.axe("organisatie met fouten")
	b.fill(map[string]string{"naam": "Zorggroep Noorderpark", "soort": "zorgaanbieder", "postcode": "9725", "plaats": "Groningen"})
	b.submit(`#organisatie-form button[type=submit]`)
	b.until(`document.querySelector('.pw-notice') !== null`)
	b.js(`[...document.querySelectorAll('#organisaties tbody tr')].find(r => r.innerText.includes('Zorggroep Noorderpark')).querySelector('a').click()`)
	b.until(`location.pathname.startsWith('/beheer/organisaties/') && document.readyState === 'complete'`)
	if v := eval[string](b, `document.getElementById('veld-naam').value`); v != "Zorggroep Noorderpark" {
		t.Fatalf("the edit form holds %q", v)
	}
	b.fill(map[string]string{"naam": "Zorggroep Noorderpark-Oost"})
	b.submit(`#organisatie-form button[type=submit]`)
	b.until(`location.pathname === '/beheer/organisaties' && document.querySelector('.pw-notice') !== null`)
	orgs, _, err := env.db.FindOrganisations(env.ctx, plekwijzer.OrganisationFilter{Query: "Noorderpark", Page: plekwijzer.Page{Number: 1, Size: 10}})
	if err != nil || len(orgs) != 1 || orgs[0].Name != "Zorggroep Noorderpark-Oost" || orgs[0].Kind != "zorgaanbieder" {
		t.Fatalf("the organisation: %+v %v", orgs, err)
	}

	// An organisation nobody refers to can go.
	b.js(`[...document.querySelectorAll('#organisaties tbody tr')].find(r => r.innerText.includes('Zorggroep Noorderpark-Oost')).querySelector('form button').click()`)
	b.until(`document.querySelector('.pw-notice') !== null && !document.getElementById('organisaties').innerText.includes('Noorderpark')`)
	if _, err := env.db.Organisation(env.ctx, orgs[0].ID); plekwijzer.ErrorCode(err) != plekwijzer.ENotFound {
		t.Errorf("the organisation is still there: %v", err)
	}

	b.open(env.url + "/beheer/werksoorten")
	b.axe("werksoorten")
	b.fill(map[string]string{"naam": "Bijen houden", "code": "Bijen Houden!", "fysiekeBelasting": "midden", "omgeving": "buiten", "escoCodes": "6123.1"})
	b.submit(`#werksoort-form button[type=submit]`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	b.axe("werksoort met fouten")
	b.fill(map[string]string{"code": "bijen-houden"})
	b.submit(`#werksoort-form button[type=submit]`)
	b.until(`document.querySelector('.pw-notice') !== null && document.getElementById('werksoorten').innerText.includes('Bijen houden')`)
	wts, _, err := env.db.FindWorkTypes(env.ctx, plekwijzer.WorkTypeFilter{Query: "bijen", Page: plekwijzer.Page{Number: 1, Size: 10}})
	if err != nil || len(wts) != 1 || wts[0].Environment != "buiten" || len(wts[0].ESCOCodes) != 1 {
		t.Fatalf("the work type: %+v %v", wts, err)
	}

	b.open(env.url + "/beheer/contingenten")
	b.axe("contingenten")
	before := eval[int](b, `document.querySelectorAll('#contingenten tbody tr form').length`)
	b.fill(map[string]string{"naam": "GON-partner Test", "plaatsen.ma-ochtend": "twee"})
	b.submit(`#contingent-form button[type=submit]`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	if s := eval[string](b, `document.getElementById('foutmeldingen').innerText`); !strings.Contains(s, "moet een heel getal zijn") || !strings.Contains(s, "Werkplekken") {
		t.Errorf("the contingent's errors: %s", s)
	}
	b.axe("contingent met fouten")
	// An offer in no contingent yet (one offer is in one contingent at a
	// time).
	ks, _, err := env.db.FindContingents(env.ctx, plekwijzer.ContingentFilter{Page: plekwijzer.Page{Number: 1, Size: 100}})
	if err != nil {
		t.Fatal(err)
	}
	var taken []string
	for _, k := range ks {
		taken = append(taken, k.OfferIDs...)
	}
	b.js(`const taken = ` + jsStrings(taken) + `; [...document.querySelectorAll('input[name=werkplekIds]')].find(i => !taken.includes(i.value)).checked = true;
		document.querySelector('input[name=verwijzerIds]').checked = true`)
	b.fill(map[string]string{"plaatsen.ma-ochtend": "2", "plaatsen.di-middag": "1", "vrijgaveDagen": "7"})
	b.submit(`#contingent-form button[type=submit]`)
	b.until(`document.querySelector('.pw-notice') !== null`)
	if n := eval[int](b, `document.querySelectorAll('#contingenten tbody tr form').length`); n != before+1 || !strings.Contains(b.text(), "GON-partner Test") {
		t.Fatalf("%d contingents after adding one to %d", n, before)
	}
	if n := eval[int](b, `document.querySelectorAll('#gebruik-tabel tbody tr').length`); n < 2 || !strings.Contains(eval[string](b, `document.getElementById('gebruik-tabel').innerText`), "GON-partner Test") {
		t.Errorf("the use per week lacks the new contingent (%d rows)", n)
	}
	b.js(`[...document.querySelectorAll('#contingenten tbody tr')].find(r => r.innerText.includes('GON-partner Test')).querySelector('form button').click()`)
	b.until(`document.querySelector('.pw-notice') !== null && !document.getElementById('contingenten').innerText.includes('GON-partner Test')`)
}

func jsStrings(v []string) string {
	b, _ := json.Marshal(v)
	return string(b)
}
