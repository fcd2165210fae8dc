package web

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
)

// fitting is the number of fitting offers per participant id (GET
// /passend), computed from the API's pool for all rows at once. A
// participant who left has no count.
type fitting map[string]int

func (p *page) fitting() (fitting, error) {
	var l struct {
		Items []struct {
			ID      string `json:"deelnemerId"`
			Fitting int    `json:"passend"`
		} `json:"items"`
	}
	if err := p.api.get("/passend", nil, &l); err != nil {
		return nil, err
	}
	out := fitting{}
	for _, it := range l.Items {
		out[it.ID] = it.Fitting
	}
	return out, nil
}

// fitCount is the count of one row; Known is false for a participant
// without one.
type fitCount struct {
	N     int
	Known bool
}

// of is the count of one participant.
func (f fitting) of(id string) fitCount {
	n, ok := f[id]
	return fitCount{n, ok}
}

// fittingOrder is how a list is sorted by its "passend" column: "passend"
// fewest first (who needs attention), "-passend" most first, "" not.
func fittingOrder(q url.Values) string {
	switch s := q.Get("sorteren"); s {
	case "passend", "-passend":
		return s
	}
	return ""
}

// sortByFitting sorts rows by their count in order (fittingOrder), rows
// without a count last, then by code.
func sortByFitting[T any](rows []T, order string, f fitting, id, code func(T) string) {
	if order == "" {
		return
	}
	slices.SortStableFunc(rows, func(a, b T) int {
		na, oka := f[id(a)]
		nb, okb := f[id(b)]
		switch {
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		case na != nb:
			if order == "-passend" {
				return cmp.Compare(nb, na)
			}
			return cmp.Compare(na, nb)
		}
		return strings.Compare(code(a), code(b))
	})
}

// fittingSort is the "passend" column head of a list: the address that
// sorts by it (fewest first, then most first on a second click) and the
// aria-sort of the column.
type fittingSort struct {
	URL, AriaSort string
}

func newFittingSort(path string, q url.Values, order string) fittingSort {
	qq := cloneValues(q)
	qq.Del("pagina")
	s := fittingSort{AriaSort: "none"}
	switch order {
	case "passend":
		qq.Set("sorteren", "-passend")
		s.AriaSort = "ascending"
	case "-passend":
		qq.Set("sorteren", "passend")
		s.AriaSort = "descending"
	default:
		qq.Set("sorteren", "passend")
	}
	s.URL = path + "?" + qq.Encode()
	return s
}
