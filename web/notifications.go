package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// The notifications in the pages: the bell beside the user's name with
// the number unread, the list (Meldingen) where a user opens or marks
// them read, the page where they choose per kind how they are mailed, and
// for the beheerder the mail that could not be delivered. Everything goes
// through the API's /meldingen and /mij/meldingsvoorkeuren.

// Paths of the notification pages. The mail links to PreferencesPath
// (notify.PreferencesPath is the same path).
const (
	notificationsPath = "/meldingen"
	preferencesPath   = "/meldingen/voorkeuren"
	failedMailsPath   = "/meldingen/mislukt"
)

func (a *App) mountNotifications(e *echo.Echo) {
	e.GET(notificationsPath, a.handle(a.notifications))
	e.POST(notificationsPath+"/alles-gelezen", a.handle(a.markAllRead))
	e.POST(notificationsPath+"/:id/openen", a.handle(a.openNotification))
	e.POST(notificationsPath+"/:id/gelezen", a.handle(a.markRead))
	e.GET(preferencesPath, a.handle(a.notificationPreferences))
	e.POST(preferencesPath, a.handle(a.saveNotificationPreferences))
	e.GET(failedMailsPath, a.handle(a.failedMails, plekwijzer.RoleAdmin))
}

// notificationPage is GET /meldingen as the API answers it.
type notificationPage struct {
	apiList[plekwijzer.Notification]
	Unread int `json:"ongelezen"`
}

// unreadCount is the number on the bell; a failure to count leaves the
// number out rather than the page.
func (p *page) unreadCount() int {
	if p.user == nil {
		return 0
	}
	var l notificationPage
	if err := p.api.get("/meldingen", url.Values{"paginaGrootte": {"1"}}, &l); err != nil {
		return 0
	}
	return l.Unread
}

type notificationsData struct {
	Items  []plekwijzer.Notification
	Unread int
	Admin  bool
	pager
}

const notificationsPageSize = 25

// pager is where a list of total items is at page n (the "pagination"
// template).
type pager struct {
	Total, Page, Pages int
	PrevURL, NextURL   string
}

func newPager(path string, n, total int) pager {
	pg := pager{Total: total, Pages: max(1, (total+notificationsPageSize-1)/notificationsPageSize)}
	pg.Page = min(max(n, 1), pg.Pages)
	pg.PrevURL, pg.NextURL = pageLinks(path, url.Values{}, pg.Page, pg.Pages)
	return pg
}

// pageNumber is the ?pagina= of the request, at least 1.
func (p *page) pageNumber() int {
	n, _ := strconv.Atoi(p.QueryParam("pagina"))
	return max(n, 1)
}

// notifications lists the user's notifications, unread first.
func (a *App) notifications(p *page) error {
	n := p.pageNumber()
	var l notificationPage
	if err := p.api.get("/meldingen", url.Values{"pagina": {strconv.Itoa(n)}, "paginaGrootte": {strconv.Itoa(notificationsPageSize)}}, &l); err != nil {
		return err
	}
	d := notificationsData{Items: l.Items, Unread: l.Unread, Admin: p.user.Role == plekwijzer.RoleAdmin,
		pager: newPager(notificationsPath, n, l.Total)}
	return p.show("meldingen", "Meldingen", "meldingen", d)
}

// openNotification marks a notification read and goes to what it is about.
func (a *App) openNotification(p *page) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	var n plekwijzer.Notification
	if err := p.api.patch("/meldingen/"+id, 0, map[string]bool{"gelezen": true}, &n); err != nil {
		return err
	}
	return p.Redirect(http.StatusSeeOther, localLink(n.Link, notificationsPath))
}

// markRead marks one notification read and stays on the list.
func (a *App) markRead(p *page) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	if err := p.api.patch("/meldingen/"+id, 0, map[string]bool{"gelezen": true}, nil); err != nil {
		return err
	}
	return p.redirect(notificationsPath, "gelezen")
}

func (a *App) markAllRead(p *page) error {
	if err := p.api.post("/meldingen/alles-gelezen", nil, nil); err != nil {
		return err
	}
	return p.redirect(notificationsPath, "allesgelezen")
}

