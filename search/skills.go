package search

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
)

// Fields of a skill document. Text fields come in pairs, as in the offer
// index: stemmed, and folded only (exactSuffix).
const (
	skillFieldName  = "naam"
	skillFieldAlt   = "alternatieven" // ESCO's alternative labels of the skill
	skillFieldGroup = "groep"
	// skillFieldWork holds the names of the work that asks for the skill:
	// the work types' names and their ESCO occupations with all their
	// labels. A coach types the work ("fiets", "kok") more often than
	// ESCO's phrasing of a skill ("monteren van mechanische producten").
	skillFieldWork     = "werk"
	skillFieldGroupKey = "groepsleutel" // the group, lower case, for the filter
)

// Limits of a skill search.
const (
	maxSkillQueryLen = 200
	// minInfixLen is the shortest word looked for inside longer words,
	// as Dutch writes compounds as one word ("hulpkok", "fietsenmaker").
	minInfixLen = 3
	// minPartLen is the shortest leading or trailing part of a compound
	// that no skill has ("klantvriendelijk") which is searched on its own.
	minPartLen = 4
)

// skillFields are the fields a word is looked for in, by weight: the
// skill's own name says most, the work that asks for it least.
var skillFields = []boosted{
	{skillFieldName, 4}, {skillFieldAlt, 3}, {skillFieldGroup, 1.5}, {skillFieldWork, 1},
}

// SkillIndex is a full-text search over the skill catalogue, with the
// same Dutch analysis as the offer index: stemming, folded diacritics,
// typos, words being typed, and parts of compounds. The catalogue is
// small (a few hundred skills) and changes only with a new release, so
// the index is built in memory from the store when it opens, in a few
// milliseconds, instead of being kept on disk and in step with an
// outbox.
type SkillIndex struct {
	idx     bleve.Index
	stemmed analysis.Analyzer
	folded  analysis.Analyzer
	skills  map[string]*plekwijzer.Skill // by id
}

var _ plekwijzer.SkillSearcher = (*SkillIndex)(nil)

// skillDoc is what the index holds of one skill.
type skillDoc struct {
	Name     string   `json:"naam"`
	Alt      []string `json:"alternatieven"`
	Group    string   `json:"groep"`
	Work     []string `json:"werk"`
	GroupKey string   `json:"groepsleutel"`
}

// OpenSkills builds the skill index from every skill in st, with the
// ESCO labels and the work of the built-in catalogue.
func OpenSkills(ctx context.Context, st plekwijzer.SkillStore) (*SkillIndex, error) {
	m, err := buildSkillMapping()
	if err != nil {
		return nil, fmt.Errorf("search: skill mapping: %w", err)
	}
	cat, err := catalogue.Load()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	work := workOfSkills(cat)
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		return nil, fmt.Errorf("search: skill index: %w", err)
	}
	si := &SkillIndex{idx: idx, stemmed: m.AnalyzerNamed(analyzerStemmed), folded: m.AnalyzerNamed(analyzerFolded),
		skills: map[string]*plekwijzer.Skill{}}
	b := idx.NewBatch()
	for pg := 1; ; pg++ {
		items, total, err := st.FindSkills(ctx, plekwijzer.SkillFilter{Page: plekwijzer.Page{Number: pg, Size: plekwijzer.MaxPageSize}})
		if err != nil {
			idx.Close()
			return nil, fmt.Errorf("search: read skills: %w", err)
		}
		for _, s := range items {
			si.skills[s.ID] = s
			d := skillDoc{Name: s.Name, Group: s.Group, GroupKey: strings.ToLower(s.Group), Work: work[s.ESCOURI]}
			if cs, ok := cat.Skill(s.ESCOURI); ok {
				d.Alt = cs.AltLabels
			}
			if err := b.Index(s.ID, d); err != nil {
				idx.Close()
				return nil, fmt.Errorf("search: index skill: %w", err)
			}
		}
		if len(items) == 0 || len(si.skills) >= total {
			break
		}
	}
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return nil, fmt.Errorf("search: index skills: %w", err)
	}
	return si, nil
}

// workOfSkills returns, by skill URI, the names of the work types that
// ask for the skill and of their occupations, with every ESCO label.
func workOfSkills(cat *catalogue.Catalogue) map[string][]string {
	out := map[string][]string{}
	for _, w := range cat.WorkTypes {
		names := []string{w.Name}
		for _, o := range w.Occupations {
			names = append(names, o.Name)
			names = append(names, o.AltLabels...)
		}
		for _, u := range w.SkillURIs {
			for _, n := range names {
				if !slices.Contains(out[u], n) {
					out[u] = append(out[u], n)
				}
			}
		}
	}
	return out
}

