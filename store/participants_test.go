package store_test

import (
	"slices"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestParticipantRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach, other1, other2 := e.coach(), e.coach(), e.coach()
		referrer := e.organisation()
		skills := e.skills(4)
		wt1, wt2, wt3 := e.workType(), e.workType(), e.workType()
		shared := []string{other1.ID, other2.ID}
		slices.Sort(shared) // a set: the store returns it in id order
		waiting := plekwijzer.Date("2026-01-15")
		p := &plekwijzer.Participant{
			Code: "GRN-2026-017", CoachID: coach.ID, ReferrerID: &referrer.ID,
			TargetGroup: "beschut-voortraject", Phase: "ontwikkelplek",
			Availability: []plekwijzer.DayPart{"vr-middag", "ma-ochtend", "wo-middag", "di-ochtend"},
			Postcode:     "9744 AB", MaxTravelKm: 25,
			Skills:        []plekwijzer.SkillLevel{{SkillID: skills[2], Level: 3}, {SkillID: skills[0], Level: 1}},
			Interests:     []string{wt2.ID, wt1.ID},
			Avoid:         []string{wt3.ID},
			LearningGoals: []string{skills[3], skills[1]},
			SharedWith:    shared, SupervisionNeed: 4, LoadCapacity: plekwijzer.LoadLow, Wheelchair: true,
			LanguageLevel: "A2", WaitingSince: &waiting,
		}
		must(t, db.CreateParticipant(e.ctx, p))
		if !plekwijzer.ValidID(p.ID) || p.Version != 1 || p.Postcode != "9744" {
			t.Fatalf("created participant: id %q, version %d, postcode %q", p.ID, p.Version, p.Postcode)
		}
		wantDays := []plekwijzer.DayPart{"ma-ochtend", "di-ochtend", "wo-middag", "vr-middag"}
		if !slices.Equal(p.Availability, wantDays) {
			t.Errorf("beschikbaarheid %v, want it sorted: %v", p.Availability, wantDays)
		}
		got, err := db.Participant(e.ctx, p.ID)
		must(t, err)
		assertSame(t, got, p)

		// The least a participant needs; language level defaults to A0 and
		// every list comes back empty, not missing.
		bare := &plekwijzer.Participant{
			Code: "abc", CoachID: coach.ID, TargetGroup: "overig", Phase: "intake", Postcode: "9712",
			SupervisionNeed: 1, LoadCapacity: plekwijzer.LoadHigh, Availability: []plekwijzer.DayPart{"vr-middag"},
		}
		must(t, db.CreateParticipant(e.ctx, bare))
		got, err = db.Participant(e.ctx, bare.ID)
		must(t, err)
		assertSame(t, got, bare)
		if got.LanguageLevel != "A0" || got.ReferrerID != nil || got.WaitingSince != nil ||
			got.Availability == nil || got.Skills == nil || got.Interests == nil || got.Avoid == nil ||
			got.LearningGoals == nil || got.SharedWith == nil {
			t.Errorf("bare participant read back as %+v", got)
		}
	})
}

