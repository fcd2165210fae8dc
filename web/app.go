package web

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// AppConfig holds the settings of the web application.
type AppConfig struct {
	// InsecureCookies drops the Secure flag of the session cookie, for
	// plain http other than localhost (browsers keep Secure cookies of
	// http://localhost). Never in production.
	InsecureCookies bool
	// ThemeCSS replaces the NL Design System "voorbeeld" theme with a
	// municipality's own design tokens (a CSS file), hung on ThemeClass.
	ThemeCSS   []byte
	ThemeClass string
	// SessionLength is how long a login lasts at most (default 10 hours:
	// a working day); IdleTimeout ends it earlier when unused (default 2
	// hours).
	SessionLength time.Duration
	IdleTimeout   time.Duration
}

// App is the web application for coaches, partners and managers: server-
// rendered pages that act through the API in-process, with the logged-in
// user's own session token.
type App struct {
	api    http.Handler
	logins plekwijzer.LoginStore
	log    *slog.Logger
	cfg    AppConfig
	pages  map[string]*template.Template
	base   *template.Template
	static map[string]staticFile
	sso    *sso
}

// NewApp prepares the application: it parses and checks every template
// and loads the assets. api is the API server, called in-process.
func NewApp(api http.Handler, logins plekwijzer.LoginStore, log *slog.Logger, cfg AppConfig) (*App, error) {
	if cfg.ThemeClass == "" {
		cfg.ThemeClass = "voorbeeld-theme"
	}
	if cfg.SessionLength == 0 {
		cfg.SessionLength = 10 * time.Hour
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 2 * time.Hour
	}
	if strings.ContainsAny(cfg.ThemeClass, " \"'<>&") {
		return nil, fmt.Errorf("web: theme class %q is not a class name", cfg.ThemeClass)
	}
	a := &App{api: api, logins: logins, log: log, cfg: cfg}
	var err error
	if a.static, err = loadStatic(cfg.ThemeCSS); err != nil {
		return nil, err
	}
	if a.base, err = template.New("").Funcs(a.funcs()).ParseFS(files, "templates/app/*.html"); err != nil {
		return nil, fmt.Errorf("web: parse templates: %w", err)
	}
	names, err := fs.Glob(files, "templates/app/pages/*.html")
	if err != nil {
		return nil, err
	}
	a.pages = map[string]*template.Template{}
	for _, name := range names {
		t, err := template.Must(a.base.Clone()).ParseFS(files, name)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", name, err)
		}
		a.pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return a, nil
}

// Mount adds the pages to e, beside the API and the widget.
func (a *App) Mount(e *echo.Echo) {
	e.GET("/static/:hash/:name", a.serveStatic)
	e.GET("/", a.home)
	e.GET("/inloggen", a.loginForm)
	e.POST("/inloggen", a.login)
	if a.sso != nil {
		e.GET(ssoStartPath, a.ssoStart)
		e.GET(SSOCallbackPath, a.ssoCallback)
	}
	e.POST("/uitloggen", a.handle(a.logout))
	a.mountCoach(e)
	a.mountPartner(e)
	a.mountManager(e)
	a.mountTransfer(e)
	a.mountPrivacy(e)
	a.mountProposals(e)
	a.mountNotifications(e)
	a.mountBeheer(e)
	a.mountAttendance(e)
	a.mountEvaluations(e)
	a.mountDevelopment(e)
	a.mountOfferPage(e)
	next := e.HTTPErrorHandler
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		if !a.pageNotFound(err, c) {
			next(err, c)
		}
	}
}

// pageNotFound answers a GET of an address that is no page with a page that
// says so, and reports whether it did; everything else (the API, the
// widget, other methods) keeps the API's problem documents.
func (a *App) pageNotFound(err error, c echo.Context) bool {
	var he *echo.HTTPError
	if !errors.As(err, &he) || he.Code != http.StatusNotFound || c.Response().Committed || c.Request().Method != http.MethodGet {
		return false
	}
	for _, prefix := range []string{"/api/", "/widget", "/static/"} {
		if strings.HasPrefix(c.Request().URL.Path, prefix) {
			return false
		}
	}
	a.pageHeaders(c)
	v := &view{Title: errorTitles[http.StatusNotFound], Data: "Deze pagina bestaat niet."}
	if p, err := a.session(c); err == nil {
		v.User, v.CSRF = p.user, p.csrf
	}
	if err := a.render(c, http.StatusNotFound, "fout", v); err != nil {
		a.log.Error("render the not-found page", "err", err)
	}
	return true
}

