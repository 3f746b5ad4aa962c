#!/usr/bin/env bash
# shellcheck disable=SC2317 # functions called by name, from scripts/lib/cached-go-build.sh
# actionlint, the linter for GitHub Actions workflow files:
#
#   scripts/validators/actionlint.sh --ensure     build or locate actionlint, print its bin dir
#   scripts/validators/actionlint.sh --bin-dir    print the cache bin dir, build nothing
#   scripts/validators/actionlint.sh [args...]    run actionlint (no args: every file
#                                                 in .github/workflows/ of the current repo)
#
# Why a build: no actionlint release can be downloaded here and Debian bookworm
# has no package of it; the Go module proxy serves github.com/rhysd/actionlint.
# `go install MODULE@VERSION` builds exactly the versions that module's own
# go.mod/go.sum pin (no wrapper module to keep in step), into a cache outside
# the repo, once per machine (well under a minute on 2 cores).
#
# actionlint checks workflow syntax, `runs-on` labels, `${{ }}` expressions and
# their types, job/step outputs, action inputs of popular actions, and
# more. It runs shellcheck over `run:` scripts only when a `shellcheck` binary
# is on PATH (bootstrap.sh installs Debian's); without one it silently skips
# those checks. Likewise pyflakes for Python scripts (we have none).
#
# Environment:
#   DUALSTACK_CACHE   cache root (default ${XDG_CACHE_HOME:-~/.cache}/dualstack)
set -euo pipefail

ACTIONLINT_VERSION=v1.7.12
PACKAGE=github.com/rhysd/actionlint/cmd/actionlint

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_ROOT="${DUALSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dualstack}"
DIR="$CACHE_ROOT/actionlint/${ACTIONLINT_VERSION#v}"
BIN_DIR="$DIR/bin"
STAMP="$DIR/stamp"

log() { printf 'actionlint-validator: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source=scripts/lib/cached-go-build.sh
source "$ROOT/scripts/lib/cached-go-build.sh"

# Everything the build depends on; a change rebuilds.
fingerprint() {
  { echo "$PACKAGE@$ACTIONLINT_VERSION"; declare -f compile_actionlint; } | sha256sum | cut -d' ' -f1
}

ready() {
  [[ -x "$BIN_DIR/actionlint" && -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$(fingerprint)" ]]
}

# `go install MODULE@VERSION` builds outside any main module, with that
# module's own go.mod/go.sum (checked against the checksum database) as the
# pins. The -X sets what `actionlint -version` prints.
compile_actionlint() {
  local go="$1" out="$2"
  GOBIN="$out" "$go" install -trimpath -ldflags "-s -w -X github.com/rhysd/actionlint.version=$ACTIONLINT_VERSION" \
    "$PACKAGE@$ACTIONLINT_VERSION"
}

build() {
  cached_go_build "actionlint $ACTIONLINT_VERSION" "$DIR" "well under a minute" ready fingerprint compile_actionlint
}

ensure() { cached_go_ensure ready build; }

cached_go_options ensure "$@"
bin="$(ensure)"
exec "$bin/actionlint" "$@"