func buildSkillMapping() (*mapping.IndexMappingImpl, error) {
	im, err := buildMapping() // for its analyzers
	if err != nil {
		return nil, err
	}
	doc := mapping.NewDocumentStaticMapping()
	for _, f := range skillFields {
		stemmed := mapping.NewTextFieldMapping()
		stemmed.Analyzer = analyzerStemmed
		stemmed.Store, stemmed.IncludeInAll, stemmed.DocValues = false, false, false
		exact := mapping.NewTextFieldMapping()
		exact.Name = f.field + exactSuffix
		exact.Analyzer = analyzerFolded
		exact.Store, exact.IncludeInAll, exact.DocValues = false, false, false
		doc.AddFieldMappingsAt(f.field, stemmed, exact)
	}
	key := mapping.NewKeywordFieldMapping()
	key.Analyzer = keyword.Name
	key.Store, key.IncludeInAll, key.DocValues = false, false, false
	doc.AddFieldMappingsAt(skillFieldGroupKey, key)
	im.DefaultMapping = doc
	if err := im.Validate(); err != nil {
		return nil, err
	}
	return im, nil
}

// Close releases the index.
func (si *SkillIndex) Close() error { return si.idx.Close() }

// SearchSkills implements plekwijzer.SkillSearcher. Every word must match
// the skill, as typed, stemmed, with a typo, as the start of a word or as
// a part of a compound; when no skill has them all, skills with any of
// them are found, those with more of them first. Ties are by name.
func (si *SkillIndex) SearchSkills(ctx context.Context, f plekwijzer.SkillFilter) ([]*plekwijzer.Skill, int, error) {
	if utf8.RuneCountInString(f.Query) > maxSkillQueryLen {
		var p plekwijzer.Problems
		p.Addf("q", "Hoogstens %d tekens.", maxSkillQueryLen)
		return nil, 0, p.Err()
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	ws := words(si.folded, f.Query)
	if len(ws) > MaxSearchWords {
		ws = ws[:MaxSearchWords]
	}
	var per []query.Query
	for i, w := range ws {
		q, err := si.wordQuery(ctx, w, i == len(ws)-1)
		if err != nil {
			return nil, 0, err
		}
		if q != nil {
			per = append(per, q)
		}
	}
	var filter query.Query
	if f.Group != "" {
		t := bleve.NewTermQuery(strings.ToLower(f.Group))
		t.SetField(skillFieldGroupKey)
		filter = t
	}
	if len(per) == 0 {
		if len(ws) > 0 {
			return []*plekwijzer.Skill{}, 0, nil // only stop words
		}
		return si.run(ctx, withFilter(bleve.NewMatchAllQuery(), filter), f.Page)
	}
	items, total, err := si.run(ctx, withFilter(bleve.NewConjunctionQuery(per...), filter), f.Page)
	if err != nil || total > 0 || len(per) == 1 {
		return items, total, err
	}
	return si.run(ctx, withFilter(bleve.NewDisjunctionQuery(per...), filter), f.Page)
}

func withFilter(q, filter query.Query) query.Query {
	if filter == nil {
		return q
	}
	return bleve.NewConjunctionQuery(q, filter)
}

// run returns one page of the skills q finds, best first.
func (si *SkillIndex) run(ctx context.Context, q query.Query, pg plekwijzer.Page) ([]*plekwijzer.Skill, int, error) {
	// The whole catalogue is a few hundred skills: every hit is sorted
	// here, by score and then by name, so equal scores keep one order.
	req := bleve.NewSearchRequestOptions(q, len(si.skills), 0, false)
	res, err := si.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, fmt.Errorf("search: skills: %w", err)
	}
	hits := make([]*plekwijzer.Skill, 0, len(res.Hits))
	score := map[string]float64{}
	for _, h := range res.Hits {
		if s, ok := si.skills[h.ID]; ok {
			hits = append(hits, s)
			score[h.ID] = h.Score
		}
	}
	slices.SortStableFunc(hits, func(a, b *plekwijzer.Skill) int {
		if sa, sb := score[a.ID], score[b.ID]; sa != sb {
			if sa > sb {
				return -1
			}
			return 1
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	if pg.Number < 1 {
		pg.Number = 1
	}
	if pg.Size < 1 {
		pg.Size = plekwijzer.DefaultPageSize
	}
	from := min(pg.Offset(), len(hits))
	to := min(from+pg.Size, len(hits))
	out := make([]*plekwijzer.Skill, 0, to-from)
	for _, s := range hits[from:to] {
		c := *s
		out = append(out, &c)
	}
	return out, len(hits), nil
}

// wordQuery is the query for one folded word: its stems, its typos, what
// it begins when it is the last word (still being typed) and, as Dutch
// writes compounds as one word, the words it is part of. A word that
// matches nothing that way, such as the compound "klantvriendelijk", is
// looked for by its longest leading and trailing parts that do. Nil for
// a stop word.
func (si *SkillIndex) wordQuery(ctx context.Context, w string, last bool) (query.Query, error) {
	var stems []string
	for _, t := range si.stemmed.Analyze([]byte(w)) {
		if s := string(t.Term); !slices.Contains(stems, s) {
			stems = append(stems, s)
		}
	}
	if len(stems) == 0 && !last {
		return nil, nil
	}
	d := si.clauses(w, stems, last)
	if len(d) == 0 {
		return nil, nil
	}
	q := bleve.NewDisjunctionQuery(d...)
	if c, err := si.count(ctx, q); err != nil || c > 0 {
		return q, err
	}
	// Longest parts first: the heads "klantvriendelij", …, "klant", then
	// the tails "lantvriendelijk", …, "lijk".
	r := []rune(w)
	var heads, tails []string
	for i := len(r) - 1; i >= minPartLen; i-- {
		heads = append(heads, string(r[:i]))
		tails = append(tails, string(r[len(r)-i:]))
	}
	for _, parts := range [][]string{heads, tails} {
		pq, err := si.firstPart(ctx, parts)
		if err != nil {
			return nil, err
		}
		if pq != nil {
			d = append(d, pq)
		}
	}
	return bleve.NewDisjunctionQuery(d...), nil
}

// everydayWords are words people type for a skill that ESCO names in
// other words: each counts as the words it maps to, in the skill's own
// names. ESCO writes activities formally ("bereiden van voedsel",
// "zorgen voor klantgerichtheid"); a coach writes "koken", "klantvriendelijk".
// Folded, lower case.
var everydayWords = map[string]string{
	"koken":                "voedsel",
	"kok":                  "voedsel",
	"eten":                 "voedsel",
	"klantvriendelijk":     "klantgerichtheid klanten",
	"klantvriendelijkheid": "klantgerichtheid klanten",
	"klantcontact":         "klantgerichtheid klanten",
	"poetsen":              "schoonmaken",
	"sjouwen":              "tillen",
	"pc":                   "computer",
	"laptop":               "computer",
}

// clauses are the ways a word w with the given stems matches.
func (si *SkillIndex) clauses(w string, stems []string, last bool) []query.Query {
	var d []query.Query
	n := utf8.RuneCountInString(w)
	for _, t := range si.stemmed.Analyze([]byte(everydayWords[w])) {
		for _, f := range skillFields[:2] { // the name and ESCO's other names
			tq := bleve.NewTermQuery(string(t.Term))
			tq.SetField(f.field)
			tq.SetBoost(f.boost)
			d = append(d, tq)
		}
	}
	for _, f := range skillFields {
		exact := f.field + exactSuffix
		for _, s := range stems {
			t := bleve.NewTermQuery(s)
			t.SetField(f.field)
			t.SetBoost(f.boost)
			d = append(d, t)
		}
		if n >= minFuzzyLen && n <= maxFuzzyLen && len(stems) > 0 {
			fq := bleve.NewFuzzyQuery(w)
			fq.SetField(exact)
			fq.SetFuzziness(1)
			if n >= minFuzzy2Len {
				fq.SetFuzziness(2)
			}
			fq.SetBoost(f.boost * fuzzyBoost)
			d = append(d, fq)
		}
		if last && n >= minPrefixLen {
			pq := bleve.NewPrefixQuery(w)
			pq.SetField(exact)
			pq.SetBoost(f.boost * prefixBoost)
			d = append(d, pq)
		}
		if n >= minInfixLen && len(stems) > 0 {
			// The stem too: "koken" is in "hulpkok" as "kok".
			for _, part := range append([]string{w}, stems...) {
				if utf8.RuneCountInString(part) < minInfixLen {
					continue
				}
				rq := bleve.NewRegexpQuery(".+" + regexp.QuoteMeta(part) + ".*")
				rq.SetField(exact)
				rq.SetBoost(f.boost * infixBoost)
				d = append(d, rq)
			}
		}
	}
	return d
}

// infixBoost weighs a word found inside a longer word, partBoost a part
// of a compound found on its own: both say less than the word itself.
const (
	infixBoost = 0.3
	partBoost  = 0.2
)

// firstPart returns the query of the first of parts that some skill
// has, nil when none has any.
func (si *SkillIndex) firstPart(ctx context.Context, parts []string) (query.Query, error) {
	for _, part := range parts {
		pq := si.partQuery(part)
		c, err := si.count(ctx, pq)
		if err != nil || c > 0 {
			return pq, err
		}
	}
	return nil, nil
}

// partQuery finds a part of a compound anywhere in a word of the names.
func (si *SkillIndex) partQuery(part string) query.Query {
	var d []query.Query
	for _, f := range skillFields {
		rq := bleve.NewRegexpQuery(".*" + regexp.QuoteMeta(part) + ".*")
		rq.SetField(f.field + exactSuffix)
		rq.SetBoost(f.boost * partBoost)
		d = append(d, rq)
	}
	return bleve.NewDisjunctionQuery(d...)
}

// count is the number of skills q finds.
func (si *SkillIndex) count(ctx context.Context, q query.Query) (uint64, error) {
	res, err := si.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		return 0, fmt.Errorf("search: skills: %w", err)
	}
	return res.Total, nil
}
