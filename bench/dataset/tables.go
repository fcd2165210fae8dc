package dataset

import (
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/bench/benchutil"
)

// rows is a helper for tables: emit one row per item.
func rows[T any](items []T, each func(emit func(...any) error, x T) error) func(func(...any) error) error {
	return func(emit func(...any) error) error {
		for _, x := range items {
			if err := each(emit, x); err != nil {
				return err
			}
		}
		return nil
	}
}

// list emits one row per item: owner, item, the extra columns, position.
func list(emit func(...any) error, owner string, items []string, extra ...any) error {
	for i, x := range items {
		row := append(append([]any{owner, x}, extra...), i)
		if err := emit(row...); err != nil {
			return err
		}
	}
	return nil
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Tables lists the rows of d in the schema of migrations/*/0001 and 0002,
// as the store writes them: organisations, users, offers with their
// capacity, skills and target groups and one outbox entry each,
// participants with their lists, and placements with their day-parts.
func (d *Dataset) Tables(now time.Time) []benchutil.Table {
	dp := func(i int) string { return string(plekwijzer.DayParts[i]) }
	return []benchutil.Table{
		{Name: "organisations", Cols: []string{"id", "name", "kind", "postcode", "place", "version", "created_at", "updated_at"},
			Rows: rows(d.Orgs, func(emit func(...any) error, o *Organisation) error {
				return emit(o.ID, o.Name, o.Kind, o.PC4, o.Place, 1, now, now)
			})},
		{Name: "users", Cols: []string{"id", "name", "role", "organisation_id", "version", "created_at", "updated_at"},
			Rows: func(emit func(...any) error) error {
				if err := emit(d.AdminID, "Beheerder", "beheerder", nil, 1, now, now); err != nil {
					return err
				}
				for i, id := range d.Coaches {
					if err := emit(id, "Coach "+benchutil.Thousands(i+1), "coach", nil, 1, now, now); err != nil {
						return err
					}
				}
				return nil
			}},
		{Name: "offers", Cols: []string{"id", "organisation_id", "title", "description", "work_type_id", "supervision", "physical_load", "postcode",
			"public_transport", "wheelchair", "status", "development_place", "version", "created_at", "updated_at"},
			Rows: rows(d.Offers, func(emit func(...any) error, o *Offer) error {
				return emit(o.ID, o.OrgID, o.Title, o.Description, o.WorkTypeID, o.Supervision, o.Load, o.PC4,
					o.PublicTransport, o.Wheelchair, o.Status, o.Dev, 1, now, now)
			})},
		{Name: "offer_capacity", Cols: []string{"offer_id", "day_part", "places"},
			Rows: rows(d.Offers, func(emit func(...any) error, o *Offer) error {
				for i, n := range o.Places {
					if n > 0 {
						if err := emit(o.ID, dp(i), n); err != nil {
							return err
						}
					}
				}
				return nil
			})},
		{Name: "offer_skills", Cols: []string{"offer_id", "skill_id", "kind", "position"},
			Rows: rows(d.Offers, func(emit func(...any) error, o *Offer) error {
				if err := list(emit, o.ID, o.Required, "vereist"); err != nil {
					return err
				}
				return list(emit, o.ID, o.Learnable, "leerbaar")
			})},
		{Name: "offer_target_groups", Cols: []string{"offer_id", "target_group", "position"},
			Rows: rows(d.Offers, func(emit func(...any) error, o *Offer) error {
				return list(emit, o.ID, o.Groups)
			})},
		{Name: "search_outbox", Cols: []string{"kind", "entity_id", "created_at"},
			Rows: rows(d.Offers, func(emit func(...any) error, o *Offer) error {
				return emit("werkplek", o.ID, now)
			})},
		{Name: "participants", Cols: []string{"id", "code", "coach_id", "referrer_id", "target_group", "phase", "postcode", "max_travel_km",
			"supervision_need", "load_capacity", "wheelchair", "language_level", "waiting_since", "version", "created_at", "updated_at"},
			Rows: rows(d.Participants, func(emit func(...any) error, p *Participant) error {
				return emit(p.ID, p.Code, p.CoachID, orNil(p.Referrer), p.Group, p.Phase, p.PC4, p.MaxKm,
					p.Supervision, p.Load, p.Wheelchair, p.Language, orNil(string(p.Waiting)), 1, now, now)
			})},
		{Name: "participant_availability", Cols: []string{"participant_id", "day_part"},
			Rows: rows(d.Participants, func(emit func(...any) error, p *Participant) error {
				for _, i := range p.Avail {
					if err := emit(p.ID, dp(i)); err != nil {
						return err
					}
				}
				return nil
			})},
		{Name: "participant_skills", Cols: []string{"participant_id", "skill_id", "level", "position"},
			Rows: rows(d.Participants, func(emit func(...any) error, p *Participant) error {
				for i, s := range p.Skills {
					if err := emit(p.ID, s.ID, s.Level, i); err != nil {
						return err
					}
				}
				return nil
			})},
		{Name: "participant_work_types", Cols: []string{"participant_id", "work_type_id", "kind", "position"},
			Rows: rows(d.Participants, func(emit func(...any) error, p *Participant) error {
				if err := list(emit, p.ID, p.Interests, "interesse"); err != nil {
					return err
				}
				return list(emit, p.ID, p.Avoid, "vermijden")
			})},
		{Name: "participant_goals", Cols: []string{"participant_id", "skill_id", "position"},
			Rows: rows(d.Participants, func(emit func(...any) error, p *Participant) error {
				return list(emit, p.ID, p.Goals)
			})},
		{Name: "participant_shares", Cols: []string{"participant_id", "coach_id", "position"},
			Rows: rows(d.Participants, func(emit func(...any) error, p *Participant) error {
				if p.SharedWith == "" {
					return nil
				}
				return emit(p.ID, p.SharedWith, 0)
			})},
		{Name: "placements", Cols: []string{"id", "participant_id", "target_group", "referrer_id", "offer_id", "start_date", "end_date", "status",
			"result", "dropout_reason", "caused_by", "missed_hours", "version", "created_at", "updated_at"},
			Rows: rows(d.Placements, func(emit func(...any) error, pl *Placement) error {
				return emit(pl.ID, pl.ParticipantID, pl.Group, orNil(pl.Referrer), pl.OfferID, string(pl.Start), orNil(string(pl.End)), string(pl.Status),
					orNil(pl.Result), orNil(pl.Reason), orNil(pl.Cause), 0, 1, pl.Created, pl.Created)
			})},
		{Name: "placement_day_parts", Cols: []string{"placement_id", "day_part"},
			Rows: rows(d.Placements, func(emit func(...any) error, pl *Placement) error {
				for _, i := range pl.DayParts {
					if err := emit(pl.ID, dp(i)); err != nil {
						return err
					}
				}
				return nil
			})},
	}
}