// me is the logged-in user, as the API describes them (GET /mij).
type me struct {
	ID             string          `json:"id"`
	Name           string          `json:"naam"`
	Role           plekwijzer.Role `json:"rol"`
	OrganisationID *string         `json:"organisatieId"`
	Email          string          `json:"email"`
}

// page is one request of a logged-in user.
type page struct {
	echo.Context
	app  *App
	user *me
	api  *client
	csrf string
}

// view is what every page template gets.
type view struct {
	Title      string
	Nav        string
	User       *me
	CSRF       string
	Notice     string
	ThemeClass string
	Form       url.Values
	Errors     *formErrors
	Data       any
	Counts     map[string]int // beside menu entries (navCounts)
	Unread     int            // on the bell (unreadCount)
}

// navItem is one entry of the main menu.
type navItem struct{ Key, Href, Label string }

// menu is the main menu: each entry with the roles that see it.
var menu = []struct {
	navItem
	roles []plekwijzer.Role
}{
	{navItem{"deelnemers", "/deelnemers", "Deelnemers"}, []plekwijzer.Role{plekwijzer.RoleCoach, plekwijzer.RoleAdmin}},
	{navItem{"wachtlijst", "/wachtlijst", "Wachtlijst"}, []plekwijzer.Role{plekwijzer.RoleCoach, plekwijzer.RoleAdmin}},
	{navItem{"planner", "/planner", "Planner"}, []plekwijzer.Role{plekwijzer.RoleCoach, plekwijzer.RoleAdmin}},
	{navItem{"zoeken", "/zoeken", "Zoeken"}, []plekwijzer.Role{plekwijzer.RoleCoach, plekwijzer.RoleAdmin, plekwijzer.RoleManager}},
	{navItem{"werkplekken", "/werkplekken", "Werkplekken"}, []plekwijzer.Role{plekwijzer.RolePartner, plekwijzer.RoleAdmin, plekwijzer.RoleManager}},
	{navItem{"capaciteit", "/werkplekken/capaciteit", "Capaciteit"}, []plekwijzer.Role{plekwijzer.RolePartner, plekwijzer.RoleAdmin}},
	{navItem{"plaatsingen", "/plaatsingen", "Plaatsingen"}, []plekwijzer.Role{plekwijzer.RoleCoach, plekwijzer.RoleAdmin, plekwijzer.RolePartner}},
	{navItem{"dashboard", "/dashboard", "Dashboard"}, []plekwijzer.Role{plekwijzer.RoleManager, plekwijzer.RoleAdmin}},
	{navItem{"importeren", "/importeren", "Importeren"}, []plekwijzer.Role{plekwijzer.RoleCoach, plekwijzer.RolePartner, plekwijzer.RoleAdmin}},
	{navItem{"voordrachten", "/voordrachten", "Voordrachten"}, []plekwijzer.Role{plekwijzer.RolePartner, plekwijzer.RoleAdmin}},
	{navItem{"evaluaties", "/evaluaties", "Evaluaties"}, []plekwijzer.Role{plekwijzer.RoleCoach, plekwijzer.RolePartner, plekwijzer.RoleAdmin}},
	{navItem{"beheer", "/beheer", "Beheer"}, []plekwijzer.Role{plekwijzer.RoleAdmin}},
}

// NavItems is the main menu of the user's role.
func (v *view) NavItems() []navItem {
	var out []navItem
	for _, m := range menu {
		if v.User != nil && slices.Contains(m.roles, v.User.Role) {
			out = append(out, m.navItem)
		}
	}
	return out
}

// cookieName is the session cookie: __Host- binds it to this host and
// path / and requires Secure.
func (a *App) cookieName() string {
	if a.cfg.InsecureCookies {
		return "plekwijzer-sessie"
	}
	return "__Host-plekwijzer-sessie"
}

