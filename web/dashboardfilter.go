package web

import (
	"net/url"
	"time"

	"github.com/iederz/plekwijzer"
)

// The dashboard's filters: a period of whole months (van, tot as
// 2026-01), an organisation kind (soort) and a target group (doelgroep).
// The period narrows every statistic; kind and group narrow the dropout
// figures, the only ones the API splits by them. The API checks the
// values and names what is wrong.

// dashboardFilter is the filter of one dashboard request.
type dashboardFilter struct {
	From, To          string // months, "" for the default
	Kind, TargetGroup string
}

func readDashboardFilter(q url.Values) dashboardFilter {
	return dashboardFilter{From: q.Get("van"), To: q.Get("tot"), Kind: q.Get("soort"), TargetGroup: q.Get("doelgroep")}
}

// check names what is wrong with the period in the words of the form,
// before the API is asked: the API reads the months as dates for most
// statistics ("is geen datum als 2026-01-31") and says "ligt voor van".
// It reports whether it found anything.
func (f dashboardFilter) check(errs *formErrors) bool {
	months := map[string]time.Time{}
	for _, m := range []struct{ name, value string }{{"van", f.From}, {"tot", f.To}} {
		if m.value == "" {
			continue
		}
		t, err := time.Parse("2006-01", m.value)
		if err != nil {
			errs.add(m.name, "is geen maand als 2026-01")
			continue
		}
		months[m.name] = t
	}
	from, okFrom := months["van"]
	to, okTo := months["tot"]
	if okFrom && okTo && to.Before(from) {
		errs.add("tot", "ligt voor Vanaf maand")
	}
	return !errs.Empty()
}

// Query is the filter as the dashboard's own query (for the export links).
func (f dashboardFilter) Query() string {
	v := url.Values{}
	for k, x := range map[string]string{"van": f.From, "tot": f.To, "soort": f.Kind, "doelgroep": f.TargetGroup} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v.Encode()
}

// Form fills the filter form.
func (f dashboardFilter) Form() url.Values {
	return url.Values{"van": {f.From}, "tot": {f.To}, "soort": {f.Kind}, "doelgroep": {f.TargetGroup}}
}

// queries returns the query of each statistic for the filter.
func (f dashboardFilter) queries() map[string]url.Values {
	variety, dates, dropout := url.Values{}, url.Values{}, url.Values{}
	if f.From != "" {
		variety.Set("van", f.From)
		dates.Set("van", f.From+"-01")
	}
	if f.To != "" {
		variety.Set("tot", f.To)
		dates.Set("tot", lastOfMonth(f.To))
	}
	for k, v := range dates {
		dropout[k] = v
	}
	if f.Kind != "" {
		dropout.Set("soort", f.Kind)
	}
	if f.TargetGroup != "" {
		dropout.Set("doelgroep", f.TargetGroup)
	}
	return map[string]url.Values{"/statistieken/variatie": variety, "/statistieken/uitval": dropout, "/statistieken/bezetting": dates}
}

// lastOfMonth is the last day of a month "2026-02", or the text as it is
// when it is no month (the API then names it).
func lastOfMonth(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	return string(plekwijzer.DateOf(t.AddDate(0, 1, -1)))
}
