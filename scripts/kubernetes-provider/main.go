// Command pulumi-resource-kubernetes is the Pulumi Kubernetes provider plugin,
// built by scripts/kubernetes-provider.sh from the Go module
// github.com/pulumi/pulumi-kubernetes/provider/v4 at the commit of release
// 4.25.0 (the version @pulumi/kubernetes is pinned to in package.json).
//
// The provider's own command cannot be built from the module: it embeds two
// files that its `go generate` step writes next to it and the module zip does
// not carry. So this program does the same job from the module's exported
// packages: ./schemagen turns the schema and Terraform mapping the module
// ships (cmd/pulumi-resource-kubernetes/schema.json, the output of the
// provider's schema generator for this commit) into the two files embedded
// below, and provider.Serve runs the gRPC plugin the engine talks to.
//
// The embedded files exist only in the build's scratch copy of this directory
// (the build script writes them there); they are never committed, so a plain
// `go build` here fails on the embed patterns by design.
package main

import (
	_ "embed"
	"fmt"
	"os"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

// The package name the engine and the SDK use: plugin pulumi-resource-kubernetes,
// resource tokens kubernetes:<group>/<version>:<Kind>.
const packageName = "kubernetes"

//go:embed schema-embed.json
var schemaJSON []byte

//go:embed terraform-mapping-embed.json
var terraformMappingJSON []byte

func main() {
	// version.Version comes only from the linker (-X); without it the plugin
	// would report an empty version and the engine could not match it to the
	// SDK's request for 4.25.0.
	if version.Version == "" {
		fmt.Fprintln(os.Stderr, "pulumi-resource-kubernetes: built without -X "+
			"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version; use scripts/kubernetes-provider.sh")
		os.Exit(2)
	}
	provider.Serve(packageName, version.Version, schemaJSON, terraformMappingJSON)
}
