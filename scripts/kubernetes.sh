#!/usr/bin/env bash
# The upstream Kubernetes components and etcd the lab cluster runs
# (`runtime: kubernetes` on the local stack):
#
#   scripts/kubernetes.sh --ensure    build or locate them, print the directory they are in
#   scripts/kubernetes.sh --bin-dir   print the cache bin dir, build nothing
#
# kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy
# and kubectl come from k8s.io/kubernetes v1.37.2 through the wrapper module
# in scripts/kubernetes (its go.mod says why a wrapper); etcd from
# go.etcd.io/etcd/server/v3 v3.7.3 (Debian's etcd 3.4 lacks the watch progress
# requests the 1.37 apiserver uses), through scripts/kubernetes/etcd. One
# build per machine into a cache outside the repo: about 25 minutes on 2 cores
# the first time, at the lowest CPU priority; seconds after that.
#
# If every component is already on $PATH at exactly these versions, in one
# directory, that directory is used and nothing is built.
#
# Environment: DUALSTACK_CACHE (cache root, default ${XDG_CACHE_HOME:-~/.cache}/dualstack).
set -euo pipefail

KUBERNETES_VERSION=v1.37.2
ETCD_VERSION=v3.7.3
COMPONENTS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/scripts/kubernetes"
CACHE_ROOT="${DUALSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dualstack}"
DIR="$CACHE_ROOT/kubernetes/$KUBERNETES_VERSION"
BIN_DIR="$DIR/bin"
STAMP="$DIR/stamp"

log() { printf 'kubernetes: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source=scripts/lib/cached-go-build.sh
source "$ROOT/scripts/lib/cached-go-build.sh"

fingerprint() {
  {
    echo "$KUBERNETES_VERSION $ETCD_VERSION ${COMPONENTS[*]}"
    cat "$SRC/go.mod" "$SRC/go.sum" "$SRC/etcd/go.mod" "$SRC/etcd/go.sum"
    declare -f compile
  } | sha256sum | cut -d' ' -f1
}

ready() {
  [[ -f "$STAMP" && "$(cat "$STAMP")" == "$(fingerprint)" ]] || return 1
  local c
  for c in "${COMPONENTS[@]}" etcd; do [[ -x "$BIN_DIR/$c" ]] || return 1; done
}

# The version the components report (kubelet registers it on its Node, the
# apiserver serves it at /version): what hack/lib/version.sh would stamp.
version_ldflags() {
  local minor="${KUBERNETES_VERSION#v1.}"
  minor="${minor%%.*}"
  local pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    printf -- '-X %s.gitVersion=%s -X %s.gitMajor=1 -X %s.gitMinor=%s -X %s.gitTreeState=clean ' \
      "$pkg" "$KUBERNETES_VERSION" "$pkg" "$pkg" "$minor" "$pkg"
  done
}

# One `go build` for all six components (they share most of their packages),
# then etcd from its own module. CGO off: static binaries, as upstream ships them.
compile() {
  local go="$1" out="$2" pkgs=() c
  for c in "${COMPONENTS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  (cd "$SRC" && CGO_ENABLED=0 nice -n 19 "$go" build -trimpath \
    -ldflags "-s -w $(version_ldflags)" -o "$out/" "${pkgs[@]}") &&
    (cd "$SRC/etcd" && CGO_ENABLED=0 nice -n 19 "$go" build -trimpath -ldflags "-s -w" \
      -o "$out/etcd" go.etcd.io/etcd/server/v3)
}

# A directory on $PATH holding every component at the pinned versions.
on_path() {
  local dir c
  dir="$(dirname "$(command -v kube-apiserver 2>/dev/null || echo /nonexistent/x)")"
  for c in "${COMPONENTS[@]}"; do
    [[ -x "$dir/$c" ]] || return 1
  done
  [[ -x "$dir/etcd" ]] || return 1
  "$dir/kube-apiserver" --version 2>/dev/null | grep -qx "Kubernetes $KUBERNETES_VERSION" || return 1
  "$dir/kubelet" --version 2>/dev/null | grep -qx "Kubernetes $KUBERNETES_VERSION" || return 1
  "$dir/etcd" --version 2>/dev/null | grep -q "^etcd Version: ${ETCD_VERSION#v}$" || return 1
  echo "$dir"
}

ensure() {
  on_path && return
  ready || cached_go_build "Kubernetes $KUBERNETES_VERSION and etcd $ETCD_VERSION" "$DIR" \
    "~25 min on 2 cores" ready fingerprint compile
  echo "$BIN_DIR"
}

cached_go_options ensure "$@"
die "usage: $0 --ensure | --bin-dir"
