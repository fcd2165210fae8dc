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

// The audit log and the retention report of the back-office. "Who looked
// at participant X?" is a code typed in and one click: the code is looked
// up (a read of that participant, itself audited) and the log filtered on
// them.

func (a *App) mountBeheerAudit(e *echo.Echo) {
	admin := plekwijzer.RoleAdmin
	e.GET("/beheer/audit", a.handle(a.beheerAudit, admin))
	e.GET("/beheer/audit.csv", a.handle(a.beheerAuditCSV, admin))
	e.GET("/beheer/bewaartermijn", a.handle(a.beheerRetention, admin))
}

const auditPageSize = 50

// auditQuery is the audit log's filter as the form has it, and as the API
// takes it.
type auditQuery struct {
	form url.Values // what the beheerder chose
	api  url.Values // GET /audit's parameters
	Code string     // the participant's code, when filtered on one
	errs formErrors
}

// readAuditQuery turns the form's filter into the API's: a code becomes
// the participant's id, a last day ("tot en met") the next midnight.
func readAuditQuery(p *page) *auditQuery {
	q := p.QueryParams()
	aq := &auditQuery{form: url.Values{}, api: url.Values{}}
	for _, k := range []string{"gebruikerId", "actie", "vanaf", "tot", "code", "deelnemerId"} {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			aq.form.Set(k, v)
		}
	}
	for _, k := range []string{"gebruikerId", "actie", "vanaf", "deelnemerId"} {
		if v := aq.form.Get(k); v != "" {
			aq.api.Set(k, v)
		}
	}
	if v := aq.form.Get("tot"); v != "" {
		if d := plekwijzer.Date(v); d.Valid() {
			aq.api.Set("tot", string(d.AddDays(1)))
		} else {
			aq.api.Set("tot", v) // the API names the problem
		}
	}
	if code := aq.form.Get("code"); code != "" {
		var found apiList[plekwijzer.Participant]
		err := p.api.get("/deelnemers", url.Values{"code": {code}, "paginaGrootte": {"1"}}, &found)
		switch {
		case err != nil:
			aq.errs.addAll(err)
		case len(found.Items) == 0:
			aq.errs.add("code", "geen deelnemer met deze code; van een gewiste deelnemer is de code weg")
			aq.errs.Message = "Deze code is niet gevonden."
		default:
			aq.api.Set("deelnemerId", found.Items[0].ID)
			aq.form.Set("deelnemerId", found.Items[0].ID)
			aq.Code = found.Items[0].Code
		}
	}
	return aq
}

// auditRow is one entry of the log as shown.
type auditRow struct {
	plekwijzer.AuditEntry
	Code string // the participant's code, only for the one searched for
}

type auditData struct {
	Rows        []auditRow
	Users       []option
	Total       int
	Page, Pages int
	PrevURL     string
	NextURL     string
	CSVURL      string
	Code        string
	Participant string // the participant filtered on (id)
}

func (a *App) beheerAudit(p *page) error {
	aq := readAuditQuery(p)
	users, err := all[plekwijzer.User](p.api, "/gebruikers", nil, 0)
	if err != nil {
		return err
	}
	d := auditData{Code: aq.Code, Participant: aq.form.Get("deelnemerId")}
	for _, u := range users {
		d.Users = append(d.Users, option{u.ID, u.Name + " (" + label("rol", u.Role) + ")"})
	}
	if aq.errs.Empty() {
		in := cloneValues(aq.api)
		in.Set("paginaGrootte", strconv.Itoa(auditPageSize))
		if n := p.QueryParam("pagina"); n != "" {
			in.Set("pagina", n)
		}
		var list apiList[plekwijzer.AuditEntry]
		if err := p.api.get("/audit", in, &list); err != nil {
			if !aq.errs.addAll(err) {
				return err
			}
		}
		for _, e := range list.Items {
			r := auditRow{AuditEntry: e}
			if e.ParticipantID == d.Participant {
				r.Code = aq.Code
			}
			d.Rows = append(d.Rows, r)
		}
		d.Total, d.Page = list.Total, max(list.Page, 1)
	}
	d.Pages = max(1, (d.Total+auditPageSize-1)/auditPageSize)
	d.PrevURL, d.NextURL = pageLinks("/beheer/audit", aq.form, d.Page, d.Pages)
	d.CSVURL = "/beheer/audit.csv"
	if len(aq.form) > 0 {
		d.CSVURL += "?" + aq.form.Encode()
	}
	var errs *formErrors
	if !aq.errs.Empty() {
		errs = &aq.errs
	}
	return p.showForm(http.StatusOK, "beheer-audit", "Auditlog", "beheer", d, aq.form, errs)
}

// maxAuditExport bounds one CSV export of the audit log.
const maxAuditExport = 100_000

var auditColumns = []string{"tijd", "gebruiker", "gebruikerId", "rol", "namens", "actie", "deelnemerId", "deelnemercode", "endpoint", "verzoekId"}

// beheerAuditCSV exports the entries the filter selects, newest first.
func (a *App) beheerAuditCSV(p *page) error {
	aq := readAuditQuery(p)
	if !aq.errs.Empty() {
		return &apiError{Status: http.StatusBadRequest, Detail: aq.errs.Message}
	}
	entries, err := all[plekwijzer.AuditEntry](p.api, "/audit", aq.api, maxAuditExport)
	if err != nil {
		return err
	}
	rows := make([][]string, 0, len(entries))
	for _, e := range entries {
		code, onBehalf := "", ""
		if e.ParticipantID == aq.api.Get("deelnemerId") {
			code = aq.Code
		}
		if e.OnBehalfOf != nil {
			onBehalf = *e.OnBehalfOf
		}
		rows = append(rows, []string{e.At.UTC().Format(time.RFC3339), e.UserName, e.UserID, label("rol", e.Role), onBehalf,
			label("auditactie", e.Action), e.ParticipantID, code, e.Endpoint, e.RequestID})
	}
	return writeCSV(p, "auditlog.csv", auditColumns, rows)
}

// retentionData is the retention report (GET /bewaartermijn) as shown.
type retentionData struct {
	plekwijzer.RetentionReport
	Coaches colleagues
}

// beheerRetention shows who the retention policy anonymises at its next
// run and who within 30 days: the report of `plekwijzer retention
// --dry-run`.
func (a *App) beheerRetention(p *page) error {
	var d retentionData
	if err := p.api.get("/bewaartermijn", nil, &d.RetentionReport); err != nil {
		return err
	}
	cs, err := p.colleagues()
	if err != nil {
		return err
	}
	d.Coaches = cs
	return p.show("beheer-bewaartermijn", "Bewaartermijn", "beheer", d)
}

// CoachName is the name of the coach with this id, for the templates.
func (cs colleagues) CoachName(id string) string { return cs.name(id) }
