package search_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestBadInput: input the search cannot take is EInvalid, naming every
// problem by the API's query key; nothing a user sends is a 500.
func TestBadInput(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tests := []struct {
			name   string
			q      plekwijzer.SearchQuery
			fields []string
		}{
			{"text too long", plekwijzer.SearchQuery{Text: strings.Repeat("é", plekwijzer.MaxSearchTextLength+1)}, []string{"q"}},
			{"too many words", plekwijzer.SearchQuery{Text: strings.Repeat("a ", 40)}, []string{"q"}},
			{"page too large", plekwijzer.SearchQuery{Page: plekwijzer.Page{Number: 1, Size: plekwijzer.MaxPageSize + 1}}, []string{"paginaGrootte"}},
			{"page too deep", plekwijzer.SearchQuery{Page: plekwijzer.Page{Number: 41, Size: 25}}, []string{"pagina"}},
			{"page far too deep", plekwijzer.SearchQuery{Page: plekwijzer.Page{Number: math.MaxInt, Size: 100}}, []string{"pagina"}},
			{"negative page", plekwijzer.SearchQuery{Page: plekwijzer.Page{Number: -1, Size: -5}}, []string{"pagina", "paginaGrootte"}},
			{"unknown postcode", plekwijzer.SearchQuery{Postcode: "0999"}, []string{"postcode"}},
			{"not a postcode", plekwijzer.SearchQuery{Postcode: "Groningen", RadiusKm: 10}, []string{"postcode"}},
			{"radius without postcode", plekwijzer.SearchQuery{RadiusKm: 10}, []string{"straalKm"}},
			{"negative radius", plekwijzer.SearchQuery{Postcode: "9712", RadiusKm: -1}, []string{"straalKm"}},
			{"radius too large", plekwijzer.SearchQuery{Postcode: "9712", RadiusKm: 301}, []string{"straalKm"}},
			{"radius NaN", plekwijzer.SearchQuery{Postcode: "9712", RadiusKm: math.NaN()}, []string{"straalKm"}},
			{"unknown kind", plekwijzer.SearchQuery{Kind: "persoon"}, []string{"soort"}},
			{"unknown day-part", plekwijzer.SearchQuery{DayParts: []plekwijzer.DayPart{"za-ochtend"}}, []string{"dagdeel"}},
			{"day-part twice", plekwijzer.SearchQuery{DayParts: []plekwijzer.DayPart{"ma-ochtend", "ma-ochtend"}}, []string{"dagdeel"}},
			{"unknown organisation kind", plekwijzer.SearchQuery{OrganisationKind: "bedrijf"}, []string{"organisatieSoort"}},
			{"supervision out of range", plekwijzer.SearchQuery{Supervision: 5}, []string{"begeleiding"}},
			{"unknown load", plekwijzer.SearchQuery{PhysicalLoad: "zwaar"}, []string{"fysiekeBelasting"}},
			{"unknown status", plekwijzer.SearchQuery{Statuses: []plekwijzer.OfferStatus{"weg"}}, []string{"status"}},
			{"bad work type id", plekwijzer.SearchQuery{WorkTypeID: "fietsenreparatie"}, []string{"werksoort"}},
			{"everything at once", plekwijzer.SearchQuery{
				Text: strings.Repeat("x", 300), Kind: "x", PhysicalLoad: "x", Supervision: -1, RadiusKm: 5,
				Page: plekwijzer.Page{Number: 1, Size: 1000},
			}, []string{"q", "soort", "begeleiding", "fysiekeBelasting", "straalKm", "paginaGrootte"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res, err := e.ix.Search(e.ctx, tt.q)
				if res != nil {
					t.Errorf("result %+v for bad input", res)
				}
				var perr *plekwijzer.Error
				if !errors.As(err, &perr) || perr.Code != plekwijzer.EInvalid {
					t.Fatalf("error %v, want EInvalid", err)
				}
				var got []string
				for _, f := range perr.Fields {
					if !slices.Contains(got, f.Name) {
						got = append(got, f.Name)
					}
					if f.Reason == "" {
						t.Errorf("field %s without a reason", f.Name)
					}
				}
				if !sameSet(got, tt.fields) {
					t.Errorf("fields %v, want %v (%v)", got, tt.fields, perr.Fields)
				}
			})
		}

		t.Run("limits are allowed", func(t *testing.T) {
			for _, q := range []plekwijzer.SearchQuery{
				{Text: strings.Repeat("é", plekwijzer.MaxSearchTextLength)},
				{Page: plekwijzer.Page{Number: 10, Size: plekwijzer.MaxPageSize}},
				{Page: plekwijzer.Page{Number: 40, Size: 25}},
				{Postcode: "9712", RadiusKm: 300},
				{Postcode: "9712 ab", RadiusKm: 0.5},
				{Supervision: 4, DayParts: plekwijzer.DayParts},
			} {
				if _, err := e.ix.Search(e.ctx, q); err != nil {
					t.Errorf("%+v: %v", q, err)
				}
			}
		})
	})
}

