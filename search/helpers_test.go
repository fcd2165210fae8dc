package search_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/search"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
)

// env is one test's database and index.
type env struct {
	t   *testing.T
	ctx context.Context
	db  *store.DB
	dir string
	ix  *search.Index
	n   *int
}

// newEnv loads the work-type catalogue into db and opens a new index for
// it in a temporary directory.
func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := t.Context()
	must(t, seed.Catalogue(ctx, db))
	e := &env{t: t, ctx: ctx, db: db, dir: filepath.Join(t.TempDir(), "index"), n: new(int)}
	e.ix = openIndex(t, e.dir, db)
	return e
}

// demoEnv is newEnv on the demo data of seed 1.
func demoEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	if _, err := seed.Demo(t.Context(), db, seed.DemoOptions{Seed: 1}); err != nil {
		t.Fatalf("demo: %v", err)
	}
	return newEnv(t, db)
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// openIndex opens the index in dir, closed when the test ends.
func openIndex(t *testing.T, dir string, src plekwijzer.IndexSource) *search.Index {
	t.Helper()
	ix, err := search.Open(t.Context(), dir, src, testLogger(t))
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// reopen closes the env's index and opens the directory again.
func (e *env) reopen() {
	e.t.Helper()
	must(e.t, e.ix.Close())
	e.ix = openIndex(e.t, e.dir, e.db)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) next() int { *e.n++; return *e.n }

// organisation stores an organisation of the kind at the postcode.
func (e *env) organisation(kind plekwijzer.OrganisationKind, postcode string) *plekwijzer.Organisation {
	e.t.Helper()
	o := &plekwijzer.Organisation{Name: fmt.Sprintf("Organisatie %d", e.next()), Kind: kind, Postcode: postcode, Place: "Groningen"}
	must(e.t, e.db.CreateOrganisation(e.ctx, o))
	return o
}

// offer stores an open offer of the catalogue work type with the given
// code, at a new social enterprise in Groningen unless mods say otherwise.
func (e *env) offer(workType, title, description string, mods ...func(*plekwijzer.Offer)) *plekwijzer.Offer {
	e.t.Helper()
	o := &plekwijzer.Offer{
		Title: title, Description: description, WorkTypeID: seed.WorkTypeID(workType),
		Supervision: 2, PhysicalLoad: plekwijzer.LoadMedium, Capacity: plekwijzer.Capacity{"ma-ochtend": 2},
		Postcode: "9712",
	}
	for _, m := range mods {
		m(o)
	}
	if o.OrganisationID == "" {
		o.OrganisationID = e.organisation("sociale-onderneming", "9712").ID
	}
	must(e.t, e.db.CreateOffer(e.ctx, o))
	return o
}

// participant stores a participant available on every day-part.
func (e *env) participant() *plekwijzer.Participant {
	e.t.Helper()
	coach := &plekwijzer.User{Name: fmt.Sprintf("Coach %d", e.next()), Role: plekwijzer.RoleCoach}
	must(e.t, e.db.CreateUser(e.ctx, coach))
	p := &plekwijzer.Participant{
		Code: fmt.Sprintf("DN-%04d", e.next()), CoachID: coach.ID, TargetGroup: "statushouder", Phase: "voortraject",
		Availability: plekwijzer.DayParts, Postcode: "9712", MaxTravelKm: 15, SupervisionNeed: 2,
		LoadCapacity: plekwijzer.LoadMedium, LanguageLevel: "B1",
	}
	must(e.t, e.db.CreateParticipant(e.ctx, p))
	return p
}

// book places a new participant at the offer on the day-parts from today.
func (e *env) book(offerID string, parts ...plekwijzer.DayPart) {
	e.t.Helper()
	pid := e.participant().ID
	start := plekwijzer.Today()
	pl, err := plekwijzer.NewPlacement{ParticipantID: &pid, OfferID: &offerID, DayParts: &parts, StartDate: &start}.Placement()
	must(e.t, err)
	must(e.t, e.db.CreatePlacement(e.ctx, pl))
}

// catchUp applies the outbox to the index.
func (e *env) catchUp() int {
	e.t.Helper()
	n, err := e.ix.CatchUp(e.ctx)
	must(e.t, err)
	return n
}

// search runs q, which must succeed.
func (e *env) search(q plekwijzer.SearchQuery) *plekwijzer.SearchResult {
	e.t.Helper()
	res, err := e.ix.Search(e.ctx, q)
	if err != nil {
		e.t.Fatalf("search %+v: %v", q, err)
	}
	return res
}

// text searches for text with the largest page.
func (e *env) text(text string) *plekwijzer.SearchResult {
	e.t.Helper()
	return e.search(plekwijzer.SearchQuery{Text: text, Page: plekwijzer.Page{Number: 1, Size: plekwijzer.MaxPageSize}})
}

// ids lists the ids of the hits of one kind, in order.
func ids(res *plekwijzer.SearchResult, kind string) []string {
	var out []string
	for _, h := range res.Hits {
		if h.Kind == kind {
			out = append(out, h.ID)
		}
	}
	return out
}

// hit returns the hit of the kind and id, or nil.
func hit(res *plekwijzer.SearchResult, kind, id string) *plekwijzer.SearchHit {
	for i, h := range res.Hits {
		if h.Kind == kind && h.ID == id {
			return &res.Hits[i]
		}
	}
	return nil
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// workTypeOf is the code of the work type a hit is, or is an offer of.
func (e *env) workTypeOf(h plekwijzer.SearchHit) string {
	e.t.Helper()
	id := h.ID
	if h.Kind == plekwijzer.KindOffer {
		o, err := e.db.Offer(e.ctx, h.ID)
		must(e.t, err)
		id = o.WorkTypeID
	}
	w, err := e.db.WorkType(e.ctx, id)
	must(e.t, err)
	return w.Code
}

// describe renders hits for failure messages.
func (e *env) describe(res *plekwijzer.SearchResult, n int) string {
	var b strings.Builder
	for i, h := range res.Hits {
		if i == n {
			break
		}
		fmt.Fprintf(&b, "\n  %d. %s %s (%s) %.4f %v", i+1, h.Kind, h.ID, e.workTypeOf(h), h.Score, h.Highlights)
	}
	return b.String()
}

func ptr[T any](v T) *T { return &v }
