package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// The beheerder's back-office under /beheer: users and how they log in,
// API tokens, organisations, work types, reserved places, the audit log and
// the retention report. Every action is one call of the API, which checks
// the role again and validates; these pages only ask and show.

func (a *App) mountBeheer(e *echo.Echo) {
	admin := plekwijzer.RoleAdmin
	e.GET("/beheer", a.handle(a.beheerHome, admin))
	e.GET("/beheer/gebruikers", a.handle(a.beheerUsers, admin))
	e.POST("/beheer/gebruikers", a.handle(a.beheerCreateUser, admin))
	e.GET("/beheer/gebruikers/:id", a.handle(a.beheerUser, admin))
	e.POST("/beheer/gebruikers/:id", a.handle(a.beheerUpdateUser, admin))
	e.POST("/beheer/gebruikers/:id/actief", a.handle(a.beheerSetActive, admin))
	e.POST("/beheer/gebruikers/:id/wachtwoord", a.handle(a.beheerSetPassword, admin))
	e.POST("/beheer/gebruikers/:id/koppeling", a.handle(a.beheerLink, admin))
	e.POST("/beheer/gebruikers/:id/tokens", a.handle(a.beheerCreateToken, admin))
	e.POST("/beheer/gebruikers/:id/tokens/:tokenId/intrekken", a.handle(a.beheerRevokeToken, admin))
	e.POST("/beheer/gebruikers/:id/verwijderen", a.handle(a.beheerDelete("/gebruikers", "gebruikers"), admin))
	e.GET("/beheer/mislukte-mail", a.handle(a.beheerFailedMail, admin))
	a.mountBeheerAudit(e)
	a.mountBeheerCatalogue(e)
}

// beheerNotices are the notices of the back-office's redirects.
var beheerNotices = map[string]string{
	"uitgezet":     "De gebruiker is uitgezet: inloggen en tokens werken niet meer.",
	"aangezet":     "De gebruiker is weer aangezet.",
	"gekoppeld":    "De gebruiker is gekoppeld aan het account bij de gemeente.",
	"ontkoppeld":   "De koppelingen met de gemeente-account zijn verwijderd.",
	"ingetrokken":  "Het token is ingetrokken; het werkt niet meer.",
	"wachtwoord":   "Het wachtwoord is ingesteld.",
	"verwijderd":   "Verwijderd.",
	"ongewijzigd":  "Er is niets veranderd.",
	"gereserveerd": "De gereserveerde plaatsen zijn opgeslagen.",
}

// beheerLabels name the back-office's form fields, for the error summary.
var beheerLabels = map[string]string{
	"naam": "Naam", "rol": "Rol", "organisatieId": "Organisatie", "email": "E-mailadres",
	"issuer": "Identity provider (issuer)", "subject": "Account-id (subject)",
	"tokenNaam": "Naam van het token", "tokenVerloopt": "Verloopt na",
	"actief": "Actief", "soort": "Soort", "plaats": "Plaats", "escoCodes": "ESCO-codes",
	"omgeving": "Omgeving", "gebruikerId": "Gebruiker", "actie": "Soort inzage", "vanaf": "Vanaf", "tot": "Tot en met",
	"werkplekIds": "Werkplekken", "verwijzerIds": "Verwijzers", "plaatsen": "Plaatsen", "vrijgaveDagen": "Vrijgeven na",
}

// amsterdam is Dutch time, in which a beheerder types dates.
var amsterdam = plekwijzer.InNetherlands(time.Time{}).Location()

