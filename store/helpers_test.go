package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
)

// env is one test's database, the context to use on it and a counter that
// keeps the names and codes of fixtures unique.
type env struct {
	t   *testing.T
	db  *store.DB
	ctx context.Context
	n   *int
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	return &env{t: t, db: db, ctx: t.Context(), n: new(int)}
}

// in returns the env for a subtest: fixtures then fail the subtest.
func (e *env) in(t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

func (e *env) next() int { *e.n++; return *e.n }

// skills adds n skills to the catalogue (as the catalogue import does) and
// returns their ids in order. Their names are "Vaardigheid NN"; groups
// alternate between "groep-a" and "groep-b".
func (e *env) skills(n int) []string {
	e.t.Helper()
	var ss []*plekwijzer.Skill
	var ids []string
	for range n {
		i := e.next()
		uri := fmt.Sprintf("https://test.plekwijzer.nl/vaardigheid/%d", i)
		group := "groep-a"
		if i%2 == 0 {
			group = "groep-b"
		}
		s := &plekwijzer.Skill{ID: seed.SkillID(uri), Name: fmt.Sprintf("Vaardigheid %02d", i), ESCOURI: uri, Group: group}
		ss = append(ss, s)
		ids = append(ids, s.ID)
	}
	must(e.t, e.db.ImportCatalogue(e.ctx, ss, nil))
	return ids
}

func newOrganisation(name string) *plekwijzer.Organisation {
	return &plekwijzer.Organisation{Name: name, Kind: "sociale-onderneming", Postcode: "9712 AB", Place: "Groningen"}
}

// organisation stores a valid organisation, changed by mods first.
func (e *env) organisation(mods ...func(*plekwijzer.Organisation)) *plekwijzer.Organisation {
	e.t.Helper()
	o := newOrganisation(fmt.Sprintf("Organisatie %d", e.next()))
	for _, m := range mods {
		m(o)
	}
	must(e.t, e.db.CreateOrganisation(e.ctx, o))
	return o
}

func newWorkType(code string) *plekwijzer.WorkType {
	return &plekwijzer.WorkType{
		Code: code, Name: "Werksoort " + code, Description: "Werk voor de test.",
		ESCOCodes: []string{}, Skills: []string{}, PhysicalLoad: plekwijzer.LoadMedium, Environment: "binnen",
	}
}

// workType stores a valid work type, changed by mods first.
func (e *env) workType(mods ...func(*plekwijzer.WorkType)) *plekwijzer.WorkType {
	e.t.Helper()
	w := newWorkType(fmt.Sprintf("werksoort-%d", e.next()))
	for _, m := range mods {
		m(w)
	}
	must(e.t, e.db.CreateWorkType(e.ctx, w))
	return w
}

// user stores a valid user of the role; a partner gets a new organisation.
func (e *env) user(role plekwijzer.Role, mods ...func(*plekwijzer.User)) *plekwijzer.User {
	e.t.Helper()
	u := &plekwijzer.User{Name: fmt.Sprintf("Gebruiker %d", e.next()), Role: role}
	if role == plekwijzer.RolePartner {
		u.OrganisationID = ptr(e.organisation().ID)
	}
	for _, m := range mods {
		m(u)
	}
	must(e.t, e.db.CreateUser(e.ctx, u))
	return u
}

func (e *env) coach() *plekwijzer.User { e.t.Helper(); return e.user(plekwijzer.RoleCoach) }

func newOffer(orgID, workTypeID string) *plekwijzer.Offer {
	return &plekwijzer.Offer{
		OrganisationID: orgID, Title: "Werkplek", Description: "Een plek om te leren.",
		WorkTypeID: workTypeID, Supervision: 2, PhysicalLoad: plekwijzer.LoadLow,
		Capacity: plekwijzer.Capacity{"ma-ochtend": 2}, Postcode: "9712",
	}
}

// offer stores a valid open offer with 2 places on ma-ochtend at a new
// organisation and work type, changed by mods first.
func (e *env) offer(mods ...func(*plekwijzer.Offer)) *plekwijzer.Offer {
	e.t.Helper()
	o := newOffer(e.organisation().ID, e.workType().ID)
	o.Title = fmt.Sprintf("Werkplek %d", e.next())
	for _, m := range mods {
		m(o)
	}
	must(e.t, e.db.CreateOffer(e.ctx, o))
	return o
}

// withCapacity sets an offer's places per day-part.
func withCapacity(c plekwijzer.Capacity) func(*plekwijzer.Offer) {
	return func(o *plekwijzer.Offer) { o.Capacity = c }
}

func newParticipant(code, coachID string) *plekwijzer.Participant {
	return &plekwijzer.Participant{
		Code: code, CoachID: coachID, TargetGroup: "statushouder", Phase: "voortraject",
		Availability: []plekwijzer.DayPart{"ma-ochtend", "ma-middag", "di-ochtend"},
		Postcode:     "9712", MaxTravelKm: 15, SupervisionNeed: 2, LoadCapacity: plekwijzer.LoadMedium,
	}
}

// participant stores a valid participant coached by coachID, changed by
// mods first.
func (e *env) participant(coachID string, mods ...func(*plekwijzer.Participant)) *plekwijzer.Participant {
	e.t.Helper()
	p := newParticipant(fmt.Sprintf("DN-%04d", e.next()), coachID)
	for _, m := range mods {
		m(p)
	}
	must(e.t, e.db.CreateParticipant(e.ctx, p))
	return p
}

// book asks the store for a placement as the API would: through
// NewPlacement, which validates the input.
func (e *env) book(participantID, offerID string, parts []plekwijzer.DayPart, start plekwijzer.Date, end *plekwijzer.Date) (*plekwijzer.Placement, error) {
	pl, err := plekwijzer.NewPlacement{
		ParticipantID: &participantID, OfferID: &offerID, DayParts: &parts, StartDate: &start, EndDate: end,
	}.Placement()
	if err != nil {
		return nil, err
	}
	if err := e.db.CreatePlacement(e.ctx, pl); err != nil {
		return nil, err
	}
	return pl, nil
}

// mustBook is book for a placement that has to succeed.
func (e *env) mustBook(participantID, offerID string, parts []plekwijzer.DayPart, start plekwijzer.Date, end *plekwijzer.Date) *plekwijzer.Placement {
	e.t.Helper()
	pl, err := e.book(participantID, offerID, parts, start, end)
	if err != nil {
		e.t.Fatalf("book %v at %s from %s: %v", parts, offerID, start, err)
	}
	return pl
}

// snapshot is everything the store lists, as JSON: two equal snapshots mean
// nothing visible changed, not even a version or a timestamp.
func (e *env) snapshot() string {
	e.t.Helper()
	all := plekwijzer.Page{Number: 1, Size: plekwijzer.MaxPageSize}
	var parts []any
	add := func(v any, n int, err error) {
		e.t.Helper()
		must(e.t, err)
		parts = append(parts, n, v)
	}
	orgs, n, err := e.db.FindOrganisations(e.ctx, plekwijzer.OrganisationFilter{Page: all})
	add(orgs, n, err)
	wts, n, err := e.db.FindWorkTypes(e.ctx, plekwijzer.WorkTypeFilter{Page: all})
	add(wts, n, err)
	sks, n, err := e.db.FindSkills(e.ctx, plekwijzer.SkillFilter{Page: all})
	add(sks, n, err)
	offers, n, err := e.db.FindOffers(e.ctx, plekwijzer.OfferFilter{Page: all})
	add(offers, n, err)
	ps, n, err := e.db.FindParticipants(e.ctx, plekwijzer.ParticipantFilter{Page: all})
	add(ps, n, err)
	users, n, err := e.db.FindUsers(e.ctx, plekwijzer.UserFilter{Page: all})
	add(users, n, err)
	pls, n, err := e.db.FindPlacements(e.ctx, plekwijzer.PlacementFilter{Page: all})
	add(pls, n, err)
	b, err := json.MarshalIndent(parts, "", " ")
	must(e.t, err)
	return string(b)
}

// unchanged runs fn, which is expected to fail, and checks that the
// database looks exactly as before.
func (e *env) unchanged(fn func()) {
	e.t.Helper()
	before := e.snapshot()
	fn()
	if after := e.snapshot(); after != before {
		e.t.Errorf("a refused operation changed the database:\nbefore %s\nafter  %s", before, after)
	}
}

// must fails the test on an error.
func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("unexpected error: %v", err)
	}
}

