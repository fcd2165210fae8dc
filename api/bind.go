package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// bindJSON decodes the request body into dst, a pointer to a struct of
// pointer fields, and reports every problem at once: fields the struct does
// not have, and values of the wrong type. The standard decoder stops at the
// first error, so each field is decoded on its own.
func bindJSON(c echo.Context, dst any) error {
	req := c.Request()
	// No Content-Type is refused like a wrong one: guessing JSON would
	// accept what a client may have meant as something else.
	mt, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return &echo.HTTPError{Code: http.StatusUnsupportedMediaType, Message: "Stuur de gegevens als application/json (met de kop Content-Type)."}
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return err
	}
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&raw); err != nil || raw == nil {
		return invalid("body", "is geen geldig JSON-object")
	}
	if len(bytes.TrimSpace(body[dec.InputOffset():])) > 0 {
		return invalid("body", "bevat meer dan één JSON-waarde")
	}
	v := reflect.ValueOf(dst).Elem()
	fields := jsonFields(v.Type())
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	p := scanText(body)
	for _, k := range keys {
		if named(p, k) {
			continue // its text is refused already; decoding it says no more
		}
		i, ok := fields[k]
		if !ok {
			p.Add(k, "onbekend veld")
			continue
		}
		if string(bytes.TrimSpace(raw[k])) == "null" {
			continue // null leaves a field unset, like leaving it out
		}
		decodeField(&p, k, raw[k], v.Field(i))
	}
	if len(p) == 0 {
		normaliseNewlines(v)
	}
	return p.Err()
}

// named reports whether p names field k or something inside it.
func named(p plekwijzer.Problems, k string) bool {
	return slices.ContainsFunc(p, func(f plekwijzer.FieldError) bool { return within(f.Name, k) })
}

// within reports whether the field name is field k or inside it
// ("bereikbaarheid.ov", "vaardigheden[1]" are within their lists).
func within(name, k string) bool {
	return name == k || strings.HasPrefix(name, k+".") || strings.HasPrefix(name, k+"[")
}

// decodeField decodes one field. A list is decoded element by element, so a
// problem inside one is named with its index ("vaardigheden[1].niveau"),
// which the standard decoder's error does not tell.
func decodeField(p *plekwijzer.Problems, name string, raw json.RawMessage, field reflect.Value) {
	t := field.Type()
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Slice {
		var elems []json.RawMessage
		if json.Unmarshal(raw, &elems) == nil {
			list := reflect.MakeSlice(t.Elem(), len(elems), len(elems))
			ok := true
			for j, e := range elems {
				if !decodeValue(p, fmt.Sprintf("%s[%d]", name, j), e, list.Index(j).Addr().Interface()) {
					ok = false
				}
			}
			if ok {
				ptr := reflect.New(t.Elem())
				ptr.Elem().Set(list)
				field.Set(ptr)
			}
			return
		}
	}
	decodeValue(p, name, raw, field.Addr().Interface())
}

// decodeValue decodes raw into dst strictly, recording a problem under name.
func decodeValue(p *plekwijzer.Problems, name string, raw json.RawMessage, dst any) bool {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(dst); err != nil {
		n, reason := describeDecodeError(name, err)
		p.Add(n, reason)
		return false
	}
	return true
}

// jsonFields maps the JSON names of t's fields to their index.
func jsonFields(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			m[name] = i
		}
	}
	return m
}

// describeDecodeError turns a decoding error of field k into a field name
// and a Dutch reason.
func describeDecodeError(k string, err error) (string, string) {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		name := k
		if te.Field != "" {
			name = k + "." + te.Field
		}
		return name, "verwacht " + dutchType(te.Type) + ", kreeg " + te.Value
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, `json: unknown field "`); ok {
		return k + "." + strings.TrimSuffix(f, `"`), "onbekend veld"
	}
	return k, "is geen geldige waarde"
}

func dutchType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "tekst"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "een geheel getal"
	case reflect.Float64, reflect.Float32:
		return "een getal"
	case reflect.Bool:
		return "true of false"
	case reflect.Slice, reflect.Array:
		return "een lijst"
	default:
		return "een object"
	}
}

// query reads query parameters, refusing unknown ones, and collects every
// problem before the handler runs.
type query struct {
	c       echo.Context
	p       plekwijzer.Problems
	allowed []string
}

// newQuery starts reading the query of c; names lists the parameters the
// endpoint knows besides pagina and paginaGrootte.
func newQuery(c echo.Context, names ...string) *query {
	q := &query{c: c, allowed: append(names, "pagina", "paginaGrootte")}
	// A query that does not parse would be read as no parameters at all.
	if raw := c.QueryString(); !utf8.ValidString(raw) {
		q.p.Add("queryparameters", "bevatten tekens die geen geldige UTF-8 zijn")
	} else if _, err := url.ParseQuery(raw); err != nil {
		q.p.Add("queryparameters", "zijn niet goed gecodeerd (een % zonder twee hexadecimale cijfers, of een ; als scheidingsteken)")
	}
	for k := range c.QueryParams() {
		if !slices.Contains(q.allowed, k) {
			q.p.Addf(k, "onbekende parameter; deze lijst kent %s", strings.Join(q.allowed, ", "))
		}
	}
	return q
}

// str returns a text parameter.
func (q *query) str(name string) string {
	v := q.c.QueryParam(name)
	if len(v) > 200 {
		q.p.Add(name, "is te lang")
		return ""
	}
	if reason := textProblem(v); reason != "" {
		q.p.Add(name, reason)
		return ""
	}
	return v
}

