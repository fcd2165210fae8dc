package web

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// Throttling of failed logins, counted in the database so that every
// replica sees the same: a username is locked after userLimit failures
// within the window, a client address after addrLimit (password spraying).
const (
	throttleWindow = 15 * time.Minute
	userLimit      = 5
	addrLimit      = 50
)

// loginCookie carries the login form's CSRF token (double submit): before
// login there is no session to hold a synchroniser token.
func (a *App) loginCookie() string {
	if a.cfg.InsecureCookies {
		return "plekwijzer-login"
	}
	return "__Host-plekwijzer-login"
}

type loginData struct {
	Back string
	// SSO is the address that starts a sign-in at the identity provider;
	// empty without single sign-on.
	SSO string
}

func (a *App) loginForm(c echo.Context) error {
	a.pageHeaders(c)
	if p, err := a.session(c); err == nil {
		return c.Redirect(http.StatusSeeOther, homeOf(p.user.Role))
	}
	return a.showLogin(c, http.StatusOK, url.Values{"terug": {c.QueryParam("terug")}}, nil)
}

// showLogin renders the login form with a fresh CSRF cookie.
func (a *App) showLogin(c echo.Context, code int, form url.Values, errs *formErrors) error {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	c.SetCookie(&http.Cookie{Name: a.loginCookie(), Value: token, Path: "/", MaxAge: 3600, HttpOnly: true,
		Secure: !a.cfg.InsecureCookies, SameSite: http.SameSiteStrictMode})
	form.Del("wachtwoord") // never sent back
	return a.render(c, code, "inloggen", &view{Title: "Inloggen", CSRF: token, Form: form, Errors: errs, Notice: notices[c.QueryParam("melding")],
		Data: a.loginData(safeBack(form.Get("terug")))})
}

func (a *App) loginData(back string) loginData {
	d := loginData{Back: back}
	if a.sso != nil {
		d.SSO = ssoStartPath
		if back != "" {
			d.SSO += "?terug=" + url.QueryEscape(back)
		}
	}
	return d
}

// safeBack keeps a return address only if it is a path on this site.
func safeBack(s string) string {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") || strings.ContainsAny(s, "\r\n") {
		return ""
	}
	return s
}

func (a *App) login(c echo.Context) error {
	a.pageHeaders(c)
	ctx := c.Request().Context()
	form, err := c.FormParams()
	if err != nil {
		return a.showLogin(c, http.StatusBadRequest, url.Values{}, &formErrors{Message: "Het formulier kwam niet goed aan. Probeer het nog eens."})
	}
	ck, _ := c.Cookie(a.loginCookie())
	if ck == nil || ck.Value == "" || !a.validPost(c, ck.Value) {
		return a.showLogin(c, http.StatusForbidden, form, &formErrors{Message: "Het formulier is verlopen. Probeer het nog eens."})
	}
	username := plekwijzer.NormalizeUsername(form.Get("gebruikersnaam"))
	password := form.Get("wachtwoord")
	var errs formErrors
	if username == "" {
		errs.add("gebruikersnaam", "Vul je gebruikersnaam in.")
	}
	if password == "" {
		errs.add("wachtwoord", "Vul je wachtwoord in.")
	}
	if !errs.Empty() {
		errs.Message = "Vul je gebruikersnaam en wachtwoord in."
		return a.showLogin(c, http.StatusUnprocessableEntity, form, &errs)
	}
	userKey, addrKey := "gebruiker:"+username, "adres:"+c.RealIP()
	since := time.Now().Add(-throttleWindow)
	nUser, err := a.logins.LoginFailures(ctx, userKey, since)
	if err != nil {
		return err
	}
	nAddr, err := a.logins.LoginFailures(ctx, addrKey, since)
	if err != nil {
		return err
	}
	if nUser >= userLimit || nAddr >= addrLimit {
		a.log.Warn("login throttled", "byUser", nUser >= userLimit, "byAddress", nAddr >= addrLimit)
		c.Response().Header().Set("Retry-After", "900")
		return a.showLogin(c, http.StatusTooManyRequests, form, &formErrors{
			Message: "Er is te vaak een verkeerd wachtwoord gebruikt. Wacht een kwartier en probeer het dan opnieuw, of vraag de beheerder om hulp."})
	}
	u, err := a.logins.CheckPassword(ctx, username, password)
	if plekwijzer.ErrorCode(err) == plekwijzer.EUnauthorized {
		if err := a.logins.RecordLoginFailure(ctx, userKey, addrKey); err != nil {
			return err
		}
		return a.showLogin(c, http.StatusUnauthorized, form, &formErrors{Message: "De gebruikersnaam of het wachtwoord klopt niet."})
	}
	if err != nil {
		return err
	}
	if err := a.logins.ClearLoginFailures(ctx, userKey); err != nil {
		return err
	}
	return a.startSession(c, u, form.Get("terug"), "password")
}

// startSession logs u in: a new session, its cookie, and on to back (a
// path on this site) or the home page of their role.
func (a *App) startSession(c echo.Context, u *plekwijzer.User, back, method string) error {
	ctx := c.Request().Context()
	if _, err := a.logins.DeleteExpiredSessions(ctx, time.Now()); err != nil {
		a.log.Warn("remove expired sessions", "err", err)
	}
	s, secret, err := a.logins.CreateSession(ctx, u.ID, time.Now().Add(a.cfg.SessionLength))
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: a.cookieName(), Value: secret, Path: "/", Expires: s.ExpiresAt, HttpOnly: true,
		Secure: !a.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode})
	c.SetCookie(&http.Cookie{Name: a.loginCookie(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: !a.cfg.InsecureCookies, SameSite: http.SameSiteStrictMode})
	a.log.Info("login", "userId", u.ID, "role", u.Role, "method", method)
	to := safeBack(back)
	if to == "" {
		to = homeOf(u.Role)
	}
	return c.Redirect(http.StatusSeeOther, to)
}

func (a *App) logout(p *page) error {
	if ck, err := p.Cookie(a.cookieName()); err == nil {
		if err := a.logins.DeleteSession(p.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	a.clearCookie(p)
	return p.Redirect(http.StatusSeeOther, "/inloggen?melding=uitgelogd")
}

func (a *App) clearCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: a.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: !a.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode})
}
