#!/usr/bin/env bash
# shellcheck disable=SC2317 # functions called by name, from scripts/lib/cached-go-build.sh
# Runs the Pulumi CLI for this repo, building it first if needed.
#
#   scripts/pulumi-engine.sh <pulumi args...>   run pulumi (e.g. `preview -s local`)
#   scripts/pulumi-engine.sh --ensure           build or locate the engine, print its bin dir
#   scripts/pulumi-engine.sh --bin-dir          print the cache bin dir, build nothing
#
# Why a build: no Pulumi release can be downloaded on our machines; only the
# Go module proxy, npm and Debian are reachable. So the CLI is compiled from
# its Go module (pinned in scripts/engine/go.mod) into a cache outside the
# repo, once per machine. Pulumi's own Node.js language host is not served by
# the module proxy, so scripts/engine/nodehost provides a minimal one that
# runs the project's own @pulumi/pulumi (see the comment at its top).
#
# Environment:
#   DUALSTACK_CACHE   cache root (default ${XDG_CACHE_HOME:-~/.cache}/dualstack)
#   PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE[_FILE]: respected when set.
set -euo pipefail

# The npm SDK the stacks use (package.json @pulumi/pulumi). A `pulumi` of
# exactly this version already on PATH (a real install, with its own language
# host) is used as is.
SDK_VERSION=v3.248.0
# The CLI we build: the same version, pinned in scripts/engine/go.mod.
CLI_VERSION=$SDK_VERSION

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENGINE_SRC="$ROOT/scripts/engine"
CACHE_ROOT="${DUALSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dualstack}"
ENGINE_DIR="$CACHE_ROOT/pulumi/${CLI_VERSION#v}"
BIN_DIR="$ENGINE_DIR/bin"
STAMP="$ENGINE_DIR/stamp"

log() { printf 'pulumi-engine: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source=scripts/lib/cached-go-build.sh
source "$ROOT/scripts/lib/cached-go-build.sh"

# Fingerprint of everything the build depends on; a change rebuilds.
fingerprint() {
  {
    echo "$CLI_VERSION"
    cat "$ENGINE_SRC/go.mod" "$ENGINE_SRC/go.sum"
    find "$ENGINE_SRC" -name '*.go' -type f | LC_ALL=C sort | xargs cat
    declare -f write_shims
  } | sha256sum | cut -d' ' -f1
}

# Shell shims the engine runs as plugins; they resolve the project's own
# @pulumi/pulumi from the current directory.
write_shims() {
  local dir="$1"
  # Dynamic providers (pulumi.dynamic.Resource): the engine starts the
  # "pulumi-nodejs" resource provider from the program's directory.
  cat >"$dir/pulumi-resource-pulumi-nodejs" <<'SHIM'
#!/bin/sh
# Dynamic-provider host for pulumi.dynamic.Resource, from the program's own @pulumi/pulumi.
script=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))") || exit 1
exec node "$script" "$@"
SHIM
  chmod +x "$dir/pulumi-resource-pulumi-nodejs"
}

engine_ready() {
  [[ -x "$BIN_DIR/pulumi" && -x "$BIN_DIR/pulumi-language-nodejs" && -f "$STAMP" ]] &&
    [[ "$(cat "$STAMP")" == "$(fingerprint)" ]]
}

# The CLI from its Go module and our Node.js host, plus the plugin shims.
compile_engine() {
  local go="$1" out="$2"
  local ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$CLI_VERSION"
  cd "$ENGINE_SRC" &&
    "$go" build -trimpath -ldflags "$ldflags" -o "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi &&
    "$go" build -trimpath -ldflags "$ldflags" -o "$out/pulumi-language-nodejs" ./nodehost &&
    write_shims "$out"
}

build_engine() {
  cached_go_build "pulumi $CLI_VERSION" "$ENGINE_DIR" "~5-10 min on 2 cores" engine_ready fingerprint compile_engine
}

# A real Pulumi of the SDK's version on PATH, with its Node.js host beside it or on PATH.
path_engine() {
  local p dir
  p="$(command -v pulumi || true)"
  [[ -n "$p" ]] || return 1
  dir="$(dirname "$p")"
  [[ "$dir" != "$BIN_DIR" ]] || return 1
  [[ -x "$dir/pulumi-language-nodejs" ]] || command -v pulumi-language-nodejs >/dev/null || return 1
  [[ "$("$p" version 2>/dev/null)" == "$SDK_VERSION" ]] || return 1
  echo "$dir"
}