func init() {
	for k, v := range beheerNotices {
		notices[k] = v
	}
	for k, v := range beheerLabels {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
}

func (a *App) beheerHome(p *page) error {
	return p.show("beheer", "Beheer", "beheer", nil)
}

// orgNames maps organisation ids to names, and lists them to choose from.
type orgNames struct {
	Names   map[string]string
	Options []option
}

func (p *page) orgNames() (orgNames, error) {
	orgs, err := p.organisations()
	if err != nil {
		return orgNames{}, err
	}
	o := orgNames{Names: map[string]string{}}
	for _, org := range orgs {
		o.Names[org.ID] = org.Name
		o.Options = append(o.Options, option{org.ID, org.Name})
	}
	return o, nil
}

// Name is the organisation's name ("" for none).
func (o orgNames) Name(id *string) string {
	if id == nil {
		return ""
	}
	if n, ok := o.Names[*id]; ok {
		return n
	}
	return "onbekende organisatie"
}

type usersData struct {
	Users       []plekwijzer.User
	Orgs        orgNames
	Total       int
	Page, Pages int
	PrevURL     string
	NextURL     string
}

const usersPageSize = 50

// beheerUsers lists the users, filtered by role, organisation and whether
// they are active, with the form for a new one.
func (a *App) beheerUsers(p *page) error {
	return a.showUsers(p, nil, nil)
}

func (a *App) showUsers(p *page, form url.Values, errs *formErrors) error {
	q := p.QueryParams()
	in := url.Values{"paginaGrootte": {strconv.Itoa(usersPageSize)}}
	for _, k := range []string{"rol", "organisatieId", "actief", "pagina"} {
		if v := q.Get(k); v != "" {
			in.Set(k, v)
		}
	}
	var list apiList[plekwijzer.User]
	if err := p.api.get("/gebruikers", in, &list); err != nil {
		var fe formErrors
		if !fe.addAll(err) {
			return err
		}
		errs = &fe
	}
	orgs, err := p.orgNames()
	if err != nil {
		return err
	}
	d := usersData{Users: list.Items, Orgs: orgs, Total: list.Total, Page: max(list.Page, 1)}
	d.Pages = max(1, (list.Total+usersPageSize-1)/usersPageSize)
	d.PrevURL, d.NextURL = pageLinks("/beheer/gebruikers", q, d.Page, d.Pages)
	if form == nil {
		form = url.Values{}
	}
	for _, k := range []string{"rol", "organisatieId", "actief"} {
		form.Set("filter-"+k, q.Get(k))
	}
	code := http.StatusOK
	if errs != nil && !errs.Empty() {
		code = http.StatusUnprocessableEntity
	}
	return p.showForm(code, "beheer-gebruikers", "Gebruikers", "beheer", d, form, errs)
}

// userInput reads the fields of a user from a form (new or changed).
func userInput(form url.Values) plekwijzer.UserUpdate {
	var ps parser
	ps.form = form
	u := plekwijzer.UserUpdate{Name: ps.str("naam"), Email: ps.str("email")}
	role := plekwijzer.Role(strings.TrimSpace(form.Get("rol")))
	u.Role = &role
	org := strings.TrimSpace(form.Get("organisatieId"))
	u.OrganisationID = &org
	return u
}

func (a *App) beheerCreateUser(p *page) error {
	form, err := p.FormParams()
	if err != nil {
		return err
	}
	in := userInput(form)
	if *in.OrganisationID == "" {
		in.OrganisationID = nil
	}
	var u plekwijzer.User
	if err := p.api.post("/gebruikers", in, &u); err != nil {
		var errs formErrors
		if !errs.addAll(err) {
			return err
		}
		return a.showUsers(p, form, &errs)
	}
	return p.redirect("/beheer/gebruikers/"+u.ID, "aangemaakt")
}

// userData is one user's page: the user, how they log in, their tokens,
// and what was just made that is shown only now.
type userData struct {
	U         plekwijzer.User
	Version   int
	Orgs      orgNames
	Login     userLogin
	Tokens    []plekwijzer.Token
	Self      bool
	Secret    string // a new token's secret
	Password  string // a password the service made up
	SSOIssuer string // the issuer single sign-on is set up with
}

type userLogin struct {
	Username   *string               `json:"gebruikersnaam"`
	Identities []plekwijzer.Identity `json:"koppelingen"`
}

func (a *App) beheerUser(p *page) error {
	return a.showUser(p, http.StatusOK, nil, nil, nil)
}

// showUser shows a user's page; form and errs are a form sent back with
// its problems, extra fills in what is shown once.
func (a *App) showUser(p *page, code int, form url.Values, errs *formErrors, extra func(*userData)) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	d := userData{Self: id == p.user.ID}
	if d.Version, err = p.api.getVersion("/gebruikers/"+id, &d.U); err != nil {
		return err
	}
	if err := p.api.get("/gebruikers/"+id+"/inloggen", nil, &d.Login); err != nil {
		return err
	}
	if err := p.api.get("/gebruikers/"+id+"/tokens", nil, &d.Tokens); err != nil {
		return err
	}
	if d.Orgs, err = p.orgNames(); err != nil {
		return err
	}
	if a.sso != nil {
		d.SSOIssuer = a.sso.cfg.Issuer
	}
	if extra != nil {
		extra(&d)
	}
	if form == nil {
		form = url.Values{"naam": {d.U.Name}, "rol": {string(d.U.Role)}, "email": {d.U.Email}, "issuer": {d.SSOIssuer}}
		if d.U.OrganisationID != nil {
			form.Set("organisatieId", *d.U.OrganisationID)
		}
		if d.Login.Username != nil {
			form.Set("gebruikersnaam", *d.Login.Username)
		}
	}
	if errs != nil && !errs.Empty() && code == http.StatusOK {
		code = http.StatusUnprocessableEntity
	}
	return p.showForm(code, "beheer-gebruiker", d.U.Name, "beheer", d, form, errs)
}