// TestOddText: query syntax, unicode and junk are words or nothing, never
// an error.
func TestOddText(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		fiets := e.offer("fietsenreparatie", "Fietsen (op)knappen", "Banden plakken: 100% \"echt\" werk.")
		e.catchUp()
		for _, text := range []string{
			`"`, `*`, `?`, `field:value`, `titel:fietsen`, `(`, `)`, `[`, `{`, `+fietsen -keuken`, `fietsen~2`,
			`/fiets.*/`, `\`, `fiets*`, `fietsen^10`, `"fietsen`, `fietsen AND OR NOT`, `&&`, `||`, `!`,
			"\x00", "\xff\xfe", "fiets\u200bsen", "🚲", "ß", "ﬁetsen", "دراجة", "自行车", "   ", "\t\n",
			strings.Repeat("a", plekwijzer.MaxSearchTextLength), strings.Repeat("ab ", 30),
			`<script>alert(1)</script>`, `%`, `_`, `'`, `;--`, `fietsen:`, `:`, `-`, `--`,
		} {
			res, err := e.ix.Search(e.ctx, plekwijzer.SearchQuery{Text: text})
			if err != nil {
				t.Errorf("%q: %v", text, err)
				continue
			}
			if res.Total < 0 || res.Hits == nil || res.Facets == nil {
				t.Errorf("%q: result %+v", text, res)
			}
		}
		for _, text := range []string{`titel:fietsen`, `+fietsen -keuken`, `"fietsen`, `fietsen^10`, `(op)knappen`} {
			if hit(e.text(text), plekwijzer.KindOffer, fiets.ID) == nil {
				t.Errorf("%q does not find the offer by its words", text)
			}
		}
	})
}

// TestDeadline: a search ends when its context does.
func TestDeadline(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx, cancel := context.WithCancel(e.ctx)
		cancel()
		_, err := e.ix.Search(ctx, plekwijzer.SearchQuery{Text: "fietsen"})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled: %v", err)
		}
		ctx, cancel = context.WithDeadline(e.ctx, time.Now().Add(-time.Second))
		defer cancel()
		_, err = e.ix.Search(ctx, plekwijzer.SearchQuery{Text: "fietsen"})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("past deadline: %v", err)
		}
		if plekwijzer.ErrorCode(err) == plekwijzer.EInvalid {
			t.Error("a timeout is not the user's fault")
		}
	})
}

// TestHighlightsAreSafeHTML: a description with markup comes back as
// text; only <mark> is HTML.
func TestHighlightsAreSafeHTML(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		long := strings.Repeat("Je werkt rustig en netjes. ", 20)
		o := e.offer("fietsenreparatie", `Fietsen <b>maken</b> & "meer"`,
			`Fietsen <img src=x onerror=alert(1)> repareren <script>alert("fietsen")</script> en 'fietsen' verkopen. `+long+
				`Aan het eind weer fietsen, cliënt & co.`)
		e.catchUp()
		res := e.text("fietsen")
		h := hit(res, plekwijzer.KindOffer, o.ID)
		if h == nil {
			t.Fatal("offer not found")
		}
		all := strings.Join(slices.Concat(h.Highlights["titel"], h.Highlights["omschrijving"]), "\n")
		if !strings.Contains(all, "&lt;img") || !strings.Contains(all, "&lt;script&gt;") {
			t.Errorf("markup not escaped: %s", all)
		}
		for field, frags := range h.Highlights {
			for _, f := range frags {
				rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(f)
				if strings.ContainsAny(rest, `<>"`) {
					t.Errorf("%s fragment %q has HTML besides <mark>", field, f)
				}
				if strings.Count(f, "<mark>") != strings.Count(f, "</mark>") {
					t.Errorf("%s fragment %q has unbalanced marks", field, f)
				}
			}
		}
		if got := h.Highlights["titel"]; len(got) != 1 || got[0] != `<mark>Fietsen</mark> &lt;b&gt;maken&lt;/b&gt; &amp; &#34;meer&#34;` {
			t.Errorf("titel %q", got)
		}
		desc := h.Highlights["omschrijving"]
		if len(desc) != 2 {
			t.Fatalf("omschrijving fragments %q, want two of a long text", desc)
		}
		if !strings.HasPrefix(desc[0], "<mark>Fietsen</mark> &lt;img") || !strings.HasSuffix(desc[0], "…") {
			t.Errorf("first fragment %q", desc[0])
		}
		if !strings.HasPrefix(desc[1], "…") || !strings.Contains(desc[1], "weer <mark>fietsen</mark>, cliënt &amp; co.") {
			t.Errorf("second fragment %q", desc[1])
		}
		for _, f := range desc {
			if len(f) > 400 {
				t.Errorf("fragment of %d bytes", len(f))
			}
		}
	})
}