// wantCode checks that err is a domain error with the code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := plekwijzer.ErrorCode(err); got != code {
		tb.Errorf("error code %q (%v), want %q", got, err, code)
	}
}

// wantFields checks that err has the code and names exactly these fields.
func wantFields(tb testing.TB, err error, code string, fields ...string) {
	tb.Helper()
	wantCode(tb, err, code)
	got := fieldNames(err)
	want := slices.Sorted(slices.Values(fields))
	if !slices.Equal(got, want) {
		tb.Errorf("fields %q (%v), want %q", got, err, want)
	}
}

// fieldNames returns the sorted names of err's invalid fields.
func fieldNames(err error) []string {
	var e *plekwijzer.Error
	if !errors.As(err, &e) {
		return nil
	}
	var names []string
	for _, f := range e.Fields {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// details returns the Details of a domain error, or nil.
func details(err error) map[string]any {
	var e *plekwijzer.Error
	if !errors.As(err, &e) {
		return nil
	}
	return e.Details
}

func ptr[T any](v T) *T { return &v }

var (
	timeType    = reflect.TypeFor[time.Time]()
	timePtrType = reflect.TypeFor[*time.Time]()
)

// assertSame checks that two entities are equal field by field: times with
// time.Equal (engines return them in their own representation), the rest
// with reflect.DeepEqual, so an empty list and a missing one differ.
func assertSame[T any](tb testing.TB, got, want *T) {
	tb.Helper()
	if got == nil || want == nil {
		if got != want {
			tb.Fatalf("got %v, want %v", got, want)
		}
		return
	}
	g, w := *got, *want
	gv, wv := reflect.ValueOf(&g).Elem(), reflect.ValueOf(&w).Elem()
	for i := range gv.NumField() {
		name := gv.Type().Field(i).Name
		gf, wf := gv.Field(i), wv.Field(i)
		switch gf.Type() {
		case timeType:
			if gt, wt := gf.Interface().(time.Time), wf.Interface().(time.Time); !gt.Equal(wt) {
				tb.Errorf("%s = %v, want %v", name, gt, wt)
			}
		case timePtrType:
			gt, wt := gf.Interface().(*time.Time), wf.Interface().(*time.Time)
			if (gt == nil) != (wt == nil) || gt != nil && !gt.Equal(*wt) {
				tb.Errorf("%s = %v, want %v", name, gt, wt)
			}
		default:
			continue
		}
		gf.Set(reflect.Zero(gf.Type()))
		wf.Set(reflect.Zero(wf.Type()))
	}
	if !reflect.DeepEqual(g, w) {
		gj, _ := json.MarshalIndent(g, "", " ")
		wj, _ := json.MarshalIndent(w, "", " ")
		tb.Errorf("got  %s\nwant %s", gj, wj)
	}
}

// rawDB opens a second, plain database/sql connection to the database at
// url, beside the store, for what the store will not do: write rows that
// break the rules. It is closed when the test ends.
func rawDB(tb testing.TB, engine, url string) *sql.DB {
	tb.Helper()
	driver := "postgres"
	if engine == store.SQLite {
		driver = "sqlite"
		url = "file:" + url + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	}
	raw, err := sql.Open(driver, url)
	if err != nil {
		tb.Fatalf("open %s: %v", engine, err)
	}
	tb.Cleanup(func() { raw.Close() })
	if err := raw.PingContext(context.Background()); err != nil {
		tb.Fatalf("connect to %s: %v", engine, err)
	}
	return raw
}

// rebind turns ? placeholders into $1, $2… for PostgreSQL.
func rebind(engine, query string) string {
	if engine != store.Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Dates used by placement tests. They lie in the past, so that an end date
// of "today" is never before a start date.
const (
	jan6  plekwijzer.Date = "2025-01-06"
	jan31 plekwijzer.Date = "2025-01-31"
	feb1  plekwijzer.Date = "2025-02-01"
	feb28 plekwijzer.Date = "2025-02-28"
	mar1  plekwijzer.Date = "2025-03-01"
)

var (
	maOchtend = []plekwijzer.DayPart{"ma-ochtend"}
	maMiddag  = []plekwijzer.DayPart{"ma-middag"}
)

func pageOf(n, size int) plekwijzer.Page { return plekwijzer.Page{Number: n, Size: size} }
