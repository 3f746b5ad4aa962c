# shellcheck shell=bash
# Sourced by scripts that build Go binaries into a per-machine cache outside
# the repo (scripts/pulumi-engine.sh, scripts/validators/dockerd.sh,
# scripts/validators/actionlint.sh). The caller defines log and die, and
# BIN_DIR. Layout: <dir>/bin (the binaries), <dir>/stamp (the fingerprint
# they were built from), <dir>/build.log (the last build's go output),
# <dir>/build.seconds (how long it took, for the benches), <dir>/.lock.

# cached_go_build WHAT DIR HINT READY_FN FINGERPRINT_FN BUILD_FN
#   Builds unless READY_FN says the cache is current. BUILD_FN runs in a
#   subshell with GOFLAGS -mod=readonly and gets two arguments: the go binary
#   and a temporary directory to fill (errexit does not reach into it here,
#   so it must chain its steps with &&); only when it succeeds does that
#   directory replace <dir>/bin and FINGERPRINT_FN's output go to <dir>/stamp.
#   Go's output (module downloads, compiler errors) goes to <dir>/build.log;
#   its tail is shown when the build fails.
cached_go_build() {
  local what="$1" dir="$2" hint="$3" ready="$4" fingerprint="$5" build="$6"
  local go
  go="$(command -v go || true)"
  [[ -n "$go" ]] || go=/usr/local/go/bin/go
  [[ -x "$go" ]] || die "Go is needed to build $what (none on PATH or at /usr/local/go/bin/go)"

  mkdir -p "$dir"
  # One build at a time per cache; the loser of the race waits, then finds it built.
  exec 9>"$dir/.lock"
  flock 9
  if "$ready"; then exec 9>&-; return; fi

  log "building $what into $dir/bin (first run only, $hint; go output: $dir/build.log)"
  local start=$SECONDS tmp="$dir/bin.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  if ! (
    # -mod=readonly: build exactly what go.mod/go.sum pin, never edit them.
    export GOFLAGS="${GOFLAGS:-} -mod=readonly"
    "$build" "$go" "$tmp"
  ) >"$dir/build.log" 2>&1; then
    rm -rf "$tmp"
    tail -n 30 "$dir/build.log" >&2
    die "building $what failed after $((SECONDS - start))s (full go output: $dir/build.log)"
  fi
  rm -rf "${dir:?}/bin"
  mv "$tmp" "$dir/bin"
  "$fingerprint" >"$dir/stamp"
  echo "$((SECONDS - start))" >"$dir/build.seconds"
  log "built in $((SECONDS - start))s"
  exec 9>&-
}

# cached_go_ensure READY_FN BUILD_FN
#   Builds unless READY_FN says the cache is current, then prints BIN_DIR.
cached_go_ensure() {
  "$1" || "$2"
  echo "$BIN_DIR"
}

# cached_go_options ENSURE_FN ARGS...
#   The two forms every cached tool script takes, which exit here:
#     --bin-dir   print the cache bin dir, build nothing
#     --ensure    build if needed (ENSURE_FN), print the bin dir
#   Returns for any other arguments (the script then runs its tool).
cached_go_options() {
  local ensure="$1"
  case "${2:-}" in
    --bin-dir) echo "$BIN_DIR"; exit 0 ;;
    --ensure) "$ensure"; exit 0 ;;
  esac
}
