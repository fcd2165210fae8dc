package api_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/iederz/plekwijzer/api"
)

// The NL API Design Rules (Logius), as the checks of their official
// Spectral ruleset (Logius-standaarden/API-Design-Rules, linter/) state
// them, written here in Go and run on the document the API serves; plus
// the checks of Redocly's and Spectral's recommended sets that the issue
// named, so a regression fails `go test` and not only the linters in
// .ci/run. Each rule is also run on a document broken on purpose, so a
// check that cannot fail is caught too.

// oasDoc is the OpenAPI document as plain JSON-like values.
type oasDoc map[string]any

// violation is one broken rule at one place.
type violation struct{ rule, where, msg string }

func (v violation) String() string { return v.rule + " at " + v.where + ": " + v.msg }

// adrRules are the rules, by the names of the Logius ruleset where they
// come from there.
var adrRules = []struct {
	name  string
	check func(d oasDoc) []violation
}{
	{"nlgov:openapi3", checkOpenAPIVersion},
	{"oas3-api-servers", checkServers},
	{"nlgov:include-major-version-in-uri", checkServerVersion},
	{"nlgov:servers-use-https", checkServerScheme},
	{"nlgov:paths-no-trailing-slash", checkTrailingSlash},
	{"nlgov:paths-kebab-case", checkKebabPaths},
	{"nlgov:http-methods", checkHTTPMethods},
	{"nlgov:missing-header", checkSuccessHeaders},
	{"nlgov:missing-version-header", checkVersionHeader},
	{"info-contact", checkContact},
	{"nlgov:info-contact-fields-exist", checkContactFields},
	{"nlgov:semver", checkSemver},
	{"nlgov:query-keys-camel-case", checkQueryKeys},
	{"nlgov:use-problem-schema", checkProblemMediaType},
	{"nlgov:problem-schema-members", checkProblemMembers},
	{"nlgov:problem-invalid-input", checkInvalidInput},
	{"nlgov:date-time-ensure-timezone", checkNoLocalDateTime},
	{"nlgov:time-without-timezone", checkNoZonedTime},
	{"nlgov:specify-format-for-date-and-time", checkDateFormatSet},
	{"nlgov:use-date-instead-of-datetime", checkDateNotDateTime},
	{"paths-open-api-json", checkOpenAPIResource},
	// Redocly (no-invalid-schema-examples, nullable-type-sibling) and
	// spectral:oas (operation-description, operation-tag-defined), and
	// ids as the API promises them (uuid).
	{"nullable-type-sibling", checkNullableType},
	{"operation-description", checkOperationDescription},
	{"operation-tag-defined", checkTagsDefined},
	{"path-id-uuid", checkIDParams},
}

// TestOpenAPIFollowsTheDesignRules: the served document breaks none of
// the rules.
func TestOpenAPIFollowsTheDesignRules(t *testing.T) {
	d := loadOASDoc(t)
	for _, r := range adrRules {
		t.Run(r.name, func(t *testing.T) {
			for _, v := range r.check(d) {
				t.Error(v)
			}
		})
	}
}

