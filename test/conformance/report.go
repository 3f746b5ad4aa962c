package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Report is what a run prints on stdout (JSON): the steps it went through,
// every exchange it checked, and the problems found. Any problem fails the run.
type Report struct {
	Cloud    string   `json:"cloud"`
	Steps    []string `json:"steps"`
	Checked  []string `json:"checked"`
	Problems []string `json:"problems"`
	// What is worth knowing but fails nothing (cloudscale: fields the SDK's types do not have).
	Notes []string `json:"notes"`
}

var report = Report{Steps: []string{}, Checked: []string{}, Problems: []string{}, Notes: []string{}}

func step(format string, args ...any) {
	report.Steps = append(report.Steps, fmt.Sprintf(format, args...))
}

func note(format string, args ...any) {
	report.Notes = append(report.Notes, fmt.Sprintf(format, args...))
}

func problem(format string, args ...any) {
	report.Problems = append(report.Problems, fmt.Sprintf(format, args...))
}

// must stops the scenario at an error the SDK returned: what follows depends on it.
type abort struct{ err error }

func must[T any](v T, err error) T {
	if err != nil {
		panic(abort{err})
	}
	return v
}

func check(err error) {
	if err != nil {
		panic(abort{err})
	}
}

// expect records a problem unless cond holds.
func expect(cond bool, format string, args ...any) {
	if !cond {
		problem(format, args...)
	}
}

// run runs a scenario; an SDK error ends it as a problem. Exit 1 when there are problems.
func run(cloud string, scenario func()) {
	report.Cloud = cloud
	func() {
		defer func() {
			if r := recover(); r != nil {
				if a, ok := r.(abort); ok {
					problem("the SDK failed (scenario stopped): %v", a.err)
					return
				}
				panic(r)
			}
		}()
		scenario()
	}()
	finish()
}

func finish() {
	sort.Strings(report.Checked)
	report.Checked = dedupe(report.Checked)
	sort.Strings(report.Notes)
	report.Notes = dedupe(report.Notes)
	out, _ := json.MarshalIndent(report, "", "  ")
	fmt.Println(string(out))
	if len(report.Problems) > 0 {
		fmt.Fprintf(os.Stderr, "%s: %d problem(s):\n  %s\n", report.Cloud, len(report.Problems), strings.Join(report.Problems, "\n  "))
		os.Exit(1)
	}
}

func dedupe(xs []string) []string {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
