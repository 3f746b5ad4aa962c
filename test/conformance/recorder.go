package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"strings"
)

// A route the scenario exercises and the SDK type its answer decodes into.
type route struct {
	method  string
	pattern *regexp.Regexp // over the path after the API prefix
	name    string         // e.g. "GET /servers/{id}"
	resp    reflect.Type   // nil: no body expected (204) or not checked
}

func routeOf(method, tmpl string, resp any) route {
	// {x} is one path segment part (not "/", not ":"); {ip} a whole segment.
	re := regexp.QuoteMeta(tmpl)
	re = strings.ReplaceAll(re, `\{ip\}`, `[^/]+`) // an address, IPv6 ones with ":"
	re = regexp.MustCompile(`\\\{[a-z-]+\\\}`).ReplaceAllString(re, `[^/:]+`)
	var t reflect.Type
	if resp != nil {
		t = reflect.TypeOf(resp)
	}
	return route{method: method, pattern: regexp.MustCompile("^" + re + "$"), name: method + " " + tmpl, resp: t}
}

// recorder is the SDK's HTTP transport: it adds what the SDK leaves to the
// caller (cloudscale's bearer token), and checks every answer against the
// SDK type of its route before handing it back to the SDK.
type recorder struct {
	next   http.RoundTripper
	prefix string // "/v1" or "/v2"
	routes []route
	rules  shapeRules
	auth   string
	seen   map[string]int
	// validate, when set, checks each decoded answer's constraints (egoscale: the OpenAPI ones as validate tags).
	validate func(any) error
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if r.auth != "" {
		req.Header.Set("Authorization", r.auth)
	}
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	path := strings.TrimPrefix(req.URL.Path, r.prefix)
	rt := r.match(req.Method, path)
	if rt == nil {
		problem("%s %s: a request of a route the conformance suite does not know (add it to the route table)", req.Method, path)
		return resp, nil
	}
	if r.seen == nil {
		r.seen = map[string]int{}
	}
	r.seen[rt.name]++
	if resp.StatusCode >= 300 {
		return resp, nil // errors are the scenario's business (some are expected)
	}
	report.Checked = append(report.Checked, rt.name)
	if rt.resp == nil {
		return resp, nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		problem("%s: %d with an empty body; the SDK expects %s", rt.name, resp.StatusCode, rt.resp)
		return resp, nil
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		problem("%s: Content-Type %q, not application/json", rt.name, ct)
	}
	var problems []string
	for _, p := range conform(body, rt.resp, typeName(rt.resp), r.rules) {
		if !r.rules.forbidUnknown && strings.Contains(p, notInSDK) {
			note("%s: %s", rt.name, p)
			continue
		}
		problems = append(problems, p)
		problem("%s: %s", rt.name, p)
	}
	if r.validate != nil && len(problems) == 0 && rt.resp.Kind() == reflect.Struct {
		v := reflect.New(rt.resp)
		if err := json.Unmarshal(body, v.Interface()); err == nil {
			if err := r.validate(v.Interface()); err != nil {
				problem("%s: %v", rt.name, err)
			}
		}
	}
	return resp, nil
}

func (r *recorder) match(method, path string) *route {
	for i := range r.routes {
		if r.routes[i].method == method && r.routes[i].pattern.MatchString(path) {
			return &r.routes[i]
		}
	}
	return nil
}

// unexercised: routes of the table the scenario never called (the table is what the project uses).
func (r *recorder) unexercised() []string {
	var out []string
	for _, rt := range r.routes {
		if r.seen[rt.name] == 0 {
			out = append(out, rt.name)
		}
	}
	return out
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice:
		return "[]" + typeName(t.Elem())
	case reflect.Pointer:
		return typeName(t.Elem())
	}
	return t.Name()
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