func TestFindParticipants(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		anna, bram := e.coach(), e.coach()
		org := e.organisation()
		waiting := plekwijzer.Date("2026-02-01")
		mk := func(code string, coach *plekwijzer.User, mod func(*plekwijzer.Participant)) {
			p := newParticipant(code, coach.ID)
			if mod != nil {
				mod(p)
			}
			must(t, db.CreateParticipant(e.ctx, p))
		}
		mk("D-004", anna, func(p *plekwijzer.Participant) { p.WaitingSince = &waiting })
		mk("D-001", anna, func(p *plekwijzer.Participant) {
			p.ReferrerID, p.TargetGroup, p.Availability = &org.ID, "banenafspraak", []plekwijzer.DayPart{"vr-ochtend"}
		})
		mk("D-003", bram, func(p *plekwijzer.Participant) { p.SharedWith, p.Phase = []string{anna.ID}, "beschut" })
		mk("D-002", bram, func(p *plekwijzer.Participant) { p.WaitingSince = &waiting; p.Phase = "beschut" })
		yes, no := true, false
		for _, tc := range []struct {
			name   string
			filter plekwijzer.ParticipantFilter
			want   []string // codes, in order
		}{
			{"all, by code", plekwijzer.ParticipantFilter{}, []string{"D-001", "D-002", "D-003", "D-004"}},
			{"visible to a coach: caseload and shares", plekwijzer.ParticipantFilter{VisibleTo: anna.ID}, []string{"D-001", "D-003", "D-004"}},
			{"visible to the other coach", plekwijzer.ParticipantFilter{VisibleTo: bram.ID}, []string{"D-002", "D-003"}},
			{"coach", plekwijzer.ParticipantFilter{CoachID: anna.ID}, []string{"D-001", "D-004"}},
			{"referrer", plekwijzer.ParticipantFilter{ReferrerID: org.ID}, []string{"D-001"}},
			{"target group", plekwijzer.ParticipantFilter{TargetGroup: "statushouder"}, []string{"D-002", "D-003", "D-004"}},
			{"phase", plekwijzer.ParticipantFilter{Phase: "beschut"}, []string{"D-002", "D-003"}},
			{"day-part", plekwijzer.ParticipantFilter{DayPart: "vr-ochtend"}, []string{"D-001"}},
			{"code", plekwijzer.ParticipantFilter{Code: "D-003"}, []string{"D-003"}},
			{"code is exact", plekwijzer.ParticipantFilter{Code: "D-00"}, nil},
			{"waiting", plekwijzer.ParticipantFilter{Waiting: &yes}, []string{"D-002", "D-004"}},
			{"not waiting", plekwijzer.ParticipantFilter{Waiting: &no}, []string{"D-001", "D-003"}},
			{"combined", plekwijzer.ParticipantFilter{VisibleTo: anna.ID, Phase: "beschut"}, []string{"D-003"}},
			{"second page", plekwijzer.ParticipantFilter{Page: pageOf(2, 3)}, []string{"D-004"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, total, err := db.FindParticipants(e.ctx, tc.filter)
				must(t, err)
				wantTotal := len(tc.want)
				if tc.filter.Page.Number == 2 {
					wantTotal = 4
				}
				if total != wantTotal || len(got) != len(tc.want) {
					t.Fatalf("%d items, total %d; want %d items, total %d", len(got), total, len(tc.want), wantTotal)
				}
				for i, p := range got {
					if p.Code != tc.want[i] {
						t.Errorf("item %d is %q, want %q", i, p.Code, tc.want[i])
					}
				}
			})
		}
	})
}

func TestUpdateParticipant(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach, other := e.coach(), e.coach()
		org, skills, wt := e.organisation(), e.skills(2), e.workType()
		waiting := plekwijzer.Date("2026-02-01")
		p := e.participant(coach.ID, func(p *plekwijzer.Participant) {
			p.ReferrerID, p.WaitingSince = &org.ID, &waiting
			p.Skills = []plekwijzer.SkillLevel{{SkillID: skills[0], Level: 2}}
			p.Interests, p.LearningGoals = []string{wt.ID}, []string{skills[1]}
		})

		// Change a few fields; the rest stays.
		got, err := db.UpdateParticipant(e.ctx, p.ID, plekwijzer.ParticipantUpdate{
			Phase:        ptr(plekwijzer.Phase("ontwikkelplek")),
			Availability: &[]plekwijzer.DayPart{"do-middag", "di-ochtend"},
			SharedWith:   &[]string{other.ID},
		}, 1)
		must(t, err)
		want := *p
		want.Phase, want.Availability = "ontwikkelplek", []plekwijzer.DayPart{"di-ochtend", "do-middag"}
		want.SharedWith, want.Version, want.UpdatedAt = []string{other.ID}, 2, got.UpdatedAt
		assertSame(t, got, &want)
		stored, err := db.Participant(e.ctx, p.ID)
		must(t, err)
		assertSame(t, stored, &want)

		// An empty verwijzerId and wachtendSinds remove them; the coach can
		// hand over to the coach it was shared with once the share goes.
		got, err = db.UpdateParticipant(e.ctx, p.ID, plekwijzer.ParticipantUpdate{
			ReferrerID: ptr(""), WaitingSince: ptr(plekwijzer.Date("")), CoachID: &other.ID, SharedWith: &[]string{},
		}, 2)
		must(t, err)
		stored, err = db.Participant(e.ctx, p.ID)
		must(t, err)
		assertSame(t, stored, got)
		if stored.ReferrerID != nil || stored.WaitingSince != nil || stored.CoachID != other.ID ||
			len(stored.SharedWith) != 0 || len(stored.Skills) != 1 || stored.Version != 3 {
			t.Errorf("after the second update: %+v", stored)
		}
	})
}