// formFailed shows the user's page again with the problems of err, if it
// was about the input; other errors are returned.
func (a *App) userFormFailed(p *page, form url.Values, err error, rename map[string]string) error {
	var errs formErrors
	if !errs.addAll(err) {
		return err
	}
	if len(rename) > 0 {
		var out formErrors
		out.Message = errs.Message
		for _, k := range errs.order {
			name := k
			if r, ok := rename[k]; ok {
				name = r
			}
			for _, reason := range errs.Fields[k] {
				out.add(name, reason)
			}
		}
		errs = out
	}
	return a.showUser(p, http.StatusOK, form, &errs, nil)
}

func (a *App) beheerUpdateUser(p *page) error {
	id, form, version, err := p.changeForm()
	if err != nil {
		return err
	}
	if err := p.api.patch("/gebruikers/"+id, version, userInput(form), nil); err != nil {
		return a.userFormFailed(p, form, err, nil)
	}
	return p.redirect("/beheer/gebruikers/"+id, "opgeslagen")
}

func (a *App) beheerSetActive(p *page) error {
	id, form, version, err := p.changeForm()
	if err != nil {
		return err
	}
	on := form.Get("actief") == "ja"
	if err := p.api.patch("/gebruikers/"+id, version, map[string]bool{"actief": on}, nil); err != nil {
		return a.userFormFailed(p, nil, err, nil)
	}
	if on {
		return p.redirect("/beheer/gebruikers/"+id, "aangezet")
	}
	return p.redirect("/beheer/gebruikers/"+id, "uitgezet")
}

// beheerSetPassword sets the password typed, or has the service make one
// up, which this answer shows once (no redirect: it is not in any URL).
func (a *App) beheerSetPassword(p *page) error {
	id, form, _, err := p.changeForm()
	if err != nil {
		return err
	}
	in := map[string]string{"gebruikersnaam": strings.TrimSpace(form.Get("gebruikersnaam"))}
	if form.Get("actie") == "kiezen" {
		in["wachtwoord"] = form.Get("wachtwoord")
		if in["wachtwoord"] == "" {
			var errs formErrors
			errs.add("wachtwoord", "is verplicht als je zelf een wachtwoord kiest")
			errs.Message = notSaved
			return a.showUser(p, http.StatusOK, form, &errs, nil)
		}
	}
	var out struct {
		Password *string `json:"wachtwoord"`
	}
	if _, err := p.api.do(http.MethodPut, "/gebruikers/"+id+"/wachtwoord", nil, 0, in, &out); err != nil {
		return a.userFormFailed(p, form, err, nil)
	}
	if out.Password == nil {
		return p.redirect("/beheer/gebruikers/"+id, "wachtwoord")
	}
	return a.showUser(p, http.StatusOK, nil, nil, func(d *userData) { d.Password = *out.Password })
}