// TestOpenAPIRulesCatchBreakage: each rule reports a document broken in
// the way it is about.
func TestOpenAPIRulesCatchBreakage(t *testing.T) {
	breakages := map[string]func(d oasDoc){
		"nlgov:openapi3":                     func(d oasDoc) { d["openapi"] = "2.0" },
		"oas3-api-servers":                   func(d oasDoc) { d["servers"] = []any{} },
		"nlgov:include-major-version-in-uri": func(d oasDoc) { d["servers"] = []any{map[string]any{"url": "/api"}} },
		"nlgov:servers-use-https":            func(d oasDoc) { d["servers"] = []any{map[string]any{"url": "http://example.nl/api/v1"}} },
		"nlgov:paths-no-trailing-slash":      func(d oasDoc) { movePath(d, "/organisaties", "/organisaties/") },
		"nlgov:paths-kebab-case":             func(d oasDoc) { movePath(d, "/organisaties", "/organisatieLijst") },
		"nlgov:http-methods":                 func(d oasDoc) { pathItem(d, "/organisaties")["trace"] = map[string]any{} },
		"nlgov:missing-header": func(d oasDoc) {
			delete(oasResponse(d, "/organisaties", "get", "200"), "headers")
		},
		"nlgov:missing-version-header": func(d oasDoc) {
			oasResponse(d, "/organisaties", "get", "200")["headers"] = map[string]any{"ETag": map[string]any{}}
		},
		"info-contact":                    func(d oasDoc) { delete(d["info"].(map[string]any), "contact") },
		"nlgov:info-contact-fields-exist": func(d oasDoc) { delete(d["info"].(map[string]any)["contact"].(map[string]any), "email") },
		"nlgov:semver":                    func(d oasDoc) { d["info"].(map[string]any)["version"] = "1.0" },
		"nlgov:query-keys-camel-case": func(d oasDoc) {
			oasOp(d, "/organisaties", "get")["parameters"] = []any{map[string]any{"name": "pagina_grootte", "in": "query", "schema": map[string]any{"type": "integer"}}}
		},
		"nlgov:use-problem-schema": func(d oasDoc) {
			oasOp(d, "/organisaties", "get")["responses"].(map[string]any)["404"] = map[string]any{"description": "x",
				"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}
		},
		"nlgov:problem-schema-members": func(d oasDoc) {
			oasOp(d, "/organisaties", "get")["responses"].(map[string]any)["404"] = map[string]any{"description": "x",
				"content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{
					"type": "object", "required": []any{"title"}, "properties": map[string]any{"title": map[string]any{"type": "string"}}}}}}
		},
		"nlgov:problem-invalid-input": func(d oasDoc) { delete(oasOp(d, "/organisaties", "post")["responses"].(map[string]any), "400") },
		"nlgov:date-time-ensure-timezone": func(d oasDoc) {
			schemaProps(d, "Organisatie")["aangemaakt"] = map[string]any{"type": "string", "format": "date-time-local"}
		},
		"nlgov:time-without-timezone": func(d oasDoc) {
			schemaProps(d, "Organisatie")["openingstijd"] = map[string]any{"type": "string", "format": "time"}
		},
		"nlgov:specify-format-for-date-and-time": func(d oasDoc) {
			schemaProps(d, "Organisatie")["oprichtingsDatum"] = map[string]any{"type": "string"}
		},
		"nlgov:use-date-instead-of-datetime": func(d oasDoc) {
			schemaProps(d, "Organisatie")["datum"] = map[string]any{"type": "string", "format": "date-time"}
		},
		"paths-open-api-json": func(d oasDoc) {
			delete(oasResponse(d, "/openapi.json", "get", "200")["headers"].(map[string]any), "Access-Control-Allow-Origin")
		},
		"nullable-type-sibling": func(d oasDoc) {
			schemaProps(d, "Organisatie")["extra"] = map[string]any{"nullable": true, "allOf": []any{map[string]any{"$ref": "#/components/schemas/Organisatie"}}}
		},
		"operation-description": func(d oasDoc) { delete(oasOp(d, "/organisaties", "get"), "description") },
		"operation-tag-defined": func(d oasDoc) { oasOp(d, "/organisaties", "get")["tags"] = []any{"Onbekend"} },
		"path-id-uuid": func(d oasDoc) {
			d["components"].(map[string]any)["parameters"].(map[string]any)["Id"].(map[string]any)["schema"] = map[string]any{"type": "string"}
		},
	}
	for _, r := range adrRules {
		t.Run(r.name, func(t *testing.T) {
			brk, ok := breakages[r.name]
			if !ok {
				t.Fatal("no broken document for this rule")
			}
			d := loadOASDoc(t)
			brk(d)
			if vs := r.check(d); len(vs) == 0 {
				t.Error("the broken document passes")
			}
		})
	}
}

var (
	servedOnce sync.Once
	served     []byte
	servedErr  error
)

// loadOASDoc is a fresh copy of the served document, to check or break.
func loadOASDoc(t *testing.T) oasDoc {
	t.Helper()
	// The document as served: JSON from the YAML.
	servedOnce.Do(func() { served, servedErr = api.OpenAPIJSON() })
	b, err := served, servedErr
	if err != nil {
		t.Fatal(err)
	}
	var d oasDoc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	// The served form must say what the written one says (what the
	// linters in .ci/run read).
	var written any
	if err := yaml.Unmarshal(api.OpenAPISpec, &written); err != nil {
		t.Fatal(err)
	}
	if _, ok := d["info"].(map[string]any)["contact"]; !ok && written.(map[string]any)["info"].(map[string]any)["contact"] != nil {
		t.Fatal("the served document lost info.contact")
	}
	return d
}

// Navigation and $ref resolution in the plain document.

