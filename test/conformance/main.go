// Conformance of the project's cloud API fakes (test/fakes/cloudscale,
// test/fakes/exoscale) with the clouds' official Go SDKs: cloudscale-go-sdk
// v6.0.0 and egoscale v3.1.27. Each subcommand drives a running fake through
// the SDK for every resource and operation the project's providers use, and
// checks every answer against the SDK type it decodes into. It prints a JSON
// report and exits 1 when anything did not conform.
//
//	conformance cloudscale -url http://127.0.0.1:PORT/v1 -token TOKEN
//	conformance exoscale   -url http://127.0.0.1:PORT/v2 -key KEY -secret SECRET
//	conformance requests   -cloud exoscale|cloudscale -routes ROUTES.json < requests.json
//	conformance routes     -operations .../egoscale/v3@v3.1.27/operations.go > ROUTES.json
//
// Built and cached by scripts/validators/conformance.sh --ensure (which also
// writes egoscale-routes.json next to the binary); run by
// test/integration/conformance/fakes.test.ts. By hand, against a fake started
// with `npx ts-node --transpile-only test/fakes/<cloud>/main.ts`:
//
//	scripts/validators/conformance.sh cloudscale -url <printed URL> -token fake-token-0123456789
//
// The scenarios are this project's own: the intents of its providers
// (test/integration/conformance/project-scenario.ts makes the same ones
// through the providers), not the SDKs' tests.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fatalUsage("conformance cloudscale|exoscale|requests|routes ...")
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "cloudscale":
		cloudscaleMain(args)
	case "exoscale":
		exoscaleMain(args)
	case "requests":
		requestsMain(args)
	case "routes":
		routesMain(args)
	default:
		fatalUsage("conformance cloudscale|exoscale|requests|routes ...")
	}
}

func fatalUsage(msg string) {
	fmt.Fprintln(os.Stderr, "usage:", msg)
	os.Exit(2)
}
