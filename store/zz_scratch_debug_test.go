package store_test

import (
	"context"
	"testing"

	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestZZScratch(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		if err := seed.Catalogue(context.Background(), db); err != nil {
			t.Fatalf("%v", err)
		}
	})
}
