#!/usr/bin/env bash
# The cloud fakes' conformance suite (test/conformance, a Go module): the
# official SDKs, cloudscale-go-sdk v6.0.0 and egoscale v3.1.27, driven against
# test/fakes/*, plus the Exoscale API's route table as egoscale has it.
#
#   scripts/validators/conformance.sh --ensure     build or locate it, print its bin dir
#   scripts/validators/conformance.sh --bin-dir    print the cache bin dir, build nothing
#   scripts/validators/conformance.sh [args...]    run it (see test/conformance/main.go)
#
# Built once per machine into a cache outside the repo (like the engine and
# actionlint), rebuilt when test/conformance changes. The bin dir holds
# `conformance` and `egoscale-routes.json`: every operation of egoscale v3's
# operations.go (generated from the Exoscale API's OpenAPI description, which
# the module itself does not ship) with its method and path.
#
# The modules come from the Go module proxy at the exact versions go.mod pins
# (their version lists are not served); go.sum holds their hashes, so the
# cloudscale module, which the checksum database does not have, needs no
# lookup there (GONOSUMDB covers a go.sum without it).
#
# Environment:
#   DUALSTACK_CACHE   cache root (default ${XDG_CACHE_HOME:-~/.cache}/dualstack)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC="$ROOT/test/conformance"
CACHE_ROOT="${DUALSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dualstack}"
DIR="$CACHE_ROOT/conformance"
BIN_DIR="$DIR/bin"
STAMP="$DIR/stamp"

log() { printf 'conformance: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source=scripts/lib/cached-go-build.sh
source "$ROOT/scripts/lib/cached-go-build.sh"

# Everything the build depends on; a change rebuilds.
fingerprint() {
  {
    cat "$SRC/go.mod" "$SRC/go.sum"
    find "$SRC" -name '*.go' -type f | LC_ALL=C sort | xargs cat
    declare -f compile_conformance
  } | sha256sum | cut -d' ' -f1
}

ready() {
  [[ -x "$BIN_DIR/conformance" && -s "$BIN_DIR/egoscale-routes.json" && -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$(fingerprint)" ]]
}

compile_conformance() {
  local go="$1" out="$2"
  export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/cloudscale-ch"
  local egoscale
  cd "$SRC" &&
    "$go" build -trimpath -ldflags "-s -w" -o "$out/conformance" . &&
    egoscale="$("$go" list -m -f '{{.Dir}}' github.com/exoscale/egoscale/v3)" &&
    "$out/conformance" routes -operations "$egoscale/operations.go" >"$out/egoscale-routes.json"
}

build() {
  cached_go_build "the conformance suite" "$DIR" "about a minute on 2 cores" ready fingerprint compile_conformance
}

ensure() { cached_go_ensure ready build; }

cached_go_options ensure "$@"

bin="$(ensure)"
exec "$bin/conformance" "$@"