func TestParticipantInvalid(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach, other := e.coach(), e.coach()
		admin := e.user(plekwijzer.RoleAdmin)
		skills, wt := e.skills(2), e.workType()
		existing := e.participant(coach.ID)
		missing := plekwijzer.NewID()
		for _, tc := range []struct {
			name   string
			mod    func(*plekwijzer.Participant)
			fields []string
		}{
			{"code that looks like a BSN", func(p *plekwijzer.Participant) { p.Code = "123456782" }, []string{"code"}},
			{"code of 8 digits", func(p *plekwijzer.Participant) { p.Code = "12345678" }, []string{"code"}},
			{"code too short", func(p *plekwijzer.Participant) { p.Code = "ab" }, []string{"code"}},
			{"code with a space", func(p *plekwijzer.Participant) { p.Code = "Jan Jansen" }, []string{"code"}},
			{"coach that does not exist", func(p *plekwijzer.Participant) { p.CoachID = missing }, []string{"coachId"}},
			{"coach who is no coach", func(p *plekwijzer.Participant) { p.CoachID = admin.ID }, []string{"coachId"}},
			{"referrer that does not exist", func(p *plekwijzer.Participant) { p.ReferrerID = &missing }, []string{"verwijzerId"}},
			{"unknown target group", func(p *plekwijzer.Participant) { p.TargetGroup = "student" }, []string{"doelgroep"}},
			{"unknown phase", func(p *plekwijzer.Participant) { p.Phase = "klaar" }, []string{"fase"}},
			{"unknown day-part", func(p *plekwijzer.Participant) {
				p.Availability = []plekwijzer.DayPart{"ma-ochtend", "za-ochtend"}
			}, []string{"beschikbaarheid[1]"}},
			{"postcode that does not exist", func(p *plekwijzer.Participant) { p.Postcode = "1000" }, []string{"postcode"}},
			{"travel distance too far", func(p *plekwijzer.Participant) { p.MaxTravelKm = 201 }, []string{"maxReisafstandKm"}},
			{"skill that does not exist", func(p *plekwijzer.Participant) {
				p.Skills = []plekwijzer.SkillLevel{{SkillID: missing, Level: 1}}
			}, []string{"vaardigheden[0].id"}},
			{"skill level 4", func(p *plekwijzer.Participant) {
				p.Skills = []plekwijzer.SkillLevel{{SkillID: skills[0], Level: 1}, {SkillID: skills[1], Level: 4}}
			}, []string{"vaardigheden[1].niveau"}},
			{"interest that does not exist", func(p *plekwijzer.Participant) { p.Interests = []string{wt.ID, missing} }, []string{"interesses[1]"}},
			{"avoided work type that does not exist", func(p *plekwijzer.Participant) { p.Avoid = []string{missing} }, []string{"vermijden[0]"}},
			{"interested and avoiding", func(p *plekwijzer.Participant) { p.Interests, p.Avoid = []string{wt.ID}, []string{wt.ID} }, []string{"vermijden[0]"}},
			{"learning goal that does not exist", func(p *plekwijzer.Participant) { p.LearningGoals = []string{missing} }, []string{"leerdoelen[0]"}},
			{"shared with someone who is no coach", func(p *plekwijzer.Participant) { p.SharedWith = []string{other.ID, admin.ID} }, []string{"gedeeldMet[1]"}},
			{"shared with its own coach", func(p *plekwijzer.Participant) { p.SharedWith = []string{p.CoachID} }, []string{"gedeeldMet[0]"}},
			{"supervision need 5", func(p *plekwijzer.Participant) { p.SupervisionNeed = 5 }, []string{"begeleidingsbehoefte"}},
			{"unknown language level", func(p *plekwijzer.Participant) { p.LanguageLevel = "D1" }, []string{"taalniveau"}},
			{"waiting since no date", func(p *plekwijzer.Participant) { p.WaitingSince = ptr(plekwijzer.Date("2026-02-30")) }, []string{"wachtendSinds"}},
			{"several references missing", func(p *plekwijzer.Participant) {
				p.CoachID, p.LearningGoals = missing, []string{skills[0], plekwijzer.NewID()}
				p.Skills = []plekwijzer.SkillLevel{{SkillID: plekwijzer.NewID(), Level: 2}}
			}, []string{"coachId", "leerdoelen[1]", "vaardigheden[0].id"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := e.in(t)
				e.unchanged(func() {
					p := newParticipant("NIEUW-1", coach.ID)
					tc.mod(p)
					wantFields(t, db.CreateParticipant(e.ctx, p), plekwijzer.EInvalid, tc.fields...)

					u := newParticipant(existing.Code, coach.ID)
					tc.mod(u)
					_, err := db.UpdateParticipant(e.ctx, existing.ID, plekwijzer.ParticipantUpdate{
						Code: &u.Code, CoachID: &u.CoachID, ReferrerID: u.ReferrerID, TargetGroup: &u.TargetGroup,
						Phase: &u.Phase, Availability: &u.Availability, Postcode: &u.Postcode, MaxTravelKm: &u.MaxTravelKm,
						Skills: &u.Skills, Interests: &u.Interests, Avoid: &u.Avoid, SupervisionNeed: &u.SupervisionNeed,
						LanguageLevel: &u.LanguageLevel, LearningGoals: &u.LearningGoals, SharedWith: &u.SharedWith,
						WaitingSince: u.WaitingSince,
					}, existing.Version)
					wantFields(t, err, plekwijzer.EInvalid, tc.fields...)
				})
			})
		}
	})
}

