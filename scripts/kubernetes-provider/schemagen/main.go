// Command schemagen writes the two files the plugin (../main.go) embeds,
// from what the provider module ships:
//
//	go run ./schemagen -from <dir> -version 4.25.0 -out <dir>
//
// -from is the module's cmd/pulumi-resource-kubernetes directory (the build
// script finds it with `go list -m`). There, schema.json is the Pulumi package
// schema the provider's generator (cmd/pulumi-gen-kubernetes) produced for this
// commit, and terraform-mapping.json its Terraform mapping. The generator's own
// input, the Kubernetes OpenAPI spec (swagger.json of Kubernetes 1.33 merged
// with eight older releases' specs for removed API versions), is downloaded
// from GitHub when it runs and is not in the module, so the schema cannot be
// regenerated here; the shipped one is exactly what release 4.25.0 embeds, less
// the version the release stamps into it, which this program adds.
//
// Output: <out>/schema-embed.json (the schema with "version" set, decoded and
// re-encoded through the engine's own schema types, so a schema that does not
// parse fails the build) and <out>/terraform-mapping-embed.json (compacted).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// Resources the project declares through @pulumi/kubernetes; a schema without
// them is not the one the SDK was generated from.
var requiredResources = []string{
	"kubernetes:core/v1:Namespace",
	"kubernetes:core/v1:Service",
	"kubernetes:core/v1:ConfigMap",
	"kubernetes:apps/v1:Deployment",
	"kubernetes:apps/v1:DaemonSet",
}

func main() {
	from := flag.String("from", "", "the provider module's cmd/pulumi-resource-kubernetes directory")
	version := flag.String("version", "", "the plugin version to stamp into the schema (no leading v)")
	out := flag.String("out", "", "directory to write schema-embed.json and terraform-mapping-embed.json to")
	flag.Parse()
	if *from == "" || *version == "" || *out == "" {
		fail("usage: schemagen -from DIR -version X.Y.Z -out DIR")
	}
	if strings.HasPrefix(*version, "v") {
		fail("-version %q: give it without the leading v, as the engine reports plugin versions", *version)
	}

	spec := readSchema(filepath.Join(*from, "schema.json"))
	spec.Version = *version
	schemaOut, err := json.Marshal(spec)
	check(err, "encoding the schema")
	write(filepath.Join(*out, "schema-embed.json"), schemaOut)

	mappingIn := read(filepath.Join(*from, "terraform-mapping.json"))
	var mappingOut bytes.Buffer
	check(json.Compact(&mappingOut, mappingIn), "terraform-mapping.json is not JSON")
	write(filepath.Join(*out, "terraform-mapping-embed.json"), mappingOut.Bytes())

	fmt.Printf("schemagen: %s %s: %d resources, %d types, %d functions\n",
		spec.Name, spec.Version, len(spec.Resources), len(spec.Types), len(spec.Functions))
}

func readSchema(path string) schema.PackageSpec {
	var spec schema.PackageSpec
	dec := json.NewDecoder(bytes.NewReader(read(path)))
	dec.DisallowUnknownFields() // a field the engine's types do not know would be dropped silently
	check(dec.Decode(&spec), "decoding "+path)
	if spec.Name != "kubernetes" {
		fail("%s: package name %q, want kubernetes", path, spec.Name)
	}
	if spec.Version != "" {
		fail("%s: already carries version %q; expected the unversioned generator output", path, spec.Version)
	}
	for _, tok := range requiredResources {
		if _, ok := spec.Resources[tok]; !ok {
			fail("%s: no resource %s", path, tok)
		}
	}
	return spec
}

func read(path string) []byte {
	b, err := os.ReadFile(path)
	check(err, "reading the module's files")
	return b
}

func write(path string, b []byte) {
	check(os.WriteFile(path, b, 0o644), "writing "+path)
}

func check(err error, what string) {
	if err != nil {
		fail("%s: %v", what, err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "schemagen: "+format+"\n", args...)
	os.Exit(1)
}