// localLink is link when it is a path of this site, else fallback: a
// notification's link never sends the browser elsewhere.
func localLink(link, fallback string) string {
	if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") || strings.ContainsAny(link, "\\\r\n") {
		return fallback
	}
	return link
}

// preferenceRow is one kind of notification on the preferences page.
type preferenceRow struct {
	Kind     plekwijzer.NotificationKind
	Label    string
	Delivery plekwijzer.Delivery
}

type preferencesData struct {
	Email string
	Rows  []preferenceRow
	Hours []option
}

// Deliveries are the choices of each row, with their labels.
func (preferencesData) Deliveries() []option { return options("bezorging", plekwijzer.Deliveries) }

func (a *App) notificationPreferences(p *page) error {
	var prefs plekwijzer.NotificationPreferences
	if err := p.api.get("/mij/meldingsvoorkeuren", nil, &prefs); err != nil {
		return err
	}
	return a.showPreferences(p, http.StatusOK, prefs, nil)
}

func (a *App) showPreferences(p *page, code int, prefs plekwijzer.NotificationPreferences, errs *formErrors) error {
	d := preferencesData{Email: p.user.Email}
	for h := range 24 {
		d.Hours = append(d.Hours, option{strconv.Itoa(h), strconv.Itoa(h) + ":00 uur"})
	}
	form := url.Values{"uurDagelijks": {strconv.Itoa(prefs.DigestHour)}}
	for _, k := range plekwijzer.NotificationKinds {
		d.Rows = append(d.Rows, preferenceRow{Kind: k, Label: k.Label(), Delivery: prefs.Kinds[k]})
		form.Set("soorten."+string(k), string(prefs.Kinds[k]))
	}
	return p.showForm(code, "meldingsvoorkeuren", "Meldingen instellen", "meldingen", d, form, errs)
}

// saveNotificationPreferences stores the choices: one delivery per kind
// and the hour of the daily overview.
func (a *App) saveNotificationPreferences(p *page) error {
	form, err := p.FormParams()
	if err != nil {
		return err
	}
	prefs := plekwijzer.NotificationPreferences{Kinds: map[plekwijzer.NotificationKind]plekwijzer.Delivery{}}
	for _, k := range plekwijzer.NotificationKinds {
		prefs.Kinds[k] = plekwijzer.Delivery(form.Get("soorten." + string(k)))
	}
	var errs formErrors
	typed := strings.TrimSpace(form.Get("uurDagelijks"))
	hour, err := strconv.Atoi(typed)
	switch {
	case typed == "" && !slices.Contains(slices.Collect(maps.Values(prefs.Kinds)), plekwijzer.DeliveryDaily):
		// No digest: the hour does not matter now; keep the one chosen.
		var cur plekwijzer.NotificationPreferences
		if err := p.api.get("/mij/meldingsvoorkeuren", nil, &cur); err != nil {
			return err
		}
		hour = cur.DigestHour
	case err != nil:
		hour = -1 // the API names the field
	}
	prefs.DigestHour = hour
	var saved plekwijzer.NotificationPreferences
	err = p.api.put("/mij/meldingsvoorkeuren", prefs, &saved)
	if errs.addAll(err) {
		return a.showPreferences(p, http.StatusUnprocessableEntity, prefs, &errs)
	}
	if err != nil {
		return err
	}
	return p.redirect(preferencesPath, "opgeslagen")
}

type failedMailsData struct {
	Items []plekwijzer.FailedMail
	pager
}

// failedMails shows the beheerder the mail the worker gave up on, to fix
// an address or the mail server.
func (a *App) failedMails(p *page) error {
	n := p.pageNumber()
	var l apiList[plekwijzer.FailedMail]
	if err := p.api.get("/meldingen/mislukt", url.Values{"pagina": {strconv.Itoa(n)}, "paginaGrootte": {strconv.Itoa(notificationsPageSize)}}, &l); err != nil {
		return err
	}
	d := failedMailsData{Items: l.Items, pager: newPager(failedMailsPath, n, l.Total)}
	return p.show("mislukte-mail", "Mislukte e-mail", "meldingen", d)
}
