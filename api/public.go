package api

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
	"github.com/iederz/plekwijzer/geo"
	"github.com/iederz/plekwijzer/matching"
)

// The public endpoints serve the intranet widget: open offers and work
// types, never anything about a participant, cacheable, readable only from
// the configured intranet origins, and rate-limited per client.

// NewDays is how long an offer, or a work type newly on offer, counts as
// new ("nieuw").
const NewDays = 30

// publicMaxAge is how long browsers and proxies may cache a public answer.
const publicMaxAge = 60 * time.Second

// PublicOffer is an open offer as the widget shows it: what the work is,
// where, and how many places are free today. Nothing about who works there.
type PublicOffer struct {
	ID           string                   `json:"id"`
	Title        string                   `json:"titel"`
	Description  string                   `json:"omschrijving"`
	WorkType     workTypeRef              `json:"werksoort"`
	Organisation publicOrganisation       `json:"organisatie"`
	Place        string                   `json:"plaats"`
	Supervision  int                      `json:"begeleiding"`
	PhysicalLoad plekwijzer.Load          `json:"fysiekeBelasting"`
	Access       plekwijzer.Accessibility `json:"bereikbaarheid"`
	Development  bool                     `json:"ontwikkelplek"`
	Free         plekwijzer.Capacity      `json:"vrij"`
	FreeTotal    int                      `json:"vrijePlaatsen"`
	New          bool                     `json:"nieuw"`
	Since        plekwijzer.Date          `json:"sinds"`
	TargetGroups []plekwijzer.TargetGroup `json:"doelgroepen"`
	Link         string                   `json:"link"`
}

type publicOrganisation struct {
	Name string                      `json:"naam"`
	Kind plekwijzer.OrganisationKind `json:"soort"`
}

// PublicWorkType is a work type of the catalogue with what is on offer.
type PublicWorkType struct {
	ID          string                 `json:"id"`
	Code        string                 `json:"code"`
	Name        string                 `json:"naam"`
	Description string                 `json:"omschrijving"`
	Environment plekwijzer.Environment `json:"omgeving"`
	Load        plekwijzer.Load        `json:"fysiekeBelasting"`
	Offers      int                    `json:"werkplekken"`
	FreeTotal   int                    `json:"vrijePlaatsen"`
	New         bool                   `json:"nieuw"`
}

// PublicFilter narrows the public offers.
type PublicFilter struct {
	WorkType string               // id or code
	DayParts []plekwijzer.DayPart // a free place in each
	Text     string               // words that must all occur
	FreeOnly bool
	Page     plekwijzer.Page
}

// publicList is the open offers of one match pool in the widget's order
// (newest first, then by title), with the lower-case text the word filter
// reads: made once per pool, so a request only filters and shows a page.
type publicList struct {
	pool *matching.Pool
	docs []*plekwijzer.OfferDoc
	text []string
}

// openOffers returns the list of the current pool.
func (s *Server) openOffers(ctx context.Context) (*publicList, error) {
	pool, err := s.matchPool.get(ctx)
	if err != nil {
		return nil, err
	}
	s.publicMu.Lock()
	defer s.publicMu.Unlock()
	if l := s.public; l != nil && l.pool == pool {
		return l, nil
	}
	l := &publicList{pool: pool}
	for _, d := range pool.Docs() {
		if d.Offer.Status == plekwijzer.OfferOpen {
			l.docs = append(l.docs, d)
		}
	}
	slices.SortFunc(l.docs, func(a, b *plekwijzer.OfferDoc) int {
		if c := cmp.Compare(plekwijzer.DateOf(b.Offer.CreatedAt), plekwijzer.DateOf(a.Offer.CreatedAt)); c != 0 {
			return c
		}
		if c := strings.Compare(a.Offer.Title, b.Offer.Title); c != 0 {
			return c
		}
		return strings.Compare(a.Offer.ID, b.Offer.ID)
	})
	l.text = make([]string, len(l.docs))
	for i, d := range l.docs {
		l.text[i] = strings.ToLower(d.Offer.Title + " " + d.Offer.Description + " " + d.WorkTypeName + " " + d.OrganisationName)
	}
	s.public = l
	return l, nil
}

// PublicOffers returns one page of open offers and the total, newest
// first. The web package's iframe variant uses it too.
func (s *Server) PublicOffers(ctx context.Context, f PublicFilter) ([]PublicOffer, int, error) {
	l, err := s.openOffers(ctx)
	if err != nil {
		return nil, 0, err
	}
	since := plekwijzer.DateOf(time.Now().AddDate(0, 0, -NewDays))
	words := strings.Fields(strings.ToLower(f.Text))
	from := f.Page.Offset()
	var out []PublicOffer
	total := 0
	for i, d := range l.docs {
		o := d.Offer
		if f.WorkType != "" && f.WorkType != o.WorkTypeID && f.WorkType != d.WorkTypeCode {
			continue
		}
		if slices.ContainsFunc(f.DayParts, func(dp plekwijzer.DayPart) bool { return d.Free[dp] == 0 }) {
			continue
		}
		if f.FreeOnly && d.Free.Total() == 0 {
			continue
		}
		if slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(l.text[i], w) }) {
			continue
		}
		if total >= from && len(out) < f.Page.Size {
			out = append(out, publicOffer(d, since))
		}
		total++
	}
	return out, total, nil
}

