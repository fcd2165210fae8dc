package store

import (
	"context"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.FreePlacesStore = (*DB)(nil)

// OfferBookings implements plekwijzer.FreePlacesStore.
func (db *DB) OfferBookings(ctx context.Context, offerID string, from plekwijzer.Date) ([]plekwijzer.Booking, error) {
	out, err := db.bookings(ctx, db.db, `pl.offer_id = ? AND (pl.end_date IS NULL OR pl.end_date >= ?)`, offerID, from)
	return out, db.translate(err)
}
