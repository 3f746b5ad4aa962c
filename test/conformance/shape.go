package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Options for comparing a JSON document with the Go type an SDK decodes it into.
type shapeRules struct {
	// Fields without omitempty must be present (cloudscale: the SDK's response
	// types mark what the API always sends that way). Exoscale's generated
	// types mark optional fields omitempty and required ones validate:"required".
	requireNonOmitempty bool
	// JSON keys the Go type has no field for are problems (the fake invents
	// them, or names them differently); otherwise notes. Exoscale: its types
	// are the API's schemas. cloudscale: the SDK's types need not have every
	// field the API sends (its docs show more, e.g. a server's name in stubs).
	forbidUnknown bool
	// Paths (as reported, e.g. "Server.interfaces[].network") allowed to be missing or null.
	optional map[string]bool
}

var timeType = reflect.TypeOf(time.Time{})

// How conform words a key the SDK's type has no field for.
const notInSDK = "not in the SDK's"

// conform reports how raw differs from what type t expects, with paths like
// "Server.flavor.slug". Decoding errors (a string where the SDK wants a
// number, an object where it wants a list) are reported at their path.
func conform(raw json.RawMessage, t reflect.Type, path string, rules shapeRules) []string {
	trimmed := bytes.TrimSpace(raw)
	if bytes.Equal(trimmed, []byte("null")) {
		// The SDK models what may be null as a pointer (or a list or map); a
		// struct value it expects always.
		if t.Kind() == reflect.Struct && t != timeType && !rules.isOptional(path) {
			return []string{fmt.Sprintf("%s: null where the SDK expects an object", path)}
		}
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType || reflect.PointerTo(t).Implements(reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()) {
		if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
			return []string{fmt.Sprintf("%s: %v", path, err)}
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return []string{fmt.Sprintf("%s: %s where the SDK expects an object", path, kindOf(trimmed))}
		}
		var out []string
		known := map[string]bool{}
		for _, f := range jsonFields(t) {
			known[f.name] = true
			p := path + "." + f.name
			v, ok := obj[f.name]
			if !ok {
				if rules.requireNonOmitempty && !f.omitempty && !rules.isOptional(p) {
					out = append(out, fmt.Sprintf("%s: missing (the SDK's type has no omitempty here)", p))
				}
				continue
			}
			out = append(out, conform(v, f.typ, p, rules)...)
		}
		for k := range obj {
			if !known[k] {
				out = append(out, fmt.Sprintf("%s.%s: %s %s", path, k, notInSDK, t.Name()))
			}
		}
		return out
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 { // []byte, net.IP: decoded as a whole
			if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
				return []string{fmt.Sprintf("%s: %v", path, err)}
			}
			return nil
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return []string{fmt.Sprintf("%s: %s where the SDK expects a list", path, kindOf(trimmed))}
		}
		var out []string
		for _, it := range items {
			out = append(out, conform(it, t.Elem(), path+"[]", rules)...)
		}
		return out
	case reflect.Map:
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return []string{fmt.Sprintf("%s: %s where the SDK expects an object", path, kindOf(trimmed))}
		}
		var out []string
		for k, v := range m {
			out = append(out, conform(v, t.Elem(), path+"{"+k+"}", rules)...)
		}
		return out
	default:
		if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
			return []string{fmt.Sprintf("%s: %s where the SDK expects %s", path, kindOf(trimmed), t.Kind())}
		}
		return nil
	}
}

type jsonField struct {
	name      string
	omitempty bool
	typ       reflect.Type
}

// jsonFields lists the JSON fields of a struct as encoding/json sees them (embedded structs flattened).
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				out = append(out, jsonFields(ft)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name: name, omitempty: strings.Contains(","+opts+",", ",omitempty,"), typ: f.Type})
	}
	return out
}

func kindOf(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

// strictDecode decodes like the SDK would, but refuses keys the type has no field for.
func strictDecode(raw []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

// listItem names a path inside a list answer as inside one item: "[]FloatingIP[].server" -> "FloatingIP.server".
func listItem(path string) string {
	if !strings.HasPrefix(path, "[]") {
		return path
	}
	return strings.Replace(strings.TrimPrefix(path, "[]"), "[]", "", 1)
}

func (r shapeRules) isOptional(path string) bool {
	return r.optional[path] || r.optional[listItem(path)]
}
