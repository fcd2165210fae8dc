package notifytest

import (
	"context"
	"fmt"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
)

// Secret is profile content the fixtures put in every participant and
// placement: a mail that contains it leaks the profile.
const Secret = "GEHEIM-PROFIEL"

// Coaches stores n coaches with addresses coach-001@domain and so on.
func Coaches(ctx context.Context, st plekwijzer.Store, n int, domain string) ([]*plekwijzer.User, error) {
	out := make([]*plekwijzer.User, n)
	for i := range out {
		u := &plekwijzer.User{Name: fmt.Sprintf("Coach %03d", i+1), Role: plekwijzer.RoleCoach, Email: fmt.Sprintf("coach-%03d@%s", i+1, domain)}
		if err := st.CreateUser(ctx, u); err != nil {
			return nil, err
		}
		out[i] = u
	}
	return out, nil
}

// PausedOffers gives the coaches n notifications as they come about: n
// active placements, round-robin over the coaches, at offers that are then
// paused ("werkplek-gepauzeerd", one notification per placement). The
// catalogue must be loaded. It returns the codes of the participants.
func PausedOffers(ctx context.Context, st plekwijzer.Store, coaches []*plekwijzer.User, n int) ([]string, error) {
	offers, codes, err := Placements(ctx, st, coaches, n)
	if err != nil {
		return nil, err
	}
	return codes, Pause(ctx, st, offers)
}

// Pause pauses the offers: a notification for every placement at them.
func Pause(ctx context.Context, st plekwijzer.Store, offers []string) error {
	paused := plekwijzer.OfferPaused
	for _, id := range offers {
		if _, err := st.UpdateOffer(ctx, id, plekwijzer.OfferUpdate{Status: &paused}, 0); err != nil {
			return err
		}
	}
	return nil
}

// Placements stores n active placements, round-robin over the coaches, at
// new offers, and returns the offers and the participants' codes.
func Placements(ctx context.Context, st plekwijzer.Store, coaches []*plekwijzer.User, n int) (offers, codes []string, err error) {
	org := &plekwijzer.Organisation{Name: "Werkplaats Mailtest", Kind: "sociale-onderneming", Postcode: "9712", Place: "Groningen"}
	if err := st.CreateOrganisation(ctx, org); err != nil {
		return nil, nil, err
	}
	const perOffer = 10 * 50 // 50 places on each of the ten day-parts
	var offer *plekwijzer.Offer
	for i := range n {
		if i%perOffer == 0 {
			capacity := plekwijzer.Capacity{}
			for _, d := range plekwijzer.DayParts {
				capacity[d] = perOffer / 10
			}
			offer = &plekwijzer.Offer{OrganisationID: org.ID, Title: fmt.Sprintf("Fietsen maken %d", len(offers)+1),
				Description: Secret, WorkTypeID: seed.WorkTypeID("fietsenreparatie"), Supervision: 2,
				PhysicalLoad: plekwijzer.LoadLow, Capacity: capacity, Postcode: "9712"}
			if err := st.CreateOffer(ctx, offer); err != nil {
				return nil, nil, err
			}
			offers = append(offers, offer.ID)
		}
		p := &plekwijzer.Participant{Code: fmt.Sprintf("MT-%05d", i+1), CoachID: coaches[i%len(coaches)].ID,
			TargetGroup: "statushouder", Phase: "voortraject", Availability: plekwijzer.DayParts,
			Postcode: "9712", MaxTravelKm: 15, SupervisionNeed: 2, LoadCapacity: plekwijzer.LoadMedium}
		if err := st.CreateParticipant(ctx, p); err != nil {
			return nil, nil, err
		}
		codes = append(codes, p.Code)
		parts := []plekwijzer.DayPart{plekwijzer.DayParts[(i/(perOffer/10))%10]}
		start, active := plekwijzer.Today(), plekwijzer.PlacementActive
		pl, err := plekwijzer.NewPlacement{ParticipantID: &p.ID, OfferID: &offer.ID, DayParts: &parts, StartDate: &start, Status: &active}.Placement()
		if err != nil {
			return nil, nil, err
		}
		if err := st.CreatePlacement(ctx, pl); err != nil {
			return nil, nil, err
		}
	}
	return offers, codes, nil
}