// id returns a parameter that must be a UUID when given.
func (q *query) id(name string) string {
	v := q.c.QueryParam(name)
	if v != "" && !plekwijzer.ValidID(v) {
		q.p.Add(name, "is geen geldige id")
		return ""
	}
	return v
}

// boolean returns a true/false parameter, nil when absent.
func (q *query) boolean(name string) *bool {
	v := q.c.QueryParam(name)
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		q.p.Add(name, "moet true of false zijn")
		return nil
	}
	return &b
}

// instant returns a moment: RFC 3339 (2026-11-01T09:00:00Z) or a date
// (2026-11-01, midnight in Amsterdam); nil when absent.
func (q *query) instant(name string) *time.Time {
	v := q.c.QueryParam(name)
	if v == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			q.p.Add(name, "is geen moment als 2026-11-01T09:00:00Z of datum als 2026-11-01")
			return nil
		}
		t = plekwijzer.Date(v).Time() // midnight in Amsterdam
	}
	if !plekwijzer.InDateRange(t) {
		q.p.Add(name, plekwijzer.DateRangeReason)
		return nil
	}
	return &t
}

// enum returns a parameter that must be one of allowed when given.
func enum[T ~string](q *query, name string, allowed []T) T {
	v := T(q.c.QueryParam(name))
	if v != "" && !slices.Contains(allowed, v) {
		s := make([]string, len(allowed))
		for i, a := range allowed {
			s[i] = string(a)
		}
		q.p.Addf(name, "onbekende waarde %q; kies uit %s", v, strings.Join(s, ", "))
		return ""
	}
	return v
}

// page returns the requested page: pagina from 1, paginaGrootte 1 to 100.
func (q *query) page() plekwijzer.Page {
	pg := plekwijzer.Page{Number: 1, Size: plekwijzer.DefaultPageSize}
	if v := q.c.QueryParam("pagina"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			q.p.Add("pagina", "moet een geheel getal vanaf 1 zijn")
		} else {
			pg.Number = n
		}
	}
	if v := q.c.QueryParam("paginaGrootte"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > plekwijzer.MaxPageSize {
			q.p.Addf("paginaGrootte", "moet 1 tot en met %d zijn", plekwijzer.MaxPageSize)
		} else {
			pg.Size = n
		}
	}
	return pg
}

// err returns every problem found, or nil.
func (q *query) err() error { return q.p.Err() }

// pathID returns the path parameter name, which must be a UUID.
func pathID(c echo.Context, name string) (string, error) {
	v := c.Param(name)
	if !plekwijzer.ValidID(v) {
		return "", invalid(name, "is geen geldige id")
	}
	return v, nil
}

// ifMatch returns the version an If-Match header asks for, 0 when absent.
// ETags are the version number in quotes; weak tags are accepted too.
func ifMatch(c echo.Context) (int, error) {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0, nil
	}
	h = strings.TrimPrefix(h, "W/")
	n, err := strconv.Atoi(strings.Trim(h, `"`))
	if err != nil || n < 1 || !strings.HasPrefix(h, `"`) {
		return 0, invalid("If-Match", `moet een ETag zijn zoals "3"`)
	}
	return n, nil
}

// etag is the entity tag of a version.
func etag(version int) string { return fmt.Sprintf(`"%d"`, version) }

// list is the shape of every paginated list.
type list[T any] struct {
	Items    []T `json:"items"`
	Total    int `json:"totaal"`
	Page     int `json:"pagina"`
	PageSize int `json:"paginaGrootte"`
}

func newList[T any](items []T, total int, pg plekwijzer.Page) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total, Page: pg.Number, PageSize: pg.Size}
}

// jsonEncode writes v as JSON without escaping <, > and & (the API is not
// HTML; the web pages escape on their own).
func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeJSON sends v with status code.
func writeJSON(c echo.Context, code int, v any) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	c.Response().WriteHeader(code)
	return jsonEncode(c.Response(), v)
}

// writeEntity sends one entity with its ETag.
func writeEntity(c echo.Context, code, version int, v any) error {
	c.Response().Header().Set("ETag", etag(version))
	return writeJSON(c, code, v)
}

// created sends a new entity with 201, its Location and its ETag.
func created(c echo.Context, location string, version int, v any) error {
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1"+location)
	return writeEntity(c, http.StatusCreated, version, v)
}

// bindNew decodes the input of a new entity. A body with type errors or
// unknown fields is not answered at once: the handler goes on to validate
// what it could read and passes both to alsoInvalid, so the client learns
// every problem in one answer. Other errors (not JSON at all, too large)
// come back as fatal.
func bindNew(c echo.Context, dst any) (problems, fatal error) {
	err := bindJSON(c, dst)
	var e *plekwijzer.Error
	if err == nil {
		return nil, nil
	}
	if errors.As(err, &e) && e.Code == plekwijzer.EInvalid && !(len(e.Fields) == 1 && e.Fields[0].Name == "body") {
		return err, nil
	}
	return nil, err
}

// alsoInvalid adds the problems of validation to those of binding, skipping
// fields that binding named already.
func alsoInvalid(binding, validation error) error {
	if binding == nil {
		return validation
	}
	b := binding.(*plekwijzer.Error)
	var v *plekwijzer.Error
	if errors.As(validation, &v) && v.Code == plekwijzer.EInvalid {
		for _, f := range v.Fields {
			if !slices.ContainsFunc(b.Fields, func(g plekwijzer.FieldError) bool { return within(f.Name, g.Name) }) {
				b.Fields = append(b.Fields, f)
			}
		}
	}
	return b
}
