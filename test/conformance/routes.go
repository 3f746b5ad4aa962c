package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

// An operation of the Exoscale API as egoscale v3 implements it: its
// operations.go is generated from the API's OpenAPI description (one method
// per operation, with its HTTP method and path), so the table below is that
// description's list of routes.
type apiRoute struct {
	Operation string `json:"operation"`
	Method    string `json:"method"`
	Path      string `json:"path"` // "{}" for a path parameter
	Request   string `json:"request,omitempty"`
}

var (
	funcRe    = regexp.MustCompile(`(?m)^func \(c Client\) (\w+)\(ctx context\.Context([^)]*)\)`)
	pathRe    = regexp.MustCompile(`path := (?:fmt\.Sprintf\()?"([^"]+)"`)
	methodRe  = regexp.MustCompile(`http\.NewRequestWithContext\(ctx, "(\w+)"`)
	reqTypeRe = regexp.MustCompile(`req (\w+)$`)
)

// routesMain writes the route table of egoscale's operations.go (run at build time; see scripts/validators/conformance.sh).
func routesMain(args []string) {
	fs := flag.NewFlagSet("routes", flag.ExitOnError)
	file := fs.String("operations", "", "egoscale v3's operations.go")
	fs.Parse(args)
	src, err := os.ReadFile(*file)
	if err != nil {
		fatalUsage(fmt.Sprintf("routes -operations FILE: %v", err))
	}
	text := string(src)
	locs := funcRe.FindAllStringSubmatchIndex(text, -1)
	var out []apiRoute
	for i, l := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := text[l[1]:end]
		p, m := pathRe.FindStringSubmatch(body), methodRe.FindStringSubmatch(body)
		if p == nil || m == nil {
			continue
		}
		r := apiRoute{Operation: text[l[2]:l[3]], Method: m[1], Path: strings.ReplaceAll(p[1], "%v", "{}")}
		if t := reqTypeRe.FindStringSubmatch(strings.TrimSpace(text[l[4]:l[5]])); t != nil {
			r.Request = t[1]
		}
		out = append(out, r)
	}
	if len(out) < 100 {
		fatalUsage(fmt.Sprintf("routes: only %d operations found in %s; not egoscale v3's operations.go?", len(out), *file))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path+out[i].Method < out[j].Path+out[j].Method })
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

func loadRoutes(file string) []apiRoute {
	raw, err := os.ReadFile(file)
	if err != nil {
		fatalUsage(fmt.Sprintf("-routes: %v", err))
	}
	var rs []apiRoute
	if err := json.Unmarshal(raw, &rs); err != nil {
		fatalUsage(fmt.Sprintf("-routes %s: %v", file, err))
	}
	return rs
}

// findRoute: the API operation serving method + path (path without the /v2 prefix and query).
func findRoute(rs []apiRoute, method, path string) (*apiRoute, []string) {
	var methods []string
	for i := range rs {
		re := "^" + strings.ReplaceAll(regexp.QuoteMeta(rs[i].Path), `\{\}`, `[^/:]+`) + "$"
		if regexp.MustCompile(re).MatchString(path) {
			if rs[i].Method == method {
				return &rs[i], nil
			}
			methods = append(methods, rs[i].Method)
		}
	}
	return nil, methods
}
