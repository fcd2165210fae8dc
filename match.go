package plekwijzer

import (
	"context"
	"time"
)

// HistoryEntry is one placement in a participant's history, as matching
// needs it: which work, where, when and how it ended.
type HistoryEntry struct {
	ParticipantID  string
	PlacementID    string
	OfferID        string
	WorkTypeID     string
	OrganisationID string
	DayParts       []DayPart
	Start          Date
	End            *Date // nil while open-ended
	Status         PlacementStatus
	Result         string // the outcome's result, "" while running
}

// MatchStore reads what matching needs in bulk.
type MatchStore interface {
	// Histories returns the placements of each of the participants, by
	// participant id, oldest first.
	Histories(ctx context.Context, participantIDs []string) (map[string][]HistoryEntry, error)
	// RecentProposals counts, per organisation, the placements created at
	// its offers since the given time.
	RecentProposals(ctx context.Context, since time.Time) (map[string]int, error)
	// MatchableParticipants returns every participant the filter selects
	// (its Page is ignored) who is not uitgestroomd, with all their lists.
	MatchableParticipants(ctx context.Context, f ParticipantFilter) ([]*Participant, error)
	// MatchableParticipantsAfter is MatchableParticipants a part at a
	// time: at most limit of them, by code, with codes after after (""
	// for the first part), so a whole population need not be in memory
	// at once.
	MatchableParticipantsAfter(ctx context.Context, f ParticipantFilter, after string, limit int) ([]*Participant, error)
	// PopulationStamp changes whenever a participant or a placement is
	// created, changed or deleted: a cheap test whether an answer over
	// the whole population is still current.
	PopulationStamp(ctx context.Context) (string, error)
}