ensure_engine() {
  if dir="$(path_engine)"; then echo "$dir"; return; fi
  cached_go_ensure engine_ready build_engine
}

cached_go_options ensure_engine "$@"

# Secrets: lab stacks (`local`, and any stack whose Pulumi.<stack>.yaml says
# dualstack:provider: local) hold no real secrets, so they get a fixed
# passphrase; every other stack must be given one by the user.
stack="${PULUMI_OPTION_STACK:-}" # the CLI reads --stack from this variable too
project_dir="$PWD"
config_file=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    -s | --stack) stack="${args[i + 1]:-}" ;;
    --stack=*) stack="${args[i]#--stack=}" ;;
    -s?*) stack="${args[i]#-s}" ;;
    -C | --cwd) project_dir="${args[i + 1]:-}" ;;
    --cwd=*) project_dir="${args[i]#--cwd=}" ;;
    --config-file) config_file="${args[i + 1]:-}" ;;
    --config-file=*) config_file="${args[i]#--config-file=}" ;;
  esac
done
# `pulumi stack init|select|rm local` names the stack positionally.
if [[ -z "$stack" && "${1:-}" == stack && "${2:-}" =~ ^(init|select|rm)$ ]]; then
  for a in "${@:3}"; do [[ "$a" == -* ]] || { stack="$a"; break; }; done
fi
# Pulumi.yaml and the stack's file are checked first: a YAML syntax error is
# reported with file, line and column (the CLI names neither), nothing runs.
provider=""
if [[ -f "$project_dir/Pulumi.yaml" ]]; then
  provider="$(node "$ROOT/scripts/lib/stack-file.js" "$project_dir" "$stack" ${config_file:+"$config_file"})" || exit 2
fi
if [[ ("${stack##*/}" == "local" || "$provider" == "local") && -z "${PULUMI_CONFIG_PASSPHRASE:-}" && -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]]; then
  export PULUMI_CONFIG_PASSPHRASE=dualstack-local-lab
fi

bin="$(ensure_engine)"
export PATH="$bin:$PATH"

# Never phone home, never download plugins behind the user's back: missing
# cloud provider plugins must fail fast instead of trying the network.
export PULUMI_SKIP_UPDATE_CHECK="${PULUMI_SKIP_UPDATE_CHECK:-true}"
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="${PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION:-true}"

# Backend: unless told otherwise or logged in, keep state in the repo (gitignored).
if [[ -z "${PULUMI_BACKEND_URL:-}" ]]; then
  creds="${PULUMI_HOME:-$HOME/.pulumi}/credentials.json"
  if ! { [[ -f "$creds" ]] && grep -Eq '"current"[[:space:]]*:[[:space:]]*"[^"]' "$creds"; }; then
    mkdir -p "$ROOT/.pulumi-state"
    export PULUMI_BACKEND_URL="file://$ROOT/.pulumi-state"
  fi
fi

# Run pulumi with stdout, stderr and stdin untouched (prompts and the live
# display need the terminal). To spot a missing cloud provider plugin
# afterwards, the engine also writes its events to a temp file: --event-log,
# set through its PULUMI_OPTION_* environment form, which preview, up,
# refresh, destroy and import accept only with PULUMI_DEBUG_COMMANDS on.
# A user's own --event-log wins; then there is simply no hint.
evlog="$(mktemp "${TMPDIR:-/tmp}/pulumi-engine.XXXXXX")"
trap 'rm -f "$evlog"' EXIT
status=0
PULUMI_DEBUG_COMMANDS="${PULUMI_DEBUG_COMMANDS:-true}" PULUMI_OPTION_EVENT_LOG="$evlog" pulumi "$@" || status=$?
if ((status != 0)) && grep -Eq "no resource plugin 'pulumi-resource-|install resource plugin 'pulumi-resource-" "$evlog"; then
  log "hint: the aws, azure and kubernetes stacks need cloud provider plugins" \
    "(pulumi plugin install resource aws ...) which cannot be downloaded on this machine;" \
    "the local, cloudscale and exoscale stacks need none"
  if grep -q "resource plugin 'pulumi-resource-kubernetes" "$evlog"; then
    log "hint: the kubernetes plugin is built here, from its Go module: scripts/kubernetes-provider.sh --ensure"
  fi
fi
exit "$status"
