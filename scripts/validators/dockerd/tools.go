//go:build tools

// Package tools records the commands ../dockerd.sh builds, so `go mod tidy`
// keeps their dependencies.
package tools

import (
	_ "github.com/docker/docker/cmd/docker-proxy"
	_ "github.com/docker/docker/cmd/dockerd"
)