// csrfToken is the synchroniser token of a session's forms: a MAC of the
// session secret, so it needs no storage and differs per session.
func csrfToken(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("plekwijzer csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// handle wraps a page handler: it needs a session (else the login page),
// one of roles (none: any), and for every POST a valid CSRF token from the
// same origin. Errors become pages.
func (a *App) handle(h func(p *page) error, roles ...plekwijzer.Role) echo.HandlerFunc {
	return func(c echo.Context) error {
		a.pageHeaders(c)
		p, err := a.session(c)
		if err != nil {
			return a.toLogin(c, err)
		}
		if len(roles) > 0 && !slices.Contains(roles, p.user.Role) {
			return a.errorPage(p, http.StatusForbidden, "Deze pagina is niet voor jouw rol.")
		}
		if c.Request().Method == http.MethodPost && !a.validPost(c, p.csrf) {
			return a.errorPage(p, http.StatusForbidden, "Het formulier is verlopen of komt niet van deze site. Laad de pagina opnieuw en probeer het nog eens.")
		}
		if err := h(p); err != nil {
			return a.fail(p, err)
		}
		return nil
	}
}

// session loads the session of the request's cookie and the user it
// belongs to (through the API, which checks the session's token).
func (a *App) session(c echo.Context) (*page, error) {
	ck, err := c.Cookie(a.cookieName())
	if err != nil || ck.Value == "" {
		return nil, errNoSession
	}
	s, err := a.logins.SessionBySecret(c.Request().Context(), ck.Value, a.cfg.IdleTimeout)
	if err != nil {
		return nil, err
	}
	p := &page{Context: c, app: a, csrf: csrfToken(ck.Value),
		api: &client{h: a.api, token: s.Token, ctx: c.Request().Context(), remote: c.Request().RemoteAddr}}
	var u me
	if err := p.api.get("/mij", nil, &u); err != nil {
		return nil, err
	}
	p.user = &u
	return p, nil
}

var errNoSession = plekwijzer.Errorf(plekwijzer.EUnauthorized, "Log in om verder te gaan.")

// toLogin sends a visitor without a (valid) session to the login page,
// remembering where they wanted to go.
func (a *App) toLogin(c echo.Context, err error) error {
	if plekwijzer.ErrorCode(err) != plekwijzer.EUnauthorized && status(err) != http.StatusUnauthorized {
		a.log.Error("load session", "err", err)
		return a.plainError(c, http.StatusInternalServerError)
	}
	a.clearCookie(c)
	if c.Request().Header.Get("HX-Request") != "" {
		c.Response().Header().Set("HX-Redirect", "/inloggen")
		return c.NoContent(http.StatusUnauthorized)
	}
	target := "/inloggen"
	if c.Request().Method == http.MethodGet && c.Request().URL.Path != "/" {
		target += "?terug=" + url.QueryEscape(c.Request().URL.RequestURI())
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// validPost checks the CSRF token of a form, and that the browser says the
// form came from this site: Sec-Fetch-Site where the browser sends it,
// else Origin (when sent).
func (a *App) validPost(c echo.Context, want string) bool {
	r := c.Request()
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		if site != "same-origin" {
			return false
		}
	} else if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return false
		}
	}
	got := c.FormValue("csrf")
	if got == "" {
		got = r.Header.Get("X-CSRF-Token")
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// pageHeaders are the security headers of every page: only this site's
// scripts, styles and forms, no framing, no referrer to other sites.
func (a *App) pageHeaders(c echo.Context) {
	h := c.Response().Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
}

// render writes a full page.
func (a *App) render(c echo.Context, code int, name string, v *view) error {
	t, ok := a.pages[name]
	if !ok {
		return fmt.Errorf("web: no page %q", name)
	}
	v.ThemeClass = a.cfg.ThemeClass
	if v.Errors == nil {
		v.Errors = &formErrors{}
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", v); err != nil {
		return err
	}
	if v.Errors.inPageOrder(b.Bytes()) {
		b.Reset()
		if err := t.ExecuteTemplate(&b, "layout", v); err != nil {
			return err
		}
	}
	return c.HTMLBlob(code, b.Bytes())
}

// fragment writes one named template of the partials (htmx answers).
func (a *App) fragment(c echo.Context, name string, data any) error {
	var b bytes.Buffer
	if err := a.base.ExecuteTemplate(&b, name, data); err != nil {
		return err
	}
	return c.HTMLBlob(http.StatusOK, b.Bytes())
}

// show renders a page for the logged-in user.
func (p *page) show(name, title, nav string, data any) error {
	return p.showForm(http.StatusOK, name, title, nav, data, nil, nil)
}

// showForm renders a page with a form's values and errors.
func (p *page) showForm(code int, name, title, nav string, data any, form url.Values, errs *formErrors) error {
	if form == nil {
		form = url.Values{}
	}
	v := &view{Title: title, Nav: nav, User: p.user, CSRF: p.csrf, Data: data, Form: form, Errors: errs,
		Notice: notices[p.QueryParam("melding")], Counts: p.navCounts(), Unread: p.unreadCount()}
	if errs != nil && !errs.Empty() && code == http.StatusOK {
		code = http.StatusUnprocessableEntity
	}
	return p.app.render(p, code, name, v)
}

// notices are the messages a redirect after a change can ask for
// (?melding=…): a fixed list, so no text from the URL reaches the page.
var notices = map[string]string{
	"opgeslagen":   "De wijzigingen zijn opgeslagen.",
	"aangemaakt":   "Aangemaakt.",
	"voorgesteld":  "De plaatsing is voorgesteld. De plaatsen zijn voor deze deelnemer vastgehouden.",
	"geboekt":      "De plaatsing is geboekt.",
	"bijgewerkt":   "De plaatsing is bijgewerkt.",
	"intrekking":   "De voordracht is ingetrokken. De werkplek krijgt daarvan een melding; de plaatsen zijn weer vrij.",
	"geimporteerd": "De import is opgeslagen.",
	"capaciteit":   "De capaciteit is opgeslagen.",
	"uitgelogd":    "Je bent uitgelogd.",
	"gewist":       "De gegevens van de deelnemer zijn gewist. De plaatsingen blijven bewaard zonder naam of code, alleen voor de cijfers.",
	"gedeeld":      "Opgeslagen. Hieronder zie je met wie je deze deelnemer nu deelt.",
	"overgedragen": "De deelnemer is overgedragen aan de nieuwe coach.",
	"beantwoord":   "Je antwoord is opgeslagen. De andere kant krijgt er een melding van.",
	"verstuurd":    "Je bericht is verstuurd.",
	"geevalueerd":  "De evaluatie is opgeslagen.",
	"gelezen":      "De melding is als gelezen gemarkeerd.",
	"allesgelezen": "Alle meldingen zijn als gelezen gemarkeerd.",
}

// redirect sends the browser to a page after a change (303: GET).
func (p *page) redirect(to, notice string) error {
	if notice != "" {
		// The notice is part of the query, which comes before a fragment.
		path, fragment, hasFragment := strings.Cut(to, "#")
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		to = path + sep + "melding=" + notice
		if hasFragment {
			to += "#" + fragment
		}
	}
	return p.Redirect(http.StatusSeeOther, to)
}

// fail turns an error of a page handler into a page: the API's own words
// for 400, 403, 404, 409 and 503; a generic page (and one log line) for the rest.
func (a *App) fail(p *page, err error) error {
	var ae *apiError
	if errors.As(err, &ae) {
		switch ae.Status {
		case http.StatusUnauthorized:
			return a.toLogin(p, err)
		case http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusBadRequest,
			http.StatusServiceUnavailable: // an outage the API explains (the database, the search index)
			return a.errorPage(p, ae.Status, ae.Detail)
		}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code < 500 {
		msg, _ := he.Message.(string)
		return a.errorPage(p, he.Code, msg)
	}
	a.log.Error("page", "route", p.Path(), "err", err)
	return a.errorPage(p, http.StatusInternalServerError, "")
}

var errorTitles = map[int]string{
	http.StatusBadRequest:          "Dit verzoek klopt niet",
	http.StatusForbidden:           "Geen toegang",
	http.StatusNotFound:            "Niet gevonden",
	http.StatusConflict:            "Dit kan nu niet",
	http.StatusTooManyRequests:     "Even wachten",
	http.StatusServiceUnavailable:  "Even niet beschikbaar",
	http.StatusInternalServerError: "Er ging iets mis",
}

func (a *App) errorPage(p *page, code int, msg string) error {
	if msg == "" {
		switch code {
		case http.StatusNotFound:
			msg = "Deze pagina bestaat niet, of je mag haar niet zien."
		default:
			msg = plekwijzer.ErrorMessage(nil) + " Probeer het later nog eens."
		}
	}
	title := errorTitles[code]
	if title == "" {
		title = http.StatusText(code)
	}
	v := &view{Title: title, User: p.user, CSRF: p.csrf, Data: msg}
	return a.render(p, code, "fout", v)
}

// plainError is the error page for a visitor without a session.
func (a *App) plainError(c echo.Context, code int) error {
	return a.render(c, code, "fout", &view{Title: errorTitles[code], Data: plekwijzer.ErrorMessage(nil) + " Probeer het later nog eens."})
}

// notFound answers an address that names nothing (a malformed id).
func notFound() error { return &apiError{Status: http.StatusNotFound, Detail: "Niet gevonden."} }

// home sends a user to the start page of their role.
func (a *App) home(c echo.Context) error {
	a.pageHeaders(c)
	p, err := a.session(c)
	if err != nil {
		return a.toLogin(c, err)
	}
	return c.Redirect(http.StatusSeeOther, homeOf(p.user.Role))
}

func homeOf(r plekwijzer.Role) string {
	switch r {
	case plekwijzer.RolePartner:
		return "/werkplekken"
	case plekwijzer.RoleManager:
		return "/dashboard"
	}
	return "/deelnemers"
}

// pathID reads an id from the path; a malformed one is 404 like an unknown
// one.
func (p *page) pathID(name string) (string, error) {
	id := p.Param(name)
	if !plekwijzer.ValidID(id) {
		return "", notFound()
	}
	return id, nil
}