// publicOffer is what the widget shows of an open offer.
func publicOffer(d *plekwijzer.OfferDoc, since plekwijzer.Date) PublicOffer {
	o := d.Offer
	created := plekwijzer.DateOf(o.CreatedAt)
	po := PublicOffer{
		ID: o.ID, Title: o.Title, Description: o.Description,
		WorkType:     workTypeRef{ID: o.WorkTypeID, Code: d.WorkTypeCode, Name: d.WorkTypeName},
		Organisation: publicOrganisation{Name: d.OrganisationName, Kind: d.OrganisationKind},
		Supervision:  o.Supervision, PhysicalLoad: o.PhysicalLoad, Access: o.Access, Development: o.DevelopmentPlace,
		Free: d.Free, FreeTotal: d.Free.Total(), New: created >= since, Since: created,
		TargetGroups: o.TargetGroups, Link: "/widget/werkplekken/" + o.ID,
	}
	if pc, ok := geo.Lookup(o.Postcode); ok {
		po.Place = pc.Place
	}
	return po
}

// PublicOffer returns one open offer, or ENotFound.
func (s *Server) PublicOffer(ctx context.Context, id string) (*PublicOffer, error) {
	l, err := s.openOffers(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range l.docs {
		if d.Offer.ID == id {
			po := publicOffer(d, plekwijzer.DateOf(time.Now().AddDate(0, 0, -NewDays)))
			return &po, nil
		}
	}
	return nil, &plekwijzer.Error{Code: plekwijzer.ENotFound, Message: "Deze werkplek bestaat niet of is niet open."}
}

// PublicWorkTypes returns every work type of the catalogue with its open
// offers and free places, those on offer first.
func (s *Server) PublicWorkTypes(ctx context.Context) ([]PublicWorkType, error) {
	pool, err := s.matchPool.get(ctx)
	if err != nil {
		return nil, err
	}
	since := plekwijzer.DateOf(time.Now().AddDate(0, 0, -NewDays))
	first := map[string]plekwijzer.Date{}
	byID := map[string]*PublicWorkType{}
	out := make([]PublicWorkType, 0, len(pool.Catalogue()))
	for _, wt := range pool.Catalogue() {
		out = append(out, PublicWorkType{ID: wt.ID, Code: wt.Code, Name: wt.Name, Description: wt.Description, Environment: wt.Environment, Load: wt.PhysicalLoad})
	}
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	for _, d := range pool.Docs() {
		w := byID[d.Offer.WorkTypeID]
		if w == nil || d.Offer.Status != plekwijzer.OfferOpen {
			continue
		}
		w.Offers++
		w.FreeTotal += d.Free.Total()
		if c := plekwijzer.DateOf(d.Offer.CreatedAt); first[w.ID] == "" || c < first[w.ID] {
			first[w.ID] = c
		}
	}
	for i := range out {
		out[i].New = out[i].Offers > 0 && first[out[i].ID] >= since
	}
	slices.SortFunc(out, func(a, b PublicWorkType) int {
		if c := cmp.Compare(min(b.Offers, 1), min(a.Offers, 1)); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

func (s *Server) publicOffers(c echo.Context) error {
	q := newQuery(c, "werksoort", "dagdeel", "q", "alleenVrij")
	f := PublicFilter{WorkType: q.str("werksoort"), Text: q.str("q"), Page: q.page()}
	for _, d := range c.QueryParams()["dagdeel"] {
		if !plekwijzer.DayPart(d).Valid() {
			q.p.Addf("dagdeel", "onbekend dagdeel %q", d)
			continue
		}
		f.DayParts = append(f.DayParts, plekwijzer.DayPart(d))
	}
	if b := q.boolean("alleenVrij"); b != nil {
		f.FreeOnly = *b
	}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := s.PublicOffers(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return writePublic(c, newList(items, total, f.Page))
}

func (s *Server) publicWorkTypes(c echo.Context) error {
	q := newQuery(c)
	pg := q.page()
	if err := q.err(); err != nil {
		return err
	}
	all, err := s.PublicWorkTypes(c.Request().Context())
	if err != nil {
		return err
	}
	from := min(pg.Offset(), len(all))
	to := min(from+pg.Size, len(all))
	return writePublic(c, sourced[PublicWorkType]{list: newList(all[from:to], len(all), pg), Source: catalogue.Attribution})
}

// writePublic writes a cacheable answer with a strong ETag of its body, and
// 304 when the client has it already.
func writePublic(c echo.Context, v any) error {
	var b strings.Builder
	if err := jsonEncode(&b, v); err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(b.String()))
	tag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(publicMaxAge.Seconds())))
	h.Set("ETag", tag)
	if match := c.Request().Header.Get("If-None-Match"); match != "" && etagMatches(match, tag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, []byte(b.String()))
}

func etagMatches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

// publicCORS lets the configured intranet origins read the public answers;
// any other origin gets no CORS headers, so browsers refuse it. No
// credentials are ever allowed.
func (s *Server) publicCORS(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Add("Vary", "Origin")
		if origin := c.Request().Header.Get("Origin"); origin != "" && slices.Contains(s.cfg.CORSOrigins, origin) {
			h.Set(echo.HeaderAccessControlAllowOrigin, origin)
			h.Set(echo.HeaderAccessControlExposeHeaders, "ETag")
			if c.Request().Method == http.MethodOptions {
				h.Set(echo.HeaderAccessControlAllowMethods, "GET")
				h.Set(echo.HeaderAccessControlAllowHeaders, "If-None-Match")
				h.Set(echo.HeaderAccessControlMaxAge, "600")
			}
		}
		if c.Request().Method == http.MethodOptions {
			return c.NoContent(http.StatusNoContent)
		}
		return next(c)
	}
}

// publicLimiter limits requests per client address: the public endpoints
// need no token, so this is what keeps one client from taking the service.
func (s *Server) publicLimiter() echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(s.cfg.PublicRate), Burst: s.cfg.PublicBurst, ExpiresIn: 3 * time.Minute,
		}),
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", "1")
			return &echo.HTTPError{Code: http.StatusTooManyRequests, Message: "Te veel verzoeken; probeer het zo opnieuw."}
		},
	})
}
