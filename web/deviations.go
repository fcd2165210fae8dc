package web

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/iederz/plekwijzer"
)

// breach is one hard rule of matching a booking breaks, as the API's 409
// names it (regels).
type breach struct {
	Rule   string `json:"regel"`
	Reason string `json:"reden"`
}

// brokenRules reads the rules a 409 says the booking breaks.
func brokenRules(err error) []breach {
	ae, ok := err.(*apiError)
	if !ok {
		return nil
	}
	var out []breach
	if raw, ok := ae.Extra["regels"]; ok {
		_ = json.Unmarshal(raw, &out)
	}
	return out
}

// addBrokenRules shows the rules a booking breaks at the fields they are
// about, and asks for a reason to deviate. It reports whether there were
// any.
func addBrokenRules(errs *formErrors, rules []breach) bool {
	if len(rules) == 0 {
		return false
	}
	for _, b := range rules {
		if b.Rule == "beschikbaarheid" {
			errs.add("dagdelen", b.Reason)
		} else {
			errs.add("afwijking.reden", label("regel", b.Rule)+": "+b.Reason)
		}
	}
	errs.add("afwijking.reden", "wil je toch zo boeken, schrijf dan op waarom je afwijkt")
	errs.Message = "Deze plaatsing past niet bij het profiel van de deelnemer. Er is nog niets opgeslagen."
	return true
}

// deviationForm is the override the form sends: only with a reason.
func deviationForm(form url.Values) *plekwijzer.NewDeviation {
	r := strings.TrimSpace(form.Get("afwijking.reden"))
	if r == "" {
		return nil
	}
	return &plekwijzer.NewDeviation{Reason: &r}
}