func (d oasDoc) deref(v any) map[string]any {
	m, _ := v.(map[string]any)
	for i := 0; m != nil && i < 10; i++ {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var cur any = map[string]any(d)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
			cm, _ := cur.(map[string]any)
			cur = cm[part]
		}
		m, _ = cur.(map[string]any)
	}
	return m
}

func pathItem(d oasDoc, path string) map[string]any {
	return d["paths"].(map[string]any)[path].(map[string]any)
}

func oasOp(d oasDoc, path, method string) map[string]any {
	return pathItem(d, path)[method].(map[string]any)
}

func oasResponse(d oasDoc, path, method, code string) map[string]any {
	return d.deref(oasOp(d, path, method)["responses"].(map[string]any)[code])
}

func schemaProps(d oasDoc, name string) map[string]any {
	return d["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)["properties"].(map[string]any)
}

func movePath(d oasDoc, from, to string) {
	ps := d["paths"].(map[string]any)
	ps[to] = ps[from]
	delete(ps, from)
}

var methods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

// operations calls fn for each operation, in a stable order, with its
// parameters (the path item's and its own, resolved).
func (d oasDoc) operations(fn func(where, method string, o map[string]any, params []map[string]any)) {
	paths, _ := d["paths"].(map[string]any)
	for _, path := range sortedKeys(paths) {
		item, _ := paths[path].(map[string]any)
		for _, m := range methods {
			o, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			var params []map[string]any
			for _, list := range []any{item["parameters"], o["parameters"]} {
				ps, _ := list.([]any)
				for _, p := range ps {
					if pm := d.deref(p); pm != nil {
						params = append(params, pm)
					}
				}
			}
			fn(m+" "+path, m, o, params)
		}
	}
}

// responses calls fn for every response of every operation.
func (d oasDoc) responses(fn func(where, code string, r map[string]any)) {
	d.operations(func(where, _ string, o map[string]any, _ []map[string]any) {
		rs, _ := o["responses"].(map[string]any)
		for _, code := range sortedKeys(rs) {
			fn(where+" "+code, code, d.deref(rs[code]))
		}
	})
}

// schemas calls fn for every schema object reachable in the document,
// with the name of the property it describes ("" if none).
func (d oasDoc) schemas(fn func(where, property string, s map[string]any)) {
	var walk func(where, prop string, v any, inSchema bool)
	walk = func(where, prop string, v any, inSchema bool) {
		switch x := v.(type) {
		case map[string]any:
			if inSchema {
				fn(where, prop, x)
			}
			for _, k := range sortedKeys(x) {
				child := x[k]
				switch {
				case inSchema && k == "properties":
					ps, _ := child.(map[string]any)
					for _, name := range sortedKeys(ps) {
						walk(where+".properties."+name, name, ps[name], true)
					}
				case inSchema && (k == "items" || k == "additionalProperties" || k == "not"):
					walk(where+"."+k, "", child, true)
				case inSchema && (k == "allOf" || k == "anyOf" || k == "oneOf"):
					list, _ := child.([]any)
					for i, s := range list {
						// A branch describes the same property.
						walk(fmt.Sprintf("%s.%s[%d]", where, k, i), prop, s, true)
					}
				case !inSchema && k == "schema":
					walk(where+".schema", "", child, true)
				case !inSchema && k == "schemas" && where == "components":
					ss, _ := child.(map[string]any)
					for _, name := range sortedKeys(ss) {
						walk("components.schemas."+name, "", ss[name], true)
					}
				case !inSchema:
					walk(where+"."+k, "", child, false)
				}
			}
		case []any:
			if !inSchema {
				for i, e := range x {
					walk(fmt.Sprintf("%s[%d]", where, i), "", e, false)
				}
			}
		}
	}
	for _, k := range sortedKeys(d) {
		walk(k, "", d[k], false)
	}
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func str(v any) string { s, _ := v.(string); return s }

// The checks.

func checkOpenAPIVersion(d oasDoc) []violation {
	if v := str(d["openapi"]); !regexp.MustCompile(`^3(\.\d+){1,2}$`).MatchString(v) {
		return []violation{{"nlgov:openapi3", "openapi", fmt.Sprintf("%q is not an OpenAPI 3 version", v)}}
	}
	return nil
}

func servers(d oasDoc) []map[string]any {
	list, _ := d["servers"].([]any)
	var out []map[string]any
	for _, s := range list {
		if m, ok := s.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func checkServers(d oasDoc) []violation {
	ss := servers(d)
	if len(ss) == 0 {
		return []violation{{"oas3-api-servers", "servers", "no server"}}
	}
	var out []violation
	for i, s := range ss {
		if str(s["url"]) == "" {
			out = append(out, violation{"oas3-api-servers", fmt.Sprintf("servers[%d]", i), "no url"})
		}
	}
	return out
}

func checkServerVersion(d oasDoc) []violation {
	var out []violation
	for i, s := range servers(d) {
		if !regexp.MustCompile(`/v\d`).MatchString(str(s["url"])) {
			out = append(out, violation{"nlgov:include-major-version-in-uri", fmt.Sprintf("servers[%d]", i), str(s["url"]) + " has no /v<major>"})
		}
	}
	return out
}

func checkServerScheme(d oasDoc) []violation {
	var out []violation
	for i, s := range servers(d) {
		if strings.HasPrefix(str(s["url"]), "http://") {
			out = append(out, violation{"nlgov:servers-use-https", fmt.Sprintf("servers[%d]", i), str(s["url"]) + " is plain http"})
		}
	}
	return out
}

func checkTrailingSlash(d oasDoc) []violation {
	var out []violation
	for _, p := range sortedKeys(d["paths"].(map[string]any)) {
		if len(p) > 1 && strings.HasSuffix(p, "/") {
			out = append(out, violation{"nlgov:paths-no-trailing-slash", p, "ends in a slash"})
		}
	}
	return out
}

// kebabSegment is a path segment in kebab-case or a {parameter}; dots
// are allowed after the first segment (a file name such as openapi.json).
var (
	kebabFirst = regexp.MustCompile(`^([a-z0-9-]+|\{[^}]+\})$`)
	kebabRest  = regexp.MustCompile(`^([a-z0-9.-]+|\{[^}]+\})$`)
)

func checkKebabPaths(d oasDoc) []violation {
	var out []violation
	for _, p := range sortedKeys(d["paths"].(map[string]any)) {
		if p == "/" || p == "/openapi.json" || p == "/openapi.yaml" {
			continue
		}
		for i, seg := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/"), "/") {
			re := kebabRest
			if i == 0 {
				re = kebabFirst
			}
			if !re.MatchString(seg) {
				out = append(out, violation{"nlgov:paths-kebab-case", p, fmt.Sprintf("segment %q is not kebab-case", seg)})
			}
		}
	}
	return out
}

func checkHTTPMethods(d oasDoc) []violation {
	allowed := []string{"get", "put", "post", "delete", "patch", "parameters", "summary", "description", "servers"}
	var out []violation
	paths := d["paths"].(map[string]any)
	for _, p := range sortedKeys(paths) {
		item, _ := paths[p].(map[string]any)
		for _, k := range sortedKeys(item) {
			if !slices.Contains(allowed, k) && !strings.HasPrefix(k, "x-") {
				out = append(out, violation{"nlgov:http-methods", p, k + " is not a standard method"})
			}
		}
	}
	return out
}

func successful(code string) bool { return len(code) == 3 && (code[0] == '2' || code[0] == '3') }

func checkSuccessHeaders(d oasDoc) []violation {
	var out []violation
	d.responses(func(where, code string, r map[string]any) {
		if h, _ := r["headers"].(map[string]any); successful(code) && len(h) == 0 {
			out = append(out, violation{"nlgov:missing-header", where, "a successful answer without headers"})
		}
	})
	return out
}

func checkVersionHeader(d oasDoc) []violation {
	var out []violation
	d.responses(func(where, code string, r map[string]any) {
		h, _ := r["headers"].(map[string]any)
		if !successful(code) || len(h) == 0 {
			return // missing-header reports it
		}
		found := false
		for name := range h {
			found = found || strings.EqualFold(name, "API-Version")
		}
		if !found {
			out = append(out, violation{"nlgov:missing-version-header", where, "no API-Version header"})
		}
	})
	return out
}

func contact(d oasDoc) map[string]any {
	info, _ := d["info"].(map[string]any)
	c, _ := info["contact"].(map[string]any)
	return c
}

func checkContact(d oasDoc) []violation {
	if contact(d) == nil {
		return []violation{{"info-contact", "info", "no contact"}}
	}
	return nil
}

func checkContactFields(d oasDoc) []violation {
	c := contact(d)
	if c == nil {
		return nil // info-contact reports it
	}
	var out []violation
	for _, f := range []string{"email", "name", "url"} {
		if str(c[f]) == "" {
			out = append(out, violation{"nlgov:info-contact-fields-exist", "info.contact", "no " + f})
		}
	}
	return out
}

func checkSemver(d oasDoc) []violation {
	info, _ := d["info"].(map[string]any)
	semver := regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
	if v := str(info["version"]); !semver.MatchString(v) {
		return []violation{{"nlgov:semver", "info.version", fmt.Sprintf("%q is not major.minor.patch", v)}}
	}
	return nil
}

func checkQueryKeys(d oasDoc) []violation {
	camel := regexp.MustCompile(`^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$`)
	var out []violation
	d.operations(func(where, _ string, _ map[string]any, params []map[string]any) {
		for _, p := range params {
			if str(p["in"]) == "query" && !camel.MatchString(str(p["name"])) {
				out = append(out, violation{"nlgov:query-keys-camel-case", where, str(p["name"]) + " is not lower camelCase"})
			}
		}
	})
	comps, _ := d["components"].(map[string]any)
	schemes, _ := comps["securitySchemes"].(map[string]any)
	for _, name := range sortedKeys(schemes) {
		s := d.deref(schemes[name])
		if str(s["in"]) == "query" && !camel.MatchString(str(s["name"])) {
			out = append(out, violation{"nlgov:query-keys-camel-case", "securitySchemes." + name, str(s["name"]) + " is not lower camelCase"})
		}
	}
	return out
}

func failed(code string) bool { return len(code) == 3 && (code[0] == '4' || code[0] == '5') }

func checkProblemMediaType(d oasDoc) []violation {
	var out []violation
	d.responses(func(where, code string, r map[string]any) {
		content, ok := r["content"].(map[string]any)
		if !failed(code) || !ok {
			return
		}
		if content["application/problem+json"] == nil && content["application/problem+xml"] == nil {
			out = append(out, violation{"nlgov:use-problem-schema", where, "an error answer that is not application/problem+json"})
		}
	})
	return out
}

// required is what a schema requires, with what its allOf branches do.
func (d oasDoc) required(s map[string]any) []string {
	var out []string
	for _, r := range toList(s["required"]) {
		out = append(out, str(r))
	}
	for _, b := range toList(s["allOf"]) {
		out = append(out, d.required(d.deref(b))...)
	}
	return out
}

func toList(v any) []any { l, _ := v.([]any); return l }

func checkProblemMembers(d oasDoc) []violation {
	var out []violation
	d.responses(func(where, code string, r map[string]any) {
		content, _ := r["content"].(map[string]any)
		for _, mt := range []string{"application/problem+json", "application/problem+xml"} {
			m, ok := content[mt].(map[string]any)
			if !failed(code) || !ok {
				continue
			}
			req := d.required(d.deref(m["schema"]))
			for _, f := range []string{"status", "title", "detail"} {
				if !slices.Contains(req, f) {
					out = append(out, violation{"nlgov:problem-schema-members", where, "the problem does not require " + f})
				}
			}
		}
	})
	return out
}

func checkInvalidInput(d oasDoc) []violation {
	var out []violation
	d.operations(func(where, method string, o map[string]any, _ []map[string]any) {
		own := toList(o["parameters"])
		needs := method == "put" || method == "post" || method == "patch" || ((method == "get" || method == "delete") && len(own) > 0)
		if rs, _ := o["responses"].(map[string]any); needs && rs["400"] == nil {
			out = append(out, violation{"nlgov:problem-invalid-input", where, "cannot answer 400"})
		}
	})
	return out
}

func checkNoLocalDateTime(d oasDoc) []violation {
	var out []violation
	d.schemas(func(where, _ string, s map[string]any) {
		if str(s["format"]) == "date-time-local" {
			out = append(out, violation{"nlgov:date-time-ensure-timezone", where, "date-time-local has no time zone"})
		}
	})
	return out
}

func checkNoZonedTime(d oasDoc) []violation {
	var out []violation
	d.schemas(func(where, _ string, s map[string]any) {
		if str(s["format"]) == "time" {
			out = append(out, violation{"nlgov:time-without-timezone", where, "use time-local for a time of day"})
		}
	})
	return out
}

// dateName is a property that names a date: date, datum, or a camelCase
// or snake_case name ending in it (geboorteDatum, expiration_date).
var dateName = regexp.MustCompile(`^(date|datum)$|(\wD|_[dD])(ate|atum)`)

// formats lists the formats a schema sets, itself or through allOf.
func (d oasDoc) formats(s map[string]any) []string {
	var out []string
	if f := str(s["format"]); f != "" {
		out = append(out, f)
	}
	for _, b := range toList(s["allOf"]) {
		out = append(out, d.formats(d.deref(b))...)
	}
	return out
}

func checkDateFormatSet(d oasDoc) []violation {
	var out []violation
	d.schemas(func(where, prop string, s map[string]any) {
		if prop != "" && dateName.MatchString(prop) && !strings.Contains(where, "Of[") && len(d.formats(s)) == 0 {
			out = append(out, violation{"nlgov:specify-format-for-date-and-time", where, "a date without format"})
		}
	})
	return out
}

func checkDateNotDateTime(d oasDoc) []violation {
	var out []violation
	d.schemas(func(where, prop string, s map[string]any) {
		if prop != "" && dateName.MatchString(prop) && str(s["format"]) == "date-time" {
			out = append(out, violation{"nlgov:use-date-instead-of-datetime", where, "a date with format date-time"})
		}
	})
	return out
}

// checkOpenAPIResource: /openapi.json exists, has GET only, and its
// answer allows every origin (the earlier rules of the ruleset,
// paths-open-api-json-*).
func checkOpenAPIResource(d oasDoc) []violation {
	item, ok := d["paths"].(map[string]any)["/openapi.json"].(map[string]any)
	if !ok {
		return []violation{{"paths-open-api-json", "paths", "no /openapi.json"}}
	}
	var out []violation
	for _, m := range methods {
		if _, has := item[m]; has && m != "get" {
			out = append(out, violation{"paths-open-api-json", "/openapi.json", m + " besides get"})
		}
	}
	g, _ := item["get"].(map[string]any)
	rs, _ := g["responses"].(map[string]any)
	for _, code := range sortedKeys(rs) {
		h, _ := d.deref(rs[code])["headers"].(map[string]any)
		if !successful(code) {
			continue
		}
		found := false
		for name := range h {
			found = found || strings.EqualFold(name, "Access-Control-Allow-Origin")
		}
		if !found {
			out = append(out, violation{"paths-open-api-json", "get /openapi.json " + code, "no Access-Control-Allow-Origin"})
		}
	}
	if len(rs) == 0 {
		out = append(out, violation{"paths-open-api-json", "/openapi.json", "no GET"})
	}
	return out
}

func checkNullableType(d oasDoc) []violation {
	var out []violation
	d.schemas(func(where, _ string, s map[string]any) {
		if s["nullable"] == true && s["type"] == nil {
			out = append(out, violation{"nullable-type-sibling", where, "nullable without type"})
		}
	})
	return out
}

func checkOperationDescription(d oasDoc) []violation {
	var out []violation
	d.operations(func(where, _ string, o map[string]any, _ []map[string]any) {
		if strings.TrimSpace(str(o["description"])) == "" || strings.TrimSpace(str(o["summary"])) == "" {
			out = append(out, violation{"operation-description", where, "no summary or description"})
		}
	})
	return out
}

func checkTagsDefined(d oasDoc) []violation {
	defined := map[string]bool{}
	for _, t := range toList(d["tags"]) {
		tm, _ := t.(map[string]any)
		defined[str(tm["name"])] = true
	}
	var out []violation
	d.operations(func(where, _ string, o map[string]any, _ []map[string]any) {
		if len(toList(o["tags"])) == 0 {
			out = append(out, violation{"operation-tag-defined", where, "no tag"})
		}
		for _, t := range toList(o["tags"]) {
			if !defined[str(t)] {
				out = append(out, violation{"operation-tag-defined", where, "tag " + str(t) + " is not defined"})
			}
		}
	})
	return out
}

// checkIDParams: a path parameter that is an id ({id}, {tokenId}) is a
// uuid in the document, as it is in the API.
func checkIDParams(d oasDoc) []violation {
	var out []violation
	d.operations(func(where, _ string, _ map[string]any, params []map[string]any) {
		for _, p := range params {
			name := str(p["name"])
			if str(p["in"]) != "path" || (name != "id" && !strings.HasSuffix(name, "Id")) {
				continue
			}
			s := d.deref(p["schema"])
			if str(s["type"]) != "string" || str(s["format"]) != "uuid" {
				out = append(out, violation{"path-id-uuid", where, "{" + name + "} is not a string of format uuid"})
			}
		}
	})
	return out
}