func TestParticipantDuplicateCode(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		first := e.participant(coach.ID, func(p *plekwijzer.Participant) { p.Code = "GRN-001" })
		second := e.participant(coach.ID, func(p *plekwijzer.Participant) { p.Code = "GRN-002" })
		e.unchanged(func() {
			wantFields(t, db.CreateParticipant(e.ctx, newParticipant("GRN-001", coach.ID)), plekwijzer.EConflict, "code")
			_, err := db.UpdateParticipant(e.ctx, second.ID, plekwijzer.ParticipantUpdate{Code: &first.Code}, 0)
			wantFields(t, err, plekwijzer.EConflict, "code")
		})
		// Its own code is no conflict.
		_, err := db.UpdateParticipant(e.ctx, first.ID, plekwijzer.ParticipantUpdate{Code: &first.Code}, 0)
		must(t, err)
	})
}

func TestDeleteParticipant(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p := e.participant(e.coach().ID)
		must(t, db.DeleteParticipant(e.ctx, p.ID))
		_, err := db.Participant(e.ctx, p.ID)
		wantCode(t, err, plekwijzer.ENotFound)
		wantCode(t, db.DeleteParticipant(e.ctx, p.ID), plekwijzer.ENotFound)
		_, total, err := db.FindParticipants(e.ctx, plekwijzer.ParticipantFilter{})
		must(t, err)
		if total != 0 {
			t.Errorf("%d participants left", total)
		}
	})
}
