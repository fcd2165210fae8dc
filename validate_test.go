package plekwijzer_test

import (
	"slices"
	"testing"

	"github.com/iederz/plekwijzer"
)

func validParticipant() plekwijzer.Participant {
	return plekwijzer.Participant{
		Code: "DN-2026-0001", CoachID: plekwijzer.NewID(), TargetGroup: "ggz-beschermd-wonen", Phase: "voortraject",
		Availability: []plekwijzer.DayPart{"vr-ochtend", "ma-ochtend"}, Postcode: "9712 AB", MaxTravelKm: 8,
		SupervisionNeed: 3, LoadCapacity: "laag",
	}
}

func TestParticipantValidate(t *testing.T) {
	p := validParticipant()
	today := plekwijzer.Today()
	p.WaitingSince = &today
	if err := p.Validate(); err != nil {
		t.Fatalf("valid participant: %v", err)
	}
	// Someone who has left needs no day-parts.
	left := validParticipant()
	left.Phase, left.Availability = plekwijzer.PhaseLeft, nil
	if err := left.Validate(); err != nil {
		t.Errorf("a participant who has left, without day-parts: %v", err)
	}
	if p.Postcode != "9712" {
		t.Errorf("postcode kept as %q; only the PC4 may be stored", p.Postcode)
	}
	if !slices.Equal(p.Availability, []plekwijzer.DayPart{"ma-ochtend", "vr-ochtend"}) || p.LanguageLevel != "A0" {
		t.Errorf("normalised: %v %q", p.Availability, p.LanguageLevel)
	}
	wt := plekwijzer.NewID()
	tests := []struct {
		name   string
		change func(p *plekwijzer.Participant)
		fields []string
	}{
		{"code like a BSN", func(p *plekwijzer.Participant) { p.Code = "123456789" }, []string{"code"}},
		{"code with spaces", func(p *plekwijzer.Participant) { p.Code = "Jan de Vries" }, []string{"code"}},
		{"unknown target group and phase", func(p *plekwijzer.Participant) { p.TargetGroup, p.Phase = "x", "" }, []string{"doelgroep", "fase"}},
		{"bad day-parts", func(p *plekwijzer.Participant) {
			p.Availability = []plekwijzer.DayPart{"ma-ochtend", "za-ochtend", "ma-ochtend"}
		}, []string{"beschikbaarheid[1]", "beschikbaarheid[2]"}},
		{"unknown postcode area", func(p *plekwijzer.Participant) { p.Postcode = "1000" }, []string{"postcode"}},
		{"not a postcode", func(p *plekwijzer.Participant) { p.Postcode = "12345" }, []string{"postcode"}},
		{"out of range", func(p *plekwijzer.Participant) {
			p.MaxTravelKm, p.SupervisionNeed, p.LoadCapacity, p.LanguageLevel = 500, 5, "zwaar", "D1"
		}, []string{"maxReisafstandKm", "begeleidingsbehoefte", "belastbaarheid", "taalniveau"}},
		{"skill level", func(p *plekwijzer.Participant) {
			p.Skills = []plekwijzer.SkillLevel{{SkillID: wt, Level: 4}, {SkillID: "nope", Level: 1}}
		}, []string{"vaardigheden[0].niveau", "vaardigheden[1].id"}},
		{"interest also avoided", func(p *plekwijzer.Participant) { p.Interests, p.Avoid = []string{wt}, []string{wt} }, []string{"vermijden[0]"}},
		{"no day-part at all", func(p *plekwijzer.Participant) { p.Availability = nil }, []string{"beschikbaarheid"}},
		{"waiting since a day to come", func(p *plekwijzer.Participant) {
			d := plekwijzer.Today().AddDays(1)
			p.WaitingSince = &d
		}, []string{"wachtendSinds"}},
		{"waiting since 2099", func(p *plekwijzer.Participant) { d := plekwijzer.Date("2099-01-01"); p.WaitingSince = &d }, []string{"wachtendSinds"}},
		{"waiting since 1899", func(p *plekwijzer.Participant) { d := plekwijzer.Date("1899-12-31"); p.WaitingSince = &d }, []string{"wachtendSinds"}},
		{"waiting since no date", func(p *plekwijzer.Participant) { d := plekwijzer.Date("31-12-2025"); p.WaitingSince = &d }, []string{"wachtendSinds"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validParticipant()
			tt.change(&p)
			err := p.Validate()
			if plekwijzer.ErrorCode(err) != plekwijzer.EInvalid {
				t.Fatalf("want invalid, got %v", err)
			}
			if got := fieldNames(err); !slices.Equal(got, tt.fields) {
				t.Errorf("fields %v, want %v", got, tt.fields)
			}
		})
	}
}

func TestOfferValidate(t *testing.T) {
	o := plekwijzer.Offer{
		OrganisationID: plekwijzer.NewID(), Title: "Fietsen", WorkTypeID: plekwijzer.NewID(), Supervision: 9,
		PhysicalLoad: "midden", Postcode: "9713",
		Capacity:     plekwijzer.Capacity{"za-ochtend": 1, "ma-ochtend": -1, "di-ochtend": 0, "wo-ochtend": 501},
		TargetGroups: []plekwijzer.TargetGroup{"statushouder", "marsmannetjes", "statushouder"},
	}
	err := o.Validate()
	want := []string{"begeleiding", "capaciteit.ma-ochtend", "capaciteit.wo-ochtend", "capaciteit.za-ochtend", "doelgroepen[1]", "doelgroepen[2]"}
	if got := fieldNames(err); !slices.Equal(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}
	if o.Status != plekwijzer.OfferOpen {
		t.Errorf("a new offer is open by default, got %q", o.Status)
	}
}

func TestCapacityJSONInCalendarOrder(t *testing.T) {
	b, err := plekwijzer.Capacity{"vr-middag": 1, "ma-ochtend": 2, "di-middag": 3}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); got != `{"ma-ochtend":2,"di-middag":3,"vr-middag":1}` {
		t.Errorf("got %s", got)
	}
}

func TestDate(t *testing.T) {
	for s, valid := range map[string]bool{"2026-02-28": true, "2026-02-30": false, "28-02-2026": false, "": false} {
		if got := plekwijzer.Date(s).Valid(); got != valid {
			t.Errorf("Date(%q).Valid() = %v", s, got)
		}
	}
	if got := plekwijzer.Date("2026-12-31").AddDays(1); got != "2027-01-01" {
		t.Errorf("AddDays: %s", got)
	}
}
