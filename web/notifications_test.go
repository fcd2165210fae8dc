package web_test

import (
	"log/slog"
	"strconv"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/notify"
	"github.com/iederz/plekwijzer/notify/notifytest"
)

// userNamed finds a demo user by name.
func userNamed(t *testing.T, env *appEnv, prefix string) *plekwijzer.User {
	t.Helper()
	users, _, err := env.db.FindUsers(env.ctx, plekwijzer.UserFilter{Page: plekwijzer.Page{Number: 1, Size: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if strings.HasPrefix(u.Name, prefix) {
			return u
		}
	}
	t.Fatalf("no demo user %q", prefix)
	return nil
}

// mailWorker is the real mail worker of the service, sending to mp with
// links to the app under test.
func mailWorker(t *testing.T, env *appEnv, mp *notifytest.Server) *notify.Worker {
	t.Helper()
	smtp, err := notify.ParseSMTP(mp.SMTPURL())
	if err != nil {
		t.Fatal(err)
	}
	w, err := notify.New(env.db, notify.Config{SMTP: smtp, BaseURL: env.url}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// delivered lets w deliver everything due and returns the Mailpit ids of
// all mail delivered so far.
func delivered(t *testing.T, mp *notifytest.Server, w *notify.Worker) map[string]bool {
	t.Helper()
	notifytest.Drain(t, w)
	ids := map[string]bool{}
	for _, m := range mp.Messages() {
		ids[m.ID] = true
	}
	return ids
}

// bell is the number on the bell of the page in the tab (0: none shown).
func (b tab) bell() int {
	b.t.Helper()
	s := eval[string](b, `(document.querySelector('.pw-bell .pw-count') || {textContent: '0'}).textContent`)
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), " ongelezen"))
	if err != nil {
		b.t.Fatalf("the bell says %q", s)
	}
	return n
}

// TestAppNotifications: the bell, the list, the preferences and the failed
// mail in the browser, for every role. Fatma (coach) has the demo's unread
// notifications: the bell counts them, opening one goes to its placement
// and marks it read, and "alles gelezen" empties the bell. She chooses per
// kind how she is mailed; a bad hour is refused at the field and changes
// nothing. A mail the real Mailpit refused is shown to the beheerder on
// its own page; partners and managers have the bell and list too, but not
// that page.
func TestAppNotifications(t *testing.T) {
	mp := notifytest.Start(t, "--smtp-allowed-recipients", `@example\.org$`)
	env := appService(t)
	admin := userNamed(t, env, "Demo beheerder")
	if err := env.db.SetPassword(env.ctx, admin.ID, "beheer", demoPassword); err != nil {
		t.Fatal(err)
	}
	fatma, jeroen := userNamed(t, env, "Coach Fatma"), userNamed(t, env, "Coach Jeroen")

	// A mail the server refuses: jeroen's address is outside example.org,
	// and an offer where he has a placement is paused.
	refused := "jeroen@example.net"
	if _, err := env.db.UpdateUser(env.ctx, jeroen.ID, plekwijzer.UserUpdate{Email: &refused}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := notifytest.PausedOffers(env.ctx, env.db, []*plekwijzer.User{jeroen}, 1); err != nil {
		t.Fatal(err)
	}
	worker := mailWorker(t, env, mp)
	delivered(t, mp, worker)

	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	unread, err := env.db.UnreadNotifications(env.ctx, fatma.ID)
	if err != nil || unread < 3 {
		t.Fatalf("fatma has %d unread notifications (%v); the demo promises answers", unread, err)
	}
	if got := b.bell(); got != unread {
		t.Errorf("the bell says %d, fatma has %d unread", got, unread)
	}
	b.js(`document.querySelector('.pw-bell').click()`)
	b.until(`location.pathname === '/meldingen' && document.readyState === 'complete'`)
	list := b.text()
	if !strings.Contains(list, strconv.Itoa(unread)+" ongelezen meldingen") || !strings.Contains(list, "Nieuw") {
		t.Errorf("the list does not say how many are unread:\n%s", list)
	}
	if strings.Contains(list, "Mislukte e-mail") {
		t.Error("a coach is offered the failed mail")
	}
	b.axe("meldingen")
	b.screenshot("meldingen")

	// Opening the first goes to what it is about and marks it read.
	first := eval[string](b, `document.querySelector('.pw-notification--unread form[action$="/openen"]').action`)
	b.submit(`.pw-notification--unread form[action$="/openen"] button`)
	b.until(`location.pathname.startsWith('/plaatsingen/') && document.readyState === 'complete'`)
	if got := b.bell(); got != unread-1 {
		t.Errorf("after opening one the bell says %d, want %d", got, unread-1)
	}
	b.open(env.url + "/meldingen")
	if strings.Contains(eval[string](b, `[...document.querySelectorAll('.pw-notification--unread form')].map(f => f.action).join(' ')`), first) {
		t.Error("the opened notification is still unread")
	}
	// Marked read without opening.
	b.submit(`.pw-notification--unread form[action$="/gelezen"] button`)
	b.until(`location.search.includes('melding=gelezen') && document.readyState === 'complete'`)
	if got := b.bell(); got != unread-2 {
		t.Errorf("after marking one read the bell says %d, want %d", got, unread-2)
	}
	b.submit(`form[action="/meldingen/alles-gelezen"] button`)
	b.until(`location.search.includes('melding=allesgelezen') && document.readyState === 'complete'`)
	if got := b.bell(); got != 0 {
		t.Errorf("after marking all read the bell says %d", got)
	}
	if n, err := env.db.UnreadNotifications(env.ctx, fatma.ID); err != nil || n != 0 {
		t.Errorf("after marking all read fatma has %d unread (%v)", n, err)
	}

	// Preferences, at the address the mails link to.
	b.open(env.url + notify.PreferencesPath)
	if !strings.Contains(b.text(), "fatma@example.org") {
		t.Errorf("the preferences page does not say where mail goes:\n%s", b.text())
	}
	b.axe("meldingen instellen")
	b.screenshot("meldingen-instellen")
	b.fill(map[string]string{"soorten.bericht": "uit", "soorten.antwoord": "dagelijks", "uurDagelijks": "7"})
	b.submit(`form[action="/meldingen/voorkeuren"] button[type=submit]`)
	b.until(`location.search.includes('melding=opgeslagen') && document.readyState === 'complete'`)
	prefs, err := env.db.NotificationPreferences(env.ctx, fatma.ID)
	if err != nil {
		t.Fatal(err)
	}
	if prefs.Kinds[plekwijzer.NotifyMessage] != plekwijzer.DeliveryOff || prefs.Kinds[plekwijzer.NotifyAnswer] != plekwijzer.DeliveryDaily ||
		prefs.Kinds[plekwijzer.NotifyProposalNew] != plekwijzer.DeliveryDirect || prefs.DigestHour != 7 {
		t.Errorf("saved preferences: %+v", prefs)
	}
	if eval[string](b, `document.querySelector('input[name="soorten.antwoord"]:checked').value`) != "dagelijks" ||
		eval[string](b, `document.getElementsByName('uurDagelijks')[0].value`) != "7" {
		t.Error("the page does not show the saved choices")
	}
	// An hour that is no choice (a tampered form) is refused at its field.
	b.js(`const s = document.getElementsByName('uurDagelijks')[0]; s.add(new Option('25', '25')); s.value = '25';
		document.querySelector('input[name="soorten.bericht"][value="direct"]').checked = true`)
	b.submit(`form[action="/meldingen/voorkeuren"] button[type=submit]`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	if !strings.Contains(b.text(), "0 tot en met 23") {
		t.Errorf("the refused hour is not explained:\n%s", b.text())
	}
	b.axe("meldingen instellen met fout")
	if again, _ := env.db.NotificationPreferences(env.ctx, fatma.ID); again.Kinds[plekwijzer.NotifyMessage] != plekwijzer.DeliveryOff || again.DigestHour != 7 {
		t.Errorf("a refused form changed the preferences: %+v", again)
	}
	b.open(env.url + "/meldingen/mislukt")
	if !strings.Contains(b.text(), "Geen toegang") {
		t.Error("a coach opens the failed mail")
	}
	b.logout()

	// The partner and the manager have the bell and the list.
	for _, u := range []struct{ login, home string }{{"kees", "/werkplekken"}, {"wietske", "/dashboard"}} {
		b.login(env.url, u.login, u.home)
		if eval[int](b, `document.querySelectorAll('.pw-bell[href="/meldingen"]').length`) != 1 {
			t.Errorf("%s has no bell", u.login)
		}
		b.open(env.url + "/meldingen")
		if !strings.Contains(b.text(), "Meldingen") || strings.Contains(b.text(), "Mislukte e-mail") {
			t.Errorf("%s's list:\n%s", u.login, b.text())
		}
		b.forbidden(env.url + "/meldingen/mislukt")
		b.logout()
	}

	// The beheerder sees the refused mail, linked from the list.
	b.login(env.url, "beheer", "/deelnemers")
	b.open(env.url + "/meldingen")
	b.js(`[...document.querySelectorAll('a')].find(a => a.textContent === 'Mislukte e-mail').click()`)
	b.until(`location.pathname === '/meldingen/mislukt' && document.readyState === 'complete'`)
	page := b.text()
	for _, want := range []string{"Coach Jeroen B.", refused, plekwijzer.NotifyOfferPaused.Label(), "1 mislukte e-mail"} {
		if !strings.Contains(page, want) {
			t.Errorf("the failed mail page lacks %q:\n%s", want, page)
		}
	}
	b.axe("mislukte e-mail")
	b.screenshot("mislukte-email")
}
