package plekwijzer_test

import (
	"encoding/json"
	"testing"

	"github.com/iederz/plekwijzer"
)

// FuzzValidate decodes arbitrary JSON into the input of each resource and
// validates it: never a panic, and what passes validation is normalised.
func FuzzValidate(f *testing.F) {
	for _, seed := range []string{
		`{"code":"DN-1","doelgroep":"statushouder","fase":"intake","postcode":"9711 AB","begeleidingsbehoefte":2,"belastbaarheid":"laag","beschikbaarheid":["ma-ochtend"]}`,
		`{"titel":"Fietsen","werksoortId":"00000000-0000-4000-8000-000000000000","begeleiding":2,"capaciteit":{"ma-ochtend":2},"postcode":"9712"}`,
		`{"vaardigheden":[{"id":"x","niveau":9}],"vermijden":["a","a"]}`,
		`{"capaciteit":{"zo-ochtend":-1}}`, `[]`, `null`, `{"code":123}`,
		// Issue 17: year-0000 and far dates, NUL, duplicate keys.
		`{"deelnemerId":"x","werkplekId":"y","dagdelen":["ma-ochtend"],"startdatum":"0000-01-01","einddatum":"2101-01-01"}`,
		`{"wachtendSinds":"0000-01-01","code":"DN-\u0000"}`, `{"titel":"a","titel":"b"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var pu plekwijzer.ParticipantUpdate
		if json.Unmarshal(body, &pu) == nil {
			var p plekwijzer.Participant
			p.Apply(pu)
			if p.Validate() == nil && len(p.Postcode) != 4 {
				t.Fatalf("valid participant with postcode %q", p.Postcode)
			}
		}
		var ou plekwijzer.OfferUpdate
		if json.Unmarshal(body, &ou) == nil {
			var o plekwijzer.Offer
			o.Apply(ou)
			if o.Validate() == nil && (len(o.Postcode) != 4 || o.Status == "") {
				t.Fatalf("valid offer %+v", o)
			}
		}
		var np plekwijzer.NewPlacement
		if json.Unmarshal(body, &np) == nil {
			if pl, err := np.Placement(); err == nil && (len(pl.DayParts) == 0 || !pl.StartDate.Valid()) {
				t.Fatalf("valid placement %+v", pl)
			}
		}
		var wu plekwijzer.WorkTypeUpdate
		if json.Unmarshal(body, &wu) == nil {
			var w plekwijzer.WorkType
			w.Apply(wu)
			_ = w.Validate()
		}
	})
}