func (a *App) beheerLink(p *page) error {
	id, form, _, err := p.changeForm()
	if err != nil {
		return err
	}
	if form.Get("actie") == "ontkoppelen" {
		if err := p.api.delete("/gebruikers/" + id + "/koppelingen"); err != nil {
			return err
		}
		return p.redirect("/beheer/gebruikers/"+id, "ontkoppeld")
	}
	in := map[string]string{"issuer": strings.TrimSpace(form.Get("issuer")), "subject": strings.TrimSpace(form.Get("subject"))}
	if err := p.api.post("/gebruikers/"+id+"/koppelingen", in, nil); err != nil {
		return a.userFormFailed(p, form, err, nil)
	}
	return p.redirect("/beheer/gebruikers/"+id, "gekoppeld")
}

// beheerCreateToken makes a token that expires after the days asked for
// (empty: never) and shows its secret once.
func (a *App) beheerCreateToken(p *page) error {
	id, form, _, err := p.changeForm()
	if err != nil {
		return err
	}
	in := map[string]any{"naam": strings.TrimSpace(form.Get("tokenNaam"))}
	if v := strings.TrimSpace(form.Get("tokenVerloopt")); v != "" {
		day, err := time.ParseInLocation(time.DateOnly, v, amsterdam)
		if err != nil {
			var errs formErrors
			errs.add("tokenVerloopt", "is geen datum; kies een dag in de kalender of typ hem als 2027-01-31")
			errs.Message = notSaved
			return a.showUser(p, http.StatusOK, form, &errs, nil)
		}
		in["verloopt"] = day.AddDate(0, 0, 1) // to the end of that day
	}
	var out struct {
		Secret string `json:"token"`
	}
	if err := p.api.post("/gebruikers/"+id+"/tokens", in, &out); err != nil {
		return a.userFormFailed(p, form, err, map[string]string{"naam": "tokenNaam", "verloopt": "tokenVerloopt"})
	}
	return a.showUser(p, http.StatusOK, nil, nil, func(d *userData) { d.Secret = out.Secret })
}

func (a *App) beheerRevokeToken(p *page) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	tokenID, err := p.pathID("tokenId")
	if err != nil {
		return err
	}
	if err := p.api.delete("/gebruikers/" + id + "/tokens/" + tokenID); err != nil {
		return err
	}
	return p.redirect("/beheer/gebruikers/"+id, "ingetrokken")
}

// moment is a time (or a pointer to one) in Dutch words; "" for none.
func moment(v any) string {
	switch t := v.(type) {
	case time.Time:
		return dutchDateTime(t)
	case *time.Time:
		if t != nil {
			return dutchDateTime(*t)
		}
	}
	return ""
}

// filterValue makes f a field of a filter form: its value from the query
// (kept in form under "filter-" + name) and an id of its own, so it can
// stand on a page beside a form with a field of the same name.
func filterValue(form url.Values, f fieldView) fieldView {
	f.Value = form.Get("filter-" + f.Name)
	f.ID = "filter-" + f.Name
	return f
}

// beheerDelete removes the entry the path names from collection (the API
// refuses, with its reason, what is still in use) and goes back to the
// list under /beheer/list.
func (a *App) beheerDelete(collection, list string) func(*page) error {
	return func(p *page) error {
		id, err := p.pathID("id")
		if err != nil {
			return err
		}
		if err := p.api.delete(collection + "/" + id); err != nil {
			return err
		}
		return p.redirect("/beheer/"+list, "verwijderd")
	}
}

// beheerFailedMail lists the notifications whose mail could not be
// delivered (GET /meldingen/mislukt), so the beheerder can fix the
// addresses.
func (a *App) beheerFailedMail(p *page) error {
	mails, err := all[plekwijzer.FailedMail](p.api, "/meldingen/mislukt", nil, 1000)
	if err != nil {
		return err
	}
	return p.show("beheer-mislukte-mail", "Mail die niet aankwam", "beheer", mails)
}
