#!/usr/bin/env bash
# shellcheck disable=SC2317 # functions called by name, from scripts/lib/cached-go-build.sh
# A real Docker Engine daemon, only to validate daemon.json files offline:
#
#   scripts/validators/dockerd.sh --ensure     build or locate dockerd, print its bin dir
#   scripts/validators/dockerd.sh --bin-dir    print the cache bin dir, build nothing
#   scripts/validators/dockerd.sh --validate --config-file F
#                                              run dockerd with any arguments (docker-proxy on PATH)
#
# Why a build: Debian bookworm's docker.io is Engine 20.10, which has no
# `--validate` and predates `default-network-opts`; no Docker release can be
# downloaded here. The Go module proxy serves github.com/docker/docker
# v28.5.2+incompatible (Engine 28.5.2), so dockerd and docker-proxy are compiled
# from it through the wrapper module in scripts/validators/dockerd/ (its go.mod
# carries the dependency pins of that release's vendor.mod) into a cache outside
# the repo, once per machine (~4 min on 2 cores with a warm module cache).
#
# `dockerd --validate --config-file F` loads and checks F as the daemon would at
# start (unknown keys, JSON types, CIDR syntax, fixed-cidr-v6) and exits; it
# starts nothing and writes nothing. It also requires a docker-proxy binary on
# PATH (userland-proxy is on by default), hence the second command.
#
# Environment:
#   DUALSTACK_CACHE   cache root (default ${XDG_CACHE_HOME:-~/.cache}/dualstack)
set -euo pipefail

ENGINE_VERSION=28.5.2

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC="$ROOT/scripts/validators/dockerd"
CACHE_ROOT="${DUALSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dualstack}"
DIR="$CACHE_ROOT/dockerd/$ENGINE_VERSION"
BIN_DIR="$DIR/bin"
STAMP="$DIR/stamp"

log() { printf 'dockerd-validator: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source=scripts/lib/cached-go-build.sh
source "$ROOT/scripts/lib/cached-go-build.sh"

# Everything the build depends on; a change rebuilds.
fingerprint() {
  { echo "$ENGINE_VERSION"; cat "$SRC/go.mod" "$SRC/go.sum" "$SRC/tools.go"; } | sha256sum | cut -d' ' -f1
}

ready() {
  [[ -x "$BIN_DIR/dockerd" && -x "$BIN_DIR/docker-proxy" && -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$(fingerprint)" ]]
}

# dockerd, and the docker-proxy `--validate` wants on PATH.
compile_dockerd() {
  local go="$1" out="$2"
  local ldflags="-s -w -X github.com/docker/docker/dockerversion.Version=$ENGINE_VERSION"
  cd "$SRC" &&
    "$go" build -trimpath -ldflags "$ldflags" -o "$out/dockerd" github.com/docker/docker/cmd/dockerd &&
    "$go" build -trimpath -ldflags "-s -w" -o "$out/docker-proxy" github.com/docker/docker/cmd/docker-proxy
}

build() {
  cached_go_build "dockerd $ENGINE_VERSION" "$DIR" "a few minutes" ready fingerprint compile_dockerd
}

ensure() { cached_go_ensure ready build; }

cached_go_options ensure "$@"
bin="$(ensure)"
PATH="$bin:$PATH" exec "$bin/dockerd" "$@"
