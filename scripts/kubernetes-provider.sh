#!/usr/bin/env bash
# The Pulumi Kubernetes provider plugin (pulumi-resource-kubernetes), the
# version @pulumi/kubernetes is pinned to in package.json:
#
#   scripts/kubernetes-provider.sh --ensure      build or locate the plugin, make sure the engine
#                                                finds it, print the directory it is in
#   scripts/kubernetes-provider.sh --bin-dir     print the cache bin dir, build nothing
#   scripts/kubernetes-provider.sh --plugin-dir  print where the engine looks for it, build nothing
#
# Why a build: no plugin can be downloaded here (`pulumi plugin install`
# would fetch it from GitHub). The Go module proxy serves
# github.com/pulumi/pulumi-kubernetes/provider/v4 only at the commit of release
# 4.25.0, and that module's own command cannot be built from the module zip
# (it embeds files its `go generate` writes). So scripts/kubernetes-provider/
# is a small program of ours over the module's packages (see its main.go and
# go.mod), compiled into a cache outside the repo, once per machine (about 15
# to 25 minutes on 2 cores the first time; the binary is ~300 MB).
#
# How the engine finds it: the SDK asks for plugin kubernetes 4.25.0, and the
# engine takes it from its plugin cache, ${PULUMI_HOME:-~/.pulumi}/plugins,
# where `pulumi plugin install` would have put it, as
# resource-kubernetes-v4.25.0/pulumi-resource-kubernetes. `--ensure` makes
# that entry a symlink to the build (nothing is downloaded, nothing copied).
# A plugin on $PATH would be found too, but the engine would take it whatever
# its version and warn about it on every run; the plugin cache is matched by
# version and is what `pulumi plugin ls` lists. If the plugin cache already
# holds a complete kubernetes 4.25.0 (a real install), it is used as is and
# nothing is built.
#
# Environment:
#   DUALSTACK_CACHE   cache root (default ${XDG_CACHE_HOME:-~/.cache}/dualstack)
#   PULUMI_HOME       the engine's home (default ~/.pulumi); use the same one when running pulumi
set -euo pipefail

# The release: @pulumi/kubernetes in package.json, and the version the plugin reports.
PROVIDER_VERSION=4.25.0
# The Go module (its only version on the module proxy, pinned in scripts/kubernetes-provider/go.mod).
MODULE=github.com/pulumi/pulumi-kubernetes/provider/v4

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/scripts/kubernetes-provider"
CACHE_ROOT="${DUALSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dualstack}"
DIR="$CACHE_ROOT/pulumi-kubernetes/$PROVIDER_VERSION"
BIN_DIR="$DIR/bin"
STAMP="$DIR/stamp"
PLUGIN_NAME=pulumi-resource-kubernetes
PLUGIN_DIR="${PULUMI_HOME:-$HOME/.pulumi}/plugins/resource-kubernetes-v$PROVIDER_VERSION"

log() { printf 'kubernetes-provider: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source=scripts/lib/cached-go-build.sh
source "$ROOT/scripts/lib/cached-go-build.sh"

# Everything the build depends on; a change rebuilds.
fingerprint() {
  {
    echo "$MODULE $PROVIDER_VERSION"
    cat "$SRC/go.mod" "$SRC/go.sum"
    (cd "$SRC" && find . -name '*.go' -type f | LC_ALL=C sort | xargs cat)
    declare -f compile_provider
  } | sha256sum | cut -d' ' -f1
}

ready() {
  [[ -x "$BIN_DIR/$PLUGIN_NAME" && -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$(fingerprint)" ]]
}

# In a scratch copy of scripts/kubernetes-provider (the plugin embeds files
# that must sit next to its main.go, and the repo stays untouched): schemagen
# writes them from the module's own schema, then the plugin is compiled with
# the version the engine will see in GetPluginInfo. Both steps at the lowest
# CPU priority: the machine is shared with timing-sensitive work.
compile_provider() {
  local go="$1" out="$2" stage="$DIR/src.tmp.$$" moddir status
  rm -rf "$stage" && mkdir -p "$stage" &&
    cp -R "$SRC/." "$stage/" &&
    rm -f "$stage/schema-embed.json" "$stage/terraform-mapping-embed.json" &&
    cd "$stage" &&
    "$go" mod download "$MODULE" &&
    moddir="$("$go" list -m -f '{{.Dir}}' "$MODULE")" && [[ -n "$moddir" ]] &&
    nice -n 19 "$go" run ./schemagen -from "$moddir/cmd/pulumi-resource-kubernetes" \
      -version "$PROVIDER_VERSION" -out "$stage" &&
    nice -n 19 "$go" build -trimpath \
      -ldflags "-s -w -X $MODULE/pkg/version.Version=$PROVIDER_VERSION" \
      -o "$out/$PLUGIN_NAME" .
  status=$?
  cd / && rm -rf "$stage"
  return "$status"
}

build() {
  cached_go_build "$PLUGIN_NAME $PROVIDER_VERSION" "$DIR" "~15-25 min on 2 cores" ready fingerprint compile_provider
}

# The plugin cache entry is ours when its binary is a symlink into our cache.
entry_is_ours() {
  [[ -L "$PLUGIN_DIR/$PLUGIN_NAME" && "$(readlink "$PLUGIN_DIR/$PLUGIN_NAME")" == "$CACHE_ROOT/"* ]]
}

# A complete install the engine would use: the binary, and no .partial marker
# (the engine skips an entry whose install did not finish).
entry_complete() {
  [[ -d "$PLUGIN_DIR" && ! -L "$PLUGIN_DIR" && -x "$PLUGIN_DIR/$PLUGIN_NAME" && ! -e "$PLUGIN_DIR.partial" ]]
}

# Points the engine's plugin cache entry at the build (a real directory: the
# engine ignores a symlinked one; the binary inside may be a symlink).
install_entry() {
  mkdir -p "$PLUGIN_DIR"
  ln -sfn "$BIN_DIR/$PLUGIN_NAME" "$PLUGIN_DIR/$PLUGIN_NAME"
  rm -f "$PLUGIN_DIR.partial"
}

ensure() {
  if entry_complete && ! entry_is_ours; then
    # Installed by `pulumi plugin install` (or by hand): the same release, used as is.
    echo "$PLUGIN_DIR"
    return
  fi
  ready || build
  [[ -L "$PLUGIN_DIR" ]] && die "$PLUGIN_DIR is a symlink, which the engine ignores; remove it"
  install_entry
  echo "$BIN_DIR"
}

case "${1:-}" in
  --bin-dir) echo "$BIN_DIR" ;;
  --plugin-dir) echo "$PLUGIN_DIR" ;;
  --ensure) ensure ;;
  *) die "usage: $0 --ensure | --bin-dir | --plugin-dir" ;;
esac
